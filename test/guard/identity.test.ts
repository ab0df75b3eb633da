import { Manifest } from '../../lib/core/manifests';
import { guardChanges } from '../../lib/guard';

function claim(namespace?: string, storage = '10Gi'): Manifest {
  return {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'uploads', ...(namespace ? { namespace } : {}) },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
  };
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
