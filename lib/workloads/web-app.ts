import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { matchSelector, objectMetadata, selectorLabels } from '../core/identity';
import { WorkloadContainerProps } from '../core/pod';
import { ProbeSpec, HealthProbe, renderProbe, requireDistinctProbes } from '../core/probes';
import { rollingUpdateBounds } from '../core/rollout';
import { podDisruptionBudget } from '../core/availability';
import { requireInteger, requireOneOf, requirePort, requirePortName } from '../core/validate';
import { ConnectableWorkload, ServedPort, WorkloadIdentityProps } from '../core/workload';
import { AutoscalingProps, autoscaler } from './web-app/autoscaling';
import { ExposureProps, exposeWebApp } from './web-app/exposure';

/** How a WebApp's Service is reachable. */
export type WebAppServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

/** Props of a {@link WebApp}. */
export interface WebAppProps extends WorkloadIdentityProps, WorkloadContainerProps, ExposureProps {
  /** The port the container listens on. Changeable. */
  readonly port: number;
  /**
   * The name of the port (an IANA service name, at most 15 characters). Changeable.
   * @default 'http'
   */
  readonly portName?: string;
  /**
   * The port the Service listens on. Changeable.
   * @default - the container port
   */
  readonly servicePort?: number;
  /**
   * The Service type. NodePort and LoadBalancer expose the app outside the cluster.
   * @default 'ClusterIP'
   */
  readonly serviceType?: WebAppServiceType;
  /**
   * Admit traffic on the app port from any pod in any namespace (an ingress controller, a
   * gateway, a load balancer's health checks) instead of only from declared connections
   * (`connectTo` / `allowFrom`). Changeable.
   * @default - true when the app is exposed (ingress, httpRoute, NodePort or LoadBalancer), false otherwise
   */
  readonly openToAllPods?: boolean;
  /**
   * Number of pods. 1 is allowed but gives no PodDisruptionBudget. Ignored (and omitted from the
   * Deployment) when `autoscaling` is set. Changeable.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * RollingUpdate replaces pods gradually, never below the desired count; Recreate stops all pods
   * before starting new ones (downtime, but never two versions at once). Changeable.
   * @default 'RollingUpdate'
   */
  readonly strategy?: 'RollingUpdate' | 'Recreate';
  /**
   * Extra pods allowed during a rolling update. Changeable.
   * @default '25%'
   */
  readonly maxSurge?: string | number;
  /**
   * Pods allowed to be unavailable during a rolling update. Changeable.
   * @default 0
   */
  readonly maxUnavailable?: string | number;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo`. Changeable.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Seconds before a stuck rollout is reported as failed. Changeable.
   * @default 600
   */
  readonly progressDeadlineSeconds?: number;
  /**
   * Seconds a new pod must be ready before it counts as available. Changeable.
   * @default 0
   */
  readonly minReadySeconds?: number;
  /**
   * The path of the default readiness probe (HTTP GET on the app port). Changeable.
   * @default '/'
   */
  readonly healthPath?: string;
  /**
   * The readiness probe; gates rollouts and Service traffic. Changeable.
   * @default - HTTP GET `healthPath` on the app port
   */
  readonly readinessProbe?: ProbeSpec;
  /**
   * A liveness probe: restarts a hung container. Must check something other than readiness. Changeable.
   * @default - none
   */
  readonly livenessProbe?: ProbeSpec;
  /**
   * A startup probe for slow starters: holds the other probes until it passes. Changeable.
   * @default - none
   */
  readonly startupProbe?: ProbeSpec;
  /**
   * Seconds between SIGTERM and SIGKILL. Changeable.
   * @default 30
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Seconds to sleep in a preStop hook before SIGTERM, so endpoints drop the pod before it stops
   * accepting connections. Needs a `sleep` binary in the image. Changeable.
   * @default - no preStop hook
   */
  readonly preStopSleepSeconds?: number;
  /**
   * A HorizontalPodAutoscaler (autoscaling/v2) on cpu. Changeable.
   * @default - none
   */
  readonly autoscaling?: AutoscalingProps;
}

/**
 * A stateless HTTP service: Deployment, Service, PodDisruptionBudget, ServiceAccount and
 * NetworkPolicy, with an optional ConfigMap, Ingress or HTTPRoute, and HorizontalPodAutoscaler.
 *
 * Names: every object is named after `name` (the ConfigMap `<name>-config`).
 */
export class WebApp extends ConnectableWorkload {
  /** The container port. */
  public readonly port: number;
  /** The Service port. */
  public readonly servicePort: number;
  /** The Service name (the same as the name). */
  public readonly serviceName: string;
  /** The Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The Service. */
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id, props, 'web');
    this.port = requirePort(this, 'port', props.port);
    const portName = requirePortName(this, 'portName', props.portName ?? 'http');
    this.servicePort = requirePort(this, 'servicePort', props.servicePort ?? this.port);
    this.serviceName = this.name;
    const ports = [{ name: portName, containerPort: this.port }];

    const readiness = renderProbe(this, 'readinessProbe', props.readinessProbe ?? HealthProbe.http(props.healthPath ?? '/'), 'readiness', ports);
    const liveness = props.livenessProbe && renderProbe(this, 'livenessProbe', props.livenessProbe, 'liveness', ports);
    const startup = props.startupProbe && renderProbe(this, 'startupProbe', props.startupProbe, 'startup', ports);
    requireDistinctProbes(this, readiness, liveness);
    const preStop = props.preStopSleepSeconds === undefined ? undefined
      : requireInteger(this, 'preStopSleepSeconds', props.preStopSleepSeconds, 1, 3600);
    const grace = requireInteger(this, 'terminationGracePeriodSeconds', props.terminationGracePeriodSeconds ?? 30, 0);
    if (preStop !== undefined && preStop >= grace) {
      fail(this, 'preStopSleepSeconds', `less than terminationGracePeriodSeconds (${grace})`, preStop);
    }

    const pod = this.createPod(props, {
      defaultPreset: 'small',
      ports,
      readinessProbe: readiness,
      livenessProbe: liveness,
      startupProbe: startup,
      lifecycle: preStop === undefined ? undefined : { preStop: { exec: { command: ['sleep', String(preStop)] } } },
      terminationGracePeriodSeconds: grace,
      spread: true,
    });

    if (props.autoscaling && props.replicas !== undefined) {
      fail(this, 'replicas', 'unset when autoscaling is given (the autoscaler owns the replica count)', props.replicas);
    }
    const hpa = props.autoscaling ? autoscaler(this, this.identity, props.autoscaling) : undefined;
    const replicas = hpa ? hpa.minReplicas : requireInteger(this, 'replicas', props.replicas ?? 2, 1);
    const strategy = requireOneOf(this, 'strategy', props.strategy ?? 'RollingUpdate', ['RollingUpdate', 'Recreate']);
    if (strategy === 'Recreate' && (props.maxSurge !== undefined || props.maxUnavailable !== undefined)) {
      fail(this, 'strategy', '\'RollingUpdate\' when maxSurge or maxUnavailable is set', strategy);
    }

    const bounds = rollingUpdateBounds(this, props.maxSurge ?? '25%', props.maxUnavailable ?? 0);
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: objectMetadata(this.identity),
      spec: {
        // With an autoscaler the HPA owns replicas; a value here would fight it on every apply.
        ...(hpa ? {} : { replicas }),
        selector: matchSelector(this.identity),
        strategy: strategy === 'Recreate' ? { type: 'Recreate' } : {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: bounds.maxSurge, maxUnavailable: bounds.maxUnavailable },
        },
        revisionHistoryLimit: requireInteger(this, 'revisionHistoryLimit', props.revisionHistoryLimit ?? 10, 0),
        progressDeadlineSeconds: requireInteger(this, 'progressDeadlineSeconds', props.progressDeadlineSeconds ?? 600, 1),
        minReadySeconds: requireInteger(this, 'minReadySeconds', props.minReadySeconds ?? 0, 0),
        template: pod.template,
      },
    });

    const serviceType = requireOneOf(this, 'serviceType', props.serviceType ?? 'ClusterIP', ['ClusterIP', 'NodePort', 'LoadBalancer']);
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: objectMetadata(this.identity, this.serviceName),
      spec: {
        type: serviceType,
        selector: selectorLabels(this.identity),
        ports: [{ name: portName, port: this.servicePort, targetPort: k8s.IntOrString.fromString(portName), protocol: 'TCP' }],
      },
    });

    if (replicas >= 2) podDisruptionBudget(this, this.identity);
    // An internal app admits only its declared connections; an exposed one must admit its
    // ingress controller or gateway, whose namespace and labels are unknown here.
    const exposed = props.ingress !== undefined || props.httpRoute !== undefined || serviceType !== 'ClusterIP';
    this.isolateNetwork((props.openToAllPods ?? exposed) ? [{ port: this.port }] : []);
    exposeWebApp(this, this.identity, this.serviceName, this.servicePort, props);
  }

  protected servedPort(): ServedPort {
    return { serviceName: this.serviceName, servicePort: this.servicePort, podPort: this.port };
  }
}
