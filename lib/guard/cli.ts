import * as fs from 'fs';
import * as path from 'path';
import { loadGuardBaseline } from './baseline';
import { guardChanges, guardHasErrors } from './compare';
import { guardReportJson, formatGuardReport } from './report';
import { loadManifests } from '../manifests/yaml';
import { isDnsLabel } from '../kube/names';
import { readArguments, reportFormat, UsageError } from '../cli/args';

/** Where the CLI writes; tests pass their own. */
export interface GuardCliIo {
  /** Receives the report. */
  readonly out: (text: string) => void;
  /** Receives usage and load errors. */
  readonly err: (text: string) => void;
}

const USAGE = `usage: shipshape guard --baseline <dir|git-rev> [new-dir] [options]

Compares the new synth output (new-dir, default: dist) with a baseline and reports changes that
kubectl apply would reject (immutable fields), that would lose data, or that hurt availability.

  --baseline <dir|rev>  a directory of previously synthesized manifests, or a git revision
                        (e.g. origin/main) whose manifest directory is read through git
  --dir <path>          the manifest directory inside the git revision (default: new-dir, or dist)
  --default-namespace <ns>
                        the namespace objects without metadata.namespace are applied to, as
                        kubectl apply -n <ns> or the kubeconfig context would (default: default)
  --format text|json    report format (default: text)
  -h, --help            show this help

Exit codes: 0 no errors (warnings may be printed), 1 errors found, 2 usage or input error.
`;

interface CliOptions {
  baseline?: string;
  dir?: string;
  defaultNamespace?: string;
  format: 'text' | 'json';
  next?: string;
  help: boolean;
}

function parseArgs(args: readonly string[]): CliOptions {
  const options: CliOptions = { format: 'text', help: false };
  readArguments(args, (option) => {
    switch (option.flag) {
      case '-h': case '--help': options.help = true; return true;
      case '--baseline': options.baseline = option.value(); return true;
      case '--dir': options.dir = option.value(); return true;
      case '--format': options.format = reportFormat(option); return true;
      case '--default-namespace': {
        const namespace = option.value();
        if (!isDnsLabel(namespace)) throw new UsageError(`--default-namespace must be a namespace name (a DNS-1123 label), got ${namespace}`);
        options.defaultNamespace = namespace;
        return true;
      }
      default: return false;
    }
  }, (arg) => {
    if (options.next !== undefined) throw new UsageError(`only one new-dir may be given, got ${options.next} and ${arg}`);
    options.next = arg;
  });
  return options;
}

const processIo: GuardCliIo = {
  out: (text) => { process.stdout.write(text); },
  err: (text) => { process.stderr.write(text); },
};

/**
 * `shipshape guard --baseline <dir|git-rev> [new-dir]`: loads both sides, compares them and prints
 * the report. Resolves to the exit code: 0 without errors, 1 with errors, 2 on bad usage or input.
 */
export async function main(args: string[], io: GuardCliIo = processIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`shipshape guard: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.out(USAGE);
    return 0;
  }
  if (!options.baseline) {
    io.err(`shipshape guard: --baseline is required\n\n${USAGE}`);
    return 2;
  }
  const nextDir = options.next ?? 'dist';
  try {
    if (!fs.existsSync(nextDir)) throw new Error(`${nextDir}: no such directory (run \`npm run synth\` first)`);
    const next = loadManifests([nextDir]);
    const gitDir = options.dir ?? (path.relative(process.cwd(), path.resolve(nextDir)) || '.');
    const baseline = loadGuardBaseline(options.baseline, { dir: gitDir });
    const findings = guardChanges(baseline.manifests, next, { defaultNamespace: options.defaultNamespace });
    const input = {
      baseline: baseline.origin.location,
      next: nextDir,
      baselineObjects: baseline.manifests.length,
      nextObjects: next.length,
      findings,
    };
    io.out(options.format === 'json' ? `${JSON.stringify(guardReportJson(input), null, 2)}\n` : formatGuardReport(input));
    return guardHasErrors(findings) ? 1 : 0;
  } catch (error) {
    io.err(`shipshape guard: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
