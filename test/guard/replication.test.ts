import { Manifest } from '../../lib/manifests/manifest';
import { guardChanges } from '../../lib/guard';

// The primary-service-to-replicas rule on small hand-made objects; the scenario corpus holds the
// full StatefulDatabase shapes (replication-turned-on, -off, primary-and-read-services-swapped).

const labels = (name: string, component: string): Record<string, string> => ({
  'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': component,
});

function statefulSet(name: string, podLabels: Record<string, string>): Manifest {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: 'shop' },
    spec: { serviceName: name, selector: { matchLabels: podLabels }, template: { metadata: { labels: podLabels }, spec: { containers: [{ name: 'db', image: 'postgres:16.4' }] } } },
  };
}

function service(selector: Record<string, string>): Manifest {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'writes', namespace: 'shop' }, spec: { selector, ports: [{ port: 5432 }] } };
}

const orders = [statefulSet('orders-db', labels('orders-db', 'database')), statefulSet('orders-db-read', labels('orders-db', 'read-replica'))];
const rulesOf = (before: Manifest[], after: Manifest[]): string[] => guardChanges(before, after).map((f) => `${f.severity} ${f.rule}`).sort();

test('a Service moved from a database\'s primary to its read replicas is an error, the one finding for that change', () => {
  expect(rulesOf([...orders, service(labels('orders-db', 'database'))], [...orders, service(labels('orders-db', 'read-replica'))]))
    .toEqual(['error primary-service-to-replicas']);
});

test('a Service moved from the read replicas to the primary only warns: writes work there', () => {
  expect(rulesOf([...orders, service(labels('orders-db', 'read-replica'))], [...orders, service(labels('orders-db', 'database'))]))
    .toEqual(['warning service-selector-unmatched']);
});

test('a Service moved from one database to another database\'s read replicas is not taken for a lost primary', () => {
  const users = [statefulSet('users-db', labels('users-db', 'database')), statefulSet('users-db-read', labels('users-db', 'read-replica'))];
  expect(rulesOf([...orders, ...users, service(labels('orders-db', 'database'))], [...orders, ...users, service(labels('users-db', 'read-replica'))]))
    .toEqual(['warning service-selector-unmatched']);
});

test('a Service that also keeps selecting the primary is no error', () => {
  const members = { 'app.kubernetes.io/name': 'orders-db', 'app.kubernetes.io/instance': 'orders-db' };
  expect(rulesOf([...orders, service(labels('orders-db', 'database'))], [...orders, service(members)]))
    .toEqual(['warning service-selector-unmatched']);
});
