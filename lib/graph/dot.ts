import { GraphEdge, GraphEdgeKind, GraphNode, nodeLabelLines, TopologyGraph } from './model';
import { graphSummary, nodeClasses, Style, STYLE } from './style';

/** Graphviz shapes by node kind (workloads by their Kubernetes kind). */
const SHAPES: Readonly<Record<string, string>> = {
  Deployment: 'box',
  StatefulSet: 'box3d',
  DaemonSet: 'hexagon',
  CronJob: 'parallelogram',
  Job: 'trapezium',
  workload: 'box',
  service: 'ellipse',
  ingress: 'cds',
  route: 'cds',
  gateway: 'invtrapezium',
  claim: 'cylinder',
  'claim-template': 'cylinder',
  entry: 'oval',
  anywhere: 'oval',
  'pod-group': 'box',
  'external-pods': 'box',
  'ip-block': 'box',
  host: 'house',
  findings: 'note',
};

const EDGE_ATTRIBUTES: Readonly<Record<GraphEdgeKind, Readonly<Record<string, string>>>> = {
  route: { style: 'bold' },
  traffic: {},
  blocked: { style: 'dashed', arrowhead: 'tee' },
  storage: { style: 'dotted', dir: 'none' },
  host: { style: 'dotted' },
};

/** The graph in Graphviz DOT: `dot -Tsvg graph.dot > graph.svg`. Namespaces are clusters. */
export function renderDot(graph: TopologyGraph): string {
  const out = [
    'digraph topology {',
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=11, labelloc=t, label=${quote(`Topology of ${graph.objects} Kubernetes objects: ${graphSummary(graph)}`)}];`,
    '  node [fontname="Helvetica", fontsize=10, style=filled];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const byNamespace = new Map<string, GraphNode[]>();
  for (const node of graph.nodes) {
    if (node.namespace === undefined) out.push(`  ${nodeStatement(node)}`);
    else byNamespace.set(node.namespace, [...(byNamespace.get(node.namespace) ?? []), node]);
  }
  for (const ns of graph.namespaces) {
    out.push(`  subgraph ${quote(`cluster_${ns.id}`)} {`);
    out.push(`    label=${quote(ns.title)}; style=${ns.inInput ? '"rounded"' : '"rounded,dashed"'}; color="#9e9e9e";`);
    for (const node of byNamespace.get(ns.name) ?? []) out.push(`    ${nodeStatement(node)}`);
    out.push('  }');
  }
  for (const edge of graph.edges) out.push(`  ${edgeStatement(edge)}`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

function nodeStatement(node: GraphNode): string {
  const style: Record<string, string> = {};
  for (const cls of nodeClasses(node)) Object.assign(style, STYLE.classes[cls]);
  const shape = SHAPES[node.objectKind ?? ''] ?? SHAPES[node.kind];
  const attributes: Record<string, string> = {
    label: nodeLabelLines(node).join('\n'),
    shape,
    ...dotStyle(style, node.objectKind === 'Deployment' ? ['rounded'] : []),
  };
  return `${quote(node.id)} [${formatAttributes(attributes)}];`;
}

function edgeStatement(edge: GraphEdge): string {
  const attributes: Record<string, string> = {
    ...(edge.label.length > 0 ? { label: edge.label.join('\n') } : {}),
    ...edgeStyle(STYLE.edges[edge.kind]),
    ...EDGE_ATTRIBUTES[edge.kind],
    ...(edge.bothWays ? { dir: 'both' } : {}),
  };
  return `${quote(edge.from)} -> ${quote(edge.to)} [${formatAttributes(attributes)}];`;
}

/** Graphviz node attributes from a CSS-like style. */
function dotStyle(style: Style, extraStyles: readonly string[]): Record<string, string> {
  const styles = ['filled', ...extraStyles, ...(style['stroke-dasharray'] ? ['dashed'] : [])];
  return {
    style: styles.join(','),
    ...(style.fill ? { fillcolor: style.fill } : {}),
    ...(style.stroke ? { color: style.stroke } : {}),
    ...(style.color ? { fontcolor: style.color } : {}),
    ...(style['stroke-width'] ? { penwidth: String(parseFloat(style['stroke-width'])) } : {}),
  };
}

function edgeStyle(style: Style): Record<string, string> {
  return {
    ...(style.stroke ? { color: style.stroke, fontcolor: style.stroke } : {}),
    ...(style['stroke-width'] ? { penwidth: String(parseFloat(style['stroke-width'])) } : {}),
  };
}

function formatAttributes(attributes: Readonly<Record<string, string>>): string {
  return Object.entries(attributes).map(([key, value]) => `${key}=${quote(value)}`).join(', ');
}

/**
 * A DOT double-quoted string. Backslashes are doubled so that Graphviz's label escapes (`\l`, `\N`)
 * never fire on user text; line breaks become `\n`.
 */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}
