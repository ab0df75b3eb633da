import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { Environment, WebApp } from 'shipshape';
import {
  assertSafeUpgrade, assertValidOutput, findManifest, manifestSnapshotSerializer, manifestsByName, outputProblems, synthManifests,
  toYamlDocuments, upgradeFindings,
} from 'shipshape/testing';
import * as serializerModule from 'shipshape/testing/snapshot-serializer';

function shop(props: { port?: number; replicas?: number } = {}): App {
  const app = Testing.app();
  const env = new Environment(app, 'shop', { name: 'shop', environment: 'prod' });
  new WebApp(env, 'api', { name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: props.port ?? 8080, ...(props.replicas ? { replicas: props.replicas } : {}) });
  return app;
}

describe('synthManifests and findManifest', () => {
  test('an App gives every chart\'s objects in synth order; a Chart its own', () => {
    const app = shop();
    expect(synthManifests(app).map((o) => o.kind)).toEqual([
      'Namespace', 'NetworkPolicy', 'NetworkPolicy', 'ServiceAccount', 'Deployment', 'Service', 'PodDisruptionBudget', 'NetworkPolicy',
    ]);
    expect(synthManifests(app.charts[0] as Chart)).toHaveLength(8);
  });

  test('findManifest returns the one object of a kind and name', () => {
    expect(findManifest(synthManifests(shop()), 'Service', 'api').spec).toMatchObject({ type: 'ClusterIP' });
  });

  test('findManifest names what is there when the object is missing or not unique', () => {
    const objects = synthManifests(shop());
    expect(() => findManifest(objects, 'Service', 'web')).toThrow('expected exactly one Service web, found 0 (Service objects: Service shop/api)');
    expect(() => findManifest(objects, 'NetworkPolicy')).toThrow('expected exactly one NetworkPolicy, found 3');
  });
});

describe('YAML snapshots', () => {
  test('the serializer renders one object as a YAML document, keys in synth order', () => {
    const service = findManifest(synthManifests(shop()), 'Service', 'api');
    expect(manifestSnapshotSerializer.test(service)).toBe(true);
    const text = manifestSnapshotSerializer.serialize(service);
    expect(text.split('\n').slice(0, 4)).toEqual(['apiVersion: v1', 'kind: Service', 'metadata:', '  labels:']);
    expect(text).toContain('      targetPort: http');
  });

  test('an array of objects becomes YAML documents separated by ---', () => {
    const objects = synthManifests(shop()).slice(0, 2);
    expect(manifestSnapshotSerializer.serialize(objects)).toBe(`${toYamlDocuments([objects[0]])}\n---\n${toYamlDocuments([objects[1]])}`);
  });

  test('anything else is left to other serializers', () => {
    expect([{}, [], 'text', [{ kind: 'X' }], null].map((value) => manifestSnapshotSerializer.test(value))).toEqual([false, false, false, false, false]);
  });

  test('the snapshot-serializer entry point exports test and serialize for jest\'s snapshotSerializers', () => {
    expect(serializerModule.test).toBe(manifestSnapshotSerializer.test);
    expect(serializerModule.serialize).toBe(manifestSnapshotSerializer.serialize);
  });

  test('manifestsByName keys objects by kind, namespace and name, numbering duplicates', () => {
    const objects = synthManifests(shop());
    expect(Object.keys(manifestsByName(objects))).toEqual([
      'Namespace shop', 'NetworkPolicy shop/default-deny', 'NetworkPolicy shop/allow-dns-egress', 'ServiceAccount shop/api',
      'Deployment shop/api', 'Service shop/api', 'PodDisruptionBudget shop/api', 'NetworkPolicy shop/api',
    ]);
    expect(Object.keys(manifestsByName([objects[4], objects[4]]))).toEqual(['Deployment shop/api', 'Deployment shop/api (2)']);
  });

  test('a changed default shows as a small YAML diff', () => {
    const before = toYamlDocuments([findManifest(synthManifests(shop()), 'Deployment', 'api')]).split('\n');
    const after = toYamlDocuments([findManifest(synthManifests(shop({ replicas: 3 })), 'Deployment', 'api')]).split('\n');
    expect(after.filter((line, i) => line !== before[i])).toEqual(['  replicas: 3']);
  });
});

describe('assertValidOutput', () => {
  test('passes for Shipshape output', () => {
    expect(() => assertValidOutput(shop())).not.toThrow();
    expect(outputProblems(shop())).toBeUndefined();
  });

  test('fails with the policy report for objects that break the rules', () => {
    const objects = synthManifests(shop());
    const deployment = findManifest(objects, 'Deployment', 'api') as unknown as { spec: { template: { spec: { containers: { securityContext: Record<string, unknown> }[] } } } };
    deployment.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = true;
    expect(() => assertValidOutput(objects)).toThrow(/the output is not valid:\n[\s\S]*\[pss-privilege-escalation\] Deployment shop\/api/);
  });

  test('warnings fail only when asked', () => {
    const objects = synthManifests(shop());
    const deployment = findManifest(objects, 'Deployment', 'api') as unknown as { spec: { template: { spec: { containers: { imagePullPolicy?: string }[] } } } };
    delete deployment.spec.template.spec.containers[0].imagePullPolicy;
    expect(outputProblems(objects)).toBeUndefined();
    expect(outputProblems(objects, { failOnWarnings: true })).toContain('WARNING [image-pull-policy] Deployment shop/api');
  });
});

describe('assertSafeUpgrade', () => {
  function baselineOf(app: App): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-baseline-'));
    fs.writeFileSync(path.join(dir, 'shop.k8s.yaml'), toYamlDocuments(synthManifests(app)));
    return dir;
  }

  test('passes when the new output can be applied over the baseline', () => {
    const baseline = baselineOf(shop());
    expect(() => assertSafeUpgrade(shop({ port: 9090 }), baseline)).not.toThrow();
  });

  test('fails with the guard report when the API server would reject the change', () => {
    const baseline = baselineOf(shop());
    const next = synthManifests(shop());
    const deployment = findManifest(next, 'Deployment', 'api') as unknown as { spec: { selector: { matchLabels: Record<string, string> } } };
    deployment.spec.selector.matchLabels.tier = 'web';
    expect(upgradeFindings(next, baseline).map((f) => f.rule)).toContain('immutable-selector');
    expect(() => assertSafeUpgrade(next, baseline)).toThrow(/the upgrade is not safe:[\s\S]*immutable-selector/);
  });
});
