import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The repository root, where apps and fixtures are resolved. */
export const ROOT = path.join(__dirname, '..', '..');

/** Runs an app file the way `npm run synth` runs it (swc, no type-check) into a fresh output directory. */
export function synthInto(app: string): { outdir: string; status: number | null; stderr: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-synth-'));
  const result = spawnSync(process.execPath, ['-r', './bin/register.js', app], {
    cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: outdir }, encoding: 'utf8',
  });
  return { outdir, status: result.status, stderr: result.stderr };
}
