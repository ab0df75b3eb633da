export * from './types';
export { GUARD_RULES } from './catalog';
export type { GuardRuleInfo } from './catalog';
export { guardChanges, hasErrors, sortFindings } from './compare';
export { loadBaseline, loadDirectoryBaseline, loadGitBaseline } from './baseline';
export type { Baseline, BaselineOrigin, GitBaselineOptions } from './baseline';
export { jsonReport, textReport } from './report';
export type { GuardJsonReport, GuardReportInput } from './report';
