import { App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Access, CronTask, DuplicateObjectError, Environment, MonitoringDaemon, StatefulDatabase, WebApp } from '../../lib';
import { synthManifests } from '../../lib/testing';
import { expectValidOutput, shipshapeErrorOf, synthObjects } from '../support/manifests';

const image = 'ghcr.io/acme/api:1.4.2';

function duplicatesOf(app: App): DuplicateObjectError {
  const error = shipshapeErrorOf(() => app.synth());
  expect(error).toBeInstanceOf(DuplicateObjectError);
  return error as DuplicateObjectError;
}

const objectsOf = (error: DuplicateObjectError): string[] => error.duplicates.map((d) => d.object);

describe('two objects with the same kind, namespace and name are an error at synth', () => {
  test('a WebApp and a StatefulDatabase both named orders', () => {
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    new WebApp(shop, 'orders', { name: 'orders', image, port: 8080 });
    new StatefulDatabase(shop, 'orders-db', { name: 'orders', image: 'postgres:16.4', engine: 'postgres', credentials: { secret: 'orders' } });
    const error = duplicatesOf(app);
    expect(objectsOf(error)).toEqual(['ServiceAccount shop/orders', 'Service shop/orders', 'NetworkPolicy.networking.k8s.io shop/orders']);
    expect(error.message).toContain('ServiceAccount shop/orders, Service shop/orders, NetworkPolicy.networking.k8s.io shop/orders are each made 2 times, by shop/orders (WebApp), shop/orders-db (StatefulDatabase): rename one of them');
  });

  test('a WebApp and a CronTask both named report', () => {
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    new WebApp(shop, 'report-web', { name: 'report', image, port: 8080 });
    new CronTask(shop, 'report-job', { name: 'report', image, schedule: '@daily' });
    expect(objectsOf(duplicatesOf(app))).toEqual(['ServiceAccount shop/report', 'NetworkPolicy.networking.k8s.io shop/report']);
  });

  test('two WebApps named api with different instances', () => {
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    new WebApp(shop, 'blue', { name: 'api', instance: 'blue', image, port: 8080 });
    new WebApp(shop, 'green', { name: 'api', instance: 'green', image, port: 8080 });
    expect(objectsOf(duplicatesOf(app))).toContain('Deployment.apps shop/api');
  });

  test('two Environments of one namespace: the Namespace is cluster-wide, everything in it twice', () => {
    const app = Testing.app();
    new Environment(app, 'shop', { name: 'shop', environment: 'prod' });
    new Environment(app, 'shop-again', { name: 'shop', environment: 'prod' });
    expect(objectsOf(duplicatesOf(app))).toEqual([
      'Namespace shop', 'NetworkPolicy.networking.k8s.io shop/default-deny', 'NetworkPolicy.networking.k8s.io shop/allow-dns-egress',
    ]);
  });

  test('a workload named default-deny collides with the Environment\'s policy', () => {
    const app = Testing.app();
    const prod = new Environment(app, 'prod', { name: 'prod', environment: 'prod' });
    new WebApp(prod, 'x', { name: 'default-deny', image, port: 8080 });
    const error = duplicatesOf(app);
    expect(error.message).toContain('NetworkPolicy.networking.k8s.io prod/default-deny is made 2 times, by prod/DefaultDeny, prod/x/NetworkPolicy: rename one of prod (Environment), prod/x (WebApp)');
  });

  test('cluster-scoped objects collide across namespaces', () => {
    const app = Testing.app();
    for (const namespace of ['a', 'b']) {
      const chart = new Chart(app, namespace, { namespace });
      new k8s.KubeClusterRole(chart, 'reader', { metadata: { name: 'reader' } });
      new WebApp(chart, 'api', { name: 'api', image, port: 8080 });
    }
    expect(objectsOf(duplicatesOf(app))).toEqual(['ClusterRole.rbac.authorization.k8s.io reader']);
  });

  test('the test kit\'s synth of an app checks the same', () => {
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    new WebApp(shop, 'a', { name: 'api', image, port: 8080 });
    new WebApp(shop, 'b', { name: 'api', image, port: 8080 });
    expect(() => synthManifests(app)).toThrow(DuplicateObjectError);
  });
});

describe('derived names cannot collide', () => {
  test('ClusterRoles of namespace a-b with daemon c and of namespace a with daemon b-c', () => {
    const app = Testing.app();
    const objects: string[] = [];
    for (const [namespace, name] of [['a-b', 'c'], ['a', 'b-c']]) {
      const chart = new Chart(app, namespace, { namespace });
      new MonitoringDaemon(chart, name, { name, image, readCluster: ['pods'] });
      objects.push(...synthObjects(chart).filter((o) => o.kind === 'ClusterRole').map((o) => o.metadata!.name!));
    }
    expect(objects).toEqual(['c.a-b', 'b-c.a']);
    app.synth();
  });

  test('connections a → to-b and a-to → b', () => {
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const [a, toB, aTo, b] = ['a', 'to-b', 'a-to', 'b'].map((name) => new WebApp(shop, name, { name, image, port: 8080 }));
    a.connectTo(toB);
    aTo.connectTo(b);
    const names = synthObjects(shop).filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata!.name!);
    expect(names).toEqual(expect.arrayContaining(['a.to.to-b', 'a-to.to.b', 'to-b.from.a', 'b.from.a-to']));
  });

  test('an Access binding to view and a workload named api-view', () => {
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const api = new WebApp(shop, 'api', { name: 'api', image, port: 8080 });
    const apiView = new WebApp(shop, 'api-view', { name: 'api-view', image, port: 8080 });
    new Access(shop, 'api-access', { workload: api, clusterRole: 'view' });
    new Access(shop, 'api-view-access', { workload: apiView, rules: [{ resources: ['pods'], verbs: 'read' }] });
    const objects = synthObjects(shop);
    expect(objects.filter((o) => o.kind === 'RoleBinding').map((o) => o.metadata!.name).sort()).toEqual(['api-view', 'api.view']);
    expectValidOutput(objects);
  });

  test('a WebApp named db-headless beside a database db is refused when built', () => {
    const shop = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    expect(shipshapeErrorOf(() => new WebApp(shop, 'x', { name: 'db-headless', image, port: 8080 })).message)
      .toBe('shop/x: name must be a name not ending in \'-headless\' (StatefulDatabase names its headless Service <name>-headless), got \'db-headless\'');
  });
});
