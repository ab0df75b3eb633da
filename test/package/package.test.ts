import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../support/synth';

// The package as a user gets it: `npm pack`, then an install of the tarball into a fresh project
// (one install per project, from the npm registry) — once into a project that uses the default
// cdk8s flow, once into a project written by `shipshape init`.

jest.setTimeout(15 * 60 * 1000);

const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-package-'));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
}

function succeed(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = run(command, args, cwd, env);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function install(project: string, packages: readonly string[]): void {
  succeed(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packages], project);
}

/** Type-check errors, under the strictest consumer flags, in anything but cdk8s-plus-28's own declarations. */
function strictTypeErrors(project: string): string[] {
  fs.writeFileSync(path.join(project, 'tsconfig.strict.json'), JSON.stringify({
    extends: './tsconfig.json',
    compilerOptions: { strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: false, noEmit: true },
  }));
  const result = run(process.execPath, [path.join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.strict.json'], project);
  // cdk8s-plus-28's declarations do not compile under exactOptionalPropertyTypes themselves
  // (their classes implement interfaces with optional members): not ours to fix, so not counted.
  return result.stdout.split('\n').filter((line) => /error TS\d+/.test(line) && !line.startsWith('node_modules/cdk8s-plus-28/'));
}

let tarball = '';

beforeAll(() => {
  const packed = JSON.parse(succeed(NPM, ['pack', '--json', '--pack-destination', work], ROOT)) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, packed[0].filename);
  fs.writeFileSync(path.join(work, 'files.json'), JSON.stringify(packed[0].files.map((f) => f.path)));
});

describe('the tarball', () => {
  test('holds the compiled library, its declarations, the command, the docs and the license: no sources, tests, bench, apps or configs', () => {
    const files = JSON.parse(fs.readFileSync(path.join(work, 'files.json'), 'utf8')) as string[];
    const outside = files.filter((f) => !/^(build\/(lib|imports)\/.*\.(js|d\.ts)|bin\/(shipshape|load|cdk8s-validation|typescript-loader)\.js|docs\/[\w-]+\.md|README\.md|LICENSE|package\.json)$/.test(f));
    expect(outside).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['build/lib/index.js', 'build/lib/index.d.ts', 'build/lib/testing/index.d.ts', 'bin/shipshape.js']));
  });
});

describe('a cdk8s project with the default flow (npx ts-node main.ts, type-checked)', () => {
  const project = path.join(work, 'consumer');

  beforeAll(() => {
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true, types: ['node'] },
      include: ['*.ts'],
    }));
    fs.writeFileSync(path.join(project, 'cdk8s.yaml'), [
      'language: typescript',
      'app: npx ts-node main.ts',
      'output: dist',
      'validations:',
      '  - package: ./node_modules/shipshape/bin/cdk8s-validation.js',
      `    version: ${own.version}`,
      '    class: ShipshapeValidation',
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(project, 'main.ts'), `import { App } from 'cdk8s';
import { Environment, HealthProbe, StatefulDatabase, WebApp } from 'shipshape';
import { checkApp } from 'shipshape/policy';

const app = new App();
const shop = new Environment(app, 'shop', { name: 'shop', environment: 'prod' });
const db = new StatefulDatabase(shop, 'db', { name: 'orders-db', engine: 'postgres', image: 'postgres:16.4', credentials: { secret: 'orders-db' } });
new WebApp(shop, 'api', { name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080, livenessProbe: HealthProbe.tcp() }).connectTo(db);
if (checkApp(app).errors > 0) throw new Error('policy errors');
app.synth();
`);
    // The project's cdk8s is an older patch release than the one Shipshape is developed with: the
    // peer range takes it, so there is one copy of cdk8s and its objects render.
    const tools = ['cdk8s-plus-28', 'constructs', 'cdk8s-cli', 'ts-node', 'typescript', '@types/node'].map((name) => `${name}@${own.devDependencies[name]}`);
    install(project, [tarball, 'cdk8s@2.70.104', ...tools]);
  });

  test('cdk8s synth writes the manifests, checked by the validation plugin from the installed package', () => {
    const out = succeed(path.join(project, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade'], project);
    expect(out).toContain('0 errors');
    const yaml = fs.readFileSync(path.join(project, 'dist', 'shop.k8s.yaml'), 'utf8');
    expect(yaml).toContain('kind: StatefulSet');
    expect(yaml).toContain('name: api.to.orders-db');
  });

  test('one copy of cdk8s: the library uses the project\'s', () => {
    expect(JSON.parse(fs.readFileSync(path.join(project, 'node_modules/cdk8s/package.json'), 'utf8')).version).toBe('2.70.104');
    expect(fs.existsSync(path.join(project, 'node_modules/shipshape/node_modules/cdk8s'))).toBe(false);
    expect(fs.existsSync(path.join(project, 'node_modules/shipshape/node_modules/constructs'))).toBe(false);
  });

  test('shipshape check runs from the installed package, with no compiler installed for it', () => {
    expect(fs.existsSync(path.join(project, 'node_modules/@swc/core'))).toBe(false);
    const result = run(path.join(project, 'node_modules/.bin/shipshape'), ['check', 'dist'], project);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('0 errors');
    expect(result.status).toBe(0);
  });

  test('the declarations type-check under strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes and skipLibCheck false', () => {
    expect(strictTypeErrors(project)).toEqual([]);
  });
});

describe('a project written by shipshape init', () => {
  const project = path.join(work, 'starter');

  beforeAll(() => {
    // The init command of the installed package, compiled: what `npx shipshape init` runs.
    const cli = path.join(work, 'consumer', 'node_modules', 'shipshape', 'bin', 'shipshape.js');
    succeed(process.execPath, [cli, 'init', project], work);
    install(project, [tarball]);
  });

  test('its npm run synth writes the stack, checked', () => {
    const out = succeed(NPM, ['run', 'synth'], project);
    expect(out).toContain('0 errors');
    expect(fs.readdirSync(path.join(project, 'dist'))).toContain('starter-prod.k8s.yaml');
  });

  test('its npm test passes, writing YAML snapshots, and passes again as CI runs it', () => {
    succeed(NPM, ['test'], project, { CI: '' });
    const snapshots = fs.readFileSync(path.join(project, '__snapshots__', 'stack.test.ts.snap'), 'utf8');
    expect(snapshots).toContain('exports[`Deployment starter-prod/web 1`] = `\napiVersion: apps/v1\nkind: Deployment\n');
    succeed(NPM, ['test', '--', '--ci'], project, { CI: 'true' });
  });

  test('shipshape check passes on its output', () => {
    expect(succeed(path.join(project, 'node_modules/.bin/shipshape'), ['check', 'dist'], project)).toContain('0 errors');
  });

  test('it type-checks under the strictest consumer flags', () => {
    expect(strictTypeErrors(project)).toEqual([]);
  });

  test('init refuses to write over an existing project and names the files', () => {
    const result = run(process.execPath, [path.join(project, 'node_modules/shipshape/bin/shipshape.js'), 'init', project], work);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('already has package.json');
  });
});
