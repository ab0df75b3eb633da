import { arr, Json, obj, str } from '../manifests/json';
import { Entry } from '../policy/context';
import { GraphBuilder } from './builder';

const ID_PREFIX: Readonly<Record<string, string>> = {
  Deployment: 'deploy', StatefulSet: 'sts', DaemonSet: 'ds', CronJob: 'cronjob', Job: 'job',
  ReplicaSet: 'rs', ReplicationController: 'rc', Pod: 'pod',
};

const ACCESS_MODES: Readonly<Record<string, string>> = {
  ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP',
};

/** The node of a workload (anything with a pod template), created with its label on first use. */
export function workloadNode(b: GraphBuilder, w: Entry): string {
  const kind = w.manifest.kind;
  return b.entryNode(w, () => `workload\u0000${kind}\u0000${w.namespace}\u0000${w.name}`, () => ({
    kind: 'workload',
    idHint: `${ID_PREFIX[kind] ?? kind} ${w.namespace} ${w.name}`,
    object: { kind, namespace: w.namespace, name: w.name },
    objectKind: kind,
    namespace: w.namespace,
    title: `${kind} ${w.name}`,
    details: workloadDetails(b, w),
  }));
}

/** Every workload with its storage and host access; unmounted claims are drawn too. */
export function addWorkloads(b: GraphBuilder): void {
  const mounted = new Set<string>();
  for (const w of b.index.workloads) {
    const id = workloadNode(b, w);
    for (const claim of addVolumes(b, w, id)) mounted.add(`${w.namespace}\u0000${claim}`);
    addClaimTemplates(b, w, id);
    const host = hostAccess(w);
    if (host.length > 0) {
      b.edge(id, b.node('host', () => ({ kind: 'host', idHint: 'host', title: 'node host', details: ['files and namespaces of the node'] })), 'host', host);
    }
  }
  for (const claim of b.index.ofKind('PersistentVolumeClaim')) {
    const id = claimNode(b, claim.namespace, claim.name);
    if (!mounted.has(`${claim.namespace}\u0000${claim.name}`)) b.addDetail(id, 'not mounted by any workload');
  }
}

function workloadDetails(b: GraphBuilder, w: Entry): string[] {
  const spec = obj(w.manifest.spec);
  switch (w.manifest.kind) {
    case 'Deployment': case 'ReplicaSet': case 'ReplicationController': case 'StatefulSet': {
      const hpa = autoscaler(b, w);
      if (hpa) return [hpa];
      const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
      return [`${replicas} replica${replicas === 1 ? '' : 's'}`];
    }
    case 'DaemonSet': return ['one pod per node'];
    case 'CronJob': {
      const zone = str(spec.timeZone);
      return [`schedule ${str(spec.schedule) ?? '?'}${zone ? ` ${zone}` : ''}`, ...(spec.suspend === true ? ['suspended'] : [])];
    }
    case 'Job': {
      const completions = typeof spec.completions === 'number' ? spec.completions : 1;
      return [completions === 1 ? 'runs once' : `${completions} completions`];
    }
    default: return [];
  }
}

/** `autoscaled 2-8 replicas` when a HorizontalPodAutoscaler of the namespace targets the workload. */
function autoscaler(b: GraphBuilder, w: Entry): string | undefined {
  for (const hpa of b.index.inNamespace(w.namespace, 'HorizontalPodAutoscaler')) {
    const spec = obj(hpa.manifest.spec);
    const target = obj(spec.scaleTargetRef);
    if (target.kind === w.manifest.kind && target.name === w.name) {
      const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
      return `autoscaled ${min}-${String(spec.maxReplicas ?? '?')} replicas`;
    }
  }
  return undefined;
}

/** Where a pod volume is mounted: `/data`, `/data (read-only)`, one entry per mount of a main or init container. */
function mountsOf(w: Entry, volume: string, readOnlyVolume = false): string[] {
  const mounts: string[] = [];
  for (const { container } of w.containers) {
    for (const m of arr(container.volumeMounts)) {
      const mount = obj(m);
      if (mount.name !== volume) continue;
      const path = str(mount.mountPath) ?? '?';
      mounts.push(readOnlyVolume || mount.readOnly === true ? `${path} (read-only)` : path);
    }
  }
  return [...new Set(mounts)].sort();
}

/** Draws the pod's claims and ephemeral claims; returns the names of the claims it mounts. */
function addVolumes(b: GraphBuilder, w: Entry, id: string): string[] {
  const claims: string[] = [];
  for (const v of arr(w.pod?.spec.volumes)) {
    const volume = obj(v);
    const name = str(volume.name) ?? '';
    const pvc = obj(volume.persistentVolumeClaim);
    const claimName = str(pvc.claimName);
    if (claimName) {
      claims.push(claimName);
      b.edge(id, claimNode(b, w.namespace, claimName), 'storage', mountsOf(w, name, pvc.readOnly === true));
    }
    const ephemeral = obj(obj(volume.ephemeral).volumeClaimTemplate);
    if (volume.ephemeral !== undefined) {
      const claim = b.node(`ephemeral\u0000${w.manifest.kind}\u0000${w.namespace}\u0000${w.name}\u0000${name}`, () => ({
        kind: 'claim-template', idHint: `eph ${w.namespace} ${w.name} ${name}`, namespace: w.namespace,
        title: `ephemeral claim ${name}`, details: [...claimLines(obj(ephemeral.spec)), 'deleted with its pod'],
      }));
      b.edge(id, claim, 'storage', mountsOf(w, name));
    }
  }
  return claims;
}

function addClaimTemplates(b: GraphBuilder, w: Entry, id: string): void {
  if (w.manifest.kind !== 'StatefulSet') return;
  const spec = obj(w.manifest.spec);
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  for (const t of arr(spec.volumeClaimTemplates)) {
    const template = obj(t);
    const name = str(obj(template.metadata).name) ?? '';
    const first = `${name}-${w.name}-0`;
    const claims = replicas <= 1 ? `PVC ${first}` : `PVCs ${first} … ${name}-${w.name}-${replicas - 1}`;
    const node = b.node(`template\u0000${w.namespace}\u0000${w.name}\u0000${name}`, () => ({
      kind: 'claim-template', idHint: `tpl ${w.namespace} ${w.name} ${name}`, namespace: w.namespace,
      title: `claim template ${name}`, details: [...claimLines(obj(template.spec), ' per pod'), claims],
    }));
    b.edge(id, node, 'storage', mountsOf(w, name));
  }
}

/** The node of a PersistentVolumeClaim: from the input, or marked missing. */
function claimNode(b: GraphBuilder, namespace: string, name: string): string {
  return b.node(`claim\u0000${namespace}\u0000${name}`, () => {
    const { entry, fields } = b.referenced('PersistentVolumeClaim', namespace, name);
    return {
      kind: 'claim', idHint: `pvc ${namespace} ${name}`, namespace, ...fields,
      title: `PVC ${name}`, details: entry ? claimLines(obj(entry.manifest.spec)) : [],
    };
  });
}

/** `10Gi RWO` (with `suffix`), then `class fast` when the claim names a storage class. */
function claimLines(spec: Json, suffix = ''): string[] {
  const size = obj(obj(spec.resources).requests).storage;
  const modes = arr(spec.accessModes).map((m) => ACCESS_MODES[String(m)] ?? String(m));
  const storageClass = str(spec.storageClassName);
  return [
    [size === undefined ? 'no size' : String(size), ...modes].join(' ') + suffix,
    ...(storageClass !== undefined ? [`class ${storageClass || '"" (no dynamic provisioning)'}`] : []),
  ];
}

/**
 * What of the node's own host the pods use: hostPath volumes (with how they are mounted), host
 * network, PID and IPC namespaces, host ports and privileged containers.
 */
function hostAccess(w: Entry): string[] {
  const spec = w.pod?.spec ?? {};
  const uses: string[] = [];
  for (const v of arr(spec.volumes)) {
    const volume = obj(v);
    if (volume.hostPath === undefined) continue;
    const path = str(obj(volume.hostPath).path) ?? '?';
    const mounts = mountsOf(w, str(volume.name) ?? '');
    const writable = mounts.some((m) => !m.endsWith('(read-only)'));
    uses.push(`${path} (${mounts.length === 0 ? 'not mounted' : writable ? 'read-write' : 'read-only'})`);
  }
  for (const [field, text] of [['hostNetwork', 'host network'], ['hostPID', 'host PID'], ['hostIPC', 'host IPC']] as const) {
    if (spec[field] === true) uses.push(text);
  }
  for (const { container, name } of w.containers) {
    for (const p of arr(container.ports)) {
      const port = obj(p);
      if (typeof port.hostPort === 'number') uses.push(`host port ${port.hostPort}${port.protocol && port.protocol !== 'TCP' ? `/${String(port.protocol)}` : ''}`);
    }
    if (obj(container.securityContext).privileged === true) uses.push(`privileged container ${name}`);
  }
  return uses;
}
