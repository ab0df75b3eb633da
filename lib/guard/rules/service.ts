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

const REJECTS_HEADLESS = new Set(['NodePort', 'LoadBalancer']);

function serviceType(manifest: unknown): unknown {
  return fieldAt(manifest, 'spec', 'type') ?? 'ClusterIP';
}

/**
 * clusterIP (and the primary of clusterIPs) cannot change once the Service exists; a change to or
 * from type ExternalName is the exception. When the new output leaves it empty, the API server
 * carries the stored value over: an allocated IP stays (fine), and so does `None` (the Service
 * stays headless, whatever the manifest now says). When the baseline left it empty, the cluster
 * allocated one: `None` is then a change, and a specific address is accepted only if it is the
 * allocated one, which the manifests cannot tell.
 */
export function checkClusterIP(ctx: GuardContext, pair: ObjectPair): void {
  const typeBefore = serviceType(pair.before.manifest);
  const typeAfter = serviceType(pair.after.manifest);
  if (typeBefore === 'ExternalName' || typeAfter === 'ExternalName') return;
  const before = primaryClusterIP(pair.before.manifest);
  const after = primaryClusterIP(pair.after.manifest);
  if (before.value === after.value) return;
  if (after.value === undefined) {
    if (before.value !== 'None') return;
    if (REJECTS_HEADLESS.has(typeAfter as string)) {
      ctx.reportChange(pair, {
        rule: 'service-cluster-ip', path: before.path, before: 'None', after: `(absent: stays None) with type ${typeAfter as string}`,
        message: `Service clusterIP: None removed while switching to type ${typeAfter as string}: the API server keeps None, which a ${typeAfter as string} Service cannot have, and rejects the update`,
      });
      return;
    }
    ctx.reportChange(pair, {
      rule: 'service-stays-headless', path: before.path, before: 'None', after: '(absent: stays None)',
      message: 'Service clusterIP: None removed: the API server keeps None (clusterIP is immutable), so the Service stays headless and gets no cluster IP',
    });
    return;
  }
  if (before.value === undefined && after.value !== 'None') {
    ctx.reportChange(pair, {
      rule: 'cluster-assigned-field', path: after.path, before: '(allocated by the cluster)', after: after.value,
      message: `Service clusterIP pinned to ${after.value}: the API server accepts it only if that is the address it allocated when the Service was created (clusterIP is immutable)`,
    });
    return;
  }
  ctx.reportChange(pair, {
    rule: 'service-cluster-ip', path: after.path, before: before.value ?? '(allocated by the cluster)', after: after.value,
    message: before.value === undefined
      ? 'Service made headless (clusterIP: None) after creation: the cluster already allocated an IP, and clusterIP cannot change'
      : 'Service clusterIP changed: the API server rejects the update (field is immutable)',
  });
}

function familyOfAddress(ip: string | undefined): string | undefined {
  if (ip === undefined || ip === 'None') return undefined;
  return ip.includes(':') ? 'IPv6' : 'IPv4';
}

/** The primary IP family: the first of ipFamilies, else the family of an explicit cluster IP. */
function primaryFamily(manifest: unknown): string | undefined {
  const first = fieldAt(manifest, 'spec', 'ipFamilies', 0);
  return typeof first === 'string' ? first : familyOfAddress(primaryClusterIP(manifest).value);
}

/**
 * ipFamilies may gain or lose a secondary family (a dual-stack upgrade or downgrade), but its
 * first entry, the primary family, is fixed. When the baseline names no family, the cluster chose
 * one at creation (its default), which the manifests cannot tell.
 */
export function checkIpFamilies(ctx: GuardContext, pair: ObjectPair): void {
  if (serviceType(pair.before.manifest) === 'ExternalName' || serviceType(pair.after.manifest) === 'ExternalName') return;
  const written = fieldAt(pair.after.manifest, 'spec', 'ipFamilies', 0);
  if (typeof written !== 'string') return;
  const before = primaryFamily(pair.before.manifest);
  if (before === written) return;
  if (before === undefined) {
    ctx.reportChange(pair, {
      rule: 'cluster-assigned-field', path: 'spec.ipFamilies[0]', before: '(chosen by the cluster)', after: written,
      message: `Service primary IP family set to ${written}: the API server accepts it only if that is the family the cluster chose when the Service was created`,
    });
    return;
  }
  ctx.reportChange(pair, {
    rule: 'service-ip-family', path: 'spec.ipFamilies[0]', before, after: written,
    message: 'Service primary IP family changed: the API server rejects the update (a secondary family may be added or removed, the primary never changes)',
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
