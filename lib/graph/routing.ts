import { arr, Json, obj, str } from '../manifests/json';
import { apiGroup } from '../manifests/manifest';
import { Entry } from '../policy/context';
import { GraphBuilder } from './builder';
import { workloadNode } from './workloads';

/** Edge labels list at most this many routes; the rest are counted. */
const MAX_ROUTE_LINES = 4;

/** Services with the pods they select, Ingresses and HTTPRoutes with their hosts, and where clients enter. */
export function addRouting(b: GraphBuilder): void {
  for (const service of b.index.ofKind('Service')) addService(b, service);
  for (const ingress of b.index.ofKind('Ingress')) addIngress(b, ingress);
  for (const route of b.index.ofKind('HTTPRoute')) {
    if (apiGroup(route.manifest.apiVersion) === 'gateway.networking.k8s.io') addHttpRoute(b, route);
  }
}

/** The node standing for clients outside the cluster. */
function entryNode(b: GraphBuilder): string {
  return b.node('entry', () => ({ kind: 'entry', idHint: 'clients', title: 'clients outside the cluster', details: [] }));
}

/** The node of a Service: from the input, or marked missing when only referenced. */
function serviceNode(b: GraphBuilder, namespace: string, name: string): string {
  return b.node(`service\u0000${namespace}\u0000${name}`, () => {
    const { entry, fields } = b.referenced('Service', namespace, name);
    return {
      kind: 'service', idHint: `svc ${namespace} ${name}`, namespace, ...fields,
      title: `Service ${name}`, details: entry ? serviceDetails(obj(entry.manifest.spec)) : [],
    };
  });
}

/** `ClusterIP 80→http`, `headless 5432`, `NodePort 80:30080`, `ExternalName db.example.com`. */
function serviceDetails(spec: Json): string[] {
  const type = str(spec.type) ?? 'ClusterIP';
  if (type === 'ExternalName') return [`ExternalName ${str(spec.externalName) ?? '?'}`];
  const ports = arr(spec.ports).map((p) => {
    const port = obj(p);
    const target = port.targetPort !== undefined && String(port.targetPort) !== String(port.port) ? `→${String(port.targetPort)}` : '';
    const node = type !== 'ClusterIP' && port.nodePort !== undefined ? `:${String(port.nodePort)}` : '';
    const protocol = port.protocol && port.protocol !== 'TCP' ? `/${String(port.protocol)}` : '';
    return `${String(port.port)}${protocol}${target}${node}`;
  });
  const headless = spec.clusterIP === 'None';
  return [`${headless ? 'headless' : type}${ports.length > 0 ? ` ${ports.join(', ')}` : ''}`];
}

function addService(b: GraphBuilder, service: Entry): void {
  const id = serviceNode(b, service.namespace, service.name);
  const spec = obj(service.manifest.spec);
  const type = str(spec.type) ?? 'ClusterIP';
  if (type === 'NodePort' || type === 'LoadBalancer') {
    b.edge(entryNode(b), id, 'route', [type === 'NodePort'
      ? `NodePort ${arr(spec.ports).map((p) => String(obj(p).nodePort ?? 'auto')).join(', ')}`
      : `LoadBalancer ${arr(spec.ports).map((p) => String(obj(p).port)).join(', ')}`]);
  }
  if (type === 'ExternalName') return;
  const selector = obj(spec.selector);
  if (Object.keys(selector).length === 0) {
    b.addDetail(id, 'no selector: endpoints managed elsewhere');
    return;
  }
  const selected = b.index.workloadsSelectedBy(service.namespace, { matchLabels: selector });
  if (selected.length === 0) b.addDetail(id, 'selects no pods of these manifests');
  for (const w of selected) b.edge(id, workloadNode(b, w), 'route');
}

function addIngress(b: GraphBuilder, ingress: Entry): void {
  const spec = obj(ingress.manifest.spec);
  const tls = arr(spec.tls).map(obj);
  const className = str(spec.ingressClassName) ?? str(ingress.manifest.metadata?.annotations?.['kubernetes.io/ingress.class']);
  const id = b.node(`ingress\u0000${ingress.namespace}\u0000${ingress.name}`, () => ({
    kind: 'ingress', idHint: `ing ${ingress.namespace} ${ingress.name}`, namespace: ingress.namespace, objectKind: 'Ingress',
    object: { kind: 'Ingress', namespace: ingress.namespace, name: ingress.name },
    title: `Ingress ${ingress.name}`,
    details: [...(className ? [`class ${className}`] : []), ...(tls.length > 0 ? ['TLS'] : [])],
  }));
  b.edge(entryNode(b), id, 'route');
  const https = (host: string | undefined): boolean => tls.some((t) => arr(t.hosts).length === 0 || (host !== undefined && arr(t.hosts).includes(host)));
  const routes = new Map<string, string[]>();
  const route = (backend: Json, text: string): void => {
    const name = str(obj(backend.service).name);
    if (!name) return;
    const target = serviceNode(b, ingress.namespace, name);
    routes.set(target, [...(routes.get(target) ?? []), text]);
  };
  if (spec.defaultBackend !== undefined) route(obj(spec.defaultBackend), 'default backend');
  for (const r of arr(spec.rules)) {
    const rule = obj(r);
    const host = str(rule.host);
    for (const p of arr(obj(rule.http).paths)) {
      const path = obj(p);
      const exact = path.pathType === 'Exact' ? ' (exact)' : '';
      route(obj(path.backend), `${https(host) ? 'https' : 'http'}://${host ?? '*'}${str(path.path) ?? '/'}${exact}`);
    }
  }
  for (const [target, lines] of routes) b.edge(id, target, 'route', capped(lines));
}

function addHttpRoute(b: GraphBuilder, route: Entry): void {
  const spec = obj(route.manifest.spec);
  const id = b.node(`httproute\u0000${route.namespace}\u0000${route.name}`, () => ({
    kind: 'route', idHint: `route ${route.namespace} ${route.name}`, namespace: route.namespace, objectKind: 'HTTPRoute',
    object: { kind: 'HTTPRoute', namespace: route.namespace, name: route.name },
    title: `HTTPRoute ${route.name}`, details: [],
  }));
  for (const p of arr(spec.parentRefs)) {
    const parent = obj(p);
    if ((str(parent.kind) ?? 'Gateway') !== 'Gateway' || (str(parent.group) ?? 'gateway.networking.k8s.io') !== 'gateway.networking.k8s.io') continue;
    const namespace = str(parent.namespace) ?? route.namespace;
    const name = str(parent.name) ?? '?';
    const gatewayId = b.node(`gateway\u0000${namespace}\u0000${name}`, () => {
      const { entry, fields } = b.referenced('Gateway', namespace, name);
      const className = str(obj(entry?.manifest.spec).gatewayClassName);
      return {
        kind: 'gateway', idHint: `gw ${namespace} ${name}`, namespace, ...fields,
        title: `Gateway ${name}`, details: className ? [`class ${className}`] : [],
      };
    });
    b.edge(entryNode(b), gatewayId, 'route');
    b.edge(gatewayId, id, 'route', str(parent.sectionName) ? [`listener ${str(parent.sectionName)}`] : []);
  }
  const hosts = arr(spec.hostnames).map(String);
  const routes = new Map<string, string[]>();
  for (const r of arr(spec.rules)) {
    const rule = obj(r);
    const matches = arr(rule.matches).map((m) => str(obj(obj(m).path).value) ?? '/');
    const paths = matches.length > 0 ? matches : ['/'];
    const texts = (hosts.length > 0 ? hosts : ['*']).flatMap((h) => paths.map((path) => `${h}${path}`));
    for (const ref of arr(rule.backendRefs)) {
      const backend = obj(ref);
      if ((str(backend.kind) ?? 'Service') !== 'Service' || (str(backend.group) ?? '') !== '') continue;
      const target = serviceNode(b, str(backend.namespace) ?? route.namespace, str(backend.name) ?? '?');
      routes.set(target, [...(routes.get(target) ?? []), ...texts]);
    }
  }
  for (const [target, lines] of routes) b.edge(id, target, 'route', capped(lines));
}

/** Distinct lines, at most {@link MAX_ROUTE_LINES}, with a count of the rest. */
function capped(lines: readonly string[]): string[] {
  const unique = [...new Set(lines)];
  if (unique.length <= MAX_ROUTE_LINES) return unique;
  return [...unique.slice(0, MAX_ROUTE_LINES - 1), `… ${unique.length - MAX_ROUTE_LINES + 1} more`];
}
