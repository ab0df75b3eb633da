import { GuardContext, ObjectPair } from '../context';
import { canonicalText, fieldAt, sameValue } from '../diff';
import { serviceSelectorMatches } from '../../manifests/selectors';

function primaryClusterIP(manifest: unknown): { value?: string; path: string } {
  const ip = fieldAt(manifest, 'spec', 'clusterIP');
  if (typeof ip === 'string' && ip !== '') return { value: ip, path: 'spec.clusterIP' };
  const first = fieldAt(manifest, 'spec', 'clusterIPs', 0);
  if (typeof first === 'string' && first !== '') return { value: first, path: 'spec.clusterIPs[0]' };
  return { path: 'spec.clusterIP' };
}

/**
 * clusterIP (and the primary of clusterIPs) cannot change once the Service exists. If the baseline
 * left it empty, the cluster allocated one, so any explicit value (such as `None`) is a change. If
 * the new output leaves it empty, the API server keeps the allocated value: not an error.
 */
export function checkClusterIP(ctx: GuardContext, pair: ObjectPair): void {
  const typeBefore = fieldAt(pair.before.manifest, 'spec', 'type') ?? 'ClusterIP';
  const typeAfter = fieldAt(pair.after.manifest, 'spec', 'type') ?? 'ClusterIP';
  if (typeBefore === 'ExternalName' || typeAfter === 'ExternalName') return;
  const before = primaryClusterIP(pair.before.manifest);
  const after = primaryClusterIP(pair.after.manifest);
  if (after.value === undefined || before.value === after.value) return;
  ctx.reportChange(pair, {
    rule: 'service-cluster-ip', path: after.path, before: before.value ?? '(allocated by the cluster)', after: after.value,
    message: before.value === undefined
      ? 'Service clusterIP set after creation: the cluster already allocated one, and it cannot change'
      : 'Service clusterIP changed: the API server rejects the update (field is immutable)',
  });
}

/**
 * A selector change is safe when the new selector picks exactly the workloads the old one picked
 * and still matches their running (baseline) pods, so traffic never lands on an empty Service.
 */
export function checkServiceSelector(ctx: GuardContext, pair: ObjectPair): void {
  const before = fieldAt(pair.before.manifest, 'spec', 'selector') as Record<string, string> | undefined;
  const after = fieldAt(pair.after.manifest, 'spec', 'selector') as Record<string, string> | undefined;
  // An ExternalName Service sends clients elsewhere on purpose; it has no pods to match.
  if (sameValue(before, after) || fieldAt(pair.after.manifest, 'spec', 'type') === 'ExternalName') return;
  const ns = pair.before.manifest.metadata?.namespace ?? '';
  const oldOwners = ctx.podOwners('baseline', ns).filter((owner) => serviceSelectorMatches(before, owner.labels));
  const newOwners = ctx.podOwners('next', ns).filter((owner) => serviceSelectorMatches(after, owner.labels));
  const newKeys = new Set(newOwners.map((owner) => owner.key));
  const sameWorkloads = oldOwners.length > 0 && oldOwners.length === newKeys.size
    && oldOwners.every((owner) => newKeys.has(owner.key) && serviceSelectorMatches(after, owner.labels));
  if (sameWorkloads) return;
  const running = oldOwners.length === 0
    ? 'no workload in the output matched the old selector, so the guard cannot prove the same pods stay selected'
    : newOwners.length === 0
      ? 'the new selector matches no workload in the output'
      : 'the new selector does not match the same workloads, or not their running pods, so traffic shifts or drops during the rollout';
  ctx.reportChange(pair, {
    rule: 'service-selector-unmatched', path: 'spec.selector', before: canonicalText(before), after: canonicalText(after),
    message: `Service selector changed: ${running}`,
  });
}
