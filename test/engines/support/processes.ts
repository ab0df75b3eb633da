import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/** A user to run servers as. */
export interface User {
  readonly uid: number;
  readonly gid: number;
}

/** The uid and gid every Shipshape pod runs as, which the images have no passwd entry for. */
export const POD_USER: User = { uid: 10001, gid: 10001 };

/**
 * The user server processes run as: when the tests run as root (as CI does), the pods' own uid and
 * gid 10001, without a passwd entry, as in the images (PostgreSQL refuses to run as root, and a
 * program that needs a user name for its uid fails here as it would in a pod); otherwise the
 * current user.
 */
export function serverUser(): User | undefined {
  return process.getuid?.() === 0 ? POD_USER : undefined;
}

/** A fresh temporary directory owned by `user`, removed by `removeScratch`. */
export function scratchDirectory(user: User | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-engines-'));
  if (user) fs.chownSync(dir, user.uid, user.gid);
  return dir;
}

/** A directory inside `parent`, owned by `user`. */
export function subdirectory(parent: string, name: string, user: User | undefined): string {
  const dir = path.join(parent, name);
  fs.mkdirSync(dir);
  if (user) fs.chownSync(dir, user.uid, user.gid);
  return dir;
}

/** Writes an executable file (a test double of an image's entrypoint) readable by every user. */
export function writeExecutable(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o755 });
}

/** A loopback TCP port that is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The outcome of a command run to completion. */
export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion as `user` with exactly `env`, `input` on its stdin. */
export function runCommand(command: string, args: readonly string[], env: Readonly<Record<string, string>>, user: User | undefined, input?: string): CommandResult {
  const result = spawnSync(command, [...args], { env: { ...env }, encoding: 'utf8', timeout: 60_000, input, maxBuffer: 64 * 1024 * 1024, ...(user ?? {}) });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A long-running process (a container's main process), started in its own process group so that
 * `kill` ends it and everything it started.
 */
export class ContainerProcess {
  /** stdout and stderr so far, for diagnostics. */
  public output = '';
  /** Resolves with the exit code (or the signal) once the process has ended. */
  public readonly exited: Promise<number | string>;
  private readonly child: ChildProcess;
  private ended = false;

  constructor(public readonly label: string, command: string, args: readonly string[], env: Readonly<Record<string, string>>, user: User | undefined, cwd?: string) {
    this.child = spawn(command, [...args], { env: { ...env }, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
    this.child.stdout!.on('data', (chunk: Buffer) => { this.output += chunk.toString(); });
    this.child.stderr!.on('data', (chunk: Buffer) => { this.output += chunk.toString(); });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.ended = true;
        resolve(code ?? signal ?? 'unknown');
      });
    });
  }

  /** Whether the process still runs. */
  public get running(): boolean {
    return !this.ended;
  }

  /** Sends `signal` to the process itself (as the kubelet does to a container's PID 1) and waits for it to end. */
  public async stop(signal: NodeJS.Signals, timeoutMs = 30_000): Promise<number | string> {
    if (this.ended) return this.exited;
    this.child.kill(signal);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    const outcome = await Promise.race([this.exited, timeout]);
    if (outcome === 'timeout') {
      this.kill();
      throw new Error(`${this.label} did not stop on ${signal} within ${timeoutMs} ms:\n${this.output}`);
    }
    return outcome;
  }

  /** Ends the process group at once (cleanup after a failure). */
  public kill(): void {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }
}

/** Thrown by a probe of {@link eventually} when waiting longer cannot help (the server exited). */
export class GiveUp extends Error {}

/**
 * Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs` with
 * `what`; a probe's error is retried unless it is a {@link GiveUp}.
 */
export async function eventually<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
