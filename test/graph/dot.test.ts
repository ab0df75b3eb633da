import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { buildGraph, renderDot } from '../../lib/graph';
import { deployment, exampleStackManifests, service } from './fixtures';

const DOT = '/usr/bin/dot';
const graphvizMissing = fs.existsSync(DOT) ? undefined : `${DOT} is not installed (Debian package graphviz)`;
if (graphvizMissing) console.log(`skipping the Graphviz rendering test: ${graphvizMissing}`);

describe('Graphviz DOT output', () => {
  const stack = renderDot(buildGraph(exampleStackManifests()));

  (graphvizMissing ? test.skip : test)('Graphviz lays out the example stack, with a cluster per namespace and every node label', () => {
    const run = spawnSync(DOT, ['-Tsvg'], { input: stack, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const titles = [...run.stdout.matchAll(/<title>(cluster_[^<]+)<\/title>/g)].map((m) => m[1]);
    expect(titles).toEqual(['cluster_ns_gateways', 'cluster_ns_monitoring', 'cluster_ns_shop_dev', 'cluster_ns_shop_prod']);
    const texts = [...run.stdout.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))));
    for (const text of ['Deployment storefront', 'StatefulSet orders-db', 'DaemonSet log-shipper', 'claim template data', 'clients outside the cluster']) {
      expect(texts).toContain(text);
    }
  });

  test('namespaces are clusters and nodes carry shape and colours by kind', () => {
    expect(stack).toContain('subgraph "cluster_ns_shop_prod" {');
    expect(stack).toMatch(/"sts_shop_prod_orders_db" \[label="StatefulSet orders-db\\n1 replica", shape="box3d", style="filled", fillcolor="#e3f2fd"/);
    expect(stack).toMatch(/"ds_monitoring_log_shipper" \[[^\]]*shape="hexagon"/);
    expect(stack).toMatch(/"pvc_shop_prod_orders_db_backups" \[[^\]]*shape="cylinder"/);
  });

  test('a pod open both ways is one edge with arrows at both ends', () => {
    const text = renderDot(buildGraph([deployment('web', 'web'), service('web', 'web')]));
    expect(text).toContain('"anywhere" -> "deploy_web_web" [label="all traffic allowed", color="#2e7d32", fontcolor="#2e7d32", penwidth="1.5", dir="both"];');
  });

  test('quotes and backslashes in labels are escaped, so no label can end a string or fire a Graphviz escape', () => {
    const odd = { ...deployment('web', 'web'), metadata: { name: 'a"b\\N', namespace: 'web' } };
    expect(renderDot(buildGraph([odd]))).toContain('label="Deployment a\\"b\\\\N\\n1 replica\\nno NetworkPolicy"');
  });
});
