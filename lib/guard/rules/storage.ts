import { GuardContext, ObjectPair } from '../context';
import { diffValues, fieldAt, isStorageRequest, quantityValue } from '../diff';

// Spec fields the cluster fills in when a claim leaves them out: the bound volume, and the default
// StorageClass (set at creation by the DefaultStorageClass admission plugin, or later by the
// retroactive assignment). Writing one later is accepted only if it matches what the cluster set;
// an empty class ("no class") never matches.
const CLUSTER_ASSIGNED = new Set(['spec.volumeName', 'spec.storageClassName']);

/** A claim spec as the API server stores it: volumeMode defaults to Filesystem. */
function storedClaimSpec(manifest: unknown): unknown {
  const spec = fieldAt(manifest, 'spec');
  if (!spec || typeof spec !== 'object') return spec;
  return { volumeMode: 'Filesystem', ...spec };
}

/**
 * A PVC spec is frozen at creation, except that a bound claim may grow (never shrink) its storage
 * request and change its volumeAttributesClassName.
 */
export function checkPersistentVolumeClaim(ctx: GuardContext, pair: ObjectPair): void {
  const changes = diffValues(storedClaimSpec(pair.before.manifest), storedClaimSpec(pair.after.manifest), 'spec', ['spec']);
  for (const change of changes) {
    const { keys, path, before, after } = change;
    if (path === 'spec.volumeAttributesClassName') continue;
    if (CLUSTER_ASSIGNED.has(path) && before === undefined && after !== undefined && after !== '') {
      ctx.reportChange(pair, {
        rule: 'cluster-assigned-field', path, before: '(set by the cluster)', after,
        message: path === 'spec.volumeName'
          ? `PVC volumeName pinned to ${String(after)}: the API server accepts it only if the claim is bound to that volume (the spec is immutable)`
          : `PVC storageClassName set to ${String(after)}: the API server accepts it only if the cluster gave the claim this class (its default class) or none`,
      });
      continue;
    }
    if (isStorageRequest(keys)) {
      const oldSize = quantityValue(before);
      const newSize = quantityValue(after);
      if (oldSize !== undefined && newSize !== undefined) {
        if (newSize > oldSize) continue;
        ctx.reportChange(pair, {
          rule: 'pvc-storage-decrease', path, before, after,
          message: 'PVC storage request decreased: volumes cannot shrink and the API server rejects it',
        });
        continue;
      }
    }
    if (path === 'spec.storageClassName') {
      ctx.reportChange(pair, {
        rule: 'storage-class-changed', path, before, after,
        message: 'PVC storageClassName changed: the API server rejects it and the bound volume stays in its class',
      });
      continue;
    }
    ctx.reportChange(pair, {
      rule: 'pvc-spec', path, before, after,
      message: 'PVC spec changed: the API server rejects the update (spec is immutable after creation)',
    });
  }
}

// Everything in a PersistentVolume spec that is not one of these is part of its (inline) volume source.
const PV_NON_SOURCE = new Set([
  'accessModes', 'capacity', 'claimRef', 'mountOptions', 'nodeAffinity', 'persistentVolumeReclaimPolicy',
  'storageClassName', 'volumeMode', 'volumeAttributesClassName',
]);

function volumeSource(manifest: unknown): Record<string, unknown> {
  const spec = fieldAt(manifest, 'spec');
  const source: Record<string, unknown> = {};
  if (spec && typeof spec === 'object') {
    for (const [key, value] of Object.entries(spec)) if (!PV_NON_SOURCE.has(key)) source[key] = value;
  }
  return source;
}

/** A PV's volume source (nfs, csi, hostPath, …) is fixed; its storage class is a data-loss concern. */
export function checkPersistentVolume(ctx: GuardContext, pair: ObjectPair): void {
  for (const change of diffValues(volumeSource(pair.before.manifest), volumeSource(pair.after.manifest), 'spec', ['spec'])) {
    ctx.reportChange(pair, {
      rule: 'pv-source', path: change.path, before: change.before, after: change.after,
      message: 'PersistentVolume source changed: the API server rejects it (spec.persistentvolumesource is immutable)',
    });
  }
  const before = fieldAt(pair.before.manifest, 'spec', 'storageClassName');
  const after = fieldAt(pair.after.manifest, 'spec', 'storageClassName');
  if (before !== after) {
    ctx.reportChange(pair, {
      rule: 'storage-class-changed', path: 'spec.storageClassName', before, after,
      message: 'PersistentVolume storageClassName changed: claims of the old class no longer bind to it',
    });
  }
}
