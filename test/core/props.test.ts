import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Access, AppSecret, CronTask, Environment, HealthProbe, MonitoringDaemon, PersistentClaim, StatefulDatabase, Task, UnknownPropError, WebApp,
} from '../../lib';
import { shipshapeErrorOf, testChart } from '../support/manifests';

/* eslint-disable @typescript-eslint/no-explicit-any */
const image = 'ghcr.io/acme/api:1.4.2';
const webApp = (props: Record<string, unknown>, chart: Chart = testChart('shop')): WebApp => new WebApp(chart, 'api', { name: 'api', image, port: 8080, ...props } as any);
const messageOf = (build: () => unknown): string => shipshapeErrorOf(build).message;

describe('unknown props are rejected, with the prop they were likely meant to be', () => {
  test('a typo of a top-level prop', () => {
    const error = shipshapeErrorOf(() => webApp({ replica: 3 }));
    expect(error).toBeInstanceOf(UnknownPropError);
    expect(error.message).toBe('test/api: unknown prop replica (did you mean replicas?)');
    expect(error).toMatchObject({ prop: 'replica', given: '3', suggestion: 'replicas' });
  });

  test('a prop in the wrong case', () => {
    expect(messageOf(() => webApp({ healthpath: '/healthz' }))).toBe('test/api: unknown prop healthpath (did you mean healthPath?)');
  });

  test('a nested prop', () => {
    expect(messageOf(() => webApp({ ingress: { host: 'shop.example.com', tlsSecret: 'tls' } })))
      .toBe('test/api: unknown prop ingress.tlsSecret (did you mean ingress.tlsSecretName?)');
  });

  test('nothing close: a small props object lists what it takes, a large one names its interface', () => {
    expect(messageOf(() => webApp({ autoscaling: { maxReplicas: 5, target: 70 } })))
      .toBe('test/api: unknown prop autoscaling.target (autoscaling takes minReplicas, maxReplicas, cpuUtilization)');
    expect(messageOf(() => webApp({ volumes: [] }))).toBe('test/api: unknown prop volumes (see WebAppProps for the props it takes)');
  });

  test('a probe option built with the HealthProbe builders', () => {
    expect(messageOf(() => webApp({ readinessProbe: HealthProbe.http('/ready', { periodSecond: 5 } as any) })))
      .toBe('test/api: unknown prop readinessProbe.periodSecond (did you mean readinessProbe.periodSeconds?)');
  });

  test('a symbol key', () => {
    expect(messageOf(() => webApp({ [Symbol('x')]: 1 }))).toBe('test/api: unknown prop [Symbol(x)] (see WebAppProps for the props it takes)');
  });

  test('options of methods too: a claim mount and a connection', () => {
    const chart = testChart('shop');
    const claim = new PersistentClaim(chart, 'backups', { name: 'backups', size: '1Gi' });
    expect(messageOf(() => claim.mount('/backup', { readonly: true } as any))).toBe('test/backups: unknown prop mount.readonly (did you mean mount.readOnly?)');
    const api = webApp({}, chart);
    const web = new WebApp(chart, 'web', { name: 'web', image, port: 8080 });
    expect(messageOf(() => web.connectTo(api, { envprefix: 'API' } as any))).toBe('test/web: unknown prop connectTo options.envprefix (did you mean connectTo options.envPrefix?)');
  });

  const minimal: [string, (chart: Chart, extra: Record<string, unknown>) => unknown][] = [
    ['WebApp', (chart, extra) => new WebApp(chart, 'c', { name: 'c', image, port: 80, ...extra } as any)],
    ['StatefulDatabase', (chart, extra) => new StatefulDatabase(chart, 'c', { name: 'c', image: 'redis:7.4', engine: 'redis', credentials: { secret: 's' }, ...extra } as any)],
    ['CronTask', (chart, extra) => new CronTask(chart, 'c', { name: 'c', image, schedule: '@daily', ...extra } as any)],
    ['Task', (chart, extra) => new Task(chart, 'c', { name: 'c', image, ...extra } as any)],
    ['MonitoringDaemon', (chart, extra) => new MonitoringDaemon(chart, 'c', { name: 'c', image, ...extra } as any)],
    ['PersistentClaim', (chart, extra) => new PersistentClaim(chart, 'c', { name: 'c', size: '1Gi', ...extra } as any)],
    ['AppSecret', (chart, extra) => new AppSecret(chart, 'c', { name: 'c', stringData: { a: 'b' }, ...extra } as any)],
    ['Access', (chart, extra) => new Access(chart, 'c', { workload: new Task(chart, 't', { name: 't', image }), clusterRole: 'view', ...extra } as any)],
    ['Environment', (chart, extra) => new Environment(chart.node.scope as Construct, 'c', { name: 'c', environment: 'dev', ...extra } as any)],
  ];

  test.each(minimal)('%s rejects a key it does not know', (_, build) => {
    const error = shipshapeErrorOf(() => build(testChart('shop'), { bogus: 1 }));
    expect(error).toBeInstanceOf(UnknownPropError);
    expect(error.prop).toBe('bogus');
  });
});

describe('every prop is checked for its JavaScript type, whatever TypeScript allowed', () => {
  test('no props at all', () => {
    expect(messageOf(() => new (WebApp as any)(testChart('shop'), 'api'))).toBe('test/api: props must be an object of WebAppProps (with name, image, port), got nothing');
    expect(messageOf(() => new (Environment as any)(Testing.app(), 'prod', null))).toBe('prod: props must be an object of EnvironmentProps (with name, environment), got null');
    expect(messageOf(() => new (Task as any)(testChart('shop'), 'job', ['name']))).toBe('test/job: props must be an object of TaskProps (with name, image), got ["name"]');
  });

  test.each([
    ['null', { replicas: null }, 'test/api: replicas must be an integer, got null'],
    ['NaN', { replicas: NaN }, 'test/api: replicas must be an integer from 1 to 2147483647, got NaN'],
    ['Infinity', { revisionHistoryLimit: Infinity }, 'test/api: revisionHistoryLimit must be an integer from 0 to 2147483647, got Infinity'],
    ['a list for an object', { resources: [] }, 'test/api: resources must be an object of ResourcesProps, got []'],
    ['a string for a map', { ingress: { host: 'shop.example.com', annotations: 'abc' } }, 'test/api: ingress.annotations must be a map such as { \'nginx.ingress.kubernetes.io/proxy-body-size\': \'8m\' }, got \'abc\''],
    ['a string for a boolean', { openToAllPods: 'false' }, 'test/api: openToAllPods must be true or false, got \'false\''],
    ['a nested boolean', { security: { readOnlyRootFilesystem: 'no' } }, 'test/api: security.readOnlyRootFilesystem must be true or false, got \'no\''],
    ['a null item', { command: [null] }, 'test/api: command[0] must be a string, got null'],
    ['a number for a list', { args: 3 }, 'test/api: args must be a list of strings, got 3'],
    ['a function', { image: () => 'nginx:1' }, 'test/api: image must be a string, got a function (image)'],
    ['a Date', { partOf: new Date(0) }, 'test/api: partOf must be a string, got a Date (1970-01-01T00:00:00.000Z)'],
    ['a symbol', { name: Symbol('api') }, 'test/api: name must be a string, got a symbol (api)'],
    ['a missing required prop', { port: undefined }, 'test/api: port must be an integer, got nothing'],
  ])('%s', (_, props, message) => {
    expect(messageOf(() => webApp(props))).toBe(message);
  });

  test('a database without credentials object', () => {
    expect(messageOf(() => new StatefulDatabase(testChart('shop'), 'db', { name: 'db', image: 'postgres:16.4', engine: 'postgres', credentials: null } as any)))
      .toBe('test/db: credentials must be an object of DatabaseCredentials (with secret), got null');
  });

  test('a connection to a workload that serves no port', () => {
    const chart = testChart('shop');
    const report = new CronTask(chart, 'report', { name: 'report', image, schedule: '@daily' });
    const web = new WebApp(chart, 'web', { name: 'web', image, port: 8080 });
    expect(messageOf(() => web.connectTo(report as any))).toBe('test/web: connectTo must be a workload that serves a port (a WebApp, a StatefulDatabase, a MonitoringDaemon with metrics), got a CronTask construct (test/report)');
    expect(messageOf(() => web.allowFrom('report' as any))).toBe('test/web: allowFrom must be a Shipshape workload (WebApp, StatefulDatabase, CronTask …), got \'report\'');
  });
});

describe('env values are strings, in env and config.env alike', () => {
  const expected = 'a string (Kubernetes env values are strings: write numbers and booleans in quotes, e.g. \'8080\'), got 8080';

  test('a number in config.env is rejected, not written into the ConfigMap', () => {
    expect(messageOf(() => webApp({ config: { env: { PORT: 8080 } } }))).toBe(`test/api: config.env.PORT must be ${expected}`);
  });

  test('a number in env is rejected with the same words', () => {
    expect(messageOf(() => webApp({ env: { PORT: 8080 } }))).toBe(`test/api: env.PORT must be ${expected}`);
  });

  test('a value left undefined (an unset environment variable of the synth) is rejected too', () => {
    expect(messageOf(() => webApp({ env: { LOG_LEVEL: undefined } }))).toBe('test/api: env.LOG_LEVEL must be a string (Kubernetes env values are strings: write numbers and booleans in quotes, e.g. \'8080\'), got nothing');
  });
});

describe('keys JavaScript reserves for its objects never reach a map', () => {
  const reserved = 'a key other than __proto__, constructor, prototype (names JavaScript reserves for its objects)';

  test.each([
    ['env', { env: JSON.parse('{"__proto__": "x"}') }, 'env.__proto__', '__proto__'],
    ['config.env', { config: { env: { constructor: 'x' } } }, 'config.env.constructor', 'constructor'],
    ['podAnnotations', { podAnnotations: { prototype: 'x' } }, 'podAnnotations.prototype', 'prototype'],
  ])('in %s', (_, props, prop, key) => {
    expect(messageOf(() => webApp(props))).toBe(`test/api: ${prop} must be ${reserved}, got '${key}'`);
  });

  test('in an Environment\'s labels, a daemon\'s nodeSelector and a Secret\'s stringData', () => {
    expect(messageOf(() => new Environment(Testing.app(), 'prod', { name: 'prod', environment: 'prod', labels: { constructor: 'alice' } })))
      .toBe(`prod: labels.constructor must be ${reserved}, got 'constructor'`);
    expect(messageOf(() => new MonitoringDaemon(testChart('shop'), 'agent', { name: 'agent', image, nodeSelector: { constructor: 'x' } })))
      .toBe(`test/agent: nodeSelector.constructor must be ${reserved}, got 'constructor'`);
    expect(messageOf(() => new AppSecret(testChart('shop'), 'secret', { name: 's', stringData: JSON.parse('{"__proto__": "x"}') })))
      .toBe(`test/secret: stringData.__proto__ must be ${reserved}, got '__proto__'`);
  });
});
