import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { fail } from '../../core/errors';
import { Identity, objectMetadata, selectorLabels } from '../../core/identity';
import { DeclaredPort, HealthProbe, PROBE, ProbeSpec, renderProbe, requireDistinctProbes } from '../../core/probes';
import { defineProps, integer, optional, required, text } from '../../core/props';
import { requirePort, requirePortName } from '../../core/validate';

/**
 * The port on which the daemon serves Prometheus metrics. It gets a headless Service with
 * `prometheus.io/*` scrape annotations, and the default probes point at it.
 */
export interface DaemonMetricsProps {
  /** The container port serving metrics, e.g. 9100 (node-exporter) or 2020 (fluent-bit). Changeable. */
  readonly port: number;
  /**
   * The name of the port (an IANA service name). Changeable.
   * @default 'metrics'
   */
  readonly portName?: string;
  /**
   * The HTTP path of the metrics, for the `prometheus.io/path` annotation. Changeable.
   * @default '/metrics'
   */
  readonly path?: string;
}

/** The probes of a daemon, all optional. */
export interface DaemonProbeProps {
  /**
   * The readiness probe; gates the rolling update from node to node. Changeable.
   * @default - HTTP GET on the metrics path and port when `metrics` is set; otherwise none
   */
  readonly readinessProbe?: ProbeSpec;
  /**
   * The liveness probe: restarts a hung agent. Must check something other than readiness.
   * Changeable.
   * @default - a TCP check of the metrics port when `metrics` is set; otherwise none
   */
  readonly livenessProbe?: ProbeSpec;
  /**
   * A startup probe for slow starters. Changeable.
   * @default - none
   */
  readonly startupProbe?: ProbeSpec;
}

/** The table of {@link DaemonMetricsProps}. */
export const DAEMON_METRICS_PROPS = defineProps<DaemonMetricsProps>('DaemonMetricsProps', {
  port: required(integer()),
  portName: optional(text()),
  path: optional(text()),
});

/** The table of {@link DaemonProbeProps}. */
export const DAEMON_PROBE_PROPS = defineProps<DaemonProbeProps>('DaemonProbeProps', {
  readinessProbe: optional(PROBE),
  livenessProbe: optional(PROBE),
  startupProbe: optional(PROBE),
});

/** The resolved metrics endpoint. */
export interface ResolvedMetrics {
  /** The container port. */
  readonly port: number;
  /** The name of the container and Service port. */
  readonly portName: string;
  /** The HTTP path of the metrics. */
  readonly path: string;
}

/** Validates the metrics props. */
export function resolveMetrics(scope: IConstruct, props: DaemonMetricsProps | undefined): ResolvedMetrics | undefined {
  if (props === undefined) return undefined;
  if (props === null || typeof props !== 'object') fail(scope, 'metrics', 'an object with a port', props);
  const path = props.path ?? '/metrics';
  if (typeof path !== 'string' || !/^\/\S*$/.test(path)) fail(scope, 'metrics.path', 'an HTTP path starting with \'/\'', path);
  return {
    port: requirePort(scope, 'metrics.port', props.port),
    portName: requirePortName(scope, 'metrics.portName', props.portName ?? 'metrics'),
    path,
  };
}

/** The rendered probes of a daemon. */
export interface DaemonProbes {
  /** Gates the rollout from node to node. */
  readonly readinessProbe?: k8s.Probe;
  /** Restarts a hung agent. */
  readonly livenessProbe?: k8s.Probe;
  /** Holds the other probes until the agent has started. */
  readonly startupProbe?: k8s.Probe;
}

/**
 * Renders the probes: the user's, or with a metrics port an HTTP readiness check of the metrics
 * path and a TCP liveness check of the port. Liveness is deliberately the cheaper check, so a
 * slow scrape never restarts the agent.
 */
export function daemonProbes(scope: IConstruct, props: DaemonProbeProps, metrics: ResolvedMetrics | undefined): DaemonProbes {
  const ports: DeclaredPort[] = metrics ? [{ name: metrics.portName, containerPort: metrics.port }] : [];
  const readinessSpec = props.readinessProbe ?? (metrics ? HealthProbe.http(metrics.path) : undefined);
  const livenessSpec = props.livenessProbe ?? (metrics ? HealthProbe.tcp() : undefined);
  const readinessProbe = readinessSpec && renderProbe(scope, 'readinessProbe', readinessSpec, 'readiness', ports);
  const livenessProbe = livenessSpec && renderProbe(scope, 'livenessProbe', livenessSpec, 'liveness', ports);
  const startupProbe = props.startupProbe && renderProbe(scope, 'startupProbe', props.startupProbe, 'startup', ports);
  requireDistinctProbes(scope, readinessProbe, livenessProbe);
  return { readinessProbe, livenessProbe, startupProbe };
}

/** The annotations Prometheus' `kubernetes-service-endpoints` scrape job looks for. */
export function prometheusAnnotations(metrics: ResolvedMetrics): Record<string, string> {
  return {
    'prometheus.io/scrape': 'true',
    'prometheus.io/port': String(metrics.port),
    'prometheus.io/path': metrics.path,
  };
}

/**
 * The headless Service of the metrics port: no virtual IP, so DNS and the endpoints list every
 * daemon pod and a scraper reaches each node's agent, not a random one.
 */
export function metricsService(scope: Construct, identity: Identity, metrics: ResolvedMetrics): k8s.KubeService {
  return new k8s.KubeService(scope, 'MetricsService', {
    metadata: { ...objectMetadata(identity), annotations: prometheusAnnotations(metrics) },
    spec: {
      clusterIp: 'None',
      selector: selectorLabels(identity),
      ports: [{ name: metrics.portName, port: metrics.port, targetPort: k8s.IntOrString.fromString(metrics.portName), protocol: 'TCP' }],
    },
  });
}
