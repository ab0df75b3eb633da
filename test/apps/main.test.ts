import * as fs from 'fs';
import * as path from 'path';
import { Manifest } from '../../lib/manifests/manifest';
import { loadManifests } from '../../lib/manifests/yaml';
import { checkManifests, formatReport } from '../../lib/policy';
import { expectValidOutput, schemaErrors, single } from '../support/manifests';
import { synthInto } from '../support/synth';
import { DeploymentShape, NetworkPolicyShape, QuotaShape } from '../support/shapes';

// The example stack as `npm run synth` writes it (swc, no type-check), synthesized once for every test here.
const run = synthInto('apps/main.ts');
const objects: Manifest[] = run.status === 0 ? loadManifests([run.outdir]).map((s) => s.manifest) : [];
const byFile = (file: string): Manifest[] => (run.status === 0 ? loadManifests([path.join(run.outdir, file)]).map((s) => s.manifest) : []);

describe('the example stack (apps/main.ts)', () => {
  test('synthesizes one YAML file per chart', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.readdirSync(run.outdir).sort()).toEqual(['monitoring.k8s.yaml', 'shop-dev.k8s.yaml', 'shop-prod.k8s.yaml']);
  });

  test('every object validates against the Kubernetes schema', () => {
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.flatMap(schemaErrors)).toEqual([]);
  });

  test('every pod outside the monitoring namespace passes PSS restricted', () => {
    expectValidOutput(objects.filter((o) => o.metadata?.namespace !== 'monitoring'));
  });

  test('the policy check finds no errors and no warnings', () => {
    const report = checkManifests(objects);
    expect(report.findings.length === 0 ? '' : formatReport(report)).toBe('');
    expect(report.objects).toBe(objects.length);
  });

  test('is deterministic: a second synth is byte-identical', () => {
    const again = synthInto('apps/main.ts');
    for (const file of fs.readdirSync(run.outdir)) {
      expect(fs.readFileSync(path.join(again.outdir, file), 'utf8')).toBe(fs.readFileSync(path.join(run.outdir, file), 'utf8'));
    }
  });
});

describe('the example stack: prod and dev environments', () => {
  describe.each([['shop-prod', 'prod'], ['shop-dev', 'dev']])('%s', (namespace, kind) => {
    const objects = byFile(`${namespace}.k8s.yaml`);

    test('holds its Namespace with the environment label and restricted PSA labels', () => {
      expect(single(objects, 'Namespace', namespace).metadata?.labels).toMatchObject({
        'environment': kind,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      });
    });

    test('holds the default-deny policy, the DNS allowance and a quota', () => {
      expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'allow-dns-egress').spec).toEqual({
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
        }],
      });
      expect(Object.keys(single<QuotaShape>(objects, 'ResourceQuota', namespace).spec.hard).sort()).toEqual([
        'limits.cpu', 'limits.memory', 'persistentvolumeclaims', 'pods', 'requests.cpu', 'requests.memory', 'requests.storage',
      ]);
    });

    test('puts every namespaced object in its namespace, labelled with the environment', () => {
      const stray = objects.filter((o) => o.kind !== 'Namespace' && o.metadata?.namespace !== namespace);
      expect(stray.map((o) => `${o.kind} ${o.metadata?.name}`)).toEqual([]);
      expect(objects.filter((o) => o.metadata?.labels?.environment !== kind).map((o) => `${o.kind} ${o.metadata?.name}`)).toEqual([]);
    });

    test('connects storefront to api and api to the orders database', () => {
      const names = objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata?.name);
      expect(names).toEqual(expect.arrayContaining(['storefront.to.api', 'api.from.storefront', 'api.to.orders-db', 'orders-db.from.api', 'order-processor.to.orders-db', 'orders-db.from.order-processor']));
    });

    test('each connection admits exactly one path: one peer selected by its pod labels, on declared ports, with its counterpart in the same namespace', () => {
      const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as (Manifest & NetworkPolicyShape)[];
      const connections = policies.filter((p) => /\.(to|from)\./.test(p.metadata?.name ?? ''));
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
        const [self, other] = (policy.metadata?.name ?? '').split(outgoing ? '.to.' : '.from.');
        const counterpart = outgoing ? `${other}.from.${self}` : `${other}.to.${self}`;
        expect(policies.map((p) => p.metadata?.name)).toContain(counterpart);
      }
    });
  });

  test('runs more and bigger replicas in prod than in dev', () => {
    const api = (file: string): DeploymentShape => single<DeploymentShape>(byFile(file), 'Deployment', 'api');
    expect(api('shop-prod.k8s.yaml').spec.replicas).toBe(3);
    expect(api('shop-dev.k8s.yaml').spec.replicas).toBe(2);
    expect(api('shop-prod.k8s.yaml').spec.template.spec.containers[0].resources.limits.cpu).toBe('1');
    expect(api('shop-dev.k8s.yaml').spec.template.spec.containers[0].resources.limits.cpu).toBe('500m');
  });
});
