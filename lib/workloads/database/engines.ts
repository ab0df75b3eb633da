import { IConstruct } from 'constructs';
import { fail } from '../../core/errors';
import { HealthProbe, PROBE, ProbeSpec } from '../../core/probes';
import { defineProps, integer, map, optional, required, shape, text, texts } from '../../core/props';
import { DEFAULT_USER_ID } from '../../core/security';
import { requireAbsolutePath, requireEnvName, requireInteger, requireOneOf, requirePort, requirePortName } from '../../core/validate';

/**
 * The engines Shipshape ships presets for. Each runs the engine's official image as the non-root
 * uid/gid 10001 with fsGroup 10001 (so the data volume is writable) and a read-only root
 * filesystem; where the image needs more, the preset provides it:
 *
 * - `postgres` (image `postgres`): port 5432; volume at /var/lib/postgresql/data with
 *   PGDATA=/var/lib/postgresql/data/pgdata (initdb refuses a volume root holding lost+found);
 *   writable /var/run/postgresql (socket, lock) and /tmp (the passwd file the entrypoint writes for
 *   a uid it does not know); POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB.
 * - `mysql` (image `mysql`): port 3306; volume at /var/lib/mysql with `--datadir=/var/lib/mysql/data`
 *   (lost+found again); writable /var/run/mysqld (socket, pid) and /tmp; MYSQL_USER /
 *   MYSQL_PASSWORD / MYSQL_ROOT_PASSWORD / MYSQL_DATABASE.
 * - `redis` (image `redis`): port 6379; volume at /data, append-only file on; the password from
 *   REDIS_PASSWORD through `--requirepass $(REDIS_PASSWORD)` (the image reads no variable).
 * - `mongodb` (image `mongo`): port 27017; volume at /data/db; writable /tmp (socket, first-run
 *   config); HOME=/tmp for mongosh; MONGO_INITDB_ROOT_USERNAME / _PASSWORD / MONGO_INITDB_DATABASE.
 */
export type DatabaseEngineName = 'postgres' | 'mysql' | 'redis' | 'mongodb';

/** The names of the engine presets, for validation and documentation. */
export const DATABASE_ENGINES: readonly DatabaseEngineName[] = ['postgres', 'mysql', 'redis', 'mongodb'];

/**
 * The environment variables through which an engine's image reads its credentials. Each one is
 * filled from a Secret key (`secretKeyRef`), never from a literal.
 */
export interface EngineCredentialEnv {
  /**
   * Receives the user name (the `usernameKey` of the credentials).
   * @default - the engine takes no user name
   */
  readonly username?: string;
  /**
   * Receives the password (the `passwordKey` of the credentials).
   * @default - the engine takes no password
   */
  readonly password?: string;
  /**
   * Receives the superuser password (`rootPasswordKey`, else `passwordKey`).
   * @default - the engine has no separate superuser
   */
  readonly rootPassword?: string;
  /**
   * Receives the database name (a plain value: it is no secret).
   * @default - the engine has no database name
   */
  readonly database?: string;
}

/**
 * A database or stateful server without a preset: you say which port it listens on, where it
 * keeps its data and how to probe it. It runs like the presets: as uid 10001 with a read-only
 * root filesystem, so give every directory it writes to besides `dataPath` in `writablePaths`.
 */
export interface CustomEngine {
  /** The port the server listens on. Changeable (it rolls the pods). */
  readonly port: number;
  /**
   * The name of the port (an IANA service name). Changeable.
   * @default 'db'
   */
  readonly portName?: string;
  /**
   * Where the data volume is mounted. Changeable in the pod template, but the data stays where
   * the server wrote it, so a change usually means a migration.
   */
  readonly dataPath: string;
  /** The readiness probe: the server accepts clients. Changeable. */
  readonly readinessProbe: ProbeSpec;
  /**
   * A liveness probe, less strict than readiness (e.g. a tcp probe). Changeable.
   * @default - none
   */
  readonly livenessProbe?: ProbeSpec;
  /**
   * The env vars the image reads its credentials from. Changeable.
   * @default - none: credentials are only passed to clients
   */
  readonly credentialEnv?: EngineCredentialEnv;
  /**
   * Plain settings the engine needs as env vars (credential-looking names are rejected). Changeable.
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Arguments placed before the user's `args`. Changeable.
   * @default - none
   */
  readonly args?: readonly string[];
  /**
   * Writable directories besides the data volume and /tmp (path to emptyDir size limit). Changeable.
   * @default - none
   */
  readonly writablePaths?: Readonly<Record<string, string>>;
  /**
   * The group that owns the data volume, so the server can write to it. Changeable.
   * @default 10001
   */
  readonly fsGroup?: number;
}

/** The table of {@link EngineCredentialEnv}. */
export const ENGINE_CREDENTIAL_ENV_PROPS = defineProps<EngineCredentialEnv>('EngineCredentialEnv', {
  username: optional(text()),
  password: optional(text()),
  rootPassword: optional(text()),
  database: optional(text()),
});

/** The table of {@link CustomEngine}. */
export const CUSTOM_ENGINE_PROPS = defineProps<CustomEngine>('CustomEngine', {
  port: required(integer()),
  portName: optional(text()),
  dataPath: required(text()),
  readinessProbe: required(PROBE),
  livenessProbe: optional(PROBE),
  credentialEnv: optional(shape(ENGINE_CREDENTIAL_ENV_PROPS)),
  env: optional(map(text(), '{ PGDATA: \'/data/pgdata\' }')),
  args: optional(texts()),
  writablePaths: optional(map(text('a size limit quantity such as \'256Mi\''), '{ \'/var/run/db\': \'16Mi\' }')),
  fsGroup: optional(integer()),
});

/** An engine with every field settled: a preset, or a validated custom engine. */
export interface ResolvedEngine {
  /** The preset's name, or 'custom'. */
  readonly kind: DatabaseEngineName | 'custom';
  /** The port the engine listens on. */
  readonly port: number;
  /** The port's name. */
  readonly portName: string;
  /** Where the data volume is mounted. */
  readonly dataPath: string;
  /** The readiness probe. */
  readonly readinessProbe: ProbeSpec;
  /** The liveness probe, when the engine has one. */
  readonly livenessProbe?: ProbeSpec;
  /** The env var names the image reads credentials from. */
  readonly credentialEnv: EngineCredentialEnv;
  /** Whether the engine cannot run safely without credentials. */
  readonly requiresCredentials: boolean;
  /** Plain env vars the engine needs (e.g. PGDATA). */
  readonly env: Readonly<Record<string, string>>;
  /** Arguments before the user's; `withPassword` when a password reaches the container. */
  args(withPassword: boolean): string[];
  /** Writable emptyDir paths the image needs with a read-only root (path to size limit). */
  readonly writablePaths: Readonly<Record<string, string>>;
  /** The group that owns the data volume. */
  readonly fsGroup: number;
  /** Whether the engine has a database name (postgres, mysql, mongodb). */
  readonly hasDatabase: boolean;
}

// Readiness asks the server itself; liveness only checks that the port accepts connections, so a
// busy or recovering server is taken out of rotation rather than restarted (kube-score).
const DB_READINESS = { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 };
const DB_LIVENESS = HealthProbe.tcp({ initialDelaySeconds: 30, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 });

const PRESETS: Record<DatabaseEngineName, Omit<ResolvedEngine, 'kind'>> = {
  postgres: {
    port: 5432,
    portName: 'postgres',
    dataPath: '/var/lib/postgresql/data',
    // initdb refuses a non-empty directory, and a fresh volume's root may hold lost+found.
    env: { PGDATA: '/var/lib/postgresql/data/pgdata' },
    credentialEnv: { username: 'POSTGRES_USER', password: 'POSTGRES_PASSWORD', database: 'POSTGRES_DB' },
    requiresCredentials: true,
    hasDatabase: true,
    // Over TCP: the image's first-run server listens only on the socket, so the pod turns ready
    // after initialisation. Passing the real user and database keeps the server log clean.
    readinessProbe: HealthProbe.exec(['sh', '-c', 'exec pg_isready -U "$POSTGRES_USER" -d "$POSTGRES_DB" -h 127.0.0.1 -p 5432'], DB_READINESS),
    livenessProbe: DB_LIVENESS,
    args: () => [],
    // The socket and lock file live in /var/run/postgresql; /tmp holds the passwd file the
    // entrypoint writes (nss_wrapper) for a uid the image does not know.
    writablePaths: { '/var/run/postgresql': '16Mi' },
    fsGroup: DEFAULT_USER_ID,
  },
  mysql: {
    port: 3306,
    portName: 'mysql',
    dataPath: '/var/lib/mysql',
    env: {},
    credentialEnv: { username: 'MYSQL_USER', password: 'MYSQL_PASSWORD', rootPassword: 'MYSQL_ROOT_PASSWORD', database: 'MYSQL_DATABASE' },
    requiresCredentials: true,
    hasDatabase: true,
    // mysqladmin ping exits 0 whenever the server answers, even "access denied"; over TCP it
    // fails while the first-run server runs with --skip-networking.
    readinessProbe: HealthProbe.exec(['mysqladmin', 'ping', '--protocol=tcp', '-h', '127.0.0.1', '-P', '3306'], DB_READINESS),
    livenessProbe: DB_LIVENESS,
    // A subdirectory: mysqld --initialize refuses a data directory holding lost+found.
    args: () => ['--datadir=/var/lib/mysql/data'],
    writablePaths: { '/var/run/mysqld': '16Mi' },
    fsGroup: DEFAULT_USER_ID,
  },
  redis: {
    port: 6379,
    portName: 'redis',
    dataPath: '/data',
    env: {},
    credentialEnv: { password: 'REDIS_PASSWORD' },
    requiresCredentials: true,
    hasDatabase: false,
    readinessProbe: HealthProbe.exec(['sh', '-c', 'REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'], DB_READINESS),
    livenessProbe: DB_LIVENESS,
    // The image reads no password variable: the kubelet substitutes $(REDIS_PASSWORD) in args,
    // so the pod spec holds only the reference. The append-only file makes writes durable.
    args: (withPassword) => ['--appendonly', 'yes', ...(withPassword ? ['--requirepass', '$(REDIS_PASSWORD)'] : [])],
    writablePaths: {},
    fsGroup: DEFAULT_USER_ID,
  },
  mongodb: {
    port: 27017,
    portName: 'mongodb',
    dataPath: '/data/db',
    // mongosh (probes, init scripts) writes under $HOME; uid 10001 has no home in the image.
    env: { HOME: '/tmp' },
    credentialEnv: { username: 'MONGO_INITDB_ROOT_USERNAME', password: 'MONGO_INITDB_ROOT_PASSWORD', database: 'MONGO_INITDB_DATABASE' },
    requiresCredentials: true,
    hasDatabase: true,
    readinessProbe: HealthProbe.exec(['mongosh', '--quiet', '--norc', '--eval', 'quit(db.adminCommand({ ping: 1 }).ok ? 0 : 1)'], { ...DB_READINESS, timeoutSeconds: 10 }),
    livenessProbe: DB_LIVENESS,
    args: () => [],
    // mongod's socket and the entrypoint's first-run config file go to /tmp.
    writablePaths: {},
    fsGroup: DEFAULT_USER_ID,
  },
};

/** The preset of a named engine, as plain data (for documentation and tests). */
export function enginePreset(name: DatabaseEngineName): ResolvedEngine {
  return { kind: name, ...PRESETS[name] };
}

/** Validates the `engine` prop: a preset name or a custom engine. */
export function resolveEngine(scope: IConstruct, engine: DatabaseEngineName | CustomEngine): ResolvedEngine {
  if (typeof engine === 'string' || engine === undefined || engine === null || typeof engine !== 'object') {
    const name = requireOneOf(scope, 'engine', engine, DATABASE_ENGINES);
    return enginePreset(name);
  }
  const port = requirePort(scope, 'engine.port', engine.port);
  const portName = requirePortName(scope, 'engine.portName', engine.portName ?? 'db');
  const dataPath = requireAbsolutePath(scope, 'engine.dataPath', engine.dataPath);
  if (dataPath === '/' || dataPath === '/tmp') fail(scope, 'engine.dataPath', 'a directory other than \'/\' and \'/tmp\'', dataPath);
  if (!engine.readinessProbe) fail(scope, 'engine.readinessProbe', 'a probe (a custom engine says how to tell it is ready)', engine.readinessProbe);
  const credentialEnv = engine.credentialEnv ?? {};
  for (const role of ['username', 'password', 'rootPassword', 'database'] as const) {
    if (credentialEnv[role] !== undefined) requireEnvName(scope, `engine.credentialEnv.${role}`, credentialEnv[role]);
  }
  const args = [...(engine.args ?? [])];
  args.forEach((arg, i) => {
    if (typeof arg !== 'string') fail(scope, `engine.args[${i}]`, 'a string', arg);
  });
  return {
    kind: 'custom',
    port,
    portName,
    dataPath,
    readinessProbe: engine.readinessProbe,
    livenessProbe: engine.livenessProbe,
    credentialEnv,
    requiresCredentials: false,
    hasDatabase: credentialEnv.database !== undefined,
    env: engine.env ?? {},
    args: () => args,
    writablePaths: engine.writablePaths ?? {},
    fsGroup: requireInteger(scope, 'engine.fsGroup', engine.fsGroup ?? DEFAULT_USER_ID, 0),
  };
}
