// Runs commands as separate (cold) processes and measures them: wall time with process.hrtime
// around the spawn, peak RSS with GNU time when present (else the child's own report).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** One timed run of a command. */
export interface Run {
  /** Wall time of the whole process, in milliseconds. */
  readonly ms: number;
  /** Peak RSS in megabytes (of the largest process in the tree, per getrusage), when known. */
  readonly rss?: number;
  /** CPU time (user + system) of the process tree in milliseconds, when known: less sensitive than wall time to other load on the machine. */
  readonly cpuMs?: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

/** How to run a command. */
export interface Command {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Runs through a shell (for commands given as one string). @default false */
  readonly shell?: boolean;
  /** Kills the command after this many milliseconds. @default 10 minutes */
  readonly timeoutMs?: number;
}

const GNU_TIME = '/usr/bin/time';

function hasGnuTime(): boolean {
  if (!fs.existsSync(GNU_TIME)) return false;
  const out = path.join(os.tmpdir(), `shipshape-bench-time-${process.pid}`);
  const probe = spawnSync(GNU_TIME, ['-f', '%M', '-o', out, 'true']);
  const ok = probe.status === 0 && fs.existsSync(out) && /^\d+\s*$/.test(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out, { force: true });
  return ok;
}

/** Whether peak RSS of whole commands comes from GNU time (`/usr/bin/time -f %M`). */
export const GNU_TIME_AVAILABLE = hasGnuTime();

/** Runs a command once as its own process and measures it. Throws when it fails. */
export function runOnce(cmd: Command, cwd: string): Run {
  const rssFile = path.join(os.tmpdir(), `shipshape-bench-rss-${process.pid}`);
  const [command, args] = GNU_TIME_AVAILABLE
    ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, ...(cmd.shell ? ['sh', '-c', [cmd.command, ...cmd.args].join(' ')] : [cmd.command, ...cmd.args])]]
    : [cmd.command, [...cmd.args]];
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...cmd.env },
    shell: !GNU_TIME_AVAILABLE && cmd.shell,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: cmd.timeoutMs ?? 10 * 60 * 1000,
    killSignal: 'SIGKILL',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let rss: number | undefined;
  let cpuMs: number | undefined;
  if (GNU_TIME_AVAILABLE && fs.existsSync(rssFile)) {
    const [kb, user, system] = (fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    if (Number.isFinite(kb)) rss = kb / 1024;
    if (Number.isFinite(user) && Number.isFinite(system)) cpuMs = (user + system) * 1000;
    fs.rmSync(rssFile, { force: true });
  }
  const run: Run = { ms, rss, cpuMs, stdout: result.stdout ?? '', stderr: result.stderr ?? '', status: result.status };
  if (result.error && !/ETIMEDOUT/.test(String(result.error))) throw result.error;
  return run;
}

/** Runs a command and fails with its output when it exits non-zero. */
export function runChecked(cmd: Command, cwd: string): Run {
  const run = runOnce(cmd, cwd);
  if (run.status !== 0) {
    const how = run.status === null ? `was killed after ${cmd.timeoutMs ?? 600000} ms` : `exited with ${run.status}`;
    throw new Error(`${cmd.command} ${cmd.args.join(' ')} ${how}\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
  }
  return run;
}

/** The last line of a run's stdout parsed as JSON (what the benchmark scripts print). */
export function jsonOf<T>(run: Run): T {
  const line = run.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`expected a JSON line, got: ${line.slice(0, 500)}\n${run.stderr.slice(-1000)}`);
  }
}
