import { App, Testing } from 'cdk8s';
import { Environment, EnvironmentProps, WebApp, WebAppProps } from '../../lib';
import { expectValidOutput, ofKind, single, synthObjects, shipshapeErrorOf } from '../support/manifests';
import { LimitRangeShape, NetworkPolicyShape, QuotaShape } from '../support/shapes';

function environment(props: Partial<EnvironmentProps> = {}, app: App = Testing.app()): Environment {
  return new Environment(app, 'shop-prod', { name: 'shop-prod', environment: 'prod', ...props });
}

function app(env: Environment, name: string, props: Partial<WebAppProps> = {}): WebApp {
  return new WebApp(env, name, { name, image: `ghcr.io/acme/${name}:1.0.0`, port: 8080, ...props });
}

function errorOf(build: () => unknown): string {
  return shipshapeErrorOf(build).message;
}

describe('Environment', () => {
  test('renders the namespace and its guard rails', () => {
    const env = environment({ quota: { cpu: { request: '4', limit: '8' }, memory: { request: '8Gi', limit: '8Gi' }, pods: 30 }, containerDefaults: { preset: 'small' } });
    app(env, 'api');
    const objects = synthObjects(env);
    expectValidOutput(objects);
    expect(objects).toMatchSnapshot();
  });

  describe('Namespace', () => {
    test('is named after the environment and carries no namespace itself', () => {
      const namespace = single(synthObjects(environment()), 'Namespace');
      expect(namespace.metadata?.name).toBe('shop-prod');
      expect(namespace.metadata).not.toHaveProperty('namespace');
    });

    test('carries the environment label and restricted PSA labels for enforce, audit and warn at latest', () => {
      expect(single(synthObjects(environment()), 'Namespace').metadata?.labels).toEqual({
        'environment': 'prod',
        'app.kubernetes.io/managed-by': 'shipshape',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'latest',
      });
    });

    test('pins the PSA version when podSecurityVersion is given', () => {
      const labels = single(synthObjects(environment({ podSecurityVersion: 'v1.28' })), 'Namespace').metadata?.labels;
      expect(labels).toMatchObject({
        'pod-security.kubernetes.io/enforce-version': 'v1.28',
        'pod-security.kubernetes.io/audit-version': 'v1.28',
        'pod-security.kubernetes.io/warn-version': 'v1.28',
      });
    });
  });

  describe('computed Pod Security level', () => {
    const enforced = (env: Environment): string | undefined => single(synthObjects(env), 'Namespace').metadata?.labels?.['pod-security.kubernetes.io/enforce'];

    test('stays restricted while every workload is restricted', () => {
      const env = environment();
      app(env, 'api');
      app(env, 'web');
      expect(env.podSecurityLevel).toBe('restricted');
      expect(enforced(env)).toBe('restricted');
    });

    test('falls to baseline for a workload that runs as root', () => {
      const env = environment();
      app(env, 'api');
      app(env, 'legacy', { security: { allowRunAsRoot: true } });
      expect(enforced(env)).toBe('baseline');
      expectValidOutput(synthObjects(env), 'baseline');
    });

    test('falls to privileged for a privileged workload, for enforce, audit and warn alike', () => {
      const env = environment();
      app(env, 'legacy', { security: { allowRunAsRoot: true } });
      app(env, 'agent', { security: { unsafePrivileged: true } });
      const labels = single(synthObjects(env), 'Namespace').metadata?.labels;
      expect(labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/audit': 'privileged',
        'pod-security.kubernetes.io/warn': 'privileged',
      });
    });

    test('counts workloads added after the environment was built', () => {
      const env = environment();
      const before = single(synthObjects(env), 'Namespace').metadata?.labels?.['pod-security.kubernetes.io/enforce'];
      app(env, 'legacy', { security: { allowRunAsRoot: true } });
      expect(before).toBe('restricted');
      expect(enforced(env)).toBe('baseline');
    });

    test('ignores workloads of other environments', () => {
      const shared = Testing.app();
      const prod = environment({}, shared);
      const dev = new Environment(shared, 'shop-dev', { name: 'shop-dev', environment: 'dev' });
      app(dev, 'legacy', { security: { allowRunAsRoot: true } });
      expect(prod.podSecurityLevel).toBe('restricted');
      expect(dev.podSecurityLevel).toBe('baseline');
    });
  });

  describe('network', () => {
    test('denies all ingress and egress of every pod by default', () => {
      const policy = single<NetworkPolicyShape>(synthObjects(environment()), 'NetworkPolicy', 'default-deny');
      expect(policy.metadata?.namespace).toBe('shop-prod');
      expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    });

    test('allows every pod DNS egress to kube-dns in kube-system on UDP and TCP 53', () => {
      const policy = single<NetworkPolicyShape>(synthObjects(environment()), 'NetworkPolicy', 'allow-dns-egress');
      expect(policy.spec).toEqual({
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        }],
      });
    });

    test('holds no other policy when empty', () => {
      expect(ofKind(synthObjects(environment()), 'NetworkPolicy').map((p) => p.metadata?.name)).toEqual(['default-deny', 'allow-dns-egress']);
    });
  });

  describe('quota and container defaults', () => {
    test('emits neither a ResourceQuota nor a LimitRange by default', () => {
      const objects = synthObjects(environment());
      expect(ofKind(objects, 'ResourceQuota')).toEqual([]);
      expect(ofKind(objects, 'LimitRange')).toEqual([]);
    });

    test('renders every quota total in Kubernetes spelling', () => {
      const env = environment({
        quota: {
          cpu: { request: '4', limit: '8' },
          memory: { request: '8Gi', limit: '16Gi' },
          ephemeralStorage: { limit: '20Gi' },
          pods: 40,
          persistentVolumeClaims: 5,
          storage: '200Gi',
        },
      });
      const objects = synthObjects(env);
      expectValidOutput(objects);
      const quota = single<QuotaShape>(objects, 'ResourceQuota', 'shop-prod');
      expect(quota.metadata?.namespace).toBe('shop-prod');
      expect(quota.spec.hard).toEqual({
        'requests.cpu': '4',
        'limits.cpu': '8',
        'requests.memory': '8Gi',
        'limits.memory': '16Gi',
        'limits.ephemeral-storage': '20Gi',
        'pods': '40',
        'persistentvolumeclaims': '5',
        'requests.storage': '200Gi',
      });
    });

    test('renders only the totals given', () => {
      const quota = single<QuotaShape>(synthObjects(environment({ quota: { pods: 10 } })), 'ResourceQuota');
      expect(quota.spec.hard).toEqual({ pods: '10' });
    });

    test('gives containers without resources the defaults of a preset, merged field by field', () => {
      const env = environment({ containerDefaults: { preset: 'medium', memory: { limit: '1Gi' } } });
      const objects = synthObjects(env);
      expectValidOutput(objects);
      const range = single<LimitRangeShape>(objects, 'LimitRange', 'shop-prod');
      expect(range.spec.limits).toEqual([{
        type: 'Container',
        defaultRequest: { 'cpu': '250m', 'memory': '1Gi', 'ephemeral-storage': '256Mi' },
        default: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '1Gi' },
      }]);
    });
  });

  describe('placement and labels', () => {
    test('puts every namespaced object of its workloads in the namespace', () => {
      const env = environment({ quota: { pods: 10 } });
      app(env, 'api');
      const objects = synthObjects(env).filter((o) => o.kind !== 'Namespace');
      expect(objects.length).toBeGreaterThan(5);
      expect(objects.filter((o) => o.metadata?.namespace !== 'shop-prod').map((o) => `${o.kind} ${o.metadata?.name}`)).toEqual([]);
    });

    test('labels every object with the environment', () => {
      const env = environment({ containerDefaults: {} });
      app(env, 'api');
      const unlabelled = synthObjects(env).filter((o) => o.metadata?.labels?.environment !== 'prod');
      expect(unlabelled.map((o) => `${o.kind} ${o.metadata?.name}`)).toEqual([]);
    });

    test('adds further labels to every object', () => {
      const env = environment({ labels: { team: 'checkout' } });
      app(env, 'api');
      const unlabelled = synthObjects(env).filter((o) => o.metadata?.labels?.team !== 'checkout');
      expect(unlabelled.map((o) => `${o.kind} ${o.metadata?.name}`)).toEqual([]);
    });

    test('lists the workloads placed in it', () => {
      const env = environment();
      const api = app(env, 'api');
      expect(env.workloads()).toEqual([api]);
    });
  });

  describe('invalid input', () => {
    test('a name that is not a DNS label', () => {
      expect(errorOf(() => environment({ name: 'Shop_Prod' })))
        .toBe('shop-prod: name must be a DNS-1123 label (lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters), got \'Shop_Prod\'');
    });

    test('a name longer than 63 characters', () => {
      expect(errorOf(() => environment({ name: 'a'.repeat(64) }))).toMatch(/^shop-prod: name must be a DNS-1123 label .* got 'a{64}'$/);
    });

    test('a name reserved for Kubernetes', () => {
      expect(errorOf(() => environment({ name: 'kube-system' })))
        .toBe('shop-prod: name must be a namespace name not starting with \'kube-\' (reserved for Kubernetes), got \'kube-system\'');
    });

    test('an unknown environment kind', () => {
      expect(errorOf(() => environment({ environment: 'production' as 'prod' })))
        .toBe('shop-prod: environment must be one of \'prod\', \'stage\', \'dev\', \'test\', got \'production\'');
    });

    test('a malformed podSecurityVersion', () => {
      expect(errorOf(() => environment({ podSecurityVersion: '1.28' })))
        .toBe('shop-prod: podSecurityVersion must be \'latest\' or a Kubernetes minor version such as \'v1.28\', got \'1.28\'');
    });

    test('a label Environment sets itself', () => {
      expect(errorOf(() => environment({ labels: { environment: 'dev' } })))
        .toBe('shop-prod: labels.environment must be a label Environment does not set itself, got \'environment\'');
    });

    test('a malformed label key', () => {
      expect(errorOf(() => environment({ labels: { 'Team Name': 'x' } })))
        .toBe('shop-prod: labels.Team Name must be a label key such as \'team\' or \'example.com/team\', got \'Team Name\'');
    });

    test('a malformed label value', () => {
      expect(errorOf(() => environment({ labels: { team: 'check out' } })))
        .toBe('shop-prod: labels.team must be a label value (at most 63 characters, alphanumeric at both ends), got \'check out\'');
    });

    test('a quota without totals', () => {
      expect(errorOf(() => environment({ quota: {} })))
        .toBe('shop-prod: quota must be at least one total (cpu, memory, ephemeralStorage, pods, persistentVolumeClaims or storage), got {}');
    });

    test('a quota total request above its limit', () => {
      expect(errorOf(() => environment({ quota: { cpu: { request: '8', limit: '4' } } })))
        .toBe('shop-prod: quota.cpu.request must be at most quota.cpu.limit (\'4\'), got \'8\'');
    });

    test('a quota total that is not a quantity', () => {
      expect(errorOf(() => environment({ quota: { storage: 'lots' } }))).toMatch(/^shop-prod: quota\.storage must be .*, got 'lots'$/);
    });

    test('a negative pod count', () => {
      expect(errorOf(() => environment({ quota: { pods: -1 } })))
        .toBe('shop-prod: quota.pods must be an integer from 0 to 2147483647, got -1');
    });

    test('container defaults with an unknown preset', () => {
      expect(errorOf(() => environment({ containerDefaults: { preset: 'huge' as 'large' } })))
        .toBe('shop-prod: containerDefaults.preset must be one of \'micro\', \'small\', \'medium\', \'large\', got \'huge\'');
    });
  });
});
