import { Manifest } from '../../lib/manifests/manifest';
import { guardChanges, guardHasErrors } from '../../lib/guard';
import { diffValues, sameValue } from '../../lib/guard/diff';

function statefulSet(name: string, storage: string, namespace = 'shop'): Manifest {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace },
    spec: {
      serviceName: name, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'postgres:16.4' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } } }],
    },
  };
}

describe('semantic comparison', () => {
  test('ignores key order, and treats null, {} and [] like an absent field', () => {
    expect(sameValue({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameValue({ a: null, b: {}, c: [] }, {})).toBe(true);
  });

  test('keeps list order significant, as the API server does', () => {
    expect(diffValues({ l: ['a', 'b'] }, { l: ['b', 'a'] }).map((c) => c.path)).toEqual(['l[0]', 'l[1]']);
  });

  test('compares resource quantities numerically, but nothing else', () => {
    expect(sameValue({ requests: { storage: '10Gi' } }, { requests: { storage: '10240Mi' } })).toBe(true);
    expect(sameValue({ limits: { cpu: '0.5' } }, { limits: { cpu: '500m' } })).toBe(true);
    expect(sameValue({ data: { ratio: '1.0' } }, { data: { ratio: '1' } })).toBe(false);
  });

  test('does not take an empty string for an absent value', () => {
    expect(sameValue({ storageClassName: '' }, {})).toBe(false);
  });

  test('quotes label keys that are not identifiers in paths', () => {
    expect(diffValues({ m: { 'app.kubernetes.io/name': 'a' } }, { m: { 'app.kubernetes.io/name': 'b' } })[0].path)
      .toBe('m["app.kubernetes.io/name"]');
  });
});

describe('guardChanges', () => {
  test('accepts plain manifests as well as sourced ones', () => {
    const findings = guardChanges([statefulSet('db', '10Gi')], [{ manifest: statefulSet('db', '5Gi'), file: 'dist/app.k8s.yaml#1' }]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'error', rule: 'pvc-storage-decrease',
      object: { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'shop', name: 'db' },
      path: 'spec.volumeClaimTemplates[0].spec.resources.requests.storage', before: '10Gi', after: '5Gi',
      nextSource: 'dist/app.k8s.yaml#1',
    });
    expect(guardHasErrors(findings)).toBe(true);
  });

  test('matches objects by API group too: the same kind and name in another group is another object', () => {
    const ours = statefulSet('db', '10Gi');
    const theirs = { ...statefulSet('db', '10Gi'), apiVersion: 'apps.kruise.io/v1beta1' };
    expect(guardChanges([ours], [theirs, ours])).toEqual([]);
    expect(guardChanges([ours], [theirs]).map((f) => f.rule)).toEqual(['data-loss-removed']);
  });

  test('ignores a changed apiVersion within the same group', () => {
    const v1 = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: {} };
    expect(guardChanges([v1], [{ ...v1, apiVersion: 'autoscaling/v2' }])).toEqual([]);
  });

  test('sees a StatefulSet moved to another namespace as removed', () => {
    expect(guardChanges([statefulSet('db', '10Gi', 'a')], [statefulSet('db', '10Gi', 'b')]).map((f) => f.rule)).toEqual(['data-loss-removed']);
  });

  test('says which object a renamed StatefulSet became', () => {
    const renamed = { ...statefulSet('db', '10Gi'), metadata: { name: 'postgres', namespace: 'shop' } };
    const [finding] = guardChanges([statefulSet('db', '10Gi')], [renamed]);
    expect(finding.message).toContain('renamed to postgres');
    expect([finding.before, finding.after]).toEqual(['db', 'postgres']);
  });

  test('names the one object to recreate in the remedy, never a whole file', () => {
    const binding = (role: string): Manifest => ({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'readers' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [],
    });
    const [finding] = guardChanges([binding('view')], [binding('edit')]);
    expect(finding.remedy).toContain('`kubectl delete clusterrolebinding readers`, then `kubectl apply -f <file>`');
  });

  test('reports a Job\'s changed set of containers once per list, naming what was added and removed', () => {
    const job = (initContainers: object[], image: string): Manifest => ({
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'shop' },
      spec: { template: { spec: { restartPolicy: 'Never', initContainers, containers: [{ name: 'migrate', image }] } } },
    });
    const findings = guardChanges(
      [job([{ name: 'wait-for-db', image: 'busybox:1.36' }], 'migrate:1.0.0')],
      [job([{ name: 'db-proxy', image: 'proxy:2.1.0', restartPolicy: 'Always' }], 'migrate:1.0.1')],
    );
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      ['spec.template.spec.containers[0].image', 'Job pod template changed: the API server rejects the update (field is immutable)'],
      ['spec.template.spec.initContainers', 'Job init containers changed (added db-proxy; removed wait-for-db): the API server rejects the update (the pod template is immutable)'],
    ]);
  });

  test('orders errors before warnings', () => {
    const deployment: Manifest = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'shop' }, spec: { replicas: 2, selector: { matchLabels: { app: 'a' } } } };
    const findings = guardChanges([deployment, statefulSet('z', '10Gi')], [{ ...deployment, spec: { ...deployment.spec as object, replicas: 1 } }]);
    expect(findings.map((f) => f.severity)).toEqual(['error', 'warning']);
  });

  test('scales linearly: 5,000 objects with one change per hundred give exactly those findings', () => {
    const before: Manifest[] = [];
    const after: Manifest[] = [];
    for (let i = 0; i < 5000; i++) {
      before.push(statefulSet(`db-${i}`, '10Gi', `ns-${i % 50}`));
      after.push(statefulSet(`db-${i}`, i % 100 === 0 ? '20Gi' : '10240Mi', `ns-${i % 50}`));
    }
    const findings = guardChanges(before, after);
    expect(findings).toHaveLength(50);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(['statefulset-volume-claim-templates']));
  });
});
