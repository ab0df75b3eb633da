import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump } from 'js-yaml';
import { Manifest } from '../../lib/manifests/manifest';
import { main } from '../../lib/graph/cli';
import { checkManifests, summaryLine } from '../../lib/policy';
import { defaultDeny, deployment, dnsEgress, service } from './fixtures';

const root = path.join(__dirname, '..', '..');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (text) => { out += text; }, err: (text) => { err += text; } });
  return { code, out, err };
}

/** A directory with one YAML file holding the manifests. */
function manifestDir(manifests: readonly Manifest[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-graph-cli-'));
  fs.writeFileSync(path.join(dir, 'app.yaml'), manifests.map((m) => dump(m)).join('---\n'));
  return dir;
}

describe('shipshape graph', () => {
  const dir = manifestDir([deployment('web', 'web'), service('web', 'web')]);

  test('writes a Mermaid flowchart of the manifests to standard output and exits 0', async () => {
    const { code, out, err } = await run([dir]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^flowchart LR\n/);
    expect(out).toContain('anywhere <-->|"all traffic allowed"| deploy_web_web');
  });

  test('reads single files as well as directories', async () => {
    const { code, out } = await run([path.join(dir, 'app.yaml')]);
    expect(code).toBe(0);
    expect(out).toContain('deploy_web_web("Deployment web');
  });

  test('-o writes the file and picks the format from its extension: .html, .dot, else Mermaid', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-graph-out-'));
    for (const [file, start] of [['topology.html', '<!doctype html>'], ['topology.dot', 'digraph topology {'], ['topology.mmd', 'flowchart LR'], ['topology.txt', 'flowchart LR']]) {
      const result = await run([dir, '-o', path.join(out, file)]);
      expect([file, result.code, result.out]).toEqual([file, 0, '']);
      expect(fs.readFileSync(path.join(out, file), 'utf8').startsWith(start)).toBe(true);
    }
  });

  test('--format wins over the extension, in either spelling', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-graph-out-')), 'topology.html');
    expect((await run([dir, '--format', 'dot', '-o', file])).code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^digraph topology \{/);
    const { code, out } = await run([dir, '--format=dot']);
    expect(code).toBe(0);
    expect(out).toMatch(/^digraph topology \{/);
  });

  test('--title sets the heading of the html page', async () => {
    const { out } = await run([dir, '--format', 'html', '--title', 'Shop']);
    expect(out).toContain('<title>Shop</title>');
  });

  test('--check marks the flagged objects and prints the check\'s summary on standard error, still exiting 0', async () => {
    const { code, out, err } = await run([dir, '--check']);
    const report = checkManifests([deployment('web', 'web'), service('web', 'web')]);
    expect(code).toBe(0);
    expect(err).toBe(`shipshape graph: policy check: ${summaryLine(report)}\n`);
    expect(out).toMatch(/deploy_web_web\("Deployment web<br>1 replica<br>no NetworkPolicy<br>⚠ \d+ errors, \d+ warnings?: [a-z-, ]+"\)/);
  });

  test('--dns draws DNS egress as edges', async () => {
    const isolated = manifestDir([deployment('web', 'web'), defaultDeny('web'), dnsEgress('web')]);
    const edge = 'deploy_web_web -->|"53, 53/UDP"| pods_kube_system_k8s_app_kube_dns';
    expect((await run([isolated])).out).not.toContain(edge);
    const withDns = await run([isolated, '--dns']);
    expect(withDns.code).toBe(0);
    expect(withDns.out).toContain(edge);
  });

  test.each([
    [['--format', 'svg', 'dist'], 'shipshape graph: --format must be mermaid, html or dot, got svg'],
    [['--frobnicate'], 'shipshape graph: unknown option --frobnicate'],
    [['-o'], 'shipshape graph: -o needs a value'],
    [['--title', '--check'], 'shipshape graph: --title needs a value'],
  ])('bad usage %j exits 2 with the problem and the usage', async (args, message) => {
    const { code, out, err } = await run(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.startsWith(`${message}\n\nusage: shipshape graph`)).toBe(true);
  });

  test('an unreadable input exits 2 naming it', async () => {
    const { code, err } = await run([path.join(dir, 'missing.yaml')]);
    expect(code).toBe(2);
    expect(err).toBe(`shipshape graph: ${path.join(dir, 'missing.yaml')}: no such file or directory\n`);
  });

  test('--help prints the usage and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: shipshape graph \[dir\|file\]\.\.\. \[--format mermaid\|html\|dot\] \[-o file\]/);
  });
});

describe('the shipshape command', () => {
  test('dispatches graph, reading dist/ of the current directory by default', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-graph-project-'));
    fs.cpSync(manifestDir([deployment('web', 'web')]), path.join(project, 'dist'), { recursive: true });
    const result = spawnSync(process.execPath, [path.join(root, 'bin', 'shipshape.js'), 'graph'], { cwd: project, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('deploy_web_web("Deployment web');
  });

  test('without dist/ and without paths, says to synthesize first and exits 2', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-graph-project-'));
    const result = spawnSync(process.execPath, [path.join(root, 'bin', 'shipshape.js'), 'graph'], { cwd: empty, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('shipshape graph: dist: no such directory (run `npm run synth` first, or name the manifests)\n');
  });
});
