import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { hardenedSecurity } from '../../lib/core/security';

const scope = (): Construct => new Construct(Testing.app(), 'api');

describe('hardened security contexts', () => {
  test('pod defaults: non-root uid/gid/fsGroup 10001, RuntimeDefault seccomp', () => {
    expect(hardenedSecurity(scope()).pod).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('container defaults: no escalation, not privileged, read-only root, drop ALL', () => {
    expect(hardenedSecurity(scope()).container).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('defaults need only the restricted level', () => {
    expect(hardenedSecurity(scope()).level).toBe('restricted');
    expect(hardenedSecurity(scope(), { addCapabilities: ['NET_BIND_SERVICE'] }).level).toBe('restricted');
  });

  test('running as root is an explicit opt-in and needs the baseline level', () => {
    const root = hardenedSecurity(scope(), { allowRunAsRoot: true });
    expect(root.pod).toMatchObject({ runAsNonRoot: false, runAsUser: 0, runAsGroup: 0 });
    expect(root.level).toBe('baseline');
    expect(() => hardenedSecurity(scope(), { runAsUser: 0 })).toThrow('api: security.runAsUser must be a non-zero uid (set allowRunAsRoot to run as root), got 0');
  });

  test('unsafe capabilities lower the level: baseline within its list, privileged beyond', () => {
    expect(hardenedSecurity(scope(), { unsafeCapabilities: ['CHOWN'] }).level).toBe('baseline');
    expect(hardenedSecurity(scope(), { unsafeCapabilities: ['SYS_ADMIN'] }).level).toBe('privileged');
    expect(hardenedSecurity(scope(), { unsafePrivileged: true }).container).toMatchObject({ privileged: true, allowPrivilegeEscalation: true });
  });

  test('only NET_BIND_SERVICE may be added without an unsafe prop', () => {
    expect(() => hardenedSecurity(scope(), { addCapabilities: ['SYS_ADMIN' as never] })).toThrow(
      'api: security.addCapabilities[0] must be \'NET_BIND_SERVICE\' (use unsafeCapabilities for others), got \'SYS_ADMIN\'',
    );
  });
});
