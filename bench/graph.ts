// The topology graph over the N = 1,000 fleet output. Writes the fleet's YAML to --out=DIR once
// (untimed; later runs reuse it), then times what `shipshape graph DIR` does in its process:
// reading the YAML, building the graph, and rendering each format. Prints one JSON line.
// Run: node -r ./bin/register.js bench/graph.ts 1000 --out=bench/.out/graph
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App } from 'cdk8s';
import { parseManifests } from '../lib/manifests/yaml';
import { buildGraph, loadMermaidBundle, renderDot, renderHtml, renderMermaid } from '../lib/graph';
import { fleetSizeFromArgs } from './fleet';
import { buildFleet } from './scale';

/** What a graph run prints. */
export interface GraphResult {
  /** Objects in the fleet output. */
  readonly objects: number;
  /** Nodes and edges of the graph. */
  readonly nodes: number;
  readonly edges: number;
  /** Reading the YAML into objects, in milliseconds. */
  readonly parseMs: number;
  /** `buildGraph`, in milliseconds. */
  readonly buildMs: number;
  /** Rendering each format, in milliseconds (html includes reading the mermaid bundle). */
  readonly mermaidMs: number;
  readonly dotMs: number;
  readonly htmlMs: number;
  /** Size of each output, in kilobytes. */
  readonly kb: { readonly mermaid: number; readonly dot: number; readonly html: number };
}

/** The file the fleet's YAML is written to in `dir`. */
export function fleetYamlFile(dir: string): string {
  return path.join(dir, 'fleet.k8s.yaml');
}

function main(): void {
  const args = process.argv.slice(2);
  const n = fleetSizeFromArgs(args);
  const dir = args.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  if (!dir) throw new Error('--out=DIR is required');
  const file = fleetYamlFile(dir);
  if (!fs.existsSync(file)) {
    const app = new App();
    buildFleet(app, n);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, app.synthYaml());
  }

  let t = performance.now();
  const manifests = parseManifests(fs.readFileSync(file, 'utf8'), file);
  const parseMs = performance.now() - t;
  t = performance.now();
  const graph = buildGraph(manifests);
  const buildMs = performance.now() - t;
  t = performance.now();
  const mermaid = renderMermaid(graph);
  const mermaidMs = performance.now() - t;
  t = performance.now();
  const dot = renderDot(graph);
  const dotMs = performance.now() - t;
  t = performance.now();
  const html = renderHtml(graph, { mermaid: loadMermaidBundle() });
  const htmlMs = performance.now() - t;

  const kb = (text: string): number => Buffer.byteLength(text) / 1024;
  const result: GraphResult = {
    objects: manifests.length, nodes: graph.nodes.length, edges: graph.edges.length,
    parseMs, buildMs, mermaidMs, dotMs, htmlMs,
    kb: { mermaid: kb(mermaid), dot: kb(dot), html: kb(html) },
  };
  console.log(JSON.stringify(result));
}

if (require.main === module) main();
