import { Entry, ObjectIndex } from '../context';
import { arr, obj, str } from '../../manifests/json';
import { Rule } from '../rule';
import { serviceSelectorMatches } from '../../manifests/selectors';
import { isLongRunning } from '../../manifests/pod-template';

const asLabelSelector = new WeakMap<object, Record<string, unknown>>();

/** Workloads of the Service's namespace whose pods its selector picks. */
function selectedWorkloads(index: ObjectIndex, service: Entry): readonly Entry[] {
  const selector = obj(obj(service.manifest.spec).selector);
  // One wrapper per Service selector, so that the index's answer is reused by every rule.
  let wrapped = asLabelSelector.get(selector);
  if (!wrapped) {
    wrapped = { matchLabels: selector };
    asLabelSelector.set(selector, wrapped);
  }
  return index.workloadsSelectedBy(service.namespace, wrapped);
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

/**
 * Why a Service port's targetPort is not one the API server accepts, if it is not: a number from
 * 1 to 65535, or an IANA service name (at most 15 lower-case letters, digits and '-', at least one
 * letter, no '-' at either end or twice in a row). A quoted number is a name, and an invalid one.
 */
export function targetPortSyntaxProblem(target: unknown): string | undefined {
  if (typeof target === 'number') {
    return Number.isInteger(target) && target >= 1 && target <= 65535 ? undefined : `targetPort ${target} is not a port number from 1 to 65535`;
  }
  if (typeof target !== 'string') return `targetPort ${JSON.stringify(target)} is neither a port number nor a port name`;
  const problems: string[] = [];
  if (target.length === 0 || target.length > 15) problems.push('1 to 15 characters');
  if (!/^[a-z0-9-]*$/.test(target)) problems.push('lower-case letters, digits and \'-\' only');
  if (!/[a-z]/i.test(target)) problems.push('at least one letter');
  if (target.startsWith('-') || target.endsWith('-') || target.includes('--')) problems.push('no \'-\' at either end or twice in a row');
  return problems.length > 0 ? `targetPort "${target.slice(0, 64)}" is not a valid port name (${problems.join('; ')})` : undefined;
}

const targetPort: Rule = {
  id: 'service-target-port', severity: 'error', sources: ['Kubernetes', 'kube-linter', 'Shipshape'],
  title: 'A Service\'s targetPort is a valid port number or name, and a port, of the same protocol, of a container that runs while the selected pods serve',
  rationale: 'The API server rejects a malformed targetPort; one the pods do not declare sends traffic nowhere; a named one resolves only in regular containers and native sidecars, never in an init container that has finished.',
  fix: 'Set targetPort to the name (preferred) or number of a containerPort, with the same protocol, of a regular container or a native sidecar of the selected pods; names are at most 15 lower-case letters, digits and \'-\'.',
  check: (index, emit) => {
    for (const service of index.ofKind('Service')) {
      const ports = arr(obj(service.manifest.spec).ports).map((p) => obj(p));
      const problems: [string, string][] = [];
      ports.forEach((port, i) => {
        const syntax = port.targetPort === undefined ? undefined : targetPortSyntaxProblem(port.targetPort);
        if (syntax) problems.push([`spec.ports[${i}].targetPort`, syntax]);
      });
      const workloads = hasSelector(service) ? selectedWorkloads(index, service) : [];
      if (workloads.length > 0) {
        ports.forEach((port, i) => {
          const target = port.targetPort ?? port.port;
          if (problems.some(([field]) => field === `spec.ports[${i}].targetPort`)) return;
          const protocol = str(port.protocol) ?? 'TCP';
          const missing = workloads.filter((w) => !containerPortExists(w, target, protocol));
          if (missing.length > 0) {
            const shown = protocol === 'TCP' ? String(target) : `${String(target)}/${protocol}`;
            problems.push([`spec.ports[${i}].targetPort`, `targetPort ${shown} is not a port of a container that runs in the pods of ${missing.map((w) => `${w.manifest.kind} ${w.name}`).join(', ')}`]);
          }
        });
      }
      if (problems.length > 0) emit(service, problems.map(([, t]) => t).join('; '), problems.map(([f]) => f));
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
  title: 'Ingress and HTTPRoute backends name Services in the set, with that port',
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
        // A resource backend (e.g. a storage bucket) is another controller's business.
        if (backend.resource !== undefined) return [];
        if (!str(service.name)) {
          const legacy = backend.serviceName !== undefined ? ' (serviceName/servicePort are networking.k8s.io/v1beta1 fields; v1 uses service.name and service.port)' : '';
          return [[field, `backend names no Service${legacy}`] as const];
        }
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

const ingressTls: Rule = {
  id: 'ingress-tls', severity: 'warning', sources: ['Polaris'],
  title: 'An Ingress serves every host over TLS',
  rationale: 'Without TLS, requests and any credentials in them cross the network in clear text.',
  fix: 'Add spec.tls with a Secret holding the certificate, listing every host of the rules (cert-manager can issue it).',
  check: (index, emit) => {
    for (const ingress of index.ofKind('Ingress')) {
      const spec = obj(ingress.manifest.spec);
      const tls = arr(spec.tls).map((t) => obj(t));
      if (tls.length === 0) { emit(ingress, 'spec.tls is not set: every host is served over plain HTTP', ['spec.tls']); continue; }
      const covered = new Set(tls.flatMap((t) => arr(t.hosts).map(String)));
      const plain = arr(spec.rules).map((r) => str(obj(r).host)).filter((h): h is string => h !== undefined && !covered.has(h));
      if (plain.length > 0) emit(ingress, `hosts ${plain.join(', ')} are not listed in spec.tls`, ['spec.tls']);
    }
  },
};

/** Rules on Services and the routes in front of them. */
export const ROUTING_RULES: readonly Rule[] = [selectsPods, targetPort, statefulSetService, routeBackends, ingressTls];
