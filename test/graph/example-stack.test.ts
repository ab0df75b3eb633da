import { Manifest } from '../../lib/manifests/manifest';
import { buildGraph, TopologyGraph } from '../../lib/graph';
import { edgeLines, exampleStackManifests, nodeTitled } from './fixtures';

describe('the example stack (apps/main.ts) as a graph', () => {
  let manifests: Manifest[];
  let graph: TopologyGraph;
  beforeAll(() => {
    manifests = exampleStackManifests();
    graph = buildGraph(manifests);
  });

  const inProd = (lines: string[]): string[] => lines.filter((l) => l.includes('shop-prod/'));

  test('draws each namespace as a group, default deny as the Environments make them, and the gateways namespace it only refers to as not in the manifests', () => {
    expect(graph.namespaces.map((n) => [n.title, n.inInput])).toEqual([
      ['namespace gateways (not in these manifests)', false],
      ['namespace monitoring · default deny', true],
      ['namespace shop-dev · default deny', true],
      ['namespace shop-prod · default deny', true],
    ]);
  });

  test('draws every workload of a namespace with its kind, replicas or autoscaling, and schedule', () => {
    const prod = graph.nodes.filter((n) => n.namespace === 'shop-prod' && n.kind === 'workload');
    expect(prod.map((n) => [n.title, ...n.details])).toEqual([
      ['Deployment api', '3 replicas'],
      ['Deployment order-processor', '3 replicas'],
      ['Deployment storefront', 'autoscaled 3-12 replicas'],
      ['StatefulSet orders-db', '1 replica'],
      ['StatefulSet orders-db-read', '1 replica'],
      ['CronJob orders-db-backup', 'schedule 0 2 * * * Europe/Berlin'],
      ['Job api-migrate-1-4-2', 'runs once'],
    ]);
  });

  const replication = (line: string): boolean => /StatefulSet orders-db(-read)? --traffic: 5432--> shop-prod\/StatefulSet orders-db/.test(line);

  test('connections are traffic edges from the NetworkPolicies, with the pod port: a database client reaches the primary and its read replica', () => {
    expect(inProd(edgeLines(graph, ['traffic', 'blocked'])).filter((l) => !replication(l))).toEqual([
      'any pod or address --traffic: 3000--> shop-prod/Deployment storefront',
      'any pod or address --traffic: 8080--> shop-prod/Deployment api',
      'shop-prod/CronJob orders-db-backup --traffic: 5432--> shop-prod/StatefulSet orders-db',
      'shop-prod/CronJob orders-db-backup --traffic: 5432--> shop-prod/StatefulSet orders-db-read',
      // The API's tracing sidecar exports to the collector, an address outside the cluster.
      'shop-prod/Deployment api --traffic: 4317--> 192.0.2.20/32',
      'shop-prod/Deployment api --traffic: 5432--> shop-prod/StatefulSet orders-db',
      'shop-prod/Deployment api --traffic: 5432--> shop-prod/StatefulSet orders-db-read',
      'shop-prod/Deployment order-processor --traffic: 5432--> shop-prod/StatefulSet orders-db',
      'shop-prod/Deployment order-processor --traffic: 5432--> shop-prod/StatefulSet orders-db-read',
      'shop-prod/Deployment storefront --traffic: 8080--> shop-prod/Deployment api',
      'shop-prod/Job api-migrate-1-4-2 --traffic: 5432--> shop-prod/StatefulSet orders-db',
      'shop-prod/Job api-migrate-1-4-2 --traffic: 5432--> shop-prod/StatefulSet orders-db-read',
    ]);
  });

  test('replication: the primary and its read replica reach each other (and their own members) on 5432', () => {
    expect(inProd(edgeLines(graph, ['traffic'])).filter(replication)).toEqual([
      'shop-prod/StatefulSet orders-db --traffic: 5432--> shop-prod/StatefulSet orders-db',
      'shop-prod/StatefulSet orders-db --traffic: 5432--> shop-prod/StatefulSet orders-db-read',
      'shop-prod/StatefulSet orders-db-read --traffic: 5432--> shop-prod/StatefulSet orders-db',
      'shop-prod/StatefulSet orders-db-read --traffic: 5432--> shop-prod/StatefulSet orders-db-read',
    ]);
  });

  test('the Ingress and the HTTPRoute lead from clients outside the cluster to Services and on to the pods', () => {
    expect(inProd(edgeLines(graph, ['route']))).toEqual([
      'clients outside the cluster --route--> shop-prod/Ingress storefront',
      'gateways/Gateway internal --route--> shop-prod/HTTPRoute api',
      'shop-prod/HTTPRoute api --route: api.shop.example.com/v1--> shop-prod/Service api',
      'shop-prod/Ingress storefront --route: https://shop.example.com/--> shop-prod/Service storefront',
      'shop-prod/Service api --route--> shop-prod/Deployment api',
      'shop-prod/Service orders-db --route--> shop-prod/StatefulSet orders-db',
      'shop-prod/Service orders-db-headless --route--> shop-prod/StatefulSet orders-db',
      'shop-prod/Service orders-db-read --route--> shop-prod/StatefulSet orders-db-read',
      'shop-prod/Service orders-db-read-headless --route--> shop-prod/StatefulSet orders-db-read',
      'shop-prod/Service storefront --route--> shop-prod/Deployment storefront',
    ]);
    expect(nodeTitled(graph, 'Gateway internal').missing).toBe(true);
    expect(nodeTitled(graph, 'Ingress storefront', 'shop-prod').details).toEqual(['class nginx', 'TLS']);
  });

  test('storage: each database StatefulSet\'s claim template and the backup claim, with sizes and mount paths', () => {
    expect(inProd(edgeLines(graph, ['storage']))).toEqual([
      'shop-prod/CronJob orders-db-backup --storage: /backup--> shop-prod/PVC orders-db-backups',
      'shop-prod/StatefulSet orders-db --storage: /var/lib/postgresql/data--> shop-prod/claim template data',
      'shop-prod/StatefulSet orders-db-read --storage: /var/lib/postgresql/data--> shop-prod/claim template data',
    ]);
    const templates = graph.nodes.filter((n) => n.namespace === 'shop-prod' && n.kind === 'claim-template');
    expect(templates.map((n) => n.details)).toEqual([['10Gi RWO per pod', 'PVC data-orders-db-0'], ['10Gi RWO per pod', 'PVC data-orders-db-read-0']]);
    expect(nodeTitled(graph, 'PVC orders-db-backups', 'shop-prod').details).toEqual(['20Gi RWO']);
  });

  test('the log-shipping daemon: one pod per node, read-only host paths, egress to the API server only', () => {
    expect(nodeTitled(graph, 'DaemonSet log-shipper', 'monitoring').details).toEqual(['one pod per node']);
    expect(edgeLines(graph).filter((l) => l.startsWith('monitoring/DaemonSet'))).toEqual([
      'monitoring/DaemonSet log-shipper --host: /var/log (read-only) | /var/lib/docker/containers (read-only)--> node host',
      'monitoring/DaemonSet log-shipper --traffic: 6443--> 192.0.2.10/32',
    ]);
  });

  test('shop-dev has the same shape as shop-prod', () => {
    const shape = (ns: string): string[] => edgeLines(graph).filter((l) => l.includes(`${ns}/`)).map((l) => l.replaceAll(`${ns}/`, '').replace(/(dev\.)?shop\.example\.com/g, 'HOST'));
    expect(shape('shop-dev')).toEqual(shape('shop-prod'));
  });

  test('DNS egress is left out and no pod is marked as lacking it', () => {
    expect(graph.nodes.filter((n) => n.title.includes('kube-dns'))).toEqual([]);
    expect(graph.nodes.filter((n) => n.details.includes('no DNS egress'))).toEqual([]);
  });

  test('no path is blocked and every pod is selected by a NetworkPolicy', () => {
    expect(edgeLines(graph, ['blocked'])).toEqual([]);
    expect(graph.nodes.filter((n) => n.details.includes('no NetworkPolicy')).map((n) => n.title)).toEqual([]);
  });

  test('is the same graph whatever the order of the input', () => {
    const reversed = buildGraph([...manifests].reverse());
    expect(reversed).toEqual(graph);
  });
});
