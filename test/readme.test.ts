import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadManifests } from '../lib/manifests/yaml';
import { checkManifests, formatReport } from '../lib/policy';
import { schemaErrors } from './support/manifests';

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The README's complete examples: TypeScript blocks that build an App and synthesize it. */
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).filter((code) => code.includes('app.synth()'));

describe('README examples', () => {
  test('there are complete examples to run', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  test.each(examples.map((code, i) => [i + 1, code]))('example %i synthesizes schema-valid manifests with no policy errors', (i, code) => {
    // Examples import 'shipshape' as a user's app does; jest resolves the name to the sources.
    const dir = path.join(root, 'test', '.readme');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `example-${i}.ts`);
    fs.writeFileSync(file, String(code));
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-readme-'));
    // Run in this process (the examples only build an App and synth it into CDK8S_OUTDIR).
    process.env.CDK8S_OUTDIR = outdir;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      jest.isolateModules(() => require(file));
    } finally {
      delete process.env.CDK8S_OUTDIR;
      fs.rmSync(file);
    }
    const objects = loadManifests([outdir]).map((s) => s.manifest);
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.flatMap(schemaErrors)).toEqual([]);
    // Pods are checked at their namespace's Pod Security level: restricted unless an Environment
    // computed less from a workload that asked for it.
    const report = checkManifests(objects);
    expect(report.errors === 0 ? '' : formatReport(report)).toBe('');
  });
});
