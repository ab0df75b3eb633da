import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { shipshapeConstruct } from '../core/construct';
import { fail } from '../core/errors';
import { objectMetadata } from '../core/identity';
import { defineProps, flag, integer, optional, required, text } from '../core/props';
import { requireInteger, requireOneOf } from '../core/validate';
import { ShipshapeWorkload } from '../core/workload';
import { BATCH_WORKLOAD_FIELDS, BatchWorkloadProps, batchPodExtras, jobSpec } from './batch/job';
import { SCHEDULE, Schedule, requireTimeZone, resolveSchedule } from './batch/schedule';

/** What a CronTask does when a run is due while the previous one is still running. */
export type CronConcurrencyPolicy = 'Forbid' | 'Allow' | 'Replace';

/** The longest CronJob name: the controller appends an 11-character suffix to each Job's name. */
export const MAX_CRON_JOB_NAME_LENGTH = 52;

/**
 * Props of a {@link CronTask}. Every CronJob field may change at any time; a change applies from
 * the next run on. The container settings and Job settings form the jobTemplate: a change never
 * touches a Job already running.
 */
export interface CronTaskProps extends BatchWorkloadProps {
  /**
   * When to run: five fields (`'0 2 * * *'`: minute hour day month weekday), a macro
   * (`'@hourly'`, `'@daily'`, `'@weekly'`, `'@monthly'`, `'@yearly'`, `'@annually'`) or a cdk8s
   * `Cron`. Fields take values, names (JAN-DEC, SUN-SAT), ranges (`1-5`), steps (`*\/15`,
   * `0-30/10`) and lists (`1,15`). Weekdays are 0-6: Kubernetes does not accept 7 for Sunday.
   * Only syntax is checked: `'0 0 31 2 *'` is accepted and never runs. Changeable.
   */
  readonly schedule: Schedule;
  /**
   * The time zone the schedule is read in, a name of the IANA tz database spelled as it spells it,
   * e.g. 'Europe/Berlin' or 'UTC' (Kubernetes 1.27+). Abbreviations such as 'PST' are rejected:
   * Kubernetes does not know them. Changeable.
   * @default - the time zone of the kube-controller-manager, usually UTC
   */
  readonly timeZone?: string;
  /**
   * Forbid skips a run while the previous one is still going; Allow runs them side by side;
   * Replace stops the running one and starts the new one. Changeable.
   * @default 'Forbid'
   */
  readonly concurrencyPolicy?: CronConcurrencyPolicy;
  /**
   * Seconds after its scheduled time within which a missed run (controller down, previous run
   * still going) may still start; later it is skipped. Without it, a controller that missed more
   * than 100 runs stops scheduling the CronJob altogether. At least 10: the controller checks
   * every 10 seconds. Changeable.
   * @default 300
   */
  readonly startingDeadlineSeconds?: number;
  /**
   * Finished successful Jobs kept (with their pods' logs). Changeable.
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Failed Jobs kept (with their pods' logs). Changeable.
   * @default 1
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Stops scheduling new runs (running ones continue). Changeable.
   * @default false
   */
  readonly suspend?: boolean;
}

/** The table of {@link CronTaskProps}. */
export const CRON_TASK_PROPS = defineProps<CronTaskProps>('CronTaskProps', {
  ...BATCH_WORKLOAD_FIELDS,
  schedule: required(SCHEDULE),
  timeZone: optional(text()),
  concurrencyPolicy: optional(text()),
  startingDeadlineSeconds: optional(integer()),
  successfulJobsHistoryLimit: optional(integer()),
  failedJobsHistoryLimit: optional(integer()),
  suspend: optional(flag()),
});

/**
 * A job on a schedule: CronJob, ServiceAccount and NetworkPolicy (no ingress; egress to DNS and
 * to the workloads it connects to), with an optional ConfigMap.
 *
 * Finished Jobs are cleaned up by the history limits, so the jobTemplate sets no
 * ttlSecondsAfterFinished. Names: every object is named after `name`, at most 52 characters.
 */
@shipshapeConstruct
export class CronTask extends ShipshapeWorkload {
  /** The schedule as the CronJob carries it. */
  public readonly schedule: string;
  /** The CronJob. */
  public readonly cronJob: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, props: CronTaskProps) {
    super(scope, id, props, { component: 'cron-task', props: CRON_TASK_PROPS });
    if (this.name.length > MAX_CRON_JOB_NAME_LENGTH) {
      fail(this, 'name', `at most ${MAX_CRON_JOB_NAME_LENGTH} characters (each Job gets an 11-character suffix)`, this.name);
    }
    this.schedule = resolveSchedule(this, props.schedule);
    const timeZone = props.timeZone === undefined ? undefined : requireTimeZone(this, 'timeZone', props.timeZone);
    const suspend = props.suspend ?? false;
    if (typeof suspend !== 'boolean') fail(this, 'suspend', 'true or false', suspend);

    const pod = this.createPod(props, batchPodExtras(this, props));

    this.cronJob = new k8s.KubeCronJob(this, 'CronJob', {
      metadata: objectMetadata(this.identity),
      spec: {
        schedule: this.schedule,
        ...(timeZone === undefined ? {} : { timeZone }),
        concurrencyPolicy: requireOneOf(this, 'concurrencyPolicy', props.concurrencyPolicy ?? 'Forbid', ['Forbid', 'Allow', 'Replace']),
        startingDeadlineSeconds: requireInteger(this, 'startingDeadlineSeconds', props.startingDeadlineSeconds ?? 300, 10),
        successfulJobsHistoryLimit: requireInteger(this, 'successfulJobsHistoryLimit', props.successfulJobsHistoryLimit ?? 3, 0),
        failedJobsHistoryLimit: requireInteger(this, 'failedJobsHistoryLimit', props.failedJobsHistoryLimit ?? 1, 0),
        suspend,
        jobTemplate: {
          metadata: { labels: objectMetadata(this.identity).labels },
          spec: jobSpec(this, props, pod.template),
        },
      },
    });

    this.isolateNetwork();
  }
}
