import * as fs from 'fs';
import * as path from 'path';
import { readArguments, UsageError } from '../cli/args';
import { loadManifests } from '../manifests/yaml';
import { checkManifests, summaryLine } from '../policy';
import { buildGraph } from './build';
import { renderDot } from './dot';
import { loadMermaidBundle, renderHtml } from './html';
import { renderMermaid } from './mermaid';

/** Where the CLI writes; tests pass their own. */
export interface GraphCliIo {
  /** Receives the picture when no output file is given, and the help text. */
  readonly out: (text: string) => void;
  /** Receives usage errors, load errors and the `--check` summary. */
  readonly err: (text: string) => void;
}

/** The output formats of `shipshape graph`. */
export type GraphFormat = 'mermaid' | 'html' | 'dot';

const FORMATS: readonly GraphFormat[] = ['mermaid', 'html', 'dot'];

const FORMAT_BY_EXTENSION: Readonly<Record<string, GraphFormat>> = {
  '.html': 'html', '.htm': 'html', '.dot': 'dot', '.gv': 'dot', '.mmd': 'mermaid', '.mermaid': 'mermaid',
};

const USAGE = `usage: shipshape graph [dir|file]... [--format mermaid|html|dot] [-o file] [options]

Draws the topology of Kubernetes YAML/JSON manifests (default: dist): namespaces, workloads,
Services, Ingress and HTTPRoute entry points, the traffic the NetworkPolicies allow, claims and
claim templates, and host access.

  --format FORMAT     mermaid  a flowchart for Markdown (a \`\`\`mermaid block renders on GitHub)
                      html     a self-contained page that renders offline (needs the mermaid package)
                      dot      Graphviz DOT (dot -Tsvg)
                      (default: from the extension of the -o file, else mermaid)
  -o, --output FILE   write to FILE instead of standard output
  --check             mark the objects the policy check (shipshape check) flags
  --dns               draw DNS-only egress (port 53) as edges; by default it is left out
  --title TEXT        the heading of the html page (default: Kubernetes topology)
  -h, --help          show this help

Exit status: 0 the picture was written, 2 bad usage, unreadable input or a missing mermaid package.
`;

interface CliOptions {
  paths: string[];
  format?: GraphFormat;
  output?: string;
  check: boolean;
  dns: boolean;
  title?: string;
  help: boolean;
}

function parseArgs(args: readonly string[]): CliOptions {
  const options: CliOptions = { paths: [], check: false, dns: false, help: false };
  readArguments(args, (option) => {
    switch (option.flag) {
      case '-h': case '--help': options.help = true; return true;
      case '--check': options.check = true; return true;
      case '--dns': options.dns = true; return true;
      case '-o': case '--output': options.output = option.value(); return true;
      case '--title': options.title = option.value(); return true;
      case '--format': {
        const format = option.value();
        if (!FORMATS.includes(format as GraphFormat)) throw new UsageError(`--format must be mermaid, html or dot, got ${format}`);
        options.format = format as GraphFormat;
        return true;
      }
      default: return false;
    }
  }, (arg) => { options.paths.push(arg); });
  return options;
}

const processIo: GraphCliIo = {
  out: (text) => { process.stdout.write(text); },
  err: (text) => { process.stderr.write(text); },
};

/**
 * `shipshape graph [dir|file]... [--format mermaid|html|dot] [-o file]`: reads the manifests,
 * builds their topology and writes it. Resolves to the exit code: 0 when the picture was written,
 * 2 on bad usage, unreadable input or (for html) a missing mermaid package. Findings of `--check`
 * mark the picture but never fail the command: `shipshape check` is the gate.
 */
export async function main(args: readonly string[], io: GraphCliIo = processIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`shipshape graph: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.out(USAGE);
    return 0;
  }
  const format = options.format ?? FORMAT_BY_EXTENSION[path.extname(options.output ?? '').toLowerCase()] ?? 'mermaid';
  try {
    const paths = options.paths.length > 0 ? options.paths : ['dist'];
    if (options.paths.length === 0 && !fs.existsSync('dist')) throw new Error('dist: no such directory (run `npm run synth` first, or name the manifests)');
    // Load the renderer before the work, so a missing package fails fast.
    const mermaid = format === 'html' ? loadMermaidBundle() : undefined;
    const manifests = loadManifests(paths);
    let findings;
    if (options.check) {
      const report = checkManifests(manifests);
      findings = report.findings;
      io.err(`shipshape graph: policy check: ${summaryLine(report)}\n`);
    }
    const graph = buildGraph(manifests, { findings, dns: options.dns });
    const text = format === 'html' ? renderHtml(graph, { mermaid: mermaid!, title: options.title })
      : format === 'dot' ? renderDot(graph)
        : renderMermaid(graph);
    if (options.output) fs.writeFileSync(options.output, text);
    else io.out(text);
    return 0;
  } catch (error) {
    io.err(`shipshape graph: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
