import { spawnSync } from 'child_process';
import * as path from 'path';

/** What mermaid's parser said about one text. */
export type MermaidParse = { ok: true; type: string } | { ok: false; error: string };

/**
 * Parses each text with the mermaid package's own parser (`mermaid.parse`), in a child process:
 * mermaid is ESM-only and needs a DOM (jsdom), neither of which jest's CommonJS sandbox offers.
 */
export function parseWithMermaid(texts: readonly string[]): MermaidParse[] {
  const run = spawnSync(process.execPath, [path.join(__dirname, 'mermaid-parser.mjs')], {
    input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`mermaid parser failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as MermaidParse[];
}
