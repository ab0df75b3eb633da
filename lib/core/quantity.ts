import { IConstruct } from 'constructs';
import { parseQuantity } from '../kube/quantity';
import { fail } from './errors';

/** Validates a quantity prop and returns its value in base units. Zero is rejected unless allowed. */
export function requireQuantity(scope: IConstruct, prop: string, text: unknown, options: { allowZero?: boolean } = {}): number {
  const expected = 'a Kubernetes quantity such as \'500Mi\', \'10Gi\', \'0.5\' or \'250m\'';
  if (typeof text !== 'string') fail(scope, prop, expected, text);
  const value = parseQuantity(text);
  if (value === undefined) fail(scope, prop, expected, text);
  if (value === 0 && !options.allowZero) fail(scope, prop, 'a quantity greater than zero', text);
  return value;
}
