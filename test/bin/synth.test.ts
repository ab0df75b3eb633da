import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, synthInto } from '../support/synth';

// Synth through this repository's entry points: bin/register.js (TypeScript without a type-check),
// the cdk8s CLI and the validation plugin bin/cdk8s-validation.js named in cdk8s.yaml.

describe('invalid input', () => {
  test('synth fails with the error naming path, prop, expectation and value, and writes nothing', () => {
    const run = synthInto('test/fixtures/invalid-app.ts');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('ShipshapeError: prod/api: port must be an integer from 1 to 65535, got 70000');
    expect(fs.readdirSync(run.outdir)).toEqual([]);
  });

  test('the validation plugin in cdk8s.yaml fails synth on an error finding, naming the rule and object', () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-plugin-')), 'dist');
    const run = spawnSync(path.join(ROOT, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade', '--app', 'node -r ./bin/register.js test/fixtures/policy-violation-app.ts', '--output', outdir], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK8S_RECORD_CONSTRUCT_METADATA: 'false' },
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
      execFileSync(path.join(ROOT, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade', '--app', 'node -r ./bin/register.js test/fixtures/invalid-app.ts', '--output', outdir], {
        cwd: ROOT, stdio: 'pipe',
      });
    } catch {
      failed = true;
    }
    expect(failed).toBe(true);
    // The CLI clears the output directory before running the app, which then throws before writing.
    expect(fs.existsSync(outdir) ? fs.readdirSync(outdir) : []).toEqual([]);
  });
});
