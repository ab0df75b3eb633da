import { StatefulDatabase, Task, WebApp } from '../../lib';
import { pathVolumeName } from '../../lib/core/pod';
import { shipshapeErrorOf, testChart } from '../support/manifests';

const image = 'ghcr.io/acme/api:1.4.2';

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

describe('mount paths are unique per container, and the error names the prop the user set', () => {
  test('a claim on the config files directory', () => {
    const error = shipshapeErrorOf(() => new Task(testChart(), 'migrate', {
      name: 'migrate', image,
      config: { files: { 'migrate.yaml': 'steps: 3' } },
      volumes: [{ claimName: 'data', mountPath: '/etc/migrate' }],
    }));
    expect(error.message).toBe('test/migrate: volumes[0].mountPath must be a path no other volume is mounted at (config.mountPath mounts /etc/migrate), got \'/etc/migrate\'');
  });

  test('config files mounted at /tmp', () => {
    const error = shipshapeErrorOf(() => new WebApp(testChart(), 'api', { name: 'api', image, port: 8080, config: { files: { 'a.conf': 'x' }, mountPath: '/tmp' } }));
    expect(error.message).toBe('test/api: config.mountPath must be a path no other volume is mounted at (the scratch directory /tmp mounts /tmp), got \'/tmp\'');
  });

  test('two Secrets mounted at one path', () => {
    const error = shipshapeErrorOf(() => new WebApp(testChart(), 'api', {
      name: 'api', image, port: 8080,
      secrets: { files: [{ secretName: 'a', mountPath: '/etc/tls' }, { secretName: 'b', mountPath: '/etc/tls' }] },
    }));
    expect(error.message).toBe('test/api: secrets.files[1].mountPath must be a path no other volume is mounted at (secrets.files[0].mountPath mounts /etc/tls), got \'/etc/tls\'');
  });

  test('a volume claim on an engine\'s writable path', () => {
    const error = shipshapeErrorOf(() => new StatefulDatabase(testChart(), 'db', {
      name: 'db', image: 'postgres:16.4', engine: 'postgres', credentials: { secret: 'db' },
      volumeClaims: [{ name: 'run', mountPath: '/var/run/postgresql', size: '1Gi' }],
    }));
    expect(error.message).toBe('test/db: volumeClaims[0].mountPath must be a path no other volume is mounted at (the postgres preset\'s writable path /var/run/postgresql mounts /var/run/postgresql), got \'/var/run/postgresql\'');
  });

  test('a writable path over the root directory', () => {
    const error = shipshapeErrorOf(() => new WebApp(testChart(), 'api', { name: 'api', image, port: 8080, writablePaths: { '/': '1Gi' } }));
    expect(error.message).toBe('test/api: writablePaths./ must be a directory below \'/\' (an emptyDir over the root would hide the image), got \'/\'');
  });
});
