import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Manifest } from '../../lib/manifests/manifest';
import { buildGraph, loadMermaidBundle, renderHtml, TopologyGraph } from '../../lib/graph';
import { chromiumMissing, HeadlessChromium } from '../support/chromium';
import { countColor, decodePng, nonBackgroundShare } from '../support/png';
import { deployment, exampleStackManifests, service } from './fixtures';

const mermaid = loadMermaidBundle();

describe('the HTML page', () => {
  const graph = buildGraph([deployment('web', 'web'), service('web', 'web')]);
  const page = renderHtml(graph, { mermaid, title: 'Web <topology>' });

  test('inlines the mermaid bundle and loads nothing from anywhere: no external script, style or link, and a policy that forbids fetches', () => {
    const markup = page.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
    expect(markup.match(/<[a-z]+\b[^>]*\s(src|href)=[^>]*>|<link\b[^>]*>/gi)).toBeNull();
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">`);
    expect(page).toContain(`/* mermaid ${mermaid.version}, MIT License */`);
    expect(page.length).toBeGreaterThan(mermaid.script.length);
  });

  test('no text inside a script element can end it early', () => {
    expect(page.match(/<\/script/gi)).toHaveLength(2);
    expect(page.match(/<script/gi)).toHaveLength(2);
  });

  test('escapes the title', () => {
    expect(page).toContain('<title>Web &lt;topology&gt;</title>');
  });

  test('without the mermaid package the page cannot be made, and the error says how to install it', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-no-mermaid-'));
    expect(() => loadMermaidBundle([empty])).toThrow('the html format inlines the browser bundle of the mermaid package, which is not installed: run `npm install --save-dev mermaid@11` in your project (the mermaid and dot formats need nothing)');
  });
});

const missing = chromiumMissing();
if (missing) console.log(`skipping the headless browser tests of the HTML page: ${missing}`);

/** What a page showed in the browser. */
interface Rendered {
  readonly state: string;
  readonly nodeLabels: string[];
  readonly edgeLabels: string[];
  readonly edges: number;
  readonly requests: string[];
  readonly problems: string[];
  readonly screenshot: Buffer;
}

(missing ? describe.skip : describe)('the HTML page in headless Chromium', () => {
  let browser: HeadlessChromium;
  beforeAll(async () => {
    browser = await HeadlessChromium.launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens the page from a file, waits until the diagram is drawn (or failed) and looks at it. */
  async function render(graph: TopologyGraph): Promise<Rendered> {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-graph-html-')), 'topology.html');
    fs.writeFileSync(file, renderHtml(graph, { mermaid }));
    const session = await browser.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    browser.onEvent((m) => {
      if (m.sessionId !== session) return;
      if (m.method === 'Network.requestWillBeSent') requests.push(String((m.params!.request as { url: string }).url));
      if (m.method === 'Log.entryAdded') problems.push(String((m.params!.entry as { text: string }).text));
      if (m.method === 'Runtime.exceptionThrown') problems.push(JSON.stringify(m.params!.exceptionDetails));
      if (m.method === 'Runtime.consoleAPICalled' && ['error', 'warning'].includes(String(m.params!.type))) problems.push(JSON.stringify(m.params!.args));
    });
    for (const domain of ['Network', 'Log', 'Runtime', 'Page']) await browser.send(`${domain}.enable`, {}, session);
    await browser.send('Emulation.setDeviceMetricsOverride', { width: 1600, height: 1000, deviceScaleFactor: 1, mobile: false }, session);
    await browser.send('Page.navigate', { url: `file://${file}` }, session);
    await browser.waitFor(session, 'document.body && document.body.dataset.rendered');
    const state = await browser.evaluate<string>(session, 'document.body.dataset.rendered + ": " + document.getElementById("diagram").textContent.slice(0, 500)');
    const nodeLabels = await browser.evaluate<string[]>(session, '[...document.querySelectorAll("#diagram svg g.node")].map((n) => n.textContent.trim())');
    const edgeLabels = await browser.evaluate<string[]>(session, '[...document.querySelectorAll("#diagram svg g.edgeLabel")].map((l) => l.textContent.trim()).filter((t) => t !== "")');
    const edges = await browser.evaluate<number>(session, 'document.querySelectorAll("#diagram svg path.flowchart-link").length');
    const box = await browser.evaluate<{ x: number; y: number; width: number; height: number }>(session,
      '(() => { const r = document.querySelector("#diagram svg").getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })()');
    const shot = await browser.send('Page.captureScreenshot', { format: 'png', clip: { ...box, scale: 1 }, captureBeyondViewport: true }, session);
    return { state, nodeLabels, edgeLabels, edges, requests, problems, screenshot: Buffer.from(String(shot.data), 'base64') };
  }

  describe('the example stack', () => {
    let graph: TopologyGraph;
    let rendered: Rendered;
    beforeAll(async () => {
      graph = buildGraph(exampleStackManifests());
      rendered = await render(graph);
    }, 60_000);

    test('renders the diagram without an error', () => {
      expect(rendered.state).toMatch(/^true: /);
      expect(rendered.problems).toEqual([]);
    });

    test('the SVG holds every node, with its label, and every edge', () => {
      const expected = graph.nodes.map((n) => n.title);
      expect(rendered.nodeLabels).toHaveLength(graph.nodes.length);
      for (const title of expected) expect(rendered.nodeLabels.some((label) => label.startsWith(title))).toBe(true);
      expect(rendered.nodeLabels).toContain('Deployment api3 replicas');
      expect(rendered.edges).toBe(graph.edges.length);
    });

    test('loads nothing but the page itself', () => {
      expect(rendered.requests.filter((url) => !url.startsWith('data:'))).toEqual([expect.stringMatching(/^file:\/\/.*topology\.html$/)]);
    });

    test('the screenshot shows the diagram: drawn, with workload, Service, entry-point and storage colours', () => {
      const image = decodePng(rendered.screenshot);
      expect(image.width).toBeGreaterThan(800);
      expect(nonBackgroundShare(image)).toBeGreaterThan(0.1);
      expect(countColor(image, '#e3f2fd')).toBeGreaterThan(10_000);
      expect(countColor(image, '#ede7f6')).toBeGreaterThan(5_000);
      expect(countColor(image, '#fff3e0')).toBeGreaterThan(1_000);
      expect(countColor(image, '#eceff1')).toBeGreaterThan(1_000);
    });
  });

  test('labels with characters Mermaid and HTML give a meaning to show as written', async () => {
    const awkward = '/a"b<c>#d;&e`f|g[h]{i}(j)';
    const ingress: Manifest = {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'odd', namespace: 'web' },
      spec: { rules: [{ host: 'x.example.com', http: { paths: [{ path: awkward, pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    };
    const rendered = await render(buildGraph([deployment('web', 'web'), service('web', 'web'), ingress]));
    expect(rendered.state).toMatch(/^true: /);
    expect(rendered.edgeLabels).toContain(`http://x.example.com${awkward}`);
    expect(rendered.problems).toEqual([]);
  }, 60_000);
});
