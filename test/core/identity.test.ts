import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { WebApp } from '../../lib';
import { synthObjects } from '../support/manifests';

const props = { name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080 };

/** Everything that must not move when code is refactored: names, labels and selectors. */
function identityOf(chart: Chart): unknown[] {
  return synthObjects(chart).map((o) => ({
    kind: o.kind,
    name: o.metadata?.name,
    labels: o.metadata?.labels,
    spec: JSON.stringify((o as { spec?: unknown }).spec ?? null),
  }));
}

describe('identity', () => {
  test('moving a construct under another parent or renaming its id changes no name, label or selector', () => {
    const direct = new Chart(Testing.app(), 'shop');
    new WebApp(direct, 'api', props);

    const nested = new Chart(Testing.app(), 'shop');
    new WebApp(new Construct(new Construct(nested, 'backend'), 'services'), 'ApiService', props);

    expect(identityOf(nested)).toEqual(identityOf(direct));
  });

  test('selectors hold only name, instance and component, never a construct address', () => {
    const chart = new Chart(Testing.app(), 'shop');
    new WebApp(chart, 'api', props);
    const deployment = synthObjects(chart).find((o) => o.kind === 'Deployment') as unknown as { spec: { selector: { matchLabels: Record<string, string> } } };
    expect(deployment.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'api',
      'app.kubernetes.io/instance': 'api',
      'app.kubernetes.io/component': 'web',
    });
    expect(JSON.stringify(synthObjects(chart))).not.toContain('cdk8s.io/metadata.addr');
  });

  test('the standard labels derive from name, instance, partOf and the image tag', () => {
    const chart = new Chart(Testing.app(), 'shop');
    new WebApp(chart, 'api', { ...props, instance: 'api-eu', partOf: 'shop' });
    for (const object of synthObjects(chart).filter((o) => o.kind !== 'NetworkPolicy' || o.metadata?.name === 'api')) {
      expect(object.metadata?.labels).toEqual({
        'app.kubernetes.io/name': 'api',
        'app.kubernetes.io/instance': 'api-eu',
        'app.kubernetes.io/component': 'web',
        'app.kubernetes.io/part-of': 'shop',
        'app.kubernetes.io/managed-by': 'shipshape',
        'app.kubernetes.io/version': '1.4.2',
      });
    }
  });

  test.each([
    ['API', 'name'],
    ['api_v2', 'name'],
    ['-api', 'name'],
    ['a'.repeat(64), 'name'],
  ])('rejects the name %j', (name) => {
    expect(() => new WebApp(new Chart(Testing.app(), 'shop'), 'api', { ...props, name })).toThrow(
      `shop/api: name must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got '${name}'`,
    );
  });

  test('rejects an instance that is not a label value', () => {
    expect(() => new WebApp(new Chart(Testing.app(), 'shop'), 'api', { ...props, instance: 'eu west' })).toThrow(
      'shop/api: instance must be a label value',
    );
  });
});
