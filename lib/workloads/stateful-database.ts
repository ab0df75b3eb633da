import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { podDisruptionBudget } from '../core/availability';
import { shipshapeConstruct } from '../core/construct';
import { literalEnv } from '../core/config';
import { ConnectionEndpoint, serviceFqdn } from '../core/connection';
import { fail } from '../core/errors';
import { matchSelector, requireServiceName, selectorLabels } from '../core/identity';
import { ScratchPath } from '../core/mounts';
import { workloadNetworkPolicy } from '../core/network';
import { CONTAINER_FIELDS, WorkloadContainerProps } from '../core/pod';
import { PROBE, ProbeSpec, renderProbe, requireDistinctProbes } from '../core/probes';
import { defineProps, either, integer, list, optional, required, shape, text } from '../core/props';
import { DEFAULT_USER_ID } from '../core/security';
import { requireInteger, requireOneOf } from '../core/validate';
import { ConnectableWorkload, ServedPort, WORKLOAD_IDENTITY_FIELDS, WorkloadIdentityProps } from '../core/workload';
import { DATABASE_CREDENTIALS_PROPS, DatabaseCredentials, ResolvedCredentials, clientCredentialEnv, resolveCredentials, serverCredentialEnv } from './database/credentials';
import { CUSTOM_ENGINE_PROPS, CustomEngine, DatabaseEngineName, ResolvedEngine, resolveEngine } from './database/engines';
import type { EngineReplication } from './database/engine-replication';
import {
  CLONE_CONTAINER, MAX_REPLICATED_NAME_LENGTH, READ_SUFFIX, REPLICATION_PROPS, ReplicationProps, addCloneContainer, addReadReplicas, engineReplication, membersIdentity, resolveMembers,
} from './database/replication';
import { HEADLESS_SUFFIX, clientService, headlessService, memberFqdns } from './database/services';
import { DATA_CLAIM, RETENTION_PROPS, RetentionProps, STORAGE_PROPS, StorageProps, VOLUME_CLAIM_PROPS, VolumeClaimProps, extraClaims, retentionPolicy, volumeClaimTemplate } from './database/storage';

/** How the StatefulSet creates and removes pods. */
export type StatefulPodManagementPolicy = 'OrderedReady' | 'Parallel';

/** Props of a {@link StatefulDatabase}. */
export interface StatefulDatabaseProps extends WorkloadIdentityProps, WorkloadContainerProps {
  /**
   * The engine: a preset ('postgres', 'mysql', 'redis', 'mongodb') that knows the official
   * image's port, data path, credential variables, probes and writable paths, or a
   * {@link CustomEngine}. The image stays your choice (`image`) and must be pinned.
   *
   * Changeable in the manifest, but the data on the volumes belongs to the old engine.
   */
  readonly engine: DatabaseEngineName | CustomEngine;
  /**
   * The Secret the credentials come from. Required by every preset (none runs without a
   * password). Changeable, though most images only read it when they initialise an empty volume.
   * @default - none (custom engines only)
   */
  readonly credentials?: DatabaseCredentials;
  /**
   * The database the engine creates on first start and clients receive as `<PREFIX>_DATABASE`
   * (postgres, mysql, mongodb; ignored by redis). Letters, digits and '_'. Read only when the
   * volume is initialised, so a later change creates nothing.
   * @default - the name with '-' as '_'
   */
  readonly databaseName?: string;
  /**
   * The data volume each pod gets, mounted at the engine's data path. Immutable: Kubernetes
   * rejects any change to a StatefulSet's volumeClaimTemplates, the size included.
   * @default - 8Gi, ReadWriteOnce, the cluster's default StorageClass
   */
  readonly storage?: StorageProps;
  /**
   * Further per-pod volumes, each with its own mount path. Immutable, like `storage`.
   * @default - none
   */
  readonly volumeClaims?: readonly VolumeClaimProps[];
  /**
   * Whether the PVCs outlive the StatefulSet and scale-downs. Changeable.
   * @default - Retain and Retain
   */
  readonly retention?: RetentionProps;
  /**
   * Number of pods of the StatefulSet `<name>` (`<name>-0` … `<name>-<n-1>`). Scaling down removes
   * the highest ordinals first, one at a time; their volumes are kept (see `retention`). 2 or more
   * adds a PodDisruptionBudget. Changeable.
   *
   * The presets run one server per pod, so they take 1: more pods would be independent
   * databases behind one Service, each with its own data. postgres and redis add read replicas
   * with `replication`; mysql and mongodb reject more than 1. A custom engine takes any number,
   * and its image alone decides whether the members replicate: unless it clusters itself, clients
   * of the Service reach servers with different data.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Read replicas that follow the primary (postgres and redis presets only): a StatefulSet
   * `<name>-read` beside `<name>`, the Service `<name>-read` for reads, and `<PREFIX>_READ_HOST` in
   * every client. Replication is asynchronous and there is no automatic failover (see
   * {@link ReplicationProps}). With it the name is at most 47 characters. Changeable: turning it
   * on restarts the primary once and clones it into each replica; turning it off removes the
   * replicas and leaves their volumes behind.
   * @default - no read replicas
   */
  readonly replication?: ReplicationProps;
  /**
   * 'OrderedReady' starts pods one by one in ordinal order, each after the previous is ready, and
   * stops them in reverse; 'Parallel' starts and stops them all at once (for members that do
   * not depend on each other). Immutable: Kubernetes rejects a change.
   * @default 'OrderedReady'
   */
  readonly podManagementPolicy?: StatefulPodManagementPolicy;
  /**
   * RollingUpdate partition: only pods with an ordinal >= partition are updated, so a new
   * version can be tried on the highest ordinals first (a canary). With read replicas the members
   * count as ordinals 0 (the primary), 1 … n (`<name>-read-0` …): `partition: 1` updates every
   * replica and holds back the primary. Changeable.
   * @default 0 (every pod)
   */
  readonly partition?: number;
  /**
   * Old revisions kept for rollbacks. Changeable.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Seconds a new pod must be ready before the rollout moves on. Changeable.
   * @default 0
   */
  readonly minReadySeconds?: number;
  /**
   * Overrides the engine's readiness probe. Changeable.
   * @default - the engine's
   */
  readonly readinessProbe?: ProbeSpec;
  /**
   * Overrides the engine's liveness probe; must differ from readiness. Changeable.
   * @default - the engine's
   */
  readonly livenessProbe?: ProbeSpec;
  /**
   * A startup probe for slow starts (large crash recovery). Changeable.
   * @default - none
   */
  readonly startupProbe?: ProbeSpec;
  /**
   * Seconds between SIGTERM and SIGKILL: a database needs time to flush and shut down cleanly.
   * Changeable.
   * @default 60
   */
  readonly terminationGracePeriodSeconds?: number;
}

/** The table of {@link StatefulDatabaseProps}. */
export const STATEFUL_DATABASE_PROPS = defineProps<StatefulDatabaseProps>('StatefulDatabaseProps', {
  ...WORKLOAD_IDENTITY_FIELDS,
  ...CONTAINER_FIELDS,
  engine: required(either(text(), shape(CUSTOM_ENGINE_PROPS), 'an engine name (\'postgres\', \'mysql\', \'redis\', \'mongodb\') or a CustomEngine')),
  credentials: optional(shape(DATABASE_CREDENTIALS_PROPS)),
  databaseName: optional(text()),
  storage: optional(shape(STORAGE_PROPS)),
  volumeClaims: optional(list(shape(VOLUME_CLAIM_PROPS))),
  retention: optional(shape(RETENTION_PROPS)),
  replicas: optional(integer()),
  replication: optional(shape(REPLICATION_PROPS)),
  podManagementPolicy: optional(text()),
  partition: optional(integer()),
  revisionHistoryLimit: optional(integer()),
  minReadySeconds: optional(integer()),
  readinessProbe: optional(PROBE),
  livenessProbe: optional(PROBE),
  startupProbe: optional(PROBE),
  terminationGracePeriodSeconds: optional(integer()),
});

/**
 * A database, or any set of stateful members: a StatefulSet whose pods have sticky identities
 * (`<name>-0`, `<name>-1` …), each with its own volumes, rolled out in order; a headless Service
 * for the members' DNS, a client Service, a ServiceAccount, a NetworkPolicy that admits only
 * granted workloads, and a PodDisruptionBudget from two members.
 *
 * Names: the StatefulSet, client Service, ServiceAccount, NetworkPolicy and PDB are `<name>`; the
 * headless Service (the StatefulSet's serviceName) is `<name>-headless`; each pod's PVC is
 * `data-<name>-<ordinal>`. A name is at most 52 characters (the pods' revision label appends 11).
 *
 * With `replication` (postgres, redis) the pod `<name>-0` is the primary and the StatefulSet
 * `<name>-read` adds asynchronous read replicas: clients write through `<name>` and may read through
 * `<name>-read`. There is no automatic failover: if the primary is down, writes fail until
 * Kubernetes brings it back; rebuilding a lost primary from a replica is a manual step
 * (docs/stateful-database.md). Operators such as CloudNativePG fail over automatically.
 *
 * Immutable after creation (Kubernetes rejects the change; the StatefulSet must be recreated):
 * volumeClaimTemplates (`storage`, `volumeClaims`, the size included), serviceName, the selector
 * (`name`, `instance`) and `podManagementPolicy`.
 */
@shipshapeConstruct
export class StatefulDatabase extends ConnectableWorkload {
  /** The engine's port: both Services and the container listen on it. */
  public readonly port: number;
  /** The client Service's name (the database's name). */
  public readonly serviceName: string;
  /** The headless Service's name, `<name>-headless`. */
  public readonly headlessServiceName: string;
  /** The number of pods of the StatefulSet `<name>` (1 for every preset: the primary). */
  public readonly replicas: number;
  /** The number of read replicas, 0 without replication. */
  public readonly readReplicas: number;
  /** The read replicas' Service, `<name>-read`, when there are read replicas. */
  public readonly readServiceName: string | undefined;
  /** The settled engine. */
  public readonly engine: ResolvedEngine;
  /** The name of the database clients receive, for engines that have one. */
  public readonly databaseName: string | undefined;
  /** The StatefulSet. */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The client Service. */
  public readonly service: k8s.KubeService;
  /** The headless Service. */
  public readonly headlessService: k8s.KubeService;
  /** The read replicas' StatefulSet, `<name>-read`, when there are read replicas. */
  public readonly readReplicaSet: k8s.KubeStatefulSet | undefined;
  /** The read replicas' Service, when there are read replicas. */
  public readonly readService: k8s.KubeService | undefined;
  private readonly credentials: ResolvedCredentials | undefined;

  constructor(scope: Construct, id: string, props: StatefulDatabaseProps) {
    super(scope, id, props, { component: 'database', props: STATEFUL_DATABASE_PROPS });
    // Pods carry `controller-revision-hash: <name>-<10 characters>`, a label value of at most 63.
    requireServiceName(this, 'name', this.name, 52);
    this.engine = resolveEngine(this, props.engine);
    this.port = this.engine.port;
    this.serviceName = this.name;
    this.headlessServiceName = `${this.name}${HEADLESS_SUFFIX}`;
    this.credentials = resolveCredentials(this, props.credentials, this.engine);
    this.databaseName = this.engine.hasDatabase ? databaseNameOf(this, props.databaseName ?? this.name.replace(/-/g, '_')) : undefined;
    const members = resolveMembers(this, this.engine, props.replicas, props.replication);
    this.replicas = members.replicas;
    this.readReplicas = members.readReplicas;
    const replication = this.readReplicas > 0 ? this.replicationOf(props) : undefined;
    this.readServiceName = replication && `${this.name}${READ_SUFFIX}`;

    const ports = [{ name: this.engine.portName, containerPort: this.port }];
    const readiness = renderProbe(this, 'readinessProbe', props.readinessProbe ?? this.engine.readinessProbe, 'readiness', ports);
    const livenessSpec = props.livenessProbe ?? this.engine.livenessProbe;
    const liveness = livenessSpec && renderProbe(this, 'livenessProbe', livenessSpec, 'liveness', ports);
    const startup = props.startupProbe && renderProbe(this, 'startupProbe', props.startupProbe, 'startup', ports);
    requireDistinctProbes(this, readiness, liveness);

    const claims = extraClaims(this, props.volumeClaims ?? []);
    const claimLabels = selectorLabels(this.identity);
    const volumeClaimTemplates = [
      volumeClaimTemplate(this, 'storage', DATA_CLAIM, props.storage ?? {}, claimLabels),
      ...claims.map((claim, i) => volumeClaimTemplate(this, `volumeClaims[${i}]`, claim.name, claim.props, claimLabels)),
    ];

    // The engine's arguments come first: the official images' entrypoints prepend the server
    // binary when the first argument is a flag, so the user's flags simply follow.
    const args = [...this.engine.args(this.credentials !== undefined), ...(replication?.args ?? []), ...(props.args ?? [])];
    const container = { ...props, command: replication?.command ?? props.command, args: args.length > 0 ? args : undefined };
    const pod = this.createPod(container, {
      defaultPreset: 'medium',
      ports,
      // A user setting of the same name as the engine's is rejected rather than silently shadowed.
      env: [...literalEnv(this, this.engine.env, 'engine'), ...serverCredentialEnv(this, this.engine, this.credentials, this.databaseName), ...(replication?.env ?? [])],
      envOrigin: this.engine.kind === 'custom' ? 'the custom engine' : `the ${this.engine.kind} preset`,
      securityDefaults: { runAsUser: DEFAULT_USER_ID, runAsGroup: DEFAULT_USER_ID, fsGroup: this.engine.fsGroup },
      writablePaths: engineWritablePaths(this.engine),
      mounts: [
        { mount: { name: DATA_CLAIM, mountPath: this.engine.dataPath }, ...engineOrigin(this.engine, 'dataPath', 'data path') },
        ...claims.map((c, i) => ({ mount: { name: c.name, mountPath: c.mountPath }, origin: `volumeClaims[${i}].mountPath`, userSet: true })),
      ],
      readinessProbe: readiness,
      livenessProbe: liveness,
      startupProbe: startup,
      terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 60,
      // Replicas spread away from the primary and from each other.
      spread: replication === undefined ? true : membersIdentity(this.identity),
      readinessRequired: true,
      ownContainerNames: replication?.cloneScript ? [CLONE_CONTAINER] : [],
    });
    if (replication?.cloneScript) addCloneContainer(pod, replication.cloneScript);
    const claimNames = new Set(volumeClaimTemplates.map((t) => t.metadata!.name!));
    for (const volume of pod.spec.volumes ?? []) {
      if (claimNames.has(volume.name)) fail(this, 'volumeClaims', `claim names other than the pod's own volumes (${volume.name})`, volume.name);
    }

    const podManagementPolicy = requireOneOf(this, 'podManagementPolicy', props.podManagementPolicy ?? 'OrderedReady', ['OrderedReady', 'Parallel']);
    const spec: k8s.StatefulSetSpec = {
      serviceName: this.headlessServiceName,
      replicas: this.replicas,
      selector: matchSelector(this.identity),
      podManagementPolicy,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: requireInteger(this, 'partition', props.partition ?? 0, 0) } },
      persistentVolumeClaimRetentionPolicy: retentionPolicy(this, props.retention),
      revisionHistoryLimit: requireInteger(this, 'revisionHistoryLimit', props.revisionHistoryLimit ?? 10, 0),
      minReadySeconds: requireInteger(this, 'minReadySeconds', props.minReadySeconds ?? 0, 0),
      template: pod.template,
      volumeClaimTemplates,
    };
    this.statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', { metadata: this.controllerMetadata(), spec });

    const port = { name: this.engine.portName, port: this.port };
    this.headlessService = headlessService(this, this.identity, port);
    this.service = clientService(this, this.identity, port);
    const read = replication && addReadReplicas(this, this.identity, spec, this.readReplicas, port);
    this.readReplicaSet = read?.statefulSet;
    // The replicas run the same pod: a readiness probe waived there is waived here too.
    for (const [key, value] of Object.entries(this.controllerMetadata().annotations ?? {})) read?.statefulSet.metadata.addAnnotation(key, value);
    this.readService = read?.service;
    // The PDB, the database's own policy and connections cover every member, replicas included.
    const everyMember = read ? membersIdentity(this.identity) : this.identity;
    if (this.replicas + this.readReplicas >= 2) podDisruptionBudget(this, everyMember);
    // No port is open to everyone: each connection (allowFrom / connectTo) opens it to one client.
    if (read) workloadNetworkPolicy(this, everyMember, { egress: props.egress });
    else this.isolateNetwork();
  }

  /**
   * The host a client uses: the short Service name from the same namespace (or when `fromNamespace`
   * is not given), the FQDN from another namespace.
   */
  public host(fromNamespace?: string): string {
    if (fromNamespace !== undefined && typeof fromNamespace !== 'string') fail(this, 'host(fromNamespace)', 'a namespace name', fromNamespace);
    return fromNamespace === undefined || fromNamespace === this.namespace ? this.serviceName : this.fqdn;
  }

  /** The client Service's FQDN, `<name>.<namespace>.svc.cluster.local`. Needs a chart namespace. */
  public get fqdn(): string {
    return serviceFqdn(this.serviceName, this.requireNamespace());
  }

  /**
   * The host for reads from the read replicas: `<name>-read` from the same namespace (or when
   * `fromNamespace` is not given), its FQDN from another. Needs read replicas.
   */
  public readHost(fromNamespace?: string): string {
    if (this.readServiceName === undefined) fail(this, 'replication', 'read replicas ({ readReplicas: 1 } or more) to give a read host', undefined);
    return fromNamespace === undefined || fromNamespace === this.namespace ? this.readServiceName : serviceFqdn(this.readServiceName, this.requireNamespace());
  }

  /**
   * Each member's FQDN by ordinal: `<name>-<i>.<name>-headless.<namespace>.svc.cluster.local`, then
   * the read replicas' `<name>-read-<i>.<name>-read-headless.<namespace>.svc.cluster.local`.
   */
  public replicaHosts(): string[] {
    const namespace = this.requireNamespace();
    return [...memberFqdns(this.name, namespace, this.replicas), ...memberFqdns(`${this.name}${READ_SUFFIX}`, namespace, this.readReplicas)];
  }

  /** @internal */
  public connectionEndpoint(): ConnectionEndpoint {
    const endpoint = super.connectionEndpoint();
    return this.readReplicas > 0 ? { ...endpoint, podSelector: membersIdentity(this.identity).selector } : endpoint;
  }

  /**
   * Granting access (`db.allowFrom(app)` or `app.connectTo(db)`) gives the client an egress
   * policy, this database an ingress policy (every member's, with read replicas), and in the client
   * `<PREFIX>_HOST`, `_PORT`, `_USER` and `_PASSWORD` (from the credentials Secret), `_DATABASE`
   * and, with read replicas, `_READ_HOST`. Across namespaces the Secret reference resolves in the
   * client's namespace: a Secret of the same name and keys must exist there.
   */
  protected servedPort(): ServedPort {
    return {
      serviceName: this.serviceName,
      servicePort: this.port,
      podPort: this.port,
      // The read host comes last: turning replication on adds one variable and moves none.
      clientEnv: (prefix, clientNamespace) => [
        ...clientCredentialEnv(this.engine, this.credentials, this.databaseName, prefix),
        ...(this.readServiceName === undefined ? [] : [{ name: `${prefix}_READ_HOST`, value: this.readHost(clientNamespace) }]),
      ],
    };
  }

  /** What the engine adds to replicate, after the checks replication needs of the other props. */
  private replicationOf(props: StatefulDatabaseProps): EngineReplication {
    // The replicas' StatefulSet is `<name>-read`: its pods' revision label is 11 characters longer again.
    if (this.name.length > MAX_REPLICATED_NAME_LENGTH) {
      fail(this, 'name', `at most ${MAX_REPLICATED_NAME_LENGTH} characters with read replicas (their pods carry controller-revision-hash: <name>-read-<10 characters>)`, this.name);
    }
    if (props.command !== undefined) {
      fail(this, 'command', 'left out with read replicas: the replication script is the container\'s command (server settings go in args)', props.command);
    }
    return engineReplication(this, this.engine, this.credentials!, this.identity, this.readReplicas);
  }

  private requireNamespace(): string {
    if (this.namespace === undefined) fail(this, 'namespace', 'set on the enclosing chart to build an FQDN', this.namespace);
    return this.namespace;
  }
}

function databaseNameOf(scope: Construct, value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(value)) {
    fail(scope, 'databaseName', 'a database name of letters, digits and \'_\', not starting with a digit, at most 63 characters', value);
  }
  return value;
}

/** Where an engine setting comes from: the user's custom engine, or a preset. */
function engineOrigin(engine: ResolvedEngine, field: string, what: string): { origin: string; userSet: boolean } {
  return engine.kind === 'custom' ? { origin: `engine.${field}`, userSet: true } : { origin: `the ${engine.kind} preset's ${what}`, userSet: false };
}

/** The engine's writable paths, each with where it comes from. */
function engineWritablePaths(engine: ResolvedEngine): Record<string, ScratchPath> {
  return Object.fromEntries(Object.entries(engine.writablePaths).map(([path, size]) => [path, { size, ...engineOrigin(engine, `writablePaths.${path}`, `writable path ${path}`) }]));
}
