import { IConstruct } from 'constructs';
import { MAX_QUANTITY_NANOS, quantityNanos } from '../kube/quantity';
import { fail } from './errors';

/** Options of {@link requireQuantity}. */
export interface QuantityOptions {
  /** Accept zero. */
  readonly allowZero?: boolean;
  /** What the message says the prop must be. */
  readonly expected?: string;
}

/**
 * Validates a quantity prop and returns its exact value in nano-units (as the API server rounds
 * it). Zero is rejected unless allowed; so is a value beyond what the API server keeps (2^63-1
 * base units), which it would silently cap.
 */
export function requireQuantity(scope: IConstruct, prop: string, text: unknown, options: QuantityOptions = {}): bigint {
  const expected = options.expected ?? 'a Kubernetes quantity such as \'500Mi\', \'10Gi\', \'0.5\' or \'250m\'';
  if (typeof text !== 'string') fail(scope, prop, expected, text);
  const value = quantityNanos(text);
  if (value === undefined) fail(scope, prop, expected, text);
  if (value === 0n && !options.allowZero) fail(scope, prop, 'a quantity greater than zero', text);
  if (value > MAX_QUANTITY_NANOS) fail(scope, prop, 'a quantity of at most 2^63-1 (Kubernetes caps larger values)', text);
  return value;
}
