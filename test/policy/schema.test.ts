import { checkManifests } from '../../lib/policy';
import { bundleModule, kubernetesBundle } from '../../lib/policy/schema/generate';
import { GATEWAY_API } from '../../lib/policy/schema/gateway-api';
import { KUBERNETES_1_28 } from '../../lib/policy/schema/kubernetes-1.28';
import { defaultSchemaValidator, SchemaValidator } from '../../lib/policy/schema/validate';
import { baseline, containerOf, Doc, find, NS } from './fixtures';

const schemaMessages = (set: Doc[], rule = 'schema-valid'): string[] => checkManifests(set).findings
  .filter((f) => f.ruleId === rule).map((f) => `${f.kind} ${f.name}: ${f.message}`);

function httpRoute(): Doc {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: NS },
    spec: {
      parentRefs: [{ name: 'internal', namespace: 'gateways' }],
      hostnames: ['shop.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] }],
    },
  };
}

describe('schema-valid', () => {
  test('the baseline stack and an HTTPRoute match their schemas', () => {
    expect(schemaMessages([...baseline(), httpRoute()])).toEqual([]);
  });

  test('a ConfigMap value that is a number is reported', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: NS }, data: { PORT: 8080 } };
    expect(schemaMessages([...baseline(), configMap])).toEqual(['ConfigMap web: data.PORT: expected string, got 8080']);
  });

  test('unknown fields of an Ingress are reported with their path', () => {
    const set = baseline();
    const ingress = find(set, 'Ingress');
    ingress.spec.tlsSecret = 'shop-tls';
    ingress.spec.rules[0].http.paths[0].backend.service.portNumber = 80;
    expect(schemaMessages(set)).toEqual([
      'Ingress web: spec.rules[0].http.paths[0].backend.service.portNumber: unknown field (not in the schema; the API server rejects or drops it); '
      + 'spec.tlsSecret: unknown field (not in the schema; the API server rejects or drops it)',
    ]);
  });

  test('a missing required field and a value of the wrong type in a pod template are reported', () => {
    const set = baseline();
    delete containerOf(find(set, 'Deployment', 'web')).name;
    find(set, 'Deployment', 'web').spec.replicas = '2';
    expect(schemaMessages(set)).toEqual([
      'Deployment web: spec.replicas: expected integer, got "2"; spec.template.spec.containers[0].name: required field missing',
    ]);
  });

  test('enums and 32-bit integers of the built-in kinds are checked', () => {
    const set = baseline();
    containerOf(find(set, 'Deployment', 'web')).imagePullPolicy = 'always';
    find(set, 'Deployment', 'web').spec.replicas = 2 ** 31;
    find(set, 'Service').spec.ports[0].port = 80.5;
    expect(schemaMessages(set)).toEqual([
      'Deployment web: spec.replicas: must be at most 2147483647, got 2147483648; '
      + 'spec.template.spec.containers[0].imagePullPolicy: must be one of "Always", "IfNotPresent", "Never", got "always"',
      'Service web: spec.ports[0].port: expected integer, got number 80.5',
    ]);
  });

  test('quantities and int-or-string fields accept both forms and reject others', () => {
    const set = baseline();
    const container = containerOf(find(set, 'Deployment', 'web'));
    container.resources.requests.cpu = 0.5;
    find(set, 'PodDisruptionBudget').spec.maxUnavailable = '25%';
    expect(schemaMessages(set)).toEqual([]);
    container.resources.limits.memory = 'lots';
    find(set, 'Service').spec.ports[0].targetPort = true;
    expect(schemaMessages(set)).toEqual([
      'Deployment web: spec.template.spec.containers[0].resources.limits.memory: expected a quantity such as 500m or 1Gi, got "lots"',
      'Service web: spec.ports[0].targetPort: expected an integer or a string, got true',
    ]);
  });

  test('a field that the API server shows as null counts as unset, and status is not checked', () => {
    const set = baseline();
    const web = find(set, 'Deployment', 'web');
    web.metadata.creationTimestamp = null;
    web.status = { replicas: 2, readyReplicas: 2 };
    expect(schemaMessages(set)).toEqual([]);
  });

  test('a field named like an Object.prototype member is unknown, not inherited', () => {
    const set = baseline();
    find(set, 'Service').spec.constructor = 'x';
    expect(schemaMessages(set)).toEqual(['Service web: spec.constructor: unknown field (not in the schema; the API server rejects or drops it)']);
  });

  test('HTTPRoute: the Gateway API v1.6.1 constraints (enums, patterns, bounds) apply', () => {
    const route = httpRoute();
    route.spec.hostnames = ['Shop_Example'];
    route.spec.rules[0].matches[0].path.type = 'Glob';
    route.spec.rules[0].backendRefs[0].port = 70000;
    expect(schemaMessages([...baseline(), route])).toEqual([[
      'HTTPRoute web: spec.hostnames[0]: must match ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$, got "Shop_Example"',
      'spec.rules[0].matches[0].path.type: must be one of "Exact", "PathPrefix", "RegularExpression", got "Glob"',
      'spec.rules[0].backendRefs[0].port: must be at most 65535, got 70000',
    ].join('; ')]);
  });

  test('HTTPRoute: fields added after Gateway API v1.0 (rule names, timeouts) are known', () => {
    const route = httpRoute();
    route.spec.rules[0].name = 'all';
    route.spec.rules[0].timeouts = { request: '10s' };
    expect(schemaMessages([...baseline(), route])).toEqual([]);
  });

  test('at most 20 problems are listed per object', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: NS }, data: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`K${i}`, i])) };
    const [message] = schemaMessages([configMap]);
    expect(message.split('; ')).toHaveLength(21);
    expect(message.endsWith('more problems not listed')).toBe(true);
  });
});

describe('schema-known-kind', () => {
  test('an object of a kind without a schema is a warning, not passed silently', () => {
    const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'shop', namespace: NS }, spec: {} };
    const report = checkManifests([...baseline(), certificate]);
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ['schema-known-kind', 'warning', 'no schema for cert-manager.io/v1 Certificate: not validated'],
    ]);
  });

  test('a removed apiVersion is left to api-deprecated, which names the replacement', () => {
    const set = baseline();
    find(set, 'PodDisruptionBudget').apiVersion = 'policy/v1beta1';
    expect(checkManifests(set).findings.map((f) => f.ruleId)).toEqual(['api-deprecated']);
  });
});

describe('schema bundles', () => {
  test('the committed Kubernetes 1.28 schemas are what the installed cdk8s-plus-28 generates', () => {
    const generated = kubernetesBundle();
    expect(generated).toEqual(KUBERNETES_1_28);
    expect(bundleModule('KUBERNETES_1_28', generated, 'x')).toContain('JSON.parse(');
  });

  test('the Gateway API schemas cover the standard kinds in both served versions', () => {
    expect(GATEWAY_API.source).toBe('Gateway API v1.6.1 standard CRDs');
    expect(Object.keys(GATEWAY_API.kinds)).toEqual([
      'gateway.networking.k8s.io/v1/Gateway', 'gateway.networking.k8s.io/v1/HTTPRoute', 'gateway.networking.k8s.io/v1/ReferenceGrant',
      'gateway.networking.k8s.io/v1beta1/Gateway', 'gateway.networking.k8s.io/v1beta1/HTTPRoute', 'gateway.networking.k8s.io/v1beta1/ReferenceGrant',
    ]);
  });

  test('every pattern of the Gateway API schemas compiles as a JavaScript regular expression', () => {
    const patterns: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      const record = value as Record<string, unknown>;
      if (typeof record.pattern === 'string') patterns.push(record.pattern);
      Object.values(record).forEach(collect);
    };
    collect(GATEWAY_API.definitions);
    expect(patterns.length).toBeGreaterThan(10);
    for (const pattern of patterns) expect(() => new RegExp(pattern, 'u')).not.toThrow();
  });

  test('a validator without bundles knows no kind', () => {
    expect(new SchemaValidator([]).validate({ apiVersion: 'v1', kind: 'Pod' })).toBeUndefined();
    expect(defaultSchemaValidator().knows('v1', 'Pod')).toBe(true);
  });
});
