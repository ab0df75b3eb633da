import { Chart } from 'cdk8s';
import { AppSecret, HealthProbe, WebApp, WebAppProps } from '../../lib';
import { Manifest } from '../../lib/manifests/manifest';
import { expectValidOutput, ofKind, single, synthObjects, testChart } from '../support/manifests';

const minimal = { name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080 };

function synth(props: Partial<WebAppProps> = {}, namespace?: string): Manifest[] {
  const chart = testChart(namespace);
  new WebApp(chart, 'api', { ...minimal, ...props });
  return synthObjects(chart);
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const deploymentOf = (objects: Manifest[]): any => single(objects, 'Deployment');
const podOf = (objects: Manifest[]): any => deploymentOf(objects).spec.template.spec;
const containerOf = (objects: Manifest[]): any => podOf(objects).containers[0];

describe('WebApp defaults (name, image and port only)', () => {
  const objects = synth();

  test('emits a ServiceAccount, Deployment, Service, PDB and NetworkPolicy, and no ConfigMap', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`).sort()).toEqual([
      'Deployment/api', 'NetworkPolicy/api', 'PodDisruptionBudget/api', 'Service/api', 'ServiceAccount/api',
    ]);
  });

  test('every object is schema-valid and the pod passes PSS restricted', () => {
    expectValidOutput(objects);
  });

  test('the Deployment runs 2 replicas', () => {
    expect(deploymentOf(objects).spec.replicas).toBe(2);
  });

  test('rolling updates add 25% and never go below the desired count', () => {
    expect(deploymentOf(objects).spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
  });

  test('keeps 10 revisions for rollbacks and reports a stuck rollout after 600 s', () => {
    expect(deploymentOf(objects).spec.revisionHistoryLimit).toBe(10);
    expect(deploymentOf(objects).spec.progressDeadlineSeconds).toBe(600);
  });

  test('a readiness probe gates rollouts: HTTP GET / on the named app port', () => {
    expect(containerOf(objects).readinessProbe).toEqual({
      httpGet: { path: '/', port: 'http', scheme: 'HTTP' },
      initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3, successThreshold: 1,
    });
    expect(containerOf(objects).livenessProbe).toBeUndefined();
  });

  test('the pod security context runs as uid/gid 10001, non-root, RuntimeDefault seccomp', () => {
    expect(podOf(objects).securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('the container drops ALL capabilities, forbids escalation and has a read-only root', () => {
    expect(containerOf(objects).securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('/tmp is a writable emptyDir with a size limit', () => {
    expect(podOf(objects).volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
    expect(containerOf(objects).volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test('requests and limits for cpu, memory and ephemeral storage, memory request = limit', () => {
    expect(containerOf(objects).resources).toEqual({
      requests: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
    });
  });

  test('a dedicated ServiceAccount without a mounted token, and no service links', () => {
    expect(single(objects, 'ServiceAccount')).toMatchObject({ automountServiceAccountToken: false });
    expect(podOf(objects)).toMatchObject({ serviceAccountName: 'api', automountServiceAccountToken: false, enableServiceLinks: false });
  });

  test('the image is pulled IfNotPresent, explicitly', () => {
    expect(containerOf(objects).imagePullPolicy).toBe('IfNotPresent');
  });

  test('30 s termination grace and no preStop hook', () => {
    expect(podOf(objects).terminationGracePeriodSeconds).toBe(30);
    expect(containerOf(objects).lifecycle).toBeUndefined();
  });

  test('spreads softly over nodes: ScheduleAnyway topology spread and preferred anti-affinity', () => {
    const selector = { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', 'app.kubernetes.io/component': 'web' } };
    expect(podOf(objects).topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
    ]);
    expect(podOf(objects).affinity).toEqual({
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: selector } }] },
    });
  });

  test('the PDB allows one pod down and always allows evicting unhealthy pods', () => {
    expect((single(objects, 'PodDisruptionBudget') as any).spec).toEqual({
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: deploymentOf(objects).spec.selector,
    });
  });

  test('the Service is ClusterIP with a named port targeting the container port by name', () => {
    expect((single(objects, 'Service') as any).spec).toEqual({
      type: 'ClusterIP',
      selector: deploymentOf(objects).spec.selector.matchLabels,
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
    });
  });

  test('the NetworkPolicy of an internal app admits no ingress but its connections, and egress to DNS only', () => {
    expect((single(objects, 'NetworkPolicy') as any).spec).toEqual({
      podSelector: deploymentOf(objects).spec.selector,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      }],
    });
  });

  test('snapshot of the defaults', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('WebApp options', () => {
  const everything: Partial<WebAppProps> = {
    portName: 'web',
    servicePort: 80,
    serviceType: 'LoadBalancer',
    strategy: 'RollingUpdate',
    maxSurge: 1,
    maxUnavailable: '10%',
    revisionHistoryLimit: 5,
    progressDeadlineSeconds: 300,
    minReadySeconds: 5,
    readinessProbe: HealthProbe.http('/ready'),
    livenessProbe: HealthProbe.http('/live'),
    startupProbe: HealthProbe.tcp(),
    terminationGracePeriodSeconds: 45,
    preStopSleepSeconds: 10,
    command: ['/app/server'],
    args: ['--port', '8080'],
    env: { LOG_LEVEL: 'debug' },
    config: { env: { FEATURE_X: 'on' }, files: { 'app.yaml': 'a: 1\n' } },
    secrets: { env: { DB_PASSWORD: { secretName: 'db', key: 'password' } }, files: [{ secretName: 'tls', mountPath: '/etc/tls' }] },
    resources: { preset: 'medium', cpu: { limit: '2' }, guaranteed: false },
    writablePaths: { '/var/cache/app': '1Gi' },
    podAnnotations: { 'example.com/team': 'payments' },
    ingress: { host: 'shop.example.com', path: '/api', ingressClassName: 'nginx', tlsSecretName: 'shop-tls', annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' } },
    httpRoute: { parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }], hostnames: ['api.example.com'], pathPrefixes: ['/v1', '/v2'] },
    autoscaling: { minReplicas: 3, maxReplicas: 10, cpuUtilization: 60 },
    instance: 'api-blue',
    partOf: 'shop',
  };
  const objects = synth(everything, 'shop');

  test('every object is schema-valid and the pod passes PSS restricted', () => {
    expectValidOutput(objects);
  });

  test('snapshot with every option set', () => {
    expect(objects).toMatchSnapshot();
  });

  test('snapshot of the Recreate strategy with one replica', () => {
    expect(synth({ strategy: 'Recreate', replicas: 1 })).toMatchSnapshot();
  });

  test('with an autoscaler the Deployment omits replicas and the HPA owns them', () => {
    expect(deploymentOf(objects).spec.replicas).toBeUndefined();
    expect((single(objects, 'HorizontalPodAutoscaler') as any).spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    });
  });

  test('autoscaling defaults to a minimum of 2 replicas at 70% cpu', () => {
    expect((single(synth({ autoscaling: { maxReplicas: 4 } }), 'HorizontalPodAutoscaler') as any).spec).toMatchObject({
      minReplicas: 2, maxReplicas: 4, metrics: [{ resource: { target: { averageUtilization: 70 } } }],
    });
  });

  test('one replica gets no PodDisruptionBudget', () => {
    expect(ofKind(synth({ replicas: 1 }), 'PodDisruptionBudget')).toEqual([]);
  });

  test('Recreate is an opt-in strategy without rolling parameters', () => {
    expect(deploymentOf(synth({ strategy: 'Recreate' })).spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('NodePort and LoadBalancer Services are opt-ins', () => {
    expect((single(synth({ serviceType: 'NodePort' }), 'Service') as any).spec.type).toBe('NodePort');
    expect((single(objects, 'Service') as any).spec.ports).toEqual([{ name: 'web', port: 80, targetPort: 'web', protocol: 'TCP' }]);
  });

  test('an exposed app admits any pod on its port (its ingress controller or gateway), and only on that port', () => {
    const open = [{ ports: [{ protocol: 'TCP', port: 8080 }] }];
    expect((single(objects, 'NetworkPolicy') as any).spec.ingress).toEqual(open);
    expect((single(synth({ ingress: { host: 'shop.example.com' } }), 'NetworkPolicy') as any).spec.ingress).toEqual(open);
    expect((single(synth({ httpRoute: { parentRefs: [{ name: 'gw' }] } }), 'NetworkPolicy') as any).spec.ingress).toEqual(open);
    expect((single(synth({ serviceType: 'NodePort' }), 'NetworkPolicy') as any).spec.ingress).toEqual(open);
  });

  test('openToAllPods overrides the exposure-based default either way', () => {
    expect((single(synth({ openToAllPods: true }), 'NetworkPolicy') as any).spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 8080 }] }]);
    expect((single(synth({ openToAllPods: false, ingress: { host: 'shop.example.com' } }), 'NetworkPolicy') as any).spec.ingress).toEqual([]);
  });

  test('preStop sleeps before SIGTERM so endpoints drain', () => {
    expect(containerOf(objects).lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '10'] } } });
    expect(podOf(objects).terminationGracePeriodSeconds).toBe(45);
  });

  test('the Ingress routes host and path to the Service port, with TLS', () => {
    expect((single(objects, 'Ingress') as any).spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } }],
    });
  });

  test('the HTTPRoute attaches to the Gateway and routes each prefix to the Service', () => {
    const route = single(objects, 'HTTPRoute') as any;
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways', sectionName: 'https' }],
      hostnames: ['api.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/v1' } }, { path: { type: 'PathPrefix', value: '/v2' } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'api', port: 80, weight: 1 }],
      }],
    });
  });
});

describe('WebApp configuration and secrets', () => {
  const objects = synth({
    config: { env: { LOG_LEVEL: 'info' }, files: { 'app.yaml': 'x: 1\n' } },
    secrets: { env: { API_TOKEN: { secretName: 'api-secrets', key: 'token' } }, files: [{ secretName: 'tls', mountPath: '/etc/tls' }] },
  });

  test('plain settings go into a ConfigMap named <name>-config', () => {
    expect(single(objects, 'ConfigMap')).toMatchObject({ metadata: { name: 'api-config' }, data: { 'LOG_LEVEL': 'info', 'app.yaml': 'x: 1\n' } });
  });

  test('config env comes from ConfigMap keys, secrets only from secretKeyRef', () => {
    expect(containerOf(objects).env).toEqual([
      { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'api-config', key: 'LOG_LEVEL' } } },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api-secrets', key: 'token' } } },
    ]);
  });

  test('config files and secret files are mounted read-only', () => {
    expect(containerOf(objects).volumeMounts).toEqual(expect.arrayContaining([
      { name: 'config', mountPath: '/etc/api', readOnly: true },
      { name: 'secret-0', mountPath: '/etc/tls', readOnly: true },
    ]));
    expect(podOf(objects).volumes).toEqual(expect.arrayContaining([
      { name: 'config', configMap: { name: 'api-config', items: [{ key: 'app.yaml', path: 'app.yaml' }] } },
      { name: 'secret-0', secret: { secretName: 'tls' } },
    ]));
  });

  test('changing config content changes the pod template checksum, so pods roll', () => {
    const checksum = (o: Manifest[]): string => deploymentOf(o).spec.template.metadata.annotations['shipshape.dev/config-checksum'];
    const before = checksum(synth({ config: { env: { LOG_LEVEL: 'info' } } }));
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(synth({ config: { env: { LOG_LEVEL: 'info' } } }))).toBe(before);
    expect(checksum(synth({ config: { env: { LOG_LEVEL: 'debug' } } }))).not.toBe(before);
  });

  test('a Secret created through the library is referenced by key', () => {
    const chart = testChart();
    const secret = new AppSecret(chart, 'creds', { name: 'api-creds', stringData: { token: 'from-ci' } });
    new WebApp(chart, 'api', { ...minimal, secrets: { env: { API_TOKEN: secret.ref('token') } } });
    const out = synthObjects(chart);
    expectValidOutput(out);
    expect(single(out, 'Secret')).toMatchObject({ metadata: { name: 'api-creds' }, type: 'Opaque', stringData: { token: 'from-ci' } });
    expect(containerOf(out).env).toEqual([{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api-creds', key: 'token' } } }]);
    expect(() => secret.ref('password')).toThrow('test/creds: key must be one of \'token\', got \'password\'');
  });
});

describe('WebApp connections', () => {
  test('connectTo adds discovery env and a policy pair admitting exactly that path', () => {
    const chart = testChart('shop');
    const api = new WebApp(chart, 'api', minimal);
    const web = new WebApp(chart, 'web', { ...minimal, name: 'web', port: 3000 });
    web.connectTo(api);
    api.allowFrom(web); // the same connection from the other side: no duplicate
    const out = synthObjects(chart);
    expectValidOutput(out);
    const webEnv = (single(out, 'Deployment', 'web') as any).spec.template.spec.containers[0].env;
    expect(webEnv).toEqual([{ name: 'API_HOST', value: 'api' }, { name: 'API_PORT', value: '8080' }]);
    const selector = (name: string): Record<string, string> => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'web' });
    expect((single(out, 'NetworkPolicy', 'web.to.api') as any).spec).toEqual({
      podSelector: { matchLabels: selector('web') },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: selector('api') } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
    expect((single(out, 'NetworkPolicy', 'api.from.web') as any).spec).toEqual({
      podSelector: { matchLabels: selector('api') },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: selector('web') } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
  });
});

describe('WebApp rejects bad input', () => {
  const cases: [string, Partial<WebAppProps>, string][] = [
    ['a port out of range', { port: 70000 }, 'test/api: port must be an integer from 1 to 65535, got 70000'],
    ['a fractional port', { port: 80.5 }, 'test/api: port must be an integer from 1 to 65535, got 80.5'],
    ['a port name longer than 15 characters', { portName: 'a-very-long-port-name' }, 'test/api: portName must be an IANA service name'],
    ['an unpinned image', { image: 'nginx:latest' }, 'test/api: image must be a pinned image reference'],
    ['zero replicas', { replicas: 0 }, 'test/api: replicas must be an integer from 1 to 2147483647, got 0'],
    ['replicas beside autoscaling', { replicas: 3, autoscaling: { maxReplicas: 5 } }, 'test/api: replicas must be unset when autoscaling is given'],
    ['autoscaling below 2 replicas', { autoscaling: { minReplicas: 1, maxReplicas: 5 } }, 'test/api: autoscaling.minReplicas must be an integer from 2 to 2147483647, got 1'],
    ['autoscaling max not above min', { autoscaling: { minReplicas: 3, maxReplicas: 3 } }, 'test/api: autoscaling.maxReplicas must be greater than minReplicas (3), got 3'],
    ['an unknown strategy', { strategy: 'BlueGreen' as never }, 'test/api: strategy must be one of \'RollingUpdate\', \'Recreate\', got \'BlueGreen\''],
    ['rolling parameters with Recreate', { strategy: 'Recreate', maxSurge: 1 }, 'test/api: strategy must be \'RollingUpdate\' when maxSurge or maxUnavailable is set'],
    ['a rolling update that can make no progress', { maxSurge: 0, maxUnavailable: 0 }, 'test/api: maxSurge must be above zero when maxUnavailable is zero, got 0'],
    ['a malformed percentage', { maxSurge: '150%' }, 'test/api: maxSurge must be a non-negative integer or a percentage'],
    ['identical readiness and liveness checks', { readinessProbe: HealthProbe.http('/h'), livenessProbe: HealthProbe.http('/h') }, 'test/api: livenessProbe must be a different check from readinessProbe'],
    ['a probe on an undeclared port', { readinessProbe: HealthProbe.tcp({ port: 9000 }) }, 'test/api: readinessProbe.port must be one of the container\'s declared ports (http/8080), got 9000'],
    ['a preStop sleep as long as the grace period', { preStopSleepSeconds: 30 }, 'test/api: preStopSleepSeconds must be less than terminationGracePeriodSeconds (30), got 30'],
    ['a credential in a ConfigMap', { config: { env: { DB_PASSWORD: 'hunter2' } } }, 'test/api: config.env.DB_PASSWORD must be a non-credential setting (credentials belong in a Secret: use secrets.env)'],
    ['a credential file in a ConfigMap', { config: { files: { 'api-key.txt': 'x' } } }, 'test/api: config.files.api-key.txt must be a non-credential file'],
    ['a credential as a literal env value', { env: { API_TOKEN: 'abc' } }, 'test/api: env.API_TOKEN must be a non-credential variable'],
    ['an invalid env name', { env: { 'LOG-LEVEL': 'x' } }, 'test/api: env.LOG-LEVEL must be an environment variable name'],
    ['an invalid Secret name', { secrets: { env: { A: { secretName: 'Bad_Name', key: 'k' } } } }, 'test/api: secrets.env.A.secretName must be a DNS-1123 subdomain'],
    ['a relative mount path', { secrets: { files: [{ secretName: 'tls', mountPath: 'etc/tls' }] } }, 'test/api: secrets.files[0].mountPath must be an absolute path'],
    ['a writable path without a size quantity', { writablePaths: { '/cache': 'big' } }, 'test/api: writablePaths./cache must be a size limit quantity'],
    ['an ingress host that is not a host name', { ingress: { host: 'shop' } }, 'test/api: ingress.host must be a fully qualified host name'],
    ['an ingress path without a slash', { ingress: { host: 'shop.example.com', path: 'api' } }, 'test/api: ingress.path must be a path starting with \'/\', without \'//\', \'/./\', \'/../\' or an encoded \'/\', not ending in \'/.\' or \'/..\' (this one does not start with \'/\'), got \'api\''],
    ['an HTTPRoute without parents', { httpRoute: { parentRefs: [] } }, 'test/api: httpRoute.parentRefs must be from 1 to 32 Gateway references, got []'],
    ['an unknown service type', { serviceType: 'ExternalName' as never }, 'test/api: serviceType must be one of \'ClusterIP\', \'NodePort\', \'LoadBalancer\', got \'ExternalName\''],
    ['running as root without the opt-in', { security: { runAsUser: 0 } }, 'test/api: security.runAsUser must be a non-zero uid (set allowRunAsRoot to run as root), got 0'],
  ];
  test.each(cases)('%s', (_what, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test('a workload cannot connect to itself', () => {
    const api = new WebApp(testChart(), 'api', minimal);
    expect(() => api.connectTo(api)).toThrow('test/api: connectTo must be another workload, got \'api\'');
    expect(() => api.allowFrom(api)).toThrow('test/api: connectTo must be another workload, got \'api\'');
  });

  test('connecting across charts needs namespaces on both sides', () => {
    const app = testChart().node.root as never;
    const a = new WebApp(new Chart(app, 'a'), 'api', minimal);
    const b = new WebApp(new Chart(app, 'b', { namespace: 'other' }), 'web', { ...minimal, name: 'web' });
    expect(() => a.connectTo(b)).toThrow('a/api: connectTo must be both workloads in charts with a namespace to connect across charts (api: none, web: other)');
  });
});
