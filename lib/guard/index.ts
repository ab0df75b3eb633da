// `shipshape/guard`: what `kubectl apply` of a new output would be refused, lose or break, against a baseline.
export type { GuardFinding, GuardObjectRef, GuardOptions, GuardRuleId, GuardSeverity } from './types';
export { GUARD_RULES } from './catalog';
export type { GuardRuleInfo } from './catalog';
export { guardChanges, guardHasErrors, sortGuardFindings } from './compare';
export { loadDirectoryGuardBaseline, loadGitGuardBaseline, loadGuardBaseline } from './baseline';
export type { GitGuardBaselineOptions, GuardBaseline, GuardBaselineOrigin } from './baseline';
export { formatGuardReport, guardReportJson } from './report';
export type { GuardJsonReport, GuardReportInput } from './report';
export { DEFAULT_MAX_FILE_BYTES, loadManifests, MAX_ALIAS_EXPANSION, parseManifests } from '../manifests/yaml';
export type { LoadOptions } from '../manifests/yaml';
export { appManifests } from '../manifests/from-app';
export type { Manifest, ManifestInput, SourcedManifest } from '../manifests/manifest';
