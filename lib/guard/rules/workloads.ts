import { GUARD_RULES } from '../catalog';
import { GuardContext, ObjectPair, specField } from '../context';
import { diffValues, isStorageRequest, quantityValue } from '../diff';
import { GuardRuleId } from '../types';

const STS_REMEDY = GUARD_RULES['statefulset-volume-claim-templates'].remedy;

/** spec.selector of Deployments, ReplicaSets, DaemonSets, StatefulSets and Jobs cannot change. */
export function checkSelector(ctx: GuardContext, pair: ObjectPair): void {
  const kind = pair.before.manifest.kind;
  const remedy = kind === 'StatefulSet' ? STS_REMEDY : undefined;
  for (const change of diffValues(specField(pair, 'before', 'selector'), specField(pair, 'after', 'selector'), 'spec.selector', ['spec', 'selector'])) {
    ctx.reportChange(pair, {
      rule: 'immutable-selector', path: change.path, before: change.before, after: change.after, remedy,
      message: `${kind} selector changed: the API server rejects the update (field is immutable)`,
    });
  }
}

/** Any change to spec.volumeClaimTemplates is rejected; shrinking or changing the class is also a data-loss risk. */
export function checkVolumeClaimTemplates(ctx: GuardContext, pair: ObjectPair): void {
  const changes = diffValues(specField(pair, 'before', 'volumeClaimTemplates'), specField(pair, 'after', 'volumeClaimTemplates'),
    'spec.volumeClaimTemplates', ['spec', 'volumeClaimTemplates']);
  for (const change of changes) {
    const oldSize = quantityValue(change.before);
    const newSize = quantityValue(change.after);
    let rule: GuardRuleId = 'statefulset-volume-claim-templates';
    let message = 'volume claim template changed: the API server rejects the update, and existing PVCs would not follow it anyway';
    if (isStorageRequest(change.keys) && oldSize !== undefined && newSize !== undefined && newSize < oldSize) {
      rule = 'pvc-storage-decrease';
      message = 'volume claim template storage decreased: the template is immutable and existing volumes cannot shrink';
    } else if (change.keys[change.keys.length - 1] === 'storageClassName' && change.keys[change.keys.length - 2] === 'spec') {
      rule = 'storage-class-changed';
      message = 'volume claim template storageClassName changed: the template is immutable and existing volumes stay in their class';
    }
    ctx.reportChange(pair, { rule, path: change.path, before: change.before, after: change.after, message, remedy: STS_REMEDY });
  }
}

/** serviceName and podManagementPolicy are fixed at creation. */
export function checkStatefulSetIdentity(ctx: GuardContext, pair: ObjectPair): void {
  const fields: [string, GuardRuleId, string][] = [
    ['serviceName', 'statefulset-service-name', ''],
    ['podManagementPolicy', 'statefulset-pod-management-policy', 'OrderedReady'],
  ];
  for (const [field, rule, fallback] of fields) {
    const before = specField(pair, 'before', field) ?? fallback;
    const after = specField(pair, 'after', field) ?? fallback;
    if (before !== after) {
      ctx.reportChange(pair, {
        rule, path: `spec.${field}`, before: before === '' ? undefined : before, after: after === '' ? undefined : after,
        message: `StatefulSet ${field} changed: the API server rejects the update (field is immutable)`,
      });
    }
  }
}

/** Switching PVC retention to Delete makes a later delete or scale-down destroy volumes. */
export function checkRetentionPolicy(ctx: GuardContext, pair: ObjectPair): void {
  for (const field of ['whenDeleted', 'whenScaled']) {
    const before = specField(pair, 'before', 'persistentVolumeClaimRetentionPolicy', field) ?? 'Retain';
    const after = specField(pair, 'after', 'persistentVolumeClaimRetentionPolicy', field) ?? 'Retain';
    if (before !== 'Delete' && after === 'Delete') {
      ctx.reportChange(pair, {
        rule: 'pvc-retention-delete', path: `spec.persistentVolumeClaimRetentionPolicy.${field}`, before, after,
        message: field === 'whenDeleted'
          ? 'PVCs would be deleted together with the StatefulSet'
          : 'PVCs of removed replicas would be deleted on scale-down',
      });
    }
  }
}

/** Recreate stops every pod before starting new ones. */
export function checkDeploymentStrategy(ctx: GuardContext, pair: ObjectPair): void {
  const before = specField(pair, 'before', 'strategy', 'type') ?? 'RollingUpdate';
  const after = specField(pair, 'after', 'strategy', 'type') ?? 'RollingUpdate';
  if (before !== 'Recreate' && after === 'Recreate') {
    ctx.reportChange(pair, {
      rule: 'deployment-recreate', path: 'spec.strategy.type', before, after,
      message: 'every pod is stopped before the new version starts: downtime on each rollout',
    });
  }
}

/** From 2 or more replicas to fewer; a missing field means 1 unless an autoscaler owns the count. */
export function checkReplicas(ctx: GuardContext, pair: ObjectPair): void {
  const rawBefore = specField(pair, 'before', 'replicas');
  const rawAfter = specField(pair, 'after', 'replicas');
  const before = typeof rawBefore === 'number' ? rawBefore : 1;
  if (rawAfter === undefined && ctx.isAutoscaled(pair.after.manifest)) return;
  const after = typeof rawAfter === 'number' ? rawAfter : 1;
  if (before >= 2 && after < 2) {
    ctx.reportChange(pair, {
      rule: 'replicas-below-two', path: 'spec.replicas', before, after: rawAfter ?? '(absent: 1)',
      message: `${pair.before.manifest.kind} drops to ${after} replica${after === 1 ? '' : 's'}: a single eviction or node failure is an outage`,
    });
  }
}
