import { Entry, ObjectIndex } from '../context';
import { arr, obj, str } from '../../manifests/json';
import { Rule } from '../rule';
import { serviceSelectorMatches } from '../../manifests/selectors';
import { isLongRunning } from '../../manifests/pod-template';

/** Workloads of the Service's namespace whose pods its selector picks. */
function selectedWorkloads(index: ObjectIndex, service: Entry): Entry[] {
  return index.workloadsSelectedBy(service.namespace, { matchLabels: obj(obj(service.manifest.spec).selector) });
}

function hasSelector(service: Entry): boolean {
  return Object.keys(obj(obj(service.manifest.spec).selector)).length > 0;
}

/**
 * Whether the pods serve the target port as Kubernetes resolves it: a name only in the containers
 * that run while the pod serves (regular containers, then native sidecars) and only with the
 * Service port's protocol; a plain init container's ports are never looked at.
 */
function containerPortExists(workload: Entry, target: unknown, protocol: string): boolean {
  const numeric = typeof target === 'number' || /^\d+$/.test(String(target));
  return workload.containers.filter(isLongRunning).some((c) => arr(c.container.ports).some((p) => {
    const port = obj(p);
    if ((str(port.protocol) ?? 'TCP') !== protocol) return false;
    return numeric ? Number(port.containerPort) === Number(target) : port.name === target;
  }));
}

const selectsPods: Rule = {
  id: 'service-selects-pods', severity: 'error', sources: ['kube-score', 'kube-linter'],
  title: 'A Service\'s selector matches the pods of some workload',
  rationale: 'A Service that selects nothing has no endpoints: every request to it fails.',
  fix: 'Make the Service selector a subset of the workload\'s pod template labels.',
  check: (index, emit) => {
    for (const service of index.ofKind('Service')) {
      if (hasSelector(service) && selectedWorkloads(index, service).length === 0) {
        emit(service, `selector ${JSON.stringify(obj(service.manifest.spec).selector)} matches no pod template in namespace ${service.namespace || '<default>'}`,
          ['spec.selector']);
      }
    }
  },
};

const targetPort: Rule = {
  id: 'service-target-port', severity: 'error', sources: ['kube-linter'],
  title: 'A Service\'s targetPort is a port, of the same protocol, of a container that runs while the selected pods serve',
  rationale: 'A targetPort the pods do not declare sends traffic nowhere; a named one resolves only in regular containers and native sidecars, never in an init container that has finished.',
  fix: 'Set targetPort to the name (preferred) or number of a containerPort, with the same protocol, of a regular container or a native sidecar of the selected pods.',
  check: (index, emit) => {
    for (const service of index.ofKind('Service')) {
      if (!hasSelector(service)) continue;
      const workloads = selectedWorkloads(index, service);
      if (workloads.length === 0) continue;
      arr(obj(service.manifest.spec).ports).forEach((p, i) => {
        const port = obj(p);
        const target = port.targetPort ?? port.port;
        const protocol = str(port.protocol) ?? 'TCP';
        const missing = workloads.filter((w) => !containerPortExists(w, target, protocol));
        if (missing.length > 0) {
          const shown = protocol === 'TCP' ? String(target) : `${String(target)}/${protocol}`;
          emit(service, `targetPort ${shown} is not a port of a container that runs in the pods of ${missing.map((w) => `${w.manifest.kind} ${w.name}`).join(', ')}`,
            [`spec.ports[${i}].targetPort`]);
        }
      });
    }
  },
};

const statefulSetService: Rule = {
  id: 'statefulset-service', severity: 'error', sources: ['kube-score', 'Kubernetes'],
  title: 'A StatefulSet\'s serviceName is a headless Service that selects its pods',
  rationale: 'Stable per-pod DNS names (db-0.db) exist only through a headless governing Service.',
  fix: 'Create a Service with clusterIP: None and the StatefulSet\'s pod labels as selector, and set spec.serviceName to it.',
  check: (index, emit) => {
    for (const set of index.ofKind('StatefulSet')) {
      const name = str(obj(set.manifest.spec).serviceName);
      if (!name) { emit(set, 'spec.serviceName is not set', ['spec.serviceName']); continue; }
      const service = index.find('Service', set.namespace, name);
      const spec = obj(service?.manifest.spec);
      const problem = !service ? `Service ${name} is not in the set`
        : spec.clusterIP !== 'None' ? `Service ${name} is not headless (clusterIP: None)`
          : !serviceSelectorMatches(spec.selector, set.podLabels) ? `Service ${name} does not select the StatefulSet's pods`
            : undefined;
      if (problem) emit(set, problem, ['spec.serviceName']);
    }
  },
};

/** Whether a Service in the namespace exposes the port, given as a number or a name. */
function servicePortProblem(index: ObjectIndex, namespace: string, name: string, port: unknown): string | undefined {
  const service = index.find('Service', namespace, name);
  if (!service) return `backend Service ${namespace ? `${namespace}/` : ''}${name} is not in the set`;
  if (port === undefined) return undefined;
  const ports = arr(obj(service.manifest.spec).ports).map((p) => obj(p));
  const found = ports.some((p) => (typeof port === 'number' ? Number(p.port) === port : p.name === port));
  return found ? undefined : `backend Service ${name} has no port ${String(port)}`;
}

const routeBackends: Rule = {
  id: 'route-backend', severity: 'error', sources: ['kube-linter', 'Shipshape'],
  title: 'Ingress and HTTPRoute backends are Services in the set, with that port',
  rationale: 'A route to a missing Service or port answers 503 for every request.',
  fix: 'Point the backend at an existing Service and one of its ports (number or name).',
  check: (index, emit) => {
    for (const ingress of index.ofKind('Ingress')) {
      const spec = obj(ingress.manifest.spec);
      const backends: [string, Record<string, unknown>][] = [];
      if (spec.defaultBackend) backends.push(['spec.defaultBackend', obj(spec.defaultBackend)]);
      arr(spec.rules).forEach((r, i) => arr(obj(obj(r).http).paths).forEach((p, j) => {
        backends.push([`spec.rules[${i}].http.paths[${j}].backend`, obj(obj(p).backend)]);
      }));
      const problems = backends.flatMap(([field, backend]) => {
        const service = obj(backend.service);
        if (!str(service.name)) return [];
        const port = obj(service.port);
        const problem = servicePortProblem(index, ingress.namespace, str(service.name)!, port.number ?? port.name);
        return problem ? [[field, problem] as const] : [];
      });
      if (problems.length > 0) emit(ingress, problems.map(([, t]) => t).join('; '), problems.map(([f]) => f));
    }
    for (const route of index.ofKind('HTTPRoute')) {
      const problems = arr(obj(route.manifest.spec).rules).flatMap((r, i) => arr(obj(r).backendRefs).flatMap((b, j) => {
        const ref = obj(b);
        if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') return [];
        const problem = servicePortProblem(index, str(ref.namespace) ?? route.namespace, str(ref.name) ?? '', ref.port);
        return problem ? [[`spec.rules[${i}].backendRefs[${j}]`, problem] as const] : [];
      }));
      if (problems.length > 0) emit(route, problems.map(([, t]) => t).join('; '), problems.map(([f]) => f));
    }
  },
};

/** Rules on Services and the routes in front of them. */
export const ROUTING_RULES: readonly Rule[] = [selectsPods, targetPort, statefulSetService, routeBackends];
