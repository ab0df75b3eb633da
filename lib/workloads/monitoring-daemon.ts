import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { shipshapeConstruct } from '../core/construct';
import { fail } from '../core/errors';
import { matchSelector, objectMetadata, requireServiceName } from '../core/identity';
import { RESOURCES_PROPS, ResourcesProps } from '../core/resources';
import { CONTAINER_FIELDS, WorkloadContainerProps } from '../core/pod';
import { defineProps, integer, optional, shape, text } from '../core/props';
import { HostAccess, hostAccessLevel, podSecurityLevelOf } from '../core/security';
import { PodSecurityLevel } from '../kube/pod-security';
import { requireInteger } from '../core/validate';
import { ConnectableWorkload, ServedPort, WORKLOAD_IDENTITY_FIELDS, WorkloadIdentityProps } from '../core/workload';
import { Access } from '../platform/access';
import { Environment } from '../platform/environment';
import { HOST_ACCESS_ANNOTATION } from '../kube/vocabulary';
import { DAEMON_API_ACCESS_PROPS, DaemonApiAccessProps, clusterRules } from './daemon/cluster-access';
import { DAEMON_HOST_ACCESS_PROPS, DaemonHostAccessProps, resolveHostAccess } from './daemon/host-access';
import { DAEMON_METRICS_PROPS, DAEMON_PROBE_PROPS, DaemonMetricsProps, DaemonProbeProps, ResolvedMetrics, daemonProbes, metricsService, resolveMetrics } from './daemon/metrics';
import { MonitoringDaemonPreset, applyDaemonPreset, sourcedHostMounts } from './daemon/presets';
import { DAEMON_SCHEDULING_PROPS, DaemonSchedulingProps, daemonPlacement, daemonUpdateStrategy } from './daemon/scheduling';

/** Props of a {@link MonitoringDaemon}. */
export interface MonitoringDaemonProps extends WorkloadIdentityProps, WorkloadContainerProps, DaemonSchedulingProps,
  DaemonHostAccessProps, DaemonProbeProps, DaemonApiAccessProps {
  /**
   * A bundle of options for a common kind of agent: `'node-metrics'` (node-exporter style) or
   * `'log-shipper'` (fluent-bit style). Your own props override it (see
   * {@link MonitoringDaemonPreset}). Changeable.
   * @default - no preset
   */
  readonly preset?: MonitoringDaemonPreset;
  /**
   * A port serving Prometheus metrics: a headless Service with `prometheus.io/*` annotations,
   * default probes on it, and a target for `connectTo`. Changeable.
   * @default - no metrics port and no Service
   */
  readonly metrics?: DaemonMetricsProps;
  /**
   * Seconds between SIGTERM and SIGKILL, for the agent to flush its buffers. Changeable.
   * @default 30
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Requests and limits, merged field by field with a preset. Agents run on every node, so the
   * default is small; limits are always set. Changeable.
   * @default - preset 'micro' (cpu 50m/200m, memory 64Mi, ephemeral-storage 64Mi/256Mi)
   */
  readonly resources?: ResourcesProps;
}

/** The table of {@link MonitoringDaemonProps}. */
export const MONITORING_DAEMON_PROPS = defineProps<MonitoringDaemonProps>('MonitoringDaemonProps', {
  ...WORKLOAD_IDENTITY_FIELDS,
  ...CONTAINER_FIELDS,
  ...DAEMON_SCHEDULING_PROPS.fields,
  ...DAEMON_HOST_ACCESS_PROPS.fields,
  ...DAEMON_PROBE_PROPS.fields,
  ...DAEMON_API_ACCESS_PROPS.fields,
  preset: optional(text()),
  metrics: optional(shape(DAEMON_METRICS_PROPS)),
  terminationGracePeriodSeconds: optional(integer()),
  resources: optional(shape(RESOURCES_PROPS)),
});

/**
 * A copy of one pod on every node (or on the selected nodes): a monitoring, log-shipping or
 * storage agent. Emits a DaemonSet, its ServiceAccount and NetworkPolicy, and as asked a
 * headless metrics Service and a ClusterRole with its ClusterRoleBinding.
 *
 * The pods are hardened like every Shipshape pod (non-root, drop ALL, seccomp RuntimeDefault,
 * read-only root filesystem). Host access (hostPath mounts, host network, host PID) is opt-in;
 * any of it needs the "privileged" Pod Security level, which `podSecurityLevel` reports so the
 * namespace can be labelled to match: keep such daemons in a namespace of their own.
 *
 * Names: the DaemonSet, ServiceAccount, Service and NetworkPolicy are named after `name`; the
 * ClusterRole and ClusterRoleBinding `<namespace>-<name>`.
 */
@shipshapeConstruct
export class MonitoringDaemon extends ConnectableWorkload {
  /** The DaemonSet. */
  public readonly daemonSet: k8s.KubeDaemonSet;
  /** The headless metrics Service, when `metrics` is set. */
  public readonly metricsService: k8s.KubeService | undefined;
  /** The API access (ClusterRole and binding), when any is declared. */
  public readonly access: Access | undefined;
  /** What of the node the pods share. */
  public readonly hostAccess: HostAccess;
  /** The metrics port, when `metrics` is set. */
  public readonly metricsPort: number | undefined;
  private readonly metrics: ResolvedMetrics | undefined;

  constructor(scope: Construct, id: string, props: MonitoringDaemonProps) {
    super(scope, id, props, { component: 'daemon', props: MONITORING_DAEMON_PROPS });
    const p = applyDaemonPreset(this, props.preset, props);
    this.metrics = resolveMetrics(this, p.metrics);
    this.metricsPort = this.metrics?.port;

    if (this.metrics) requireServiceName(this, 'name', this.name);
    const host = resolveHostAccess(this, sourcedHostMounts(p.preset, props.hostMounts), p);
    this.hostAccess = host.access;
    const placement = daemonPlacement(this, p);
    const probes = daemonProbes(this, p, this.metrics);
    const grace = requireInteger(this, 'terminationGracePeriodSeconds', p.terminationGracePeriodSeconds ?? 30, 0);

    const pod = this.createPod(p, {
      defaultPreset: 'micro',
      annotations: host.declaration === undefined ? undefined : { [HOST_ACCESS_ANNOTATION]: host.declaration },
      ports: this.metrics ? [{ name: this.metrics.portName, containerPort: this.metrics.port }] : [],
      volumes: host.volumes,
      mounts: host.mounts,
      ...probes,
      terminationGracePeriodSeconds: grace,
      placement,
      hostNamespaces: host.hostNamespaces,
    });

    this.daemonSet = new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: objectMetadata(this.identity),
      spec: {
        selector: matchSelector(this.identity),
        updateStrategy: daemonUpdateStrategy(this, p, host.access.hostNetwork),
        minReadySeconds: requireInteger(this, 'minReadySeconds', p.minReadySeconds ?? 0, 0),
        revisionHistoryLimit: requireInteger(this, 'revisionHistoryLimit', p.revisionHistoryLimit ?? 10, 0),
        template: pod.template,
      },
    });

    this.metricsService = this.metrics && metricsService(this, this.identity, this.metrics);
    // Nothing may reach the pods until a scraper connects to the metrics port.
    this.isolateNetwork();

    const rules = clusterRules(this, p);
    if (rules.length > 0) {
      if (this.namespace === undefined) {
        fail(this, p.readCluster?.length ? 'readCluster' : 'clusterPermissions', 'declared only in a chart with a namespace (the ClusterRoleBinding names the ServiceAccount\'s namespace)', p.readCluster ?? p.clusterPermissions);
      }
      this.access = new Access(this, 'Access', { workload: this, rules, clusterWide: true, unsafeAllowWildcards: p.unsafeAllowWildcards });
    }
    if (hostAccessLevel(this.hostAccess) !== 'restricted' && !inEnvironmentOf(this)) requireEnvironmentForHostAccess(this, props);
  }

  /**
   * The Pod Security Standards level the pods need: the container security's level, raised to
   * 'privileged' by any hostPath mount, host network or host PID.
   */
  public override get podSecurityLevel(): PodSecurityLevel {
    return podSecurityLevelOf(this.pod.security, this.hostAccess);
  }

  /** The metrics port: a Prometheus connects with `prometheus.connectTo(daemon)` or `daemon.allowFrom(prometheus)`. */
  protected servedPort(): ServedPort {
    if (!this.metrics) fail(this, 'metrics', 'set to connect to this daemon (its metrics port is the only one it serves)', undefined);
    return { serviceName: this.name, servicePort: this.metrics.port, podPort: this.metrics.port };
  }
}

/** True when `daemon` sits in an Environment whose namespace it runs in (which labels that namespace to match). */
function inEnvironmentOf(daemon: MonitoringDaemon): boolean {
  for (let scope = daemon.node.scope; scope; scope = scope.node.scope) {
    // Not `instanceof`: Chart answers it for every chart, subclasses included.
    if (Object.prototype.isPrototypeOf.call(Environment.prototype, scope) && (scope as Environment).namespaceName === daemon.namespace) return true;
  }
  return false;
}

/**
 * Host access needs the namespace labelled 'privileged'. An Environment labels its own namespace to
 * match its workloads; a plain Chart's namespace is checked at 'restricted', where the policy check
 * would reject the pods at synth. Say so now, naming the prop that asked for host access.
 */
function requireEnvironmentForHostAccess(daemon: MonitoringDaemon, props: MonitoringDaemonProps): never {
  const expected = 'set only on a daemon created in an Environment (host access needs its namespace labelled \'privileged\', which an Environment does for its own namespace; in a plain Chart the namespace is checked at \'restricted\' and the policy check rejects the pods)';
  if ((props.hostMounts ?? []).length > 0) fail(daemon, 'hostMounts', expected, props.hostMounts);
  if (props.unsafeHostNetwork) fail(daemon, 'unsafeHostNetwork', expected, true);
  if (props.unsafeHostPID) fail(daemon, 'unsafeHostPID', expected, true);
  return fail(daemon, 'preset', `${expected.replace('set only on', 'used only by')}: it mounts host paths`, props.preset);
}

