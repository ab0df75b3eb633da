import { AppSecret, DatabaseEngineName, HealthProbe, StatefulDatabase, StatefulDatabaseProps } from '../../lib';
import { DATABASE_ENGINES, enginePreset } from '../../lib/workloads/database/engines';
import { Manifest } from '../../lib/manifests/manifest';
import { expectValidOutput, single, synthObjects, testChart } from '../support/manifests';

const images: Record<DatabaseEngineName, string> = {
  postgres: 'postgres:16.4',
  mysql: 'mysql:8.4.2',
  redis: 'redis:7.4.0',
  mongodb: 'mongo:7.0.14',
};

function synth(props: Partial<StatefulDatabaseProps> & Pick<StatefulDatabaseProps, 'engine' | 'image'>): Manifest[] {
  const chart = testChart('data');
  new StatefulDatabase(chart, 'db', { name: 'store', credentials: { secret: 'store-credentials' }, ...props });
  return synthObjects(chart);
}

function preset(engine: DatabaseEngineName): Manifest[] {
  return synth({ engine, image: images[engine] });
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const podOf = (objects: Manifest[]): any => single<any>(objects, 'StatefulSet').spec.template.spec;
const containerOf = (objects: Manifest[]): any => podOf(objects).containers[0];
const envOf = (objects: Manifest[]): Record<string, unknown> =>
  Object.fromEntries((containerOf(objects).env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
const secretRef = (key: string): unknown => ({ secretKeyRef: { name: 'store-credentials', key } });
const mountPaths = (objects: Manifest[]): string[] => containerOf(objects).volumeMounts.map((m: any) => m.mountPath);

describe.each(DATABASE_ENGINES)('the %s preset', (engine) => {
  const objects = preset(engine);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('is schema-valid and passes PSS restricted', () => {
    expectValidOutput(objects);
  });

  test('readiness and liveness probes perform different checks', () => {
    const { readinessProbe, livenessProbe } = containerOf(objects);
    expect(readinessProbe.exec.command.length).toBeGreaterThan(0);
    expect(livenessProbe).toMatchObject({ tcpSocket: { port: enginePreset(engine).portName } });
    expect(readinessProbe.tcpSocket).toBeUndefined();
  });

  test('liveness is less strict than readiness: later, less often, more failures allowed', () => {
    const { readinessProbe, livenessProbe } = containerOf(objects);
    expect(livenessProbe.initialDelaySeconds).toBeGreaterThan(readinessProbe.initialDelaySeconds);
    expect(livenessProbe.periodSeconds).toBeGreaterThan(readinessProbe.periodSeconds);
    expect(livenessProbe.failureThreshold).toBeGreaterThan(readinessProbe.failureThreshold);
  });

  test('runs as the non-root uid 10001 with fsGroup 10001 and a read-only root filesystem', () => {
    expect(podOf(objects).securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, runAsNonRoot: true });
    expect(containerOf(objects).securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('credentials reach the container only through secretKeyRef', () => {
    for (const variable of containerOf(objects).env) {
      if (/USER|PASS/.test(variable.name)) {
        expect(variable.value).toBeUndefined();
        expect(variable.valueFrom.secretKeyRef.name).toBe('store-credentials');
      }
    }
    expect(JSON.stringify(objects)).not.toMatch(/ConfigMap/);
  });
});

describe('preset specifics', () => {
  test('postgres: port 5432, PGDATA in a subdirectory of the volume, a writable socket directory', () => {
    const objects = preset('postgres');
    expect(containerOf(objects).ports).toEqual([{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }]);
    expect(envOf(objects)).toEqual({
      PGDATA: '/var/lib/postgresql/data/pgdata',
      POSTGRES_USER: secretRef('username'),
      POSTGRES_PASSWORD: secretRef('password'),
      POSTGRES_DB: 'store',
    });
    expect(mountPaths(objects)).toEqual(['/tmp', '/var/run/postgresql', '/var/lib/postgresql/data']);
  });

  test('postgres: readiness runs pg_isready over TCP as the configured user', () => {
    expect(containerOf(preset('postgres')).readinessProbe.exec.command).toEqual(
      ['sh', '-c', 'exec pg_isready -U "$POSTGRES_USER" -d "$POSTGRES_DB" -h 127.0.0.1 -p 5432']);
  });

  test('mysql: port 3306, data in a subdirectory of the volume, a writable /var/run/mysqld, root password from the Secret', () => {
    const objects = preset('mysql');
    expect(containerOf(objects).ports).toEqual([{ name: 'mysql', containerPort: 3306, protocol: 'TCP' }]);
    expect(containerOf(objects).args).toEqual(['--datadir=/var/lib/mysql/data']);
    expect(envOf(objects)).toEqual({
      MYSQL_USER: secretRef('username'),
      MYSQL_PASSWORD: secretRef('password'),
      MYSQL_ROOT_PASSWORD: secretRef('password'),
      MYSQL_DATABASE: 'store',
    });
    expect(mountPaths(objects)).toEqual(['/tmp', '/var/run/mysqld', '/var/lib/mysql']);
  });

  test('mysql: a separate root password key', () => {
    const objects = synth({ engine: 'mysql', image: images.mysql, credentials: { secret: 'store-credentials', rootPasswordKey: 'root-password' } });
    expect(envOf(objects).MYSQL_ROOT_PASSWORD).toEqual(secretRef('root-password'));
  });

  test('redis: port 6379, data in /data, an append-only file and the password passed by reference', () => {
    const objects = preset('redis');
    expect(containerOf(objects).ports).toEqual([{ name: 'redis', containerPort: 6379, protocol: 'TCP' }]);
    expect(containerOf(objects).args).toEqual(['--appendonly', 'yes', '--requirepass', '$(REDIS_PASSWORD)']);
    expect(envOf(objects)).toEqual({ REDIS_PASSWORD: secretRef('password') });
    expect(mountPaths(objects)).toEqual(['/tmp', '/data']);
  });

  test('mongodb: port 27017, data in /data/db, root credentials from the Secret, HOME in /tmp', () => {
    const objects = preset('mongodb');
    expect(containerOf(objects).ports).toEqual([{ name: 'mongodb', containerPort: 27017, protocol: 'TCP' }]);
    expect(envOf(objects)).toEqual({
      HOME: '/tmp',
      MONGO_INITDB_ROOT_USERNAME: secretRef('username'),
      MONGO_INITDB_ROOT_PASSWORD: secretRef('password'),
      MONGO_INITDB_DATABASE: 'store',
    });
    expect(mountPaths(objects)).toEqual(['/tmp', '/data/db']);
  });

  test('the user\'s args follow the engine\'s', () => {
    const objects = synth({ engine: 'postgres', image: images.postgres, args: ['-c', 'max_connections=200'] });
    expect(containerOf(objects).args).toEqual(['-c', 'max_connections=200']);
    expect(containerOf(synth({ engine: 'mysql', image: images.mysql, args: ['--max-connections=200'] })).args)
      .toEqual(['--datadir=/var/lib/mysql/data', '--max-connections=200']);
  });

  test('the preset\'s probes can be replaced', () => {
    const objects = synth({ engine: 'postgres', image: images.postgres, livenessProbe: HealthProbe.exec(['pg_isready', '-h', '/var/run/postgresql']) });
    expect(containerOf(objects).livenessProbe.exec.command).toEqual(['pg_isready', '-h', '/var/run/postgresql']);
  });
});

describe('credentials', () => {
  test('custom key names are honoured', () => {
    const objects = synth({ engine: 'postgres', image: images.postgres, credentials: { secret: 'pg', usernameKey: 'user', passwordKey: 'pass' } });
    expect(envOf(objects)).toMatchObject({
      POSTGRES_USER: { secretKeyRef: { name: 'pg', key: 'user' } },
      POSTGRES_PASSWORD: { secretKeyRef: { name: 'pg', key: 'pass' } },
    });
  });

  test('an AppSecret is created in the chart only from the values passed explicitly, and referenced by key', () => {
    const chart = testChart('data');
    const secret = new AppSecret(chart, 'creds', { name: 'store-credentials', stringData: { username: 'app', password: 'from-env' } });
    new StatefulDatabase(chart, 'db', { name: 'store', engine: 'postgres', image: images.postgres, credentials: { secret } });
    const objects = synthObjects(chart);
    expect(single<any>(objects, 'Secret').stringData).toEqual({ username: 'app', password: 'from-env' });
    expect(envOf(objects).POSTGRES_PASSWORD).toEqual(secretRef('password'));
    expectValidOutput(objects);
  });

  test('an AppSecret without the key is rejected', () => {
    const chart = testChart('data');
    const secret = new AppSecret(chart, 'creds', { name: 'store-credentials', stringData: { password: 'from-env' } });
    expect(() => new StatefulDatabase(chart, 'db', { name: 'store', engine: 'postgres', image: images.postgres, credentials: { secret } }))
      .toThrow("test/db: credentials.usernameKey must be a key of the AppSecret store-credentials (password), got 'username'");
  });

  test('a preset without credentials is rejected', () => {
    expect(() => new StatefulDatabase(testChart('data'), 'db', { name: 'store', engine: 'redis', image: images.redis }))
      .toThrow('test/db: credentials must be a Secret reference ({ secret, usernameKey, passwordKey }): the redis preset never runs without a password, got nothing');
  });

  test('an invalid Secret name is rejected', () => {
    expect(() => synth({ engine: 'postgres', image: images.postgres, credentials: { secret: 'Store Credentials' } }))
      .toThrow("test/db: credentials.secret must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253 characters), got 'Store Credentials'");
  });

  test('a plain env var that collides with the engine\'s is rejected', () => {
    expect(() => synth({ engine: 'postgres', image: images.postgres, env: { PGDATA: '/elsewhere' } }))
      .toThrow("test/db: env.PGDATA must be a variable name not set already (the postgres preset sets it), got 'PGDATA'");
  });
});

describe('a custom engine', () => {
  const engine = {
    port: 26257,
    portName: 'sql',
    dataPath: '/cockroach/cockroach-data',
    readinessProbe: HealthProbe.http('/health?ready=1', { port: 8080 }),
    livenessProbe: HealthProbe.tcp(),
  };

  test('takes an explicit port, data path and probes', () => {
    const objects = synth({ engine: { ...engine, readinessProbe: HealthProbe.tcp({ port: 'sql' }), livenessProbe: HealthProbe.exec(['true']) }, image: 'cockroachdb/cockroach:v24.2.0', credentials: undefined });
    expect(containerOf(objects).ports).toEqual([{ name: 'sql', containerPort: 26257, protocol: 'TCP' }]);
    expect(containerOf(objects).volumeMounts).toContainEqual({ name: 'data', mountPath: '/cockroach/cockroach-data' });
    expect(containerOf(objects).readinessProbe.tcpSocket).toEqual({ port: 'sql' });
    expect(containerOf(objects).env).toBeUndefined();
    expectValidOutput(objects);
  });

  test('a probe on an undeclared port is rejected', () => {
    expect(() => synth({ engine, image: 'cockroachdb/cockroach:v24.2.0', credentials: undefined }))
      .toThrow('test/db: readinessProbe.port must be one of the container\'s declared ports (sql/26257), got 8080');
  });

  test('a custom engine without a port is rejected', () => {
    expect(() => synth({ engine: { ...engine, port: undefined as never }, image: 'cockroachdb/cockroach:v24.2.0' }))
      .toThrow('test/db: engine.port must be an integer, got nothing');
  });

  test('a custom engine with a relative data path is rejected', () => {
    expect(() => synth({ engine: { ...engine, dataPath: 'data' }, image: 'cockroachdb/cockroach:v24.2.0' }))
      .toThrow("test/db: engine.dataPath must be an absolute path such as '/var/log' (no '.' or '..', no '//', no trailing '/'), got 'data'");
  });
});
