import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { GivenText, ShipshapeError, fail } from './errors';
import { PropSpec, Props, PropsTable, byKind, defineProps, either, integer, optional, required, text, texts } from './props';
import { requireHttpPath, requireInteger } from './validate';

/** Timings shared by every probe kind. Kubernetes allows changing them at any time. */
export interface ProbeTimings {
  /**
   * Seconds after start before the first probe.
   * @default 0 (readiness), 10 (liveness)
   */
  readonly initialDelaySeconds?: number;
  /**
   * Seconds between probes.
   * @default 10 (readiness), 20 (liveness), 5 (startup)
   */
  readonly periodSeconds?: number;
  /**
   * Seconds before a probe times out.
   * @default 3
   */
  readonly timeoutSeconds?: number;
  /**
   * Consecutive failures before the probe fails.
   * @default 3 (readiness), 6 (liveness), 30 (startup)
   */
  readonly failureThreshold?: number;
  /**
   * Consecutive successes before a failed readiness probe passes again.
   * @default 1
   */
  readonly successThreshold?: number;
}

/** An HTTP GET probe: any status from 200 to 399 passes. */
export interface HttpProbe extends ProbeTimings {
  /** Discriminates the probe kind. */
  readonly kind: 'http';
  /**
   * The path to request.
   * @default '/'
   */
  readonly path?: string;
  /**
   * The container port, by number or name.
   * @default - the workload's main port
   */
  readonly port?: number | string;
  /**
   * HTTP or HTTPS.
   * @default 'HTTP'
   */
  readonly scheme?: 'HTTP' | 'HTTPS';
}

/** A TCP probe: passes when the port accepts a connection. */
export interface TcpProbe extends ProbeTimings {
  /** Discriminates the probe kind. */
  readonly kind: 'tcp';
  /**
   * The container port, by number or name.
   * @default - the workload's main port
   */
  readonly port?: number | string;
}

/** A command run in the container: exit code 0 passes. */
export interface ExecProbe extends ProbeTimings {
  /** Discriminates the probe kind. */
  readonly kind: 'exec';
  /** The command and its arguments (no shell unless you call one). */
  readonly command: readonly string[];
}

/** A gRPC health-checking probe (grpc.health.v1). */
export interface GrpcProbe extends ProbeTimings {
  /** Discriminates the probe kind. */
  readonly kind: 'grpc';
  /**
   * The container port number (gRPC probes take no port names).
   * @default - the workload's main port
   */
  readonly port?: number;
  /**
   * The service name sent in the health request.
   * @default - the server's overall health
   */
  readonly service?: string;
}

/** A typed probe; build one with {@link HealthProbe}. */
export type ProbeSpec = HttpProbe | TcpProbe | ExecProbe | GrpcProbe;

/**
 * A decision to run a container without a readiness probe, with the reason a reviewer reads. It
 * is written into the controller's `shipshape.dev/suppress` annotation for the `probe-readiness`
 * policy rule. Accepted where a pod serves no traffic through that container: a {@link Worker}, a
 * sidecar. Build it with `HealthProbe.none(reason)`.
 */
export interface NoProbe {
  /** Discriminates the probe kind. */
  readonly kind: 'none';
  /** Why the container needs no readiness probe: one line, without ';'. */
  readonly reason: string;
}

/** Options of a heartbeat-file liveness probe. */
export interface HeartbeatOptions extends Omit<ExecProbe, 'kind' | 'command'> {
  /**
   * The oldest the file may be, in seconds, before the probe fails.
   * @default 60
   */
  readonly maxAgeSeconds?: number;
}

const TIMING_FIELDS: PropsTable<ProbeTimings> = {
  initialDelaySeconds: optional(integer()),
  periodSeconds: optional(integer()),
  timeoutSeconds: optional(integer()),
  failureThreshold: optional(integer()),
  successThreshold: optional(integer()),
};

/** The table of {@link ProbeTimings}. */
export const PROBE_TIMINGS_PROPS = defineProps<ProbeTimings>('ProbeTimings', TIMING_FIELDS);

const PORT = either(integer(), text(), 'a port number or name');

/** The table of {@link HttpProbe}. */
export const HTTP_PROBE_PROPS = defineProps<HttpProbe>('HttpProbe', {
  ...TIMING_FIELDS, kind: required(text()), path: optional(text()), port: optional(PORT), scheme: optional(text()),
});

/** The table of {@link TcpProbe}. */
export const TCP_PROBE_PROPS = defineProps<TcpProbe>('TcpProbe', { ...TIMING_FIELDS, kind: required(text()), port: optional(PORT) });

/** The table of {@link ExecProbe}. */
export const EXEC_PROBE_PROPS = defineProps<ExecProbe>('ExecProbe', { ...TIMING_FIELDS, kind: required(text()), command: required(texts()) });

/** The table of {@link GrpcProbe}. */
export const GRPC_PROBE_PROPS = defineProps<GrpcProbe>('GrpcProbe', {
  ...TIMING_FIELDS, kind: required(text()), port: optional(integer()), service: optional(text()),
});

/** The table of {@link NoProbe}. */
export const NO_PROBE_PROPS = defineProps<NoProbe>('NoProbe', { kind: required(text()), reason: required(text()) });

/** The table of {@link HeartbeatOptions}. */
export const HEARTBEAT_OPTIONS_PROPS = defineProps<HeartbeatOptions>('HeartbeatOptions', { ...TIMING_FIELDS, maxAgeSeconds: optional(integer()) });

const PROBE_KINDS = { http: HTTP_PROBE_PROPS, tcp: TCP_PROBE_PROPS, exec: EXEC_PROBE_PROPS, grpc: GRPC_PROBE_PROPS } as Record<string, Props<unknown>>;
const BUILDERS = 'use the HealthProbe builders: HealthProbe.http(\'/healthz\'), .tcp(), .exec([…]), .grpc()';

/** The check of a {@link ProbeSpec}: one of the probe objects, by its `kind`. */
export const PROBE: PropSpec<ProbeSpec> = byKind<ProbeSpec>(PROBE_KINDS, `a probe (${BUILDERS})`);

/** The check of a readiness probe that may also be `HealthProbe.none(reason)`. */
export const PROBE_OR_NONE: PropSpec<ProbeSpec | NoProbe> = byKind<ProbeSpec | NoProbe>({ ...PROBE_KINDS, none: NO_PROBE_PROPS as Props<unknown> }, `a probe (${BUILDERS}, or .none(reason))`);

/** Builders for probes with sensible timings. */
export const HealthProbe = {
  /** HTTP GET on `path`. */
  http: (path = '/', options: Omit<HttpProbe, 'kind' | 'path'> = {}): HttpProbe => ({ kind: 'http', path, ...options }),
  /** TCP connect. */
  tcp: (options: Omit<TcpProbe, 'kind'> = {}): TcpProbe => ({ kind: 'tcp', ...options }),
  /** A command; exit code 0 passes. */
  exec: (command: readonly string[], options: Omit<ExecProbe, 'kind' | 'command'> = {}): ExecProbe => ({ kind: 'exec', command, ...options }),
  /** gRPC health check. */
  grpc: (options: Omit<GrpcProbe, 'kind'> = {}): GrpcProbe => ({ kind: 'grpc', ...options }),
  /**
   * Progress, for a process that serves no port (a queue consumer): passes while `file` was
   * modified at most `maxAgeSeconds` ago. The process touches the file on every turn of its work
   * loop, including the turns that find no work, so a hung loop fails the probe and a quiet queue
   * does not. Runs `sh`, `date` and `stat -c` (GNU coreutils or BusyBox) in the container; an
   * image without a shell runs its own check with `HealthProbe.exec` instead. Put the file on a
   * writable path, such as /tmp.
   */
  heartbeat: (file: string, options: HeartbeatOptions = {}): ExecProbe => {
    const { maxAgeSeconds = 60, ...timings } = options;
    if (typeof file !== 'string' || !file.startsWith('/')) throw new ShipshapeError('HealthProbe.heartbeat', 'file', 'an absolute path such as \'/tmp/heartbeat\'', file);
    if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 1) throw new ShipshapeError('HealthProbe.heartbeat', 'maxAgeSeconds', 'an integer of at least 1', maxAgeSeconds);
    // The file and the age travel as positional arguments ($1, $2), so no path is ever parsed as shell.
    const script = '[ -f "$1" ] && [ $(( $(date +%s) - $(stat -c %Y "$1") )) -le "$2" ]';
    return { kind: 'exec', command: ['sh', '-c', script, 'heartbeat', file, String(maxAgeSeconds)], ...timings };
  },
  /**
   * No readiness probe, for the reason given (see {@link NoProbe}): only where the container serves
   * no traffic, as a Worker's main container or a sidecar.
   */
  none: (reason: string): NoProbe => ({ kind: 'none', reason }),
};

/** Which probe a spec is for: each has its own default timings. */
export type ProbeRole = 'readiness' | 'liveness' | 'startup';

// Liveness is deliberately more tolerant than readiness: failing readiness only takes the pod out
// of the Service, failing liveness restarts it (podspec good defaults; kube-score).
const TIMINGS: Record<ProbeRole, Required<ProbeTimings>> = {
  readiness: { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3, successThreshold: 1 },
  liveness: { initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 6, successThreshold: 1 },
  startup: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 30, successThreshold: 1 },
};

/** A container port a probe may point at. */
export interface DeclaredPort {
  /** The port's name. */
  readonly name: string;
  /** The port number. */
  readonly containerPort: number;
  /** The protocol; probes connect over TCP. @default 'TCP' */
  readonly protocol?: string;
}

/** Whether probes can connect to the port: httpGet, tcpSocket and grpc probes all use TCP. */
export function isTcpPort(port: DeclaredPort): boolean {
  return (port.protocol ?? 'TCP') === 'TCP';
}

/**
 * Renders a probe for a container, filling in default timings and the main port, and checks
 * that its port is one of the container's declared ports.
 */
export function renderProbe(scope: IConstruct, prop: string, spec: ProbeSpec, role: ProbeRole, ports: readonly DeclaredPort[]): k8s.Probe {
  const t = TIMINGS[role];
  const timing = (key: keyof ProbeTimings, min: number): number => requireInteger(scope, `${prop}.${key}`, spec[key] ?? t[key], min);
  const timings = {
    initialDelaySeconds: timing('initialDelaySeconds', 0),
    periodSeconds: timing('periodSeconds', 1),
    timeoutSeconds: timing('timeoutSeconds', 1),
    failureThreshold: timing('failureThreshold', 1),
    // Kubernetes requires successThreshold 1 for liveness and startup probes.
    successThreshold: role === 'readiness' ? timing('successThreshold', 1) : requireInteger(scope, `${prop}.successThreshold`, spec.successThreshold ?? 1, 1, 1),
  };
  switch (spec.kind) {
    case 'http':
      return { httpGet: { path: requireHttpPath(scope, `${prop}.path`, spec.path ?? '/'), port: probePort(scope, prop, spec.port, ports), scheme: spec.scheme ?? 'HTTP' }, ...timings };
    case 'tcp':
      return { tcpSocket: { port: probePort(scope, prop, spec.port, ports) }, ...timings };
    case 'grpc': {
      const port = probePort(scope, prop, spec.port, ports);
      const number = ports.find((p) => isTcpPort(p) && (p.name === port.value || p.containerPort === port.value))!.containerPort;
      return { grpc: { port: number, ...(spec.service !== undefined ? { service: spec.service } : {}) }, ...timings };
    }
    case 'exec':
      if (!Array.isArray(spec.command) || spec.command.length === 0 || spec.command.some((c) => typeof c !== 'string')) {
        fail(scope, `${prop}.command`, 'a non-empty list of strings', spec.command);
      }
      return { exec: { command: [...spec.command] }, ...timings };
    default:
      return fail(scope, `${prop}.kind`, 'one of \'http\', \'tcp\', \'exec\', \'grpc\' (use the HealthProbe builders)', (spec as { kind?: unknown }).kind);
  }
}

function probePort(scope: IConstruct, prop: string, port: number | string | undefined, ports: readonly DeclaredPort[]): k8s.IntOrString {
  const tcp = ports.filter(isTcpPort);
  const listed = (list: readonly DeclaredPort[]): string => list.map((p) => `${p.name}/${p.containerPort}`).join(', ') || 'none';
  if (tcp.length === 0 && port === undefined) {
    fail(scope, `${prop}.port`, ports.length === 0 ? 'a port (the container declares none)' : `a TCP port (probes connect over TCP; the container declares only ${listed(ports)} over UDP)`, port);
  }
  const wanted = port ?? tcp[0].name;
  const declared = tcp.find((p) => p.name === wanted || p.containerPort === wanted);
  if (!declared) {
    const udp = ports.length > tcp.length;
    fail(scope, `${prop}.port`, `one of the container's declared ${udp ? 'TCP ' : ''}ports (${listed(tcp)})${udp ? ': probes connect over TCP' : ''}`, wanted);
  }
  // Named ports keep probes right when the number changes.
  return k8s.IntOrString.fromString(declared.name);
}

/** The check a probe performs, without its timings. */
function probeHandler(probe: k8s.Probe): string {
  return JSON.stringify([probe.httpGet, probe.tcpSocket, probe.exec, probe.grpc]);
}

/**
 * Throws when liveness performs the same check as readiness: a busy pod would then be restarted
 * instead of only taken out of rotation, which cascades under load (kube-score).
 */
export function requireDistinctProbes(scope: IConstruct, readiness: k8s.Probe | undefined, liveness: k8s.Probe | undefined, prop = 'livenessProbe'): void {
  if (readiness && liveness && probeHandler(readiness) === probeHandler(liveness)) {
    fail(scope, prop, 'a different check from readinessProbe (e.g. another path or a tcp probe)', new GivenText(describeCheck(liveness)));
  }
}

/** A probe's check as a reader would say it: `httpGet /healthz on port http`. */
function describeCheck(probe: k8s.Probe): string {
  const port = (value: k8s.IntOrString | number): string => String(typeof value === 'number' ? value : value.value);
  if (probe.httpGet) return `httpGet ${probe.httpGet.path ?? '/'} on port ${port(probe.httpGet.port)}`;
  if (probe.tcpSocket) return `tcpSocket on port ${port(probe.tcpSocket.port)}`;
  if (probe.grpc) return `grpc on port ${probe.grpc.port}`;
  return `exec ${(probe.exec?.command ?? []).join(' ')}`;
}

/** A rendered readiness probe, or the reason the container has none. */
export interface Readiness {
  /**
   * The probe.
   * @default - none
   */
  readonly probe?: k8s.Probe;
  /**
   * Why there is no probe (from {@link NoProbe}).
   * @default - none
   */
  readonly waiver?: string;
}

/**
 * Renders a readiness probe that may be waived with `HealthProbe.none(reason)`. The reason must
 * fit into the suppression annotation: one line, no ';'.
 */
export function renderReadiness(scope: IConstruct, prop: string, spec: ProbeSpec | NoProbe, ports: readonly DeclaredPort[]): Readiness {
  if (spec.kind !== 'none') return { probe: renderProbe(scope, prop, spec, 'readiness', ports) };
  const reason = typeof spec.reason === 'string' ? spec.reason.trim() : '';
  if (reason === '' || /[;\n\r]/.test(reason)) fail(scope, `${prop}.reason`, 'why the container needs no readiness probe, on one line and without \';\'', spec.reason);
  return { waiver: reason };
}
