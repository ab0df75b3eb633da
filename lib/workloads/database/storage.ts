import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { fail } from '../../core/errors';
import { requireQuantity } from '../../core/quantity';
import { VolumeAccessMode, claimSpec } from '../../core/storage';
import { PropsTable, defineProps, optional, required, text, texts } from '../../core/props';
import { requireAbsolutePath, requireDnsLabel, requireOneOf } from '../../core/validate';


/**
 * A volume every member of the set gets for itself: the StatefulSet turns it into one
 * PersistentVolumeClaim per pod, named `<claim>-<database name>-<ordinal>`.
 *
 * Kubernetes does not allow changing a StatefulSet's volumeClaimTemplates after creation: not the
 * size, not the storage class, not the access modes. To grow a volume, resize each existing
 * PVC (where the storage class allows expansion), then delete the StatefulSet with
 * `--cascade=orphan` and apply the new size.
 */
export interface StorageProps {
  /**
   * The size each pod's volume requests, a Kubernetes quantity such as '10Gi'. Immutable in the
   * StatefulSet (see above).
   * @default '8Gi'
   */
  readonly size?: string;
  /**
   * The StorageClass that provisions the volumes. Immutable.
   * @default - the cluster's default StorageClass (the field is left out)
   */
  readonly storageClassName?: string;
  /**
   * How the volume may be mounted. Immutable.
   * @default ['ReadWriteOnce']
   */
  readonly accessModes?: readonly VolumeAccessMode[];
}

/** A further per-pod volume beside the data volume (e.g. a separate write-ahead log disk). */
export interface VolumeClaimProps extends StorageProps {
  /** The claim's name, a DNS-1123 label other than 'data'. Immutable. */
  readonly name: string;
  /** Where the volume is mounted in the container. Changeable. */
  readonly mountPath: string;
  /** The size each pod's volume requests, e.g. '20Gi'. Immutable. */
  readonly size: string;
}

/** What happens to the PVCs when the StatefulSet is deleted or scaled down. */
export type ClaimRetention = 'Retain' | 'Delete';

/**
 * persistentVolumeClaimRetentionPolicy. Changeable (it only affects future deletions).
 * Needs Kubernetes 1.27 or later (beta, on by default); older clusters ignore it and retain.
 */
export interface RetentionProps {
  /**
   * When the StatefulSet is deleted.
   * @default 'Retain' (data survives a mistaken delete)
   */
  readonly whenDeleted?: ClaimRetention;
  /**
   * When the set scales down: the claims of the removed ordinals. Retained claims are re-used
   * when the set scales up again.
   * @default 'Retain'
   */
  readonly whenScaled?: ClaimRetention;
}

const STORAGE_FIELDS: PropsTable<StorageProps> = {
  size: optional(text()),
  storageClassName: optional(text()),
  accessModes: optional(texts()),
};

/** The table of {@link StorageProps}. */
export const STORAGE_PROPS = defineProps<StorageProps>('StorageProps', STORAGE_FIELDS);

/** The table of {@link VolumeClaimProps}. */
export const VOLUME_CLAIM_PROPS = defineProps<VolumeClaimProps>('VolumeClaimProps', {
  ...STORAGE_FIELDS,
  name: required(text()),
  mountPath: required(text()),
  size: required(text()),
});

/** The table of {@link RetentionProps}. */
export const RETENTION_PROPS = defineProps<RetentionProps>('RetentionProps', {
  whenDeleted: optional(text()),
  whenScaled: optional(text()),
});

/** The name of the main volume claim. */
export const DATA_CLAIM = 'data';

/** Default size of the data volume (the Bitnami database charts' default). */
export const DEFAULT_STORAGE_SIZE = '8Gi';

/**
 * A volumeClaimTemplate. Its labels are the selector labels only: the template is immutable, so
 * a label that changes with each release (the version) would make every upgrade fail.
 */
export function volumeClaimTemplate(scope: IConstruct, prop: string, name: string, props: StorageProps, labels: Readonly<Record<string, string>>): k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: { name, labels: { ...labels } },
    spec: claimSpec(scope, prop, { size: props.size ?? DEFAULT_STORAGE_SIZE, storageClassName: props.storageClassName, accessModes: props.accessModes ?? ['ReadWriteOnce'] }),
  };
}

/**
 * Validates the extra claims: names unique and not 'data', mount paths absolute (the pod checks
 * that no other volume is mounted at the same path).
 */
export function extraClaims(scope: IConstruct, claims: readonly VolumeClaimProps[]): { name: string; mountPath: string; props: VolumeClaimProps }[] {
  const names = new Set<string>([DATA_CLAIM]);
  return claims.map((claim, i) => {
    const prop = `volumeClaims[${i}]`;
    const name = requireDnsLabel(scope, `${prop}.name`, claim.name);
    if (names.has(name)) fail(scope, `${prop}.name`, `a claim name not already used (${[...names].map((n) => `'${n}'`).join(', ')})`, name);
    names.add(name);
    requireQuantity(scope, `${prop}.size`, claim.size);
    const mountPath = requireAbsolutePath(scope, `${prop}.mountPath`, claim.mountPath);
    return { name, mountPath, props: claim };
  });
}

/** Validates the retention policy, Retain/Retain by default. */
export function retentionPolicy(scope: IConstruct, props: RetentionProps | undefined): k8s.StatefulSetPersistentVolumeClaimRetentionPolicy {
  const modes: readonly ClaimRetention[] = ['Retain', 'Delete'];
  return {
    whenDeleted: requireOneOf(scope, 'retention.whenDeleted', props?.whenDeleted ?? 'Retain', modes),
    whenScaled: requireOneOf(scope, 'retention.whenScaled', props?.whenScaled ?? 'Retain', modes),
  };
}
