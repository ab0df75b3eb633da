import * as fs from 'fs';
import * as path from 'path';
import { renderMermaid } from './mermaid';
import { TopologyGraph } from './model';
import { graphSummary, Style, STYLE } from './style';

/** The mermaid package's browser bundle, to be inlined into a page. */
export interface MermaidBundle {
  /** The package version, e.g. `11.17.2`. */
  readonly version: string;
  /** The bundle's JavaScript (`mermaid/dist/mermaid.min.js`), which defines a global `mermaid`. */
  readonly script: string;
}

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** The renderer to inline, from {@link loadMermaidBundle}. */
  readonly mermaid: MermaidBundle;
  /**
   * The page title and heading.
   * @default 'Kubernetes topology'
   */
  readonly title?: string;
}

const BUNDLE = 'mermaid/dist/mermaid.min.js';

/**
 * Finds the mermaid package's browser bundle: first from `searchFrom` (by default the current
 * directory, i.e. the user's project, then Shipshape's own location). mermaid is an optional peer
 * dependency: only the HTML format needs it, and it is large, so it is not installed with
 * Shipshape. Throws an error that says how to install it when it is missing.
 */
export function loadMermaidBundle(searchFrom: readonly string[] = [process.cwd(), __dirname]): MermaidBundle {
  let file: string;
  try {
    file = require.resolve(BUNDLE, { paths: [...searchFrom] });
  } catch {
    throw new Error('the html format inlines the browser bundle of the mermaid package, which is not installed: '
      + 'run `npm install --save-dev mermaid@11` in your project (the mermaid and dot formats need nothing)');
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(file), '..', 'package.json'), 'utf8')) as { version?: string };
  return { version: manifest.version ?? 'unknown', script: fs.readFileSync(file, 'utf8') };
}

/**
 * A self-contained HTML page that renders the graph with the inlined mermaid bundle: no network
 * access at all (its Content-Security-Policy forbids every fetch), so it opens offline, from a CI
 * artifact or an e-mail. `document.body.dataset.rendered` becomes `true` once the diagram is drawn,
 * `error` (with the message on the page) when it cannot be.
 */
export function renderHtml(graph: TopologyGraph, options: HtmlOptions): string {
  const title = options.title ?? 'Kubernetes topology';
  const source = renderMermaid(graph);
  const config = {
    startOnLoad: false,
    securityLevel: 'strict',
    // Mermaid refuses large diagrams by default (50,000 characters, 500 edges): this one is known.
    maxTextSize: source.length + 1,
    maxEdges: graph.edges.length + 1,
    flowchart: { useMaxWidth: true },
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="generator" content="shipshape graph">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; color: #212121; }
header { padding: 12px 20px; border-bottom: 1px solid #e0e0e0; display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
h1 { font-size: 18px; margin: 0; }
header p { margin: 0; color: #616161; }
button { font: inherit; }
#diagram { padding: 16px; overflow: auto; }
#diagram.actual-size svg { max-width: none !important; }
#diagram.failed { color: #c62828; white-space: pre-wrap; font-family: monospace; }
section { padding: 0 20px 16px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0; padding: 0; list-style: none; font-size: 13px; }
.swatch { display: inline-block; width: 14px; height: 10px; margin-right: 6px; border: 2px solid; vertical-align: middle; }
pre { font-size: 12px; overflow: auto; background: #fafafa; padding: 8px; }
</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(`${graph.objects} objects: ${graphSummary(graph)}`)}</p>
<button type="button" id="size">Actual size</button>
</header>
<div id="diagram" role="img" aria-label="${escapeHtml(graphSummary(graph))}">Rendering the diagram…</div>
<section>
${legend()}
<details><summary>Mermaid source</summary><pre>${escapeHtml(source)}</pre></details>
</section>
<script>/* mermaid ${escapeHtml(options.mermaid.version)}, MIT License */
${inlineScript(options.mermaid.script)}
</script>
<script>
(async function () {
  var root = document.getElementById('diagram');
  var toggle = document.getElementById('size');
  toggle.addEventListener('click', function () {
    var actual = root.classList.toggle('actual-size');
    toggle.textContent = actual ? 'Fit to width' : 'Actual size';
  });
  try {
    mermaid.initialize(${inlineScript(JSON.stringify(config))});
    var result = await mermaid.render('topology', ${inlineScript(JSON.stringify(source))});
    root.innerHTML = result.svg;
    document.body.dataset.rendered = 'true';
  } catch (error) {
    root.className = 'failed';
    root.textContent = 'The diagram could not be rendered: ' + (error && error.message ? error.message : error);
    document.body.dataset.rendered = 'error';
  }
})();
</script>
</body>
</html>
`;
}

function legend(): string {
  const box = (text: string, style: Style): string => swatch(text, `background:${style.fill};border-color:${style.stroke}${style['stroke-dasharray'] ? ';border-style:dashed' : ''}`);
  const line = (text: string, style: Style, dashed = false): string => swatch(text, `height:0;border-width:3px 0 0 0;border-color:${style.stroke}${dashed ? ';border-style:dashed' : ''}`);
  const c = STYLE.classes;
  const items = [
    box('workload', c.workload), box('Service', c.service), box('Ingress, HTTPRoute, Gateway', c.entrypoint),
    box('claim, claim template', c.storage), box('peer outside the drawn workloads', c.peer), box('node host', c.host),
    line('routed requests', STYLE.edges.route), line('traffic the NetworkPolicies allow', STYLE.edges.traffic),
    line('traffic one side allows and the other blocks', STYLE.edges.blocked, true), line('volume, host access', STYLE.edges.storage, true),
  ];
  return `<ul class="legend">${items.join('')}</ul>`;
}

function swatch(text: string, css: string): string {
  return `<li><span class="swatch" style="${css}"></span>${escapeHtml(text)}</li>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * JavaScript made safe inside an HTML `<script>` element: `</script`, `<script` and `<!--` would
 * end the element or switch the HTML parser into its escaped states. In the strings, regular
 * expressions and comments where they can occur, `\x3C` reads as the same '<'.
 */
function inlineScript(code: string): string {
  return code.replace(/<(\/?script|!--)/gi, '\\x3C$1');
}
