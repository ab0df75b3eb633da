import { MAX_QUANTITY_NANOS, compareQuantities, parseQuantity, quantityNanos } from '../../lib/kube/quantity';

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

describe('exact quantities', () => {
  test.each([
    ['1', 1000000000n], ['250m', 250000000n], ['0.5', 500000000n], ['1Ki', 1024000000000n], ['1e3', 1000000000000n],
    ['1.5Gi', 1610612736000000000n], ['0', 0n], ['000', 0n], ['1n', 1n], ['0.1n', 1n], ['1e-30', 1n],
  ])('%s is %s nano-units', (text, nanos) => {
    expect(quantityNanos(text)).toBe(nanos);
  });

  test('rounds up below a nano-unit, as the API server does: 1.0000000000000001 is more than 1', () => {
    expect(compareQuantities('1.0000000000000001', '1')).toBe(1);
    expect(parseQuantity('1.0000000000000001')).toBe(parseQuantity('1'));
  });

  test.each([['1', '1000m', 0], ['1Gi', '1073741824', 0], ['1G', '1Gi', -1], ['512Mi', '0.5Gi', 0], ['2', '1999m', 1]])(
    'compares %s with %s: %d', (a, b, expected) => {
      expect(compareQuantities(a, b)).toBe(expected);
    });

  test('values beyond 2^63-1 base units come back as one more than the cap, however large', () => {
    expect(quantityNanos('9223372036854775807')).toBe(MAX_QUANTITY_NANOS);
    expect(quantityNanos('9223372036854775808')).toBe(MAX_QUANTITY_NANOS + 1n);
    expect(quantityNanos('1e99999999999')).toBe(MAX_QUANTITY_NANOS + 1n);
    expect(quantityNanos('8Ei')).toBe(MAX_QUANTITY_NANOS + 1n);
  });

  test('is undefined for text that is not a quantity', () => {
    expect(compareQuantities('1', '1 Gi')).toBeUndefined();
  });
});
