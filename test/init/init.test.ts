import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/init/cli';

function runInit(args: readonly string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

const fresh = (name = 'shop'): string => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-init-')), name);
const read = (dir: string, file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');

describe('shipshape init', () => {
  test('writes the starter files and prints the next commands', () => {
    const dir = fresh();
    const result = runInit([dir]);
    expect(result.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['.github', '.gitignore', 'README.md', 'cdk8s.yaml', 'jest.config.js', 'main.ts', 'package.json', 'stack.test.ts', 'stack.ts', 'tsconfig.json']);
    expect(fs.readdirSync(path.join(dir, '.github', 'workflows'))).toEqual(['ci.yml']);
    expect(result.out).toContain('npm install\n  npm run synth');
  });

  test('the package.json depends on shipshape and its peers with caret ranges of the tested versions, and has synth, test, check and guard', () => {
    const dir = fresh();
    runInit([dir]);
    const own = JSON.parse(read(path.join(__dirname, '..', '..'), 'package.json'));
    const pkg = JSON.parse(read(dir, 'package.json'));
    expect(pkg.name).toBe('shop');
    expect(pkg.dependencies).toEqual({
      'shipshape': `^${own.version}`,
      'cdk8s': `^${own.devDependencies.cdk8s}`,
      'cdk8s-plus-28': `^${own.devDependencies['cdk8s-plus-28']}`,
      'constructs': `^${own.devDependencies.constructs}`,
    });
    expect(pkg.scripts).toMatchObject({ synth: 'shipshape synth', test: 'tsc --noEmit && jest', check: 'shipshape check dist' });
    expect(pkg.scripts.guard).toBe('shipshape guard --baseline origin/main dist');
  });

  test('cdk8s.yaml loads the validation plugin from node_modules by path, at the installed version', () => {
    const dir = fresh();
    runInit([dir]);
    const own = JSON.parse(read(path.join(__dirname, '..', '..'), 'package.json'));
    expect(read(dir, 'cdk8s.yaml')).toContain(`  - package: ./node_modules/shipshape/bin/cdk8s-validation.js\n    version: ${own.version}\n    class: ShipshapeValidation\n`);
  });

  test('the CI workflow installs, tests, fails on a stale dist/, checks, and guards pull requests against their base', () => {
    const dir = fresh();
    runInit([dir]);
    const ci = read(dir, '.github/workflows/ci.yml');
    for (const step of ['run: npm ci', 'run: npm test -- --ci', 'run: npm run synth', 'git diff --exit-code -- dist', 'run: npx shipshape check dist', 'npx shipshape guard --baseline origin/${{ github.base_ref }} dist']) {
      expect(ci).toContain(step);
    }
  });

  test('the project name comes from the directory, as a DNS-1123 label, and names the namespace', () => {
    const dir = fresh('My Shop');
    runInit([dir]);
    expect(JSON.parse(read(dir, 'package.json')).name).toBe('my-shop');
    expect(read(dir, 'stack.ts')).toContain("new Environment(app, 'my-shop-prod', { name: 'my-shop-prod', environment: 'prod' })");
  });

  test('--name overrides the directory name', () => {
    const dir = fresh();
    runInit([dir, '--name', 'orders']);
    expect(JSON.parse(read(dir, 'package.json')).name).toBe('orders');
  });

  test('refuses an invalid name and writes nothing', () => {
    const dir = fresh();
    const result = runInit([dir, '--name', 'Orders_App']);
    expect(result.code).toBe(2);
    expect(result.err).toContain("must be a DNS-1123 label of at most 40 characters (lower-case letters, digits and '-'), got 'Orders_App'");
    expect(fs.existsSync(dir)).toBe(false);
  });

  test('refuses to overwrite: names the existing files and writes nothing at all', () => {
    const dir = fresh();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'main.ts'), 'mine');
    const result = runInit([dir]);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`shipshape init: ${dir} already has main.ts; nothing was written (init never overwrites a file)\n`);
    expect(fs.readdirSync(dir)).toEqual(['main.ts']);
    expect(read(dir, 'main.ts')).toBe('mine');
  });

  test('an unknown option is a usage error', () => {
    const result = runInit(['--force']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('shipshape init: unknown option --force');
  });

  test('--name without a value is a usage error', () => {
    const result = runInit(['--name']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('shipshape init: --name needs a value');
  });

  test('--help prints the usage', () => {
    const result = runInit(['--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('usage: shipshape init [dir] [--name <name>]');
  });
});
