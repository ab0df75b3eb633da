import * as path from 'path';
import * as fs from 'fs';
import * as os from 'os';
import { execFileSync, spawnSync } from 'child_process';
import { loadScenarios, SCENARIO_ROOT, sorted, summarize } from './corpus';
import { main } from '../../lib/guard/cli';
import { GuardJsonReport } from '../../lib/guard';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (text) => { out += text; }, err: (text) => { err += text; } });
  return { code, out, err };
}

const scenarios = loadScenarios();

describe('shipshape guard on every corpus scenario', () => {
  test.each(scenarios.map((s) => [s.name, s] as const))('%s: JSON findings and exit code match the expectation', async (_name, scenario) => {
    const { code, out } = await run(['--baseline', scenario.before, scenario.after, '--format', 'json']);
    const report = JSON.parse(out) as GuardJsonReport;
    expect(sorted(report.findings.map(summarize))).toEqual(sorted(scenario.findings));
    expect(code).toBe(report.summary.errors > 0 ? 1 : 0);
  });
});

describe('shipshape guard', () => {
  const mixed = path.join(SCENARIO_ROOT, 'mixed-release');

  test('reports nothing and exits 0 against an unchanged output', async () => {
    const { code, out } = await run(['--baseline', path.join(mixed, 'before'), path.join(mixed, 'before')]);
    expect(code).toBe(0);
    expect(out).toContain('No immutable-field, data-loss or availability problems found.');
  });

  test('exits 1 on errors and prints a report grouped by object, errors first, with path, old -> new and remedy', async () => {
    const { code, out } = await run(['--baseline', path.join(mixed, 'before'), path.join(mixed, 'after')]);
    expect(code).toBe(1);
    const sts = out.indexOf('StatefulSet shop/db');
    const deployment = out.indexOf('Deployment shop/web');
    expect(sts).toBeGreaterThan(0);
    expect(deployment).toBeGreaterThan(sts);
    expect(out).toContain('ERROR   statefulset-volume-claim-templates  spec.volumeClaimTemplates[0].spec.resources.requests.storage');
    expect(out).toContain('10Gi -> 50Gi');
    expect(out).toContain('kubectl delete statefulset db -n shop --cascade=orphan');
    expect(out).toContain('2 errors, 3 warnings');
  });

  test('exits 0 when there are only warnings', async () => {
    const dir = path.join(SCENARIO_ROOT, 'deployment-recreate');
    const { code, out } = await run(['--baseline', path.join(dir, 'before'), path.join(dir, 'after')]);
    expect(code).toBe(0);
    expect(out).toContain('WARNING deployment-recreate');
  });

  test('accepts --flag=value forms', async () => {
    const dir = path.join(SCENARIO_ROOT, 'pvc-storage-decrease');
    const { code, out } = await run([`--baseline=${path.join(dir, 'before')}`, '--format=json', path.join(dir, 'after')]);
    expect(code).toBe(1);
    expect((JSON.parse(out) as GuardJsonReport).summary).toEqual({ errors: 1, warnings: 0, baselineObjects: 1, nextObjects: 1 });
  });

  test('takes the namespace of objects written without one from --default-namespace', async () => {
    const dir = path.join(SCENARIO_ROOT, 'namespace-made-explicit');
    const args = ['--baseline', path.join(dir, 'before'), path.join(dir, 'after'), '--format', 'json'];
    expect((await run(args)).code).toBe(0);
    const { code, out } = await run([...args, '--default-namespace', 'shop']);
    expect(code).toBe(1);
    expect(sorted((JSON.parse(out) as GuardJsonReport).findings.map(summarize))).toEqual([
      { rule: 'rename-downtime', object: 'Deployment web', path: '' },
      { rule: 'data-loss-removed', object: 'PersistentVolumeClaim uploads', path: '' },
      { rule: 'data-loss-removed', object: 'StatefulSet db', path: '' },
    ]);
  });

  test('prints help and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('usage: shipshape guard --baseline <dir|git-rev> [new-dir]');
  });

  test.each([
    [[]],
    [['--baseline']],
    [['--baseline', 'x', '--format', 'xml']],
    [['--baseline', 'x', '--frobnicate']],
    [['--baseline', 'x', 'a', 'b']],
    [['--baseline', 'x', '--default-namespace', 'Not_A_Namespace']],
  ])('exits 2 on a usage error: %j', async (args) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toContain('usage: shipshape guard');
  });

  test('exits 2 with a clear message when the new output directory is missing', async () => {
    const { code, err } = await run(['--baseline', path.join(mixed, 'before'), path.join(mixed, 'no-such-dir')]);
    expect(code).toBe(2);
    expect(err).toContain('no such directory (run `npm run synth` first)');
  });

  test('runs end to end through the shipshape command', () => {
    const dir = path.join(SCENARIO_ROOT, 'job-template-change');
    const bin = path.join(__dirname, '..', '..', 'bin', 'shipshape.js');
    let status = 0;
    let stdout = '';
    try {
      stdout = execFileSync(process.execPath, [bin, 'guard', '--baseline', path.join(dir, 'before'), path.join(dir, 'after')], { encoding: 'utf8' });
    } catch (error) {
      status = (error as { status: number }).status;
      stdout = (error as { stdout: string }).stdout;
    }
    expect(status).toBe(1);
    expect(stdout).toContain('ERROR   job-template  spec.template.spec.containers[0].image');
  });
});

describe('shipshape guard on hostile input (read through the same loader as check)', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-guard-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  test('an alias bomb in the new output exits 2 with a message naming the file', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) {
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    }
    const file = path.join(dir, 'job.yaml');
    fs.writeFileSync(file, `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: bomb\nspec:\n  template:\n${levels.map((l) => `    ${l}`).join('\n')}\n`);
    const { code, err } = await run(['--baseline', dir, dir]);
    expect(code).toBe(2);
    expect(err).toBe(`shipshape guard: ${file}: document 1: its aliases expand it by more than 1,000,000 nodes (an alias bomb?); write the repeated parts out instead\n`);
  });

  test('a FIFO named *.yaml in the new output exits 2 instead of blocking', () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const bin = path.join(__dirname, '..', '..', 'bin', 'shipshape.js');
    const result = spawnSync(process.execPath, [bin, 'guard', '--baseline', dir, dir], { encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`shipshape guard: ${path.join(dir, 'pipe.yaml')}: a named pipe (FIFO), not a regular file: only regular files are read\n`);
  });
});
