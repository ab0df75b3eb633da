import { arr, Json, obj, str } from '../manifests/json';
import { apiGroup } from '../manifests/manifest';
import { isEmptySelector, selectorMatches } from '../manifests/selectors';
import { Entry } from '../policy/context';
import { GraphBuilder } from './builder';
import { GraphEdgeKind } from './model';
import {
  ALL_PORTS, allowsDns, formatPorts, intersectPorts, isDnsOnly, isEmptyPortSet, NO_PORTS, policyRulePorts, PortRange, PortSet,
  resolveNamedPorts, unionPorts,
} from './ports';
import { describeSelector, NAMESPACE_NAME_LABEL, namespacePinnedBy } from './selectors';
import { workloadNode } from './workloads';

/** One ingress or egress rule of a NetworkPolicy. */
interface PolicyRule {
  /** The policy's namespace: a peer without a namespaceSelector means pods of this namespace. */
  readonly namespace: string;
  /** The `from` / `to` peers; undefined when the rule has none, which means any peer. */
  readonly peers?: readonly Json[];
  /** The ports it allows. */
  readonly ports: PortSet;
}

/** The rules that apply to a workload's pods, per direction; undefined when no policy isolates that direction. */
interface Isolation {
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
}

/** Options of the traffic analysis. */
export interface TrafficOptions {
  /** Draw traffic that is DNS only (port 53) as edges. */
  readonly dns: boolean;
}

/**
 * Draws the traffic the NetworkPolicies allow, with Kubernetes' semantics: a connection from pod A
 * to pod B needs A's egress and B's ingress to allow it; a direction no policy selects a pod for
 * is unrestricted; policies add up; named ports resolve against the receiving pod.
 *
 * - Pairs of workloads that one side names (a peer podSelector with terms) are evaluated both
 *   ways: allowed ports become a `traffic` edge, a path one side opens and the other closes a
 *   `blocked` edge.
 * - Broad peers are drawn as a node of their own, never expanded into every pair: no `from`/`to`
 *   (any pod or address), an empty podSelector (any pod of some namespaces), an ipBlock.
 * - Named pods that no workload of the input matches (another namespace, another tool) become an
 *   external node.
 * - A pod that no policy isolates is connected to "any pod or address" with all traffic allowed.
 * - DNS-only traffic (port 53) is left out unless asked for; a pod whose egress is restricted and
 *   allows no port 53 is marked `no DNS egress`.
 */
export function addTraffic(b: GraphBuilder, options: TrafficOptions): void {
  new TrafficAnalysis(b, options).run();
}

class TrafficAnalysis {
  private readonly isolation = new Map<Entry, Isolation>();
  private readonly namespaces: readonly string[];
  private readonly namespaceLabels = new Map<string, Record<string, string>>();
  /** Workloads each peer object selects (a peer belongs to one policy, so to one namespace). */
  private readonly peerMatches = new Map<Json, readonly Entry[]>();
  private readonly portsByName = new Map<Entry, Map<string, PortRange>>();
  private readonly oneSided = new Map<string, { from: string; to: string; ports: PortSet }>();
  private readonly defaultDeny = new Map<string, { ingress: boolean; egress: boolean }>();
  /** Pairs a named peer links, as `source index * count + target index`. */
  private readonly pairs = new Set<number>();
  private readonly position: Map<Entry, number>;

  constructor(private readonly b: GraphBuilder, private readonly options: TrafficOptions) {
    const index = b.index;
    const names = new Set(index.all.filter((e) => e.manifest.kind !== 'Namespace' && e.namespace !== '').map((e) => e.namespace));
    for (const ns of index.ofKind('Namespace')) {
      names.add(ns.name);
      this.namespaceLabels.set(ns.name, { ...(ns.manifest.metadata?.labels ?? {}), [NAMESPACE_NAME_LABEL]: ns.name });
    }
    this.namespaces = [...names].sort();
    this.position = new Map(index.workloads.map((w, i) => [w, i]));
  }

  public run(): void {
    this.readPolicies();
    for (const [namespace, { ingress, egress }] of this.defaultDeny) {
      if (ingress || egress) this.b.noteNamespace(namespace, ingress && egress ? 'default deny' : `default deny ${ingress ? 'ingress' : 'egress'}`);
    }
    this.drawPairs();
    for (const w of this.b.index.workloads) this.drawOneSided(w);
    for (const { from, to, ports } of this.oneSided.values()) this.b.edge(from, to, 'traffic', [formatPorts(ports)]);
  }

  /** Which rules apply to which workloads, and which pairs of workloads the rules name. */
  private readPolicies(): void {
    const index = this.b.index;
    for (const policy of index.ofKind('NetworkPolicy')) {
      if (apiGroup(policy.manifest.apiVersion) !== 'networking.k8s.io') continue;
      const spec = obj(policy.manifest.spec);
      const types = arr(spec.policyTypes).map(String);
      // Without policyTypes every policy affects ingress, and egress when it has an egress section.
      const ingress = types.length > 0 ? types.includes('Ingress') : true;
      const egress = types.length > 0 ? types.includes('Egress') : spec.egress !== undefined;
      const ingressRules = ingress ? arr(spec.ingress).map((r) => rule(policy.namespace, obj(r).from, obj(r).ports)) : [];
      const egressRules = egress ? arr(spec.egress).map((r) => rule(policy.namespace, obj(r).to, obj(r).ports)) : [];
      if (isEmptySelector(obj(spec.podSelector))) this.noteDefaultDeny(policy.namespace, ingress && ingressRules.length === 0, egress && egressRules.length === 0);
      const selected = index.workloadsSelectedBy(policy.namespace, obj(spec.podSelector));
      for (const w of selected) {
        const iso = this.isolation.get(w) ?? {};
        if (ingress) (iso.ingress ??= []).push(...ingressRules);
        if (egress) (iso.egress ??= []).push(...egressRules);
        this.isolation.set(w, iso);
      }
      for (const r of ingressRules) this.addPairs(r, selected, 'ingress');
      for (const r of egressRules) this.addPairs(r, selected, 'egress');
    }
  }

  /**
   * Notes a namespace-wide policy without rules on the namespace's group: `default deny`, or
   * `default deny ingress` / `egress` when it closes one direction only.
   */
  private noteDefaultDeny(namespace: string, ingress: boolean, egress: boolean): void {
    const denied = this.defaultDeny.get(namespace) ?? { ingress: false, egress: false };
    denied.ingress ||= ingress;
    denied.egress ||= egress;
    this.defaultDeny.set(namespace, denied);
  }

  private addPairs(r: PolicyRule, selected: readonly Entry[], direction: 'ingress' | 'egress'): void {
    const count = this.b.index.workloads.length;
    for (const peer of r.peers ?? []) {
      if (!isNamedPods(peer)) continue;
      for (const named of this.workloadsOf(peer, r.namespace)) {
        for (const own of selected) {
          const [from, to] = direction === 'ingress' ? [named, own] : [own, named];
          this.pairs.add(this.position.get(from)! * count + this.position.get(to)!);
        }
      }
    }
  }

  /** Each named pair, both sides evaluated: allowed ports, or a blocked path. */
  private drawPairs(): void {
    const workloads = this.b.index.workloads;
    for (const key of [...this.pairs].sort((x, y) => x - y)) {
      const source = workloads[Math.floor(key / workloads.length)];
      const target = workloads[key % workloads.length];
      const egress = this.allowance(this.isolation.get(source)?.egress, target, target);
      const ingress = this.allowance(this.isolation.get(target)?.ingress, source, target);
      const allowed = intersectPorts(egress, ingress);
      if (!isEmptyPortSet(allowed)) {
        if (this.options.dns || !isDnsOnly(allowed)) this.edge(source, target, 'traffic', [formatPorts(allowed)]);
        continue;
      }
      const shown = isEmptyPortSet(egress) ? ingress : egress;
      if (!this.options.dns && isDnsOnly(shown)) continue;
      this.edge(source, target, 'blocked', [blockedLabel(egress, ingress)]);
    }
  }

  /** What `rules` allow between the workload they apply to and `peer`; named ports resolve on `receiver`. */
  private allowance(rules: readonly PolicyRule[] | undefined, peer: Entry, receiver: Entry): PortSet {
    if (rules === undefined) return ALL_PORTS;
    const allowed = rules.filter((r) => r.peers === undefined || r.peers.some((p) => this.matches(p, r.namespace, peer))).map((r) => r.ports);
    return allowed.length === 0 ? NO_PORTS : resolveNamedPorts(unionPorts(...allowed), this.containerPorts(receiver));
  }

  /** Edges to the peers that are not pairs of workloads, and the marks of open or DNS-less pods. */
  private drawOneSided(w: Entry): void {
    const id = workloadNode(this.b, w);
    const iso = this.isolation.get(w);
    if (!iso?.ingress && !iso?.egress) {
      this.b.edge(this.anywhereNode(), id, 'traffic', ['all traffic allowed'], true);
      this.b.addDetail(id, 'no NetworkPolicy');
      return;
    }
    if (!iso.ingress) {
      this.b.edge(this.anywhereNode(), id, 'traffic', ['all traffic allowed']);
      this.b.addDetail(id, 'ingress unrestricted');
    }
    if (!iso.egress) {
      this.b.edge(id, this.anywhereNode(), 'traffic', ['all traffic allowed']);
      this.b.addDetail(id, 'egress unrestricted');
    }
    for (const r of iso.ingress ?? []) {
      const ports = resolveNamedPorts(r.ports, this.containerPorts(w));
      for (const peer of this.peerNodes(r)) this.addOneSided(peer, id, ports);
    }
    for (const r of iso.egress ?? []) {
      if (!this.options.dns && isDnsOnly(r.ports)) continue;
      for (const peer of this.peerNodes(r)) this.addOneSided(id, peer, r.ports);
    }
    if (iso.egress && !iso.egress.some((r) => allowsDns(r.ports))) this.b.addDetail(id, 'no DNS egress');
  }

  private addOneSided(from: string, to: string, ports: PortSet): void {
    if (isEmptyPortSet(ports)) return;
    const key = `${from}\u0000${to}`;
    const existing = this.oneSided.get(key);
    this.oneSided.set(key, { from, to, ports: existing ? unionPorts(existing.ports, ports) : ports });
  }

  /** The nodes of a rule's peers that are not workloads of the input. */
  private peerNodes(r: PolicyRule): string[] {
    if (r.peers === undefined) return [this.anywhereNode()];
    const nodes: string[] = [];
    for (const peer of r.peers) {
      if (peer.ipBlock !== undefined) nodes.push(this.ipBlockNode(obj(peer.ipBlock)));
      else if (isNamedPods(peer)) {
        const external = this.externalPodsNode(peer, r.namespace);
        if (external) nodes.push(external);
      } else if (peer.podSelector !== undefined || peer.namespaceSelector !== undefined) {
        nodes.push(this.podGroupNode(peer, r.namespace));
      }
    }
    return nodes;
  }

  private anywhereNode(): string {
    return this.b.node('anywhere', () => ({ kind: 'anywhere', idHint: 'anywhere', title: 'any pod or address', details: [] }));
  }

  private ipBlockNode(block: Json): string {
    const cidr = str(block.cidr) ?? '?';
    const except = arr(block.except).map(String);
    return this.b.node(`ip\u0000${cidr}\u0000${except.join(',')}`, () => ({
      kind: 'ip-block', idHint: `ip ${cidr}`, title: cidr, details: except.length > 0 ? [`except ${except.join(', ')}`] : [],
    }));
  }

  /** Named pods outside the input: in a namespace it lacks, in namespaces a selector leaves open, or matching nothing. */
  private externalPodsNode(peer: Json, policyNamespace: string): string | undefined {
    const pods = describeSelector(obj(peer.podSelector));
    const matched = this.workloadsOf(peer, policyNamespace).length > 0;
    if (peer.namespaceSelector === undefined || namespacePinnedBy(obj(peer.namespaceSelector)) !== undefined) {
      if (matched) return undefined;
      const namespace = peer.namespaceSelector === undefined ? policyNamespace : namespacePinnedBy(obj(peer.namespaceSelector))!;
      return this.b.node(`pods\u0000${namespace}\u0000${pods}`, () => ({
        kind: 'external-pods', idHint: `pods ${namespace} ${pods}`, namespace, title: `pods ${pods}`, details: [], missing: true,
      }));
    }
    const namespaces = describeSelector(obj(peer.namespaceSelector));
    return this.b.node(`pods\u0000*\u0000${namespaces}\u0000${pods}`, () => ({
      kind: 'external-pods', idHint: `pods ${namespaces} ${pods}`, title: `pods ${pods}`,
      details: [`in namespaces ${namespaces}`, ...(matched ? ['beyond those drawn'] : [])], missing: true,
    }));
  }

  /** Every pod of some namespaces: a peer with an empty (or no) podSelector. */
  private podGroupNode(peer: Json, policyNamespace: string): string {
    const selector = peer.namespaceSelector === undefined ? undefined : obj(peer.namespaceSelector);
    const pinned = selector === undefined ? policyNamespace : namespacePinnedBy(selector);
    if (pinned !== undefined) {
      return this.b.node(`group\u0000${pinned}`, () => ({
        kind: 'pod-group', idHint: `any pod ${pinned}`, namespace: pinned, title: `any pod in ${pinned || 'this namespace'}`, details: [],
      }));
    }
    const namespaces = isEmptySelector(selector!) ? 'any namespace' : `namespaces ${describeSelector(selector!)}`;
    return this.b.node(`group\u0000*\u0000${namespaces}`, () => ({
      kind: 'pod-group', idHint: `any pod ${namespaces}`, title: `any pod in ${namespaces}`, details: [],
    }));
  }

  /** Workloads of the input a peer with a podSelector selects. */
  private workloadsOf(peer: Json, policyNamespace: string): readonly Entry[] {
    let found = this.peerMatches.get(peer);
    if (!found) {
      const selector = peer.namespaceSelector === undefined ? undefined : obj(peer.namespaceSelector);
      const namespaces = selector === undefined ? [policyNamespace] : this.namespaces.filter((ns) => selectorMatches(selector, this.labelsOf(ns)));
      found = namespaces.flatMap((ns) => this.b.index.workloadsSelectedBy(ns, obj(peer.podSelector)));
      this.peerMatches.set(peer, found);
    }
    return found;
  }

  /** Whether a peer selects the pods of `w` (ipBlocks select no pods). */
  private matches(peer: Json, policyNamespace: string, w: Entry): boolean {
    if (peer.ipBlock !== undefined || (peer.podSelector === undefined && peer.namespaceSelector === undefined)) return false;
    const inNamespace = peer.namespaceSelector === undefined
      ? w.namespace === policyNamespace
      : selectorMatches(obj(peer.namespaceSelector), this.labelsOf(w.namespace));
    return inNamespace && (peer.podSelector === undefined || selectorMatches(obj(peer.podSelector), w.podLabels));
  }

  /** A namespace's labels: its Namespace object's, plus the name label the API server sets on every namespace. */
  private labelsOf(namespace: string): Record<string, string> {
    if (namespace === '') return {};
    let labels = this.namespaceLabels.get(namespace);
    if (!labels) this.namespaceLabels.set(namespace, (labels = { [NAMESPACE_NAME_LABEL]: namespace }));
    return labels;
  }

  /** The named container ports of a workload's pods, for NetworkPolicies that name ports. */
  private containerPorts(w: Entry): Map<string, PortRange> {
    let ports = this.portsByName.get(w);
    if (!ports) {
      ports = new Map();
      for (const { container } of w.containers) {
        for (const p of arr(container.ports)) {
          const port = obj(p);
          const name = str(port.name);
          if (name && typeof port.containerPort === 'number') {
            ports.set(name, { protocol: str(port.protocol) ?? 'TCP', from: port.containerPort, to: port.containerPort });
          }
        }
      }
      this.portsByName.set(w, ports);
    }
    return ports;
  }

  private edge(from: Entry, to: Entry, kind: GraphEdgeKind, label: string[]): void {
    this.b.edge(workloadNode(this.b, from), workloadNode(this.b, to), kind, label);
  }
}

/** Why a path one side names carries nothing: which side blocks it, or that the sides share no port. */
function blockedLabel(egress: PortSet, ingress: PortSet): string {
  if (isEmptyPortSet(egress) && isEmptyPortSet(ingress)) return 'blocked: the allowed named ports are not ports of the target';
  if (isEmptyPortSet(egress)) return `${formatPorts(ingress)}: blocked at egress`;
  if (isEmptyPortSet(ingress)) return `${formatPorts(egress)}: blocked at ingress`;
  return `egress ${formatPorts(egress)}, ingress ${formatPorts(ingress)}: no common port`;
}

function rule(namespace: string, peers: unknown, ports: unknown): PolicyRule {
  const list = arr(peers).map(obj);
  return { namespace, ...(list.length > 0 ? { peers: list } : {}), ports: policyRulePorts(ports) };
}

/** A peer naming particular pods: a podSelector with terms (evaluated pairwise against workloads). */
function isNamedPods(peer: Json): boolean {
  return peer.ipBlock === undefined && peer.podSelector !== undefined && !isEmptySelector(obj(peer.podSelector));
}
