import { App, Chart, Testing } from 'cdk8s';
import { Environment, WebApp } from '../../lib';
import { Manifest } from '../../lib/manifests/manifest';
import { expectValidOutput, ofKind, single, synthObjects, shipshapeErrorOf } from '../support/manifests';
import { DeploymentShape, NetworkPolicyShape } from '../support/shapes';

const selector = (name: string): Record<string, string> => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/instance': name,
  'app.kubernetes.io/component': 'web',
});

function webApp(chart: Chart, name: string, port = 8080): WebApp {
  return new WebApp(chart, name, { name, image: `ghcr.io/acme/${name}:1.0.0`, port });
}

/** Two environments: a storefront in `shop` that reaches an api in `backend`. */
function twoEnvironments(): { app: App; shop: Environment; backend: Environment; storefront: WebApp; api: WebApp } {
  const app = Testing.app();
  const shop = new Environment(app, 'shop', { name: 'shop', environment: 'prod' });
  const backend = new Environment(app, 'backend', { name: 'backend', environment: 'prod' });
  const storefront = webApp(shop, 'storefront', 3000);
  const api = webApp(backend, 'api', 8080);
  return { app, shop, backend, storefront, api };
}

function env(objects: readonly Manifest[], deployment: string): Record<string, string | undefined> {
  const container = single<DeploymentShape>(objects, 'Deployment', deployment).spec.template.spec.containers[0];
  return Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
}

function errorOf(build: () => unknown): string {
  return shipshapeErrorOf(build).message;
}

describe('connections between environments', () => {
  test('renders the policy pair and discovery env across namespaces', () => {
    const { shop, backend, storefront, api } = twoEnvironments();
    storefront.connectTo(api);
    const objects = [...synthObjects(shop), ...synthObjects(backend)];
    expectValidOutput(objects);
    expect(ofKind(objects, 'NetworkPolicy').filter((p) => /\.(to|from)\./.test(p.metadata?.name ?? ''))).toMatchSnapshot();
  });

  test('gives the client the FQDN and port of the Service in the other namespace', () => {
    const { shop, storefront, api } = twoEnvironments();
    storefront.connectTo(api);
    expect(env(synthObjects(shop), 'storefront')).toEqual({ API_HOST: 'api.backend.svc.cluster.local', API_PORT: '8080' });
  });

  test('lets the client egress only to the target pods in the target namespace, on the target port', () => {
    const { shop, storefront, api } = twoEnvironments();
    storefront.connectTo(api);
    const policy = single<NetworkPolicyShape>(synthObjects(shop), 'NetworkPolicy', 'storefront.to.api.backend');
    expect(policy.metadata?.namespace).toBe('shop');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: selector('storefront') },
      policyTypes: ['Egress'],
      egress: [{
        to: [{ podSelector: { matchLabels: selector('api') }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'backend' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
    });
  });

  test('lets the target admit only the client pods from the client namespace, on its port', () => {
    const { backend, storefront, api } = twoEnvironments();
    storefront.connectTo(api);
    const policy = single<NetworkPolicyShape>(synthObjects(backend), 'NetworkPolicy', 'api.from.storefront.shop');
    expect(policy.metadata?.namespace).toBe('backend');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: selector('api') },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ podSelector: { matchLabels: selector('storefront') }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
    });
  });

  test('adds exactly the declared paths: one egress policy in the client namespace, one ingress policy in the target namespace', () => {
    const { shop, backend, storefront, api } = twoEnvironments();
    webApp(shop, 'admin', 9000);
    webApp(backend, 'reports', 9090);
    storefront.connectTo(api);
    expect(ofKind(synthObjects(shop), 'NetworkPolicy').map((p) => p.metadata?.name))
      .toEqual(['default-deny', 'allow-dns-egress', 'storefront', 'storefront.to.api.backend', 'admin']);
    expect(ofKind(synthObjects(backend), 'NetworkPolicy').map((p) => p.metadata?.name))
      .toEqual(['default-deny', 'allow-dns-egress', 'api', 'api.from.storefront.shop', 'reports']);
  });

  test('the unconnected direction gets nothing: the target has no egress to the client', () => {
    const { shop, backend, storefront, api } = twoEnvironments();
    storefront.connectTo(api);
    const policies = [...ofKind(synthObjects(shop), 'NetworkPolicy'), ...ofKind(synthObjects(backend), 'NetworkPolicy')] as unknown as (Manifest & NetworkPolicyShape)[];
    const egressOfApi = policies.filter((p) => p.spec.policyTypes.includes('Egress') && p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === 'api');
    // Only the api's own policy, whose single egress rule is DNS.
    expect(egressOfApi.map((p) => p.metadata?.name)).toEqual(['api']);
    expect(egressOfApi[0].spec.egress).toHaveLength(1);
    expect(egressOfApi[0].spec.egress?.[0].to?.[0].namespaceSelector?.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'kube-system' });
  });

  test('allowFrom on the target is the same connection as connectTo on the client', () => {
    const one = twoEnvironments();
    one.storefront.connectTo(one.api);
    const other = twoEnvironments();
    other.api.allowFrom(other.storefront);
    expect([...synthObjects(other.shop), ...synthObjects(other.backend)]).toEqual([...synthObjects(one.shop), ...synthObjects(one.backend)]);
  });

  test('connecting twice, from either side, adds nothing', () => {
    const { shop, backend, storefront, api } = twoEnvironments();
    storefront.connectTo(api);
    storefront.connectTo(api);
    api.allowFrom(storefront);
    expect(ofKind(synthObjects(shop), 'NetworkPolicy')).toHaveLength(4);
    expect(ofKind(synthObjects(backend), 'NetworkPolicy')).toHaveLength(4);
  });

  test('within one environment uses the short Service name and no namespaceSelector', () => {
    const app = Testing.app();
    const shop = new Environment(app, 'shop', { name: 'shop', environment: 'dev' });
    const storefront = webApp(shop, 'storefront', 3000);
    storefront.connectTo(webApp(shop, 'api'));
    const objects = synthObjects(shop);
    expectValidOutput(objects);
    expect(env(objects, 'storefront')).toEqual({ API_HOST: 'api', API_PORT: '8080' });
    const egress = single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'storefront.to.api');
    expect(egress.spec.egress?.[0].to).toEqual([{ podSelector: { matchLabels: selector('api') } }]);
    const ingress = single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'api.from.storefront');
    expect(ingress.spec.ingress?.[0].from).toEqual([{ podSelector: { matchLabels: selector('storefront') } }]);
  });

  test('the same workload name in two environments stays two distinct targets', () => {
    const app = Testing.app();
    const prod = new Environment(app, 'prod', { name: 'shop-prod', environment: 'prod' });
    const dev = new Environment(app, 'dev', { name: 'shop-dev', environment: 'dev' });
    const tools = new Environment(app, 'tools', { name: 'tools', environment: 'prod' });
    const prober = webApp(tools, 'prober');
    prober.connectTo(webApp(prod, 'api')).connectTo(webApp(dev, 'api'), { envPrefix: 'DEV_API' });
    const objects = synthObjects(tools);
    expect(env(objects, 'prober')).toEqual({
      API_HOST: 'api.shop-prod.svc.cluster.local', API_PORT: '8080',
      DEV_API_HOST: 'api.shop-dev.svc.cluster.local', DEV_API_PORT: '8080',
    });
    expect(ofKind(objects, 'NetworkPolicy').map((p) => p.metadata?.name)).toContain('prober.to.api.shop-dev');
    expect(ofKind(synthObjects(dev), 'NetworkPolicy').map((p) => p.metadata?.name)).toContain('api.from.prober.tools');
  });

  test('fails across charts when one side has no namespace', () => {
    const app = Testing.app();
    const plain = new Chart(app, 'plain');
    const backend = new Environment(app, 'backend', { name: 'backend', environment: 'prod' });
    const client = webApp(plain, 'client');
    expect(errorOf(() => client.connectTo(webApp(backend, 'api'))))
      .toBe('plain/client: connectTo must be both workloads in charts with a namespace to connect across charts (client: none, api: backend), got \'api\'');
  });
});
