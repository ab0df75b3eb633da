// IP addresses and CIDR blocks as the API server reads them (Go's net package): IPv4 in dotted
// decimal, IPv6 in any of its textual forms, a block as address and prefix length.

/** An IP address as a number, with its family. */
export interface IpAddress {
  /** 4 or 6. */
  readonly family: 4 | 6;
  /** The address as an unsigned 32- or 128-bit number. */
  readonly value: bigint;
}

/** A CIDR block: an address and how many leading bits of it are the network. */
export interface CidrBlock extends IpAddress {
  /** The prefix length, 0-32 for IPv4 and 0-128 for IPv6. */
  readonly prefix: number;
}

const IPV4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => IPV4_PART.test(p))) return undefined;
  return parts.reduce((value, part) => (value << 8n) | BigInt(part), 0n);
}

const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv6(text: string): bigint | undefined {
  // A trailing dotted IPv4 address stands for the last two groups (::ffff:10.0.0.1).
  let tail: bigint[] = [];
  let body = text;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    body = text.slice(0, lastColon + 1);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): bigint[] | undefined => {
    if (half === '') return [];
    const parts = half.split(':');
    return parts.every((p) => IPV6_GROUP.test(p)) ? parts.map((p) => BigInt(`0x${p}`)) : undefined;
  };
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (head === undefined || rest === undefined) return undefined;
  const given = head.length + rest.length + tail.length;
  if (halves.length === 2 ? given > 7 : given !== 8) return undefined;
  const all = [...head, ...Array<bigint>(8 - given).fill(0n), ...rest, ...tail];
  return all.reduce((value, group) => (value << 16n) | group, 0n);
}

/** Parses an IPv4 or IPv6 address; undefined when `text` is none (zones such as `%eth0` are not accepted). */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { family: 4, value };
}

/** Parses a CIDR block such as '10.0.0.0/8' or '2001:db8::/32'; undefined when `text` is none. */
export function parseCidr(text: string): CidrBlock | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const address = parseIpAddress(match[1]);
  const prefix = Number(match[2]);
  if (address === undefined || prefix > (address.family === 4 ? 32 : 128) || (match[2].length > 1 && match[2].startsWith('0'))) return undefined;
  return { ...address, prefix };
}

/** True when `value` is an IPv4 or IPv6 CIDR block such as '10.0.0.0/8'. */
export function isCidr(value: string): boolean {
  return parseCidr(value) !== undefined;
}

function network(block: CidrBlock): bigint {
  const bits = block.family === 4 ? 32 : 128;
  const host = bits - block.prefix;
  return (block.value >> BigInt(host)) << BigInt(host);
}

/**
 * True when `inner` is a strict subset of `outer`: the same family, a longer prefix, and its
 * network inside `outer`'s. A NetworkPolicy's `except` blocks must be, or the API server rejects
 * the policy.
 */
export function isStrictSubnet(inner: CidrBlock, outer: CidrBlock): boolean {
  if (inner.family !== outer.family || inner.prefix <= outer.prefix) return false;
  return network({ ...inner, prefix: outer.prefix }) === network(outer);
}
