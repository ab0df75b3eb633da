import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SCENARIO_ROOT } from './corpus';
import { main } from '../../lib/guard/cli';
import { GuardJsonReport, loadGuardBaseline, loadGitGuardBaseline } from '../../lib/guard';

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', '-c', 'init.defaultBranch=main', ...args], { cwd, stdio: 'ignore' });
}

const scenario = path.join(SCENARIO_ROOT, 'statefulset-storage-decrease');
let repo: string;
let cwd: string;

beforeAll(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-guard-'));
  git(repo, 'init', '--quiet');
  fs.mkdirSync(path.join(repo, 'dist'));
  fs.copyFileSync(path.join(scenario, 'before', 'manifests.k8s.yaml'), path.join(repo, 'dist', 'shop.k8s.yaml'));
  fs.writeFileSync(path.join(repo, 'README.md'), 'app\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'release 1');
  git(repo, 'tag', 'release-1');
  // The working tree moves on: the new synth output replaces dist/ without being committed.
  fs.copyFileSync(path.join(scenario, 'after', 'manifests.k8s.yaml'), path.join(repo, 'dist', 'shop.k8s.yaml'));
  fs.mkdirSync(path.join(repo, 'empty'));
  git(repo, 'rm', '--quiet', '-r', '--cached', 'dist');
  git(repo, 'commit', '--quiet', '-m', 'stop committing dist');
  cwd = process.cwd();
  process.chdir(repo);
});

afterAll(() => {
  process.chdir(cwd);
  fs.rmSync(repo, { recursive: true, force: true });
});

describe('a git revision as the baseline', () => {
  test('reads dist/ of the revision through git, not from the working tree', () => {
    const baseline = loadGitGuardBaseline('release-1', { cwd: repo });
    expect(baseline.origin).toEqual({ type: 'git', location: 'release-1:dist' });
    expect(baseline.manifests.map((m) => m.file)).toEqual(['release-1:dist/shop.k8s.yaml#1']);
    expect(baseline.manifests[0].manifest.kind).toBe('StatefulSet');
  });

  test('the CLI compares the revision with the working tree output and fails on errors', async () => {
    let out = '';
    const code = await main(['--baseline', 'release-1', 'dist', '--format', 'json'], { out: (t) => { out += t; }, err: () => undefined });
    const report = JSON.parse(out) as GuardJsonReport;
    expect(code).toBe(1);
    expect(report.baseline).toBe('release-1:dist');
    expect(report.findings.map((f) => [f.rule, f.path])).toEqual([
      ['pvc-storage-decrease', 'spec.volumeClaimTemplates[0].spec.resources.requests.storage'],
    ]);
  });

  test('a revision without the directory is a clear error', () => {
    expect(() => loadGitGuardBaseline('HEAD', { cwd: repo })).toThrow(/git revision HEAD has no manifests under dist\/: commit the synthesized output/);
  });

  test('the directory inside the revision is configurable', async () => {
    let err = '';
    const code = await main(['--baseline', 'release-1', 'dist', '--dir', 'manifests'], { out: () => undefined, err: (t) => { err += t; } });
    expect(code).toBe(2);
    expect(err).toContain('has no manifests under manifests/');
  });

  test('an unknown revision that is not a directory either is a clear error', () => {
    expect(() => loadGuardBaseline('no-such-branch', { cwd: repo })).toThrow('baseline no-such-branch is neither a directory nor a git revision');
  });

  test('an existing directory wins over a revision of the same name', () => {
    const baseline = loadGuardBaseline('empty', { cwd: repo });
    expect(baseline.origin.type).toBe('directory');
    expect(baseline.manifests).toEqual([]);
  });
});
