import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { PersistentClaim } from '../../lib';
import { claimSpec } from '../../lib/core/storage';
import { expectValidOutput, single, synthObjects, testChart } from '../support/manifests';

const scope = (): Construct => new Construct(Testing.app(), 'db');

describe('claim specs', () => {
  test('render size, class and access modes', () => {
    expect(claimSpec(scope(), 'storage', { size: '10Gi', storageClassName: 'fast-ssd', accessModes: ['ReadWriteOnce'] })).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'fast-ssd',
      resources: { requests: { storage: { value: '10Gi' } } },
    });
  });

  test('leave storageClassName out for the cluster default', () => {
    expect(claimSpec(scope(), 'storage', { size: '1Gi', accessModes: ['ReadWriteOnce'] })).not.toHaveProperty('storageClassName');
  });

  test.each([
    [{ size: '10 GB', accessModes: ['ReadWriteOnce'] }, 'db: storage.size must be a Kubernetes quantity such as \'500Mi\', \'10Gi\', \'0.5\' or \'250m\', got \'10 GB\''],
    [{ size: '1Gi', storageClassName: 'Fast_SSD', accessModes: ['ReadWriteOnce'] }, 'db: storage.storageClassName must be a DNS-1123 subdomain'],
    [{ size: '1Gi', accessModes: [] }, 'db: storage.accessModes must be a non-empty list of access modes, got []'],
    [{ size: '1Gi', accessModes: ['ReadWrite'] }, 'db: storage.accessModes[0] must be one of'],
    [{ size: '1Gi', accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'] }, 'db: storage.accessModes must be \'ReadWriteOncePod\' alone'],
  ])('rejects %j', (request, message) => {
    expect(() => claimSpec(scope(), 'storage', request)).toThrow(message);
  });
});

describe('PersistentClaim', () => {
  test('defaults to ReadWriteOnce on the cluster default class, labelled as storage', () => {
    const chart = testChart('shop');
    new PersistentClaim(chart, 'backups', { name: 'backups', size: '20Gi' });
    const objects = synthObjects(chart);
    expectValidOutput(objects);
    expect(single(objects, 'PersistentVolumeClaim')).toMatchObject({
      metadata: { name: 'backups', labels: { 'app.kubernetes.io/component': 'storage' } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
    });
  });

  test('names its own prop when the access mode is wrong', () => {
    expect(() => new PersistentClaim(testChart(), 'backups', { name: 'backups', size: '1Gi', accessMode: 'Shared' as never }))
      .toThrow('test/backups: accessMode must be one of \'ReadWriteOnce\', \'ReadWriteOncePod\', \'ReadOnlyMany\', \'ReadWriteMany\', got \'Shared\'');
  });
});
