import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync, spawnSync } from 'child_process';
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
    expect(out.join('\n')).toContain('8 objects checked: 0 errors, 0 warnings, 0 suppressed');
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
    expect(report.summary).toEqual({ objects: 8, errors: 1, warnings: 0, suppressed: 0 });
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

/** Runs `shipshape check` as its own process: a regression that blocks on a read must not hang the suite. */
function runCommand(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const bin = path.join(__dirname, '..', '..', 'bin', 'shipshape.js');
  const run = spawnSync(process.execPath, [bin, 'check', ...args], { encoding: 'utf8', timeout: 20_000, maxBuffer: 1024 * 1024 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A YAML document whose aliases expand ten levels of ten (10^10 nodes) from about 300 bytes. */
function aliasBomb(): string {
  const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 10; i++) {
    const name = String.fromCharCode(97 + i);
    const previous = String.fromCharCode(96 + i);
    levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
  }
  return levels.join('\n');
}

describe('shipshape check on hostile input', () => {
  test('a 1 MB ConfigMap value and a 1 MB literal env value are checked like any other', async () => {
    const set = baseline();
    const big = 'x'.repeat(1024 * 1024);
    containerOf(find(set, 'Deployment', 'web')).env = [{ name: 'BANNER', value: big }];
    write('stack.yaml', [...set, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'shop' }, data: { BANNER: big } }]);
    expect(await main([dir])).toBe(0);
    expect(out.join('\n')).toContain('9 objects checked: 0 errors');
  });

  test('an alias bomb in a probe is refused with exit 2 and a message naming it', async () => {
    const file = path.join(dir, 'bomb.yaml');
    const bomb = aliasBomb().split('\n').map((line) => `    ${line}`).join('\n');
    fs.writeFileSync(file, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\nspec:\n  laughs:\n${bomb}\n`);
    expect(await main([file])).toBe(2);
    expect(out.join('\n')).toBe(`shipshape check: ${file}: document 1: its aliases expand it by more than 1,000,000 nodes (an alias bomb?); write the repeated parts out instead`);
  });

  test('a document whose alias contains itself is refused with exit 2', async () => {
    const file = path.join(dir, 'cycle.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: cycle\n  self: *m\n');
    expect(await main([file])).toBe(2);
    expect(out.join('\n')).toBe(`shipshape check: ${file}: document 1: an alias refers to a node that contains it (a cyclic document)`);
  });

  test('aliases used for repeated blocks within reason are expanded and checked', async () => {
    const set = baseline();
    const web = find(set, 'Deployment', 'web');
    // One labels object for selector and template: the YAML writer emits an anchor and an alias.
    web.spec.template.metadata.labels = web.spec.selector.matchLabels;
    const file = write('anchors.yaml', set);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/labels: \*a1/);
    expect(await main([file])).toBe(0);
    expect(out.join('\n')).toContain('8 objects checked: 0 errors');
  });

  test('a FIFO named *.yaml, named explicitly or found in a directory, is refused without blocking', () => {
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    for (const target of [fifo, dir]) {
      const run = runCommand([target]);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(`shipshape check: ${fifo}: a named pipe (FIFO), not a regular file: only regular files are read\n`);
    }
  });

  test('a symlink to /dev/zero is refused without reading it', () => {
    const link = path.join(dir, 'zero.yaml');
    fs.symlinkSync('/dev/zero', link);
    const run = runCommand([dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`shipshape check: ${link}: a character device, not a regular file: only regular files are read\n`);
  });

  test('a file over the size limit is refused, and --max-file-size raises the limit', async () => {
    const file = write('stack.yaml', baseline());
    expect(await main([file, '--max-file-size', '1KiB'])).toBe(2);
    expect(out.join('\n')).toBe(`shipshape check: ${file}: larger than the limit of 1 KiB (raise it with --max-file-size)`);
    out.length = 0;
    expect(await main([file, '--max-file-size=1MiB'])).toBe(0);
    expect(await main([file, '--max-file-size', 'lots'])).toBe(2);
    expect(out.join('\n')).toContain('--max-file-size must be a size such as 64MiB or 1048576, got lots');
  });

  test('a file named explicitly is read whatever its extension', async () => {
    const file = write('manifest.txt', baseline());
    expect(await main([file])).toBe(0);
    expect(out.join('\n')).toContain('8 objects checked: 0 errors');
  });

  test('a .txt file inside a directory is not read', async () => {
    write('stack.yaml', baseline());
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not: [yaml');
    expect(await main([dir])).toBe(0);
  });

  test.each([
    ['invalid YAML', 'bad.yaml', 'a: [b', 'invalid YAML: unexpected end of the stream within a flow collection'],
    ['binary data', 'binary.yaml', '\u0000\u0001\u0002', 'invalid YAML: null byte is not allowed in input'],
    ['a document that is no Kubernetes object', 'list.yaml', '- a\n- b\n', 'document 1 is not a Kubernetes object (no apiVersion/kind)'],
  ])('%s exits 2 with the file and the problem, and no stack trace', async (_what, name, text, message) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    expect(await main([dir])).toBe(2);
    const printed = out.join('\n');
    expect(printed).toContain(`shipshape check: ${file}: ${message}`);
    expect(printed).not.toMatch(/^\s+at /m);
  });

  test('a symlink loop exits 2 naming the path', async () => {
    const loop = path.join(dir, 'loop.yaml');
    fs.symlinkSync(loop, loop);
    expect(await main([dir])).toBe(2);
    expect(out.join('\n')).toBe(`shipshape check: ${loop}: a symbolic link loop`);
  });

  test('a directory that links to itself exits 2 instead of recursing', async () => {
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.symlinkSync(dir, path.join(dir, 'sub', 'up'));
    expect(await main([dir])).toBe(2);
    expect(out.join('\n')).toBe(`shipshape check: ${path.join(dir, 'sub', 'up')}: a symbolic link loop (the directory contains itself)`);
  });
});
