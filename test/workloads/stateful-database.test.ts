import { CustomEngine, HealthProbe, StatefulDatabase, StatefulDatabaseProps } from '../../lib';
import { Manifest } from '../../lib/manifests/manifest';
import { expectValidOutput, ofKind, single, synthObjects, testChart } from '../support/manifests';

const minimal: StatefulDatabaseProps = {
  name: 'orders-db',
  engine: 'postgres',
  image: 'postgres:16.4',
  credentials: { secret: 'orders-db-credentials' },
};

function synth(props: Partial<StatefulDatabaseProps> = {}, namespace = 'data'): Manifest[] {
  const chart = testChart(namespace);
  new StatefulDatabase(chart, 'db', { ...minimal, ...props });
  return synthObjects(chart);
}

function build(props: Partial<StatefulDatabaseProps>): () => StatefulDatabase {
  return () => new StatefulDatabase(testChart('data'), 'db', { ...minimal, ...props } as StatefulDatabaseProps);
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const statefulSetOf = (objects: Manifest[]): any => single(objects, 'StatefulSet');
const podOf = (objects: Manifest[]): any => statefulSetOf(objects).spec.template.spec;
const containerOf = (objects: Manifest[]): any => podOf(objects).containers[0];
const selector = {
  'app.kubernetes.io/name': 'orders-db',
  'app.kubernetes.io/instance': 'orders-db',
  'app.kubernetes.io/component': 'database',
};

describe('StatefulDatabase defaults (name, engine, image and credentials only)', () => {
  const objects = synth();

  test('emits a ServiceAccount, StatefulSet, headless and client Services and a NetworkPolicy, and no PDB for one replica', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`).sort()).toEqual([
      'NetworkPolicy/orders-db', 'Service/orders-db', 'Service/orders-db-headless', 'ServiceAccount/orders-db', 'StatefulSet/orders-db',
    ]);
  });

  test('every object is schema-valid and the pod passes PSS restricted', () => {
    expectValidOutput(objects);
  });

  test('runs one replica', () => {
    expect(statefulSetOf(objects).spec.replicas).toBe(1);
  });

  test('the StatefulSet\'s serviceName is the headless Service', () => {
    expect(statefulSetOf(objects).spec.serviceName).toBe('orders-db-headless');
  });

  test('selects its pods by name, instance and component only', () => {
    expect(statefulSetOf(objects).spec.selector).toEqual({ matchLabels: selector });
    expect(statefulSetOf(objects).spec.template.metadata.labels).toMatchObject(selector);
  });

  test('pods start in order (OrderedReady)', () => {
    expect(statefulSetOf(objects).spec.podManagementPolicy).toBe('OrderedReady');
  });

  test('updates roll over every pod (RollingUpdate, partition 0)', () => {
    expect(statefulSetOf(objects).spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  });

  test('keeps 10 revisions and needs no minimum ready time', () => {
    expect(statefulSetOf(objects).spec.revisionHistoryLimit).toBe(10);
    expect(statefulSetOf(objects).spec.minReadySeconds).toBe(0);
  });

  test('volume claims are retained when the StatefulSet is deleted or scaled down', () => {
    expect(statefulSetOf(objects).spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  test('one volume claim template "data": 8Gi, ReadWriteOnce, the default StorageClass, selector labels only', () => {
    expect(statefulSetOf(objects).spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: selector },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } } },
    }]);
  });

  test('the data volume is mounted at the engine\'s data path', () => {
    expect(containerOf(objects).volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
  });

  test('uses the medium resource preset', () => {
    expect(containerOf(objects).resources).toEqual({
      requests: { 'cpu': '250m', 'memory': '512Mi', 'ephemeral-storage': '256Mi' },
      limits: { 'cpu': '1', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
    });
  });

  test('gives the database 60 s to shut down cleanly', () => {
    expect(podOf(objects).terminationGracePeriodSeconds).toBe(60);
  });

  test('runs as uid/gid 10001 with fsGroup 10001, so the volume is writable', () => {
    expect(podOf(objects).securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(containerOf(objects).securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('spreads softly over nodes, as WebApp does', () => {
    expect(podOf(objects).topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector },
    }]);
    expect(podOf(objects).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
  });

  test('a dedicated ServiceAccount without a mounted token', () => {
    expect(single(objects, 'ServiceAccount')).toMatchObject({ automountServiceAccountToken: false });
    expect(podOf(objects)).toMatchObject({ serviceAccountName: 'orders-db', automountServiceAccountToken: false });
  });
});

describe('StatefulDatabase Services', () => {
  const objects = synth();
  const headless: any = single(objects, 'Service', 'orders-db-headless');
  const client: any = single(objects, 'Service', 'orders-db');

  test('the headless Service has no cluster IP', () => {
    expect(headless.spec.clusterIP).toBe('None');
  });

  test('the headless Service publishes pods before they are ready, so members find each other while starting', () => {
    expect(headless.spec.publishNotReadyAddresses).toBe(true);
  });

  test('the headless Service selects exactly the pods\' selector labels', () => {
    expect(headless.spec.selector).toEqual(selector);
    expect(headless.spec.selector).toEqual(statefulSetOf(objects).spec.selector.matchLabels);
  });

  test('both Services expose the engine port by name', () => {
    const port = { name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' };
    expect(headless.spec.ports).toEqual([port]);
    expect(client.spec.ports).toEqual([port]);
  });

  test('the client Service is a regular ClusterIP Service named after the database', () => {
    expect(client.spec.type).toBe('ClusterIP');
    expect(client.spec.clusterIP).toBeUndefined();
    expect(client.spec.publishNotReadyAddresses).toBeUndefined();
    expect(client.spec.selector).toEqual(selector);
  });
});

describe('StatefulDatabase storage', () => {
  test('size, storageClassName and access modes are taken as given', () => {
    const objects = synth({ storage: { size: '50Gi', storageClassName: 'fast-ssd', accessModes: ['ReadWriteOncePod'] } });
    expect(statefulSetOf(objects).spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOncePod'], storageClassName: 'fast-ssd', resources: { requests: { storage: '50Gi' } },
    });
    expectValidOutput(objects);
  });

  test('further volume claims get their own templates and mounts', () => {
    const objects = synth({ volumeClaims: [{ name: 'wal', size: '5Gi', mountPath: '/var/lib/postgresql/wal' }] });
    expect(statefulSetOf(objects).spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual(['data', 'wal']);
    expect(statefulSetOf(objects).spec.volumeClaimTemplates[1].spec.resources.requests.storage).toBe('5Gi');
    expect(containerOf(objects).volumeMounts).toContainEqual({ name: 'wal', mountPath: '/var/lib/postgresql/wal' });
    expectValidOutput(objects);
  });

  test('the retention policy may delete claims on request', () => {
    const objects = synth({ retention: { whenScaled: 'Delete' } });
    expect(statefulSetOf(objects).spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
  });
});

// A server that clusters itself: the presets run one server per StatefulSet, a custom engine any number.
const clustered: CustomEngine = { port: 26257, portName: 'sql', dataPath: '/cockroach/cockroach-data', readinessProbe: HealthProbe.tcp({ port: 'sql' }) };

describe('StatefulDatabase order, updates and availability', () => {
  test('Parallel pod management is an opt-in', () => {
    expect(statefulSetOf(synth({ podManagementPolicy: 'Parallel' })).spec.podManagementPolicy).toBe('Parallel');
  });

  test('a partition limits updates to the highest ordinals', () => {
    expect(statefulSetOf(synth({ engine: clustered, credentials: undefined, replicas: 3, partition: 2 })).spec.updateStrategy.rollingUpdate).toEqual({ partition: 2 });
  });

  test('two or more replicas add a PDB with maxUnavailable 1', () => {
    const objects = synth({ engine: clustered, image: 'cockroachdb/cockroach:v24.2.0', credentials: undefined, replicas: 2 });
    expect(single<any>(objects, 'PodDisruptionBudget').spec).toEqual({
      maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: selector },
    });
    expectValidOutput(objects);
  });

  test('one replica gets no PDB (it would block every node drain)', () => {
    expect(ofKind(synth({ replicas: 1 }), 'PodDisruptionBudget')).toEqual([]);
  });
});

describe('StatefulDatabase rejects invalid props', () => {
  test('a storage size that is not a quantity', () => {
    expect(build({ storage: { size: '10 GB' } })).toThrow(
      "test/db: storage.size must be a Kubernetes quantity such as '500Mi', '10Gi', '0.5' or '250m', got '10 GB'");
  });

  test('a zero storage size', () => {
    expect(build({ storage: { size: '0' } })).toThrow("test/db: storage.size must be a quantity greater than zero, got '0'");
  });

  test('zero replicas', () => {
    expect(build({ replicas: 0 })).toThrow('test/db: replicas must be an integer from 1 to 2147483647, got 0');
  });

  test('a storageClassName that is not a DNS subdomain', () => {
    expect(build({ storage: { storageClassName: 'Fast_SSD' } })).toThrow("test/db: storage.storageClassName must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253 characters), got 'Fast_SSD'");
  });

  test('an unknown access mode', () => {
    expect(build({ storage: { accessModes: ['ReadWriteSometimes' as never] } })).toThrow(
      "test/db: storage.accessModes[0] must be one of 'ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany', got 'ReadWriteSometimes'");
  });

  test('an unknown engine', () => {
    expect(build({ engine: 'oracle' as never })).toThrow("test/db: engine must be one of 'postgres', 'mysql', 'redis', 'mongodb', got 'oracle'");
  });

  test('a name too long for the pods\' revision label', () => {
    const name = `db-${'x'.repeat(50)}`;
    expect(build({ name })).toThrow(`test/db: name must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter and ending with a letter or digit, at most 52 characters: it names a Service), got '${name}'`);
  });

  test('an unknown pod management policy', () => {
    expect(build({ podManagementPolicy: 'Random' as never })).toThrow("test/db: podManagementPolicy must be one of 'OrderedReady', 'Parallel', got 'Random'");
  });

  test('a negative partition', () => {
    expect(build({ partition: -1 })).toThrow('test/db: partition must be an integer from 0 to 2147483647, got -1');
  });

  test('an unknown retention mode', () => {
    expect(build({ retention: { whenDeleted: 'Archive' as never } })).toThrow("test/db: retention.whenDeleted must be one of 'Retain', 'Delete', got 'Archive'");
  });

  test('a further volume claim named like the data volume', () => {
    expect(build({ volumeClaims: [{ name: 'data', size: '1Gi', mountPath: '/wal' }] })).toThrow("test/db: volumeClaims[0].name must be a claim name not already used ('data'), got 'data'");
  });

  test('a further volume claim mounted at the data path', () => {
    expect(build({ volumeClaims: [{ name: 'wal', size: '1Gi', mountPath: '/var/lib/postgresql/data' }] })).toThrow(
      "test/db: volumeClaims[0].mountPath must be a path no other volume is mounted at (the postgres preset's data path mounts /var/lib/postgresql/data), got '/var/lib/postgresql/data'");
  });

  test('an invalid database name', () => {
    expect(build({ databaseName: 'orders-db' })).toThrow("test/db: databaseName must be a database name of letters, digits and '_', not starting with a digit, at most 63 characters, got 'orders-db'");
  });

  test('an unpinned image', () => {
    expect(build({ image: 'postgres:latest' })).toThrow("test/db: image must be a pinned image reference: a tag other than 'latest' (repo:1.4.2) or a digest (repo@sha256:…), got 'postgres:latest'");
  });
});
