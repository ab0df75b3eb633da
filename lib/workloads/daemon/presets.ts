import { IConstruct } from 'constructs';
import { ResourcesProps } from '../../core/resources';
import { SecurityProps } from '../../core/security';
import { requireOneOf } from '../../core/validate';
import { HostMount, SourcedHostMount } from './host-access';
import { DaemonMetricsProps } from './metrics';

/** The props a preset may set: a bundle of the daemon's own options. */
export interface MonitoringDaemonPresetProps {
  /**
   * Arguments to the entrypoint.
   * @default - none
   */
  readonly args?: readonly string[];
  /**
   * Security context settings.
   * @default - none
   */
  readonly security?: SecurityProps;
  /**
   * Requests and limits.
   * @default - none
   */
  readonly resources?: ResourcesProps;
  /**
   * Node paths mounted read-only.
   * @default - none
   */
  readonly hostMounts?: readonly HostMount[];
  /**
   * The metrics port.
   * @default - none
   */
  readonly metrics?: DaemonMetricsProps;
  /**
   * Resources read through the API.
   * @default - none
   */
  readonly readCluster?: readonly string[];
  /**
   * Node labels the daemon runs on.
   * @default - none
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
}

/**
 * A named bundle of options for a common kind of agent:
 *
 * - `'node-metrics'` (node-exporter style): mounts the node's `/proc` and `/sys` read-only at
 *   `/host/proc` and `/host/sys` and passes `--path.procfs` / `--path.sysfs` to match; metrics
 *   on port 9100 at `/metrics`; Linux nodes only; no API access; runs as the default non-root
 *   user (both trees are world-readable). Host PID and host network are typical for this kind of
 *   agent (per-process and per-interface statistics of the node) but stay off: set
 *   `unsafeHostPID` / `unsafeHostNetwork` to opt in.
 * - `'log-shipper'` (fluent-bit style): mounts `/var/log` and `/var/lib/docker/containers`
 *   read-only (pod logs are symlinks into them); metrics on port 2020 at
 *   `/api/v1/metrics/prometheus` (your configuration must turn on the HTTP server); Linux nodes
 *   only; reads `pods` and `namespaces` to enrich records with their metadata; 128Mi of memory.
 *   It runs as uid 10001 with primary group 0 (root) instead of as root: containerd and Docker
 *   write container logs as root:root with mode 0640, so group read is enough. Runtimes or
 *   distributions that keep logs owner-only (CRI-O before conmon 2.1.13: 0600; Talos: /var/log
 *   0700) need `security: { allowRunAsRoot: true }`. Keep the tail position database in a
 *   writable path such as `/tmp`: the host mounts are read-only.
 *
 * Your own props override the preset's: `hostMounts` add to the preset's (the same host path
 * replaces the preset's mount), `readCluster` adds resources, `security`, `resources`,
 * `metrics` and `nodeSelector` merge field by field, `args` replace the preset's.
 */
export type MonitoringDaemonPreset = 'node-metrics' | 'log-shipper';

/** The option bundles behind {@link MonitoringDaemonPreset}. */
export const MONITORING_DAEMON_PRESETS: Readonly<Record<MonitoringDaemonPreset, MonitoringDaemonPresetProps>> = {
  'node-metrics': {
    args: ['--path.procfs=/host/proc', '--path.sysfs=/host/sys'],
    hostMounts: [
      { hostPath: '/proc', mountPath: '/host/proc' },
      { hostPath: '/sys', mountPath: '/host/sys' },
    ],
    metrics: { port: 9100, path: '/metrics' },
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    resources: { preset: 'micro' },
  },
  'log-shipper': {
    hostMounts: [
      { hostPath: '/var/log' },
      { hostPath: '/var/lib/docker/containers' },
    ],
    metrics: { port: 2020, path: '/api/v1/metrics/prometheus' },
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    readCluster: ['pods', 'namespaces'],
    security: { runAsGroup: 0 },
    resources: { preset: 'micro', memory: { limit: '128Mi' } },
  },
};

/** The names of the presets, for validation and documentation. */
export const MONITORING_DAEMON_PRESET_NAMES = Object.keys(MONITORING_DAEMON_PRESETS) as MonitoringDaemonPreset[];

/** Applies a preset under the user's props (see {@link MonitoringDaemonPreset} for the merge rules). */
export function applyDaemonPreset<T extends MonitoringDaemonPresetProps>(scope: IConstruct, preset: MonitoringDaemonPreset | undefined, props: T): T {
  if (preset === undefined) return props;
  const base = MONITORING_DAEMON_PRESETS[requireOneOf(scope, 'preset', preset, MONITORING_DAEMON_PRESET_NAMES)];
  const own = new Set((props.hostMounts ?? []).map((m) => m.hostPath));
  const readCluster = [...new Set([...(base.readCluster ?? []), ...(props.readCluster ?? [])])];
  return {
    ...props,
    args: props.args ?? base.args,
    hostMounts: [...(base.hostMounts ?? []).filter((m) => !own.has(m.hostPath)), ...(props.hostMounts ?? [])],
    readCluster: readCluster.length > 0 ? readCluster : undefined,
    security: merged(base.security, props.security),
    resources: merged(base.resources, props.resources),
    metrics: base.metrics || props.metrics ? { ...base.metrics, ...props.metrics } as DaemonMetricsProps : undefined,
    nodeSelector: merged(base.nodeSelector, props.nodeSelector),
  };
}

/**
 * The host mounts of a daemon with where each comes from: the preset's (unless the user mounts the
 * same host path) first, then the user's `hostMounts`.
 */
export function sourcedHostMounts(preset: MonitoringDaemonPreset | undefined, own: readonly HostMount[] | undefined): SourcedHostMount[] {
  const base = preset === undefined ? [] : MONITORING_DAEMON_PRESETS[preset].hostMounts ?? [];
  const ownPaths = new Set((own ?? []).map((m) => m.hostPath));
  return [
    ...base.filter((m) => !ownPaths.has(m.hostPath)).map((mount) => ({ mount, prop: `preset '${preset}' hostMount ${mount.hostPath}`, userSet: false })),
    ...(own ?? []).map((mount, i) => ({ mount, prop: `hostMounts[${i}]`, userSet: true })),
  ];
}

function merged<V extends object>(base: V | undefined, own: V | undefined): V | undefined {
  return base === undefined && own === undefined ? undefined : { ...base, ...own } as V;
}
