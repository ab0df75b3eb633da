import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ShipshapeError, requireQuantity } from '../../lib';
import { parseQuantity } from '../../lib/kube/quantity';

describe('parseQuantity', () => {
  test.each([
    ['500Mi', 500 * 2 ** 20],
    ['10Gi', 10 * 2 ** 30],
    ['0.5', 0.5],
    ['250m', 0.25],
    ['1k', 1000],
    ['1e3', 1000],
    ['1.5G', 1.5e9],
    ['.5', 0.5],
  ])('reads %s', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  test.each(['10 GB', '10GB', '-1', 'abc', '', '1.2.3', 'Mi'])('rejects %j', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

describe('requireQuantity', () => {
  const scope = new Construct(Testing.app(), 'db');

  test('names the prop and the bad value', () => {
    expect(() => requireQuantity(scope, 'storage.size', '10 GB')).toThrow(
      new ShipshapeError('db', 'storage.size', 'a Kubernetes quantity such as \'500Mi\', \'10Gi\', \'0.5\' or \'250m\'', '10 GB'),
    );
  });

  test('rejects zero unless allowed', () => {
    expect(() => requireQuantity(scope, 'size', '0')).toThrow('db: size must be a quantity greater than zero, got \'0\'');
    expect(requireQuantity(scope, 'size', '0', { allowZero: true })).toBe(0);
  });
});
