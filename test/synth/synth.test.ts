import { spawn, spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { appFileOfCommand } from '../../lib/synth/project';
import { ROOT } from '../support/synth';

// `shipshape synth` run as a user runs it, in a project directory of its own (with this
// repository's node_modules linked in, so it resolves cdk8s and shipshape).
jest.setTimeout(60_000);

const CLI = path.join(ROOT, 'bin', 'shipshape.js');

const VALID_APP = `import { App, Chart } from 'cdk8s';
import { WebApp } from 'shipshape';

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
new WebApp(chart, 'api', { name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: PORT });
app.synth();
`;

/** The valid app with another container port (a one-line change). */
const appWithPort = (port: number | string): string => VALID_APP.replace('PORT', String(port));

/** A valid app whose hand-written Deployment breaks the policy rules; it never calls addPolicyCheck. */
const POLICY_VIOLATION_APP = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'policy-violation-app.ts'), 'utf8');

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-synth-cmd-'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  for (const [file, content] of Object.entries({ 'cdk8s.yaml': 'language: typescript\napp: npx ts-node main.ts\noutput: dist\n', ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

function synth(dir: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, 'synth', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
}

/** Every file under `dir` with its content and modification time: what "untouched" means. */
function snapshotOf(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const file of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, file);
    const stat = fs.statSync(full);
    result[file] = stat.isDirectory() ? `dir ${stat.mtimeMs}` : `${fs.readFileSync(full, 'utf8')}@${stat.mtimeMs}`;
  }
  return result;
}

describe('shipshape synth', () => {
  test('writes one file per chart from cdk8s.yaml\'s app and output, and says so in one line', () => {
    const dir = project({ 'main.ts': appWithPort(8080) });
    const run = synth(dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Wrote 1 file to dist\/ in \d+ ms: 5 objects checked: 0 errors, 0 warnings, 0 suppressed\n$/);
    expect(fs.readdirSync(path.join(dir, 'dist'))).toEqual(['shop.k8s.yaml']);
    expect(fs.readFileSync(path.join(dir, 'dist', 'shop.k8s.yaml'), 'utf8')).toContain('containerPort: 8080');
  });

  test('takes the app file and the output directory from the command line', () => {
    const dir = project({ 'apps/stack.ts': appWithPort(8080) });
    const run = synth(dir, ['apps/stack.ts', '-o', 'out/manifests']);
    expect(run.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'out', 'manifests'))).toEqual(['shop.k8s.yaml']);
  });

  test('a failed synth (bad props) leaves the previous output untouched, byte for byte', () => {
    const dir = project({ 'main.ts': appWithPort(8080) });
    expect(synth(dir).status).toBe(0);
    fs.writeFileSync(path.join(dir, 'dist', 'notes.txt'), 'kept');
    const before = snapshotOf(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'main.ts'), appWithPort(70000));
    const run = synth(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('ShipshapeError: shop/api: port must be an integer from 1 to 65535, got 70000');
    expect(run.stderr).toContain('shipshape synth: the app failed: nothing was written');
    expect(snapshotOf(path.join(dir, 'dist'))).toEqual(before);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.dist'))).toEqual([]);
  });

  test('two objects with one name stop synth before anything is written, naming both', () => {
    const dir = project({ 'main.ts': appWithPort(8080) });
    expect(synth(dir).status).toBe(0);
    const before = snapshotOf(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'main.ts'), appWithPort(8080).replace('app.synth();', 'new WebApp(new Chart(app, \'again\', { namespace: \'shop\' }), \'api\', { name: \'api\', image: \'ghcr.io/acme/api:1.4.2\', port: 8080 });\napp.synth();'));
    const run = synth(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('DuplicateObjectError: names must be unique per kind and namespace');
    expect(run.stderr).toContain('ServiceAccount shop/api, Deployment.apps shop/api, Service shop/api, PodDisruptionBudget.policy shop/api, NetworkPolicy.networking.k8s.io shop/api are each made 2 times, by shop/api (WebApp), again/api (WebApp): rename one of them');
    expect(run.stderr).toContain('shipshape synth: the app failed: nothing was written');
    expect(snapshotOf(path.join(dir, 'dist'))).toEqual(before);
  });

  test('a policy error stops synth before anything is written, though the app never calls addPolicyCheck', () => {
    const dir = project({ 'main.ts': appWithPort(8080) });
    expect(synth(dir).status).toBe(0);
    const before = snapshotOf(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'main.ts'), POLICY_VIOLATION_APP);
    const run = synth(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('ERROR   [pss-privilege-escalation] Deployment shop/legacy (shop/legacy)');
    expect(run.stderr).toContain('shipshape synth: policy check failed: nothing was written');
    expect(snapshotOf(path.join(dir, 'dist'))).toEqual(before);
  });

  test('a successful synth leaves exactly the new files: stale files of removed charts are gone', () => {
    const dir = project({ 'main.ts': appWithPort(8080) });
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist', 'removed-chart.k8s.yaml'), 'kind: Stale\n');
    expect(synth(dir).status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'dist'))).toEqual(['shop.k8s.yaml']);
  });

  test('writes no construct-metadata.json and touches no network (every socket and lookup refused)', () => {
    const dir = project({ 'main.ts': appWithPort(8080) });
    const guard = path.join(dir, 'no-network.js');
    fs.writeFileSync(guard, `const net = require('net'); const dns = require('dns');
const refuse = () => { throw new Error('network access'); };
net.Socket.prototype.connect = refuse; dns.lookup = refuse; dns.resolve = refuse;`);
    const run = synth(dir, [], { NODE_OPTIONS: `--require ${guard}`, npm_config_registry: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'dist'))).toEqual(['shop.k8s.yaml']);
  });

  test('the policy check uses the options the app gave addPolicyCheck', () => {
    const app = POLICY_VIOLATION_APP.replace("import { k8s } from 'cdk8s-plus-28';", "import { k8s } from 'cdk8s-plus-28';\nimport { addPolicyCheck } from 'shipshape';")
      .replace('app.synth();', "addPolicyCheck(app, { defaultPodSecurityLevel: 'privileged', disabledRules: ['resources-requests', 'resources-memory-limit', 'probe-readiness', 'spread-or-anti-affinity', 'network-policy-covers-pod', 'pdb-present', 'replicas-at-least-two', 'image-pull-policy', 'service-account-dedicated'] });\napp.synth();");
    const run = synth(project({ 'main.ts': app }), ['--format', 'json']);
    const report = JSON.parse(run.status === 0 ? run.stdout : run.stderr) as { policy?: { findings: { ruleId: string }[] }; findings?: { ruleId: string }[] };
    const ids = (report.policy?.findings ?? report.findings ?? []).map((f) => f.ruleId);
    expect(ids.filter((id) => id.startsWith('pss-'))).toEqual([]);
  });

  test('--typecheck fails on a type error, naming the file and line, and writes nothing', () => {
    const dir = project({
      'main.ts': appWithPort("'8080'"),
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'commonjs', esModuleInterop: true, skipLibCheck: true, baseUrl: '.', paths: { shipshape: [path.join(ROOT, 'lib/index.ts')] } }, include: ['main.ts'] }),
    });
    const run = synth(dir, ['--typecheck']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/main\.ts\(6,\d+\): error TS2322/);
    expect(run.stderr).toContain('shipshape synth: type-check failed: nothing was written');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('--guard compares the new output with a baseline after writing and exits as the guard does', () => {
    const dir = project({ 'main.ts': appWithPort(8080) });
    expect(synth(dir, ['-o', 'baseline']).status).toBe(0);
    const baseline = path.join(dir, 'baseline', 'shop.k8s.yaml');
    fs.writeFileSync(baseline, fs.readFileSync(baseline, 'utf8').replace(/app.kubernetes.io\/component: web\n/g, 'app.kubernetes.io/component: frontend\n'));
    const run = synth(dir, ['--guard', 'baseline']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('immutable-selector');
    expect(fs.readdirSync(path.join(dir, 'dist'))).toEqual(['shop.k8s.yaml']);
    expect(synth(dir, ['--guard', 'dist']).status).toBe(0);
  });

  test('bad usage and configuration exit 2', () => {
    const dir = project({ 'main.ts': appWithPort(8080) });
    expect(synth(dir, ['--fast'])).toMatchObject({ status: 2, stderr: expect.stringContaining('shipshape synth: unknown option --fast') });
    expect(synth(dir, ['missing.ts'])).toMatchObject({ status: 2, stderr: 'shipshape synth: missing.ts: no such app file\n' });
    expect(synth(dir, ['-o', '.'])).toMatchObject({ status: 2, stderr: expect.stringContaining('would replace the project itself') });
  });

  test('--watch synthesizes again on a change and prints which objects changed', async () => {
    const dir = project({ 'main.ts': appWithPort(8080) });
    const child = spawn(process.execPath, [CLI, 'synth', '--watch'], { cwd: dir });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    const waitFor = (text: string): Promise<void> => new Promise((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (out.includes(text)) resolve();
        else if (Date.now() - started > 30_000) reject(new Error(`timed out waiting for ${text}; got:\n${out}`));
        else return;
        clearInterval(poll);
      }, 20);
    });
    try {
      await waitFor('Watching');
      // Written the way editors save: a new file renamed over the old one.
      fs.writeFileSync(path.join(dir, 'main.ts.tmp'), appWithPort(9090));
      fs.renameSync(path.join(dir, 'main.ts.tmp'), path.join(dir, 'main.ts'));
      await waitFor('changed Deployment shop/api');
      expect(fs.readFileSync(path.join(dir, 'dist', 'shop.k8s.yaml'), 'utf8')).toContain('containerPort: 9090');
      expect(out).toContain('  changed Service shop/api\n');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('the app file in cdk8s.yaml', () => {
  test.each([
    ['npx ts-node main.ts', 'main.ts'],
    ['node -r ./bin/register.js apps/main.ts', 'apps/main.ts'],
    ['node --require ./setup.js --import ./tsx.mjs main.js', 'main.js'],
    ['node dist-app/main.js', 'dist-app/main.js'],
    ['make synth', undefined],
  ])('%s runs %s', (command, file) => {
    expect(appFileOfCommand(command)).toBe(file);
  });
});
