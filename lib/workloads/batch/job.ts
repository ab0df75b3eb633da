import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { CONTAINER_FIELDS, WorkloadContainerProps, PodExtras } from '../../core/pod';
import { PropsTable, defineProps, integer, list, optional, shape, text } from '../../core/props';
import { requireInteger, requireOneOf } from '../../core/validate';
import { WORKLOAD_IDENTITY_FIELDS, WorkloadIdentityProps } from '../../core/workload';
import { CLAIM_MOUNT_PROPS, ClaimMount, claimVolumes } from './claim';

/** What happens to a failed container of a Job's pod. */
export type JobRestartPolicy = 'OnFailure' | 'Never';

/** The Job settings a {@link CronTask} and a {@link Task} share. */
export interface BatchJobProps {
  /**
   * Retries before the Job is marked failed. Set explicitly because the Kubernetes default (6,
   * with exponential back-off up to six minutes) hides a broken job for a long time. Changeable on
   * an existing Job.
   * @default 2
   */
  readonly backoffLimit?: number;
  /**
   * A timeout: seconds after the Job's start when Kubernetes stops its pods and marks it failed,
   * whatever the retries left. Strongly recommended: without it a hung run (a lock wait, a stalled
   * network call) holds its resources forever, and with concurrencyPolicy Forbid it also blocks
   * every later run of a CronTask. Changeable on an existing Job.
   * @default - no timeout
   */
  readonly activeDeadlineSeconds?: number;
  /**
   * OnFailure restarts a failed container in the same pod (keeps the pod's volumes and node);
   * Never starts a new pod for each retry (keeps every failed pod's logs until the Job is removed).
   * Part of the pod template: Kubernetes does not allow changing it on an existing Job (a CronTask's
   * next Job picks it up).
   * @default 'OnFailure'
   */
  readonly restartPolicy?: JobRestartPolicy;
  /**
   * Existing PersistentVolumeClaims to mount read-write (unless `readOnly`), e.g. the target of a
   * backup. See {@link PersistentClaim}. Part of the pod template (see `restartPolicy`).
   * @default - none
   */
  readonly volumes?: readonly ClaimMount[];
}

/** Props every batch workload takes: identity, the shared container settings and the Job settings. */
export interface BatchWorkloadProps extends WorkloadIdentityProps, WorkloadContainerProps, BatchJobProps {}

const BATCH_JOB_FIELDS: PropsTable<BatchJobProps> = {
  backoffLimit: optional(integer()),
  activeDeadlineSeconds: optional(integer()),
  restartPolicy: optional(text()),
  volumes: optional(list(shape(CLAIM_MOUNT_PROPS))),
};

/** The table of {@link BatchJobProps}. */
export const BATCH_JOB_PROPS = defineProps<BatchJobProps>('BatchJobProps', BATCH_JOB_FIELDS);

/** The fields of {@link BatchWorkloadProps}, for the tables of CronTask and Task. */
export const BATCH_WORKLOAD_FIELDS: PropsTable<BatchWorkloadProps> = { ...WORKLOAD_IDENTITY_FIELDS, ...CONTAINER_FIELDS, ...BATCH_JOB_FIELDS };

/** The table of {@link BatchWorkloadProps}. */
export const BATCH_WORKLOAD_PROPS = defineProps<BatchWorkloadProps>('BatchWorkloadProps', BATCH_WORKLOAD_FIELDS);

/** The default backoffLimit of every Job Shipshape emits. */
export const DEFAULT_BACKOFF_LIMIT = 2;

/**
 * What a batch workload adds to the hardened pod: the restart policy and the claim volumes. Jobs
 * need no probes, no spreading and no PodDisruptionBudget: a pod runs to completion and a
 * disruption is retried within `backoffLimit`.
 */
export function batchPodExtras(scope: IConstruct, props: BatchWorkloadProps): PodExtras {
  const restartPolicy = requireOneOf(scope, 'restartPolicy', props.restartPolicy ?? 'OnFailure', ['OnFailure', 'Never']);
  const claims = claimVolumes(scope, props.volumes);
  return { defaultPreset: 'small', restartPolicy, volumes: claims.volumes, mounts: claims.mounts };
}

/**
 * The Job spec shared by a Task and a CronTask's jobTemplate: backoffLimit, the optional timeout
 * and the pod template, plus the construct's own fields (`extra`). The selector is left to
 * Kubernetes, which generates a unique one per Job.
 */
export function jobSpec(scope: IConstruct, props: BatchJobProps, template: k8s.PodTemplateSpec, extra: Partial<k8s.JobSpec> = {}): k8s.JobSpec {
  return {
    backoffLimit: requireInteger(scope, 'backoffLimit', props.backoffLimit ?? DEFAULT_BACKOFF_LIMIT, 0),
    ...(props.activeDeadlineSeconds === undefined ? {} : { activeDeadlineSeconds: requireInteger(scope, 'activeDeadlineSeconds', props.activeDeadlineSeconds, 1) }),
    ...extra,
    template,
  };
}
