import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { CONTAINER_PORT_PROPS, CONTAINER_SETTINGS_FIELDS, ContainerBlueprint, ContainerPortSpec, ContainerSettings } from './container';
import { fail } from './errors';
import { requirePinnedImage } from './image';
import { HealthProbe, NoProbe, PROBE, PROBE_OR_NONE, ProbeSpec, isTcpPort, renderProbe, renderReadiness, requireDistinctProbes } from './probes';
import { PropsTable, defineProps, flag, list, map, optional, required, shape, text } from './props';
import { NO_DEFAULT_SIZE, RESOURCES_PROPS, ResourcesProps } from './resources';
import { CONTAINER_SECURITY_PROPS, ContainerSecurityProps, containerSecurity } from './security';
import { PodSecurityLevel } from '../kube/pod-security';
import { requireDnsLabel, requireOneOf, requirePort, requirePortName } from './validate';

/**
 * A container beside the workload's main one: an init container, and what a sidecar takes besides
 * its probes. It is hardened exactly like the main container, by the same code.
 */
export interface ExtraContainerProps extends ContainerSettings {
  /**
   * The container's name: a DNS-1123 label no other container of the pod has (the main
   * container is named after the workload). Changeable; a change rolls the pods.
   */
  readonly name: string;
  /**
   * Requests and limits. An extra container has no default size (its needs have nothing to do
   * with the main container's): give a `preset`, merged field by field like the main
   * container's, or a limit for each of cpu, memory and ephemeralStorage (a request left out
   * equals its limit). Changeable.
   */
  readonly resources: ResourcesProps;
  /**
   * The container's security context; the defaults pass PSS "restricted", as the main
   * container's do, and the `allowRunAsRoot` and `unsafe…` opt-outs apply to this container only.
   * Its uid and gid default to 10001, whatever the main container runs as. Changeable.
   * @default - hardened
   */
  readonly security?: ContainerSecurityProps;
  /**
   * Ports the container listens on. Their names and numbers must differ from every other
   * container's: the containers of a pod share one network namespace, and Services and probes
   * that name a port take the first container that declares it. Changeable.
   * @default - none
   */
  readonly ports?: readonly ContainerPortSpec[];
}

/**
 * A container that runs alongside the main one for the pod's whole life: a log shipper, a metrics
 * exporter, an auth proxy.
 */
export interface SidecarProps extends ExtraContainerProps {
  /**
   * Its readiness probe. A Deployment or StatefulSet gates rollouts on every container being
   * ready, so there a sidecar without ports needs a probe or `HealthProbe.none(reason)`.
   * Changeable.
   * @default - TCP on its first port; none when it has no ports (a DaemonSet's or a Job's)
   */
  readonly readinessProbe?: ProbeSpec | NoProbe;
  /**
   * A liveness probe; must check something other than readiness. Changeable.
   * @default - none
   */
  readonly livenessProbe?: ProbeSpec;
  /**
   * A startup probe; a native sidecar counts as started (and the next container starts) only when
   * it passes. Changeable.
   * @default - none
   */
  readonly startupProbe?: ProbeSpec;
  /**
   * Runs it as a native sidecar: an init container with `restartPolicy: Always`, which starts
   * before the init containers and the main container, stops after the main container, and does
   * not keep a Job from completing. Needs Kubernetes 1.29 or later (the SidecarContainers feature,
   * on by default from 1.29): a 1.28 API server drops the field, and the sidecar then runs as an
   * init container that never finishes, so the pod never starts. Left off, the sidecar is a second
   * entry in `containers`, which every version runs. A Task's or CronTask's sidecars must be
   * native. Changeable (a Job's pod template is not).
   * @default false
   */
  readonly native?: boolean;
}

/** The containers a workload's pod runs besides the main one, and the scratch space they share. */
export interface PodContainersProps {
  /**
   * Containers that run to completion, one after the other, before the main container starts:
   * a migration, a config renderer, a wait for a dependency. They take no probes. Changeable
   * (a Job's pod template is not).
   * @default - none
   */
  readonly initContainers?: readonly ExtraContainerProps[];
  /**
   * Containers that run beside the main container. Changeable (a Job's pod template is not).
   * @default - none
   */
  readonly sidecars?: readonly SidecarProps[];
  /**
   * Scratch space several containers of the pod share (name to emptyDir size limit), declared
   * once here and mounted by each container through its `sharedMounts`: for example a file an
   * init container renders and the main container reads. Each must be mounted by at least two
   * containers. Changeable.
   * @default - none
   */
  readonly sharedVolumes?: Readonly<Record<string, string>>;
}

const EXTRA_CONTAINER_FIELDS: PropsTable<ExtraContainerProps> = {
  ...CONTAINER_SETTINGS_FIELDS,
  name: required(text()),
  resources: required({ ...shape(RESOURCES_PROPS), expected: NO_DEFAULT_SIZE }),
  security: optional(shape(CONTAINER_SECURITY_PROPS)),
  ports: optional(list(shape(CONTAINER_PORT_PROPS))),
};

const NO_PROBES = 'unset: an init container runs to completion before the main container starts, and Kubernetes rejects probes on it (a sidecar with native: true keeps running and may have probes)';

/** The table of {@link ExtraContainerProps}; probes are refused by name (an init container takes none). */
export const EXTRA_CONTAINER_PROPS = defineProps<ExtraContainerProps>('ExtraContainerProps', EXTRA_CONTAINER_FIELDS,
  { readinessProbe: NO_PROBES, livenessProbe: NO_PROBES, startupProbe: NO_PROBES });

/** The table of {@link SidecarProps}. */
export const SIDECAR_PROPS = defineProps<SidecarProps>('SidecarProps', {
  ...EXTRA_CONTAINER_FIELDS,
  readinessProbe: optional(PROBE_OR_NONE),
  livenessProbe: optional(PROBE),
  startupProbe: optional(PROBE),
  native: optional(flag()),
});

/** The table of {@link PodContainersProps}. */
export const POD_CONTAINERS_PROPS = defineProps<PodContainersProps>('PodContainersProps', {
  initContainers: optional(list(shape(EXTRA_CONTAINER_PROPS), 'a list of containers')),
  sidecars: optional(list(shape(SIDECAR_PROPS), 'a list of containers')),
  sharedVolumes: optional(map(text('a size limit quantity such as \'64Mi\''), '{ rendered: \'16Mi\' }')),
});

/** How the construct's pods run, which decides what its extra containers may be. */
export interface PodLifecycle {
  /** A Deployment or StatefulSet: rollouts gate on every long-running container's readiness. */
  readonly readinessRequired: boolean;
  /** A Job's pod: its sidecars must be native, or the Job never completes. */
  readonly runsToCompletion: boolean;
}

/** An init container or sidecar, ready to be built, and what it adds to the pod. */
export interface ExtraContainer {
  /** What the hardened pod builds it from. */
  readonly blueprint: ContainerBlueprint;
  /** True for init containers and native sidecars: it goes into `initContainers`. */
  readonly initList: boolean;
  /** True unless it is a plain init container: it runs while the pod serves. */
  readonly longRunning: boolean;
  /** The Pod Security Standards level its security context needs. */
  readonly level: PodSecurityLevel;
  /** Why it has no readiness probe, when that must be recorded. */
  readonly readinessWaiver?: string;
}

const PROBE_PROPS = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;

/**
 * Validates the init containers and sidecars and turns them into blueprints, in the order they
 * run: native sidecars first (so init containers can use them, e.g. a proxy), then the init
 * containers as listed, then the sidecars that run in `containers`. `containerNames` are the
 * names taken already: the main container's (the workload's), then any the construct adds itself.
 */
export function extraContainers(scope: IConstruct, props: PodContainersProps, containerNames: readonly string[], pod: k8s.PodSecurityContext, lifecycle: PodLifecycle): ExtraContainer[] {
  const [workloadName, ...own] = containerNames;
  const inits = listOf(scope, 'initContainers', props.initContainers);
  const sidecars = listOf(scope, 'sidecars', props.sidecars);
  const names = new Map<string, string>([[workloadName, 'the main container'], ...own.map((name): [string, string] => [name, 'the workload\'s own container'])]);
  const claimName = (prop: string, name: unknown): string => {
    const valid = requireDnsLabel(scope, `${prop}.name`, name);
    const other = names.get(valid);
    if (other !== undefined) fail(scope, `${prop}.name`, `a name no other container of the pod has (${other} has it)`, valid);
    names.set(valid, prop);
    return valid;
  };

  const initContainers = inits.map((c, i): ExtraContainer => {
    const prop = `initContainers[${i}]`;
    const name = claimName(prop, c?.name);
    for (const probe of PROBE_PROPS) {
      const given = (c as unknown as Record<string, unknown>)[probe];
      if (given !== undefined) {
        fail(scope, `${prop}.${probe}`, 'unset: an init container runs to completion before the main container starts, and Kubernetes rejects probes on it (a sidecar with native: true keeps running and may have probes)', given);
      }
    }
    const security = containerSecurity(scope, c.security, `${prop}.security`, pod);
    return {
      blueprint: blueprintOf(scope, workloadName, prop, name, c, security.context, portsOf(scope, prop, c.ports), {}),
      initList: true, longRunning: false, level: security.level,
    };
  });

  const sidecarContainers = sidecars.map((c, i): ExtraContainer => {
    const prop = `sidecars[${i}]`;
    const name = claimName(prop, c?.name);
    const native = c.native ?? false;
    if (typeof native !== 'boolean') fail(scope, `${prop}.native`, 'true or false', native);
    if (lifecycle.runsToCompletion && !native) {
      fail(scope, `${prop}.native`, 'true in a Job\'s pod: a sidecar in containers keeps running after the main container exits, so the Job never completes (native sidecars need Kubernetes 1.29 or later)', c.native);
    }
    const ports = portsOf(scope, prop, c.ports);
    const readinessSpec = c.readinessProbe ?? (ports.some(isTcpPort) ? HealthProbe.tcp() : undefined);
    if (readinessSpec === undefined && lifecycle.readinessRequired) {
      fail(scope, `${prop}.readinessProbe`, 'a probe (HealthProbe.http/tcp/exec/grpc), or HealthProbe.none(reason) for a sidecar without TCP ports (a Deployment or StatefulSet rolls out only when every container is ready)', undefined);
    }
    const readiness = readinessSpec === undefined ? {} : renderReadiness(scope, `${prop}.readinessProbe`, readinessSpec, ports);
    const liveness = c.livenessProbe && renderProbe(scope, `${prop}.livenessProbe`, c.livenessProbe, 'liveness', ports);
    const startup = c.startupProbe && renderProbe(scope, `${prop}.startupProbe`, c.startupProbe, 'startup', ports);
    requireDistinctProbes(scope, readiness.probe, liveness, `${prop}.livenessProbe`);
    const security = containerSecurity(scope, c.security, `${prop}.security`, pod);
    const blueprint = blueprintOf(scope, workloadName, prop, name, c, security.context, ports, { readiness: readiness.probe, liveness, startup });
    return {
      blueprint: native ? { ...blueprint, restartPolicy: 'Always' } : blueprint,
      initList: native, longRunning: true, level: security.level,
      ...(readiness.waiver !== undefined && lifecycle.readinessRequired ? { readinessWaiver: readiness.waiver } : {}),
    };
  });

  return [...sidecarContainers.filter((c) => c.initList), ...initContainers, ...sidecarContainers.filter((c) => !c.initList)];
}

function listOf<T>(scope: IConstruct, prop: string, value: readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(scope, prop, 'a list of containers', value);
  return value;
}

function blueprintOf(scope: IConstruct, workloadName: string, prop: string, name: string, c: ExtraContainerProps, securityContext: k8s.SecurityContext,
  ports: readonly ContainerPortSpec[], probes: ContainerBlueprint['probes']): ContainerBlueprint {
  return {
    name,
    prop,
    image: requirePinnedImage(scope, `${prop}.image`, c.image),
    settings: c,
    resources: c.resources,
    defaultPreset: undefined,
    securityContext,
    config: { configMapName: `${workloadName}-${name}-config`, constructId: `ConfigMap-${name}`, defaultMountPath: `/etc/${name}` },
    volumePrefix: name,
    ports,
    env: [],
    writablePaths: {},
    mounts: [],
    probes,
  };
}

function portsOf(scope: IConstruct, prop: string, ports: readonly ContainerPortSpec[] | undefined): ContainerPortSpec[] {
  if (ports === undefined) return [];
  if (!Array.isArray(ports)) fail(scope, `${prop}.ports`, 'a list of ports', ports);
  return ports.map((p, i) => ({
    name: requirePortName(scope, `${prop}.ports[${i}].name`, p?.name),
    containerPort: requirePort(scope, `${prop}.ports[${i}].containerPort`, p.containerPort),
    protocol: p.protocol === undefined ? undefined : requireOneOf(scope, `${prop}.ports[${i}].protocol`, p.protocol, ['TCP', 'UDP'] as const),
  }));
}

/** A port of some container of the pod, for the checks across containers. */
export interface PodPort {
  /** The prop that declares it. */
  readonly prop: string;
  /** The port. */
  readonly port: ContainerPortSpec;
  /** Whether its container runs while the pod serves (it then holds the port number). */
  readonly longRunning: boolean;
}

/**
 * Port names are distinct across the pod's containers (a Service or probe naming a port takes the
 * first container that declares it), and so are the numbers of the containers that run side by
 * side (they share one network namespace).
 */
export function requireDistinctPorts(scope: IConstruct, ports: readonly PodPort[]): void {
  const names = new Map<string, string>();
  const numbers = new Map<string, string>();
  for (const { prop, port, longRunning } of ports) {
    const otherName = names.get(port.name);
    if (otherName !== undefined) fail(scope, `${prop}.name`, `a port name no other container of the pod declares (${otherName} does)`, port.name);
    names.set(port.name, prop);
    if (!longRunning) continue;
    const key = `${port.containerPort}/${port.protocol ?? 'TCP'}`;
    const otherNumber = numbers.get(key);
    if (otherNumber !== undefined) fail(scope, `${prop}.containerPort`, `a port no other container of the pod listens on (${otherNumber} does)`, port.containerPort);
    numbers.set(key, prop);
  }
}
