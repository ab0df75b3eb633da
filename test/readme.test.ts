import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadManifests } from '../lib/core/manifests';
import { expectValidOutput } from './support/manifests';

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The README's complete examples: TypeScript blocks that build an App and synthesize it. */
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).filter((code) => code.includes('app.synth()'));

describe('README examples', () => {
  test('there are complete examples to run', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  test.each(examples.map((code, i) => [i + 1, code]))('example %i synthesizes valid, restricted manifests', (i, code) => {
    // Examples import from '../lib' as a file in apps/ would; run them from a scratch folder beside apps/.
    const dir = path.join(root, 'test', '.readme');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `example-${i}.ts`);
    fs.writeFileSync(file, String(code).replace(/from '\.\.\/lib'/g, `from '${path.join(root, 'lib')}'`));
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-readme-'));
    const run = spawnSync(process.execPath, ['-r', './bin/register.js', file], { cwd: root, env: { ...process.env, CDK8S_OUTDIR: outdir }, encoding: 'utf8' });
    fs.rmSync(file);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const objects = loadManifests([outdir]).map((s) => s.manifest);
    expect(objects.length).toBeGreaterThan(0);
    expectValidOutput(objects);
  });
});
