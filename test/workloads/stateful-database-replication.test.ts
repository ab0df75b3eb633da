import { Chart, Testing } from 'cdk8s';
import { AppSecret, StatefulDatabase, StatefulDatabaseProps, WebApp } from '../../lib';
import { checkManifests, formatReport } from '../../lib/policy';
import { Manifest } from '../../lib/manifests/manifest';
import { POSTGRES_CLONE_SCRIPT, POSTGRES_MEMBER_SCRIPT } from '../../lib/workloads/database/postgres-replication';
import { REDIS_MEMBER_SCRIPT } from '../../lib/workloads/database/redis-replication';
import { expectValidOutput, single, synthObjects, testChart } from '../support/manifests';

const postgres: StatefulDatabaseProps = {
  name: 'orders-db',
  engine: 'postgres',
  image: 'postgres:16.4',
  credentials: { secret: 'orders-db-credentials' },
  replication: { readReplicas: 2 },
};
const redis: StatefulDatabaseProps = {
  name: 'sessions',
  engine: 'redis',
  image: 'redis:7.4.0',
  credentials: { secret: 'sessions-credentials' },
  replication: { readReplicas: 1 },
};

function synth(props: StatefulDatabaseProps, extra: Partial<StatefulDatabaseProps> = {}): Manifest[] {
  const chart = testChart('data');
  new StatefulDatabase(chart, 'db', { ...props, ...extra });
  return synthObjects(chart);
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const set = (objects: Manifest[], name: string): any => single<any>(objects, 'StatefulSet', name);
const podOf = (objects: Manifest[], name = 'orders-db'): any => set(objects, name).spec.template.spec;
const serverOf = (objects: Manifest[], name = 'orders-db'): any => podOf(objects, name).containers[0];
const envOf = (container: any): Record<string, unknown> => Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
const selector = (component: string): Record<string, string> => ({
  'app.kubernetes.io/name': 'orders-db', 'app.kubernetes.io/instance': 'orders-db', 'app.kubernetes.io/component': component,
});
const members = { 'app.kubernetes.io/name': 'orders-db', 'app.kubernetes.io/instance': 'orders-db' };

describe('a postgres database with read replicas (defaults)', () => {
  const objects = synth(postgres);

  test('emits a second StatefulSet and Services for the read replicas, a replication NetworkPolicy and a PDB', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`).sort()).toEqual([
      'NetworkPolicy/orders-db', 'NetworkPolicy/orders-db-replication', 'PodDisruptionBudget/orders-db',
      'Service/orders-db', 'Service/orders-db-headless', 'Service/orders-db-read', 'Service/orders-db-read-headless',
      'ServiceAccount/orders-db', 'StatefulSet/orders-db', 'StatefulSet/orders-db-read',
    ]);
  });

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every object is schema-valid and every pod passes PSS restricted', () => {
    expectValidOutput(objects);
  });

  test('the policy check reports no errors', () => {
    const report = checkManifests(objects);
    expect(report.errors === 0 ? '' : formatReport(report)).toBe('');
  });

  test('the primary is the one pod of the StatefulSet <name>, with the selector and serviceName of a single database', () => {
    expect(set(objects, 'orders-db').spec).toMatchObject({
      replicas: 1, serviceName: 'orders-db-headless', selector: { matchLabels: selector('database') },
    });
  });

  test('the read replicas are the StatefulSet <name>-read, component read-replica, with their own headless Service', () => {
    expect(set(objects, 'orders-db-read').metadata.labels).toMatchObject(selector('read-replica'));
    expect(set(objects, 'orders-db-read').spec).toMatchObject({
      replicas: 2, serviceName: 'orders-db-read-headless', selector: { matchLabels: selector('read-replica') },
    });
    expect(set(objects, 'orders-db-read').spec.template.metadata.labels).toMatchObject(selector('read-replica'));
  });

  test('both StatefulSets run the same pod spec: only the labels tell a replica', () => {
    expect(podOf(objects, 'orders-db-read')).toEqual(podOf(objects));
  });

  test('both StatefulSets share the order, update, history and retention settings', () => {
    const settings = (name: string): unknown => {
      const { podManagementPolicy, updateStrategy, revisionHistoryLimit, minReadySeconds, persistentVolumeClaimRetentionPolicy } = set(objects, name).spec;
      return { podManagementPolicy, updateStrategy, revisionHistoryLimit, minReadySeconds, persistentVolumeClaimRetentionPolicy };
    };
    expect(settings('orders-db')).toEqual({
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      minReadySeconds: 0,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(settings('orders-db-read')).toEqual(settings('orders-db'));
  });

  test('a partition counts the primary as ordinal 0 and the replicas after it: partition 1 updates every replica, not the primary', () => {
    const partitions = (partition: number): number[] => {
      const held = synth(postgres, { partition });
      return ['orders-db', 'orders-db-read'].map((name) => set(held, name).spec.updateStrategy.rollingUpdate.partition);
    };
    expect(partitions(0)).toEqual([0, 0]);
    expect(partitions(1)).toEqual([1, 0]);
    expect(partitions(2)).toEqual([2, 1]);
  });

  test('each replica gets a data volume like the primary\'s, labelled with the replicas\' selector', () => {
    expect(set(objects, 'orders-db-read').spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: selector('read-replica') },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } } },
    }]);
  });

  test('the Service <name> sends clients to the primary only', () => {
    expect(single<any>(objects, 'Service', 'orders-db').spec.selector).toEqual(selector('database'));
  });

  test('the Service <name>-read sends clients to the read replicas only, on the engine port', () => {
    expect(single<any>(objects, 'Service', 'orders-db-read').spec).toEqual({
      type: 'ClusterIP',
      selector: selector('read-replica'),
      ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }],
    });
  });

  test('the replicas\' headless Service publishes them before they are ready', () => {
    expect(single<any>(objects, 'Service', 'orders-db-read-headless').spec).toMatchObject({
      clusterIP: 'None', publishNotReadyAddresses: true, selector: selector('read-replica'),
    });
  });

  test('the PDB covers every member: one pod at a time, primary or replica', () => {
    expect(single<any>(objects, 'PodDisruptionBudget').spec).toEqual({
      maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: members },
    });
  });

  test('the database\'s own NetworkPolicy isolates every member', () => {
    expect(single<any>(objects, 'NetworkPolicy', 'orders-db').spec).toMatchObject({ podSelector: { matchLabels: members }, ingress: [] });
  });

  test('the members reach each other on the engine port and nothing else', () => {
    const port = [{ protocol: 'TCP', port: 5432 }];
    expect(single<any>(objects, 'NetworkPolicy', 'orders-db-replication').spec).toEqual({
      podSelector: { matchLabels: members },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: { matchLabels: members } }], ports: port }],
      egress: [{ to: [{ podSelector: { matchLabels: members } }], ports: port }],
    });
  });

  test('members spread over nodes together, replicas away from the primary', () => {
    expect(podOf(objects).topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: members },
    }]);
    expect(podOf(objects).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
      { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: members } } },
    ]);
  });

  test('each member learns its role from its own component label, and the primary\'s stable DNS name and port', () => {
    expect(envOf(serverOf(objects))).toMatchObject({
      MEMBER_ROLE: { fieldRef: { fieldPath: 'metadata.labels[\'app.kubernetes.io/component\']' } },
      POD_NAME: { fieldRef: { fieldPath: 'metadata.name' } },
      PRIMARY_HOST: 'orders-db-0.orders-db-headless',
      PRIMARY_PORT: '5432',
    });
  });

  test('replicas stream as the role replicator, with the Secret\'s password unless replicationPasswordKey names another key', () => {
    expect(envOf(serverOf(objects))).toMatchObject({
      REPLICATION_USER: 'replicator',
      REPLICATION_PASSWORD: { secretKeyRef: { name: 'orders-db-credentials', key: 'password' } },
    });
    const own = synth(postgres, { credentials: { secret: 'orders-db-credentials', replicationPasswordKey: 'replication-password' } });
    expect(envOf(serverOf(own)).REPLICATION_PASSWORD).toEqual({ secretKeyRef: { name: 'orders-db-credentials', key: 'replication-password' } });
  });

  test('the server runs the member script with the replication settings, before the user\'s args', () => {
    expect(serverOf(objects).command).toEqual(['sh', '-c', POSTGRES_MEMBER_SCRIPT, 'postgres-member']);
    expect(serverOf(objects).args).toEqual(['-c', 'wal_level=replica', '-c', 'max_wal_senders=10', '-c', 'wal_keep_size=512MB', '-c', 'hot_standby=on']);
    expect(serverOf(synth(postgres, { args: ['-c', 'wal_keep_size=2GB'] })).args.slice(-2)).toEqual(['-c', 'wal_keep_size=2GB']);
  });

  test('more than eight replicas get a WAL sender each, plus two for a clone', () => {
    expect(serverOf(synth(postgres, { replication: { readReplicas: 9 } })).args).toContain('max_wal_senders=11');
  });

  test('an init container of the same image, env, mounts, resources and security clones the primary', () => {
    const [clone] = podOf(objects).initContainers;
    const server = serverOf(objects);
    expect(clone).toEqual({
      name: 'clone-primary',
      image: 'postgres:16.4',
      imagePullPolicy: 'IfNotPresent',
      command: ['sh', '-c', POSTGRES_CLONE_SCRIPT],
      env: server.env,
      resources: server.resources,
      securityContext: server.securityContext,
      volumeMounts: server.volumeMounts,
      terminationMessagePolicy: 'FallbackToLogsOnError',
    });
  });
});

describe('a redis database with read replicas', () => {
  const objects = synth(redis);
  const server = single<any>(objects, 'StatefulSet', 'sessions').spec.template.spec.containers[0];

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every object is schema-valid, every pod passes PSS restricted, and the policy check reports no errors', () => {
    expectValidOutput(objects);
    expect(checkManifests(objects).errors).toBe(0);
  });

  test('the server runs the member script; every member authenticates to the primary with the password', () => {
    expect(server.command).toEqual(['sh', '-c', REDIS_MEMBER_SCRIPT, 'redis-member']);
    expect(server.args).toEqual(['--appendonly', 'yes', '--requirepass', '$(REDIS_PASSWORD)', '--masterauth', '$(REDIS_PASSWORD)']);
  });

  test('each member learns its role and the primary\'s stable DNS name and port', () => {
    expect(envOf(server)).toEqual({
      REDIS_PASSWORD: { secretKeyRef: { name: 'sessions-credentials', key: 'password' } },
      MEMBER_ROLE: { fieldRef: { fieldPath: 'metadata.labels[\'app.kubernetes.io/component\']' } },
      POD_NAME: { fieldRef: { fieldPath: 'metadata.name' } },
      PRIMARY_HOST: 'sessions-0.sessions-headless',
      PRIMARY_PORT: '6379',
    });
  });

  test('replicas need no init container: they copy the primary themselves', () => {
    expect(single<any>(objects, 'StatefulSet', 'sessions-read').spec.template.spec.initContainers).toBeUndefined();
  });
});

describe('connecting to a database with read replicas', () => {
  const app = Testing.app();
  const data = new Chart(app, 'data', { namespace: 'data' });
  const shop = new Chart(app, 'shop', { namespace: 'shop' });
  const db = new StatefulDatabase(data, 'db', postgres);
  const api = new WebApp(data, 'api', { name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080 });
  const report = new WebApp(shop, 'report', { name: 'report', image: 'ghcr.io/acme/report:2.0.0', port: 8080 });
  api.connectTo(db);
  report.connectTo(db);
  const envNames = (objects: Manifest[], name: string): any[] => single<any>(objects, 'Deployment', name).spec.template.spec.containers[0].env;

  test('a client receives the read host after the rest of the database\'s env, from the same namespace by its short name', () => {
    expect(envNames(synthObjects(data), 'api').map((e: any) => e.name)).toEqual([
      'ORDERS_DB_HOST', 'ORDERS_DB_PORT', 'ORDERS_DB_USER', 'ORDERS_DB_PASSWORD', 'ORDERS_DB_DATABASE', 'ORDERS_DB_READ_HOST',
    ]);
    expect(envNames(synthObjects(data), 'api')[5]).toEqual({ name: 'ORDERS_DB_READ_HOST', value: 'orders-db-read' });
  });

  test('a client in another namespace receives the read host\'s FQDN', () => {
    expect(envNames(synthObjects(shop), 'report')[5]).toEqual({ name: 'ORDERS_DB_READ_HOST', value: 'orders-db-read.data.svc.cluster.local' });
  });

  test('the database admits the client to every member, primary and replicas', () => {
    expect(single<any>(synthObjects(data), 'NetworkPolicy', 'orders-db.from.api').spec.podSelector).toEqual({ matchLabels: members });
  });

  test('the client may send to every member', () => {
    expect(single<any>(synthObjects(data), 'NetworkPolicy', 'api.to.orders-db').spec.egress[0].to).toEqual([{ podSelector: { matchLabels: members } }]);
  });

  test('both charts are schema-valid, pass PSS restricted and the policy check', () => {
    const objects = [...synthObjects(data), ...synthObjects(shop)];
    expectValidOutput(objects);
    expect(checkManifests(objects).errors).toBe(0);
  });
});

describe('read replicas reject invalid props', () => {
  const build = (props: StatefulDatabaseProps, extra: Partial<StatefulDatabaseProps>) => () => new StatefulDatabase(testChart('data'), 'db', { ...props, ...extra } as StatefulDatabaseProps);

  test('more than one postgres pod (independent servers) points to replication', () => {
    expect(build(postgres, { replication: undefined, replicas: 3 })).toThrow(
      'test/db: replicas must be 1 for the postgres preset: more pods would be independent servers behind one Service; read replicas that follow the primary come from replication: { readReplicas: 2 }, got 3');
  });

  test('more than one redis pod points to replication', () => {
    expect(build(redis, { replication: undefined, replicas: 2 })).toThrow(
      'test/db: replicas must be 1 for the redis preset: more pods would be independent servers behind one Service; read replicas that follow the primary come from replication: { readReplicas: 1 }, got 2');
  });

  test('replicas beside replication', () => {
    expect(build(postgres, { replicas: 3 })).toThrow('test/db: replicas must be 1 for the postgres preset');
  });

  test('no read replicas', () => {
    expect(build(postgres, { replication: { readReplicas: 0 } })).toThrow('test/db: replication.readReplicas must be an integer from 1 to 2147483647, got 0');
  });

  test('a fractional number of read replicas', () => {
    expect(build(postgres, { replication: { readReplicas: 1.5 } })).toThrow('test/db: replication.readReplicas must be an integer from 1 to 2147483647, got 1.5');
  });

  test('replication that is not an object', () => {
    expect(build(postgres, { replication: 2 as never })).toThrow('test/db: replication must be an object of ReplicationProps (with readReplicas), got 2');
  });

  test('a name too long for the replicas\' revision label', () => {
    const name = `db-${'x'.repeat(45)}`;
    expect(build(postgres, { name })).toThrow(
      `test/db: name must be at most 47 characters with read replicas (their pods carry controller-revision-hash: <name>-read-<10 characters>), got '${name}'`);
  });

  test('a command, which the replication script replaces', () => {
    expect(build(postgres, { command: ['postgres'] })).toThrow(
      'test/db: command must be left out with read replicas: the replication script is the container\'s command (server settings go in args), got ["postgres"]');
  });

  test('an invalid replicationPasswordKey', () => {
    expect(build(postgres, { credentials: { secret: 'orders-db-credentials', replicationPasswordKey: 'replication password' } })).toThrow(
      "test/db: credentials.replicationPasswordKey must be a Secret key of letters, digits, '-', '_' and '.' (at most 253 characters, not '.' and not starting with '..'), got 'replication password'");
  });

  test('an AppSecret without the replicationPasswordKey', () => {
    const chart = testChart('data');
    const secret = new AppSecret(chart, 'creds', { name: 'orders-db-credentials', stringData: { username: 'orders', password: 'from-env' } });
    expect(() => new StatefulDatabase(chart, 'db', { ...postgres, credentials: { secret, replicationPasswordKey: 'replication' } }))
      .toThrow("test/db: credentials.replicationPasswordKey must be a key of the AppSecret orders-db-credentials (password, username), got 'replication'");
  });
});

describe('presets that do not replicate, and custom engines', () => {
  const cockroach = {
    port: 26257, portName: 'sql', dataPath: '/cockroach/cockroach-data', readinessProbe: { kind: 'tcp' as const, port: 'sql' },
  };
  const build = (props: Partial<StatefulDatabaseProps>) => () => new StatefulDatabase(testChart('data'), 'db', {
    name: 'store', credentials: { secret: 'store-credentials' }, ...props,
  } as StatefulDatabaseProps);

  test('more than one mysql pod is refused, with what to use instead', () => {
    expect(build({ engine: 'mysql', image: 'mysql:8.4.2', replicas: 2 })).toThrow(
      'test/db: replicas must be 1 for the mysql preset: more pods would be independent servers behind one Service, each with its own data '
      + '(only the postgres and redis presets replicate; for a replicated mysql use an operator such as the MySQL Operator for Kubernetes or the Percona Operator for MySQL, or a managed database), got 2');
  });

  test('more than one mongodb pod is refused, with what to use instead', () => {
    expect(build({ engine: 'mongodb', image: 'mongo:7.0.14', replicas: 3 })).toThrow(
      'test/db: replicas must be 1 for the mongodb preset: more pods would be independent servers behind one Service, each with its own data '
      + '(only the postgres and redis presets replicate; for a replicated mongodb use an operator such as the MongoDB Community Operator or the Percona Operator for MongoDB, or a managed database), got 3');
  });

  test('replication on mysql is refused', () => {
    expect(build({ engine: 'mysql', image: 'mysql:8.4.2', replication: { readReplicas: 1 } })).toThrow(
      'test/db: replication must be left out for the mysql preset: only the postgres and redis presets replicate; for a replicated mysql use an operator such as the MySQL Operator for Kubernetes or the Percona Operator for MySQL, or a managed database, got {"readReplicas":1}');
  });

  test('replication on a custom engine is refused: its image decides', () => {
    expect(build({ engine: cockroach, image: 'cockroachdb/cockroach:v24.2.0', credentials: undefined, replication: { readReplicas: 1 } })).toThrow(
      'test/db: replication must be left out for a custom engine: only the postgres and redis presets set up replication, a custom engine\'s image decides how its members replicate (use replicas), got {"readReplicas":1}');
  });

  test('a custom engine keeps any number of replicas in one StatefulSet', () => {
    const db = build({ engine: cockroach, image: 'cockroachdb/cockroach:v24.2.0', credentials: undefined, replicas: 3 })();
    expect(db.replicas).toBe(3);
    expect(db.readReplicas).toBe(0);
    expect(db.readReplicaSet).toBeUndefined();
    expect(single<any>(synthObjects(Chart.of(db)), 'StatefulSet').spec.replicas).toBe(3);
  });
});
