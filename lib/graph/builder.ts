import { Entry, ObjectIndex } from '../policy/context';
import { GraphEdge, GraphEdgeKind, GraphNamespace, GraphNode, GraphNodeKind, NodeFindings, TopologyGraph } from './model';

/** What a node is made of before it gets its id. */
export interface NodeSpec {
  /** What the node stands for. */
  readonly kind: GraphNodeKind;
  /** What the id is made of, e.g. `deploy shop-prod api`: every run of other characters becomes '_'. */
  readonly idHint: string;
  /** The object drawn, when the node is one object of the input (findings attach to it). */
  readonly object?: { readonly kind: string; readonly namespace: string; readonly name: string };
  /** The Kubernetes kind, when the node stands for one object (in the input or referenced). */
  readonly objectKind?: string;
  /** The namespace group, if any. */
  readonly namespace?: string;
  /** First label line. */
  readonly title: string;
  /** Further label lines. */
  readonly details?: readonly string[];
  /** Referenced but not in the input. */
  readonly missing?: boolean;
}

interface MutableNode {
  id: string;
  kind: GraphNodeKind;
  objectKind?: string;
  namespace?: string;
  title: string;
  details: string[];
  missing?: boolean;
  findings?: NodeFindings;
}

const KIND_RANK: Readonly<Record<GraphNodeKind, number>> = {
  entry: 0, anywhere: 1, gateway: 2, ingress: 3, route: 4, service: 5, workload: 6, 'claim-template': 7, claim: 8,
  'pod-group': 9, 'external-pods': 10, 'ip-block': 11, host: 12, findings: 13,
};

/** Workload kinds in the order they are listed within a namespace. */
const WORKLOAD_RANK: Readonly<Record<string, number>> = {
  Deployment: 0, StatefulSet: 1, DaemonSet: 2, CronJob: 3, Job: 4, ReplicaSet: 5, ReplicationController: 6, Pod: 7,
};

/**
 * Collects nodes (deduplicated by a key naming what they stand for) and edges (deduplicated by
 * ends, kind and label), then sorts both so the output never depends on the input order.
 */
export class GraphBuilder {
  private readonly nodes = new Map<string, MutableNode>();
  private readonly entryNodes = new Map<Entry, string>();
  private readonly nodesById = new Map<string, MutableNode>();
  private readonly usedIds = new Set<string>();
  private readonly edges = new Map<string, GraphEdge>();
  private readonly objectNodes = new Map<string, string>();
  private readonly namespaceNotes = new Map<string, string[]>();

  constructor(public readonly index: ObjectIndex) {}

  /** The id of the node for `key`, creating it from `spec` the first time. */
  public node(key: string, spec: () => NodeSpec): string {
    const existing = this.nodes.get(key);
    if (existing) return existing.id;
    const s = spec();
    const id = this.allocateId(s.idHint);
    const node: MutableNode = {
      id, kind: s.kind, objectKind: s.objectKind, namespace: s.namespace, title: s.title, details: [...(s.details ?? [])], missing: s.missing,
    };
    this.nodes.set(key, node);
    this.nodesById.set(id, node);
    if (s.object) this.objectNodes.set(objectKey(s.object.kind, s.object.namespace, s.object.name), id);
    return id;
  }

  /**
   * {@link node} for an object of the input drawn as itself, remembered by its index entry: the
   * traffic analysis asks for the same workloads' nodes thousands of times.
   */
  public entryNode(entry: Entry, key: () => string, spec: () => NodeSpec): string {
    let id = this.entryNodes.get(entry);
    if (id === undefined) this.entryNodes.set(entry, (id = this.node(key(), spec)));
    return id;
  }

  /**
   * How a node stands for an object the input refers to by name: the object itself when the input
   * holds it (findings then attach to the node), else marked missing. The entry is returned for
   * the node's details.
   */
  public referenced(kind: string, namespace: string, name: string): { entry?: Entry; fields: Pick<NodeSpec, 'objectKind' | 'object' | 'missing'> } {
    const entry = this.index.find(kind, namespace, name);
    return { entry, fields: { objectKind: kind, ...(entry ? { object: { kind, namespace, name } } : { missing: true }) } };
  }

  /** The node of an object drawn as itself, by kind, namespace and name. */
  public objectNode(kind: string, namespace: string, name: string): string | undefined {
    return this.objectNodes.get(objectKey(kind, namespace, name));
  }

  /** Adds a label line to a node (once). */
  public addDetail(id: string, line: string): void {
    const node = this.byId(id);
    if (node && !node.details.includes(line)) node.details.push(line);
  }

  /** Adds a note to a namespace's group title (once), e.g. `default deny`. */
  public noteNamespace(namespace: string, note: string): void {
    const notes = this.namespaceNotes.get(namespace) ?? [];
    if (!notes.includes(note)) this.namespaceNotes.set(namespace, [...notes, note]);
  }

  /** Marks a node with policy findings. */
  public setFindings(id: string, findings: NodeFindings): void {
    const node = this.byId(id);
    if (node) node.findings = findings;
  }

  /** Adds an edge; an identical one (same ends, kind and label) is kept once. */
  public edge(from: string, to: string, kind: GraphEdgeKind, label: readonly string[] = [], bothWays = false): void {
    const key = `${from}\u0000${to}\u0000${kind}\u0000${label.join('\n')}`;
    if (!this.edges.has(key)) this.edges.set(key, { from, to, kind, label, ...(bothWays ? { bothWays } : {}) });
  }

  /** The sorted graph. */
  public finish(): TopologyGraph {
    const nodes = [...this.nodes.values()].sort(compareNodes);
    const order = new Map(nodes.map((n, i) => [n.id, i]));
    const edges = [...this.edges.values()].sort((a, b) => (order.get(a.from)! - order.get(b.from)!) || (order.get(a.to)! - order.get(b.to)!)
      || compareText(a.kind, b.kind) || compareText(a.label.join('\n'), b.label.join('\n')));
    return {
      namespaces: this.namespaceGroups(nodes),
      nodes: nodes.map((n) => freeze(n)),
      edges,
      objects: this.index.all.length,
    };
  }

  private namespaceGroups(nodes: readonly MutableNode[]): GraphNamespace[] {
    const inInput = new Set(this.index.all.map((e) => e.namespace));
    for (const ns of this.index.ofKind('Namespace')) inInput.add(ns.name);
    const names = [...new Set(nodes.filter((n) => n.namespace !== undefined).map((n) => n.namespace!))].sort(compareNamespaces);
    return names.map((name) => {
      const known = inInput.has(name);
      const notes = this.namespaceNotes.get(name) ?? [];
      const title = (name === '' ? 'namespace not set' : `namespace ${name}${known ? '' : ' (not in these manifests)'}`)
        + (notes.length > 0 ? ` · ${notes.join(', ')}` : '');
      return { name, id: this.allocateId(`ns_${name || 'unset'}`), title, inInput: known };
    });
  }

  private byId(id: string): MutableNode | undefined {
    return this.nodesById.get(id);
  }

  private allocateId(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9]+/g, '_').replace(/_+$/, '') || 'n';
    let id = base;
    for (let i = 2; this.usedIds.has(id); i++) id = `${base}_${i}`;
    this.usedIds.add(id);
    return id;
  }
}

/** The key the builder and the findings share for one object. */
export function objectKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

function compareNamespaces(a: string, b: string): number {
  if (a === '' || b === '') return a === b ? 0 : a === '' ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNodes(a: MutableNode, b: MutableNode): number {
  // Nodes outside every namespace (clients, any pod, the host) come first: they lead the layout.
  if ((a.namespace === undefined) !== (b.namespace === undefined)) return a.namespace === undefined ? -1 : 1;
  if (a.namespace !== undefined && b.namespace !== undefined && a.namespace !== b.namespace) return compareNamespaces(a.namespace, b.namespace);
  return KIND_RANK[a.kind] - KIND_RANK[b.kind]
    || (WORKLOAD_RANK[a.objectKind ?? ''] ?? 9) - (WORKLOAD_RANK[b.objectKind ?? ''] ?? 9)
    || compareText(a.title, b.title)
    || compareText(a.id, b.id);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function freeze(n: MutableNode): GraphNode {
  return {
    id: n.id, kind: n.kind,
    ...(n.objectKind !== undefined ? { objectKind: n.objectKind } : {}),
    ...(n.namespace !== undefined ? { namespace: n.namespace } : {}),
    title: n.title, details: n.details,
    ...(n.missing ? { missing: true } : {}),
    ...(n.findings ? { findings: n.findings } : {}),
  };
}
