import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { fail } from './errors';
import { requireQuantity } from './quantity';
import { requireDnsSubdomain, requireOneOf } from './validate';

/** How a volume may be attached. */
export type VolumeAccessMode = 'ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadOnlyMany' | 'ReadWriteMany';

/** Every access mode Kubernetes knows. */
export const VOLUME_ACCESS_MODES: readonly VolumeAccessMode[] = ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'];

/** What a PersistentVolumeClaim asks for. */
export interface ClaimRequest {
  /** The size, a quantity such as '10Gi'. */
  readonly size: unknown;
  /** The StorageClass; left out, the cluster's default class provisions the volume. */
  readonly storageClassName?: unknown;
  /** How the volume may be attached. */
  readonly accessModes: readonly unknown[];
}

/**
 * Validates a claim request and renders the PersistentVolumeClaim spec, for StatefulSet
 * volumeClaimTemplates and standalone claims alike. `prop` prefixes the names in errors.
 */
export function claimSpec(scope: IConstruct, prop: string, request: ClaimRequest): k8s.PersistentVolumeClaimSpec {
  const at = (field: string): string => (prop ? `${prop}.${field}` : field);
  requireQuantity(scope, at('size'), request.size);
  const size = request.size as string;
  const storageClassName = request.storageClassName === undefined ? undefined : requireDnsSubdomain(scope, at('storageClassName'), request.storageClassName);
  const modes = request.accessModes;
  if (!Array.isArray(modes) || modes.length === 0) fail(scope, at('accessModes'), 'a non-empty list of access modes', modes);
  const accessModes = modes.map((mode, i) => requireOneOf(scope, `${at('accessModes')}[${i}]`, mode, VOLUME_ACCESS_MODES));
  if (accessModes.includes('ReadWriteOncePod') && accessModes.length > 1) {
    fail(scope, at('accessModes'), '\'ReadWriteOncePod\' alone (Kubernetes does not combine it with other modes)', accessModes);
  }
  return {
    accessModes,
    ...(storageClassName !== undefined ? { storageClassName } : {}),
    resources: { requests: { storage: k8s.Quantity.fromString(size) } },
  };
}
