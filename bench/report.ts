// Renders a benchmark run as bench/RESULTS.md: machine, targets, tables, profile summaries.
import type { ProcessProfile } from './profiles';
import type { GraphRow, Results, ScaleRow, Timed } from './types';
import { fmt, fmtMs, Stat } from './stats';

/** The figures each target is judged on. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const MB = (s: Stat): string => fmt(s, 'MB');
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const sep = header.map((_, i) => ((align?.[i] ?? 'l') === 'r' ? '---:' : '---'));
  return [row(header), row(sep), ...rows.map(row)].join('\n');
}

function scaleRow(rows: readonly ScaleRow[], n: number, impl: ScaleRow['impl']): ScaleRow {
  const found = rows.find((r) => r.n === n && r.impl === impl);
  if (!found) throw new Error(`no scale result for N=${n} ${impl}`);
  return found;
}

/** Judges every target of the benchmark issues against the measurements. */
export function checkTargets(r: Results): TargetCheck[] {
  const failed: Stat = { median: NaN, min: NaN, max: NaN, runs: 0 };
  const ours = r.coldSynth[0].ms ?? failed;
  const defaultFlow = r.coldSynth.find((t) => t.label.startsWith('cdk8s default flow'))?.ms ?? failed;
  const big = scaleRow(r.scale, 1000, 'shipshape');
  const bigBase = scaleRow(r.scale, 1000, 'baseline');
  const mid = scaleRow(r.scale, 100, 'shipshape');
  const cg = r.checkGuard.checkMs.median + r.checkGuard.guardMs.median;
  const checks: TargetCheck[] = [
    { target: 'cold `npm run synth` of the example stack ≤ 1.0 s (median)', measured: fmtMs(ours), met: ours.median <= 1000 },
    { target: 'cold synth ≤ 0.15 × the cdk8s default flow', measured: `${ratio(ours.median, defaultFlow.median)} (${fmtMs(ours)} vs ${fmtMs(defaultFlow)})`, met: ours.median <= 0.15 * defaultFlow.median },
  ];
  if (r.firstAfterClone) {
    const first = r.firstAfterClone;
    checks.push({ target: 'the first synth after a fresh clone + `npm ci` ≤ 2.5 s', measured: first.ms ? fmtMs(first.ms) : `failed: ${first.error}`, met: (first.ms?.median ?? Infinity) <= 2500 });
  }
  if (r.watchResynth) {
    checks.push({ target: 'a watched re-synth after a one-line change ≤ 0.3 s', measured: fmtMs(r.watchResynth), met: r.watchResynth.median <= 300 });
  }
  checks.push(
    { target: 'N = 1,000 synth ≤ 1.1 × the cdk8s-plus-28 baseline', measured: `${ratio(big.ms.median, bigBase.ms.median)} (${fmtMs(big.ms)} vs ${fmtMs(bigBase.ms)})`, met: big.ms.median <= 1.1 * bigBase.ms.median },
    { target: 'linear scaling: t(1000) / t(100) ≤ 11', measured: ratio(big.ms.median, mid.ms.median), met: big.ms.median / mid.ms.median <= 11 },
    { target: 'N = 1,000 peak RSS ≤ 600 MB', measured: MB(big.rss), met: big.rss.median <= 600 },
    {
      target: 'policy check + guard over the N = 1,000 output ≤ 10% of its synth time',
      measured: `${((cg / big.ms.median) * 100).toFixed(1)}% (check ${fmtMs(r.checkGuard.checkMs)} + guard ${fmtMs(r.checkGuard.guardMs)} vs synth ${big.ms.median.toFixed(0)} ms)`,
      met: cg <= 0.1 * big.ms.median,
    },
  );
  if (r.graph) {
    const slowest = slowestGraphCommand(r.graph);
    checks.push({
      target: '`shipshape graph` over the N = 1,000 output < 2 s (whole command, slowest format)',
      measured: slowest?.ms ? `${fmtMs(slowest.ms)} (${slowest.label.replace(/^`shipshape graph`, /, '')})` : 'failed',
      met: slowest?.ms !== undefined && slowest.ms.median < 2000,
    });
  }
  if (r.tests) {
    const suite = r.tests.filter((s) => !s.label.startsWith('jest test/package')).reduce((sum, s) => sum + s.ms, 0);
    checks.push({ target: '`npm test` without the package tests (which install from the registry) ≤ 30 s', measured: `${(suite / 1000).toFixed(1)} s (one run)`, met: suite <= 30_000 });
  }
  return checks;
}

/** The format whose whole command took longest (by median); undefined when one failed. */
function slowestGraphCommand(g: GraphRow): Timed | undefined {
  if (g.cli.some((t) => !t.ms)) return undefined;
  return [...g.cli].sort((a, b) => b.ms!.median - a.ms!.median)[0];
}

function graphSection(g: GraphRow, synthMs: number): string[] {
  return [
    '## 4. Topology graph over the N = 1,000 output',
    '',
    'bench/graph.ts writes the N = 1,000 fleet\'s YAML once, then times, in one process per run,',
    'what `shipshape graph` does: read the YAML, build the graph (`buildGraph`: workloads, Services,',
    'NetworkPolicy traffic, storage) and render each format. The table after it times the command',
    'itself, as a user runs it, per format.',
    '',
    table(['step', 'time, median (min–max)', 'share of N = 1,000 synth time'], [
      ['parse the YAML (`parseManifests`)', fmtMs(g.parseMs), `${((g.parseMs.median / synthMs) * 100).toFixed(0)}%`],
      ['build the graph (`buildGraph`)', fmtMs(g.buildMs), `${((g.buildMs.median / synthMs) * 100).toFixed(1)}%`],
      [`render Mermaid (${g.kb.mermaid.toFixed(0)} KB)`, fmtMs(g.mermaidMs), `${((g.mermaidMs.median / synthMs) * 100).toFixed(1)}%`],
      [`render DOT (${g.kb.dot.toFixed(0)} KB)`, fmtMs(g.dotMs), `${((g.dotMs.median / synthMs) * 100).toFixed(1)}%`],
      [`render HTML with the inlined mermaid bundle (${(g.kb.html / 1024).toFixed(1)} MB)`, fmtMs(g.htmlMs), `${((g.htmlMs.median / synthMs) * 100).toFixed(1)}%`],
    ], ['l', 'r', 'r']),
    '',
    `${g.objects} objects; the graph has ${g.nodes} nodes and ${g.edges} edges.`,
    '',
    'The command per format (the CPU time, from GNU time, moves less than the wall time when other',
    'work loads the machine):',
    '',
    coldTable(g.cli, true),
    '',
  ];
}

function coldTable(rows: readonly Timed[], withCpu = false): string {
  return table(
    ['what', 'command', 'wall time, median (min–max)', ...(withCpu ? ['CPU time (user + system)'] : []), 'peak RSS'],
    rows.map((t) => [
      t.label, `\`${t.command}\``, t.ms ? fmtMs(t.ms) : `failed: ${t.error ?? 'unknown'}`,
      ...(withCpu ? [t.cpuMs ? fmtMs(t.cpuMs) : '–'] : []), t.rss ? MB(t.rss) : '–',
    ]),
    withCpu ? ['l', 'l', 'r', 'r', 'r'] : ['l', 'l', 'r', 'r'],
  );
}

/**
 * Where the product command's time goes, and where cdk8s synth's, as differences of the medians of
 * the rows that take them apart (estimates: each row is its own set of runs).
 */
function coldBreakdown(rows: readonly Timed[]): string | undefined {
  const med = (command: string): number | undefined => rows.find((t) => t.command === command)?.ms?.median;
  const product = med('npm run synth');
  const direct = med('node bin/shipshape.js synth');
  const cli = med('cdk8s synth --no-check-upgrade');
  const withCheck = med('cdk8s synth');
  const startup = med('cdk8s --version');
  const app = rows.find((t) => t.command.endsWith('apps/main.ts') && t.command.startsWith('CDK8S_OUTDIR'))?.ms?.median;
  const node = med('node -e 0');
  if ([product, direct, cli, startup, app, node].some((v) => v === undefined)) return undefined;
  const ours: [string, number][] = [
    ['npm run-script (`npm run synth` minus `node bin/shipshape.js synth`)', product! - direct!],
    ['Node.js start-up', node!],
    ['the app: loading cdk8s, cdk8s-plus-28 and our code, constructing, the policy check (its addPolicyCheck), writing YAML (the app alone, minus Node.js start-up)', app! - node!],
    ['what `shipshape synth` adds: loading its command, writing beside the output and swapping it in (`shipshape synth` minus the app alone)', direct! - app!],
  ];
  const theirs: [string, number][] = [
    ['Node.js start-up of the CLI process', node!],
    ['the CLI loading yargs and every command module (`cdk8s --version` minus Node.js start-up)', startup! - node!],
    ['the app process (the app alone)', app!],
    ['the rest: spawning the app through a shell, the validation plugin re-reading and checking the YAML', cli! - startup! - app!],
  ];
  const render = (title: string, parts: [string, number][], total: number, name: string): string => table([title, 'ms', 'share'],
    [...parts.map(([what, ms]) => [what, ms.toFixed(0), `${((ms / total) * 100).toFixed(0)}%`]), [`**total (median of ${name})**`, total.toFixed(0), '100%']],
    ['l', 'r', 'r']);
  return [
    render('part of `npm run synth`', ours, product!, '`npm run synth`'),
    '',
    render('part of `cdk8s synth`', theirs, cli!, '`cdk8s synth --no-check-upgrade`'),
    '',
    ...([...ours, ...theirs].some(([, ms]) => ms < 0) ? ['A negative part is within the noise: every row is its own set of runs.', ''] : []),
    ...(withCheck !== undefined ? [`The cdk8s CLI's own upgrade check (\`cdk8s synth\` without \`--no-check-upgrade\`) adds ${(withCheck - cli!).toFixed(0)} ms.`] : []),
  ].join('\n');
}

function scaleTable(rows: readonly ScaleRow[]): string {
  return table(
    ['N apps', 'implementation', 'objects', 'YAML lines', 'construct + synth', 'module loading', 'whole process', 'peak RSS', 'objects / s', 'ours / baseline'],
    rows.map((s) => {
      const base = scaleRow(rows, s.n, 'baseline');
      return [
        String(s.n), s.impl === 'shipshape' ? 'Shipshape' : 'cdk8s-plus-28 baseline', String(s.objects),
        s.lines === undefined ? '–' : `${s.lines} (${(s.kb / 1024).toFixed(1)} MB)`,
        fmtMs(s.ms), fmtMs(s.loadMs), fmtMs(s.wallMs), MB(s.rss),
        (s.objects / (s.ms.median / 1000)).toFixed(0),
        s.impl === 'shipshape' ? ratio(s.ms.median, base.ms.median) : '',
      ];
    }),
    ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

function profileSection(p: ProcessProfile): string {
  const pct = (share: number): string => `${(share * 100).toFixed(0)}%`;
  const lines = [
    `**${p.label}** — ${p.wallMs.toFixed(0)} ms profiled, ${p.summary.totalMs.toFixed(0)} ms sampled.`,
    '',
    `Self time by module: ${p.summary.modules.slice(0, 8).map((m) => `${m.name} ${m.ms.toFixed(0)} ms (${pct(m.share)})`).join(', ')}.`,
  ];
  const ownFunctions = p.summary.functions.filter((f) => !f.name.startsWith('('));
  if (ownFunctions.length > 0) {
    lines.push('', `Hottest functions: ${ownFunctions.slice(0, 5).map((f) => `\`${f.name}\` ${f.ms.toFixed(0)} ms`).join(', ')}.`);
  }
  const own = (p.summary.ownInclusive ?? []).filter((f) => f.share >= 0.01);
  if (own.length > 0) {
    lines.push('', `Our code by inclusive time (callees counted in): ${own.slice(0, 8).map((f) => `\`${f.name}\` ${f.ms.toFixed(0)} ms (${pct(f.share)})`).join(', ')}.`);
  }
  if (p.requires) {
    lines.push('', `Package loading (inclusive require() time, nested packages counted inside their parent too): ${p.requires.slice(0, 10).map((e) => `${e.edge} ${e.ms.toFixed(0)} ms`).join(', ')}.`);
  }
  return lines.join('\n');
}

/** The whole RESULTS.md. */
export function renderResults(r: Results, analysis?: string): string {
  const m = r.machine;
  const targets = checkTargets(r);
  const cg = r.checkGuard;
  const big = scaleRow(r.scale, 1000, 'shipshape');
  const load = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' / ');
  const out = [
    '# Shipshape benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand. Every figure is the median of',
    `${r.runs} runs with its min and max; every run of a command is a separate, cold Node.js process`,
    '(after one untimed warm-up of each command, so the disk cache is warm). Wall time is measured',
    'with `process.hrtime` around the spawn; in-process phases with `performance.now()`.',
    '',
    table(['machine', ''], [
      ['date', r.date],
      ['CPU', `${m.cpus} cores, ${m.model}`],
      ['memory', `${m.memoryGb} GB`],
      ['Node.js', m.node],
      ['OS', m.platform],
      ['load average (1/5/15 min) at start', load(m.loadStart)],
      ['load average at end', load(m.loadEnd)],
      ['peak RSS from', r.rssSource],
      ['whole benchmark', `${(r.totalMs / 1000).toFixed(0)} s`],
    ]),
    '',
    '## Targets',
    '',
    table(['target', 'measured', 'met'], targets.map((t) => [t.target, t.measured, t.met ? 'yes' : '**no**'])),
    '',
    '## 1. Cold synth of the example stack (apps/main.ts)',
    '',
    'The first row is the product command, `shipshape synth` through npm, run after the untimed',
    'warm-up has filled the compile cache of the TypeScript loader (the edit-and-synth loop); the',
    'second empties that cache before every run. The third is the cdk8s default flow for the same',
    'app: `cdk8s synth` with an `npx ts-node` app command that type-checks (bench/tsconfig.ts-node.json',
    'turns off the `swc` option of the project tsconfig; bin/resolve-sources.js only maps the package',
    'name to its sources, as tsconfig.json\'s paths do for the type-check). The rows below take the',
    'first apart, and show `cdk8s synth` with this repository\'s cdk8s.yaml (its validation plugin',
    'runs the Shipshape policy check on the written files).',
    '',
    coldTable(r.coldSynth),
    '',
    `Ratio, ours / default flow: **${ratio(r.coldSynth[0].ms?.median ?? NaN, r.coldSynth.find((t) => t.label.startsWith('cdk8s default flow'))?.ms?.median ?? NaN)}**.`,
    '',
    ...(r.firstAfterClone ? [
      `The first synth on a fresh clone (\`git clone\` of HEAD, \`npm ci\`, then \`npm run synth\`, timed once): ${r.firstAfterClone.ms ? fmtMs(r.firstAfterClone.ms) : `failed: ${r.firstAfterClone.error}`}.`,
      '',
    ] : []),
    ...(r.watchResynth ? [
      `A watched re-synth (\`shipshape synth --watch\`, bench/watch-resynth.ts): from a one-line change to apps/main.ts, saved as editors do (a new file renamed over the old one), to the written output: ${fmtMs(r.watchResynth)}.`,
      '',
    ] : []),
    ...(() => {
      const breakdown = coldBreakdown(r.coldSynth);
      return breakdown ? ['Where the time goes (differences of the medians above):', '', breakdown, ''] : [];
    })(),
    '## 2. Scale: N WebApps plus one StatefulDatabase per 10 apps, in one App',
    '',
    'Every app is connected to its database (`connectTo`: two NetworkPolicies and discovery env).',
    'bench/scale.ts builds it with Shipshape; bench/baseline.ts builds the same fleet on cdk8s-plus-28',
    'L2 `Deployment` + `Service` (via `exposeViaService`) plus L1 objects for the other kinds, with the',
    'same number and kinds of documents. Both synthesize with `app.synthYaml()` in memory.',
    '"construct + synth" is the in-process time from `new App()` to the YAML string; "objects / s" is',
    'objects over that time. Peak RSS is the process\'s own `maxRSS`.',
    '',
    scaleTable(r.scale),
    '',
    `Documents per kind at N = 1,000 (both): ${Object.entries(big.kinds).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    ...(big.lines !== undefined ? (() => {
      const base = scaleRow(r.scale, 1000, 'baseline');
      const perLine = (s: ScaleRow): number => (s.ms.median / s.lines) * 1000;
      return ['', `Per 1,000 lines of YAML at N = 1,000: ${perLine(big).toFixed(1)} ms for Shipshape, ${perLine(base).toFixed(1)} ms for the baseline (Shipshape writes ${ratio(big.lines, base.lines)} the lines, ${ratio(big.kb, base.kb)} the bytes: full label sets on every object, spreading, probes, connection env).`];
    })() : []),
    '',
    `Scaling: t(1000) / t(100) = **${ratio(big.ms.median, scaleRow(r.scale, 100, 'shipshape').ms.median)}** for Shipshape,`,
    `${ratio(scaleRow(r.scale, 1000, 'baseline').ms.median, scaleRow(r.scale, 100, 'baseline').ms.median)} for the baseline.`,
    '',
    '## 3. Policy check and upgrade guard over the N = 1,000 output',
    '',
    'bench/check-guard.ts synthesizes two releases of the N = 1,000 fleet (the second bumps every',
    'app\'s image tag), reads the new release\'s YAML back with `parseManifests` (what `shipshape check',
    'dist/` and `shipshape guard` do first), then times `checkManifests` on it and `guardChanges`',
    'between the releases.',
    '',
    table(['step', 'time, median (min–max)', 'share of N = 1,000 synth time'], [
      ['parse the YAML (`parseManifests`)', fmtMs(cg.parseMs), `${((cg.parseMs.median / big.ms.median) * 100).toFixed(0)}%`],
      ['policy check (`checkManifests`)', fmtMs(cg.checkMs), `${((cg.checkMs.median / big.ms.median) * 100).toFixed(1)}%`],
      ['upgrade guard (`guardChanges`)', fmtMs(cg.guardMs), `${((cg.guardMs.median / big.ms.median) * 100).toFixed(1)}%`],
      ['check + guard', `${(cg.checkMs.median + cg.guardMs.median).toFixed(0)} ms`, `${(((cg.checkMs.median + cg.guardMs.median) / big.ms.median) * 100).toFixed(1)}%`],
    ], ['l', 'r', 'r']),
    '',
    `${cg.objects} objects; the check found ${cg.checkFindings} findings, the guard ${cg.guardFindings}.`,
    ...(cg.syntheticCheck ? ['', `The policy engine's own benchmark (bench/check.bench.ts, synthetic objects): ${cg.syntheticCheck.replace(/\n\s*/g, '; ')}`] : []),
    '',
  ];
  if (r.graph) out.push(...graphSection(r.graph, big.ms.median));
  if (r.tests) {
    const total = r.tests.reduce((sum, s) => sum + s.ms, 0);
    out.push(
      `## ${r.graph ? 5 : 4}. Test suite`,
      '',
      '`npm test` is `tsc --noEmit && eslint . && jest` (jest with @swc/jest, so TypeScript is',
      'type-checked once, by tsc). Its steps, each run once, one after another; jest in two parts:',
      'the package tests (which pack the package and install it twice from the npm registry) apart.',
      '',
      table(['step', 'wall time', 'exit', 'summary'], [
        ...r.tests.map((s) => [`\`${s.label}\``, `${(s.ms / 1000).toFixed(1)} s`, String(s.status), s.summary ?? '']),
        ['**total**', `**${(total / 1000).toFixed(1)} s**`, '', ''],
      ], ['l', 'r', 'r', 'l']),
      '',
    );
  }
  out.push(
    '## Where the time goes (CPU profiles)',
    '',
    'From `node --cpu-prof`, one run each, summarised by bench/profile.ts: self time per package',
    '(lib/… is our code; "node internals" is mostly compiling loaded modules; "(idle)" is waiting,',
    'e.g. the CLI for its child app), then the hottest functions. The CLI\'s package-loading figures',
    'come from bench/require-cost.js, preloaded into a separate run of the CLI.',
    '',
    ...r.profiles.flatMap((p) => [profileSection(p), '']),
  );
  if (analysis) out.push(analysis.trim(), '');
  return out.join('\n');
}
