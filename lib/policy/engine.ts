import { App } from 'cdk8s';
import { appManifests } from '../manifests/from-app';
import { Entry, ObjectIndex } from './context';
import { POD_SECURITY_CONTROLS, podSecurityFindings } from './pss';
import { Rule } from './rule';
import { AUTOSCALING_RULES } from './rules/autoscaling';
import { AVAILABILITY_RULES } from './rules/availability';
import { BATCH_NETWORK_RULES } from './rules/batch-network';
import { CONTAINER_RULES } from './rules/containers';
import { METADATA_RULES } from './rules/metadata';
import { OBJECT_RULES } from './rules/objects';
import { RBAC_RULES } from './rules/rbac';
import { ROUTING_RULES } from './rules/routing';
import { SCHEMA_RULES } from './rules/schema';
import { SECRET_RULES } from './rules/secrets';
import { SELECTOR_RULES } from './rules/selectors';
import { SUPPRESS_ANNOTATION } from '../kube/vocabulary';
import { Finding, RuleInfo } from './types';
import { ManifestInput, toSourced } from '../manifests/manifest';
import { PodSecurityLevel } from '../kube/pod-security';

/** Options of a policy check. */
export interface CheckOptions {
  /**
   * Profile that pods must pass when their Namespace is not in the checked set or has no
   * `pod-security.kubernetes.io/enforce` label.
   * @default 'restricted'
   */
  readonly defaultPodSecurityLevel?: PodSecurityLevel;
  /**
   * Rule IDs not to run at all (for every object; prefer per-object suppression with a reason).
   * @default - none
   */
  readonly disabledRules?: readonly string[];
}

/** The outcome of a policy check. */
export interface PolicyReport {
  /** Findings that count, ordered by object then rule. */
  readonly findings: readonly Finding[];
  /** Findings that objects suppressed, each with its `suppressedReason`. */
  readonly suppressed: readonly Finding[];
  /** Number of error findings (not suppressed); non-zero means the check failed. */
  readonly errors: number;
  /** Number of warning findings (not suppressed). */
  readonly warnings: number;
  /** Number of objects checked. */
  readonly objects: number;
}

const suppressInvalid: RuleInfo = {
  id: 'suppress-invalid', severity: 'error', sources: ['Shipshape'],
  title: `Every ${SUPPRESS_ANNOTATION} entry names a known rule and gives a reason`,
  rationale: 'A suppression is a reviewed exception; without a reason nobody can review it.',
  fix: `Write the annotation as "rule-id: why; other-rule: why".`,
};

const BEST_PRACTICE_RULES: readonly Rule[] = [
  ...CONTAINER_RULES, ...SELECTOR_RULES, ...ROUTING_RULES, ...AVAILABILITY_RULES, ...AUTOSCALING_RULES, ...BATCH_NETWORK_RULES, ...SECRET_RULES, ...RBAC_RULES, ...METADATA_RULES, ...OBJECT_RULES, ...SCHEMA_RULES,
];

/** Metadata of every rule the engine runs: PSS controls first, then best practices, then suppression hygiene. */
export const RULES: readonly RuleInfo[] = [
  ...POD_SECURITY_CONTROLS.map(({ id, severity, title, rationale, fix, sources }) => ({ id, severity, title, rationale, fix, sources })),
  ...BEST_PRACTICE_RULES.map(({ id, severity, title, rationale, fix, sources }) => ({ id, severity, title, rationale, fix, sources })),
  suppressInvalid,
];

const RULE_ORDER = new Map(RULES.map((r, i) => [r.id, i]));

/** Whether an ID names a rule of the engine. */
export function isKnownRule(id: string): boolean {
  return RULE_ORDER.has(id);
}

function finding(entry: Entry, rule: RuleInfo, message: string, fields?: readonly string[]): Finding {
  return {
    ruleId: rule.id,
    severity: rule.severity,
    message,
    kind: entry.manifest.kind,
    namespace: entry.manifest.metadata?.namespace,
    name: entry.manifest.metadata?.name,
    constructPath: entry.source.constructPath,
    file: entry.source.file,
    fields: fields && fields.length > 0 ? fields : undefined,
  };
}

/**
 * Checks plain manifest objects (from synth, from YAML files, from anywhere) against every rule:
 * Pod Security Standards at each namespace's profile, then the best-practice rules. A pure
 * function: it reads nothing but its input and never throws on odd objects.
 *
 * @param inputs bare manifests, or manifests with their file or construct path
 */
export function checkManifests(inputs: readonly ManifestInput[], options: CheckOptions = {}): PolicyReport {
  const index = new ObjectIndex(toSourced(inputs));
  const disabled = new Set(options.disabledRules ?? []);
  const collected: { entry: number; finding: Finding }[] = [];
  const add = (entry: Entry, f: Finding): void => {
    if (!disabled.has(f.ruleId)) collected.push({ entry: entry.position, finding: f });
  };

  const levels = new Map<string, PodSecurityLevel>();
  for (const w of index.workloads) {
    let level = levels.get(w.namespace);
    if (level === undefined) {
      level = index.podSecurityLevel(w.namespace) ?? options.defaultPodSecurityLevel ?? 'restricted';
      levels.set(w.namespace, level);
    }
    for (const f of podSecurityFindings(w.source, level, w.pod)) add(w, f);
  }
  for (const rule of BEST_PRACTICE_RULES) {
    if (disabled.has(rule.id)) continue;
    rule.check(index, (entry, message, fields) => add(entry, finding(entry, rule, message, fields)));
  }
  for (const entry of index.all) {
    if (entry.suppressions.reasons.size === 0 && entry.suppressions.problems.length === 0) continue;
    const problems = [...entry.suppressions.problems,
      ...[...entry.suppressions.reasons.keys()].filter((id) => !isKnownRule(id)).map((id) => `suppression of unknown rule ${id}`)];
    if (problems.length > 0) add(entry, finding(entry, suppressInvalid, problems.join('; '), [`metadata.annotations.${SUPPRESS_ANNOTATION}`]));
  }

  collected.sort((a, b) => a.entry - b.entry || (RULE_ORDER.get(a.finding.ruleId) ?? 0) - (RULE_ORDER.get(b.finding.ruleId) ?? 0));
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const { entry, finding: f } of collected) {
    // suppress-invalid can't be suppressed: that would hide the missing reason itself.
    const reason = f.ruleId === suppressInvalid.id ? undefined : index.all[entry].suppressions.reasons.get(f.ruleId);
    if (reason !== undefined) suppressed.push({ ...f, suppressedReason: reason });
    else findings.push(f);
  }
  return {
    findings,
    suppressed,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    objects: index.all.length,
  };
}

/**
 * Synthesizes a cdk8s App in memory (nothing is written) and checks its objects; findings carry
 * construct paths.
 */
export function checkApp(app: App, options: CheckOptions = {}): PolicyReport {
  return checkManifests(appManifests(app), options);
}
