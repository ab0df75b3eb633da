import * as fs from 'fs';
import * as path from 'path';

/**
 * Builds a new output directory beside `outdir` and swaps it in only when `write` succeeds: a
 * failure leaves the previous output as it was, byte for byte; a success leaves exactly the new
 * files (stale files of removed charts are gone). The output directory is owned by synth.
 */
export function replaceDirectory(outdir: string, write: (staging: string) => void): void {
  const parent = path.dirname(outdir);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(outdir)}.new-`));
  try {
    write(staging);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  // mkdtemp creates the directory 0700; the output is as readable as any directory the user makes.
  fs.chmodSync(staging, 0o755);
  if (!fs.existsSync(outdir)) {
    fs.renameSync(staging, outdir);
    return;
  }
  const old = `${staging.replace('.new-', '.old-')}`;
  fs.renameSync(outdir, old);
  try {
    fs.renameSync(staging, outdir);
  } catch (error) {
    fs.renameSync(old, outdir);
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  fs.rmSync(old, { recursive: true, force: true });
}
