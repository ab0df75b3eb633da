import { Manifest } from '../../lib/manifests/manifest';
import { buildGraph, renderMermaid, TopologyGraph } from '../../lib/graph';
import { escapeText } from '../../lib/graph/mermaid';
import { checkManifests } from '../../lib/policy';
import { MermaidParse, parseWithMermaid } from '../support/mermaid-parser';
import { defaultDeny, deployment, dnsEgress, exampleStackManifests, networkPolicy, service } from './fixtures';

/** An Ingress whose paths hold every character Mermaid gives a meaning to. */
const awkwardIngress: Manifest = {
  apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'odd', namespace: 'web' },
  spec: { rules: [{ host: 'x.example.com', http: { paths: [{ path: '/a"b<c>#d;&e`f|g[h]{i}(j)', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
};

describe('Mermaid output', () => {
  const stack = exampleStackManifests();
  const plain = [deployment('web', 'web'), service('web', 'web')];
  const blocked = [
    deployment('shop', 'app'), deployment('shop', 'db'), defaultDeny('shop'), dnsEgress('shop'),
    networkPolicy('shop', 'out', { podSelector: { matchLabels: { app: 'app' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432 }] }] }),
  ];
  const graphs: [string, TopologyGraph][] = [
    ['the example stack', buildGraph(stack)],
    ['the example stack with DNS and policy findings', buildGraph(stack, { dns: true, findings: checkManifests(stack).findings })],
    ['a plain Deployment and Service (all traffic allowed, both ways)', buildGraph(plain)],
    ['a plain Deployment with policy findings and an awkward Ingress', buildGraph([...plain, awkwardIngress], { findings: checkManifests(plain).findings })],
    ['a blocked path', buildGraph(blocked)],
    ['no objects at all', buildGraph([])],
  ];

  // One child process parses every text: the graphs, then a broken diagram.
  let parsed: MermaidParse[];
  beforeAll(() => {
    parsed = parseWithMermaid([...graphs.map(([, g]) => renderMermaid(g)), `${renderMermaid(graphs[2][1])}  web --> \n`]);
  });

  test('every graph parses with the mermaid package\'s own parser as a flowchart', () => {
    expect(parsed.slice(0, graphs.length).map((r, i) => [graphs[i][0], r])).toEqual(graphs.map(([name]) => [name, { ok: true, type: 'flowchart-v2' }]));
  });

  test('the parser does reject a broken diagram (the check above can fail)', () => {
    expect(parsed[graphs.length]).toEqual({ ok: false, error: expect.stringContaining('Parse error') });
  });

  test('namespaces are subgraphs holding their nodes; nodes outside every namespace come first', () => {
    const text = renderMermaid(graphs[2][1]);
    expect(text.split('\n').slice(0, 8)).toEqual([
      'flowchart LR',
      '  accTitle: Topology of 2 Kubernetes objects',
      '  accDescr: 1 namespace, 1 workload, 1 Service, 0 entry routes, 1 allowed traffic path, 0 claims',
      '  anywhere(("any pod or address"))',
      '  subgraph ns_web["namespace web"]',
      '    svc_web_web(["Service web<br>ClusterIP 80→http"])',
      '    deploy_web_web("Deployment web<br>1 replica<br>no NetworkPolicy")',
      '  end',
    ]);
    expect(text).toContain('  anywhere <-->|"all traffic allowed"| deploy_web_web\n');
  });

  test('kinds have their own shapes: StatefulSet, DaemonSet, CronJob, Job, Service, Ingress, claims', () => {
    const text = renderMermaid(graphs[0][1]);
    expect(text).toContain('sts_shop_prod_orders_db[["StatefulSet orders-db');
    expect(text).toContain('ds_monitoring_log_shipper{{"DaemonSet log-shipper');
    expect(text).toContain('cronjob_shop_prod_orders_db_backup[/"CronJob orders-db-backup');
    expect(text).toContain('job_shop_prod_api_migrate_1_4_2[\\"Job api-migrate-1-4-2');
    expect(text).toContain('svc_shop_prod_api(["Service api');
    expect(text).toContain('ing_shop_prod_storefront>"Ingress storefront');
    expect(text).toContain('pvc_shop_prod_orders_db_backups[("PVC orders-db-backups');
  });

  test('a blocked path is a crossed-out dotted edge, styled red', () => {
    const text = renderMermaid(graphs[4][1]);
    expect(text).toContain('deploy_shop_app -.-x|"5432: blocked at ingress"| deploy_shop_db');
    expect(text).toMatch(/linkStyle \d+ stroke:#c62828/);
  });

  test('characters with a meaning in Mermaid are written as entity codes', () => {
    expect(escapeText('/a"b<c>#d;&e`f')).toBe('/a#34;b#60;c#62;#35;d;#38;e#96;f');
    expect(renderMermaid(graphs[3][1])).toContain('|"http://x.example.com/a#34;b#60;c#62;#35;d;#38;e#96;f|g[h]{i}(j)"|');
  });

  test('is byte-identical for the same manifests in any order', () => {
    expect(renderMermaid(buildGraph([...stack].reverse()))).toBe(renderMermaid(graphs[0][1]));
  });
});
