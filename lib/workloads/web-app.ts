import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { shipshapeConstruct } from '../core/construct';
import { fail } from '../core/errors';
import { DEPLOYMENT_ROLLOUT_PROPS, DeploymentRolloutProps, rolloutDeployment } from '../core/deployment';
import { objectMetadata, requireServiceName, selectorLabels } from '../core/identity';
import { CONTAINER_FIELDS, WorkloadContainerProps } from '../core/pod';
import { PROBE, ProbeSpec, HealthProbe, renderProbe, requireDistinctProbes } from '../core/probes';
import { defineProps, flag, integer, optional, required, text } from '../core/props';
import { podDisruptionBudget } from '../core/availability';
import { requireInteger, requireOneOf, requirePort, requirePortName } from '../core/validate';
import { ConnectableWorkload, ServedPort, WORKLOAD_IDENTITY_FIELDS, WorkloadIdentityProps } from '../core/workload';
import { EXPOSURE_PROPS, ExposureProps, exposeWebApp } from './web-app/exposure';

/** How a WebApp's Service is reachable. */
export type WebAppServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

/** Props of a {@link WebApp}. */
export interface WebAppProps extends WorkloadIdentityProps, WorkloadContainerProps, DeploymentRolloutProps, ExposureProps {
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
}

/** The table of {@link WebAppProps}. */
export const WEB_APP_PROPS = defineProps<WebAppProps>('WebAppProps', {
  ...WORKLOAD_IDENTITY_FIELDS,
  ...CONTAINER_FIELDS,
  ...DEPLOYMENT_ROLLOUT_PROPS.fields,
  ...EXPOSURE_PROPS.fields,
  port: required(integer()),
  portName: optional(text()),
  servicePort: optional(integer()),
  serviceType: optional(text()),
  openToAllPods: optional(flag()),
  healthPath: optional(text()),
  readinessProbe: optional(PROBE),
  livenessProbe: optional(PROBE),
  startupProbe: optional(PROBE),
  terminationGracePeriodSeconds: optional(integer()),
  preStopSleepSeconds: optional(integer()),
});

/**
 * A stateless HTTP service: Deployment, Service, PodDisruptionBudget, ServiceAccount and
 * NetworkPolicy, with an optional ConfigMap, Ingress or HTTPRoute, and HorizontalPodAutoscaler.
 *
 * Names: every object is named after `name` (the ConfigMap `<name>-config`).
 */
@shipshapeConstruct
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
    super(scope, id, props, { component: 'web', props: WEB_APP_PROPS });
    requireServiceName(this, 'name', this.name);
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
      readinessRequired: true,
    });

    const { deployment, replicas } = rolloutDeployment(this, this.identity, this.controllerMetadata(), props, pod.template, { minReadySeconds: 0 });
    this.deployment = deployment;

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
