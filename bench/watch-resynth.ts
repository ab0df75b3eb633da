// Times a watched re-synth: `shipshape synth --watch` on a copy of the example stack, then a
// one-line change to its main.ts (written as editors save: a new file renamed over the old one),
// timed from the rename to the "Wrote" line of the re-synth. Prints one JSON line: { samples }.
// Usage: node -r ./bin/register.js bench/watch-resynth.ts [runs]
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, 'bench', '.out', 'watch');
const APPS = path.join(WORK, 'apps');

function copyApps(): void {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(APPS, { recursive: true });
  for (const file of fs.readdirSync(path.join(ROOT, 'apps'))) fs.copyFileSync(path.join(ROOT, 'apps', file), path.join(APPS, file));
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 7);
  copyApps();
  const main = path.join(APPS, 'main.ts');
  const original = fs.readFileSync(main, 'utf8');
  if (!original.includes("replicas: 3, preset: 'medium'")) throw new Error('apps/main.ts no longer sets replicas: 3 for prod: update the benchmark\'s one-line change');
  const child = spawn(process.execPath, ['bin/shipshape.js', 'synth', path.relative(ROOT, main), '-o', path.relative(ROOT, path.join(WORK, 'dist')), '--watch'], { cwd: ROOT });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  const count = (text: string): number => out.split(text).length - 1;
  const until = (predicate: () => boolean): Promise<void> => new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (predicate()) { clearInterval(timer); resolve(); } else if (Date.now() - started > 60_000) { clearInterval(timer); reject(new Error(`timed out; output:\n${out}`)); }
    }, 2);
  });
  const samples: number[] = [];
  try {
    await until(() => out.includes('Watching'));
    for (let i = 0; i < runs + 1; i++) {
      const written = count('Wrote ');
      const next = i % 2 === 0 ? original.replace("replicas: 3, preset: 'medium'", "replicas: 4, preset: 'medium'") : original;
      fs.writeFileSync(`${main}.tmp`, next);
      const start = process.hrtime.bigint();
      fs.renameSync(`${main}.tmp`, main);
      await until(() => count('Wrote ') > written);
      // The first re-synth is a warm-up: it loads what the first synth did not need.
      if (i > 0) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    child.kill('SIGTERM');
  }
  console.log(JSON.stringify({ samples }));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
