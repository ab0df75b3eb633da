import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Manifest, loadManifests } from '../../lib/core/manifests';
import { single } from '../support/manifests';

type Peer = { podSelector?: { matchLabels?: Record<string, string> }; namespaceSelector?: unknown };
type Rule = { to?: Peer[]; from?: Peer[]; ports?: { port: number; protocol: string }[] };
type PolicyObject = { spec: { podSelector: { matchLabels?: Record<string, string> }; policyTypes: string[]; egress?: Rule[]; ingress?: Rule[] } };
type DeploymentObject = { spec: { replicas?: number; template: { spec: { containers: { resources: { limits: Record<string, string> } }[] } } } };

const root = path.join(__dirname, '..', '..');
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-envs-'));
const run = spawnSync(process.execPath, ['-r', './bin/register.js', 'apps/main.ts'], {
  cwd: root, env: { ...process.env, CDK8S_OUTDIR: outdir }, encoding: 'utf8',
});
const byFile = (file: string): Manifest[] => loadManifests([path.join(outdir, file)]).map((s) => s.manifest);

describe('the example stack: prod and dev environments', () => {
  test('synthesizes one file per environment', () => {
    expect(run.stderr).toBe('');
    expect(fs.readdirSync(outdir)).toEqual(expect.arrayContaining(['shop-prod.k8s.yaml', 'shop-dev.k8s.yaml']));
  });

  describe.each([['shop-prod', 'prod'], ['shop-dev', 'dev']])('%s', (namespace, kind) => {
    const objects = run.status === 0 ? byFile(`${namespace}.k8s.yaml`) : [];

    test('holds its Namespace with the environment label and restricted PSA labels', () => {
      expect(single(objects, 'Namespace', namespace).metadata?.labels).toMatchObject({
        'environment': kind,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      });
    });

    test('holds the default-deny policy, the DNS allowance and a quota', () => {
      expect(single<PolicyObject>(objects, 'NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      expect(single(objects, 'NetworkPolicy', 'allow-dns-egress')).toBeDefined();
      expect(single(objects, 'ResourceQuota', namespace)).toBeDefined();
    });

    test('puts every namespaced object in its namespace, labelled with the environment', () => {
      const stray = objects.filter((o) => o.kind !== 'Namespace' && o.metadata?.namespace !== namespace);
      expect(stray.map((o) => `${o.kind} ${o.metadata?.name}`)).toEqual([]);
      expect(objects.filter((o) => o.metadata?.labels?.environment !== kind).map((o) => `${o.kind} ${o.metadata?.name}`)).toEqual([]);
    });

    test('connects storefront to api and api to the orders database', () => {
      const names = objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata?.name);
      expect(names).toEqual(expect.arrayContaining(['storefront-to-api', 'api-from-storefront', 'api-to-orders-db', 'orders-db-from-api']));
    });

    test('each connection admits exactly one path: one peer selected by its pod labels, on declared ports, with its counterpart in the same namespace', () => {
      const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as (Manifest & PolicyObject)[];
      const connections = policies.filter((p) => /-(to|from)-/.test(p.metadata?.name ?? ''));
      expect(connections.length).toBeGreaterThanOrEqual(4);
      for (const policy of connections) {
        const outgoing = policy.spec.policyTypes.includes('Egress');
        const rules = (outgoing ? policy.spec.egress : policy.spec.ingress) ?? [];
        expect(policy.spec.policyTypes).toHaveLength(1);
        expect(rules).toHaveLength(1);
        const peers = (outgoing ? rules[0].to : rules[0].from) ?? [];
        expect(peers).toHaveLength(1);
        // One workload (name, instance, component), or every member of a database with read replicas (name, instance).
        expect([['app.kubernetes.io/component', 'app.kubernetes.io/instance', 'app.kubernetes.io/name'], ['app.kubernetes.io/instance', 'app.kubernetes.io/name']])
          .toContainEqual(Object.keys(peers[0].podSelector?.matchLabels ?? {}).sort());
        expect(rules[0].ports?.length).toBeGreaterThan(0);
        // A path across namespaces has its counterpart in the other environment's file.
        if (peers[0].namespaceSelector !== undefined) continue;
        const [self, other] = (policy.metadata?.name ?? '').split(outgoing ? '-to-' : '-from-');
        const counterpart = outgoing ? `${other}-from-${self}` : `${other}-to-${self}`;
        expect(policies.map((p) => p.metadata?.name)).toContain(counterpart);
      }
    });
  });

  test('runs more and bigger replicas in prod than in dev', () => {
    const api = (file: string): DeploymentObject => single<DeploymentObject>(byFile(file), 'Deployment', 'api');
    expect(api('shop-prod.k8s.yaml').spec.replicas).toBe(3);
    expect(api('shop-dev.k8s.yaml').spec.replicas).toBe(2);
    expect(api('shop-prod.k8s.yaml').spec.template.spec.containers[0].resources.limits.cpu).toBe('1');
    expect(api('shop-dev.k8s.yaml').spec.template.spec.containers[0].resources.limits.cpu).toBe('500m');
  });
});
