import { Manifest } from '../../lib/manifests/manifest';
import { guardChanges } from '../../lib/guard';

function claim(namespace?: string, storage = '10Gi'): Manifest {
  return {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'uploads', ...(namespace ? { namespace } : {}) },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
  };
}

function namespace(name: string): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

function rules(findings: ReturnType<typeof guardChanges>): string[] {
  return findings.map((f) => f.rule);
}

describe('where objects live', () => {
  test('an object without a namespace is the same object as one in the default namespace', () => {
    expect(guardChanges([claim()], [claim('default')])).toEqual([]);
    expect(guardChanges([claim('default')], [claim()])).toEqual([]);
  });

  test('the default namespace is an option: a namespace-less object then lives in that namespace', () => {
    expect(guardChanges([claim()], [claim('shop')], { defaultNamespace: 'shop' })).toEqual([]);
    expect(rules(guardChanges([claim()], [claim('shop')]))).toEqual(['data-loss-removed']);
  });

  test('rejects a default namespace that is not a namespace name', () => {
    expect(() => guardChanges([], [], { defaultNamespace: 'Shop_1' }))
      .toThrow('defaultNamespace must be a namespace name (a DNS-1123 label such as \'shop\'), got "Shop_1"');
  });

  test('names the assumed namespace in remedies of objects written without one', () => {
    const job = (image: string): Manifest => ({
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image }] } } },
    });
    const [finding] = guardChanges([job('migrate:1.0.0')], [job('migrate:1.1.0')], { defaultNamespace: 'shop' });
    expect(finding.object.namespace).toBeUndefined();
    expect(finding.remedy).toContain('`kubectl delete job migrate -n shop`');
  });

  test('a cluster-scoped object keeps its identity whatever namespace is written on it', () => {
    const volume = (ns?: string): Manifest => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'nfs-a', ...(ns ? { namespace: ns } : {}) }, spec: { nfs: { server: 'nfs', path: '/a' } } });
    expect(guardChanges([volume()], [volume('shop')])).toEqual([]);
  });

  test('a CustomResourceDefinition on either side decides whether its kind is cluster-scoped', () => {
    const crd = (scope: string): Manifest => ({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'tenants.example.com' },
      spec: { group: 'example.com', scope, names: { kind: 'Tenant', plural: 'tenants' } },
    });
    const tenant: Manifest = { apiVersion: 'example.com/v1', kind: 'Tenant', metadata: { name: 'acme', namespace: 'shop' } };
    const clusterScoped = guardChanges([namespace('shop'), crd('Cluster'), tenant], [crd('Cluster'), tenant]);
    expect(clusterScoped[0].message).toMatch(/^Namespace removed: /);
    const namespaced = guardChanges([namespace('shop'), crd('Namespaced'), tenant], [crd('Namespaced'), tenant]);
    expect(namespaced[0].message).toContain('while 1 of the new output\'s objects still live in it (Tenant acme)');
  });

  test('takes other kinds named Cluster… in an API group for cluster-scoped, by the API convention', () => {
    const issuer: Manifest = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'letsencrypt', namespace: 'shop' } };
    expect(guardChanges([namespace('shop'), issuer], [issuer])[0].message).toMatch(/^Namespace removed: /);
  });
});

describe('objects that occur more than once', () => {
  test('compares the first copy of the new output, the one kubectl applies against the running object', () => {
    const findings = guardChanges([claim('shop')], [claim('shop'), claim('shop', '5Gi')]);
    expect(rules(findings)).toEqual(['duplicate-object']);
    expect(findings[0].message).toContain('they differ (first at spec.resources.requests.storage: 10Gi -> 5Gi)');
  });

  test('compares with the last copy of the baseline, the state a successful apply left', () => {
    expect(rules(guardChanges([claim('shop', '5Gi'), claim('shop')], [claim('shop')]))).toEqual(['duplicate-baseline-object']);
  });

  test('reports copies that differ only in spelling the default namespace as identical', () => {
    const [finding] = guardChanges([], [claim(), claim('default')]);
    expect(finding.message).toContain('the copies are identical');
  });
});

describe('namespaces that leave the output', () => {
  test('names the data that goes with the namespace', () => {
    const statefulSet: Manifest = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'shop' }, spec: {} };
    const [finding] = guardChanges([namespace('shop'), statefulSet, claim('shop')], []);
    expect(finding).toMatchObject({ severity: 'error', rule: 'namespace-removed', object: { kind: 'Namespace', name: 'shop' } });
    expect(finding.message).toContain('with it its data (StatefulSet db, PersistentVolumeClaim uploads, and every claim its StatefulSets created)');
  });

  test('never reports the namespaces the API server refuses to delete', () => {
    expect(guardChanges([namespace('default'), namespace('kube-system'), namespace('kube-public')], [])).toEqual([]);
  });
});
