import { GraphEdgeKind, GraphNode, GraphNodeKind, TopologyGraph } from './model';

/** A style in CSS terms (`fill`, `stroke`, `stroke-width`, `stroke-dasharray`); each renderer translates it. */
export type Style = Readonly<Record<string, string>>;

const CATEGORY: Readonly<Record<GraphNodeKind, string>> = {
  workload: 'workload',
  service: 'service',
  ingress: 'entrypoint',
  route: 'entrypoint',
  gateway: 'entrypoint',
  claim: 'storage',
  'claim-template': 'storage',
  entry: 'outside',
  anywhere: 'outside',
  'pod-group': 'peer',
  'external-pods': 'peer',
  'ip-block': 'peer',
  host: 'host',
  findings: 'note',
};

/** The colours of the picture, one table for every format, so Mermaid, HTML and DOT look alike. */
export const STYLE = {
  /** Node classes: one per category, then the marks that stack on top. */
  classes: {
    workload: { fill: '#e3f2fd', stroke: '#1565c0', color: '#0d2a4a' },
    service: { fill: '#ede7f6', stroke: '#5e35b1', color: '#261a4a' },
    entrypoint: { fill: '#fff3e0', stroke: '#ef6c00', color: '#4a2600' },
    storage: { fill: '#eceff1', stroke: '#455a64', color: '#1c262b' },
    outside: { fill: '#ffffff', stroke: '#212121', color: '#212121' },
    peer: { fill: '#fafafa', stroke: '#757575', color: '#212121', 'stroke-dasharray': '4 3' },
    host: { fill: '#fbe9e7', stroke: '#bf360c', color: '#3e1004' },
    note: { fill: '#fffde7', stroke: '#c62828', color: '#212121' },
    missing: { 'stroke-dasharray': '4 3' },
    error: { stroke: '#c62828', 'stroke-width': '3px' },
    warning: { stroke: '#f9a825', 'stroke-width': '3px' },
  } as Readonly<Record<string, Style>>,
  /** Edge styles by kind. */
  edges: {
    route: { stroke: '#ef6c00', 'stroke-width': '2px' },
    traffic: { stroke: '#2e7d32', 'stroke-width': '1.5px' },
    blocked: { stroke: '#c62828', 'stroke-width': '1.5px' },
    storage: { stroke: '#455a64', 'stroke-width': '1px' },
    host: { stroke: '#bf360c', 'stroke-width': '1.5px' },
  } as Readonly<Record<GraphEdgeKind, Style>>,
  /** A namespace the input only refers to. */
  namespaceNotInInput: { 'stroke-dasharray': '4 3' } as Style,
};

/** The style classes of a node, in the order they stack: its category, then `missing`, `error` or `warning`. */
export function nodeClasses(node: GraphNode): string[] {
  const classes = [CATEGORY[node.kind]];
  if (node.missing) classes.push('missing');
  if (node.findings) classes.push(node.findings.errors > 0 ? 'error' : 'warning');
  return classes;
}

/** One sentence on what the picture holds, e.g. for screen readers and the page header. */
export function graphSummary(graph: TopologyGraph): string {
  const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
  const nodes = (kind: GraphNodeKind): number => graph.nodes.filter((n) => n.kind === kind).length;
  const edges = (kind: GraphEdgeKind): number => graph.edges.filter((e) => e.kind === kind).length;
  return [
    count(graph.namespaces.length, 'namespace'),
    count(nodes('workload'), 'workload'),
    count(nodes('service'), 'Service'),
    count(nodes('ingress') + nodes('route'), 'entry route'),
    count(edges('traffic'), 'allowed traffic path'),
    ...(edges('blocked') > 0 ? [count(edges('blocked'), 'blocked path')] : []),
    count(nodes('claim') + nodes('claim-template'), 'claim'),
  ].join(', ');
}
