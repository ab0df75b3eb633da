import { isCidr } from '../../lib/kube/network';

describe('CIDR blocks', () => {
  test.each([['10.0.0.0/8', true], ['192.168.1.7/32', true], ['::1/128', true], ['2001:db8::/32', true], ['10.0.0.0/33', false], ['example.com/8', false]])(
    'isCidr(%j) is %j', (value, expected) => {
      expect(isCidr(value)).toBe(expected);
    });
});
