import { Manifest } from '../../lib/manifests/manifest';
import { buildGraph } from '../../lib/graph';
import { deployment, edgeLines, nodeTitled, service } from './fixtures';

function ingress(spec: Record<string, unknown>): Manifest {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop' }, spec };
}

const backend = (name: string, port = 80): Record<string, unknown> => ({ service: { name, port: { number: port } } });

describe('Ingress', () => {
  test('each host and path becomes a route to its Service: https for TLS hosts, exact paths marked', () => {
    const graph = buildGraph([service('shop', 'web'), service('shop', 'docs'), ingress({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'tls' }],
      rules: [
        { host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('web') }, { path: '/robots.txt', pathType: 'Exact', backend: backend('web') }] } },
        { host: 'docs.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('docs') }] } },
      ],
    })]);
    expect(edgeLines(graph, ['route']).filter((l) => l.startsWith('shop/Ingress'))).toEqual([
      'shop/Ingress web --route: http://docs.example.com/--> shop/Service docs',
      'shop/Ingress web --route: https://shop.example.com/ | https://shop.example.com/robots.txt (exact)--> shop/Service web',
    ]);
    expect(nodeTitled(graph, 'Ingress web').details).toEqual(['class nginx', 'TLS']);
  });

  test('clients outside the cluster enter through the Ingress', () => {
    const graph = buildGraph([service('shop', 'web'), ingress({ defaultBackend: backend('web') })]);
    expect(edgeLines(graph, ['route'])).toEqual([
      'clients outside the cluster --route--> shop/Ingress web',
      'shop/Ingress web --route: default backend--> shop/Service web',
    ]);
  });

  test('a backend Service missing from the manifests is drawn, marked as not in them', () => {
    const graph = buildGraph([ingress({ defaultBackend: backend('gone') })]);
    expect(nodeTitled(graph, 'Service gone').missing).toBe(true);
  });

  test('many paths to one Service are listed up to four lines, the rest counted', () => {
    const paths = ['/a', '/b', '/c', '/d', '/e', '/f'].map((path) => ({ path, pathType: 'Prefix', backend: backend('web') }));
    const graph = buildGraph([service('shop', 'web'), ingress({ rules: [{ host: 'x.example.com', http: { paths } }] })]);
    const edge = graph.edges.find((e) => e.kind === 'route' && e.label.length > 0)!;
    expect(edge.label).toEqual(['http://x.example.com/a', 'http://x.example.com/b', 'http://x.example.com/c', '… 3 more']);
  });
});

describe('HTTPRoute', () => {
  const route = (spec: Record<string, unknown>): Manifest => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'api', namespace: 'shop' }, spec });

  test('clients enter through the parent Gateway; hostnames and path matches label the route to each backend Service', () => {
    const gateway: Manifest = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'gw' }, spec: { gatewayClassName: 'eg', listeners: [] } };
    const graph = buildGraph([gateway, service('shop', 'api', 8080), route({
      parentRefs: [{ name: 'public', namespace: 'gw', sectionName: 'https' }],
      hostnames: ['api.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/v1' } }], backendRefs: [{ name: 'api', port: 8080 }] }],
    })]);
    expect(edgeLines(graph, ['route']).filter((l) => !l.startsWith('shop/Service'))).toEqual([
      'clients outside the cluster --route--> gw/Gateway public',
      'gw/Gateway public --route: listener https--> shop/HTTPRoute api',
      'shop/HTTPRoute api --route: api.example.com/v1--> shop/Service api',
    ]);
    expect(nodeTitled(graph, 'Gateway public').details).toEqual(['class eg']);
  });

  test('a rule without matches routes every path of every hostname', () => {
    const graph = buildGraph([service('shop', 'api'), route({ parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'api', port: 80 }] }] })]);
    expect(edgeLines(graph, ['route'])).toContain('shop/HTTPRoute api --route: */--> shop/Service api');
    expect(nodeTitled(graph, 'Gateway gw', 'shop').missing).toBe(true);
  });
});

describe('Services', () => {
  test('a Service leads to the workloads its selector picks', () => {
    const graph = buildGraph([deployment('shop', 'web'), deployment('shop', 'other'), service('shop', 'web')]);
    expect(edgeLines(graph, ['route'])).toEqual(['shop/Service web --route--> shop/Deployment web']);
    expect(nodeTitled(graph, 'Service web').details).toEqual(['ClusterIP 80→http']);
  });

  test('NodePort and LoadBalancer Services are entered from outside the cluster', () => {
    const graph = buildGraph([
      deployment('shop', 'web'), deployment('shop', 'lb'),
      service('shop', 'web', 80, 'http', { type: 'NodePort', ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }] }),
      service('shop', 'lb', 443, 'http', { type: 'LoadBalancer' }),
    ]);
    expect(edgeLines(graph, ['route']).filter((l) => l.startsWith('clients'))).toEqual([
      'clients outside the cluster --route: LoadBalancer 443--> shop/Service lb',
      'clients outside the cluster --route: NodePort 30080--> shop/Service web',
    ]);
    expect(nodeTitled(graph, 'Service web').details).toEqual(['NodePort 80→http:30080']);
  });

  test('a headless Service says so; one without a selector or matching no pod says that', () => {
    const graph = buildGraph([
      deployment('shop', 'db'),
      service('shop', 'db', 5432, 5432, { clusterIP: 'None' }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } },
      service('shop', 'typo'),
    ]);
    expect(nodeTitled(graph, 'Service db').details).toEqual(['headless 5432']);
    expect(nodeTitled(graph, 'Service manual').details).toEqual(['ClusterIP 80', 'no selector: endpoints managed elsewhere']);
    expect(nodeTitled(graph, 'Service typo').details).toEqual(['ClusterIP 80→http', 'selects no pods of these manifests']);
  });

  test('an ExternalName Service names its target', () => {
    const graph = buildGraph([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'mail', namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'smtp.example.com' } }]);
    expect(nodeTitled(graph, 'Service mail').details).toEqual(['ExternalName smtp.example.com']);
  });
});
