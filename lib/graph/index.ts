export * from './model';
export { buildGraph } from './build';
export type { GraphOptions } from './build';
export { renderMermaid } from './mermaid';
export { renderDot } from './dot';
export { renderHtml, loadMermaidBundle } from './html';
export type { HtmlOptions, MermaidBundle } from './html';
export { formatPorts } from './ports';
export type { PortSet, PortRange, NamedPort } from './ports';
