import { Chart, Testing } from 'cdk8s';
import { StatefulDatabase, StatefulDatabaseProps, WebApp } from '../../lib';
import { Manifest } from '../../lib/manifests/manifest';
import { buildShop } from '../../apps/shop';
import { expectValidOutput, ofKind, single, synthObjects, testChart } from '../support/manifests';

const dbProps: StatefulDatabaseProps = {
  name: 'orders-db',
  engine: 'postgres',
  image: 'postgres:16.4',
  credentials: { secret: 'orders-db-credentials' },
  databaseName: 'orders',
};
const apiProps = { name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080 };

/* eslint-disable @typescript-eslint/no-explicit-any */
const envOf = (objects: Manifest[], kind: string, name: string): any[] => single<any>(objects, kind, name).spec.template.spec.containers[0].env ?? [];
const dbSelector = { 'app.kubernetes.io/name': 'orders-db', 'app.kubernetes.io/instance': 'orders-db', 'app.kubernetes.io/component': 'database' };
const apiSelector = { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', 'app.kubernetes.io/component': 'web' };

describe('granting access in the same namespace', () => {
  const chart = testChart('shop');
  const db = new StatefulDatabase(chart, 'db', dbProps);
  const api = new WebApp(chart, 'api', apiProps);
  db.allowFrom(api);
  const objects = synthObjects(chart);

  test('the output is schema-valid and passes PSS restricted', () => {
    expectValidOutput(objects);
  });

  test('the app receives the short host, the port, the Secret references and the database name', () => {
    expect(envOf(objects, 'Deployment', 'api')).toEqual([
      { name: 'ORDERS_DB_HOST', value: 'orders-db' },
      { name: 'ORDERS_DB_PORT', value: '5432' },
      { name: 'ORDERS_DB_USER', valueFrom: { secretKeyRef: { name: 'orders-db-credentials', key: 'username' } } },
      { name: 'ORDERS_DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-db-credentials', key: 'password' } } },
      { name: 'ORDERS_DB_DATABASE', value: 'orders' },
    ]);
  });

  test('the database admits the app on its port only', () => {
    expect(single<any>(objects, 'NetworkPolicy', 'orders-db.from.api').spec).toEqual({
      podSelector: { matchLabels: dbSelector },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: apiSelector } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    });
  });

  test('the app may send to the database on its port', () => {
    expect(single<any>(objects, 'NetworkPolicy', 'api.to.orders-db').spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: dbSelector } }], ports: [{ protocol: 'TCP', port: 5432 }] },
    ]);
  });

  test('the database\'s own policy opens no port to anyone and allows only DNS egress', () => {
    const policy = single<any>(objects, 'NetworkPolicy', 'orders-db').spec;
    expect(policy.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.ingress).toEqual([]);
    expect(policy.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }]);
  });

  test('allowFrom and connectTo are the same grant, made once', () => {
    api.connectTo(db);
    expect(ofKind(synthObjects(chart), 'NetworkPolicy').map((p) => p.metadata?.name).sort()).toEqual(['api', 'api.to.orders-db', 'orders-db', 'orders-db.from.api']);
  });
});

describe('granting access across namespaces', () => {
  const app = Testing.app();
  const data = new Chart(app, 'data', { namespace: 'data' });
  const shop = new Chart(app, 'shop', { namespace: 'shop' });
  const db = new StatefulDatabase(data, 'db', dbProps);
  const api = new WebApp(shop, 'api', apiProps);
  db.allowFrom(api);

  test('both charts are schema-valid and pass PSS restricted', () => {
    expectValidOutput([...synthObjects(data), ...synthObjects(shop)]);
  });

  test('the app receives the FQDN and the same Secret name, which must exist in its own namespace', () => {
    const env = envOf(synthObjects(shop), 'Deployment', 'api');
    expect(env[0]).toEqual({ name: 'ORDERS_DB_HOST', value: 'orders-db.data.svc.cluster.local' });
    expect(env[3]).toEqual({ name: 'ORDERS_DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-db-credentials', key: 'password' } } });
  });

  test('the database admits the app\'s pods from the app\'s namespace only', () => {
    const policy = single<any>(synthObjects(data), 'NetworkPolicy', 'orders-db.from.api.shop');
    expect(policy.spec.ingress[0].from).toEqual([{
      podSelector: { matchLabels: apiSelector },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
    }]);
  });
});

describe('discovery helpers', () => {
  const db = new StatefulDatabase(testChart('data'), 'db', { ...dbProps, replication: { readReplicas: 2 } });

  test('host() is the short name within the namespace', () => {
    expect(db.host()).toBe('orders-db');
    expect(db.host('data')).toBe('orders-db');
  });

  test('host() from another namespace is the FQDN', () => {
    expect(db.host('shop')).toBe('orders-db.data.svc.cluster.local');
    expect(db.fqdn).toBe('orders-db.data.svc.cluster.local');
  });

  test('replicaHosts() names every member through its headless Service, the primary first', () => {
    expect(db.replicaHosts()).toEqual([
      'orders-db-0.orders-db-headless.data.svc.cluster.local',
      'orders-db-read-0.orders-db-read-headless.data.svc.cluster.local',
      'orders-db-read-1.orders-db-read-headless.data.svc.cluster.local',
    ]);
    expect(db.headlessServiceName).toBe('orders-db-headless');
  });

  test('readHost() is the read replicas\' Service: the short name within the namespace, the FQDN from another', () => {
    expect(db.readServiceName).toBe('orders-db-read');
    expect(db.readHost()).toBe('orders-db-read');
    expect(db.readHost('data')).toBe('orders-db-read');
    expect(db.readHost('shop')).toBe('orders-db-read.data.svc.cluster.local');
  });

  test('readHost() needs read replicas', () => {
    const single = new StatefulDatabase(testChart('data'), 'db', dbProps);
    expect(single.readServiceName).toBeUndefined();
    expect(() => single.readHost()).toThrow('test/db: replication must be read replicas ({ readReplicas: 1 } or more) to give a read host, got nothing');
  });

  test('an FQDN needs a namespace on the chart', () => {
    const db2 = new StatefulDatabase(testChart(), 'db', dbProps);
    expect(() => db2.fqdn).toThrow('test/db: namespace must be set on the enclosing chart to build an FQDN, got nothing');
  });
});

describe('the example shop', () => {
  const chart = new Chart(Testing.app(), 'shop-prod', { namespace: 'shop-prod' });
  const shop = buildShop(chart, { replicas: 3, preset: 'medium', host: 'shop.example.com' });
  const objects = synthObjects(chart);

  test('runs a postgres orders database with one read replica, the API connected to both', () => {
    expect(shop.ordersDb.engine.kind).toBe('postgres');
    expect(shop.ordersDb.readReplicas).toBe(1);
    const names = (kind: string): (string | undefined)[] => ofKind(objects, kind).map((o) => o.metadata?.name);
    expect(names('StatefulSet')).toEqual(['orders-db', 'orders-db-read']);
    expect(names('Service')).toEqual(expect.arrayContaining(['orders-db', 'orders-db-headless', 'orders-db-read', 'orders-db-read-headless']));
    expect(names('NetworkPolicy')).toEqual(expect.arrayContaining(['orders-db', 'orders-db.from.api', 'api.to.orders-db']));
    expect(names('ServiceAccount')).toContain('orders-db');
  });

  test('the API gets the database host, read host, port and Secret wiring', () => {
    expect(envOf(objects, 'Deployment', 'api')).toEqual(expect.arrayContaining([
      { name: 'ORDERS_DB_HOST', value: 'orders-db' },
      { name: 'ORDERS_DB_PORT', value: '5432' },
      { name: 'ORDERS_DB_READ_HOST', value: 'orders-db-read' },
      { name: 'ORDERS_DB_USER', valueFrom: { secretKeyRef: { name: 'orders-db-credentials', key: 'username' } } },
      { name: 'ORDERS_DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-db-credentials', key: 'password' } } },
    ]));
  });

  test('the stack is schema-valid and passes PSS restricted', () => {
    expectValidOutput(objects);
  });
});
