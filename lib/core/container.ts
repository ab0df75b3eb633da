import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { CONFIG_PROPS, ConfigProps, ConfigWiring, ENV_VALUE, SECRETS_PROPS, SecretsProps, literalEnv, propAt, requireDistinctEnv, wireConfig } from './config';
import { fail } from './errors';
import { Identity } from './identity';
import { PullPolicy, resolvePullPolicy } from './image';
import { ImageReference } from '../kube/image';
import { PodMount, ScratchPath, requireDistinctMounts, scratchSpace } from './mounts';
import { PropsTable, defineProps, flag, integer, list, map, optional, required, shape, text, texts } from './props';
import { ResourcePreset, ResourcesProps, resolveResources } from './resources';
import { requireAbsolutePath } from './validate';

/** A port a container listens on. */
export interface ContainerPortSpec {
  /** The port's name, an IANA service name that Services and probes refer to. */
  readonly name: string;
  /** The port the process listens on. */
  readonly containerPort: number;
  /**
   * The protocol.
   * @default 'TCP'
   */
  readonly protocol?: 'TCP' | 'UDP';
}

/** A mount of one of the workload's `sharedVolumes` in a container. */
export interface SharedMount {
  /** The shared volume's name, as declared in the workload's `sharedVolumes`. */
  readonly volume: string;
  /** Where the container sees it. */
  readonly mountPath: string;
  /**
   * Mounts it read-only, for a container that only reads what another one writes.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * The settings every container of a Shipshape pod takes, the main container, init containers and
 * sidecars alike. All of them are changeable; a change rolls the pods (a Job's pod template
 * cannot change at all).
 */
export interface ContainerSettings {
  /** The container image, pinned by a tag other than `latest` or by a digest. */
  readonly image: string;
  /**
   * When the kubelet pulls the image.
   * @default 'IfNotPresent' (images are pinned)
   */
  readonly imagePullPolicy?: PullPolicy;
  /**
   * Overrides the image's entrypoint.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: readonly string[];
  /**
   * Arguments to the entrypoint.
   * @default - the image's CMD
   */
  readonly args?: readonly string[];
  /**
   * Plain environment variables. Names that look like credentials are rejected: use `secrets`.
   * Values are strings, as Kubernetes stores them (write `'8080'`, not `8080`: a number is
   * rejected rather than converted, the same as in `config.env`).
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Non-secret settings, via a ConfigMap (`<name>-config` for the main container,
   * `<name>-<container>-config` for another); a change rolls the pods.
   * @default - no ConfigMap
   */
  readonly config?: ConfigProps;
  /**
   * Secrets, by reference only.
   * @default - none
   */
  readonly secrets?: SecretsProps;
  /**
   * Extra writable directories (path to emptyDir size limit), needed because the root filesystem
   * is read-only. `/tmp` is always writable. Each container has its own: nothing written here is
   * seen by another container (share files through `sharedMounts`).
   * @default - only /tmp ('256Mi')
   */
  readonly writablePaths?: Readonly<Record<string, string>>;
  /**
   * Mounts of the workload's `sharedVolumes`: scratch space this container shares with others of
   * the pod, e.g. a file an init container renders and the main container reads.
   * @default - none
   */
  readonly sharedMounts?: readonly SharedMount[];
}

/** The table of {@link ContainerPortSpec}. */
export const CONTAINER_PORT_PROPS = defineProps<ContainerPortSpec>('ContainerPortSpec', {
  name: required(text()),
  containerPort: required(integer()),
  protocol: optional(text()),
});

/** The table of {@link SharedMount}. */
export const SHARED_MOUNT_PROPS = defineProps<SharedMount>('SharedMount', {
  volume: required(text()),
  mountPath: required(text()),
  readOnly: optional(flag()),
});

/** The fields of {@link ContainerSettings}, for the tables of the props that extend it. */
export const CONTAINER_SETTINGS_FIELDS: PropsTable<ContainerSettings> = {
  image: required(text()),
  imagePullPolicy: optional(text()),
  command: optional(texts()),
  args: optional(texts()),
  env: optional(map(ENV_VALUE, '{ LOG_LEVEL: \'info\' }')),
  config: optional(shape(CONFIG_PROPS)),
  secrets: optional(shape(SECRETS_PROPS)),
  writablePaths: optional(map(text('a size limit quantity such as \'256Mi\''), '{ \'/var/cache/app\': \'1Gi\' }')),
  sharedMounts: optional(list(shape(SHARED_MOUNT_PROPS))),
};

/** The table of {@link ContainerSettings}. */
export const CONTAINER_SETTINGS_PROPS = defineProps<ContainerSettings>('ContainerSettings', CONTAINER_SETTINGS_FIELDS);

/** The size of the always-present /tmp emptyDir. */
export const TMP_SIZE_LIMIT = '256Mi';

/** One container of a pod as the hardened pod builds it: what differs between main, init and sidecar. */
export interface ContainerBlueprint {
  /** The container's name. */
  readonly name: string;
  /** Prefix of its props in errors: '' for the main container, e.g. 'sidecars[0]'. */
  readonly prop: string;
  /** The validated image. */
  readonly image: ImageReference;
  /** What the user gave for the container. */
  readonly settings: ContainerSettings;
  /** The user's resources. */
  readonly resources: ResourcesProps | undefined;
  /** The preset they merge with; undefined: every limit must be given. */
  readonly defaultPreset: ResourcePreset | undefined;
  /** The hardened security context. */
  readonly securityContext: k8s.SecurityContext;
  /** Where config files go by default, and the ConfigMap's name and construct id. */
  readonly config: { readonly configMapName: string; readonly constructId: string; readonly defaultMountPath: string };
  /** Prefix of its volume names: '' for the main container, its name beside it. */
  readonly volumePrefix: string;
  /** Its ports. */
  readonly ports: readonly ContainerPortSpec[];
  /** Env vars the construct sets, before the user's. */
  readonly env: readonly k8s.EnvVar[];
  /** What sets `env`, for the error when a user's variable has the same name. */
  readonly envOrigin?: string;
  /** Writable paths the construct needs (with what asks for them), beside /tmp and the user's. */
  readonly writablePaths: Readonly<Record<string, ScratchPath>>;
  /** Mounts of volumes the construct adds, each with the prop that set its path. */
  readonly mounts: readonly PodMount[];
  /** Rendered probes. */
  readonly probes: { readonly readiness?: k8s.Probe; readonly liveness?: k8s.Probe; readonly startup?: k8s.Probe };
  /** Lifecycle hooks (a preStop sleep). */
  readonly lifecycle?: k8s.Lifecycle;
  /** 'Always' makes an init container a native sidecar. */
  readonly restartPolicy?: 'Always';
}

/** A container and what it adds to its pod. */
export interface HardenedContainer {
  /** The container. */
  readonly container: k8s.Container;
  /** Its environment, held by reference: connections append to the main container's. */
  readonly env: k8s.EnvVar[];
  /** Its own emptyDir volumes (/tmp and its writable paths). */
  readonly scratchVolumes: k8s.Volume[];
  /** Its config and secret volumes. */
  readonly configVolumes: k8s.Volume[];
  /** Its ConfigMap, for the pod's config checksum. */
  readonly configMap: ConfigWiring['configMap'];
}

/** The pod-wide facts a container is built against. */
export interface PodVolumeContext {
  /** Labels the ConfigMaps. */
  readonly identity: Identity;
  /** The shared volumes' names, which containers mount by reference. */
  readonly sharedVolumes: ReadonlySet<string>;
  /** Names every volume of the pod so that none repeats. */
  volumeName(base: string): string;
  /** Names a path volume of the pod so that none repeats. */
  pathVolumeName(path: string, prefix: string): string;
}

/**
 * Builds one hardened container, the main container, an init container and a sidecar alike:
 * pinned image, explicit pull policy, resources merged with a preset field by field, the hardened
 * security context, a read-only root filesystem with emptyDir writable paths (/tmp always),
 * config and secrets by reference, shared scratch mounts, ports, probes, and logs as the
 * termination message on error.
 */
export function hardenedContainer(scope: IConstruct, pod: PodVolumeContext, blueprint: ContainerBlueprint): HardenedContainer {
  const at = (prop: string): string => propAt(blueprint.prop, prop);
  const settings = blueprint.settings;
  const resources = resolveResources(scope, blueprint.resources, blueprint.defaultPreset, at('resources'));
  const config = wireConfig(scope, {
    identity: pod.identity,
    ...blueprint.config,
    prop: blueprint.prop,
    volumeName: (base) => pod.volumeName(blueprint.volumePrefix ? `${blueprint.volumePrefix}-${base}` : base),
  }, settings.config, settings.secrets);

  const scratch = scratchSpace(scope, { '/tmp': { size: TMP_SIZE_LIMIT, origin: 'the scratch directory /tmp' }, ...blueprint.writablePaths },
    settings.writablePaths, at('writablePaths'), (path) => pod.pathVolumeName(path, blueprint.volumePrefix));
  const scratchVolumes = scratch.volumes;
  const mounts: PodMount[] = [...scratch.mounts, ...blueprint.mounts, ...config.mounts];
  (settings.sharedMounts ?? []).forEach((shared, i) => {
    const prop = at(`sharedMounts[${i}]`);
    if (!pod.sharedVolumes.has(shared.volume)) {
      fail(scope, `${prop}.volume`, `one of the workload's sharedVolumes (${[...pod.sharedVolumes].join(', ') || 'none declared'})`, shared.volume);
    }
    const mountPath = requireAbsolutePath(scope, `${prop}.mountPath`, shared.mountPath);
    mounts.push({ mount: { name: shared.volume, mountPath, ...(shared.readOnly ? { readOnly: true } : {}) }, origin: `${prop}.mountPath`, userSet: true });
  });
  requireDistinctMounts(scope, mounts);

  const envSources = [
    ...blueprint.env.map((env) => ({ env, prop: undefined, origin: blueprint.envOrigin })),
    ...literalEnv(scope, settings.env, blueprint.prop).map((env) => ({ env, prop: at(`env.${env.name}`) })),
    ...config.env,
  ];
  requireDistinctEnv(scope, envSources);
  const env = envSources.map((source) => source.env);
  const { readiness, liveness, startup } = blueprint.probes;
  const container: k8s.Container = {
    name: blueprint.name,
    image: blueprint.image.image,
    imagePullPolicy: resolvePullPolicy(scope, at('imagePullPolicy'), settings.imagePullPolicy),
    ...(blueprint.restartPolicy ? { restartPolicy: blueprint.restartPolicy } : {}),
    ...(settings.command ? { command: [...settings.command] } : {}),
    ...(settings.args ? { args: [...settings.args] } : {}),
    ...(blueprint.ports.length > 0 ? { ports: blueprint.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' })) } : {}),
    // Connections append discovery variables after construction; an empty list renders as nothing.
    env: Lazy.any({ produce: () => (env.length > 0 ? env : undefined) }) as unknown as k8s.EnvVar[],
    resources: {
      requests: mapQuantities(resources.requests),
      limits: mapQuantities(resources.limits),
    },
    securityContext: blueprint.securityContext,
    volumeMounts: mounts.map((m) => m.mount),
    ...(readiness ? { readinessProbe: readiness } : {}),
    ...(liveness ? { livenessProbe: liveness } : {}),
    ...(startup ? { startupProbe: startup } : {}),
    ...(blueprint.lifecycle ? { lifecycle: blueprint.lifecycle } : {}),
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
  return { container, env, scratchVolumes, configVolumes: config.volumes, configMap: config.configMap };
}

function mapQuantities(values: Record<string, string>): Record<string, k8s.Quantity> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, k8s.Quantity.fromString(value)]));
}
