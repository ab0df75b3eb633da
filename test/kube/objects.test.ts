import { describeIdentity, objectIdentity, objectIdentityKey } from '../../lib/kube/objects';

describe('object identity', () => {
  test('is API group, kind, namespace and name: the version does not count', () => {
    expect(objectIdentityKey(objectIdentity('apps/v1', 'Deployment', 'shop', 'api')))
      .toBe(objectIdentityKey(objectIdentity('apps/v1beta2', 'Deployment', 'shop', 'api')));
    expect(objectIdentityKey(objectIdentity('v1', 'Service', 'shop', 'api')))
      .not.toBe(objectIdentityKey(objectIdentity('v1', 'Service', 'other', 'api')));
  });

  test('drops the namespace of a cluster-scoped kind, as the API server ignores it', () => {
    expect(objectIdentity('rbac.authorization.k8s.io/v1', 'ClusterRole', 'shop', 'reader'))
      .toEqual({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespace: undefined, name: 'reader' });
  });

  test('reads as kind, group when not core, namespace and name', () => {
    expect(describeIdentity(objectIdentity('v1', 'Service', 'shop', 'api'))).toBe('Service shop/api');
    expect(describeIdentity(objectIdentity('rbac.authorization.k8s.io/v1', 'ClusterRole', undefined, 'reader'))).toBe('ClusterRole.rbac.authorization.k8s.io reader');
  });
});
