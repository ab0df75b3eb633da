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
