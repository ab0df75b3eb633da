import { arr, obj, str } from '../manifests/json';

/** A range of ports of one protocol, both ends included. */
export interface PortRange {
  /** 'TCP', 'UDP' or 'SCTP'. */
  readonly protocol: string;
  /** First port. */
  readonly from: number;
  /** Last port (equal to `from` for a single port). */
  readonly to: number;
}

/** A port given by name, resolved against the pod it reaches (a NetworkPolicy's named port). */
export interface NamedPort {
  /** 'TCP', 'UDP' or 'SCTP'. */
  readonly protocol: string;
  /** The container port name. */
  readonly name: string;
}

/** The ports a NetworkPolicy rule (or several) allows. */
export interface PortSet {
  /** Every port of every protocol: a rule without `ports`. */
  readonly all: boolean;
  /** Numbered ports and ranges, merged and sorted. */
  readonly ranges: readonly PortRange[];
  /** Ports by name that were not resolved to numbers. */
  readonly named: readonly NamedPort[];
}

const MAX_PORT = 65535;

/** Every port. */
export const ALL_PORTS: PortSet = { all: true, ranges: [], named: [] };
/** No port at all. */
export const NO_PORTS: PortSet = { all: false, ranges: [], named: [] };

/** True when the set allows nothing. */
export function isEmptyPortSet(set: PortSet): boolean {
  return !set.all && set.ranges.length === 0 && set.named.length === 0;
}

/**
 * The ports of a NetworkPolicy rule's `ports` list: absent or empty means every port; an entry
 * with a protocol and no port means every port of that protocol; `endPort` makes a range.
 */
export function policyRulePorts(ports: unknown): PortSet {
  const list = arr(ports);
  if (list.length === 0) return ALL_PORTS;
  const ranges: PortRange[] = [];
  const named: NamedPort[] = [];
  for (const item of list) {
    const entry = obj(item);
    const protocol = str(entry.protocol) ?? 'TCP';
    const port = entry.port;
    if (port === undefined || port === null) {
      ranges.push({ protocol, from: 1, to: MAX_PORT });
    } else if (typeof port === 'number') {
      const end = typeof entry.endPort === 'number' && entry.endPort >= port ? entry.endPort : port;
      ranges.push({ protocol, from: port, to: end });
    } else if (typeof port === 'string' && /^\d+$/.test(port)) {
      ranges.push({ protocol, from: Number(port), to: Number(port) });
    } else if (typeof port === 'string') {
      named.push({ protocol, name: port });
    }
  }
  return normalize({ all: false, ranges, named });
}

/** All the sets together. */
export function unionPorts(...sets: readonly PortSet[]): PortSet {
  if (sets.some((set) => set.all)) return ALL_PORTS;
  if (sets.length === 1) return sets[0];
  return normalize({ all: false, ranges: sets.flatMap((set) => set.ranges), named: sets.flatMap((set) => set.named) });
}

/** The ports both sets allow. */
export function intersectPorts(a: PortSet, b: PortSet): PortSet {
  if (a.all) return b;
  if (b.all) return a;
  const ranges: PortRange[] = [];
  for (const x of a.ranges) {
    for (const y of b.ranges) {
      if (x.protocol !== y.protocol) continue;
      const from = Math.max(x.from, y.from);
      const to = Math.min(x.to, y.to);
      if (from <= to) ranges.push({ protocol: x.protocol, from, to });
    }
  }
  const named = a.named.filter((n) => b.named.some((m) => m.name === n.name && m.protocol === n.protocol));
  return normalize({ all: false, ranges, named });
}

/**
 * Resolves named ports against the container ports of the pod they reach. A name the pod does not
 * define matches nothing on it, as in Kubernetes, so it is dropped.
 */
export function resolveNamedPorts(set: PortSet, containerPorts: ReadonlyMap<string, PortRange>): PortSet {
  if (set.named.length === 0) return set;
  const ranges = [...set.ranges];
  for (const n of set.named) {
    const port = containerPorts.get(n.name);
    if (port && port.protocol === n.protocol) ranges.push(port);
  }
  return normalize({ all: false, ranges, named: [] });
}

/** True when the set allows port 53 only (DNS, over UDP and/or TCP). */
export function isDnsOnly(set: PortSet): boolean {
  return !set.all && set.named.length === 0 && set.ranges.length > 0 && set.ranges.every((r) => r.from === 53 && r.to === 53);
}

/** True when the set includes port 53 of some protocol. */
export function allowsDns(set: PortSet): boolean {
  return set.all || set.ranges.some((r) => r.from <= 53 && r.to >= 53);
}

/** A short text: `all ports`, `8080`, `53/UDP`, `8000-8100`, `all UDP`, `http`. */
export function formatPorts(set: PortSet): string {
  if (set.all) return 'all ports';
  const parts = set.ranges.map((r) => {
    const suffix = r.protocol === 'TCP' ? '' : `/${r.protocol}`;
    if (r.from === 1 && r.to === MAX_PORT) return `all ${r.protocol}`;
    return `${r.from === r.to ? r.from : `${r.from}-${r.to}`}${suffix}`;
  });
  parts.push(...set.named.map((n) => `${n.name}${n.protocol === 'TCP' ? '' : `/${n.protocol}`}`));
  return parts.join(', ');
}

const PROTOCOL_ORDER: Readonly<Record<string, number>> = { TCP: 0, UDP: 1, SCTP: 2 };

function protocolRank(protocol: string): number {
  return PROTOCOL_ORDER[protocol] ?? 3;
}

/** Merges overlapping and adjacent ranges and sorts: by port, then protocol (53, 53/UDP). */
function normalize(set: PortSet): PortSet {
  if (set.ranges.length <= 1 && set.named.length <= 1) return set;
  const byProtocol = new Map<string, PortRange[]>();
  for (const r of set.ranges) {
    const list = byProtocol.get(r.protocol) ?? [];
    list.push(r);
    byProtocol.set(r.protocol, list);
  }
  const merged: PortRange[] = [];
  for (const [protocol, list] of byProtocol) {
    list.sort((x, y) => x.from - y.from || x.to - y.to);
    let current: PortRange | undefined;
    for (const r of list) {
      if (current && r.from <= current.to + 1) {
        current = { protocol, from: current.from, to: Math.max(current.to, r.to) };
      } else {
        if (current) merged.push(current);
        current = r;
      }
    }
    if (current) merged.push(current);
  }
  merged.sort((x, y) => x.from - y.from || protocolRank(x.protocol) - protocolRank(y.protocol) || x.to - y.to);
  const seen = new Set<string>();
  const named = set.named.filter((n) => {
    const key = `${n.protocol}/${n.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0) || protocolRank(x.protocol) - protocolRank(y.protocol));
  return { all: false, ranges: merged, named };
}
