import { checkManifests, RULES } from '../../lib/policy';
import {
  baseline, containerOf, deployment, Doc, find, hardenedPodSpec, NS, podSpecOf, serviceAccount, sidecarContainer,
} from './fixtures';

const ruleIds = (set: Doc[]): string[] => [...new Set(checkManifests(set).findings.map((f) => f.ruleId))].sort();

function statefulSet(): Doc[] {
  const labels = { 'app.kubernetes.io/name': 'db' };
  const spec = hardenedPodSpec('db');
  spec.containers[0].image = 'ghcr.io/acme/postgres:16.3';
  spec.containers[0].ports = [{ name: 'postgres', containerPort: 5432 }];
  spec.containers[0].readinessProbe = { exec: { command: ['pg_isready'] } };
  delete spec.containers[0].livenessProbe;
  return [
    serviceAccount('db'),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: NS }, spec: { clusterIP: 'None', selector: labels, ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres' }] } },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: NS }, spec: { serviceName: 'db', replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec } } },
  ];
}

function cronJob(): Doc {
  const spec = { ...hardenedPodSpec(), restartPolicy: 'OnFailure' };
  delete spec.containers[0].readinessProbe;
  delete spec.containers[0].livenessProbe;
  delete spec.containers[0].ports;
  return {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: NS },
    spec: { schedule: '0 3 * * *', startingDeadlineSeconds: 600, concurrencyPolicy: 'Forbid', jobTemplate: { spec: { backoffLimit: 2, template: { spec } } } },
  };
}

function job(): Doc {
  const cron = cronJob();
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: NS }, spec: { ...cron.spec.jobTemplate.spec, ttlSecondsAfterFinished: 3600 } };
}

/** The baseline with the web Deployment scaled by an HPA (which then owns the replica count). */
function scaled(min: number, max: number): Doc[] {
  const s = baseline();
  delete web(s).spec.replicas;
  return [...s, hpa(min, max)];
}

function hpa(min: number, max: number): Doc {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: NS },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: min, maxReplicas: max },
  };
}

function httpRoute(backend: string, port: number): Doc {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: NS },
    spec: { parentRefs: [{ name: 'gateway' }], rules: [{ backendRefs: [{ name: backend, port }] }] },
  };
}

const web = (set: Doc[]): Doc => find(set, 'Deployment', 'web');
const withEnv = (env: object[]): Doc[] => { const s = baseline(); containerOf(web(s)).env = env; return s; };

function role(rules: object[]): Doc {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'web', namespace: NS }, rules };
}

function binding(clusterRole: string): Doc {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: `web-${clusterRole}`, namespace: NS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
    subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: NS }],
  };
}
const WEB = { 'app.kubernetes.io/name': 'web' };

/**
 * For every rule: [rule ID, a passing set, a failing set]. The passing set is the valid baseline
 * (plus what the rule needs to have something to check); the failing one breaks exactly one thing.
 */
const cases: [id: string, pass: () => Doc[], fail: () => Doc[]][] = [
  ['resources-requests', baseline, () => { const s = baseline(); delete containerOf(web(s)).resources.requests.cpu; return s; }],
  ['resources-memory-limit', baseline, () => { const s = baseline(); delete containerOf(web(s)).resources.limits.memory; return s; }],
  ['resources-requests-within-limits', baseline, () => { const s = baseline(); containerOf(web(s)).resources.requests.memory = '256Mi'; return s; }],
  ['image-pinned', () => { const s = baseline(); containerOf(web(s)).image = 'ghcr.io/acme/web@sha256:0123abcd'; return s; },
    () => { const s = baseline(); containerOf(web(s)).image = 'registry:5000/acme/web'; return s; }],
  ['image-pull-policy', baseline, () => { const s = baseline(); delete containerOf(web(s)).imagePullPolicy; return s; }],
  ['probe-readiness', baseline, () => { const s = baseline(); delete containerOf(web(s)).readinessProbe; return s; }],
  ['probe-distinct', baseline, () => { const s = baseline(); const c = containerOf(web(s)); c.livenessProbe = { ...c.readinessProbe, periodSeconds: 30 }; return s; }],
  ['probe-port', baseline, () => { const s = baseline(); containerOf(web(s)).readinessProbe.httpGet.port = 'metrics'; return s; }],
  ['pod-ports-unique', () => {
    const s = baseline();
    podSpecOf(web(s)).containers.push(sidecarContainer('exporter', [{ name: 'metrics', containerPort: 9090 }]));
    return s;
  }, () => {
    const s = baseline();
    podSpecOf(web(s)).containers.push(sidecarContainer('exporter', [{ name: 'http', containerPort: 9090 }]));
    return s;
  }],
  ['selector-matches-template', baseline, () => { const s = baseline(); web(s).spec.selector.matchLabels = { 'app.kubernetes.io/name': 'other' }; return s; }],
  ['selector-overlap', baseline, () => {
    const s = baseline();
    const canary = deployment();
    canary.metadata.name = 'web-canary';
    canary.spec.template.metadata.labels.track = 'canary';
    return [...s, canary];
  }],
  ['service-selects-pods', baseline, () => { const s = baseline(); find(s, 'Service').spec.selector = { 'app.kubernetes.io/name': 'wbe' }; return s; }],
  ['service-target-port', baseline, () => { const s = baseline(); find(s, 'Service').spec.ports[0].targetPort = 'https'; return s; }],
  ['statefulset-service', () => [...baseline(), ...statefulSet()], () => {
    const s = [...baseline(), ...statefulSet()];
    delete find(s, 'Service', 'db').spec.clusterIP;
    return s;
  }],
  ['route-backend', () => [...baseline(), httpRoute('web', 80)], () => [...baseline(), httpRoute('web', 8080)]],
  ['pdb-present', baseline, () => baseline().filter((d) => d.kind !== 'PodDisruptionBudget')],
  ['pdb-allows-disruption', baseline, () => { const s = baseline(); find(s, 'PodDisruptionBudget').spec.maxUnavailable = 0; return s; }],
  ['spread-or-anti-affinity', () => {
    const s = baseline();
    delete podSpecOf(web(s)).topologySpreadConstraints;
    podSpecOf(web(s)).affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } } }] } };
    return s;
  }, () => { const s = baseline(); delete podSpecOf(web(s)).topologySpreadConstraints; return s; }],
  ['hpa-replicas', () => scaled(2, 6), () => scaled(1, 6)],
  ['cronjob-deadline', () => [...baseline(), cronJob()], () => { const c = cronJob(); delete c.spec.startingDeadlineSeconds; return [...baseline(), c]; }],
  ['batch-restart-policy', () => [...baseline(), cronJob()], () => { const c = cronJob(); delete podSpecOf(c).restartPolicy; return [...baseline(), c]; }],
  ['cronjob-concurrency', () => [...baseline(), cronJob()], () => { const c = cronJob(); delete c.spec.concurrencyPolicy; return [...baseline(), c]; }],
  ['job-ttl', () => [...baseline(), job()], () => { const j = job(); delete j.spec.ttlSecondsAfterFinished; return [...baseline(), j]; }],
  ['networkpolicy-selects-pods', baseline, () => { const s = baseline(); find(s, 'NetworkPolicy').spec.podSelector = { matchLabels: { app: 'web' } }; return s; }],
  ['configmap-credentials',
    () => [...baseline(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: NS }, data: { LOG_LEVEL: 'info', DB_PASSWORD_FILE: '/run/secrets/db' } }],
    () => [...baseline(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: NS }, data: { LOG_LEVEL: 'info', DB_PASSWORD: 'hunter2' } }]],
  ['env-literal-secret', () => {
    const s = baseline();
    containerOf(web(s)).env = [{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'web', key: 'token' } } }];
    return s;
  }, () => { const s = baseline(); containerOf(web(s)).env = [{ name: 'API_TOKEN', value: 's3cr3t' }]; return s; }],
  ['service-account-token', () => {
    const s = baseline();
    podSpecOf(web(s)).automountServiceAccountToken = true;
    return [...s, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'web', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web' }, subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: NS }] }];
  }, () => { const s = baseline(); delete podSpecOf(web(s)).automountServiceAccountToken; find(s, 'ServiceAccount').automountServiceAccountToken = true; return s; }],
  ['service-account-exists', baseline, () => baseline().filter((d) => d.kind !== 'ServiceAccount')],
  ['name-dns1123',
    () => [...baseline(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web.config', namespace: NS } }],
    () => [...baseline(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Web_Config', namespace: NS } }]],
  ['labels-valid', baseline, () => { const s = baseline(); web(s).metadata.labels['team'] = 'shop floor'; return s; }],
  ['api-deprecated', baseline, () => { const s = baseline(); find(s, 'PodDisruptionBudget').apiVersion = 'policy/v1beta1'; return s; }],
  ['host-access-undeclared', () => {
    const s = baseline();
    find(s, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'] = 'privileged';
    web(s).spec.template.metadata.annotations = { 'shipshape.dev/host-access': 'reads node metrics' };
    podSpecOf(web(s)).hostNetwork = true;
    return s;
  }, () => {
    const s = baseline();
    find(s, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'] = 'privileged';
    podSpecOf(web(s)).hostNetwork = true;
    return s;
  }],
  ['resources-ephemeral-storage', baseline, () => { const s = baseline(); delete containerOf(web(s)).resources.limits['ephemeral-storage']; return s; }],
  ['read-only-root-fs', baseline, () => { const s = baseline(); containerOf(web(s)).securityContext.readOnlyRootFilesystem = false; return s; }],
  ['env-duplicate', () => withEnv([{ name: 'LOG_LEVEL', value: 'info' }, { name: 'LOG_FORMAT', value: 'json' }]),
    () => withEnv([{ name: 'LOG_LEVEL', value: 'info' }, { name: 'LOG_LEVEL', value: 'debug' }])],
  ['ssh-port', baseline, () => { const s = baseline(); containerOf(web(s)).ports.push({ name: 'ssh', containerPort: 22 }); return s; }],
  ['pdb-budget-set', baseline, () => { const s = baseline(); delete find(s, 'PodDisruptionBudget').spec.maxUnavailable; return s; }],
  ['pdb-unhealthy-eviction', baseline, () => { const s = baseline(); delete find(s, 'PodDisruptionBudget').spec.unhealthyPodEvictionPolicy; return s; }],
  ['hpa-target-exists', () => scaled(2, 6), () => { const s = scaled(2, 6); find(s, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name = 'wbe'; return s; }],
  ['hpa-target-replicas', () => scaled(2, 6), () => [...baseline(), hpa(2, 6)]],
  ['pod-networkpolicy', baseline, () => baseline().filter((d) => d.metadata.name !== 'default-deny').map((d) => {
    if (d.kind === 'NetworkPolicy') d.spec.policyTypes = ['Ingress'];
    return d;
  })],
  ['ingress-tls', baseline, () => { const s = baseline(); find(s, 'Ingress').spec.rules.push({ host: 'admin.example.com', http: find(s, 'Ingress').spec.rules[0].http }); return s; }],
  ['service-account-field', baseline, () => { const s = baseline(); podSpecOf(web(s)).serviceAccount = 'web'; return s; }],
  ['rbac-wildcard', () => [...baseline(), role([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }])],
    () => [...baseline(), role([{ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }])]],
  ['rbac-pod-exec', () => [...baseline(), role([{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get'] }])],
    () => [...baseline(), role([{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }])]],
  ['rbac-secret-write', () => [...baseline(), role([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['web'] }])],
    () => [...baseline(), role([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'update'] }])]],
  ['rbac-cluster-admin', () => [...baseline(), binding('view')], () => [...baseline(), binding('cluster-admin')]],
  ['object-unique', baseline, () => [...baseline(), serviceAccount()]],
  ['schema-valid', baseline, () => { const s = baseline(); find(s, 'Service').spec.ports[0].port = '80'; return s; }],
  ['schema-known-kind', baseline, () => [...baseline(), { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web', namespace: NS }, spec: {} }]],
  ['suppress-invalid', baseline, () => { const s = baseline(); web(s).metadata.annotations = { 'shipshape.dev/suppress': 'image-pull-policy' }; return s; }],
];

describe('policy rules', () => {
  test('the baseline stack has no findings at all', () => {
    expect(checkManifests(baseline()).findings).toEqual([]);
  });

  test.each(cases)('%s: passing fixture passes, failing fixture triggers exactly that rule', (id, pass, fail) => {
    expect(ruleIds(pass())).toEqual([]);
    expect(ruleIds(fail())).toEqual([id]);
  });

  test('resources-requests-within-limits compares quantities exactly, as the API server does', () => {
    const s = baseline();
    const resources = containerOf(web(s)).resources;
    resources.limits.cpu = '1';
    resources.requests.cpu = '1.0000000000000001';
    expect(ruleIds(s)).toEqual(['resources-requests-within-limits']);
    resources.requests.cpu = '1000m';
    expect(ruleIds(s)).toEqual([]);
  });

  test('every non-PSS rule has a case above (PSS controls are covered in pss.test.ts)', () => {
    const covered = new Set(cases.map(([id]) => id));
    expect(RULES.filter((r) => !r.id.startsWith('pss-') && !covered.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  test('every rule has an ID, a one-line rationale, a fix hint and a source', () => {
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.rationale).not.toContain('\n');
      expect(rule.fix.length).toBeGreaterThan(10);
      expect(rule.sources.length).toBeGreaterThan(0);
    }
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });
});

describe('credentials in ConfigMaps and literal env', () => {
  const configMap = (data: Record<string, string>): Doc => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: NS }, data });

  test.each(['AZURE_BATCH_KEY', 'OCI_CLI_KEY_CONTENT'])('a key named %s is reported in a ConfigMap and as a literal env value', (name) => {
    expect(ruleIds([...baseline(), configMap({ [name]: 'c2VjcmV0' })])).toEqual(['configmap-credentials']);
    expect(ruleIds(withEnv([{ name, value: 'c2VjcmV0' }]))).toEqual(['env-literal-secret']);
  });

  test('a cache key prefix is not a credential', () => {
    expect(ruleIds([...baseline(), configMap({ CACHE_KEY_PREFIX: 'web:' })])).toEqual([]);
    expect(ruleIds(withEnv([{ name: 'CACHE_KEY_PREFIX', value: 'web:' }]))).toEqual([]);
  });

  test('the discovery env of a connection to a workload named like a credential is not reported', () => {
    expect(ruleIds(withEnv([{ name: 'TOKEN_SERVICE_HOST', value: 'token-service' }, { name: 'SECRET_STORE_PORT', value: '8080' }]))).toEqual([]);
  });

  test('a URL with an inline password is reported whatever its name', () => {
    expect(ruleIds(withEnv([{ name: 'DATABASE', value: 'postgres://app:hunter2@db/orders' }]))).toEqual(['env-literal-secret']);
  });
});

describe('fixes from the comparison with kube-score, kube-linter and Polaris', () => {
  test('probe-port: a TCP probe on a port declared only as UDP fails', () => {
    const s = baseline();
    containerOf(web(s)).ports = [{ name: 'http', containerPort: 8080, protocol: 'UDP' }];
    // The Service's TCP targetPort http no longer resolves either: a named port matches only with its protocol.
    expect(ruleIds(s)).toEqual(['probe-port', 'service-target-port']);
    expect(checkManifests(s).findings[0].message).toBe('container web: readinessProbe port http is declared only as UDP, but probes connect over TCP, livenessProbe port http is declared only as UDP, but probes connect over TCP');
  });

  test('probe-port: the same port number declared for TCP and UDP passes', () => {
    const s = baseline();
    containerOf(web(s)).ports = [{ name: 'dns-udp', containerPort: 8080, protocol: 'UDP' }, { name: 'http', containerPort: 8080, protocol: 'TCP' }];
    expect(ruleIds(s)).toEqual([]);
  });

  const antiAffinityOnly = (term: object): Doc[] => {
    const s = baseline();
    delete podSpecOf(web(s)).topologySpreadConstraints;
    podSpecOf(web(s)).affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', ...term }] } };
    return s;
  };

  test('spread-or-anti-affinity: anti-affinity whose selector picks other pods does not count', () => {
    const s = antiAffinityOnly({ labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'cache' } } });
    expect(ruleIds(s)).toEqual(['spread-or-anti-affinity']);
    expect(checkManifests(s).findings[0].message).toBe("2 replicas, but no topologySpreadConstraint or podAntiAffinity term selects the workload's own pods in its namespace");
  });

  test('spread-or-anti-affinity: anti-affinity against the own pods of another namespace does not count', () => {
    expect(ruleIds(antiAffinityOnly({ labelSelector: { matchLabels: WEB }, namespaces: ['other'] }))).toEqual(['spread-or-anti-affinity']);
  });

  test('spread-or-anti-affinity: anti-affinity naming its own namespace explicitly counts', () => {
    expect(ruleIds(antiAffinityOnly({ labelSelector: { matchLabels: WEB }, namespaces: [NS] }))).toEqual([]);
  });

  test('spread-or-anti-affinity: a topology spread constraint that selects other pods does not count', () => {
    const s = baseline();
    podSpecOf(web(s)).topologySpreadConstraints[0].labelSelector = { matchLabels: { 'app.kubernetes.io/name': 'cache' } };
    expect(ruleIds(s)).toEqual(['spread-or-anti-affinity']);
  });

  test('route-backend: an Ingress backend written with v1beta1 field names is reported', () => {
    const s = baseline();
    find(s, 'Ingress').spec.rules[0].http.paths[0].backend = { serviceName: 'web', servicePort: 80 };
    // The schema check reports the unknown fields too.
    expect(ruleIds(s)).toEqual(['route-backend', 'schema-valid']);
    expect(checkManifests(s).findings.find((f) => f.ruleId === 'route-backend')!.message).toBe('backend names no Service (serviceName/servicePort are networking.k8s.io/v1beta1 fields; v1 uses service.name and service.port)');
  });

  test('route-backend: a resource backend is left to its controller', () => {
    const s = baseline();
    find(s, 'Ingress').spec.rules[0].http.paths[0].backend = { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'assets' } };
    expect(ruleIds(s)).toEqual([]);
  });

  test.each([
    ['a name over 15 characters', 'http-metrics-port', 'targetPort "http-metrics-port" is not a valid port name (1 to 15 characters)'],
    ['upper case', 'HTTP', 'targetPort "HTTP" is not a valid port name (lower-case letters, digits and \'-\' only)'],
    ['a quoted number', '8080', 'targetPort "8080" is not a valid port name (at least one letter)'],
    ['a double dash', 'http--alt', 'targetPort "http--alt" is not a valid port name (no \'-\' at either end or twice in a row)'],
    ['a number out of range', 70000, 'targetPort 70000 is not a port number from 1 to 65535'],
  ])('service-target-port: %s is rejected as the API server would', (_what, target, message) => {
    const s = baseline();
    find(s, 'Service').spec.ports[0].targetPort = target;
    expect(ruleIds(s)).toEqual(['service-target-port']);
    expect(checkManifests(s).findings[0].message).toBe(message);
  });

  test('service-target-port: syntax is checked on Services without a selector too', () => {
    const external = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'legacy', namespace: NS }, spec: { ports: [{ port: 80, targetPort: 'Web_Port' }] } };
    expect(ruleIds([...baseline(), external])).toEqual(['service-target-port']);
  });
});

describe('object identity', () => {
  const configMap = (name: string, namespace?: string, apiVersion = 'v1'): Doc => (
    { apiVersion, kind: 'ConfigMap', metadata: { name, ...(namespace === undefined ? {} : { namespace }) }, data: {} });
  const messages = (set: Doc[]): string[] => checkManifests(set.map((manifest, i) => ({ manifest, file: `out.yaml#${i + 1}` })))
    .findings.filter((f) => f.ruleId === 'object-unique').map((f) => `${f.file}: ${f.message}`);

  test('each of two objects with the same identity names the other', () => {
    expect(messages([configMap('web', NS), configMap('web', NS)])).toEqual([
      'out.yaml#1: ConfigMap shop/web is also defined at out.yaml#2',
      'out.yaml#2: ConfigMap shop/web is also defined at out.yaml#1',
    ]);
  });

  test('the same name in another namespace or of another kind is no collision', () => {
    expect(messages([configMap('web', NS), configMap('web', 'other'), { ...configMap('web', NS), kind: 'Secret' }])).toEqual([]);
  });

  test('cluster-scoped kinds collide whatever namespace they are written with', () => {
    const clusterRole = (namespace?: string): Doc => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader', namespace }, rules: [] });
    expect(messages([clusterRole('a'), clusterRole('b')])).toHaveLength(2);
  });

  test('objects without a namespace are assumed to go to one namespace: they collide with each other only', () => {
    expect(messages([configMap('web'), configMap('web')])).toHaveLength(2);
    expect(messages([configMap('web'), configMap('web', NS)])).toEqual([]);
  });

  test('bare manifests without a source say how often they repeat', () => {
    expect(checkManifests([configMap('web', NS), configMap('web', NS), configMap('web', NS)]).findings.map((f) => f.message))
      .toEqual(Array(3).fill('ConfigMap shop/web is also defined 2 more times in the input'));
  });
});

describe('disruption budgets and autoscalers', () => {
  test('pdb-allows-disruption: minAvailable at the HPA\'s minReplicas blocks drains when scaled down (Polaris)', () => {
    const s = scaled(3, 6);
    const budget = find(s, 'PodDisruptionBudget');
    delete budget.spec.maxUnavailable;
    budget.spec.minAvailable = 3;
    expect(ruleIds(s)).toEqual(['pdb-allows-disruption']);
    expect(checkManifests(s).findings[0].message).toBe('minAvailable 3 >= HPA minReplicas 3 of Deployment web');
    budget.spec.minAvailable = 2;
    expect(ruleIds(s)).toEqual([]);
  });
});
