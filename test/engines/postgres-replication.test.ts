import * as fs from 'fs';
import * as path from 'path';
import { StatefulDatabase, StatefulDatabaseProps } from '../../lib';
import { Manifest } from '../../lib/manifests/manifest';
import { synthObjects, testChart } from '../support/manifests';
import { Secrets, startedPod } from './support/kubelet';
import { PostgresMember, installEntrypoint, postgresBinDir, postgresMajor } from './support/postgres';
import { ContainerProcess, GiveUp, eventually, freePort, runCommand, scratchDirectory, serverUser, subdirectory } from './support/processes';

// The postgres preset's read replicas, run from the synthesized manifests (the scripts, server
// arguments and env exactly as the kubelet would start them) against real PostgreSQL servers of the
// Debian package `postgresql` on loopback. Only what must differ outside a pod is replaced: paths,
// the primary's address and the ports (see support/postgres.ts for the image's entrypoint).

const bin = postgresBinDir();
const user = serverUser();
const secrets: Secrets = { 'orders-db-credentials': { username: 'orders', password: 'app-password', replication: 'replication-password' } };
const props: StatefulDatabaseProps = {
  name: 'orders-db',
  engine: 'postgres',
  image: 'postgres:16.4',
  credentials: { secret: 'orders-db-credentials', replicationPasswordKey: 'replication' },
  databaseName: 'orders',
};

function synth(extra: Partial<StatefulDatabaseProps> = {}): Manifest[] {
  const chart = testChart('data');
  new StatefulDatabase(chart, 'db', { ...props, ...extra });
  return synthObjects(chart);
}

/** The scratch root, the PATH the containers get, and every server started, for cleanup. */
class Machine {
  public readonly root = scratchDirectory(user);
  public readonly path: string;
  private readonly started: PostgresMember[] = [];

  constructor() {
    const entrypoint = subdirectory(this.root, 'image', user);
    installEntrypoint(entrypoint);
    this.path = [bin, entrypoint, '/usr/bin', '/bin'].join(':');
  }

  /** A member with its own volume and socket directory. */
  public async member(objects: Manifest[], statefulSet: string, primaryPort?: number, volume?: string): Promise<PostgresMember> {
    const pod = startedPod(objects, statefulSet, 0, secrets);
    const port = await freePort();
    const member = new PostgresMember(pod, {
      volume: volume ?? subdirectory(this.root, `${pod.name}-volume`, user),
      socketDir: subdirectory(this.root, `${pod.name}-run-${port}`, user),
      port,
      primaryPort: primaryPort ?? port,
    }, this.path, user);
    this.started.push(member);
    return member;
  }

  public async cleanUp(): Promise<void> {
    for (const member of this.started.reverse()) {
      if (member.server?.running) await member.server.stop('SIGINT').catch(() => member.server?.kill());
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** Waits until the member accepts queries. */
function ready(member: PostgresMember): Promise<string> {
  return eventually(`${member.pod.name} to accept queries\n${member.server?.output ?? ''}`, () => {
    if (member.server && !member.server.running) throw new GiveUp(`${member.pod.name} exited:\n${member.server.output}`);
    return member.psql('SELECT 1').status === 0 ? 'ready' : undefined;
  });
}

/** Waits until the primary reports the replica's WAL receiver streaming, and returns its row. */
function streaming(primary: PostgresMember, replica: PostgresMember): Promise<string> {
  return eventually(`${replica.pod.name} to stream from the primary\n${replica.server?.output ?? ''}`, () => {
    const row = primary.query(`SELECT application_name, usename, state FROM pg_stat_replication WHERE application_name = '${replica.pod.name}'`);
    return row.endsWith('|streaming') ? row : undefined;
  });
}

/** Waits until a query on the replica returns the expected text. */
function replicated(replica: PostgresMember, sql: string, expected: string): Promise<string> {
  return eventually(`${replica.pod.name} to return ${expected} for ${sql}`, () => (replica.query(sql) === expected ? expected : undefined));
}

describe(`postgres read replicas on PostgreSQL ${postgresMajor(bin)}`, () => {
  const objects = synth({ replication: { readReplicas: 1 } });
  let machine: Machine;
  let primary: PostgresMember;
  let replica: PostgresMember;

  beforeAll(async () => {
    machine = new Machine();
    primary = await machine.member(objects, 'orders-db');
    primary.runInitContainers();
    primary.start();
    await ready(primary);
    await eventually('the replication role', () => (primary.query('SELECT rolreplication FROM pg_roles WHERE rolname = \'replicator\'') === 't' ? true : undefined));
    replica = await machine.member(objects, 'orders-db-read', primary.place.port);
  });

  afterAll(() => machine?.cleanUp());

  test('the primary\'s init container leaves its volume to the server', () => {
    expect(primary.runInitContainers().map((r) => r.stdout + r.stderr)).toEqual(['']);
  });

  test('a replica with an empty volume clones the primary in its init container', () => {
    const [clone] = replica.runInitContainers();
    expect(clone.stdout).toContain(`cloned 127.0.0.1 into ${replica.pgdata}`);
    expect(fs.readFileSync(path.join(replica.pgdata, 'PG_VERSION'), 'utf8').trim()).toBe(String(postgresMajor(bin)));
  });

  test('the replica streams from the primary as the replication role, named after its pod', async () => {
    replica.start();
    await ready(replica);
    expect(await streaming(primary, replica)).toBe('orders-db-read-0|replicator|streaming');
  });

  test('the replica runs as a hot standby', () => {
    expect(replica.query('SELECT pg_is_in_recovery()')).toBe('t');
    expect(primary.query('SELECT pg_is_in_recovery()')).toBe('f');
  });

  test('a row written on the primary is read on the replica', async () => {
    primary.query('CREATE TABLE orders (id int PRIMARY KEY, item text)');
    primary.query('INSERT INTO orders VALUES (1, \'kettle\')');
    expect(await replicated(replica, 'SELECT item FROM orders WHERE id = 1', 'kettle')).toBe('kettle');
  });

  test('the replica refuses writes', () => {
    const result = replica.psql('INSERT INTO orders VALUES (2, \'teapot\')');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('cannot execute INSERT in a read-only transaction');
  });

  test('replication connections need the replication role\'s password from the Secret', () => {
    const identify = (password: string): ReturnType<typeof runCommand> => runCommand('psql', [
      `host=127.0.0.1 port=${primary.place.port} user=replicator dbname=replication replication=true password=${password}`,
      '--no-psqlrc', '-c', 'IDENTIFY_SYSTEM',
    ], { PATH: machine.path }, user);
    expect(identify('wrong').stderr).toContain('password authentication failed for user "replicator"');
    expect(identify(secrets['orders-db-credentials'].replication).status).toBe(0);
  });

  test('the database\'s own user gets no replication connection', () => {
    const result = runCommand('psql', [
      `host=127.0.0.1 port=${primary.place.port} user=orders dbname=replication replication=true password=app-password`,
      '--no-psqlrc', '-c', 'IDENTIFY_SYSTEM',
    ], { PATH: machine.path }, user);
    expect(result.stderr).toContain('no pg_hba.conf entry for replication connection');
  });

  test('a restarted replica catches up on what it missed, without a new clone', async () => {
    const marker = path.join(replica.pgdata, 'kept-across-restarts');
    fs.writeFileSync(marker, 'the same data directory');
    expect(await replica.server!.stop('SIGINT')).toBe(0);
    primary.query('INSERT INTO orders VALUES (3, \'toaster\')');

    const [clone] = replica.runInitContainers();
    expect(clone.stdout).toContain('holds data: resuming replication without a new clone');
    replica.start();
    await ready(replica);
    expect(await replicated(replica, 'SELECT item FROM orders WHERE id = 3', 'toaster')).toBe('toaster');
    expect(fs.readFileSync(marker, 'utf8')).toBe('the same data directory');
  });

  test('the primary shuts down cleanly when its container is stopped (SIGTERM passed on as a fast shutdown)', async () => {
    await replica.server!.stop('SIGINT');
    expect(await primary.server!.stop('SIGTERM')).toBe(0);
    expect(primary.server!.output).toContain('received fast shutdown request');
    expect(primary.server!.output).toContain('database system is shut down');
  });
});

describe(`turning replication on for an existing single database on PostgreSQL ${postgresMajor(bin)}`, () => {
  let machine: Machine;
  let single: ContainerProcess;

  beforeAll(() => {
    machine = new Machine();
  });

  afterAll(() => machine?.cleanUp());

  test('the primary creates the replication role on its existing data and a new replica clones it', async () => {
    const before = await machine.member(synth(), 'orders-db');
    single = before.start();
    await ready(before);
    before.query('CREATE TABLE orders (id int PRIMARY KEY, item text)');
    before.query('INSERT INTO orders VALUES (1, \'kettle\')');
    expect(await single.stop('SIGINT')).toBe(0);

    const after = synth({ replication: { readReplicas: 1 } });
    const primary = await machine.member(after, 'orders-db', undefined, before.place.volume);
    primary.runInitContainers();
    primary.start();
    await ready(primary);
    const replica = await machine.member(after, 'orders-db-read', primary.place.port);
    await eventually('the replication role', () => (primary.query('SELECT rolreplication FROM pg_roles WHERE rolname = \'replicator\'') === 't' ? true : undefined));
    replica.runInitContainers();
    replica.start();
    await ready(replica);
    expect(await replicated(replica, 'SELECT item FROM orders WHERE id = 1', 'kettle')).toBe('kettle');
  });
});

describe(`rebuilding a lost primary from a replica, as the docs describe, on PostgreSQL ${postgresMajor(bin)}`, () => {
  const objects = synth({ replication: { readReplicas: 1 } });
  let machine: Machine;

  beforeAll(() => {
    machine = new Machine();
  });

  afterAll(() => machine?.cleanUp());

  test('a primary with a new volume gets the replica\'s data through pg_dumpall, and the replica clones it again', async () => {
    const lost = await machine.member(objects, 'orders-db');
    lost.start();
    await ready(lost);
    await eventually('the replication role', () => (lost.query('SELECT rolreplication FROM pg_roles WHERE rolname = \'replicator\'') === 't' ? true : undefined));
    lost.query('CREATE TABLE orders (id int PRIMARY KEY, item text)');
    lost.query('INSERT INTO orders VALUES (1, \'kettle\')');
    const replica = await machine.member(objects, 'orders-db-read', lost.place.port);
    replica.runInitContainers();
    replica.start();
    await replicated(replica, 'SELECT item FROM orders WHERE id = 1', 'kettle');
    await lost.server!.stop('SIGINT');

    // 2. The primary with a new, empty volume; the replica keeps serving what it has.
    const primary = new PostgresMember(lost.pod, { ...lost.place, volume: subdirectory(machine.root, 'orders-db-0-new-volume', user) }, machine.path, user);
    primary.start();
    await ready(primary);
    expect(primary.query('SELECT count(*) FROM pg_tables WHERE tablename = \'orders\'')).toBe('0');
    expect(replica.query('SELECT item FROM orders WHERE id = 1')).toBe('kettle');

    // 3. The replica's data into the primary, with the docs' commands.
    const dump = replica.exec(['sh', '-c', 'pg_dumpall -U "$POSTGRES_USER" --clean --if-exists']);
    expect(dump.status).toBe(0);
    expect(primary.exec(['sh', '-c', 'psql -U "$POSTGRES_USER" -d postgres'], dump.stdout).status).toBe(0);
    expect(primary.query('SELECT item FROM orders WHERE id = 1')).toBe('kettle');

    // 4. The replica cloned again from the rebuilt primary.
    await replica.server!.stop('SIGINT');
    const recloned = new PostgresMember(replica.pod, { ...replica.place, volume: subdirectory(machine.root, 'orders-db-read-0-new-volume', user) }, machine.path, user);
    recloned.runInitContainers();
    recloned.start();
    primary.query('INSERT INTO orders VALUES (2, \'teapot\')');
    expect(await replicated(recloned, 'SELECT item FROM orders WHERE id = 2', 'teapot')).toBe('teapot');
    await recloned.server!.stop('SIGINT');
    await primary.server!.stop('SIGINT');
  });
});
