import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { IdentityProps, resolveIdentity, objectMetadata } from '../../core/identity';
import { shipshapeConstruct } from '../../core/construct';
import { IDENTITY_PROPS } from '../../core/identity';
import { PodMount } from '../../core/mounts';
import { checkProps, defineProps, flag, optional, required, text } from '../../core/props';
import { VOLUME_ACCESS_MODES, VolumeAccessMode, claimSpec } from '../../core/storage';
import { requireAbsolutePath, requireDnsSubdomain, requireOneOf } from '../../core/validate';

/** An existing PersistentVolumeClaim mounted into a batch workload's container. */
export interface ClaimMount {
  /** The PersistentVolumeClaim's name, in the workload's namespace. */
  readonly claimName: string;
  /** Where the volume is mounted. Changeable for a CronTask (the next Job uses it); fixed for a created Task. */
  readonly mountPath: string;
  /**
   * Mounts the volume read-only, e.g. for a restore.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** The table of {@link ClaimMount}. */
export const CLAIM_MOUNT_PROPS = defineProps<ClaimMount>('ClaimMount', {
  claimName: required(text()),
  mountPath: required(text()),
  readOnly: optional(flag()),
});

/** The volumes and mounts of claim mounts. */
export interface ClaimWiring {
  /** One persistentVolumeClaim volume per mount. */
  readonly volumes: k8s.Volume[];
  /** The matching mounts in the main container, with the prop of each path. */
  readonly mounts: PodMount[];
}

/**
 * Validates claim mounts and turns them into pod volumes (`claim-0`, `claim-1`, …) and mounts.
 * The pod checks that no other volume is mounted at the same path.
 */
export function claimVolumes(scope: IConstruct, claims: readonly ClaimMount[] | undefined): ClaimWiring {
  const volumes: k8s.Volume[] = [];
  const mounts: PodMount[] = [];
  (claims ?? []).forEach((claim, i) => {
    const claimName = requireDnsSubdomain(scope, `volumes[${i}].claimName`, claim.claimName);
    const mountPath = requireAbsolutePath(scope, `volumes[${i}].mountPath`, claim.mountPath);
    const name = `claim-${i}`;
    volumes.push({ name, persistentVolumeClaim: { claimName, ...(claim.readOnly ? { readOnly: true } : {}) } });
    mounts.push({ mount: { name, mountPath, ...(claim.readOnly ? { readOnly: true } : {}) }, origin: `volumes[${i}].mountPath`, userSet: true });
  });
  return { volumes, mounts };
}

/** Props of a {@link PersistentClaim}. */
export interface PersistentClaimProps extends IdentityProps {
  /**
   * The requested size, e.g. '20Gi'. Kubernetes allows growing it when the StorageClass allows
   * volume expansion; it never allows shrinking it.
   */
  readonly size: string;
  /**
   * How the volume may be attached. ReadWriteOnce: one node at a time, enough for one backup pod.
   * Kubernetes does not allow changing it.
   * @default 'ReadWriteOnce'
   */
  readonly accessMode?: VolumeAccessMode;
  /**
   * The StorageClass. Kubernetes does not allow changing it.
   * @default - the cluster's default class
   */
  readonly storageClassName?: string;
}

/** The table of {@link PersistentClaimProps}. */
export const PERSISTENT_CLAIM_PROPS = defineProps<PersistentClaimProps>('PersistentClaimProps', {
  ...IDENTITY_PROPS.fields,
  size: required(text()),
  accessMode: optional(text()),
  storageClassName: optional(text()),
});

/**
 * A PersistentVolumeClaim that outlives the pods using it, e.g. the target of a backup CronTask.
 * It is named after `name` and labelled like a workload (component 'storage').
 *
 * Removing or renaming it deletes the volume's data, subject to the StorageClass reclaim policy.
 */
@shipshapeConstruct
export class PersistentClaim extends Construct {
  /** The claim's name. */
  public readonly claimName: string;
  /** The PersistentVolumeClaim object. */
  public readonly claim: k8s.KubePersistentVolumeClaim;

  constructor(scope: Construct, id: string, props: PersistentClaimProps) {
    super(scope, id);
    checkProps(this, props, PERSISTENT_CLAIM_PROPS);
    const identity = resolveIdentity(this, props, 'storage');
    this.claimName = identity.name;
    this.claim = new k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata: objectMetadata(identity, this.claimName),
      spec: claimSpec(this, '', { size: props.size, storageClassName: props.storageClassName, accessModes: [requireOneOf(this, 'accessMode', props.accessMode ?? 'ReadWriteOnce', VOLUME_ACCESS_MODES)] }),
    });
  }

  /** A mount of this claim for a CronTask's or Task's `volumes`. */
  public mount(mountPath: string, options: { readonly readOnly?: boolean } = {}): ClaimMount {
    const mount = { claimName: this.claimName, mountPath, ...options };
    checkProps(this, mount, CLAIM_MOUNT_PROPS, 'mount');
    return mount;
  }
}
