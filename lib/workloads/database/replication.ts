import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { fail } from '../../core/errors';
import { Identity, matchSelector, objectMetadata, selectorLabels } from '../../core/identity';
import { LABELS, READ_REPLICA_COMPONENT } from '../../kube/vocabulary';
import { HardenedPod } from '../../core/pod';
import { defineProps, integer, required } from '../../core/props';
import { requireInteger } from '../../core/validate';
import { ResolvedCredentials } from './credentials';
import { ResolvedEngine } from './engines';
import type { EngineReplication } from './engine-replication';
import { postgresReplication } from './postgres-replication';
import { redisReplication } from './redis-replication';
import { DatabasePort, HEADLESS_SUFFIX, clientService, headlessService } from './services';

/**
 * Read replicas of a postgres or redis database. The database's StatefulSet `<name>` keeps one pod,
 * `<name>-0`: the primary, which takes every write. A second StatefulSet, `<name>-read`, runs the
 * same pods labelled `app.kubernetes.io/component: read-replica`; each follows the primary
 * asynchronously and refuses writes:
 *
 * - postgres (PostgreSQL 13 or later): streaming replication. The primary keeps WAL for its
 *   replicas and a replication role `replicator` whose password comes from the credentials Secret
 *   (`replicationPasswordKey`); pg_hba.conf admits that role's replication connections. A replica
 *   with an empty volume clones the primary with pg_basebackup (an init container of the same
 *   image), then runs as a hot standby; a replica restarted with data resumes streaming without a
 *   new clone.
 * - redis (Redis 5 or later): each replica is `replicaof` the primary's stable DNS name
 *   (`<name>-0.<name>-headless`), authenticates with the Secret's password (`masterauth`) and is
 *   read-only.
 *
 * Clients write through the Service `<name>` (the primary only) and may read through `<name>-read`
 * (the replicas only; reads may lag the primary slightly).
 *
 * There is no automatic failover: while the primary is down, writes fail and replicas keep serving
 * (possibly stale) reads until Kubernetes restarts or reschedules it. A replica must not be
 * promoted in place (its StatefulSet starts it as a replica again); docs/stateful-database.md gives
 * the manual steps to rebuild a lost primary from a replica. For automatic failover use an
 * operator such as CloudNativePG (postgres) or a Redis Sentinel setup.
 */
export interface ReplicationProps {
  /**
   * How many read replicas follow the primary: the replicas of the StatefulSet `<name>-read`, pods
   * `<name>-read-0` … Changeable: scaling down removes the highest ordinals first and keeps their
   * volumes (see `retention`); scaling up clones the primary for each new replica.
   */
  readonly readReplicas: number;
}

/** The table of {@link ReplicationProps}. */
export const REPLICATION_PROPS = defineProps<ReplicationProps>('ReplicationProps', { readReplicas: required(integer()) });

/** The suffix of the read replicas' StatefulSet and Service: `<name>-read`. */
export const READ_SUFFIX = '-read';

/** The longest database name with read replicas: pods of `<name>-read` carry `controller-revision-hash: <name>-read-<10 characters>`. */
export const MAX_REPLICATED_NAME_LENGTH = 63 - READ_SUFFIX.length - 11;

const ALTERNATIVES: Readonly<Record<string, string>> = {
  mysql: 'an operator such as the MySQL Operator for Kubernetes or the Percona Operator for MySQL, or a managed database',
  mongodb: 'an operator such as the MongoDB Community Operator or the Percona Operator for MongoDB, or a managed database',
};

/** The member counts: pods of the database's StatefulSet, and read replicas beside it. */
export interface MemberCounts {
  /** The replicas of the StatefulSet `<name>`: 1 for every preset. */
  readonly replicas: number;
  /** The replicas of the StatefulSet `<name>-read`, 0 without replication. */
  readonly readReplicas: number;
}

/**
 * Validates `replicas` and `replication` against the engine. The presets run one server per
 * StatefulSet pod, so more pods would be independent databases behind one Service: postgres and
 * redis add read replicas instead, mysql and mongodb refuse. A custom engine's image decides what
 * its members are, so it keeps `replicas`.
 */
export function resolveMembers(scope: IConstruct, engine: ResolvedEngine, replicas: number | undefined, replication: ReplicationProps | undefined): MemberCounts {
  const count = requireInteger(scope, 'replicas', replicas ?? 1, 1);
  if (engine.kind === 'custom') {
    if (replication !== undefined) {
      fail(scope, 'replication', 'left out for a custom engine: only the postgres and redis presets set up replication, a custom engine\'s image decides how its members replicate (use replicas)', replication);
    }
    return { replicas: count, readReplicas: 0 };
  }
  const alternative = ALTERNATIVES[engine.kind];
  if (alternative !== undefined) {
    const why = `only the postgres and redis presets replicate; for a replicated ${engine.kind} use ${alternative}`;
    if (count > 1) fail(scope, 'replicas', `1 for the ${engine.kind} preset: more pods would be independent servers behind one Service, each with its own data (${why})`, count);
    if (replication !== undefined) fail(scope, 'replication', `left out for the ${engine.kind} preset: ${why}`, replication);
    return { replicas: 1, readReplicas: 0 };
  }
  if (count > 1) {
    fail(scope, 'replicas', `1 for the ${engine.kind} preset: more pods would be independent servers behind one Service; read replicas that follow the primary come from replication: { readReplicas: ${count - 1} }`, count);
  }
  if (replication === undefined) return { replicas: 1, readReplicas: 0 };
  if (replication === null || typeof replication !== 'object') fail(scope, 'replication', 'an object such as { readReplicas: 1 }', replication);
  return { replicas: 1, readReplicas: requireInteger(scope, 'replication.readReplicas', replication.readReplicas, 1) };
}

/** Every member, primary and read replicas: the database's identity, selected by name and instance only. */
export function membersIdentity(identity: Identity): Identity {
  return {
    name: identity.name,
    labels: identity.labels,
    selector: { [LABELS.name]: identity.selector[LABELS.name], [LABELS.instance]: identity.selector[LABELS.instance] },
  };
}

/** The read replicas' identity: named `<name>-read`, with the component `read-replica`. */
export function readReplicaIdentity(identity: Identity): Identity {
  return {
    name: `${identity.name}${READ_SUFFIX}`,
    labels: { ...identity.labels, [LABELS.component]: READ_REPLICA_COMPONENT },
    selector: { ...identity.selector, [LABELS.component]: READ_REPLICA_COMPONENT },
  };
}

/**
 * What the engine adds to the members' container, with the env every engine's scripts read: the
 * member's role from its own component label, its pod name, and the primary's stable DNS name
 * (short, so it resolves in whatever namespace the database runs) and port.
 */
export function engineReplication(scope: IConstruct, engine: ResolvedEngine, credentials: ResolvedCredentials, identity: Identity, readReplicas: number): EngineReplication {
  const byEngine = engine.kind === 'postgres' ? postgresReplication(scope, credentials, readReplicas) : redisReplication();
  const env: k8s.EnvVar[] = [
    { name: 'MEMBER_ROLE', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${LABELS.component}']` } } },
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'PRIMARY_HOST', value: `${identity.name}-0.${identity.name}${HEADLESS_SUFFIX}` },
    { name: 'PRIMARY_PORT', value: String(engine.port) },
  ];
  return { ...byEngine, env: [...env, ...byEngine.env] };
}

/** The name of the init container that clones the primary into a new replica's volume. */
export const CLONE_CONTAINER = 'clone-primary';

/**
 * Adds the init container that prepares a replica's volume: the server's image, env, mounts,
 * resources and security context, so it passes the same checks and writes files the server owns.
 */
export function addCloneContainer(pod: HardenedPod, script: string): void {
  const server = pod.container;
  const clone: k8s.Container = {
    name: CLONE_CONTAINER,
    image: server.image,
    imagePullPolicy: server.imagePullPolicy,
    command: ['sh', '-c', script],
    env: server.env,
    resources: server.resources,
    securityContext: server.securityContext,
    volumeMounts: server.volumeMounts,
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
  const spec = pod.spec as { initContainers?: k8s.Container[] };
  spec.initContainers = [...(spec.initContainers ?? []), clone];
}

/** The read replicas' objects. */
export interface ReadReplicas {
  /** The StatefulSet `<name>-read`. */
  readonly statefulSet: k8s.KubeStatefulSet;
  /** The Service `<name>-read` over ready replicas, for reads. */
  readonly service: k8s.KubeService;
  /** The headless Service `<name>-read-headless`, the replicas' StatefulSet's serviceName. */
  readonly headlessService: k8s.KubeService;
}

/**
 * The read replicas: a StatefulSet like the primary's, sharing its pod spec (only the labels
 * differ, so every later change to the pod reaches both), with its own volumes, headless Service
 * and client Service; and a NetworkPolicy that lets the members reach each other on the engine's port.
 */
export function addReadReplicas(scope: Construct, identity: Identity, primary: k8s.StatefulSetSpec, readReplicas: number, port: DatabasePort): ReadReplicas {
  const replica = readReplicaIdentity(identity);
  const headless = headlessService(scope, replica, port, 'ReadHeadlessService');
  // The members count as ordinals 0 (the primary), 1 … n (read-0 …): partition 1 updates every
  // replica and holds back the primary.
  const partition = primary.updateStrategy?.rollingUpdate?.partition ?? 0;
  const statefulSet = new k8s.KubeStatefulSet(scope, 'ReadStatefulSet', {
    metadata: objectMetadata(replica),
    spec: {
      ...primary,
      serviceName: headless.name,
      replicas: readReplicas,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: Math.max(partition - 1, 0) } },
      selector: matchSelector(replica),
      template: { metadata: { ...primary.template.metadata, labels: objectMetadata(replica).labels }, spec: primary.template.spec },
      volumeClaimTemplates: primary.volumeClaimTemplates?.map((t) => ({ ...t, metadata: { ...t.metadata, labels: selectorLabels(replica) } })),
    },
  });
  const service = clientService(scope, replica, port, 'ReadService');

  const members = matchSelector(membersIdentity(identity));
  const ports = [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port.port) }];
  new k8s.KubeNetworkPolicy(scope, 'ReplicationPolicy', {
    metadata: objectMetadata(identity, `${identity.name}-replication`),
    spec: {
      podSelector: members,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: members }], ports }],
      egress: [{ to: [{ podSelector: members }], ports }],
    },
  });
  return { statefulSet, service, headlessService: headless };
}
