import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { podDisruptionBudget } from '../core/availability';
import { shipshapeConstruct } from '../core/construct';
import { DEPLOYMENT_ROLLOUT_PROPS, DeploymentRolloutProps, rolloutDeployment } from '../core/deployment';
import { fail } from '../core/errors';
import { CONTAINER_FIELDS, WorkloadContainerProps } from '../core/pod';
import { ExecProbe, NoProbe, PROBE, PROBE_OR_NONE, ProbeRole, renderProbe, renderReadiness, requireDistinctProbes } from '../core/probes';
import { defineProps, integer, optional, required } from '../core/props';
import { requireInteger } from '../core/validate';
import { ShipshapeWorkload, WORKLOAD_IDENTITY_FIELDS, WorkloadIdentityProps } from '../core/workload';

/** A new Worker pod must run this long before it counts as available, unless the props say otherwise. */
export const DEFAULT_WORKER_MIN_READY_SECONDS = 10;

/** Props of a {@link Worker}. */
export interface WorkerProps extends WorkloadIdentityProps, WorkloadContainerProps, DeploymentRolloutProps {
  /**
   * Readiness of the worker: an exec probe (`HealthProbe.exec`), or `HealthProbe.none(reason)`
   * for a worker that has nothing to report. A worker receives no traffic, so readiness only gates
   * rollouts and the PodDisruptionBudget; the reason of `none` is written into the Deployment's
   * `shipshape.dev/suppress` annotation, where reviewers and `shipshape check` read it. Required:
   * the choice is the worker's author's to make. Changeable.
   */
  readonly readinessProbe: ExecProbe | NoProbe;
  /**
   * A liveness probe that checks progress, run in the container. The recommended one is a
   * heartbeat file the worker touches on every turn of its loop, `HealthProbe.heartbeat('/tmp/heartbeat')`:
   * a worker stuck on a lock or a dead connection stops touching it and is restarted, while an
   * idle one keeps passing. Must check something other than readiness. Changeable.
   * @default - none
   */
  readonly livenessProbe?: ExecProbe;
  /**
   * A startup probe for slow starters: holds liveness until it passes. Changeable.
   * @default - none
   */
  readonly startupProbe?: ExecProbe;
  /**
   * Seconds between SIGTERM and SIGKILL: the time to finish or hand back the message in hand.
   * Changeable.
   * @default 30
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Seconds a new pod must run (and be ready) before it counts as available and the rollout moves
   * on. Without it, a worker whose probe cannot see a broken start (a crash a few seconds in)
   * would count as available at once, and a rollout would replace every healthy pod with a broken
   * one. Changeable.
   * @default 10
   */
  readonly minReadySeconds?: number;
}

const NO_PORT = 'unset: a Worker serves no port and has no Service (a workload that listens is a WebApp)';

/** The table of {@link WorkerProps}; the props of a workload with a port are refused by name. */
export const WORKER_PROPS = defineProps<WorkerProps>('WorkerProps', {
  ...WORKLOAD_IDENTITY_FIELDS,
  ...CONTAINER_FIELDS,
  ...DEPLOYMENT_ROLLOUT_PROPS.fields,
  readinessProbe: required({ ...PROBE_OR_NONE, expected: 'an exec probe (HealthProbe.exec), or HealthProbe.none(\'why the worker has no readiness to report\')' }),
  livenessProbe: optional(PROBE),
  startupProbe: optional(PROBE),
  terminationGracePeriodSeconds: optional(integer()),
  minReadySeconds: optional(integer()),
}, { port: NO_PORT, ports: NO_PORT, portName: NO_PORT, servicePort: NO_PORT });

/**
 * A workload that serves no port, such as a queue consumer or a stream processor: a Deployment with
 * its ServiceAccount, PodDisruptionBudget (from two replicas) and NetworkPolicy, and an optional
 * ConfigMap and cpu HorizontalPodAutoscaler. No Service, no Ingress: nothing connects to a Worker,
 * and its NetworkPolicy admits no ingress at all; egress goes to DNS and to what it connects to
 * (`connectTo` a database or a WebApp).
 *
 * Its pods are hardened, spread and rolled out like a WebApp's. Probes run in the container
 * (exec); see `livenessProbe` for the heartbeat-file pattern.
 *
 * Names: every object is named after `name` (the ConfigMap `<name>-config`).
 */
@shipshapeConstruct
export class Worker extends ShipshapeWorkload {
  /** The Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The replicas it starts with (the autoscaler's minimum when it has one). */
  public readonly replicas: number;

  constructor(scope: Construct, id: string, props: WorkerProps) {
    super(scope, id, props, { component: 'worker', props: WORKER_PROPS });
    requireExec(this, 'readinessProbe', props.readinessProbe, true);
    const readiness = renderReadiness(this, 'readinessProbe', props.readinessProbe, []);
    const liveness = workerProbe(this, 'livenessProbe', props.livenessProbe, 'liveness');
    const startup = workerProbe(this, 'startupProbe', props.startupProbe, 'startup');
    requireDistinctProbes(this, readiness.probe, liveness);

    const pod = this.createPod(props, {
      defaultPreset: 'small',
      readinessProbe: readiness.probe,
      livenessProbe: liveness,
      startupProbe: startup,
      terminationGracePeriodSeconds: requireInteger(this, 'terminationGracePeriodSeconds', props.terminationGracePeriodSeconds ?? 30, 0),
      spread: true,
      readinessRequired: true,
      readinessWaiver: readiness.waiver,
    });

    const rollout = rolloutDeployment(this, this.identity, this.controllerMetadata(), props, pod.template,
      { minReadySeconds: DEFAULT_WORKER_MIN_READY_SECONDS });
    this.deployment = rollout.deployment;
    this.replicas = rollout.replicas;
    if (this.replicas >= 2) podDisruptionBudget(this, this.identity);
    // No port is open: nothing connects to a worker.
    this.isolateNetwork();
  }
}

/** A Worker declares no port, so its probes run in the container. */
function requireExec(scope: Construct, prop: string, spec: { readonly kind?: unknown } | undefined, noneAllowed: boolean): void {
  if (spec === undefined || spec.kind === 'exec' || (noneAllowed && spec.kind === 'none')) return;
  const expected = noneAllowed ? 'an exec probe or HealthProbe.none(reason)' : 'an exec probe (HealthProbe.exec or HealthProbe.heartbeat)';
  fail(scope, `${prop}.kind`, `${expected}: a Worker declares no port for an http, tcp or grpc probe`, spec.kind);
}

function workerProbe(scope: Construct, prop: string, spec: ExecProbe | undefined, role: ProbeRole): k8s.Probe | undefined {
  requireExec(scope, prop, spec, false);
  return spec && renderProbe(scope, prop, spec, role, []);
}
