import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { secretEnvVar } from '../../core/config';
import { READ_REPLICA_COMPONENT } from '../../kube/vocabulary';
import type { ResolvedCredentials } from './credentials';
import type { EngineReplication } from './engine-replication';

/** The role read replicas stream from the primary with: REPLICATION and LOGIN, nothing else. */
export const POSTGRES_REPLICATION_ROLE = 'replicator';

/**
 * WAL the primary keeps for replicas beyond what it needs itself: a replica that was down for a
 * while (a restart, a node drain) resumes from it instead of needing a new clone. 512MB is 32
 * segments of 16MB. `args: ['-c', 'wal_keep_size=2GB']` raises it (a later setting wins).
 */
export const POSTGRES_WAL_KEEP_SIZE = '512MB';

// The scripts are POSIX sh (the Debian and Alpine variants of the image both run them) and take
// everything that differs between members or outside Kubernetes from the environment: PGDATA,
// PGPORT and PGHOST as every PostgreSQL program reads them, MEMBER_ROLE and POD_NAME from the
// pod's own labels and name, PRIMARY_HOST and PRIMARY_PORT, REPLICATION_USER and
// REPLICATION_PASSWORD. Every client program gets a user name: the image has no passwd entry for
// uid 10001, and libpq cannot find a default one.

/**
 * The init container: a read replica with an empty volume clones the primary with pg_basebackup
 * into a scratch directory beside PGDATA and moves it into place only when the clone is complete,
 * so an interrupted clone never looks like data. A replica that already has data keeps it and
 * resumes streaming from where it stopped; the primary initialises itself.
 */
export const POSTGRES_CLONE_SCRIPT = [
  'set -eu',
  `if [ "$MEMBER_ROLE" != ${READ_REPLICA_COMPONENT} ]; then exit 0; fi`,
  'if [ -s "$PGDATA/PG_VERSION" ]; then',
  '  echo "$PGDATA holds data: resuming replication without a new clone"',
  '  exit 0',
  'fi',
  'if [ -e "$PGDATA" ] && ! rmdir "$PGDATA"; then',
  '  echo "$PGDATA holds files but no PG_VERSION: not overwriting it" >&2',
  '  exit 1',
  'fi',
  'export PGPASSWORD="$REPLICATION_PASSWORD"',
  'clone="$PGDATA.clone"',
  'rm -rf "$clone"',
  'until pg_basebackup --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" --username="$REPLICATION_USER" \\',
  '    --pgdata="$clone" --wal-method=stream --checkpoint=fast --no-password; do',
  '  echo "cloning $PRIMARY_HOST failed; trying again in 5 s" >&2',
  '  rm -rf "$clone"',
  '  sleep 5',
  'done',
  'mv "$clone" "$PGDATA"',
  'echo "cloned $PRIMARY_HOST into $PGDATA"',
].join('\n');

/**
 * The main container: runs the image's entrypoint (which initialises an empty volume and execs the
 * server) with the container's args, as a hot standby or as the primary.
 *
 * Every member allows replication connections of the replication role with its password in
 * pg_hba.conf, so a replica promoted by hand can serve the others. A replica starts in standby
 * mode (standby.signal) and streams from the primary; the password reaches its WAL receiver
 * through libpq's PGPASSWORD, never the command line. The primary, once it accepts TCP connections
 * (the image's first-run server listens only on the socket), makes sure the replication role exists
 * with the Secret's current password; the shell stays as PID 1 only to pass SIGINT/SIGTERM on as
 * a fast shutdown.
 */
export const POSTGRES_MEMBER_SCRIPT = [
  'set -u',
  'allow_replication() {',
  '  rule="host replication $REPLICATION_USER all scram-sha-256"',
  '  grep -qxF "$rule" "$PGDATA/pg_hba.conf" || printf \'%s\\n\' "$rule" >> "$PGDATA/pg_hba.conf"',
  '}',
  `if [ "$MEMBER_ROLE" = ${READ_REPLICA_COMPONENT} ]; then`,
  '  allow_replication',
  '  touch "$PGDATA/standby.signal"',
  '  export PGPASSWORD="$REPLICATION_PASSWORD"',
  '  exec docker-entrypoint.sh "$@" -c "primary_conninfo=host=$PRIMARY_HOST port=$PRIMARY_PORT user=$REPLICATION_USER application_name=$POD_NAME"',
  'fi',
  'docker-entrypoint.sh "$@" &',
  'server=$!',
  'trap \'kill -INT "$server" 2>/dev/null\' INT TERM',
  'until pg_isready -q -h 127.0.0.1 -U "$POSTGRES_USER" -d postgres; do',
  '  if ! kill -0 "$server" 2>/dev/null; then wait "$server"; exit; fi',
  '  sleep 1',
  'done',
  'allow_replication',
  'psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --output=/dev/null --username="$POSTGRES_USER" --dbname=postgres <<\'SQL\' ||',
  '\\set role `printenv REPLICATION_USER`',
  '\\set password `printenv REPLICATION_PASSWORD`',
  'SELECT format(\'CREATE ROLE %I\', :\'role\') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :\'role\') \\gexec',
  'SET password_encryption = \'scram-sha-256\';',
  'ALTER ROLE :"role" WITH REPLICATION LOGIN PASSWORD :\'password\';',
  'SELECT pg_reload_conf();',
  'SQL',
  '  echo "could not set up the replication role: read replicas cannot connect" >&2',
  'wait "$server"',
  'status=$?',
  'while kill -0 "$server" 2>/dev/null; do wait "$server"; status=$?; done',
  'exit "$status"',
].join('\n');

/** The arguments of every member: a replica's settings must be at least the primary's. */
export function postgresReplicationArgs(readReplicas: number): string[] {
  // Each streaming replica holds one WAL sender and a clone two more; PostgreSQL's default is 10.
  const walSenders = Math.max(10, readReplicas + 2);
  return [
    '-c', 'wal_level=replica',
    '-c', `max_wal_senders=${walSenders}`,
    '-c', `wal_keep_size=${POSTGRES_WAL_KEEP_SIZE}`,
    '-c', 'hot_standby=on',
  ];
}

/** What the postgres preset adds to its members to replicate. */
export function postgresReplication(scope: IConstruct, credentials: ResolvedCredentials, readReplicas: number): EngineReplication {
  const env: k8s.EnvVar[] = [
    { name: 'REPLICATION_USER', value: POSTGRES_REPLICATION_ROLE },
    secretEnvVar(scope, 'credentials.replicationPasswordKey', 'REPLICATION_PASSWORD', credentials.replicationPassword),
  ];
  return {
    command: ['sh', '-c', POSTGRES_MEMBER_SCRIPT, 'postgres-member'],
    args: postgresReplicationArgs(readReplicas),
    env,
    cloneScript: POSTGRES_CLONE_SCRIPT,
  };
}
