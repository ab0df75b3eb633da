import { Task } from '../../lib';
import { mountedPaths, pathVolumeName } from '../../lib/core/pod';
import { shipshapeErrorOf, testChart } from '../support/manifests';

describe('volume names for paths', () => {
  test('are readable slugs of the path, with an optional prefix', () => {
    expect(pathVolumeName('/var/run/postgresql', new Set())).toBe('var-run-postgresql');
    expect(pathVolumeName('/var/log', new Set(), 'host')).toBe('host-var-log');
  });

  test('get a number when the name is taken, and never take the config or secret volume names', () => {
    const taken = new Set<string>();
    expect(pathVolumeName('/var/run', taken)).toBe('var-run');
    expect(pathVolumeName('/var-run', taken)).toBe('var-run-2');
    expect(pathVolumeName('/config', taken)).toBe('config-2');
    expect(pathVolumeName('/secret/0', taken)).toBe('secret-0-2');
  });
});

describe('mounted paths', () => {
  test('list /tmp, writable paths, config files, Secret files and shared volumes', () => {
    expect(mountedPaths('api', {
      image: 'ghcr.io/acme/api:1.0.0',
      writablePaths: { '/cache': '1Gi' },
      config: { files: { 'a.yaml': 'a: 1' } },
      secrets: { files: [{ secretName: 'tls', mountPath: '/etc/tls' }] },
      sharedMounts: [{ volume: 'rendered', mountPath: '/etc/rendered' }],
    })).toEqual(['/tmp', '/cache', '/etc/api', '/etc/tls', '/etc/rendered']);
  });

  test('keep a claim off the config files directory', () => {
    const error = shipshapeErrorOf(() => new Task(testChart(), 'migrate', {
      name: 'migrate', image: 'ghcr.io/acme/api:1.4.2',
      config: { files: { 'migrate.yaml': 'steps: 3' } },
      volumes: [{ claimName: 'data', mountPath: '/etc/migrate' }],
    }));
    expect(error.message).toBe('test/migrate: volumes[0].mountPath must be a path not already mounted (by /tmp, writablePaths or another volume), got \'/etc/migrate\'');
  });
});
