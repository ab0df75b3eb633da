// Profiles for RESULTS.md: `shipshape synth`, the two processes of `cdk8s synth` (the CLI and the app), the
// package-loading cost of the CLI, the N = 1,000 scale runs, and the check and guard.
import * as fs from 'fs';
import * as path from 'path';
import { runChecked } from './measure';
import { ProfileSummary, summariseProfileFile } from './profile';

/** A summarised CPU profile of one process. */
export interface ProcessProfile {
  /** What ran, e.g. `cdk8s CLI (npm run synth)`. */
  readonly label: string;
  /** Wall time the profile covers, in milliseconds. */
  readonly wallMs: number;
  readonly summary: ProfileSummary;
  /** Package-loading cost (inclusive require() time), where measured. */
  readonly requires?: readonly { edge: string; ms: number }[];
}

const REGISTER = ['-r', './bin/register.js'];

function profilesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort().map((f) => path.join(dir, f)) : [];
}

function wallOf(file: string): number {
  const { startTime, endTime } = JSON.parse(fs.readFileSync(file, 'utf8')) as { startTime: number; endTime: number };
  return (endTime - startTime) / 1000;
}

function single(dir: string, label: string): ProcessProfile {
  const [file] = profilesIn(dir);
  if (!file) throw new Error(`no profile written in ${dir}`);
  return { label, wallMs: wallOf(file), summary: summariseProfileFile(file, 12) };
}

/** Runs the profiled commands and summarises their profiles. */
export function profileProcesses(root: string, outDir: string): ProcessProfile[] {
  const result: ProcessProfile[] = [];

  // The product command: one process that runs the app, checks and writes.
  const synthDir = path.join(outDir, 'shipshape-synth');
  runChecked({ command: 'node', args: ['--cpu-prof', `--cpu-prof-dir=${synthDir}`, 'bin/shipshape.js', 'synth', '-o', 'bench/.out/synth/profiled-shipshape'] }, root);
  result.push(single(synthDir, 'cold synth: `shipshape synth` (one process: the app, the check, writing)'));

  // For comparison, the two node processes of `cdk8s synth`, each profiled on its own (Node 20
  // refuses --cpu-prof in NODE_OPTIONS): the CLI (which then spawns the app) and the app.
  const cliDir = path.join(outDir, 'cli');
  runChecked({ command: 'node', args: ['--cpu-prof', `--cpu-prof-dir=${cliDir}`, 'node_modules/.bin/cdk8s', 'synth', '--no-check-upgrade', '--output', 'bench/.out/synth/profiled'] }, root);
  result.push(single(cliDir, 'cold synth: the cdk8s CLI process (`cdk8s synth --no-check-upgrade`; the app runs in a child process)'));
  const appDir = path.join(outDir, 'app');
  runChecked({
    command: 'node', args: ['--cpu-prof', `--cpu-prof-dir=${appDir}`, ...REGISTER, 'apps/main.ts'],
    env: { CDK8S_OUTDIR: 'bench/.out/synth/profiled-app' },
  }, root);
  result.push(single(appDir, 'cold synth: the app process (`node -r ./bin/register.js apps/main.ts`)'));

  // Which packages the CLI loads, and what each costs: most of them serve commands other than synth.
  const requireCost = path.join(outDir, 'cli-require-cost.json');
  runChecked({
    command: 'node', args: ['-r', './bench/require-cost.js', 'node_modules/.bin/cdk8s', 'synth', '--no-check-upgrade', '--output', 'bench/.out/synth/require-cost'],
    env: { SHIPSHAPE_REQUIRE_COST: requireCost },
  }, root);
  const cost = JSON.parse(fs.readFileSync(requireCost, 'utf8')) as { uptimeMs: number; edges: { edge: string; ms: number }[] };
  const cliIndex = result.findIndex((p) => p.label.includes('cdk8s CLI'));
  if (cliIndex >= 0) result[cliIndex] = { ...result[cliIndex], requires: cost.edges.slice(0, 12) };

  const scaleDir = path.join(outDir, 'scale-shipshape');
  runChecked({ command: 'node', args: ['--cpu-prof', `--cpu-prof-dir=${scaleDir}`, ...REGISTER, 'bench/scale.ts', '1000'] }, root);
  result.push(single(scaleDir, 'scale N = 1,000, Shipshape (whole process)'));

  const baselineDir = path.join(outDir, 'scale-baseline');
  runChecked({ command: 'node', args: ['--cpu-prof', `--cpu-prof-dir=${baselineDir}`, ...REGISTER, 'bench/baseline.ts', '1000'] }, root);
  result.push(single(baselineDir, 'scale N = 1,000, cdk8s-plus-28 baseline (whole process)'));

  const checkFile = path.join(outDir, 'check-guard.cpuprofile');
  runChecked({ command: 'node', args: [...REGISTER, 'bench/check-guard.ts', '1000', `--profile=${checkFile}`] }, root);
  result.push({ label: 'YAML parse + policy check + guard over the N = 1,000 output (timed section only)', wallMs: wallOf(checkFile), summary: summariseProfileFile(checkFile, 12) });

  return result;
}
