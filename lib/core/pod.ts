import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { configChecksum } from './config';
import { CONTAINER_SETTINGS_FIELDS, ContainerPortSpec, ContainerSettings, HardenedContainer, PodVolumeContext, hardenedContainer } from './container';
import { POD_CONTAINERS_PROPS, PodContainersProps, PodPort, extraContainers, requireDistinctPorts } from './extra-containers';
import { fail } from './errors';
import { Identity, matchSelector, objectMetadata } from './identity';
import { ImageReference } from '../kube/image';
import { mostPermissiveLevel } from '../kube/pod-security';
import { CONFIG_CHECKSUM_ANNOTATION, HOST_ACCESS_ANNOTATION } from '../kube/vocabulary';
import { PodMount, ScratchPath } from './mounts';
import { PropsTable, defineProps, map, optional, required, shape, text } from './props';
import { requireQuantity } from './quantity';
import { RESOURCES_PROPS, ResourcePreset, ResourcesProps } from './resources';
import { HardenedSecurity, SECURITY_PROPS, SecurityProps, hardenedSecurity } from './security';
import { requireAnnotations, requireDnsLabel, requireInteger } from './validate';

/**
 * The container settings every Shipshape workload shares: its main container's, the pod's, and
 * the init containers and sidecars beside the main container.
 */
export interface WorkloadContainerProps extends ContainerSettings, PodContainersProps {
  /**
   * The main container's image, pinned by a tag other than `latest` or by a digest. Its tag also
   * becomes the `app.kubernetes.io/version` label. Changing it rolls the pods.
   */
  readonly image: string;
  /**
   * Requests and limits, merged with a preset field by field. Changeable.
   * @default - the construct's preset
   */
  readonly resources?: ResourcesProps;
  /**
   * The security context of the pod and its main container; defaults pass PSS "restricted".
   * Changeable.
   * @default - hardened
   */
  readonly security?: SecurityProps;
  /**
   * Annotations on the pod template. Changeable; a change rolls the pods.
   * @default - none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

/** The fields of {@link WorkloadContainerProps}, for the tables of the constructs that take them. */
export const CONTAINER_FIELDS: PropsTable<WorkloadContainerProps> = {
  ...CONTAINER_SETTINGS_FIELDS,
  ...POD_CONTAINERS_PROPS.fields,
  image: required(text()),
  resources: optional(shape(RESOURCES_PROPS)),
  security: optional(shape(SECURITY_PROPS)),
  podAnnotations: optional(map(text(), '{ \'example.com/team\': \'shop\' }')),
};

/** The table of {@link WorkloadContainerProps}. */
export const WORKLOAD_CONTAINER_PROPS = defineProps<WorkloadContainerProps>('WorkloadContainerProps', CONTAINER_FIELDS);

/** What a construct adds to the shared container settings. */
export interface PodExtras {
  /** The resource preset when the user gives none. */
  readonly defaultPreset: ResourcePreset;
  /**
   * The main container's ports.
   * @default - none
   */
  readonly ports?: readonly ContainerPortSpec[];
  /** Security defaults of the construct (e.g. an engine's fsGroup), under the user's own. */
  readonly securityDefaults?: SecurityProps;
  /**
   * Writable paths the construct needs (path to size limit and what asks for it), beside /tmp;
   * the user's `writablePaths` may resize them.
   * @default - none
   */
  readonly writablePaths?: Readonly<Record<string, ScratchPath>>;
  /**
   * Env vars the construct sets (before the user's).
   * @default - none
   */
  readonly env?: readonly k8s.EnvVar[];
  /**
   * What sets `env`, for the error when a user's variable has the same name ('the postgres preset').
   * @default 'the construct'
   */
  readonly envOrigin?: string;
  /**
   * Further pod volumes (e.g. host paths, claims).
   * @default - none
   */
  readonly volumes?: readonly k8s.Volume[];
  /**
   * Further mounts in the main container, each with the prop that set its path.
   * @default - none
   */
  readonly mounts?: readonly PodMount[];
  /**
   * Pod template annotations of the construct (a daemon's host-access declaration).
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * The rendered readiness probe.
   * @default - none
   */
  readonly readinessProbe?: k8s.Probe;
  /**
   * The rendered liveness probe.
   * @default - none
   */
  readonly livenessProbe?: k8s.Probe;
  /**
   * The rendered startup probe.
   * @default - none
   */
  readonly startupProbe?: k8s.Probe;
  /**
   * Lifecycle hooks (e.g. a preStop sleep).
   * @default - none
   */
  readonly lifecycle?: k8s.Lifecycle;
  /**
   * Spread the pods over nodes (topology spread + preferred anti-affinity), away from the pods
   * of this identity: the workload's own (`true`), or a wider set, such as every member of a
   * replicated database.
   * @default false
   */
  readonly spread?: boolean | Identity;
  /**
   * A Deployment or StatefulSet: every long-running container needs a readiness probe or a
   * recorded reason for none.
   * @default false
   */
  readonly readinessRequired?: boolean;
  /**
   * Names of containers the construct adds to the pod itself, which init containers and sidecars
   * may not take (a replicated database's clone-primary).
   * @default - none
   */
  readonly ownContainerNames?: readonly string[];
  /**
   * Why the main container has no readiness probe (a Worker's `HealthProbe.none`).
   * @default - it has one, or none is required
   */
  readonly readinessWaiver?: string;
  /**
   * The pod's restartPolicy.
   * @default - Kubernetes' default (Always)
   */
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  /**
   * Seconds between SIGTERM and SIGKILL.
   * @default - Kubernetes' default (30)
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Where the pods may run (a daemon's node selection and tolerations).
   * @default - anywhere
   */
  readonly placement?: PodPlacement;
  /**
   * The node namespaces the pods share (a daemon's host network or PID, behind `unsafe…` props).
   * @default - none
   */
  readonly hostNamespaces?: HostNamespaces;
}

/**
 * The scheduling fields of a pod spec a construct may set. Named fields only: nothing here can
 * undo the hardened security context, volumes or containers.
 */
export type PodPlacement = Pick<k8s.PodSpec, 'nodeSelector' | 'affinity' | 'tolerations' | 'priorityClassName'>;

/** The host namespaces a pod may share, with the DNS policy host networking needs. */
export type HostNamespaces = Pick<k8s.PodSpec, 'hostNetwork' | 'hostPid' | 'dnsPolicy'>;

/** The pod template annotations Shipshape writes itself, which `podAnnotations` may not set. */
const MANAGED_POD_ANNOTATIONS = [CONFIG_CHECKSUM_ANNOTATION, HOST_ACCESS_ANNOTATION];

/** A pod template and what it is made of. */
export interface HardenedPod {
  /** The pod template for the controller's spec.template. */
  readonly template: k8s.PodTemplateSpec;
  /** The pod spec, held by reference: connections and access grants amend it before synth. */
  readonly spec: k8s.PodSpec;
  /** The main container, held by reference. */
  readonly container: k8s.Container;
  /** The main container's environment, held by reference: connections append to it. */
  readonly env: k8s.EnvVar[];
  /** The pod's security contexts; `level` is the level of the whole pod, every container's included. */
  readonly security: HardenedSecurity;
  /** Containers that run without a readiness probe, and why (see `HealthProbe.none`). */
  readonly readinessWaivers: readonly { readonly container: string; readonly reason: string }[];
}

/**
 * Builds the hardened pod template every Shipshape workload runs: its main container, init
 * containers and sidecars, each built by {@link hardenedContainer} (explicit resources, a
 * read-only root filesystem with emptyDir writable paths, the restricted security context), scratch
 * volumes the containers share, a dedicated ServiceAccount whose token is not mounted, no service
 * links, and optional spreading.
 */
export function hardenedPod(scope: IConstruct, identity: Identity, image: ImageReference, props: WorkloadContainerProps, serviceAccountName: string, extras: PodExtras): HardenedPod {
  const security = hardenedSecurity(scope, { ...extras.securityDefaults, ...props.security });
  const extra = extraContainers(scope, props, [identity.name, ...(extras.ownContainerNames ?? [])], security.pod, {
    readinessRequired: extras.readinessRequired ?? false,
    runsToCompletion: extras.restartPolicy !== undefined && extras.restartPolicy !== 'Always',
  });

  // Every volume name is handed out once per pod: the construct's and the shared volumes' exactly
  // as named, the containers' own around them.
  const taken = new Set<string>((extras.volumes ?? []).map((v) => v.name));
  const shared = sharedVolumes(scope, props.sharedVolumes, taken);
  const volumes: PodVolumeContext = {
    identity,
    sharedVolumes: new Set(shared.map((v) => v.name)),
    volumeName: (base) => uniqueVolumeName(base, taken),
    pathVolumeName: (path, prefix) => pathVolumeName(path, taken, prefix),
  };
  const mainPorts = extras.ports ?? [];
  const main = hardenedContainer(scope, volumes, {
    name: identity.name,
    prop: '',
    image,
    settings: props,
    resources: props.resources,
    defaultPreset: extras.defaultPreset,
    securityContext: security.container,
    config: { configMapName: `${identity.name}-config`, constructId: 'ConfigMap', defaultMountPath: `/etc/${identity.name}` },
    volumePrefix: '',
    ports: mainPorts,
    env: extras.env ?? [],
    envOrigin: extras.envOrigin,
    writablePaths: extras.writablePaths ?? {},
    mounts: extras.mounts ?? [],
    probes: { readiness: extras.readinessProbe, liveness: extras.livenessProbe, startup: extras.startupProbe },
    lifecycle: extras.lifecycle,
  });
  const built = extra.map((c) => ({ extra: c, built: hardenedContainer(scope, volumes, c.blueprint) }));
  requireDistinctPorts(scope, [
    ...mainPorts.map((port): PodPort => ({ prop: 'the main container', port, longRunning: true })),
    ...extra.flatMap((c) => c.blueprint.ports.map((port, i): PodPort => ({ prop: `${c.blueprint.prop}.ports[${i}]`, port, longRunning: c.longRunning }))),
  ]);
  requireSharedVolumesShared(scope, [main, ...built.map((b) => b.built)], shared);

  const initContainers = built.filter((b) => b.extra.initList).map((b) => b.built.container);
  const spec: k8s.PodSpec = {
    serviceAccountName,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: security.pod,
    ...(initContainers.length > 0 ? { initContainers } : {}),
    containers: [main.container, ...built.filter((b) => !b.extra.initList).map((b) => b.built.container)],
    volumes: [
      ...main.scratchVolumes, ...(extras.volumes ?? []), ...main.configVolumes, ...shared,
      ...built.flatMap((b) => [...b.built.scratchVolumes, ...b.built.configVolumes]),
    ],
    ...(extras.restartPolicy ? { restartPolicy: extras.restartPolicy } : {}),
    ...(extras.terminationGracePeriodSeconds !== undefined
      ? { terminationGracePeriodSeconds: requireInteger(scope, 'terminationGracePeriodSeconds', extras.terminationGracePeriodSeconds, 0) }
      : {}),
    ...(extras.spread ? spreadOverNodes(extras.spread === true ? identity : extras.spread) : {}),
    ...extras.placement,
    ...extras.hostNamespaces,
  };
  const configMaps = [main, ...built.map((b) => b.built)].flatMap((c) => (c.configMap ? [c.configMap] : []));
  if (props.podAnnotations !== undefined) requireAnnotations(scope, 'podAnnotations', props.podAnnotations, MANAGED_POD_ANNOTATIONS);
  const annotations = { ...configChecksum(configMaps), ...extras.annotations, ...props.podAnnotations };
  requireAnnotations(scope, 'podAnnotations', annotations);
  const template: k8s.PodTemplateSpec = {
    metadata: { labels: objectMetadata(identity).labels, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec,
  };
  const level = mostPermissiveLevel([security.level, ...extra.map((c) => c.level)]);
  const readinessWaivers = [
    ...(extras.readinessWaiver !== undefined ? [{ container: identity.name, reason: extras.readinessWaiver }] : []),
    ...extra.flatMap((c) => (c.readinessWaiver !== undefined ? [{ container: c.blueprint.name, reason: c.readinessWaiver }] : [])),
  ];
  return { template, spec, container: main.container, env: main.env, security: { ...security, level }, readinessWaivers };
}

/** The shared scratch volumes, validated, named exactly as declared. */
function sharedVolumes(scope: IConstruct, declared: Readonly<Record<string, string>> | undefined, taken: Set<string>): k8s.Volume[] {
  return Object.keys(declared ?? {}).sort().map((name) => {
    const prop = `sharedVolumes.${name}`;
    requireDnsLabel(scope, prop, name);
    if (taken.has(name)) fail(scope, prop, 'a name the workload\'s own volumes do not use', name);
    taken.add(name);
    const size = declared![name];
    requireQuantity(scope, prop, size, { expected: 'a size limit quantity such as \'64Mi\'' });
    return { name, emptyDir: { sizeLimit: k8s.Quantity.fromString(size) } };
  });
}

/** A shared volume mounted by one container is a writable path in disguise; by none, a mistake. */
function requireSharedVolumesShared(scope: IConstruct, containers: readonly HardenedContainer[], shared: readonly k8s.Volume[]): void {
  for (const volume of shared) {
    const users = containers.filter((c) => (c.container.volumeMounts ?? []).some((m) => m.name === volume.name)).map((c) => c.container.name);
    if (users.length < 2) {
      fail(scope, `sharedVolumes.${volume.name}`, 'mounted by at least two containers through their sharedMounts (one container\'s scratch space is a writablePaths entry)', users);
    }
  }
}

/** A volume name no other volume of the pod has: `base`, or `base-2`, `base-3` … (at most 63 characters). */
function uniqueVolumeName(base: string, taken: Set<string>): string {
  const stem = base.slice(0, 56).replace(/-+$/, '');
  let name = base.length <= 63 ? base : stem;
  for (let n = 2; taken.has(name); n++) name = `${stem}-${n}`;
  taken.add(name);
  return name;
}

/**
 * A readable, unique volume name for a path: `/var/run/postgresql` becomes `var-run-postgresql`,
 * with `prefix` in front (`host-var-log`) and a number behind when the name is taken. Names of
 * the config and secret volumes are never handed out.
 */
export function pathVolumeName(path: string, taken: Set<string>, prefix = ''): string {
  const slug = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const base = `${prefix}${prefix && slug ? '-' : ''}${slug}`.slice(0, 56).replace(/-+$/, '') || 'volume';
  const reserved = (name: string): boolean => taken.has(name) || name === 'config' || /^secret-\d+$/.test(name);
  let name = base;
  for (let n = 2; reserved(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/**
 * Soft spreading over nodes: a topology spread constraint (ScheduleAnyway) and a preferred
 * anti-affinity, both on kubernetes.io/hostname and the workload's own selector. Never
 * `required`: that leaves replicas pending on small clusters (kube-score; Polaris).
 */
export function spreadOverNodes(identity: Identity): Pick<k8s.PodSpec, 'topologySpreadConstraints' | 'affinity'> {
  const labelSelector = matchSelector(identity);
  return {
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector }],
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector } },
        ],
      },
    },
  };
}
