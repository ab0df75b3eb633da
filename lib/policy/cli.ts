import { DEFAULT_MAX_FILE_BYTES, formatBytes, loadManifests } from '../manifests/yaml';
import { checkManifests } from './engine';
import { formatReport, reportJson } from './report';
import { PodSecurityLevel } from '../kube/pod-security';
import { podSecurityLevelOption, readArguments, reportFormat, UsageError } from '../cli/args';

const USAGE = `usage: shipshape check <dir|file>... [--format text|json] [--default-level restricted|baseline|privileged]
                       [--max-file-size SIZE]

Checks Kubernetes YAML/JSON manifests against the Shipshape policy rules
(Pod Security Standards, the Kubernetes 1.28 schema, and kube-score / kube-linter / Polaris best
practices). Directories are searched for .yaml, .yml and .json files; a file named on the command
line is read whatever its name. Only regular files are read.

  --format text|json      report format (default: text)
  --default-level LEVEL   Pod Security Standards profile for pods whose Namespace is not in the
                          checked files or has no pod-security.kubernetes.io/enforce label
                          (default: restricted)
  --max-file-size SIZE    refuse files larger than SIZE bytes; suffixes KiB, MiB, GiB
                          (default: ${formatBytes(DEFAULT_MAX_FILE_BYTES).replace(' ', '')})

Exit status: 0 no error findings, 1 error findings, 2 bad usage or unreadable input.`;

interface Args {
  readonly paths: string[];
  readonly format: 'text' | 'json';
  readonly level?: PodSecurityLevel;
  readonly maxFileBytes?: number;
  readonly help: boolean;
}

const SIZE_UNITS: Record<string, number> = { '': 1, B: 1, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3 };

/** `1048576`, `512KiB`, `64MiB`, `1GiB` as bytes; undefined when not a positive size. */
export function parseSize(text: string | undefined): number | undefined {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text?.trim() ?? '');
  const unit = match ? SIZE_UNITS[match[2].toUpperCase()] : undefined;
  if (!match || unit === undefined) return undefined;
  const bytes = Number(match[1]) * unit;
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

function parseArgs(args: readonly string[]): Args {
  const paths: string[] = [];
  let format: 'text' | 'json' = 'text';
  let level: PodSecurityLevel | undefined;
  let maxFileBytes: number | undefined;
  let help = false;
  readArguments(args, (option) => {
    switch (option.flag) {
      case '-h': case '--help': help = true; return true;
      case '--format': format = reportFormat(option); return true;
      case '--default-level': level = podSecurityLevelOption(option); return true;
      case '--max-file-size': {
        const value = option.value();
        maxFileBytes = parseSize(value);
        if (maxFileBytes === undefined) throw new UsageError(`--max-file-size must be a size such as 64MiB or 1048576, got ${value}`);
        return true;
      }
      default: return false;
    }
  }, (arg) => { paths.push(arg); });
  if (!help && paths.length === 0) throw new UsageError('no files or directories given');
  return { paths, format, level, maxFileBytes, help };
}

/**
 * The `shipshape check` command. Returns the exit code: 0 when no error finding remains, 1 when
 * some does, 2 on bad usage or unreadable input. Output goes to stdout (report) and stderr (usage).
 *
 * @param args command-line arguments after `check`
 */
export async function main(args: readonly string[]): Promise<number> {
  let parsed: Args;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`shipshape check: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  let manifests;
  try {
    manifests = loadManifests(parsed.paths, { maxFileBytes: parsed.maxFileBytes });
  } catch (error) {
    console.error(`shipshape check: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const report = checkManifests(manifests, { defaultPodSecurityLevel: parsed.level });
  console.log(parsed.format === 'json' ? reportJson(report) : formatReport(report));
  return report.errors > 0 ? 1 : 0;
}
