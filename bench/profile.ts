// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per module and the hottest
// functions, so RESULTS.md can say where the time goes.
// Run: node -r ./bin/register.js bench/profile.ts <file.cpuprofile> [top]
import * as fs from 'fs';
import * as path from 'path';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time of one function or module, in milliseconds and as a share of the profile. */
export interface Hotspot {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

/** A profile's total time and its hottest modules and functions. */
export interface ProfileSummary {
  readonly totalMs: number;
  /** By self time. */
  readonly modules: readonly Hotspot[];
  /** By self time. */
  readonly functions: readonly Hotspot[];
  /** Our own functions (lib/, apps/) by inclusive time: their callees counted in. */
  readonly ownInclusive: readonly Hotspot[];
}

/**
 * The module a script belongs to: the package under node_modules (`cdk8s`, `yaml`…), our own
 * source folder (`lib/core`, `lib/workloads`), node internals, or V8 itself (GC, idle, program).
 */
export function moduleOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName.startsWith('RegExp:')) return '(regular expressions)';
    return functionName === '' ? '(native)' : `(${functionName.replace(/^\(|\)$/g, '')})`;
  }
  if (url.startsWith('node:')) return 'node internals';
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = file.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const rel = path.relative(process.cwd(), file).split(path.sep);
  return rel.length > 2 ? `${rel[0]}/${rel[1]}` : rel[0];
}

function shortUrl(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  return nm >= 0 ? file.slice(nm + 'node_modules/'.length) : path.relative(process.cwd(), file) || url;
}

function top(map: Map<string, number>, totalMs: number, count: number): Hotspot[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms, share: ms / totalMs }));
}

function functionKey(frame: CallFrame, module: string): string {
  return frame.url === '' ? module : `${frame.functionName || '(anonymous)'} (${shortUrl(frame.url)}:${frame.lineNumber + 1})`;
}

function isOwn(url: string): boolean {
  const file = url.replace(/^file:\/\//, '');
  if (file === '' || file.includes('node_modules/') || url.startsWith('node:')) return false;
  return /^(lib|apps)\//.test(path.relative(process.cwd(), file));
}

/** Sums self time per module and per function, and inclusive time of our own functions, over the samples of a profile. */
export function summariseProfile(profile: CpuProfile, count = 10): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const modules = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const module = moduleOf(url, functionName);
    modules.set(module, (modules.get(module) ?? 0) + ms);
    const fn = url === '' ? module : `${functionName || '(anonymous)'} (${shortUrl(url)}:${lineNumber + 1})`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    // Each of our functions on the stack once, however deep the recursion.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame || !isOwn(frame.url)) continue;
      const key = functionKey(frame, moduleOf(frame.url, frame.functionName));
      if (!seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
      }
    }
  });
  return { totalMs, modules: top(modules, totalMs, count), functions: top(functions, totalMs, count), ownInclusive: top(inclusive, totalMs, count) };
}

/** Reads and summarises a .cpuprofile file. */
export function summariseProfileFile(file: string, count = 10): ProfileSummary {
  return summariseProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, count);
}

/** The summary as plain text lines. */
export function formatProfileSummary(summary: ProfileSummary): string {
  const line = (h: Hotspot): string => `${h.ms.toFixed(0).padStart(7)} ms ${(h.share * 100).toFixed(1).padStart(5)}%  ${h.name}`;
  return [
    `total ${summary.totalMs.toFixed(0)} ms`,
    'self time by module:', ...summary.modules.map(line),
    'hottest functions (self time):', ...summary.functions.map(line),
    'our own functions (inclusive time):', ...summary.ownInclusive.map(line),
  ].join('\n');
}

if (require.main === module) {
  const [file, count] = process.argv.slice(2);
  if (!file) {
    console.error('usage: profile.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(formatProfileSummary(summariseProfileFile(file, count ? Number(count) : 15)));
}
