import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { shipshapeConstruct } from '../core/construct';
import { objectMetadata } from '../core/identity';
import { defineProps, integer, optional } from '../core/props';
import { requireInteger } from '../core/validate';
import { ShipshapeWorkload } from '../core/workload';
import { BATCH_WORKLOAD_FIELDS, BatchWorkloadProps, batchPodExtras, jobSpec } from './batch/job';

/** One day: how long a finished Task's Job stays by default. */
export const DEFAULT_TASK_TTL_SECONDS = 86400;

/**
 * Props of a {@link Task}.
 *
 * Kubernetes does not allow changing a Job's pod template (image, command, args, env, resources,
 * volumes …) or its completions once it exists: apply a changed Task only after the old Job is
 * gone (removed by `ttlSecondsAfterFinished` or by hand), or give each release's Task its own
 * name, e.g. `migrate-1-4-2`.
 */
export interface TaskProps extends BatchWorkloadProps {
  /**
   * Successful pods needed for the Job to complete. Kubernetes does not allow changing it.
   * @default 1 (left unset when `parallelism` is given: a work queue, complete at the first success)
   */
  readonly completions?: number;
  /**
   * Pods running at the same time. Changeable on an existing Job.
   * @default 1
   */
  readonly parallelism?: number;
  /**
   * Seconds after the Job finishes (succeeded or failed) when Kubernetes deletes it and its pods,
   * so finished Jobs do not pile up. 0 deletes it at once (and its logs with it). A GitOps tool
   * that syncs continuously recreates a deleted Job, which runs it again: give such Tasks a
   * versioned name or make them idempotent. Changeable on an existing Job.
   * @default 86400 (one day)
   */
  readonly ttlSecondsAfterFinished?: number;
}

/** The table of {@link TaskProps}. */
export const TASK_PROPS = defineProps<TaskProps>('TaskProps', {
  ...BATCH_WORKLOAD_FIELDS,
  completions: optional(integer()),
  parallelism: optional(integer()),
  ttlSecondsAfterFinished: optional(integer()),
});

/**
 * A one-off job that runs to completion, e.g. a database migration: Job, ServiceAccount and
 * NetworkPolicy (no ingress; egress to DNS and to the workloads it connects to), with an optional
 * ConfigMap. Everything is named after `name`.
 */
@shipshapeConstruct
export class Task extends ShipshapeWorkload {
  /** The Job. */
  public readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: TaskProps) {
    super(scope, id, props, { component: 'task', props: TASK_PROPS });
    const pod = this.createPod(props, batchPodExtras(this, props));

    const parallelism = requireInteger(this, 'parallelism', props.parallelism ?? 1, 1);
    const completions = props.completions !== undefined
      ? requireInteger(this, 'completions', props.completions, 1)
      : props.parallelism === undefined ? 1 : undefined;
    this.job = new k8s.KubeJob(this, 'Job', {
      metadata: objectMetadata(this.identity),
      spec: jobSpec(this, props, pod.template, {
        ...(completions === undefined ? {} : { completions }),
        parallelism,
        ttlSecondsAfterFinished: requireInteger(this, 'ttlSecondsAfterFinished', props.ttlSecondsAfterFinished ?? DEFAULT_TASK_TTL_SECONDS, 0),
      }),
    });

    this.isolateNetwork();
  }
}
