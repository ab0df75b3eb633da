// `shipshape/policy`: the policy check over plain manifests, from YAML files or an App.
export { checkApp, checkManifests, isKnownRule, RULES } from './engine';
export type { CheckOptions, PolicyReport } from './engine';
export type { Finding, RuleInfo, RuleSource, Severity } from './types';
export { checkPodSecurity, requiredPodSecurityLevel } from './pss';
export { POD_SECURITY_CONTROLS } from './pss-controls';
export type { ControlViolation, PodSecurityControl } from './pss-controls';
export { describeFindingTarget, formatReport, reportJson, summaryLine } from './report';
export { parseSuppressions } from '../kube/suppressions';
export type { Suppressions } from '../kube/suppressions';
export { addPolicyCheck, suppressRule } from './constructs';
export { ShipshapeValidation } from './plugin';
export type { ShipshapeValidationProps } from './plugin';
export { HOST_ACCESS_ANNOTATION, SUPPRESS_ANNOTATION } from '../kube/vocabulary';
export type { PodSecurityLevel } from '../kube/pod-security';
export { DEFAULT_MAX_FILE_BYTES, loadManifests, MAX_ALIAS_EXPANSION, parseManifests } from '../manifests/yaml';
export type { LoadOptions } from '../manifests/yaml';
export { appManifests } from '../manifests/from-app';
export type { Manifest, ManifestInput, SourcedManifest } from '../manifests/manifest';
