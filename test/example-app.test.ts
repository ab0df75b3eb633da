import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadManifests } from '../lib/manifests/yaml';
import { checkManifests, formatReport } from '../lib/policy';
import { expectValidOutput, schemaErrors } from './support/manifests';

const root = path.join(__dirname, '..');

/** Runs an app the way `npm run synth` does (swc, no type-check) into a fresh directory. */
function synthInto(app: string): { outdir: string; status: number | null; stderr: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-synth-'));
  const result = spawnSync(process.execPath, ['-r', './bin/register.js', app], {
    cwd: root, env: { ...process.env, CDK8S_OUTDIR: outdir }, encoding: 'utf8',
  });
  return { outdir, status: result.status, stderr: result.stderr };
}

describe('the example stack (apps/main.ts)', () => {
  const run = synthInto('apps/main.ts');
  const objects = run.status === 0 ? loadManifests([run.outdir]).map((s) => s.manifest) : [];

  test('synthesizes one YAML file per chart', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const files = fs.readdirSync(run.outdir);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.endsWith('.k8s.yaml'))).toBe(true);
  });

  test('every object validates against the Kubernetes schema', () => {
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.flatMap(schemaErrors)).toEqual([]);
  });

  test('every pod outside the monitoring namespace passes PSS restricted', () => {
    expectValidOutput(objects.filter((o) => o.metadata?.namespace !== 'monitoring'));
  });

  test('the policy check finds no errors and no warnings', () => {
    const report = checkManifests(objects);
    expect(report.findings.length === 0 ? '' : formatReport(report)).toBe('');
    expect(report.objects).toBe(objects.length);
  });

  test('is deterministic: a second synth is byte-identical', () => {
    const again = synthInto('apps/main.ts');
    for (const file of fs.readdirSync(run.outdir)) {
      expect(fs.readFileSync(path.join(again.outdir, file), 'utf8')).toBe(fs.readFileSync(path.join(run.outdir, file), 'utf8'));
    }
  });
});

describe('invalid input', () => {
  test('synth fails with the error naming path, prop, expectation and value, and writes nothing', () => {
    const run = synthInto('test/fixtures/invalid-app.ts');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('ShipshapeError: prod/api: port must be an integer from 1 to 65535, got 70000');
    expect(fs.readdirSync(run.outdir)).toEqual([]);
  });

  test('the validation plugin in cdk8s.yaml fails synth on an error finding, naming the rule and object', () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-plugin-')), 'dist');
    const run = spawnSync(path.join(root, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade', '--app', 'node -r ./bin/register.js test/fixtures/policy-violation-app.ts', '--output', outdir], {
      cwd: root, encoding: 'utf8', env: { ...process.env, CDK8S_RECORD_CONSTRUCT_METADATA: 'false' },
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('[pss-privilege-escalation] Deployment shop/legacy');
    expect(run.stdout).toContain('[resources-requests] Deployment shop/legacy');
    expect(run.stdout).not.toMatch(/Deployment shop\/api\b/);
  });

  test('the cdk8s CLI leaves no partial dist/ behind', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-cli-'));
    fs.writeFileSync(path.join(outdir, 'stale.k8s.yaml'), 'stale: true\n');
    let failed = false;
    try {
      execFileSync(path.join(root, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade', '--app', 'node -r ./bin/register.js test/fixtures/invalid-app.ts', '--output', outdir], {
        cwd: root, stdio: 'pipe',
      });
    } catch {
      failed = true;
    }
    expect(failed).toBe(true);
    // The CLI clears the output directory before running the app, which then throws before writing.
    expect(fs.existsSync(outdir) ? fs.readdirSync(outdir) : []).toEqual([]);
  });
});
