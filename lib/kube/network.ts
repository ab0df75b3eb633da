const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/;

/** True when `value` is an IPv4 or IPv6 CIDR block such as '10.0.0.0/8'. */
export function isCidr(value: string): boolean {
  return IPV4_CIDR.test(value) || IPV6_CIDR.test(value);
}
