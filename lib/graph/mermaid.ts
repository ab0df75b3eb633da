import { GraphEdge, GraphEdgeKind, GraphNode, nodeLabelLines, TopologyGraph } from './model';
import { graphSummary, nodeClasses, STYLE } from './style';

/** Mermaid shape brackets by node kind (workloads by their Kubernetes kind). */
const SHAPES: Readonly<Record<string, readonly [string, string]>> = {
  Deployment: ['(', ')'],
  StatefulSet: ['[[', ']]'],
  DaemonSet: ['{{', '}}'],
  CronJob: ['[/', '/]'],
  Job: ['[\\', '\\]'],
  workload: ['[', ']'],
  service: ['([', '])'],
  ingress: ['>', ']'],
  route: ['>', ']'],
  gateway: ['[/', '\\]'],
  claim: ['[(', ')]'],
  'claim-template': ['[(', ')]'],
  entry: ['((', '))'],
  anywhere: ['((', '))'],
  host: ['[\\', '/]'],
};

/** Arrow syntax by edge kind: routes thick, traffic plain, blocked crossed out, storage and host dotted. */
const ARROWS: Readonly<Record<GraphEdgeKind, string>> = {
  route: '==>',
  traffic: '-->',
  blocked: '-.-x',
  storage: '-.-',
  host: '-.->',
};

/**
 * The graph as a Mermaid flowchart: GitHub and GitLab render it inside a ```mermaid block of any
 * Markdown file. Namespaces are subgraphs; shapes and colours tell kinds apart (see the legend in
 * the documentation).
 */
export function renderMermaid(graph: TopologyGraph): string {
  const out = ['flowchart LR', `  accTitle: Topology of ${graph.objects} Kubernetes objects`, `  accDescr: ${graphSummary(graph)}`];
  const byNamespace = new Map<string, GraphNode[]>();
  for (const node of graph.nodes) {
    if (node.namespace === undefined) out.push(`  ${nodeLine(node)}`);
    else byNamespace.set(node.namespace, [...(byNamespace.get(node.namespace) ?? []), node]);
  }
  for (const ns of graph.namespaces) {
    out.push(`  subgraph ${ns.id}["${escapeText(ns.title)}"]`);
    for (const node of byNamespace.get(ns.name) ?? []) out.push(`    ${nodeLine(node)}`);
    out.push('  end');
  }
  for (const edge of graph.edges) out.push(`  ${edgeLine(edge)}`);

  for (const [cls, style] of Object.entries(STYLE.classes)) out.push(`  classDef ${cls} ${mermaidStyle(style)}`);
  const classes = new Map<string, string[]>();
  for (const node of graph.nodes) {
    for (const cls of nodeClasses(node)) classes.set(cls, [...(classes.get(cls) ?? []), node.id]);
  }
  for (const [cls, ids] of classes) out.push(`  class ${ids.join(',')} ${cls}`);
  for (const ns of graph.namespaces) {
    if (!ns.inInput) out.push(`  style ${ns.id} ${mermaidStyle(STYLE.namespaceNotInInput)}`);
  }
  const byKind = new Map<GraphEdgeKind, number[]>();
  graph.edges.forEach((edge, i) => byKind.set(edge.kind, [...(byKind.get(edge.kind) ?? []), i]));
  for (const [kind, indexes] of [...byKind].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out.push(`  linkStyle ${indexes.join(',')} ${mermaidStyle(STYLE.edges[kind])}`);
  }
  return `${out.join('\n')}\n`;
}

function nodeLine(node: GraphNode): string {
  const [open, close] = SHAPES[node.objectKind ?? ''] ?? SHAPES[node.kind] ?? ['[', ']'];
  return `${node.id}${open}"${nodeLabelLines(node).map(escapeText).join('<br>')}"${close}`;
}

function edgeLine(edge: GraphEdge): string {
  const arrow = edge.bothWays ? `<${ARROWS[edge.kind]}` : ARROWS[edge.kind];
  const label = edge.label.length > 0 ? `|"${edge.label.map(escapeText).join('<br>')}"|` : '';
  return `${edge.from} ${arrow}${label} ${edge.to}`;
}

/** `fill:#fff,stroke:#333` from a style record. */
function mermaidStyle(style: Readonly<Record<string, string>>): string {
  return Object.entries(style).map(([key, value]) => `${key}:${value}`).join(',');
}

/**
 * Text inside a quoted Mermaid label. Mermaid reads `#name;` and `#123;` as entities and the label
 * as HTML, so '#', quotes, angle brackets, '&' and backticks (Markdown strings) are written as
 * entity codes.
 */
export function escapeText(text: string): string {
  return text.replace(/[#"<>&`]/g, (c) => `#${c.charCodeAt(0)};`);
}
