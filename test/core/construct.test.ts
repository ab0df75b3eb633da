import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { Access, Environment, ShipshapeError, Task, WebApp } from '../../lib';
import { ofKind, shipshapeErrorOf, synthObjects, testChart } from '../support/manifests';

/* eslint-disable @typescript-eslint/no-explicit-any */
const image = 'ghcr.io/acme/api:1.4.2';

describe('a construct is built whole or not at all', () => {
  test('a WebApp that throws after building some objects leaves nothing behind', () => {
    const chart = testChart('shop');
    // The ServiceAccount and the ConfigMap are built before the Service port is checked.
    shipshapeErrorOf(() => new WebApp(chart, 'api', { name: 'api', image, port: 8080, config: { env: { MODE: 'a' } }, servicePort: 70000 }));
    expect(chart.node.tryFindChild('api')).toBeUndefined();
    expect(synthObjects(chart)).toEqual([]);
  });

  test('the id is free again, and the app synthesizes what was built whole', () => {
    const chart = testChart('shop');
    shipshapeErrorOf(() => new WebApp(chart, 'api', { name: 'api', image, port: 8080, servicePort: 0 }));
    new WebApp(chart, 'api', { name: 'api', image, port: 8080 });
    expect(synthObjects(chart).map((o) => o.kind).sort()).toEqual(['Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
  });

  test('a failed Access grants nothing: no objects, no token mounted, its name still free', () => {
    const chart = testChart('tools');
    const task = new Task(chart, 'job', { name: 'job', image });
    shipshapeErrorOf(() => new Access(chart, 'access', { workload: task, rules: [{ resources: ['pods/exec'], verbs: ['create'] }] }));
    const objects = synthObjects(chart);
    expect(ofKind(objects, 'Role')).toEqual([]);
    expect((ofKind(objects, 'Job')[0] as any).spec.template.spec.automountServiceAccountToken).toBe(false);
    new Access(chart, 'access', { workload: task, rules: [{ resources: ['pods'], verbs: 'read' }] });
    expect(ofKind(synthObjects(chart), 'Role').map((r) => r.metadata?.name)).toEqual(['job']);
  });

  test('a failed Environment leaves no chart', () => {
    const app = Testing.app();
    shipshapeErrorOf(() => new Environment(app, 'prod', { name: 'prod', environment: 'live' as any }));
    expect(app.node.tryFindChild('prod')).toBeUndefined();
    expect(app.charts).toEqual([]);
  });

  test('a failed connection adds no policy and no env to either side', () => {
    const chart = testChart('shop');
    const api = new WebApp(chart, 'api', { name: 'api', image, port: 8080 });
    const web = new WebApp(chart, 'web', { name: 'web', image, port: 8080, env: { API_PORT: '80' } });
    shipshapeErrorOf(() => web.connectTo(api));
    const objects = synthObjects(chart);
    expect(ofKind(objects, 'NetworkPolicy').map((p) => p.metadata?.name).sort()).toEqual(['api', 'web']);
    const env = (ofKind(objects, 'Deployment').find((d) => d.metadata?.name === 'web') as any).spec.template.spec.containers[0].env;
    expect(env).toEqual([{ name: 'API_PORT', value: '80' }]);
  });

  test('a scope that is no construct and an empty id are ShipshapeErrors', () => {
    expect(() => new WebApp(undefined as any, 'api', { name: 'api', image, port: 80 }))
      .toThrow(new ShipshapeError('new WebApp', 'scope', 'a construct (an App, a Chart or an Environment)', undefined));
    expect(shipshapeErrorOf(() => new WebApp(testChart(), '', { name: 'api', image, port: 80 })).message).toBe('test/<id>: id must be a non-empty string, got \'\'');
  });
});

describe('an error at construction or at synth writes nothing', () => {
  const outdir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-construct-'));

  test('app.synth() after a caught construction error writes only what was built whole', () => {
    const app = new App({ outdir: outdir() });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    shipshapeErrorOf(() => new WebApp(chart, 'api', { name: 'api', image, port: 8080, replicas: 0 }));
    new WebApp(chart, 'web', { name: 'web', image, port: 8080 });
    app.synth();
    const yaml = fs.readFileSync(path.join(app.outdir, 'shop.k8s.yaml'), 'utf8');
    expect(yaml).toContain('name: web');
    expect(yaml).not.toContain('name: api');
  });

  test('two objects with one name stop app.synth() before any file is written', () => {
    const app = new App({ outdir: outdir() });
    const shop = new Chart(app, 'a-shop', { namespace: 'shop' });
    const again = new Chart(app, 'b-shop', { namespace: 'shop' });
    new WebApp(shop, 'api', { name: 'api', image, port: 8080 });
    new WebApp(again, 'api', { name: 'api', image, port: 8080 });
    expect(() => app.synth()).toThrow(/Deployment\.apps shop\/api, .* are each made 2 times/);
    expect(fs.readdirSync(app.outdir)).toEqual([]);
  });
});
