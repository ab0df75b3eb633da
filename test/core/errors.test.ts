import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { DuplicateObjectError, DuplicateObjects, ShipshapeError, UnknownPropError } from '../../lib';
import { fail } from '../../lib/core/errors';

describe('ShipshapeError', () => {
  test('message names the construct path, prop, expectation and given value', () => {
    const app = Testing.app();
    const api = new Construct(new Construct(app, 'prod'), 'api');
    let error: unknown;
    try {
      fail(api, 'port', 'an integer from 1 to 65535', 70000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ShipshapeError);
    expect(error).toMatchObject({
      message: 'prod/api: port must be an integer from 1 to 65535, got 70000',
      constructPath: 'prod/api',
      prop: 'port',
      expected: 'an integer from 1 to 65535',
      given: '70000',
    });
  });

  test('renders strings quoted and missing values as nothing', () => {
    expect(new ShipshapeError('a', 'image', 'pinned', 'nginx').message).toBe('a: image must be pinned, got \'nginx\'');
    expect(new ShipshapeError('a', 'image', 'pinned', undefined).message).toBe('a: image must be pinned, got nothing');
  });
});

describe('UnknownPropError', () => {
  test('names the prop and the one it was likely meant to be', () => {
    const error = new UnknownPropError('prod/api', 'replica', 3, 'WebAppProps', 'replicas', ['replicas']);
    expect(error.message).toBe('prod/api: unknown prop replica (did you mean replicas?)');
    expect(error).toBeInstanceOf(ShipshapeError);
    expect(error.name).toBe('UnknownPropError');
  });

  test('without a close prop, lists the props of a small object or names the interface of a large one', () => {
    expect(new UnknownPropError('a', 'ingress.foo', 1, 'ingress', undefined, ['host', 'path']).message).toBe('a: unknown prop ingress.foo (ingress takes host, path)');
    expect(new UnknownPropError('a', 'foo', 1, 'WebAppProps', undefined, Array.from({ length: 13 }, (_, i) => `p${i}`)).message)
      .toBe('a: unknown prop foo (see WebAppProps for the props it takes)');
  });
});

describe('DuplicateObjectError', () => {
  test('lists every set of colliding objects, what made them, and the fix', () => {
    const error = new DuplicateObjectError([
      { object: 'Service shop/orders', name: 'orders', sources: [
        { objectPath: 'shop/orders/Service', ownerPath: 'shop/orders', ownerType: 'WebApp' },
        { objectPath: 'shop/orders-db/Service', ownerPath: 'shop/orders-db', ownerType: 'StatefulDatabase' },
      ] },
      { object: 'ClusterRole.rbac.authorization.k8s.io reader', name: 'reader', sources: [
        { objectPath: 'a/reader', ownerPath: 'a/reader', ownerType: 'ClusterRole' },
        { objectPath: 'b/reader', ownerPath: 'b/reader', ownerType: 'ClusterRole' },
      ] },
    ]);
    expect(error.message).toBe([
      'names must be unique per kind and namespace (cluster-wide for cluster-scoped kinds), or applying the output keeps only the last object:',
      '  Service shop/orders is made 2 times, by shop/orders/Service, shop/orders-db/Service: rename one of shop/orders (WebApp), shop/orders-db (StatefulDatabase)',
      '  ClusterRole.rbac.authorization.k8s.io reader is made 2 times, by a/reader, b/reader: rename one of a/reader (ClusterRole), b/reader (ClusterRole)',
    ].join('\n'));
    expect(error).toBeInstanceOf(ShipshapeError);
    expect(error).toMatchObject({ name: 'DuplicateObjectError', constructPath: 'shop/orders', prop: 'name', given: '\'orders\'' });
  });

  test('objects made by the same constructs share a line, and the message stays short however many collide', () => {
    const made = (object: string, owners: readonly string[]): DuplicateObjects => ({
      object, name: object, sources: owners.map((o) => ({ objectPath: `${o}/${object}`, ownerPath: o, ownerType: 'WebApp' })),
    });
    const kinds = ['ServiceAccount', 'Deployment.apps', 'Service', 'PodDisruptionBudget.policy', 'NetworkPolicy.networking.k8s.io', 'ConfigMap', 'Ingress.networking.k8s.io'];
    const same = new DuplicateObjectError(kinds.map((k) => made(`${k} shop/api`, ['shop/api', 'again/api', 'third/api'])));
    expect(same.message.split('\n')).toEqual([
      'names must be unique per kind and namespace (cluster-wide for cluster-scoped kinds), or applying the output keeps only the last object:',
      '  ServiceAccount shop/api, Deployment.apps shop/api, Service shop/api, PodDisruptionBudget.policy shop/api, NetworkPolicy.networking.k8s.io shop/api and 2 more'
        + ' are each made 3 times, by shop/api (WebApp), again/api (WebApp), third/api (WebApp): rename one of them',
    ]);
    const many = new DuplicateObjectError(Array.from({ length: 40 }, (_, i) => made(`Service shop/s${i}`, [`a/s${i}`, `b/s${i}`])));
    const lines = many.message.split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[11]).toBe('  … and more objects made by 30 other sets of constructs (see error.duplicates)');
    expect(many.duplicates).toHaveLength(40);
  });
});

describe('messages stay readable whatever was given', () => {
  test('a map key with a newline is escaped in the prop, and a long one shortened', () => {
    const error = new ShipshapeError('prod/api', `env.${'A\nB'}`, 'an environment variable name', 'A\nB');
    expect(error.message).toBe('prod/api: env.A\\nB must be an environment variable name, got \'A\\nB\'');
    const long = new ShipshapeError('prod/api', `env.${'K'.repeat(5000)}`, 'a name', 'x');
    expect(long.message.length).toBeLessThan(300);
  });
});
