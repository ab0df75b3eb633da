import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { fail } from '../../core/errors';
import { PodMount } from '../../core/mounts';
import { HostNamespaces, pathVolumeName } from '../../core/pod';
import { defineProps, flag, list, optional, required, shape, text } from '../../core/props';
import { HostAccess } from '../../core/security';
import { requireAbsolutePath, requireOneOf } from '../../core/validate';

/** What kubelet checks at the host path before mounting it. */
export type HostPathType = 'Directory' | 'File' | 'Socket' | 'CharDevice' | 'BlockDevice';

/**
 * A directory or file of the node mounted into the daemon's container, read-only unless
 * `unsafeWritable` says otherwise.
 *
 * Kubernetes allows changing host mounts at any time; the change rolls the pods.
 */
export interface HostMount {
  /** The absolute path on the node, e.g. `/var/log`. Never `/` (the whole node). */
  readonly hostPath: string;
  /**
   * Where it appears in the container.
   * @default - the same path as on the node
   */
  readonly mountPath?: string;
  /**
   * What must exist at the host path. Unset, kubelet checks nothing, so the pod also starts on
   * nodes where the path is missing (e.g. `/var/lib/docker/containers` on containerd nodes).
   * The `…OrCreate` types are not offered: an agent should never create paths on the node.
   * @default - no check
   */
  readonly type?: HostPathType;
  /**
   * Mounts it writable. A writable host mount lets the container change the node (and, for
   * some paths, take it over); use it only for an agent's own state directory.
   * @default false
   */
  readonly unsafeWritable?: boolean;
}

/** The host access a daemon asks for. Every field is an explicit opt-in. */
export interface DaemonHostAccessProps {
  /**
   * Node paths to mount, read-only unless marked `unsafeWritable`. Changeable.
   * @default - none
   */
  readonly hostMounts?: readonly HostMount[];
  /**
   * Runs the pods in the node's network namespace: they see every interface of the node and
   * bypass NetworkPolicies. Typical for node-metrics agents that report network statistics.
   * Needs the "privileged" Pod Security level. Changeable; a change rolls the pods.
   * @default false
   */
  readonly unsafeHostNetwork?: boolean;
  /**
   * Runs the pods in the node's PID namespace: they see (and with enough privileges can signal)
   * every process on the node. Typical for node-metrics agents that report per-process
   * statistics. Needs the "privileged" Pod Security level. Changeable; a change rolls the pods.
   * @default false
   */
  readonly unsafeHostPID?: boolean;
}

/** The table of {@link HostMount}. */
export const HOST_MOUNT_PROPS = defineProps<HostMount>('HostMount', {
  hostPath: required(text()),
  mountPath: optional(text()),
  type: optional(text()),
  unsafeWritable: optional(flag()),
});

/** The table of {@link DaemonHostAccessProps}. */
export const DAEMON_HOST_ACCESS_PROPS = defineProps<DaemonHostAccessProps>('DaemonHostAccessProps', {
  hostMounts: optional(list(shape(HOST_MOUNT_PROPS))),
  unsafeHostNetwork: optional(flag()),
  unsafeHostPID: optional(flag()),
});

/** The resolved host access: volumes, mounts, pod spec fields and the annotation declaring it. */
export interface ResolvedHostAccess {
  /** What of the node the pod shares, for its Pod Security level. */
  readonly access: HostAccess;
  /** One hostPath volume per mount. */
  readonly volumes: k8s.Volume[];
  /** The container's mounts of those volumes, read-only unless `unsafeWritable`. */
  readonly mounts: PodMount[];
  /** hostNetwork (with its DNS policy) and hostPID, when asked for. */
  readonly hostNamespaces: HostNamespaces;
  /** What the pod template declares in the host-access annotation, when there is any host access. */
  readonly declaration: string | undefined;
}

const HOST_PATH_TYPES: readonly HostPathType[] = ['Directory', 'File', 'Socket', 'CharDevice', 'BlockDevice'];

/** A host mount with the prop it comes from (`hostMounts[1]`, or the preset's). */
export interface SourcedHostMount {
  /** The mount. */
  readonly mount: HostMount;
  /** Where it comes from, for errors: `hostMounts[1]` or `preset 'node-metrics'`. */
  readonly prop: string;
  /** Whether the user's props set it. */
  readonly userSet: boolean;
}

/**
 * Validates and renders the host access: one hostPath volume per mount (named after its path),
 * read-only mounts, and host namespaces only when asked for by name. The pod checks that no
 * other volume is mounted at the same container path.
 */
export function resolveHostAccess(scope: IConstruct, hostMounts: readonly SourcedHostMount[], props: Omit<DaemonHostAccessProps, 'hostMounts'>): ResolvedHostAccess {
  const volumes: k8s.Volume[] = [];
  const mounts: PodMount[] = [];
  const hostPaths = new Set<string>();
  const names = new Set<string>();
  for (const { mount, prop, userSet } of hostMounts) {
    const hostPath = requireAbsolutePath(scope, `${prop}.hostPath`, mount.hostPath);
    if (hostPath === '/') fail(scope, `${prop}.hostPath`, 'a directory below \'/\' (mounting the whole node filesystem gives away the node)', hostPath);
    if (hostPaths.has(hostPath)) fail(scope, `${prop}.hostPath`, 'a path not already mounted', hostPath);
    hostPaths.add(hostPath);
    const mountPath = requireAbsolutePath(scope, `${prop}.mountPath`, mount.mountPath ?? hostPath);
    if (mountPath === '/') fail(scope, `${prop}.mountPath`, 'a directory below \'/\'', mountPath);
    const type = mount.type === undefined ? undefined : requireOneOf(scope, `${prop}.type`, mount.type, HOST_PATH_TYPES);
    const name = pathVolumeName(hostPath, names, 'host');
    volumes.push({ name, hostPath: { path: hostPath, ...(type !== undefined ? { type } : {}) } });
    mounts.push({ mount: { name, mountPath, readOnly: mount.unsafeWritable !== true }, origin: `${prop}.mountPath`, userSet });
  }
  const hostNetwork = props.unsafeHostNetwork === true;
  const hostPID = props.unsafeHostPID === true;
  const access: HostAccess = { hostPathVolumes: volumes.length, hostNetwork, hostPID };
  const declared = [
    ...mounts.map((m, i) => `${volumes[i].hostPath!.path}${m.mount.readOnly ? ' (read-only)' : ' (writable)'}`),
    ...(hostNetwork ? ['host network'] : []),
    ...(hostPID ? ['host PID'] : []),
  ];
  return {
    access,
    volumes,
    mounts,
    hostNamespaces: {
      ...(hostNetwork ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
      ...(hostPID ? { hostPid: true } : {}),
    },
    declaration: declared.length > 0 ? declared.join(', ') : undefined,
  };
}
