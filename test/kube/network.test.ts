import { isCidr, isStrictSubnet, parseCidr, parseIpAddress } from '../../lib/kube/network';

describe('IP addresses and CIDR blocks', () => {
  test.each([
    ['10.0.0.0/8', true], ['192.168.1.7/32', true], ['0.0.0.0/0', true], ['::1/128', true], ['2001:db8::/32', true],
    ['::ffff:10.0.0.0/104', true], ['1:2:3:4:5:6:7:8/64', true], ['::/0', true],
    ['10.0.0.0/33', false], ['example.com/8', false], ['10.0.0/8', false], ['256.0.0.0/8', false], ['010.0.0.0/8', false],
    ['10.0.0.0', false], ['10.0.0.0/08', false], ['::1/129', false], ['1::2::3/64', false], ['1:2:3:4:5:6:7:8:9/64', false],
    [':::/64', false], ['fe80::1%eth0/64', false], ['12345::/16', false], ['::g/16', false],
  ])('isCidr(%j) is %j', (value, expected) => {
    expect(isCidr(value)).toBe(expected);
  });

  test('reads IPv6 in its compressed and embedded-IPv4 forms as the same number', () => {
    expect(parseIpAddress('::ffff:10.0.0.1')).toEqual(parseIpAddress('0:0:0:0:0:ffff:a00:1'));
    expect(parseIpAddress('2001:db8::1')?.value).toBe(0x20010db8000000000000000000000001n);
  });

  test.each([
    ['10.0.0.0/24', '10.0.0.0/16', true],
    ['10.0.5.0/24', '10.0.0.0/16', true],
    ['10.1.0.0/24', '10.0.0.0/16', false],
    ['10.0.0.0/16', '10.0.0.0/16', false],
    ['10.0.0.0/8', '10.0.0.0/16', false],
    ['2001:db8:1::/48', '2001:db8::/32', true],
    ['2001:db9::/48', '2001:db8::/32', false],
    ['10.0.0.0/24', '::/0', false],
  ])('%s is a strict subnet of %s: %j', (inner, outer, expected) => {
    expect(isStrictSubnet(parseCidr(inner)!, parseCidr(outer)!)).toBe(expected);
  });
});
