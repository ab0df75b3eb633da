import { spawnSync } from 'child_process';
import * as path from 'path';
import { loadGuardBaseline, GuardBaseline } from '../guard/baseline';
import { guardChanges, guardHasErrors } from '../guard/compare';
import { formatGuardReport, guardReportJson } from '../guard/report';
import { PodSecurityLevel } from '../kube/pod-security';
import { podSecurityLevelOption, readArguments, reportFormat, UsageError } from '../cli/args';
import { CheckOptions } from '../policy/engine';
import { formatReport, reportJson, summaryLine } from '../policy/report';
import { resolveProject, SynthConfigError, SynthProject } from './project';
import { SynthOutput, SynthRejected, synthesize } from './synth';
import { forgetModules, outputChanges, watchSources } from './watch';

const USAGE = `usage: shipshape synth [app-file] [-o|--output dir] [options]

Runs the cdk8s app in this process (TypeScript without a type-check), validates every construct,
runs the policy check over every object, and only then writes the manifests: into a new directory
that replaces the output whole. A failed synth leaves the previous output as it was. The app file
and the output directory default to cdk8s.yaml's app and output (then dist).

  -o, --output <dir>      where to write (default: cdk8s.yaml's output, or dist)
  --typecheck             run the TypeScript type-check (tsc --noEmit) first
  --guard <dir|git-rev>   after writing, compare with a baseline: a directory of YAML or a git
                          revision whose output directory is read through git (e.g. origin/main)
  --watch                 synthesize again whenever a source file changes, printing what changed
  --format text|json      report format (default: text)
  --default-level LEVEL   Pod Security profile for namespaces that set none (default: restricted)
  -h, --help              show this help

Exit status: 0 written, 1 the app or the check failed (nothing written) or the guard found errors,
2 bad usage or configuration.`;

interface Args {
  app?: string;
  output?: string;
  typecheck: boolean;
  guard?: string;
  watch: boolean;
  format: 'text' | 'json';
  level?: PodSecurityLevel;
  help: boolean;
}

function parseArgs(args: readonly string[]): Args {
  const parsed: Args = { typecheck: false, watch: false, format: 'text', help: false };
  readArguments(args, (option) => {
    switch (option.flag) {
      case '-h': case '--help': parsed.help = true; return true;
      case '-o': case '--output': parsed.output = option.value(); return true;
      case '--typecheck': parsed.typecheck = true; return true;
      case '--guard': parsed.guard = option.value(); return true;
      case '--watch': parsed.watch = true; return true;
      case '--format': parsed.format = reportFormat(option); return true;
      case '--default-level': parsed.level = podSecurityLevelOption(option); return true;
      default: return false;
    }
  }, (arg) => {
    if (parsed.app !== undefined) throw new UsageError(`one app file only, got ${parsed.app} and ${arg}`);
    parsed.app = arg;
  });
  return parsed;
}

/** Runs the project's own TypeScript compiler (tsc --noEmit); returns its report when it fails. */
function typecheck(dir: string): string | undefined {
  let tsc: string;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [dir] });
  } catch {
    throw new SynthConfigError('--typecheck needs typescript installed in the project');
  }
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', dir], { cwd: dir, encoding: 'utf8' });
  return result.status === 0 ? undefined : `${result.stdout}${result.stderr}`.trim();
}

function rel(project: SynthProject, file: string): string {
  return path.relative(project.dir, file) || '.';
}

/** Reports a successful synth; returns the exit code (the guard's, when asked). */
function reportSuccess(project: SynthProject, args: Args, output: SynthOutput, baseline: GuardBaseline | undefined, ms: number): number {
  const findings = guardFindingsOf(baseline, output);
  if (args.format === 'json') {
    console.log(JSON.stringify({
      output: rel(project, project.outdir),
      files: output.files,
      policy: JSON.parse(reportJson(output.report)),
      ...(baseline && findings ? { guard: guardReportJson({ baseline: args.guard!, next: rel(project, project.outdir), baselineObjects: baseline.manifests.length, nextObjects: output.manifests.length, findings }) } : {}),
    }, null, 2));
  } else {
    // Quiet unless something needs reading: suppressed findings carry reviewed reasons and stay
    // in the summary's count (shipshape check lists them).
    const quiet = output.report.findings.length === 0;
    console.log(`${quiet ? '' : `${formatReport(output.report)}\n`}Wrote ${output.files.length} file${output.files.length === 1 ? '' : 's'} to ${rel(project, project.outdir)}/ in ${ms} ms: ${summaryLine(output.report)}`);
    if (baseline && findings) {
      console.log(`\n${formatGuardReport({ baseline: args.guard!, next: rel(project, project.outdir), baselineObjects: baseline.manifests.length, nextObjects: output.manifests.length, findings })}`);
    }
  }
  return findings && guardHasErrors(findings) ? 1 : 0;
}

function guardFindingsOf(baseline: GuardBaseline | undefined, output: SynthOutput): ReturnType<typeof guardChanges> | undefined {
  return baseline ? guardChanges(baseline.manifests, output.manifests) : undefined;
}

/** Reports a failed synth (nothing written); returns the exit code. */
function reportFailure(args: Args, error: unknown): number {
  if (error instanceof SynthConfigError) {
    console.error(`shipshape synth: ${error.message}`);
    return 2;
  }
  if (error instanceof SynthRejected && error.report) {
    console.error(args.format === 'json' ? reportJson(error.report) : `${formatReport(error.report)}\n\nshipshape synth: policy check failed: nothing was written`);
    return 1;
  }
  const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  console.error(`${message}\n\nshipshape synth: the app failed: nothing was written`);
  return 1;
}

/**
 * One synth: type-check if asked, load the guard baseline (before the output is replaced, which it
 * may be), synthesize, report. Returns the exit code and, on success, the output.
 */
function runOnce(project: SynthProject, args: Args, options: CheckOptions): { code: number; output?: SynthOutput } {
  const started = Date.now();
  try {
    if (args.typecheck) {
      const problems = typecheck(project.dir);
      if (problems !== undefined) {
        console.error(`${problems}\n\nshipshape synth: type-check failed: nothing was written`);
        return { code: 1 };
      }
    }
    const baseline = args.guard === undefined ? undefined : loadGuardBaseline(args.guard, { dir: rel(project, project.outdir), cwd: project.dir });
    const output = synthesize(project, options);
    return { code: reportSuccess(project, args, output, baseline, Date.now() - started), output };
  } catch (error) {
    return { code: reportFailure(args, error) };
  }
}

function watch(project: SynthProject, args: Args, options: CheckOptions, first: SynthOutput | undefined): Promise<number> {
  let previous = first?.manifests;
  return new Promise((resolve) => {
    const stop = watchSources(project.dir, [project.outdir], (files) => {
      forgetModules(files, project.appFile);
      const { output } = runOnce(project, { ...args, typecheck: false }, options);
      if (!output) return;
      const changes = outputChanges(previous ?? [], output.manifests);
      for (const [word, list] of [['added  ', changes.added], ['removed', changes.removed], ['changed', changes.changed]] as const) {
        for (const object of list) console.log(`  ${word} ${object}`);
      }
      if (changes.added.length + changes.removed.length + changes.changed.length === 0) console.log('  no object changed');
      previous = output.manifests;
    });
    console.log(`Watching ${rel(project, project.dir)} for changes (Ctrl-C to stop)`);
    process.once('SIGINT', () => { stop(); resolve(0); });
    process.once('SIGTERM', () => { stop(); resolve(0); });
  });
}

/**
 * The `shipshape synth` command. Returns the exit code: 0 written (and the guard, when asked, found
 * no errors), 1 the app, its validation, the type-check or the policy check failed (nothing
 * written) or the guard found errors, 2 bad usage or configuration.
 *
 * @param args command-line arguments after `synth`
 */
export async function main(args: readonly string[]): Promise<number> {
  let parsed: Args;
  let project: SynthProject;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`shipshape synth: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    project = resolveProject(process.cwd(), parsed.app, parsed.output);
  } catch (error) {
    return reportFailure(parsed, error);
  }
  const options: CheckOptions = parsed.level ? { defaultPodSecurityLevel: parsed.level } : {};
  const first = runOnce(project, parsed, options);
  return parsed.watch ? watch(project, parsed, options, first.output) : first.code;
}
