import { GuardContext, groupKind, ObjectPair } from './context';
import { resolveDefaultNamespace } from './identity';
import { checkScaleDownClaims } from './rules/claims';
import { checkImmutableData, checkRoleRef, checkSecretType } from './rules/config';
import { reportDuplicates } from './rules/duplicates';
import { checkJobSpec, checkJobTemplate } from './rules/jobs';
import { removalCheck } from './rules/removals';
import { checkServiceSelectorWithReplicas } from './rules/replication';
import { checkClusterIP, checkIpFamilies } from './rules/service';
import { checkPersistentVolume, checkPersistentVolumeClaim } from './rules/storage';
import {
  checkDeploymentStrategy, checkReplicas, checkRetentionPolicy, checkSelector, checkStatefulSetIdentity, checkVolumeClaimTemplates,
} from './rules/workloads';
import { GuardFinding, GuardOptions } from './types';
import { ManifestInput, toSourced } from '../manifests/manifest';

type Check = (ctx: GuardContext, pair: ObjectPair) => void;

// Checks for objects present on both sides, by `group/Kind`. A CronJob has none on purpose: its
// jobTemplate only shapes Jobs created later, so every change to it is accepted.
const CHECKS: Readonly<Record<string, readonly Check[]>> = {
  'apps/Deployment': [checkSelector, checkDeploymentStrategy, checkReplicas],
  'apps/ReplicaSet': [checkSelector, checkReplicas],
  'apps/DaemonSet': [checkSelector],
  'apps/StatefulSet': [checkSelector, checkVolumeClaimTemplates, checkStatefulSetIdentity, checkRetentionPolicy, checkScaleDownClaims, checkReplicas],
  'batch/Job': [checkSelector, checkJobTemplate, checkJobSpec],
  '/Service': [checkClusterIP, checkIpFamilies, checkServiceSelectorWithReplicas],
  '/PersistentVolumeClaim': [checkPersistentVolumeClaim],
  '/PersistentVolume': [checkPersistentVolume],
  '/ConfigMap': [checkImmutableData],
  '/Secret': [checkImmutableData, checkSecretType],
  'rbac.authorization.k8s.io/RoleBinding': [checkRoleRef],
  'rbac.authorization.k8s.io/ClusterRoleBinding': [checkRoleRef],
};

const SEVERITY_ORDER = { error: 0, warning: 1 } as const;

function objectOrder(finding: GuardFinding): string {
  const o = finding.object;
  return `${o.namespace ?? ''}\u0000${o.kind}\u0000${o.name}`;
}

/** Findings in report order: errors first, then by namespace, kind, name and path. */
export function sortGuardFindings(findings: readonly GuardFinding[]): GuardFinding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
    || objectOrder(a).localeCompare(objectOrder(b))
    || a.path.localeCompare(b.path)
    || a.rule.localeCompare(b.rule));
}

/**
 * Compares a baseline (what is running, or was last released) with the new output and returns what
 * `kubectl apply` would be refused (immutable fields), what would lose data, and what would hurt
 * availability. Objects are matched by API group, kind, namespace and name, an object without a
 * namespace living in `options.defaultNamespace`; the comparison is semantic (key order,
 * absent-vs-empty, defaults and quantity spellings do not count as changes). Objects that occur
 * more than once on a side are reported. Runs in time linear in the number of objects.
 * Throws when `options.defaultNamespace` is not a namespace name.
 */
export function guardChanges(
  baseline: readonly ManifestInput[],
  next: readonly ManifestInput[],
  options: GuardOptions = {},
): GuardFinding[] {
  const ctx = new GuardContext(toSourced(baseline), toSourced(next), resolveDefaultNamespace(options.defaultNamespace));
  reportDuplicates(ctx);
  for (const [key, before] of ctx.baseline) {
    const gk = groupKind(before.manifest);
    const after = ctx.next.get(key);
    if (!after) {
      removalCheck(gk)?.(ctx, before);
      continue;
    }
    for (const check of CHECKS[gk] ?? []) check(ctx, { before, after });
  }
  return sortGuardFindings(ctx.findings);
}

/** True when any finding is an error (the guard then fails). */
export function guardHasErrors(findings: readonly GuardFinding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}
