import { Manifest } from '../../lib/manifests/manifest';
import { guardChanges } from '../../lib/guard';

/** A Deployment shaped like Shipshape's: its selector, labels and container are named after it. */
function app(name: string, options: { namespace?: string; image?: string; replicas?: number } = {}): Manifest {
  const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'web' };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: options.namespace ?? 'shop' },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...selector, 'app.kubernetes.io/version': '1.4.2' } },
        spec: {
          serviceAccountName: name,
          containers: [{ name, image: options.image ?? 'ghcr.io/acme/shop-api:1.4.2', envFrom: [{ configMapRef: { name: `${name}-config` } }] }],
        },
      },
    },
  };
}

function budget(name: string): Manifest {
  return {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'shop' },
    spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name } } },
  };
}

describe('renamed and moved apps', () => {
  test('recognises an app renamed although its selector holds the name', () => {
    const [finding] = guardChanges([app('api')], [app('orders-api')]);
    expect(finding).toMatchObject({ severity: 'warning', rule: 'rename-downtime', before: 'api', after: 'orders-api' });
    expect(finding.message).toBe('Deployment renamed to orders-api: pruning deletes the old Deployment and its only pod while the new pod is still starting: '
      + 'a gap with no pod serving (recognised as the same app: the same containers, images and selector once the name is set aside)');
  });

  test('says how many pods go at once when the app runs several', () => {
    const [finding] = guardChanges([app('api', { replicas: 3 })], [app('orders-api', { replicas: 3 })]);
    expect(finding.message).toContain('all 3 of its pods at once');
  });

  test('recognises an app moved to another namespace', () => {
    const [finding] = guardChanges([app('api')], [app('api', { namespace: 'orders' })]);
    expect([finding.rule, finding.before, finding.after]).toEqual(['rename-downtime', 'shop/api', 'orders/api']);
    expect(finding.message).toMatch(/^Deployment moved to namespace orders: /);
  });

  test('recognises an app renamed and moved at once', () => {
    const [finding] = guardChanges([app('api')], [app('orders-api', { namespace: 'orders' })]);
    expect(finding.message).toMatch(/^Deployment renamed and moved to orders\/orders-api: /);
  });

  test('does not recognise a rename released together with a new image', () => {
    expect(guardChanges([app('api')], [app('orders-api', { image: 'ghcr.io/acme/shop-api:1.5.0' })])).toEqual([]);
  });

  test('names no successor when two new apps fit equally', () => {
    expect(guardChanges([app('api')], [app('orders-api'), app('billing-api')])).toEqual([]);
  });

  test('takes a budget that reappears under a new name for the same protection', () => {
    expect(guardChanges([budget('api')], [budget('orders-api')])).toEqual([]);
  });
});
