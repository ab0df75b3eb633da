import { buildGraph } from '../../lib/graph';
import { defaultDeny, deployment, dnsEgress, edgeLines, namespace, networkPolicy, nodeTitled, service } from './fixtures';

const app = { matchLabels: { app: 'app' } };
const db = { matchLabels: { app: 'db' } };

/** `app` reaches `db` on 5432: egress from app, ingress to db. */
const appToDb = networkPolicy('shop', 'app-to-db', { podSelector: app, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: db }], ports: [{ port: 5432 }] }] });
const dbFromApp = networkPolicy('shop', 'db-from-app', { podSelector: db, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: app }], ports: [{ port: 5432 }] }] });
const workloads = [deployment('shop', 'app'), deployment('shop', 'db', { ports: { postgres: 5432 } })];

describe('traffic without NetworkPolicies', () => {
  test('a plain Deployment and Service show all traffic allowed, both ways, not an empty picture', () => {
    const graph = buildGraph([deployment('web', 'web'), service('web', 'web')]);
    expect(edgeLines(graph, ['traffic'])).toEqual(['any pod or address <--traffic: all traffic allowed--> web/Deployment web']);
    expect(nodeTitled(graph, 'Deployment web').details).toEqual(['1 replica', 'no NetworkPolicy']);
  });

  test('a pod whose ingress alone is restricted still sends anywhere', () => {
    const graph = buildGraph([deployment('shop', 'db'), networkPolicy('shop', 'db', { podSelector: db, ingress: [] })]);
    expect(edgeLines(graph, ['traffic'])).toEqual(['shop/Deployment db --traffic: all traffic allowed--> any pod or address']);
    expect(nodeTitled(graph, 'Deployment db').details).toContain('egress unrestricted');
  });
});

describe('a connection needs egress and ingress', () => {
  test('both sides allow it: one edge with the port', () => {
    const graph = buildGraph([...workloads, defaultDeny('shop'), appToDb, dbFromApp]);
    expect(edgeLines(graph, ['traffic', 'blocked'])).toEqual(['shop/Deployment app --traffic: 5432--> shop/Deployment db']);
  });

  test('the target\'s ingress does not allow it: a blocked edge, not a connection', () => {
    const graph = buildGraph([...workloads, defaultDeny('shop'), appToDb]);
    expect(edgeLines(graph, ['traffic', 'blocked'])).toEqual(['shop/Deployment app --blocked: 5432: blocked at ingress--> shop/Deployment db']);
  });

  test('the source\'s egress does not allow it: a blocked edge', () => {
    const graph = buildGraph([...workloads, defaultDeny('shop'), dbFromApp]);
    expect(edgeLines(graph, ['traffic', 'blocked'])).toEqual(['shop/Deployment app --blocked: 5432: blocked at egress--> shop/Deployment db']);
  });

  test('a source no egress policy selects needs only the target\'s ingress', () => {
    const graph = buildGraph([...workloads, networkPolicy('shop', 'db-deny', { podSelector: db, ingress: [] }), dbFromApp]);
    expect(edgeLines(graph, ['traffic']).filter((l) => l.includes('--> shop/Deployment db'))).toEqual(['shop/Deployment app --traffic: 5432--> shop/Deployment db']);
  });

  test('only the ports both sides allow are drawn', () => {
    const wide = networkPolicy('shop', 'app-out', { podSelector: app, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: db }], ports: [{ port: 5000, endPort: 6000 }] }] });
    const graph = buildGraph([...workloads, defaultDeny('shop'), wide, dbFromApp]);
    expect(edgeLines(graph, ['traffic'])).toEqual(['shop/Deployment app --traffic: 5432--> shop/Deployment db']);
  });

  test('disjoint ports on the two sides are a blocked edge naming both', () => {
    const other = networkPolicy('shop', 'app-out', { podSelector: app, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: db }], ports: [{ port: 5433 }] }] });
    const graph = buildGraph([...workloads, defaultDeny('shop'), other, dbFromApp]);
    expect(edgeLines(graph, ['blocked'])).toEqual(['shop/Deployment app --blocked: egress 5433, ingress 5432: no common port--> shop/Deployment db']);
  });

  test('a named port resolves against the receiving pod\'s container ports', () => {
    const named = networkPolicy('shop', 'db-in', { podSelector: db, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: app }], ports: [{ port: 'postgres' }] }] });
    const graph = buildGraph([...workloads, named]);
    expect(edgeLines(graph, ['traffic']).filter((l) => l.endsWith('--> shop/Deployment db'))).toEqual(['shop/Deployment app --traffic: 5432--> shop/Deployment db']);
  });

  test('a named port the receiving pod does not define allows nothing: a blocked edge saying so', () => {
    const named = networkPolicy('shop', 'db-in', { podSelector: db, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: app }], ports: [{ port: 'mysql' }] }] });
    const graph = buildGraph([...workloads, defaultDeny('shop'), dnsEgress('shop'), named,
      networkPolicy('shop', 'app-out', { podSelector: app, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: db }], ports: [{ port: 'mysql' }] }] })]);
    expect(edgeLines(graph, ['traffic', 'blocked'])).toEqual(['shop/Deployment app --blocked: blocked: the allowed named ports are not ports of the target--> shop/Deployment db']);
  });

  test('policies add up: the ports of every rule that applies are allowed', () => {
    const more = networkPolicy('shop', 'db-metrics', { podSelector: db, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: app }], ports: [{ port: 9187 }] }] });
    const graph = buildGraph([...workloads, dbFromApp, more]);
    expect(edgeLines(graph, ['traffic']).filter((l) => l.includes('--> shop/Deployment db'))).toEqual(['shop/Deployment app --traffic: 5432, 9187--> shop/Deployment db']);
  });
});

describe('how policies are read', () => {
  test('without policyTypes a policy restricts ingress, and egress only when it has an egress section', () => {
    const ingressOnly = buildGraph([deployment('shop', 'db'), networkPolicy('shop', 'db', { podSelector: db, ingress: [{ ports: [{ port: 5432 }] }] })]);
    expect(nodeTitled(ingressOnly, 'Deployment db').details).toContain('egress unrestricted');
    const both = buildGraph([deployment('shop', 'db'), networkPolicy('shop', 'db', { podSelector: db, ingress: [], egress: [] })]);
    expect(nodeTitled(both, 'Deployment db').details).not.toContain('egress unrestricted');
  });

  test('a namespace-wide policy without rules marks the namespace\'s group default deny, naming the direction when it closes one', () => {
    expect(buildGraph([deployment('shop', 'app'), defaultDeny('shop')]).namespaces.map((n) => n.title)).toEqual(['namespace shop · default deny']);
    const ingressOnly = networkPolicy('shop', 'deny-in', { podSelector: {}, policyTypes: ['Ingress'] });
    expect(buildGraph([deployment('shop', 'app'), ingressOnly]).namespaces.map((n) => n.title)).toEqual(['namespace shop · default deny ingress']);
    expect(buildGraph([deployment('shop', 'app'), dnsEgress('shop')]).namespaces.map((n) => n.title)).toEqual(['namespace shop']);
  });

  test('a rule without from admits any pod or address on its ports', () => {
    const graph = buildGraph([deployment('shop', 'web'), networkPolicy('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080 }] }] })]);
    expect(edgeLines(graph, ['traffic'])).toContain('any pod or address --traffic: 8080--> shop/Deployment web');
  });

  test('an empty podSelector peer is drawn as every pod of the namespace, not expanded to each pod', () => {
    const graph = buildGraph([
      ...workloads, deployment('shop', 'other'),
      networkPolicy('shop', 'db', { podSelector: db, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 5432 }] }] }),
    ]);
    expect(edgeLines(graph, ['traffic']).filter((l) => l.endsWith('--> shop/Deployment db'))).toEqual(['shop/any pod in shop --traffic: 5432--> shop/Deployment db']);
  });

  test('an ipBlock is a node of its own, with its exceptions', () => {
    const graph = buildGraph([deployment('shop', 'app'), networkPolicy('shop', 'app', {
      podSelector: app, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] }],
    })]);
    expect(edgeLines(graph, ['traffic'])).toContain('shop/Deployment app --traffic: 443--> 0.0.0.0/0');
    expect(nodeTitled(graph, '0.0.0.0/0').details).toEqual(['except 10.0.0.0/8']);
  });

  test('a peer that matches no workload of the manifests is an external node marked as not in them', () => {
    const graph = buildGraph([deployment('shop', 'db'), networkPolicy('shop', 'db', {
      podSelector: db, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'gone' } } }], ports: [{ port: 5432 }] }],
    })]);
    expect(edgeLines(graph, ['traffic'])).toContain('shop/pods app=gone --traffic: 5432--> shop/Deployment db');
    expect(nodeTitled(graph, 'pods app=gone').missing).toBe(true);
  });

  test('NetworkPolicies of other API groups (Calico, Cilium) are not read', () => {
    const calico = { ...defaultDeny('shop'), apiVersion: 'projectcalico.org/v3' };
    const graph = buildGraph([deployment('shop', 'app'), calico]);
    expect(nodeTitled(graph, 'Deployment app').details).toContain('no NetworkPolicy');
  });
});

describe('across namespaces', () => {
  const shopApp = deployment('shop', 'app');
  const dataDb = deployment('data', 'db', { ports: { postgres: 5432 } });
  const dbFromShop = (from: Record<string, unknown>): ReturnType<typeof networkPolicy> => networkPolicy('data', 'db', {
    podSelector: db, policyTypes: ['Ingress'], ingress: [{ from: [from], ports: [{ port: 5432 }] }],
  });

  test('a peer in another namespace named by its kubernetes.io/metadata.name label is an edge between the groups', () => {
    const graph = buildGraph([shopApp, dataDb, dbFromShop({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: app })]);
    expect(edgeLines(graph, ['traffic']).filter((l) => l.endsWith('data/Deployment db'))).toEqual(['shop/Deployment app --traffic: 5432--> data/Deployment db']);
  });

  test('a namespaceSelector on other labels matches the Namespace objects\' labels, and also stands for namespaces beyond the manifests', () => {
    const graph = buildGraph([namespace('shop', { team: 'shop' }), shopApp, dataDb, dbFromShop({ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: app })]);
    expect(edgeLines(graph, ['traffic']).filter((l) => l.endsWith('data/Deployment db'))).toEqual([
      'pods app=app --traffic: 5432--> data/Deployment db',
      'shop/Deployment app --traffic: 5432--> data/Deployment db',
    ]);
    expect(nodeTitled(graph, 'pods app=app').details).toEqual(['in namespaces team=shop', 'beyond those drawn']);
  });

  test('a peer pinned to a namespace missing from the manifests is drawn in that namespace\'s group, marked as not in them', () => {
    const graph = buildGraph([dataDb, dbFromShop({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } })]);
    expect(edgeLines(graph, ['traffic'])).toContain('ingress-nginx/pods app.kubernetes.io/name=ingress-nginx --traffic: 5432--> data/Deployment db');
    expect(graph.namespaces.map((n) => n.title)).toContain('namespace ingress-nginx (not in these manifests)');
  });
});

describe('DNS', () => {
  test('DNS-only egress is left out by default', () => {
    const graph = buildGraph([deployment('shop', 'app'), defaultDeny('shop'), dnsEgress('shop')]);
    expect(edgeLines(graph, ['traffic'])).toEqual([]);
    expect(nodeTitled(graph, 'Deployment app').details).toEqual(['1 replica']);
  });

  test('with dns, the DNS egress is drawn to kube-dns in kube-system', () => {
    const graph = buildGraph([deployment('shop', 'app'), defaultDeny('shop'), dnsEgress('shop')], { dns: true });
    expect(edgeLines(graph, ['traffic'])).toEqual(['shop/Deployment app --traffic: 53, 53/UDP--> kube-system/pods k8s-app=kube-dns']);
  });

  test('a pod whose egress is restricted and allows no port 53 is marked as unable to resolve names', () => {
    const graph = buildGraph([deployment('shop', 'app'), defaultDeny('shop')]);
    expect(nodeTitled(graph, 'Deployment app').details).toEqual(['1 replica', 'no DNS egress']);
  });
});
