import { byteLength, isDataKey, isDns1035Label, isDnsLabel } from '../../lib/kube/names';

describe('name grammars', () => {
  test.each([['api', true], ['a1-b', true], ['1api', false], ['-api', false], ['Api', false], ['a'.repeat(63), true], ['a'.repeat(64), false]])(
    'isDns1035Label(%j) is %j: Service names start with a letter', (value, expected) => {
      expect(isDns1035Label(value)).toBe(expected);
    });

  test('a DNS-1123 label may start with a digit, a DNS-1035 label may not', () => {
    expect([isDnsLabel('9-lives'), isDns1035Label('9-lives')]).toEqual([true, false]);
  });

  test.each([
    ['app.conf', true], ['.env', true], ['LOG_LEVEL', true], ['a-b_c.d', true], ['x'.repeat(253), true],
    ['.', false], ['..', false], ['..x', false], ['', false], ['a/b', false], ['a b', false], ['x'.repeat(254), false],
  ])('isDataKey(%j) is %j (ConfigMap and Secret keys)', (value, expected) => {
    expect(isDataKey(value)).toBe(expected);
  });

  test('byteLength counts UTF-8 bytes, as the API server counts sizes', () => {
    expect(byteLength('aé€😀')).toBe(1 + 2 + 3 + 4);
  });
});
