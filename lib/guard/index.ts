export * from './types';
export { GUARD_RULES } from './catalog';
export type { GuardRuleInfo } from './catalog';
export { guardChanges, guardHasErrors, sortGuardFindings } from './compare';
export { loadGuardBaseline, loadDirectoryGuardBaseline, loadGitGuardBaseline } from './baseline';
export type { GuardBaseline, GuardBaselineOrigin, GitGuardBaselineOptions } from './baseline';
export { guardReportJson, formatGuardReport } from './report';
export type { GuardJsonReport, GuardReportInput } from './report';
