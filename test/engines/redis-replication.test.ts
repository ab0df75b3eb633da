import * as fs from 'fs';
import { StatefulDatabase } from '../../lib';
import { Manifest } from '../../lib/manifests/manifest';
import { synthObjects, testChart } from '../support/manifests';
import { Secrets, startedPod } from './support/kubelet';
import { eventually, freePort, GiveUp, scratchDirectory, serverUser, subdirectory } from './support/processes';
import { RedisMember, installEntrypoint, redisServerBinary } from './support/redis';

// The redis preset's read replicas, run from the synthesized manifests (the script, server
// arguments and env exactly as the kubelet would start them) against real servers of the Debian
// package `redis-server` on loopback. Only the primary's address and the ports are replaced (see
// support/redis.ts for the image's entrypoint).

redisServerBinary();
const user = serverUser();
const secrets: Secrets = { 'sessions-credentials': { password: 'redis-password' } };

function synth(): Manifest[] {
  const chart = testChart('data');
  new StatefulDatabase(chart, 'db', {
    name: 'sessions', engine: 'redis', image: 'redis:7.4.0', credentials: { secret: 'sessions-credentials' }, replication: { readReplicas: 1 },
  });
  return synthObjects(chart);
}

function ready(member: RedisMember): Promise<string> {
  return eventually(`${member.pod.name} to answer PING`, () => {
    if (member.server && !member.server.running) throw new GiveUp(`${member.pod.name} exited:\n${member.server.output}`);
    return member.cli('PING').stdout.trim() === 'PONG' ? 'ready' : undefined;
  });
}

function replicated(replica: RedisMember, key: string, expected: string): Promise<string> {
  // The primary waits a few seconds before a full synchronisation, to serve several replicas at once.
  return eventually(`${key} on ${replica.pod.name}`, () => (replica.cli('GET', key).stdout.trim() === expected ? expected : undefined));
}

describe('redis read replicas', () => {
  const objects = synth();
  let root: string;
  let primary: RedisMember;
  let replica: RedisMember;

  beforeAll(async () => {
    root = scratchDirectory(user);
    const image = subdirectory(root, 'image', user);
    installEntrypoint(image);
    const path = [image, '/usr/bin', '/bin'].join(':');
    const primaryPort = await freePort();
    primary = new RedisMember(startedPod(objects, 'sessions', 0, secrets), subdirectory(root, 'sessions-0', user), primaryPort, primaryPort, path, user);
    replica = new RedisMember(startedPod(objects, 'sessions-read', 0, secrets), subdirectory(root, 'sessions-read-0', user), await freePort(), primaryPort, path, user);
    primary.start();
    await ready(primary);
    replica.start();
    await ready(replica);
  });

  afterAll(async () => {
    for (const member of [replica, primary]) {
      if (member?.server?.running) await member.server.stop('SIGTERM').catch(() => member.server?.kill());
    }
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('the replica follows the primary, authenticated with the Secret\'s password', async () => {
    expect(replica.info('replication', 'role')).toBe('slave');
    expect(await eventually('the link to the primary', () => (replica.info('replication', 'master_link_status') === 'up' ? 'up' : undefined))).toBe('up');
  });

  test('a key written on the primary is read on the replica', async () => {
    expect(primary.cli('SET', 'cart:1', 'kettle').stdout.trim()).toBe('OK');
    expect(await replicated(replica, 'cart:1', 'kettle')).toBe('kettle');
  });

  test('the replica refuses writes', () => {
    expect(replica.cli('SET', 'cart:2', 'teapot').stdout.trim()).toBe('READONLY You can\'t write against a read only replica.');
  });

  test('the primary keeps an append-only file, the replica RDB snapshots only', () => {
    expect(primary.cli('CONFIG', 'GET', 'appendonly').stdout.split('\n')[1]).toBe('yes');
    expect(replica.cli('CONFIG', 'GET', 'appendonly').stdout.split('\n')[1]).toBe('no');
  });

  test('a restarted replica catches up on what it missed with a partial resynchronisation', async () => {
    const fullSyncs = primary.info('stats', 'sync_full');
    const partialSyncs = Number(primary.info('stats', 'sync_partial_ok'));
    expect(await replica.server!.stop('SIGTERM')).toBe(0);
    primary.cli('SET', 'cart:3', 'toaster');

    replica.start();
    await ready(replica);
    expect(await replicated(replica, 'cart:3', 'toaster')).toBe('toaster');
    expect(replica.cli('GET', 'cart:1').stdout.trim()).toBe('kettle');
    expect(primary.info('stats', 'sync_full')).toBe(fullSyncs);
    expect(Number(primary.info('stats', 'sync_partial_ok'))).toBe(partialSyncs + 1);
  });
});

describe('rebuilding a lost redis primary from a replica, as the docs describe', () => {
  const objects = synth();
  let root: string;
  const started: RedisMember[] = [];

  afterAll(async () => {
    for (const member of started.reverse()) {
      if (member.server?.running) await member.server.stop('SIGTERM').catch(() => member.server?.kill());
    }
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('a detached replica keeps its data, the primary with a new volume copies it, and the replica follows again', async () => {
    root = scratchDirectory(user);
    const image = subdirectory(root, 'image', user);
    installEntrypoint(image);
    const path = [image, '/usr/bin', '/bin'].join(':');
    const primaryPort = await freePort();
    const member = (statefulSet: string, volume: string, port: number): RedisMember => {
      const created = new RedisMember(startedPod(objects, statefulSet, 0, secrets), subdirectory(root, volume, user), port, primaryPort, path, user);
      started.push(created);
      return created;
    };
    const lost = member('sessions', 'sessions-0', primaryPort);
    lost.start();
    await ready(lost);
    const replica = member('sessions-read', 'sessions-read-0', await freePort());
    replica.start();
    await ready(replica);
    lost.cli('SET', 'cart:1', 'kettle');
    await replicated(replica, 'cart:1', 'kettle');
    await lost.server!.stop('SIGKILL');

    // 1. Detach the replica before the primary comes back.
    expect(replica.cli('REPLICAOF', 'NO', 'ONE').stdout.trim()).toBe('OK');
    // 2. The primary with a new, empty volume (same name and port).
    const primary = member('sessions', 'sessions-0-new-volume', primaryPort);
    primary.start();
    await ready(primary);
    expect(primary.cli('DBSIZE').stdout.trim()).toBe('0');
    // 3. Copy the data into it, then make it a primary again.
    expect(primary.cli('REPLICAOF', '127.0.0.1', String(replica.port)).stdout.trim()).toBe('OK');
    await eventually('the copy from the replica', () => (primary.info('replication', 'master_link_status') === 'up' ? 'up' : undefined));
    expect(primary.cli('REPLICAOF', 'NO', 'ONE').stdout.trim()).toBe('OK');
    expect(primary.cli('GET', 'cart:1').stdout.trim()).toBe('kettle');
    // 4. Restart the replica: it follows the primary again.
    await replica.server!.stop('SIGTERM');
    replica.start();
    await ready(replica);
    primary.cli('SET', 'cart:2', 'teapot');
    expect(await replicated(replica, 'cart:2', 'teapot')).toBe('teapot');
    expect(replica.cli('GET', 'cart:1').stdout.trim()).toBe('kettle');
  });
});
