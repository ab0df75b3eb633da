import { arr, Json, obj, str } from '../manifests/json';
import { allContainers, ContainerRef, PodTemplate } from '../manifests/pod-template';
import { RuleInfo } from './types';

/** A failed Pod Security Standards control on one pod: what is wrong, and where. */
export interface ControlViolation {
  /** Names the offending containers, fields and values. */
  readonly message: string;
  /** Field paths relative to the pod template (`spec.…` / `metadata.…`). */
  readonly fields: readonly string[];
}

/** Which PSS profile is being checked; 'privileged' checks nothing. */
export type CheckedLevel = 'baseline' | 'restricted';

/** One control of the Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export interface PodSecurityControl extends RuleInfo {
  /** The least strict profile that contains this control. */
  readonly level: CheckedLevel;
  /** Checks one pod at the given profile (some controls tighten from baseline to restricted). */
  check(pod: PodTemplate, level: CheckedLevel): ControlViolation | undefined;
}

/** Capabilities baseline lets a container add: the container runtime's historical default set. */
const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

/** Sysctls baseline allows: the kubelet's "safe" set, namespaced and isolated per pod. */
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']);

/** SELinux types baseline allows; anything else (e.g. spc_t) can escape confinement. */
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

/** Volume sources restricted allows (hostPath is its own baseline control, so it is not reported here twice). */
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

function sc(value: Json): Json {
  return obj(value.securityContext);
}

/** Restricted exempts Windows pods from Linux-only controls. */
function isWindows(pod: PodTemplate): boolean {
  return str(obj(pod.spec.os).name) === 'windows';
}

/** Builds a violation from per-field problems, or undefined when there are none. */
function violation(problems: readonly (readonly [field: string, text: string])[]): ControlViolation | undefined {
  if (problems.length === 0) return undefined;
  return { message: problems.map(([, text]) => text).join('; '), fields: problems.map(([field]) => field) };
}

/** The containers of a pod spec, listed once however many controls ask. */
const containersOfSpec = new WeakMap<Json, ContainerRef[]>();

function containersOf(pod: PodTemplate): ContainerRef[] {
  let refs = containersOfSpec.get(pod.spec);
  if (!refs) {
    refs = allContainers(pod.spec);
    containersOfSpec.set(pod.spec, refs);
  }
  return refs;
}

function containerProblems(pod: PodTemplate, test: (c: ContainerRef) => readonly [string, string] | undefined): [string, string][] {
  const result: [string, string][] = [];
  for (const ref of containersOf(pod)) {
    const problem = test(ref);
    if (problem) result.push([`spec.${ref.path}.${problem[0]}`, `container ${ref.name}: ${problem[1]}`]);
  }
  return result;
}

const hostProcess: PodSecurityControl = {
  id: 'pss-host-process', level: 'baseline', severity: 'error', sources: ['PSS'],
  title: 'No Windows HostProcess containers',
  rationale: 'HostProcess containers run directly on the Windows node with full host access.',
  fix: 'Remove windowsOptions.hostProcess (or set it to false).',
  check: (pod) => {
    const problems: [string, string][] = [];
    if (obj(sc(pod.spec).windowsOptions).hostProcess === true) {
      problems.push(['spec.securityContext.windowsOptions.hostProcess', 'pod sets windowsOptions.hostProcess: true']);
    }
    problems.push(...containerProblems(pod, (c) => (obj(sc(c.container).windowsOptions).hostProcess === true
      ? ['securityContext.windowsOptions.hostProcess', 'windowsOptions.hostProcess: true'] : undefined)));
    return violation(problems);
  },
};

const hostNamespaces: PodSecurityControl = {
  id: 'pss-host-namespaces', level: 'baseline', severity: 'error', sources: ['PSS', 'kube-linter', 'Polaris'],
  title: 'No host network, PID or IPC namespace',
  rationale: 'Sharing the node\'s namespaces lets a pod see and reach host processes and interfaces.',
  fix: 'Remove hostNetwork, hostPID and hostIPC (or set them to false).',
  check: (pod) => violation(['hostNetwork', 'hostPID', 'hostIPC']
    .filter((field) => pod.spec[field] === true)
    .map((field) => [`spec.${field}`, `${field}: true`] as const)),
};

const privileged: PodSecurityControl = {
  id: 'pss-privileged', level: 'baseline', severity: 'error', sources: ['PSS', 'kube-score', 'kube-linter', 'Polaris'],
  title: 'No privileged containers',
  rationale: 'A privileged container has every capability and device of the node: it disables container isolation.',
  fix: 'Remove securityContext.privileged (or set it to false).',
  check: (pod) => violation(containerProblems(pod, (c) => (sc(c.container).privileged === true
    ? ['securityContext.privileged', 'privileged: true'] : undefined))),
};

const capabilities: PodSecurityControl = {
  id: 'pss-capabilities', level: 'baseline', severity: 'error', sources: ['PSS', 'kube-linter', 'Polaris'],
  title: 'Capabilities: drop ALL, add at most NET_BIND_SERVICE (baseline: no capability beyond the default set)',
  rationale: 'Linux capabilities such as SYS_ADMIN or NET_RAW give a container root powers over the node or its network.',
  fix: 'Set securityContext.capabilities to { drop: [ALL] } and add only NET_BIND_SERVICE if the process binds a port below 1024.',
  check: (pod, level) => {
    const restricted = level === 'restricted' && !isWindows(pod);
    return violation(containerProblems(pod, (c) => {
      const caps = obj(sc(c.container).capabilities);
      const added = arr(caps.add).map(String);
      const allowed = restricted ? new Set(['NET_BIND_SERVICE']) : BASELINE_CAPABILITIES;
      const extra = added.filter((cap) => !allowed.has(cap));
      const texts: string[] = [];
      if (extra.length > 0) texts.push(`adds ${extra.join(', ')}`);
      if (restricted && !arr(caps.drop).map(String).includes('ALL')) texts.push('does not drop ALL');
      return texts.length > 0 ? ['securityContext.capabilities', texts.join(' and ')] : undefined;
    }));
  },
};

const hostPath: PodSecurityControl = {
  id: 'pss-host-path', level: 'baseline', severity: 'error', sources: ['PSS', 'kube-linter', 'Polaris'],
  title: 'No hostPath volumes',
  rationale: 'A hostPath volume exposes the node\'s filesystem to the pod; writable ones allow node takeover.',
  fix: 'Use emptyDir, a PersistentVolumeClaim, a ConfigMap or a Secret instead.',
  check: (pod) => violation(arr(pod.spec.volumes).flatMap((v, i) => {
    const volume = obj(v);
    return volume.hostPath !== undefined
      ? [[`spec.volumes[${i}].hostPath`, `volume ${str(volume.name) ?? i} mounts host path ${str(obj(volume.hostPath).path) ?? '?'}`] as const]
      : [];
  })),
};

const hostPorts: PodSecurityControl = {
  id: 'pss-host-ports', level: 'baseline', severity: 'error', sources: ['PSS', 'Polaris'],
  title: 'No hostPort',
  rationale: 'A hostPort binds the node\'s network interface, bypasses NetworkPolicies and limits scheduling.',
  fix: 'Remove hostPort and expose the port through a Service.',
  check: (pod) => violation(containerProblems(pod, (c) => {
    const ports = arr(c.container.ports).map((p) => obj(p).hostPort).filter((p) => p !== undefined && p !== 0);
    return ports.length > 0 ? ['ports', `hostPort ${ports.join(', ')}`] : undefined;
  })),
};

const appArmor: PodSecurityControl = {
  id: 'pss-apparmor', level: 'baseline', severity: 'error', sources: ['PSS'],
  title: 'AppArmor profile not overridden (RuntimeDefault or Localhost only)',
  rationale: 'Disabling AppArmor (Unconfined) removes a mandatory access control layer.',
  fix: 'Remove appArmorProfile, or use type RuntimeDefault or Localhost.',
  check: (pod) => {
    const okType = (t: unknown): boolean => t === undefined || t === 'RuntimeDefault' || t === 'Localhost';
    const problems: [string, string][] = [];
    const podType = obj(sc(pod.spec).appArmorProfile).type;
    if (!okType(podType)) problems.push(['spec.securityContext.appArmorProfile.type', `pod appArmorProfile.type ${String(podType)}`]);
    problems.push(...containerProblems(pod, (c) => {
      const t = obj(sc(c.container).appArmorProfile).type;
      return okType(t) ? undefined : ['securityContext.appArmorProfile.type', `appArmorProfile.type ${String(t)}`];
    }));
    for (const [key, value] of Object.entries(obj(pod.metadata.annotations))) {
      if (key.startsWith(APPARMOR_ANNOTATION) && value !== 'runtime/default' && !String(value).startsWith('localhost/')) {
        problems.push([`metadata.annotations.${key}`, `annotation ${key}: ${String(value)}`]);
      }
    }
    return violation(problems);
  },
};

function seLinuxProblem(options: Json): string | undefined {
  const texts: string[] = [];
  if (options.type !== undefined && !SELINUX_TYPES.has(String(options.type))) texts.push(`type ${String(options.type)}`);
  if (options.user !== undefined && options.user !== '') texts.push(`user ${String(options.user)}`);
  if (options.role !== undefined && options.role !== '') texts.push(`role ${String(options.role)}`);
  return texts.length > 0 ? `seLinuxOptions sets ${texts.join(', ')}` : undefined;
}

const seLinux: PodSecurityControl = {
  id: 'pss-selinux', level: 'baseline', severity: 'error', sources: ['PSS'],
  title: 'SELinux: only container types, no custom user or role',
  rationale: 'A custom SELinux type, user or role (e.g. spc_t) lifts the container out of its confinement.',
  fix: 'Remove seLinuxOptions.user/role and use type container_t, container_init_t, container_kvm_t or container_engine_t.',
  check: (pod) => {
    const problems: [string, string][] = [];
    const podProblem = seLinuxProblem(obj(sc(pod.spec).seLinuxOptions));
    if (podProblem) problems.push(['spec.securityContext.seLinuxOptions', `pod ${podProblem}`]);
    problems.push(...containerProblems(pod, (c) => {
      const text = seLinuxProblem(obj(sc(c.container).seLinuxOptions));
      return text ? ['securityContext.seLinuxOptions', text] : undefined;
    }));
    return violation(problems);
  },
};

const procMount: PodSecurityControl = {
  id: 'pss-proc-mount', level: 'baseline', severity: 'error', sources: ['PSS'],
  title: 'Default /proc mount',
  rationale: 'An unmasked /proc exposes kernel interfaces that the default mask hides from containers.',
  fix: 'Remove securityContext.procMount (or set it to Default).',
  check: (pod) => violation(containerProblems(pod, (c) => {
    const mount = sc(c.container).procMount;
    return mount === undefined || mount === 'Default' ? undefined : ['securityContext.procMount', `procMount ${String(mount)}`];
  })),
};

const seccomp: PodSecurityControl = {
  id: 'pss-seccomp', level: 'baseline', severity: 'error', sources: ['PSS', 'kube-score', 'Polaris'],
  title: 'Seccomp profile RuntimeDefault or Localhost (baseline: not Unconfined)',
  rationale: 'Seccomp filters the system calls a container may make; without it the whole kernel surface is exposed.',
  fix: 'Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod.',
  check: (pod, level) => {
    const ok = (t: unknown): boolean => t === 'RuntimeDefault' || t === 'Localhost';
    const podType = obj(sc(pod.spec).seccompProfile).type;
    const problems: [string, string][] = [];
    if (podType === 'Unconfined') problems.push(['spec.securityContext.seccompProfile.type', 'pod seccompProfile.type Unconfined']);
    const required = level === 'restricted' && !isWindows(pod) && !ok(podType);
    problems.push(...containerProblems(pod, (c) => {
      const t = obj(sc(c.container).seccompProfile).type;
      if (t === 'Unconfined') return ['securityContext.seccompProfile.type', 'seccompProfile.type Unconfined'];
      if (required && !ok(t)) return ['securityContext.seccompProfile.type', 'no seccompProfile (and none on the pod)'];
      return undefined;
    }));
    return violation(problems);
  },
};

const sysctls: PodSecurityControl = {
  id: 'pss-sysctls', level: 'baseline', severity: 'error', sources: ['PSS'],
  title: 'Only safe sysctls',
  rationale: 'Unsafe sysctls change kernel settings shared with other pods on the node.',
  fix: 'Remove the sysctl, or tune the node instead of the pod.',
  check: (pod) => violation(arr(sc(pod.spec).sysctls).flatMap((s, i) => {
    const name = str(obj(s).name) ?? '';
    return SAFE_SYSCTLS.has(name) ? [] : [[`spec.securityContext.sysctls[${i}]`, `unsafe sysctl ${name}`] as const];
  })),
};

const volumeTypes: PodSecurityControl = {
  id: 'pss-volume-types', level: 'restricted', severity: 'error', sources: ['PSS'],
  title: 'Only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes',
  rationale: 'Other volume types (nfs, iscsi, …) mount storage directly, bypassing the cluster\'s storage controls.',
  fix: 'Use a PersistentVolumeClaim for storage; configMap/secret/projected for configuration.',
  check: (pod) => violation(arr(pod.spec.volumes).flatMap((v, i) => {
    const volume = obj(v);
    const kinds = Object.keys(volume).filter((k) => k !== 'name' && k !== 'hostPath' && !RESTRICTED_VOLUMES.has(k));
    return kinds.length > 0 ? [[`spec.volumes[${i}]`, `volume ${str(volume.name) ?? i} is of type ${kinds.join(', ')}`] as const] : [];
  })),
};

const privilegeEscalation: PodSecurityControl = {
  id: 'pss-privilege-escalation', level: 'restricted', severity: 'error', sources: ['PSS', 'kube-linter', 'Polaris'],
  title: 'allowPrivilegeEscalation: false on every container',
  rationale: 'Without it a process can gain more privileges than its parent (setuid binaries).',
  fix: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
  check: (pod) => (isWindows(pod) ? undefined : violation(containerProblems(pod, (c) => (sc(c.container).allowPrivilegeEscalation === false
    ? undefined : ['securityContext.allowPrivilegeEscalation', 'allowPrivilegeEscalation is not false'])))),
};

const runAsNonRoot: PodSecurityControl = {
  id: 'pss-run-as-non-root', level: 'restricted', severity: 'error', sources: ['PSS', 'kube-score', 'kube-linter', 'Polaris'],
  title: 'runAsNonRoot: true',
  rationale: 'A process running as root in the container is root on the node once it escapes.',
  fix: 'Set spec.securityContext.runAsNonRoot: true (and a non-zero runAsUser).',
  check: (pod) => {
    const podValue = sc(pod.spec).runAsNonRoot;
    const problems: [string, string][] = [];
    if (podValue === false) problems.push(['spec.securityContext.runAsNonRoot', 'pod sets runAsNonRoot: false']);
    problems.push(...containerProblems(pod, (c) => {
      const value = sc(c.container).runAsNonRoot;
      if (value === false) return ['securityContext.runAsNonRoot', 'runAsNonRoot: false'];
      return value === undefined && podValue !== true ? ['securityContext.runAsNonRoot', 'runAsNonRoot not set (nor on the pod)'] : undefined;
    }));
    return violation(problems);
  },
};

const runAsUser: PodSecurityControl = {
  id: 'pss-run-as-user', level: 'restricted', severity: 'error', sources: ['PSS', 'kube-score'],
  title: 'runAsUser is not 0',
  rationale: 'User 0 is root; runAsNonRoot is pointless when the user is explicitly root.',
  fix: 'Set runAsUser to a non-zero uid (Shipshape uses 10001).',
  check: (pod) => {
    const problems: [string, string][] = [];
    if (sc(pod.spec).runAsUser === 0) problems.push(['spec.securityContext.runAsUser', 'pod sets runAsUser: 0']);
    problems.push(...containerProblems(pod, (c) => (sc(c.container).runAsUser === 0
      ? ['securityContext.runAsUser', 'runAsUser: 0'] : undefined)));
    return violation(problems);
  },
};

/** Every Pod Security Standards control, baseline first, in the order of the PSS page. */
export const POD_SECURITY_CONTROLS: readonly PodSecurityControl[] = [
  hostProcess, hostNamespaces, privileged, capabilities, hostPath, hostPorts, appArmor, seLinux, procMount, seccomp, sysctls,
  volumeTypes, privilegeEscalation, runAsNonRoot, runAsUser,
];
