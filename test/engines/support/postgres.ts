import * as fs from 'fs';
import * as path from 'path';
import { StartedContainer, StartedPod, hostEnv } from './kubelet';
import { CommandResult, ContainerProcess, User, runCommand, writeExecutable } from './processes';

/** Where the postgres preset mounts its data volume (PGDATA is a directory inside it). */
export const DATA_MOUNT = '/var/lib/postgresql/data';

/**
 * The directory of the newest PostgreSQL server installed by the Debian package `postgresql`
 * (`/usr/lib/postgresql/<major>/bin`: Debian puts no server binaries on the PATH).
 */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => path.join(root, v, 'bin')).find((dir) => fs.existsSync(path.join(dir, 'postgres')));
  if (!found) throw new Error(`no PostgreSQL server under ${root}: install the Debian package postgresql`);
  return found;
}

/** The major version of the server in `binDir`. */
export function postgresMajor(binDir: string): number {
  return Number(path.basename(path.dirname(binDir)));
}

/**
 * libnss_wrapper of the Debian package `libnss-wrapper`, or '' when it is missing: the postgres
 * image gives initdb a passwd entry for a uid it does not know (the pods' 10001) through it, and
 * so does the entrypoint double (which needs it only when the tests run as root).
 */
export function nssWrapperLibrary(): string {
  const found = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib']
    .map((dir) => path.join(dir, 'libnss_wrapper.so')).find((file) => fs.existsSync(file));
  return found ?? '';
}

/**
 * A test double of the postgres image's entrypoint (docker-entrypoint.sh), which is part of the
 * image rather than of the manifests: a flag as first argument means the server; an empty PGDATA is
 * initialised as the image does it (initdb as POSTGRES_USER with POSTGRES_PASSWORD, through
 * nss_wrapper when the uid has no passwd entry; POSTGRES_DB created by a first-run server that
 * listens only on the socket; `host all all all scram-sha-256` appended to pg_hba.conf); then it
 * execs the server.
 *
 * What differs from a pod: the server listens on 127.0.0.1 and puts its socket in PGHOST (a pod has
 * its own network namespace and /var/run/postgresql), and initdb's lines that admit replication from
 * loopback without a password are dropped: a replica in another pod connects from its own address,
 * so here, too, only the preset's rule may admit it.
 */
const ENTRYPOINT = `#!/bin/sh
set -eu
case "$1" in -*) set -- postgres "$@" ;; esac
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile="$(mktemp)"
  printf '%s\\n' "$POSTGRES_PASSWORD" > "$pwfile"
  if getent passwd "$(id -u)" > /dev/null; then
    initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --pgdata="$PGDATA" > /dev/null
  else
    [ -n "$NSS_WRAPPER_LIBRARY" ] || { echo 'no libnss_wrapper.so for initdb: install the Debian package libnss-wrapper' >&2; exit 1; }
    passwd="$(mktemp)"
    group="$(mktemp)"
    echo "postgres:x:$(id -u):$(id -g):PostgreSQL:$PGDATA:/bin/false" > "$passwd"
    echo "postgres:x:$(id -g):" > "$group"
    LD_PRELOAD="$NSS_WRAPPER_LIBRARY" NSS_WRAPPER_PASSWD="$passwd" NSS_WRAPPER_GROUP="$group" \\
      initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --pgdata="$PGDATA" > /dev/null
    rm -f "$passwd" "$group"
  fi
  rm -f "$pwfile"
  sed -i '/replication/d' "$PGDATA/pg_hba.conf"
  printf 'host all all all scram-sha-256\\n' >> "$PGDATA/pg_hba.conf"
  pg_ctl --pgdata="$PGDATA" --wait --silent -o "-c listen_addresses='' -c unix_socket_directories=$PGHOST" start
  psql --no-psqlrc --quiet --username="$POSTGRES_USER" --dbname=postgres -c "CREATE DATABASE \\"$POSTGRES_DB\\"" > /dev/null
  pg_ctl --pgdata="$PGDATA" --wait --silent --mode=fast stop
fi
exec "$@" -c listen_addresses=127.0.0.1 -c "unix_socket_directories=$PGHOST"
`;

/** The image's ENTRYPOINT and CMD, which a container without `command` and `args` runs. */
const IMAGE = { entrypoint: ['docker-entrypoint.sh'], cmd: ['postgres'] };

/** Writes the entrypoint double into `dir` (to be put on the PATH). */
export function installEntrypoint(dir: string): void {
  writeExecutable(path.join(dir, 'docker-entrypoint.sh'), ENTRYPOINT);
}

/** Where one member keeps its volume and socket, and the ports it and its primary listen on. */
export interface MemberPlace {
  /** The directory standing in for the member's PersistentVolume. */
  readonly volume: string;
  /** The directory standing in for the emptyDir at /var/run/postgresql. */
  readonly socketDir: string;
  /** The port this member's server listens on. */
  readonly port: number;
  /** The primary's port (a replica streams from it). */
  readonly primaryPort: number;
}

/** One member of a postgres database (a pod's containers) running on this machine. */
export class PostgresMember {
  /** The server, once started. */
  public server: ContainerProcess | undefined;

  constructor(public readonly pod: StartedPod, public readonly place: MemberPlace, private readonly searchPath: string, private readonly user: User | undefined) {}

  /** PGDATA on this machine. */
  public get pgdata(): string {
    return this.env(this.pod.server).PGDATA;
  }

  /** The container's env with the paths, host and ports of this machine. */
  public env(container: StartedContainer): Record<string, string> {
    const rendered = container.env;
    const replaced: Record<string, string> = { PGDATA: rendered.PGDATA.replace(DATA_MOUNT, this.place.volume) };
    if ('PRIMARY_HOST' in rendered) Object.assign(replaced, { PRIMARY_HOST: '127.0.0.1', PRIMARY_PORT: String(this.place.primaryPort) });
    return hostEnv(rendered, replaced, {
      PATH: this.searchPath, HOME: this.place.volume, PGPORT: String(this.place.port), PGHOST: this.place.socketDir, NSS_WRAPPER_LIBRARY: nssWrapperLibrary(),
    });
  }

  /** Runs the pod's init containers in order, as the kubelet does before the server starts. */
  public runInitContainers(): CommandResult[] {
    return this.pod.init.map((container) => {
      const result = runCommand(container.command[0], [...container.command.slice(1), ...container.args], this.env(container), this.user);
      if (result.status !== 0) throw new Error(`init container ${container.name} of ${this.pod.name} failed:\n${result.stdout}${result.stderr}`);
      return result;
    });
  }

  /** Starts the main container as the kubelet does: its command (else the image's entrypoint) with its args (else the image's CMD). */
  public start(): ContainerProcess {
    const { command, args } = this.pod.server;
    const argv = command.length > 0 ? [...command, ...args] : [...IMAGE.entrypoint, ...(args.length > 0 ? args : IMAGE.cmd)];
    this.server = new ContainerProcess(this.pod.name, argv[0], argv.slice(1), this.env(this.pod.server), this.user);
    return this.server;
  }

  /** Runs a command in the server container, with its env (as `kubectl exec` does). */
  public exec(command: readonly string[], input?: string): CommandResult {
    return runCommand(command[0], command.slice(1), this.env(this.pod.server), this.user, input);
  }

  /** psql over the socket, as the database's user, in its database. */
  public psql(sql: string, extra: readonly string[] = []): CommandResult {
    const env = this.env(this.pod.server);
    return runCommand('psql', ['--no-psqlrc', '--tuples-only', '--no-align', '--username', env.POSTGRES_USER, '--dbname', env.POSTGRES_DB, ...extra, '-c', sql], env, this.user);
  }

  /** The result of a query; fails the test on an error. */
  public query(sql: string): string {
    const result = this.psql(sql);
    if (result.status !== 0) throw new Error(`${this.pod.name}: ${sql}\n${result.stderr}`);
    return result.stdout.trim();
  }
}
