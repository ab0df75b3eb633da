import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { main } from '../../lib/policy/cli';
import { baseline, containerOf, find } from './fixtures';

let dir: string;
let out: string[];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-check-'));
  out = [];
  jest.spyOn(console, 'log').mockImplementation((text: string) => { out.push(text); });
  jest.spyOn(console, 'error').mockImplementation((text: string) => { out.push(text); });
});

afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, docs: object[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, docs.map((d) => stringify(d)).join('---\n'));
  return file;
}

describe('shipshape check', () => {
  test('a directory of valid manifests exits 0 and says so', async () => {
    write('stack.yaml', baseline());
    expect(await main([dir])).toBe(0);
    expect(out.join('\n')).toContain('7 objects checked: 0 errors, 0 warnings, 0 suppressed');
  });

  test('a broken manifest exits 1 and names the rule, the object and the file', async () => {
    const set = baseline();
    containerOf(find(set, 'Deployment', 'web')).securityContext.privileged = true;
    const file = write('stack.yaml', set);
    expect(await main([file])).toBe(1);
    const text = out.join('\n');
    expect(text).toContain(`ERROR   [pss-privileged] Deployment shop/web (${file}#3)`);
    expect(text).toContain('1 error');
  });

  test('warnings alone exit 0', async () => {
    const set = baseline();
    delete containerOf(find(set, 'Deployment', 'web')).imagePullPolicy;
    write('stack.yaml', set);
    expect(await main([dir])).toBe(0);
    expect(out.join('\n')).toContain('WARNING [image-pull-policy]');
  });

  test('--format json prints a parseable report', async () => {
    const set = baseline();
    containerOf(find(set, 'Deployment', 'web')).image = 'nginx';
    write('stack.yaml', set);
    expect(await main([dir, '--format', 'json'])).toBe(1);
    const report = JSON.parse(out.join('\n'));
    expect(report.summary).toEqual({ objects: 7, errors: 1, warnings: 0, suppressed: 0 });
    expect(report.findings[0]).toMatchObject({ ruleId: 'image-pinned', kind: 'Deployment', name: 'web' });
  });

  test('the construct-metadata.json cdk8s writes next to the YAML is skipped', async () => {
    write('stack.yaml', baseline());
    fs.writeFileSync(path.join(dir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources: {} }));
    expect(await main([dir])).toBe(0);
  });

  test('bad usage and missing paths exit 2', async () => {
    expect(await main([])).toBe(2);
    expect(await main([dir, '--format', 'xml'])).toBe(2);
    expect(await main([path.join(dir, 'missing')])).toBe(2);
    expect(out.join('\n')).toContain('no such file or directory');
  });
});
