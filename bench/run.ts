// `npm run bench`: cold synth, scale, check-and-guard, graph and test-suite timings, each command run as its
// own process several times, written to bench/RESULTS.md with the machine, the date and profiles.
// Options: --runs=N (default 7), --skip-test (leave out the test suite), --out=FILE, --render-only
// (rewrite the file from the last run's bench/.out/results.json, e.g. after editing bench/analysis.md).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CheckGuardResult } from './check-guard';
import type { ScaleResult } from './fleet';
import type { GraphResult } from './graph';
import { Command, GNU_TIME_AVAILABLE, jsonOf, Run, runChecked, runOnce } from './measure';
import { profileProcesses } from './profiles';
import { renderResults } from './report';
import { Stat, stat } from './stats';
import { CheckGuardRow, GraphRow, Results, ScaleRow, TestStep, Timed } from './types';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench', '.out');
const REGISTER = ['-r', './bin/register.js'];
const CDK8S = 'node_modules/.bin/cdk8s';

function option(name: string): string | undefined {
  const arg = process.argv.slice(2).find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  return arg === undefined ? undefined : arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : 'true';
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

interface TimedCommand {
  readonly label: string;
  readonly display: string;
  readonly cmd: Command;
  /** Runs before every run of the command, untimed. */
  readonly before?: () => void;
}

/** Where bin/register.js caches compiled TypeScript. */
const COMPILE_CACHE = path.join(ROOT, 'node_modules', '.cache', 'shipshape-ts');

/**
 * Runs each command `runs` times, interleaved so that load changes hit every command alike, after
 * one untimed warm-up each. A command that fails is reported as such and dropped from the rest.
 */
function timeInterleaved(commands: readonly TimedCommand[], runs: number): Timed[] {
  const samples = commands.map(() => [] as Run[]);
  const errors: (string | undefined)[] = commands.map(() => undefined);
  const attempt = (j: number): Run | undefined => {
    if (errors[j] !== undefined) return undefined;
    try {
      commands[j].before?.();
      return runChecked(commands[j].cmd, ROOT);
    } catch {
      // Retried once: a failure can be a file that is being edited while the benchmark runs.
    }
    try {
      commands[j].before?.();
      return runChecked(commands[j].cmd, ROOT);
    } catch (e) {
      const lines = (e instanceof Error ? e.message : String(e)).split('\n').filter((l) => l.trim() !== '');
      errors[j] = [lines[0], ...lines.slice(-3)].join(' / ');
      log(`${commands[j].label}: failed: ${errors[j]}`);
      return undefined;
    }
  };
  commands.forEach((_, j) => attempt(j));
  for (let i = 0; i < runs; i++) {
    commands.forEach((c, j) => {
      const run = attempt(j);
      if (!run) return;
      samples[j].push(run);
      log(`${c.label}: run ${i + 1}/${runs} ${run.ms.toFixed(0)} ms`);
    });
  }
  return commands.map((c, j) => {
    if (errors[j] !== undefined) return { label: c.label, command: c.display, error: errors[j] };
    const rss = samples[j].map((r) => r.rss).filter((r): r is number => r !== undefined);
    const cpu = samples[j].map((r) => r.cpuMs).filter((r): r is number => r !== undefined);
    return {
      label: c.label, command: c.display, ms: stat(samples[j].map((r) => r.ms)),
      rss: rss.length > 0 ? stat(rss) : undefined, cpuMs: cpu.length > 0 ? stat(cpu) : undefined,
    };
  });
}

function coldSynth(runs: number): Timed[] {
  const out = (name: string): string => path.join('bench', '.out', 'synth', name);
  // The cdk8s CLI's upgrade check fetches from the npm registry on every run (it caches only a
  // success): off for every row but one, so that no run waits on the network.
  const noUpgradeCheck = { CDK8S_CHECK_UPGRADE: 'false' };
  const commands: TimedCommand[] = [
    {
      label: 'Shipshape: `npm run synth` (shipshape synth: the app in-process, swc loader, no type-check)', display: 'npm run synth',
      cmd: { command: 'npm', args: ['run', 'synth', '--', '-o', out('ours')] },
    },
    {
      label: 'Shipshape, first run after a clone: `npm run synth` with an empty compile cache', display: 'rm -rf node_modules/.cache/shipshape-ts && npm run synth',
      cmd: { command: 'npm', args: ['run', 'synth', '--', '-o', out('ours-uncached')] },
      before: () => fs.rmSync(COMPILE_CACHE, { recursive: true, force: true }),
    },
    {
      label: 'cdk8s default flow (cdk8s synth, npx ts-node, type-checks)',
      display: 'cdk8s synth --app "npx ts-node -r ./bin/resolve-sources.js apps/main.ts"',
      cmd: { command: 'node', args: [CDK8S, 'synth', '--no-check-upgrade', '--app', 'npx ts-node -r ./bin/resolve-sources.js apps/main.ts', '--output', out('default')], env: { ...noUpgradeCheck, TS_NODE_PROJECT: 'bench/tsconfig.ts-node.json' } },
    },
    { label: 'shipshape synth without npm', display: 'node bin/shipshape.js synth', cmd: { command: 'node', args: ['bin/shipshape.js', 'synth', '-o', out('direct')] } },
    {
      label: 'cdk8s synth of the same app with the validation plugin, for comparison', display: 'cdk8s synth --no-check-upgrade',
      cmd: { command: 'node', args: [CDK8S, 'synth', '--no-check-upgrade', '--output', out('cli')], env: noUpgradeCheck },
    },
    {
      label: 'the same with the CLI\'s default upgrade check (network)', display: 'cdk8s synth',
      cmd: { command: 'node', args: [CDK8S, 'synth', '--output', out('cli-uc')], timeoutMs: 60_000 },
    },
    { label: 'the cdk8s CLI starting up, no synth', display: 'cdk8s --version', cmd: { command: 'node', args: [CDK8S, '--version', '--no-check-upgrade'] } },
    { label: 'the app alone (its addPolicyCheck runs in app.synth(), cdk8s writes dist/)', display: 'CDK8S_OUTDIR=… node -r ./bin/register.js apps/main.ts', cmd: { command: 'node', args: [...REGISTER, 'apps/main.ts'], env: { CDK8S_OUTDIR: out('app') } } },
    { label: 'Node.js starting up', display: 'node -e 0', cmd: { command: 'node', args: ['-e', '0'] } },
  ];
  return timeInterleaved(commands, runs);
}

/**
 * The first synth on a fresh clone: `git clone` of the working tree's HEAD and `npm ci`, untimed,
 * then `npm run synth` timed once (the compile cache is empty and the clone's files are new).
 */
function firstSynthAfterClone(): Timed {
  const label = 'the first `npm run synth` after `git clone` and `npm ci` (one run)';
  const display = 'git clone … && npm ci && npm run synth';
  const clone = path.join(OUT, 'clone');
  try {
    runChecked({ command: 'git', args: ['clone', '--quiet', ROOT, clone] }, ROOT);
    runChecked({ command: 'npm', args: ['ci', '--no-audit', '--no-fund', '--prefer-offline'] }, clone);
    const run = runChecked({ command: 'npm', args: ['run', 'synth'] }, clone);
    return { label, command: display, ms: stat([run.ms]), rss: run.rss === undefined ? undefined : stat([run.rss]) };
  } catch (error) {
    return { label, command: display, error: (error instanceof Error ? error.message : String(error)).split('\n')[0] };
  } finally {
    fs.rmSync(clone, { recursive: true, force: true });
  }
}

/** A watched re-synth after a one-line change (bench/watch-resynth.ts), `runs` changes. */
function watchResynth(runs: number): Stat {
  const result = jsonOf<{ samples: number[] }>(runChecked({ command: 'node', args: [...REGISTER, 'bench/watch-resynth.ts', String(runs)] }, ROOT));
  log(`watch re-synth: ${result.samples.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  return stat(result.samples);
}

function scale(runs: number): ScaleRow[] {
  const rows: ScaleRow[] = [];
  for (const n of [10, 100, 1000]) {
    const impls = [['shipshape', 'bench/scale.ts'], ['baseline', 'bench/baseline.ts']] as const;
    const samples = impls.map(() => [] as { run: Run; result: ScaleResult }[]);
    for (let i = 0; i < runs; i++) {
      impls.forEach(([impl, script], j) => {
        const run = runChecked({ command: 'node', args: [...REGISTER, script, String(n)] }, ROOT);
        samples[j].push({ run, result: jsonOf<ScaleResult>(run) });
        log(`scale N=${n} ${impl}: run ${i + 1}/${runs} ${samples[j][i].result.ms.toFixed(0)} ms`);
      });
    }
    impls.forEach(([impl], j) => {
      const s = samples[j];
      rows.push({
        n, impl,
        objects: s[0].result.objects,
        kinds: s[0].result.kinds,
        lines: s[0].result.lines,
        kb: s[0].result.kb,
        ms: stat(s.map((x) => x.result.ms)),
        loadMs: stat(s.map((x) => x.result.loadMs)),
        wallMs: stat(s.map((x) => x.run.ms)),
        rss: stat(s.map((x) => x.result.rss)),
      });
    });
  }
  return rows;
}

function checkGuard(runs: number): CheckGuardRow {
  const results: CheckGuardResult[] = [];
  for (let i = 0; i < runs; i++) {
    results.push(jsonOf<CheckGuardResult>(runChecked({ command: 'node', args: [...REGISTER, 'bench/check-guard.ts', '1000'] }, ROOT)));
    log(`check+guard: run ${i + 1}/${runs} check ${results[i].checkMs.toFixed(0)} ms, guard ${results[i].guardMs.toFixed(0)} ms`);
  }
  let syntheticCheck: string | undefined;
  if (fs.existsSync(path.join(ROOT, 'bench', 'check.bench.ts'))) {
    const run = runOnce({ command: 'node', args: [...REGISTER, 'bench/check.bench.ts', '5000', String(Math.max(runs, 5))] }, ROOT);
    syntheticCheck = run.status === 0 ? run.stdout.trim() : `failed (exit ${run.status})`;
  }
  return {
    objects: results[0].objects,
    parseMs: stat(results.map((r) => r.parseMs)),
    checkMs: stat(results.map((r) => r.checkMs)),
    guardMs: stat(results.map((r) => r.guardMs)),
    checkFindings: results[0].checkFindings,
    guardFindings: results[0].guardFindings,
    syntheticCheck,
  };
}

function graph(runs: number): GraphRow {
  const dir = path.join('bench', '.out', 'graph');
  const results: GraphResult[] = [];
  for (let i = 0; i < runs; i++) {
    // The first run also writes the fleet's YAML (untimed); the others read it.
    results.push(jsonOf<GraphResult>(runChecked({ command: 'node', args: [...REGISTER, 'bench/graph.ts', '1000', `--out=${dir}`] }, ROOT)));
    log(`graph: run ${i + 1}/${runs} build ${results[i].buildMs.toFixed(0)} ms`);
  }
  const extension: Readonly<Record<string, string>> = { mermaid: 'mmd', html: 'html', dot: 'dot' };
  const cli = timeInterleaved(['mermaid', 'html', 'dot'].map((format) => ({
    label: `\`shipshape graph\`, ${format}`,
    display: `shipshape graph <N = 1,000 output> --format ${format} -o …`,
    cmd: { command: 'node', args: ['bin/shipshape.js', 'graph', dir, '--format', format, '-o', path.join(OUT, `graph.${extension[format]}`)] },
  })), runs);
  return {
    objects: results[0].objects, nodes: results[0].nodes, edges: results[0].edges,
    parseMs: stat(results.map((r) => r.parseMs)),
    buildMs: stat(results.map((r) => r.buildMs)),
    mermaidMs: stat(results.map((r) => r.mermaidMs)),
    dotMs: stat(results.map((r) => r.dotMs)),
    htmlMs: stat(results.map((r) => r.htmlMs)),
    kb: results[0].kb,
    cli,
  };
}

function lastLines(text: string, pattern: RegExp): string | undefined {
  const lines = text.split('\n').filter((l) => pattern.test(l)).map((l) => l.trim());
  return lines.length > 0 ? lines.join('; ') : undefined;
}

function testSuite(): TestStep[] {
  const steps: { label: string; cmd: Command; summary?: RegExp }[] = [
    { label: 'tsc --noEmit', cmd: { command: 'node', args: ['node_modules/.bin/tsc', '--noEmit'] }, summary: /error TS/ },
    { label: 'eslint .', cmd: { command: 'node', args: ['node_modules/.bin/eslint', '.'] }, summary: /problems?/ },
    { label: 'jest, without test/package', cmd: { command: 'node', args: ['node_modules/.bin/jest', '--testPathIgnorePatterns', '/node_modules/', '<rootDir>/test/engines/', '<rootDir>/test/package/'] }, summary: /^(Tests|Test Suites):/ },
    { label: 'jest test/package (npm pack, two installs from the registry)', cmd: { command: 'node', args: ['node_modules/.bin/jest', 'test/package'] }, summary: /^(Tests|Test Suites):/ },
  ];
  return steps.map(({ label, cmd, summary }) => {
    const run = runOnce(cmd, ROOT);
    log(`npm test step ${label}: ${run.ms.toFixed(0)} ms, exit ${run.status}`);
    const text = `${run.stdout}\n${run.stderr}`;
    const found = summary && lastLines(text, summary);
    return { label, ms: run.ms, status: run.status, summary: label === 'tsc --noEmit' && found ? `${found.split(';').length} type errors` : found };
  });
}

/** Rewrites RESULTS.md from the last run's raw results (after editing bench/analysis.md). */
function renderOnly(target: string): void {
  const raw = path.join(OUT, 'results.json');
  if (!fs.existsSync(raw)) throw new Error(`no ${path.relative(ROOT, raw)}: run the benchmark first`);
  writeResults(JSON.parse(fs.readFileSync(raw, 'utf8')) as Results, target);
}

function writeResults(results: Results, target: string): void {
  const analysisFile = path.join(ROOT, 'bench', 'analysis.md');
  const analysis = fs.existsSync(analysisFile) ? fs.readFileSync(analysisFile, 'utf8') : undefined;
  fs.writeFileSync(target, renderResults(results, analysis));
  log(`wrote ${path.relative(ROOT, target)}`);
}

function main(): void {
  const target = path.resolve(ROOT, option('out') ?? 'bench/RESULTS.md');
  if (option('render-only')) {
    renderOnly(target);
    return;
  }
  const runs = Number(option('runs') ?? 7);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${option('runs')}`);
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const started = process.hrtime.bigint();
  const loadStart = os.loadavg();

  log('cold synth');
  const cold = coldSynth(runs);
  log('first synth after a clone');
  const afterClone = firstSynthAfterClone();
  log('watched re-synth');
  const watch = watchResynth(runs);
  log('scale');
  const scaleRows = scale(runs);
  log('check and guard');
  const cg = checkGuard(runs);
  log('graph');
  const graphRow = graph(runs);
  log('profiles');
  const profiles = profileProcesses(ROOT, path.join(OUT, 'profiles'));
  const tests = option('skip-test') ? undefined : (log('test suite'), testSuite());

  const results: Results = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      loadStart,
      loadEnd: os.loadavg(),
    },
    runs,
    rssSource: GNU_TIME_AVAILABLE ? 'GNU time (%M) for whole commands; the process\'s own maxRSS for scale runs' : 'the process\'s own maxRSS',
    coldSynth: cold,
    firstAfterClone: afterClone,
    watchResynth: watch,
    scale: scaleRows,
    checkGuard: cg,
    graph: graphRow,
    tests,
    profiles,
    totalMs: Number(process.hrtime.bigint() - started) / 1e6,
  };
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2));
  log(`measured in ${(results.totalMs / 1000).toFixed(0)} s`);
  writeResults(results, target);
}

if (require.main === module) main();
