import { READ_REPLICA_COMPONENT } from '../../kube/vocabulary';
import type { EngineReplication } from './engine-replication';

/**
 * The main container: runs the image's entrypoint with the container's args; a read replica adds
 * `replicaof` the primary's stable DNS name (re-resolved on every reconnect, so a rescheduled
 * primary is found again) and stays read-only.
 *
 * A replica keeps no append-only file: its data is the primary's, and the RDB snapshot it writes
 * on shutdown records the replication offset, so a restarted replica resumes with a partial
 * resynchronisation instead of copying the whole dataset again (Redis cannot resume from an
 * append-only file).
 */
export const REDIS_MEMBER_SCRIPT = [
  'set -eu',
  `if [ "$MEMBER_ROLE" = ${READ_REPLICA_COMPONENT} ]; then`,
  '  set -- "$@" --replicaof "$PRIMARY_HOST" "$PRIMARY_PORT" --replica-read-only yes --appendonly no',
  'fi',
  'exec docker-entrypoint.sh "$@"',
].join('\n');

/** What the redis preset adds to its members to replicate. */
export function redisReplication(): EngineReplication {
  return {
    command: ['sh', '-c', REDIS_MEMBER_SCRIPT, 'redis-member'],
    // Replicas authenticate to the primary with the same password clients use; the primary has it
    // too, so a replica promoted by hand and the old primary turned replica need no change.
    args: ['--masterauth', '$(REDIS_PASSWORD)'],
    env: [],
  };
}
