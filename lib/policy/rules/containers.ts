import { splitImageReference } from '../../kube/image';
import { compareQuantities } from '../../kube/quantity';
import { Entry, ObjectIndex } from '../context';
import { ContainerRef, isLongRunning } from '../../manifests/pod-template';
import { obj, str } from '../../manifests/json';
import { Emit, Rule } from '../rule';

/** Runs a per-container test over every workload, emitting one finding per workload listing the offending containers. */
function eachWorkload(
  index: ObjectIndex, emit: Emit, which: 'all' | 'long-running',
  test: (c: ContainerRef, entry: Entry) => readonly [field: string, text: string] | undefined,
): void {
  // Plain loops: this runs for every container of every workload once per rule, and most find nothing.
  for (const entry of index.workloads) {
    let fields: string[] | undefined;
    let texts: string[] | undefined;
    for (const c of entry.containers) {
      if (which === 'long-running' && !isLongRunning(c)) continue;
      const problem = test(c, entry);
      if (!problem) continue;
      (fields ??= []).push(`${entry.pod!.specPath}.${c.path}${problem[0] ? `.${problem[0]}` : ''}`);
      (texts ??= []).push(`container ${c.name}: ${problem[1]}`);
    }
    if (fields && texts) emit(entry, texts.join('; '), fields);
  }
}

function resources(c: ContainerRef, kind: 'requests' | 'limits'): Record<string, unknown> {
  return obj(obj(c.container.resources)[kind]);
}

const requests: Rule = {
  id: 'resources-requests', severity: 'error', sources: ['kube-score', 'kube-linter', 'Polaris'],
  title: 'Every container requests cpu and memory',
  rationale: 'The scheduler places pods by their requests; without them nodes are overcommitted and pods get evicted first.',
  fix: 'Set resources.requests.cpu and resources.requests.memory on every container (init containers included).',
  check: (index, emit) => eachWorkload(index, emit, 'all', (c) => {
    const missing = ['cpu', 'memory'].filter((r) => resources(c, 'requests')[r] === undefined);
    return missing.length > 0 ? ['resources.requests', `no ${missing.join(' or ')} request`] : undefined;
  }),
};

const memoryLimit: Rule = {
  id: 'resources-memory-limit', severity: 'error', sources: ['kube-score', 'kube-linter', 'Polaris'],
  title: 'Every container has a memory limit',
  rationale: 'A container without a memory limit can exhaust the node and get unrelated pods OOM-killed.',
  fix: 'Set resources.limits.memory (Shipshape sets it equal to the request).',
  check: (index, emit) => eachWorkload(index, emit, 'all', (c) => (resources(c, 'limits').memory === undefined
    ? ['resources.limits', 'no memory limit'] : undefined)),
};

const requestsWithinLimits: Rule = {
  id: 'resources-requests-within-limits', severity: 'error', sources: ['Kubernetes'],
  title: 'Requests do not exceed limits',
  rationale: 'The API server rejects a pod whose request is above its limit; catch it before apply.',
  fix: 'Lower the request or raise the limit so that request <= limit.',
  check: (index, emit) => eachWorkload(index, emit, 'all', (c) => {
    const limits = resources(c, 'limits');
    const over = Object.entries(resources(c, 'requests')).filter(([name, request]) => {
      const limit = limits[name];
      if (limit === undefined) return false;
      // Exactly, as the API server compares: a float judges 1.0000000000000001 equal to 1.
      return (compareQuantities(String(request), String(limit)) ?? 0) > 0;
    }).map(([name, request]) => `${name} request ${String(request)} > limit ${String(limits[name])}`);
    return over.length > 0 ? ['resources', over.join(', ')] : undefined;
  }),
};

const imagePinned: Rule = {
  id: 'image-pinned', severity: 'error', sources: ['kube-score', 'kube-linter', 'Polaris'],
  title: 'Images are pinned: a tag other than latest, or a digest',
  rationale: 'An unpinned image changes under the same manifest: rollouts are not reproducible and rollbacks do not roll back.',
  fix: 'Use an explicit version tag (app:1.4.2) or a digest (app@sha256:…).',
  check: (index, emit) => eachWorkload(index, emit, 'all', (c) => {
    const image = str(c.container.image) ?? '';
    const { tag, digest } = splitImageReference(image);
    if (digest) return undefined;
    if (!tag) return ['image', `image ${image || '<none>'} has no tag`];
    return tag === 'latest' ? ['image', `image ${image} uses the latest tag`] : undefined;
  }),
};

const imagePullPolicy: Rule = {
  id: 'image-pull-policy', severity: 'warning', sources: ['kube-score'],
  title: 'imagePullPolicy is explicit',
  rationale: 'The implicit default depends on the tag (Always for latest, IfNotPresent otherwise); explicit is predictable.',
  fix: 'Set imagePullPolicy: IfNotPresent for pinned images (Always if tags are ever re-pushed).',
  check: (index, emit) => eachWorkload(index, emit, 'all', (c) => (c.container.imagePullPolicy === undefined
    ? ['imagePullPolicy', 'imagePullPolicy not set'] : undefined)),
};

/** Long-running controllers whose pods serve traffic and roll out gated on readiness. */
const LONG_RUNNING = new Set(['Deployment', 'StatefulSet']);

const readiness: Rule = {
  id: 'probe-readiness', severity: 'error', sources: ['kube-score', 'kube-linter', 'Polaris'],
  title: 'Long-running workloads (Deployment, StatefulSet) have a readiness probe on every container that runs while they serve, native sidecars included',
  rationale: 'Without readiness, traffic reaches pods before they can serve and rollouts proceed over broken pods; a pod is ready only when all its containers are.',
  fix: 'Add a readinessProbe (httpGet on a health endpoint, tcpSocket on the serving port, or exec), or suppress the rule with the reason a container has none.',
  check: (index, emit) => eachWorkload(index, emit, 'long-running', (c, entry) => (
    LONG_RUNNING.has(entry.manifest.kind) && c.container.readinessProbe === undefined ? ['', 'no readinessProbe'] : undefined)),
};

const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;

function handlerOf(probe: Record<string, unknown>): string {
  return JSON.stringify(PROBE_HANDLERS.map((h) => probe[h] ?? null));
}

const distinctProbes: Rule = {
  id: 'probe-distinct', severity: 'error', sources: ['kube-score'],
  title: 'Readiness and liveness probes differ',
  rationale: 'When both check the same thing, an overloaded pod is restarted instead of being taken out of rotation: cascading failure.',
  fix: 'Point liveness at a cheap "process is alive" check and readiness at "can serve traffic", or drop liveness.',
  check: (index, emit) => eachWorkload(index, emit, 'long-running', (c) => {
    const ready = c.container.readinessProbe;
    const live = c.container.livenessProbe;
    return ready !== undefined && live !== undefined && handlerOf(obj(ready)) === handlerOf(obj(live))
      ? ['livenessProbe', 'livenessProbe checks the same endpoint as readinessProbe'] : undefined;
  }),
};

/** A declared container port's protocol; Kubernetes defaults it to TCP. */
function protocolOf(port: Record<string, unknown>): string {
  return str(port.protocol) ?? 'TCP';
}

const probePorts: Rule = {
  id: 'probe-port', severity: 'error', sources: ['kube-linter'],
  title: 'Probe ports exist among the container\'s TCP ports',
  rationale: 'A probe on a port the container does not expose over TCP always fails: the pod never becomes ready or is restarted forever.',
  fix: 'Use the name or number of a declared TCP containerPort in the probe (httpGet, tcpSocket and grpc probes all connect over TCP).',
  check: (index, emit) => eachWorkload(index, emit, 'all', (c) => {
    const ports = (Array.isArray(c.container.ports) ? c.container.ports : []).map((p) => obj(p));
    const bad = ['readinessProbe', 'livenessProbe', 'startupProbe'].flatMap((kind) => {
      const probe = obj(c.container[kind]);
      const port = obj(probe.httpGet).port ?? obj(probe.tcpSocket).port ?? obj(probe.grpc).port;
      if (port === undefined) return [];
      const numeric = typeof port === 'number' || /^\d+$/.test(String(port));
      const matching = ports.filter((p) => (numeric ? Number(p.containerPort) === Number(port) : p.name === port));
      if (matching.length === 0) return [`${kind} port ${String(port)} is not a container port`];
      return matching.some((p) => protocolOf(p) === 'TCP') ? [] : [`${kind} port ${String(port)} is declared only as ${protocolOf(matching[0])}, but probes connect over TCP`];
    });
    return bad.length > 0 ? ['', bad.join(', ')] : undefined;
  }),
};

interface DeclaredPort { readonly container: ContainerRef; readonly index: number; readonly name?: string; readonly number: string }

const podPortsUnique: Rule = {
  id: 'pod-ports-unique', severity: 'error', sources: ['Kubernetes', 'Shipshape'],
  title: 'Port names are unique across a pod\'s containers, and so are the ports of containers that run side by side',
  rationale: 'A Service or probe that names a port takes the first container declaring it (the API server only warns), and two containers of one pod share a network namespace: only one can listen on a port.',
  fix: 'Give each container\'s ports their own names (http, metrics, admin) and numbers.',
  check: (index, emit) => {
    for (const entry of index.workloads) {
      const pod = entry.pod!;
      const ports: DeclaredPort[] = entry.containers.filter((c) => c.list !== 'ephemeralContainers').flatMap((container) => (Array.isArray(container.container.ports) ? container.container.ports : [])
        .map((p, i) => ({ container, index: i, name: str(obj(p).name), number: `${String(obj(p).containerPort)}/${str(obj(p).protocol) ?? 'TCP'}` })));
      const problems: [string, string][] = [];
      const seen = (key: (p: DeclaredPort) => string | undefined, what: string, among: DeclaredPort[]): void => {
        const first = new Map<string, DeclaredPort>();
        for (const port of among) {
          const value = key(port);
          if (value === undefined) continue;
          const other = first.get(value);
          if (other === undefined) { first.set(value, port); continue; }
          const by = other.container === port.container ? 'twice by it' : `also by container ${other.container.name}`;
          problems.push([`${pod.specPath}.${port.container.path}.ports[${port.index}]`, `${what} ${value} of container ${port.container.name} is declared ${by}`]);
        }
      };
      seen((p) => p.name, 'port name', ports);
      seen((p) => p.number, 'port', ports.filter((p) => isLongRunning(p.container)));
      if (problems.length > 0) emit(entry, problems.map(([, t]) => t).join('; '), problems.map(([f]) => f));
    }
  },
};

const ephemeralStorage: Rule = {
  id: 'resources-ephemeral-storage', severity: 'error', sources: ['kube-score'],
  title: 'Every container requests and limits ephemeral-storage',
  rationale: 'Logs, emptyDir and writable layers fill the node\'s disk; without a limit one pod can get every pod on the node evicted.',
  fix: 'Set resources.requests and resources.limits for ephemeral-storage on every container (init containers included).',
  check: (index, emit) => eachWorkload(index, emit, 'all', (c) => {
    const missing = (['requests', 'limits'] as const).filter((kind) => resources(c, kind)['ephemeral-storage'] === undefined);
    return missing.length > 0 ? ['resources', `no ephemeral-storage ${missing.map((m) => m.slice(0, -1)).join(' or ')}`] : undefined;
  }),
};

// A warning, as in Polaris: Pod Security "restricted" does not require it, and some images write
// into their own tree. Shipshape sets it on every container; security.readOnlyRootFilesystem: false
// turns it off on purpose and shows up here.
const readOnlyRoot: Rule = {
  id: 'read-only-root-fs', severity: 'warning', sources: ['kube-score', 'kube-linter', 'Polaris'],
  title: 'Every container runs with a read-only root filesystem',
  rationale: 'A writable root filesystem lets an intruder change the binaries and configuration the container runs.',
  fix: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process must write (e.g. /tmp).',
  check: (index, emit) => eachWorkload(index, emit, 'all', (c, entry) => {
    // Windows containers cannot have a read-only root filesystem.
    if (str(obj(entry.pod!.spec.os).name) === 'windows') return undefined;
    return obj(c.container.securityContext).readOnlyRootFilesystem === true
      ? undefined : ['securityContext.readOnlyRootFilesystem', 'readOnlyRootFilesystem is not true'];
  }),
};

const envDuplicate: Rule = {
  id: 'env-duplicate', severity: 'error', sources: ['kube-score', 'kube-linter'],
  title: 'No environment variable is defined twice in one container',
  rationale: 'The last definition silently wins; the other value, often the one a reviewer reads, is ignored.',
  fix: 'Remove all but one definition of each variable.',
  check: (index, emit) => eachWorkload(index, emit, 'all', (c) => {
    if (!Array.isArray(c.container.env) || c.container.env.length < 2) return undefined;
    const seen = new Set<string>();
    const repeated = new Set<string>();
    for (const e of c.container.env as unknown[]) {
      const name = str(obj(e).name);
      if (name === undefined) continue;
      if (seen.has(name)) repeated.add(name);
      seen.add(name);
    }
    return repeated.size > 0 ? ['env', `env ${[...repeated].join(', ')} defined more than once`] : undefined;
  }),
};

const sshPort: Rule = {
  id: 'ssh-port', severity: 'warning', sources: ['kube-linter'],
  title: 'No container exposes port 22 (SSH)',
  rationale: 'An SSH server in a container is a way in that bypasses the cluster\'s access control and audit.',
  fix: 'Use kubectl exec or debug containers instead of SSH; if the port serves something else, move it.',
  check: (index, emit) => eachWorkload(index, emit, 'all', (c) => {
    const ssh = (Array.isArray(c.container.ports) ? c.container.ports : []).some((p) => obj(p).containerPort === 22 && protocolOf(obj(p)) === 'TCP');
    return ssh ? ['ports', 'containerPort 22 (SSH)'] : undefined;
  }),
};

/** Rules on each container of each workload: resources, images, probes, filesystem, env, ports. */
export const CONTAINER_RULES: readonly Rule[] = [
  requests, memoryLimit, requestsWithinLimits, ephemeralStorage, imagePinned, imagePullPolicy, readiness, distinctProbes, probePorts,
  podPortsUnique, readOnlyRoot, envDuplicate, sshPort,
];
