import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ConfigProps, SecretsProps, literalEnv, wireConfig } from './config';
import { fail } from './errors';
import { Identity } from './identity';
import { ImagePullPolicy, ImageReference, resolvePullPolicy } from './image';
import { parseQuantity } from './quantity';
import { ResourcePreset, ResourcesProps, resolveResources } from './resources';
import { HardenedSecurity, SecurityProps, hardenedSecurity } from './security';
import { requireAbsolutePath, requireInteger } from './validate';

/** The container settings every Shipshape workload shares. */
export interface ContainerProps {
  /**
   * The container image, pinned by a tag other than `latest` or by a digest. Its tag also becomes
   * the `app.kubernetes.io/version` label. Changing it rolls the pods.
   */
  readonly image: string;
  /** When the kubelet pulls the image. Changeable. @default 'IfNotPresent' (images are pinned) */
  readonly imagePullPolicy?: ImagePullPolicy;
  /** Overrides the image's entrypoint. Changeable. @default - the image's ENTRYPOINT */
  readonly command?: readonly string[];
  /** Arguments to the entrypoint. Changeable. @default - the image's CMD */
  readonly args?: readonly string[];
  /**
   * Plain environment variables. Names that look like credentials are rejected: use `secrets`.
   * Changeable. @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /** Non-secret settings, via a ConfigMap. Changeable; a change rolls the pods. @default - no ConfigMap */
  readonly config?: ConfigProps;
  /** Secrets, by reference only. Changeable. @default - none */
  readonly secrets?: SecretsProps;
  /** Requests and limits, merged with a preset field by field. Changeable. @default - the construct's preset */
  readonly resources?: ResourcesProps;
  /** The security context; defaults pass PSS "restricted". Changeable. @default - hardened */
  readonly security?: SecurityProps;
  /**
   * Extra writable directories (path to emptyDir size limit), needed because the root filesystem
   * is read-only. `/tmp` is always writable. Changeable. @default - only /tmp ('256Mi')
   */
  readonly writablePaths?: Readonly<Record<string, string>>;
  /** Annotations on the pod template. Changeable; a change rolls the pods. @default - none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

/** A port of the main container. */
export interface ContainerPortSpec {
  /** The port's name, an IANA service name that Services and probes refer to. */
  readonly name: string;
  /** The port the process listens on. */
  readonly containerPort: number;
  /** The protocol. @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/** What a construct adds to the shared container settings. */
export interface PodExtras {
  /** The resource preset when the user gives none. */
  readonly defaultPreset: ResourcePreset;
  /** The main container's ports. @default - none */
  readonly ports?: readonly ContainerPortSpec[];
  /** Security defaults of the construct (e.g. an engine's fsGroup), under the user's own. */
  readonly securityDefaults?: SecurityProps;
  /** Writable paths the construct needs (path to size limit), beside /tmp and the user's. */
  readonly writablePaths?: Readonly<Record<string, string>>;
  /** Env vars the construct sets (before the user's). @default - none */
  readonly env?: readonly k8s.EnvVar[];
  /** Further pod volumes (e.g. host paths, claims). @default - none */
  readonly volumes?: readonly k8s.Volume[];
  /** Further mounts in the main container. @default - none */
  readonly mounts?: readonly k8s.VolumeMount[];
  /** The rendered readiness probe. @default - none */
  readonly readinessProbe?: k8s.Probe;
  /** The rendered liveness probe. @default - none */
  readonly livenessProbe?: k8s.Probe;
  /** The rendered startup probe. @default - none */
  readonly startupProbe?: k8s.Probe;
  /** Lifecycle hooks (e.g. a preStop sleep). @default - none */
  readonly lifecycle?: k8s.Lifecycle;
  /** Spread replicas over nodes (topology spread + preferred anti-affinity). */
  readonly spread?: boolean;
  /** The pod's restartPolicy. @default - Kubernetes' default (Always) */
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  /** Seconds between SIGTERM and SIGKILL. @default - Kubernetes' default (30) */
  readonly terminationGracePeriodSeconds?: number;
  /** Further pod spec fields (scheduling, host access) set by the construct. */
  readonly podSpec?: Partial<k8s.PodSpec>;
}

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
  /** The security contexts and the Pod Security level they need. */
  readonly security: HardenedSecurity;
}

/** The size of the always-present /tmp emptyDir. */
export const TMP_SIZE_LIMIT = '256Mi';

/**
 * Builds the hardened pod template every Shipshape workload runs: one main container with
 * explicit resources, a read-only root filesystem with emptyDir writable paths, a dedicated
 * ServiceAccount whose token is not mounted, no service links, and optional spreading.
 */
export function hardenedPod(scope: IConstruct, identity: Identity, image: ImageReference, props: ContainerProps, serviceAccountName: string, extras: PodExtras): HardenedPod {
  const security = hardenedSecurity(scope, { ...extras.securityDefaults, ...props.security });
  const resources = resolveResources(scope, props.resources, extras.defaultPreset);
  const config = wireConfig(scope, identity, props.config, props.secrets);

  const writable: Record<string, string> = { '/tmp': TMP_SIZE_LIMIT, ...extras.writablePaths, ...props.writablePaths };
  const scratchVolumes: k8s.Volume[] = [];
  const volumeNames = new Set<string>();
  const scratchMounts: k8s.VolumeMount[] = [];
  for (const path of Object.keys(writable).sort()) {
    requireAbsolutePath(scope, `writablePaths.${path}`, path);
    const size = writable[path];
    if (parseQuantity(size) === undefined) fail(scope, `writablePaths.${path}`, 'a size limit quantity such as \'256Mi\'', size);
    const name = pathVolumeName(path, volumeNames);
    scratchVolumes.push({ name, emptyDir: { sizeLimit: k8s.Quantity.fromString(size) } });
    scratchMounts.push({ name, mountPath: path });
  }

  for (const [i, arg] of [...(props.command ?? []), ...(props.args ?? [])].entries()) {
    if (typeof arg !== 'string') fail(scope, i < (props.command ?? []).length ? 'command' : 'args', 'a list of strings', arg);
  }

  const settings = [...literalEnv(scope, props.env), ...config.env];
  // env, config.env and secrets.env share the container's variables: a second definition would
  // silently win over the first (the policy rule env-duplicate reports it in any YAML).
  const defined = new Set<string>();
  for (const variable of settings) {
    if (defined.has(variable.name)) fail(scope, `env.${variable.name}`, 'a variable defined once across env, config.env and secrets.env', variable.name);
    defined.add(variable.name);
  }
  const env = [...(extras.env ?? []), ...settings];
  const container: k8s.Container = {
    name: identity.name,
    image: image.image,
    imagePullPolicy: resolvePullPolicy(scope, 'imagePullPolicy', props.imagePullPolicy),
    ...(props.command ? { command: [...props.command] } : {}),
    ...(props.args ? { args: [...props.args] } : {}),
    ...(extras.ports && extras.ports.length > 0 ? { ports: extras.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' })) } : {}),
    // Connections append discovery variables after construction; an empty list renders as nothing.
    env: Lazy.any({ produce: () => (env.length > 0 ? env : undefined) }) as unknown as k8s.EnvVar[],
    resources: {
      requests: mapQuantities(resources.requests),
      limits: mapQuantities(resources.limits),
    },
    securityContext: security.container,
    volumeMounts: [...scratchMounts, ...(extras.mounts ?? []), ...config.mounts],
    ...(extras.readinessProbe ? { readinessProbe: extras.readinessProbe } : {}),
    ...(extras.livenessProbe ? { livenessProbe: extras.livenessProbe } : {}),
    ...(extras.startupProbe ? { startupProbe: extras.startupProbe } : {}),
    ...(extras.lifecycle ? { lifecycle: extras.lifecycle } : {}),
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };

  const spec: k8s.PodSpec = {
    serviceAccountName,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: security.pod,
    containers: [container],
    volumes: [...scratchVolumes, ...(extras.volumes ?? []), ...config.volumes],
    ...(extras.restartPolicy ? { restartPolicy: extras.restartPolicy } : {}),
    ...(extras.terminationGracePeriodSeconds !== undefined
      ? { terminationGracePeriodSeconds: requireInteger(scope, 'terminationGracePeriodSeconds', extras.terminationGracePeriodSeconds, 0) }
      : {}),
    ...(extras.spread ? spreadOverNodes(identity) : {}),
    ...extras.podSpec,
  };
  const annotations = { ...config.annotations, ...props.podAnnotations };
  const template: k8s.PodTemplateSpec = {
    metadata: { labels: { ...identity.labels }, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec,
  };
  return { template, spec, container, env, security };
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
 * The container paths the hardened pod already mounts: /tmp, the writable paths, the config files
 * and the Secret files. Constructs that add mounts of their own must stay clear of them.
 */
export function mountedPaths(name: string, props: ContainerProps, extraWritable: readonly string[] = []): string[] {
  return [
    '/tmp',
    ...extraWritable,
    ...Object.keys(props.writablePaths ?? {}),
    ...(props.config?.files ? [props.config.mountPath ?? `/etc/${name}`] : []),
    ...(props.secrets?.files ?? []).map((f) => f.mountPath),
  ];
}

function mapQuantities(values: Record<string, string>): Record<string, k8s.Quantity> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, k8s.Quantity.fromString(value)]));
}

/**
 * Soft spreading over nodes: a topology spread constraint (ScheduleAnyway) and a preferred
 * anti-affinity, both on kubernetes.io/hostname and the workload's own selector. Never
 * `required`: that leaves replicas pending on small clusters (kube-score; Polaris).
 */
export function spreadOverNodes(identity: Identity): Pick<k8s.PodSpec, 'topologySpreadConstraints' | 'affinity'> {
  const labelSelector = { matchLabels: { ...identity.selector } };
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
