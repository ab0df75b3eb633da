import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { fail } from './errors';
import { isLocalDescendingPath } from '../kube/paths';
import { mostPermissiveLevel, PodSecurityLevel } from '../kube/pod-security';
import { PropsTable, defineProps, flag, integer, optional, text, texts } from './props';
import { requireInteger } from './validate';

/** The uid and gid Shipshape runs containers as: >= 10000, so no host user collides (kube-score). */
export const DEFAULT_USER_ID = 10001;

/** Linux capabilities that the Pod Security Standards "baseline" level allows to be added. */
const BASELINE_CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];

/**
 * How one container runs. The defaults pass the Pod Security Standards "restricted" profile;
 * every prop that falls below it says so in its name (`allowRunAsRoot`, `unsafe…`).
 *
 * Kubernetes allows changing all of these at any time; the change rolls the pods.
 */
export interface ContainerSecurityProps {
  /**
   * The uid of the container processes.
   * @default 10001 (0 only with `allowRunAsRoot`)
   */
  readonly runAsUser?: number;
  /**
   * The primary gid of the container processes.
   * @default 10001
   */
  readonly runAsGroup?: number;
  /**
   * A read-only root filesystem; writable paths are emptyDir mounts (see `writablePaths`).
   * Turning it off stays within "restricted", but lets an intruder change binaries.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Capabilities to add that "restricted" allows: only NET_BIND_SERVICE (ports below 1024).
   * @default - none
   */
  readonly addCapabilities?: readonly 'NET_BIND_SERVICE'[];
  /**
   * Runs as root (uid 0 unless `runAsUser` says otherwise, runAsNonRoot false). Falls to the
   * "baseline" level. Only for images that cannot run as another user.
   * @default false
   */
  readonly allowRunAsRoot?: boolean;
  /**
   * Further capabilities to add. Falls to "baseline" (or "privileged" beyond its list).
   * @default - none
   */
  readonly unsafeCapabilities?: readonly string[];
  /**
   * Runs the container privileged, with privilege escalation. Falls to "privileged".
   * @default false
   */
  readonly unsafePrivileged?: boolean;
  /**
   * A Localhost seccomp profile instead of RuntimeDefault: its path relative to the kubelet's
   * seccomp directory (`<kubelet root>/seccomp`), e.g. 'profiles/audit.json'.
   * @default - RuntimeDefault
   */
  readonly seccompLocalhostProfile?: string;
}

/**
 * How the workload's pods and their main container run: the container settings plus what is
 * pod-wide (`fsGroup`). The uid and gid become the pod's defaults, which every other container
 * of the pod runs with unless it sets its own.
 *
 * Kubernetes allows changing all of these at any time; the change rolls the pods.
 */
export interface SecurityProps extends ContainerSecurityProps {
  /**
   * The group that owns mounted volumes, so a non-root process can write to them. Pod-wide.
   * @default 10001
   */
  readonly fsGroup?: number;
}

const CONTAINER_SECURITY_FIELDS: PropsTable<ContainerSecurityProps> = {
  runAsUser: optional(integer()),
  runAsGroup: optional(integer()),
  readOnlyRootFilesystem: optional(flag()),
  addCapabilities: optional(texts()),
  allowRunAsRoot: optional(flag()),
  unsafeCapabilities: optional(texts()),
  unsafePrivileged: optional(flag()),
  seccompLocalhostProfile: optional(text()),
};

/** The table of {@link ContainerSecurityProps}. */
export const CONTAINER_SECURITY_PROPS = defineProps<ContainerSecurityProps>('ContainerSecurityProps', CONTAINER_SECURITY_FIELDS,
  { fsGroup: 'unset: fsGroup is pod-wide, set it in the workload\'s security' });

/** The table of {@link SecurityProps}. */
export const SECURITY_PROPS = defineProps<SecurityProps>('SecurityProps', { ...CONTAINER_SECURITY_FIELDS, fsGroup: optional(integer()) });

/** The security contexts of a pod and its containers, and the PSS level they need. */
export interface HardenedSecurity {
  /** The pod securityContext. */
  readonly pod: k8s.PodSecurityContext;
  /** The securityContext of every container. */
  readonly container: k8s.SecurityContext;
  /** The Pod Security Standards level these contexts need. */
  readonly level: PodSecurityLevel;
}

/**
 * The hardened security contexts (PSS restricted; kube-score; kube-linter; Polaris; Bitnami):
 * - pod: runAsNonRoot, runAsUser/runAsGroup/fsGroup 10001, seccompProfile RuntimeDefault;
 * - container: allowPrivilegeEscalation false, privileged false, readOnlyRootFilesystem, drop ALL.
 */
export function hardenedSecurity(scope: IConstruct, props: SecurityProps = {}, prop = 'security'): HardenedSecurity {
  const asRoot = props.allowRunAsRoot === true;
  const runAsUser = requireInteger(scope, `${prop}.runAsUser`, props.runAsUser ?? (asRoot ? 0 : DEFAULT_USER_ID), 0);
  if (runAsUser === 0 && !asRoot) fail(scope, `${prop}.runAsUser`, 'a non-zero uid (set allowRunAsRoot to run as root)', runAsUser);
  const runAsGroup = requireInteger(scope, `${prop}.runAsGroup`, props.runAsGroup ?? (asRoot ? 0 : DEFAULT_USER_ID), 0);
  const fsGroup = requireInteger(scope, `${prop}.fsGroup`, props.fsGroup ?? DEFAULT_USER_ID, 0);
  const localhost = props.seccompLocalhostProfile;
  if (localhost !== undefined && (typeof localhost !== 'string' || !isLocalDescendingPath(localhost))) {
    fail(scope, `${prop}.seccompLocalhostProfile`, 'a path relative to the kubelet\'s seccomp directory, such as \'profiles/audit.json\' (not empty, not absolute, no \'..\')', localhost);
  }
  const seccompProfile = localhost === undefined ? { type: 'RuntimeDefault' as const } : { type: 'Localhost', localhostProfile: localhost };

  const added = [...(props.addCapabilities ?? []), ...(props.unsafeCapabilities ?? [])];
  for (const [i, cap] of (props.addCapabilities ?? []).entries()) {
    if (cap !== 'NET_BIND_SERVICE') fail(scope, `${prop}.addCapabilities[${i}]`, '\'NET_BIND_SERVICE\' (use unsafeCapabilities for others)', cap);
  }
  for (const [i, cap] of (props.unsafeCapabilities ?? []).entries()) {
    if (typeof cap !== 'string' || !/^[A-Z_]+$/.test(cap)) fail(scope, `${prop}.unsafeCapabilities[${i}]`, 'a capability name such as \'SYS_PTRACE\'', cap);
  }
  const privileged = props.unsafePrivileged === true;

  let level: PodSecurityLevel = 'restricted';
  if (asRoot || (props.unsafeCapabilities ?? []).length > 0) level = 'baseline';
  if (privileged || (props.unsafeCapabilities ?? []).some((cap) => !BASELINE_CAPABILITIES.includes(cap))) level = 'privileged';

  const pod: k8s.PodSecurityContext = { runAsNonRoot: !asRoot, runAsUser, runAsGroup, fsGroup, seccompProfile };
  const container: k8s.SecurityContext = {
    allowPrivilegeEscalation: privileged,
    privileged,
    readOnlyRootFilesystem: props.readOnlyRootFilesystem ?? true,
    runAsNonRoot: !asRoot,
    capabilities: added.length > 0 ? { drop: ['ALL'], add: [...new Set(added)] } : { drop: ['ALL'] },
    seccompProfile,
  };
  return { pod, container, level };
}

/** The security context of a container beside the main one, and the PSS level it needs. */
export interface ContainerSecurity {
  /** The container's securityContext. */
  readonly context: k8s.SecurityContext;
  /** The Pod Security Standards level it needs. */
  readonly level: PodSecurityLevel;
}

/**
 * The hardened security context of an init container or a sidecar: the same defaults as the main
 * container's, from the same code. Its uid and gid are written on the container only where they
 * differ from the pod's, so a sidecar keeps running as 10001 in a pod whose main container was
 * allowed to run as root. `fsGroup` is pod-wide and belongs to the workload's `security`.
 */
export function containerSecurity(scope: IConstruct, props: ContainerSecurityProps | undefined, prop: string, pod: k8s.PodSecurityContext): ContainerSecurity {
  const given = (props ?? {}) as SecurityProps;
  if (given.fsGroup !== undefined) fail(scope, `${prop}.fsGroup`, 'unset: fsGroup is pod-wide, set it in the workload\'s security', given.fsGroup);
  const own = hardenedSecurity(scope, given, prop);
  const context: k8s.SecurityContext = {
    ...own.container,
    ...(own.pod.runAsUser !== pod.runAsUser ? { runAsUser: own.pod.runAsUser } : {}),
    ...(own.pod.runAsGroup !== pod.runAsGroup ? { runAsGroup: own.pod.runAsGroup } : {}),
  };
  return { context, level: own.level };
}

/** What of the node a pod shares: each is forbidden by both "baseline" and "restricted". */
export interface HostAccess {
  /** The number of hostPath volumes. */
  readonly hostPathVolumes: number;
  /** The pod uses the node's network namespace. */
  readonly hostNetwork: boolean;
  /** The pod sees the node's processes. */
  readonly hostPID: boolean;
  /** The pod shares the node's IPC namespace. */
  readonly hostIPC?: boolean;
}

/**
 * The level a pod's host access needs: 'privileged' for any hostPath volume or host namespace
 * (the "baseline" profile already forbids them), 'restricted' for none.
 */
export function hostAccessLevel(access: HostAccess): PodSecurityLevel {
  const any = access.hostPathVolumes > 0 || access.hostNetwork || access.hostPID || access.hostIPC === true;
  return any ? 'privileged' : 'restricted';
}

/** The level a pod needs: the more permissive of its security contexts' and its host access's. */
export function podSecurityLevelOf(security: HardenedSecurity, access: HostAccess): PodSecurityLevel {
  return mostPermissiveLevel([security.level, hostAccessLevel(access)]);
}
