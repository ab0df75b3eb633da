import * as fs from 'fs';
import * as path from 'path';
import { StartedPod, hostEnv } from './kubelet';
import { CommandResult, ContainerProcess, User, runCommand, writeExecutable } from './processes';

/** The redis-server of the Debian package `redis-server` (its redis-cli comes with it, in redis-tools). */
export function redisServerBinary(): string {
  const binary = '/usr/bin/redis-server';
  if (!fs.existsSync(binary) || !fs.existsSync('/usr/bin/redis-cli')) throw new Error('no redis-server and redis-cli in /usr/bin: install the Debian package redis-server');
  return binary;
}

/**
 * A test double of the redis image's entrypoint (docker-entrypoint.sh): a flag as first argument
 * means redis-server. What differs from a pod: the server listens on 127.0.0.1 at LISTEN_PORT (a pod
 * has its own network namespace and the default port 6379); its working directory, like the image's
 * /data, is the volume.
 */
const ENTRYPOINT = `#!/bin/sh
set -eu
case "$1" in -*) set -- redis-server "$@" ;; esac
exec "$@" --port "$LISTEN_PORT" --bind 127.0.0.1
`;

/** Writes the entrypoint double into `dir` (to be put on the PATH). */
export function installEntrypoint(dir: string): void {
  writeExecutable(path.join(dir, 'docker-entrypoint.sh'), ENTRYPOINT);
}

/** One member of a redis database (a pod's container) running on this machine. */
export class RedisMember {
  /** The server, once started. */
  public server: ContainerProcess | undefined;

  constructor(
    public readonly pod: StartedPod,
    public readonly volume: string,
    public readonly port: number,
    private readonly primaryPort: number,
    private readonly searchPath: string,
    private readonly user: User | undefined,
  ) {}

  /** The container's env with the host and ports of this machine. */
  public env(): Record<string, string> {
    return hostEnv(this.pod.server.env, { PRIMARY_HOST: '127.0.0.1', PRIMARY_PORT: String(this.primaryPort) }, { PATH: this.searchPath, HOME: this.volume, LISTEN_PORT: String(this.port) });
  }

  /** Starts the main container's command with its args, in the volume (the image's working directory). */
  public start(): ContainerProcess {
    const { command, args } = this.pod.server;
    this.server = new ContainerProcess(this.pod.name, command[0], [...command.slice(1), ...args], this.env(), this.user, this.volume);
    return this.server;
  }

  /** redis-cli against this member, with the password from its env. */
  public cli(...args: string[]): CommandResult {
    return runCommand('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), ...args], { PATH: this.searchPath, REDISCLI_AUTH: this.env().REDIS_PASSWORD }, this.user);
  }

  /** One field of `INFO <section>`. */
  public info(section: string, field: string): string | undefined {
    const line = this.cli('INFO', section).stdout.split(/\r?\n/).find((l) => l.startsWith(`${field}:`));
    return line?.slice(field.length + 1);
  }
}
