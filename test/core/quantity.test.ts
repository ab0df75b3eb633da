import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ShipshapeError } from '../../lib';
import { requireQuantity } from '../../lib/core/quantity';

describe('requireQuantity', () => {
  const scope = new Construct(Testing.app(), 'db');

  test('names the prop and the bad value', () => {
    expect(() => requireQuantity(scope, 'storage.size', '10 GB')).toThrow(
      new ShipshapeError('db', 'storage.size', 'a Kubernetes quantity such as \'500Mi\', \'10Gi\', \'0.5\' or \'250m\'', '10 GB'),
    );
  });

  test('rejects zero unless allowed', () => {
    expect(() => requireQuantity(scope, 'size', '0')).toThrow('db: size must be a quantity greater than zero, got \'0\'');
    expect(requireQuantity(scope, 'size', '0', { allowZero: true })).toBe(0n);
  });
});
