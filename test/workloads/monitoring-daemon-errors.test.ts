import { MonitoringDaemon, MonitoringDaemonPreset, MonitoringDaemonProps, HealthProbe, ShipshapeError, Toleration, WebApp } from '../../lib';
import { testChart } from '../support/manifests';

const minimal = { name: 'agent', image: 'ghcr.io/acme/agent:2.0.1' };

function attempt(props: Partial<MonitoringDaemonProps>, namespace: string | null = 'monitoring'): () => MonitoringDaemon {
  return () => new MonitoringDaemon(testChart(namespace ?? undefined), 'agent', { ...minimal, ...props });
}

describe('MonitoringDaemon rejects invalid tolerations', () => {
  test('operator Exists with a value', () => {
    expect(attempt({ tolerations: [{ key: 'dedicated', operator: 'Exists', value: 'monitoring' }] }))
      .toThrow('test/agent: tolerations[0].value must be unset when operator is \'Exists\' (it matches any value), got \'monitoring\'');
  });

  test('an empty key, which would tolerate every taint', () => {
    expect(attempt({ tolerations: [{ key: '', operator: 'Exists' }] })).toThrow(/test\/agent: tolerations\[0\]\.key must be a qualified name .*, got ''$/);
  });

  test('a key that is not a qualified name', () => {
    expect(attempt({ tolerations: [{ key: 'bad key!', effect: 'NoSchedule' }] })).toThrow(/tolerations\[0\]\.key must be a qualified name .*, got 'bad key!'$/);
  });

  test('an unknown operator', () => {
    expect(attempt({ tolerations: [{ key: 'dedicated', operator: 'Matches' } as unknown as Toleration] }))
      .toThrow('test/agent: tolerations[0].operator must be one of \'Equal\', \'Exists\', got \'Matches\'');
  });

  test('an unknown effect', () => {
    expect(attempt({ tolerations: [{ key: 'dedicated', value: 'x', effect: 'NoRun' } as unknown as Toleration] }))
      .toThrow('test/agent: tolerations[0].effect must be one of \'NoSchedule\', \'PreferNoSchedule\', \'NoExecute\', got \'NoRun\'');
  });

  test('a value that is not a label value', () => {
    expect(attempt({ tolerations: [{ key: 'dedicated', value: 'not valid!' }] })).toThrow(/tolerations\[0\]\.value must be a label value .*, got 'not valid!'$/);
  });

  test('tolerationSeconds without the NoExecute effect', () => {
    expect(attempt({ tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 }] }))
      .toThrow('test/agent: tolerations[0].tolerationSeconds must be unset unless effect is \'NoExecute\' (only NoExecute taints evict), got 60');
  });

  test('tolerateAllTaints together with other tolerations', () => {
    expect(attempt({ tolerateAllTaints: true, includeControlPlane: true }))
      .toThrow('test/agent: tolerateAllTaints must be the only toleration setting (it already tolerates every taint; drop tolerations and includeControlPlane), got true');
  });
});

describe('MonitoringDaemon rejects unsafe or invalid host mounts', () => {
  test('a relative host path', () => {
    expect(attempt({ hostMounts: [{ hostPath: 'var/log' }] }))
      .toThrow('test/agent: hostMounts[0].hostPath must be an absolute path such as \'/var/log\' (no \'.\' or \'..\', no \'//\', no trailing \'/\'), got \'var/log\'');
  });

  test('a host path climbing with ..', () => {
    expect(attempt({ hostMounts: [{ hostPath: '/var/log/../../etc' }] })).toThrow(/hostMounts\[0\]\.hostPath must be an absolute path/);
  });

  test('the node\'s root directory', () => {
    expect(attempt({ hostMounts: [{ hostPath: '/' }] }))
      .toThrow('test/agent: hostMounts[0].hostPath must be a directory below \'/\' (mounting the whole node filesystem gives away the node), got \'/\'');
  });

  test('the same host path twice', () => {
    expect(attempt({ hostMounts: [{ hostPath: '/var/log' }, { hostPath: '/var/log', mountPath: '/logs' }] }))
      .toThrow('test/agent: hostMounts[1].hostPath must be a path not already mounted, got \'/var/log\'');
  });

  test('a mount path that clashes with a writable path', () => {
    expect(attempt({ hostMounts: [{ hostPath: '/var/tmp', mountPath: '/tmp' }] }))
      .toThrow('test/agent: hostMounts[0].mountPath must be a path no other volume is mounted at (the scratch directory /tmp mounts /tmp), got \'/tmp\'');
  });

  test('a host path type that creates paths on the node', () => {
    expect(attempt({ hostMounts: [{ hostPath: '/var/lib/agent', type: 'DirectoryOrCreate' as never }] }))
      .toThrow(/test\/agent: hostMounts\[0\]\.type must be one of 'Directory', 'File', 'Socket', 'CharDevice', 'BlockDevice', got 'DirectoryOrCreate'$/);
  });
});

describe('MonitoringDaemon rejects invalid node targeting', () => {
  test('a node selector key that is not a qualified name', () => {
    expect(attempt({ nodeSelector: { 'bad key': 'x' } })).toThrow(/test\/agent: nodeSelector\.bad key must be a qualified name/);
  });

  test('node affinity In without values', () => {
    expect(attempt({ nodeAffinity: [{ key: 'zone', operator: 'In' }] }))
      .toThrow('test/agent: nodeAffinity[0].values must be at least one value for operator \'In\', got nothing');
  });

  test('node affinity Exists with values', () => {
    expect(attempt({ nodeAffinity: [{ key: 'zone', operator: 'Exists', values: ['a'] }] }))
      .toThrow('test/agent: nodeAffinity[0].values must be unset for operator \'Exists\', got ["a"]');
  });

  test('node affinity Gt with a non-integer', () => {
    expect(attempt({ nodeAffinity: [{ key: 'cores', operator: 'Gt', values: ['many'] }] }))
      .toThrow('test/agent: nodeAffinity[0].values must be exactly one integer for operator \'Gt\', got ["many"]');
  });

  test('a priority class name that is not a DNS subdomain', () => {
    expect(attempt({ priorityClassName: 'System_Critical' })).toThrow(/test\/agent: priorityClassName must be a DNS-1123 subdomain .*, got 'System_Critical'$/);
  });
});

describe('MonitoringDaemon rejects invalid rolling updates', () => {
  test('maxUnavailable and maxSurge both zero', () => {
    expect(attempt({ maxUnavailable: 0 })).toThrow('test/agent: maxUnavailable must be above zero when maxSurge is zero, got 0');
  });

  test('maxSurge with host network', () => {
    expect(attempt({ unsafeHostNetwork: true, maxSurge: 1 }))
      .toThrow('test/agent: maxSurge must be 0 with unsafeHostNetwork (two pods on a node would bind the same ports), got 1');
  });

  test('a malformed percentage', () => {
    expect(attempt({ maxUnavailable: '150%' })).toThrow('test/agent: maxUnavailable must be a non-negative integer or a percentage such as \'25%\', got \'150%\'');
  });

  test('a negative minReadySeconds', () => {
    expect(attempt({ minReadySeconds: -1 })).toThrow('test/agent: minReadySeconds must be an integer from 0 to 2147483647, got -1');
  });
});

describe('MonitoringDaemon rejects invalid API access', () => {
  test('a wildcard resource without unsafeAllowWildcards', () => {
    expect(attempt({ readCluster: ['*.apps'] })).toThrow(/test\/agent\/Access: rules\[0\]\.resources\[0\] must be a name without '\*' \(set unsafeAllowWildcards to grant everything\), got '\*'$/);
  });

  test('a wildcard that covers a shell in pods, even with unsafeAllowWildcards', () => {
    expect(attempt({ readCluster: ['*'], unsafeAllowWildcards: true })).toThrow('test/agent: readCluster[0] must be a grant without \'get\' on pods/exec (it gives a shell in pods, which a daemon is never granted), got \'*\'');
  });

  test('a resource listed twice', () => {
    expect(attempt({ readCluster: ['pods', 'pods'] })).toThrow('test/agent: readCluster[1] must be a resource not already listed, got \'pods\'');
  });

  test('an empty resource', () => {
    expect(attempt({ readCluster: [''] })).toThrow(/test\/agent: readCluster\[0\] must be a resource such as 'pods'/);
  });

  test('API access in a chart without a namespace', () => {
    expect(attempt({ readCluster: ['pods'] }, null))
      .toThrow('test/agent: readCluster must be declared only in a chart with a namespace (the ClusterRoleBinding names the ServiceAccount\'s namespace), got ["pods"]');
  });
});

describe('MonitoringDaemon rejects invalid metrics and presets', () => {
  test('a metrics port out of range', () => {
    expect(attempt({ metrics: { port: 70000 } })).toThrow('test/agent: metrics.port must be an integer from 1 to 65535, got 70000');
  });

  test('a metrics path without a leading slash', () => {
    expect(attempt({ metrics: { port: 9100, path: 'metrics' } })).toThrow('test/agent: metrics.path must be an HTTP path starting with \'/\', got \'metrics\'');
  });

  test('a liveness probe identical to readiness', () => {
    expect(attempt({ metrics: { port: 9100 }, livenessProbe: HealthProbe.http('/metrics') })).toThrow(/test\/agent: livenessProbe must be a different check from readinessProbe/);
  });

  test('an unknown preset', () => {
    expect(attempt({ preset: 'tracing' as MonitoringDaemonPreset })).toThrow('test/agent: preset must be one of \'node-metrics\', \'log-shipper\', got \'tracing\'');
  });

  test('connecting to a daemon without a metrics port', () => {
    const chart = testChart('monitoring');
    const daemon = new MonitoringDaemon(chart, 'agent', minimal);
    const prometheus = new WebApp(chart, 'prometheus', { name: 'prometheus', image: 'quay.io/prometheus/prometheus:v2.54.1', port: 9090 });
    expect(() => prometheus.connectTo(daemon)).toThrow('test/agent: metrics must be set to connect to this daemon (its metrics port is the only one it serves), got nothing');
  });

  test('every error is a ShipshapeError', () => {
    expect(attempt({ hostMounts: [{ hostPath: '/' }] })).toThrow(ShipshapeError);
  });
});

describe('MonitoringDaemon host access outside an Environment', () => {
  const expected = 'set only on a daemon created in an Environment (host access needs its namespace labelled \'privileged\', which an Environment does for its own namespace; in a plain Chart the namespace is checked at \'restricted\' and the policy check rejects the pods)';

  test('host mounts in a plain Chart are refused when the daemon is built, not only by the policy check at synth', () => {
    expect(attempt({ hostMounts: [{ hostPath: '/var/log' }] })).toThrow(`test/agent: hostMounts must be ${expected}, got [{"hostPath":"/var/log"}]`);
  });

  test('host network and host PID likewise', () => {
    expect(attempt({ unsafeHostNetwork: true })).toThrow(`test/agent: unsafeHostNetwork must be ${expected}, got true`);
    expect(attempt({ unsafeHostPID: true })).toThrow(`test/agent: unsafeHostPID must be ${expected}, got true`);
  });

  test('a preset that mounts host paths names the preset', () => {
    expect(attempt({ preset: 'node-metrics' })).toThrow(`test/agent: preset must be used only by a daemon created in an Environment (host access needs its namespace labelled 'privileged', which an Environment does for its own namespace; in a plain Chart the namespace is checked at 'restricted' and the policy check rejects the pods): it mounts host paths, got 'node-metrics'`);
  });
});

describe('MonitoringDaemon API access never includes exec-level or credential power', () => {
  test('nodes/proxy in readCluster', () => {
    expect(attempt({ readCluster: ['nodes/proxy'] })).toThrow('test/agent: readCluster[0] must be a grant without \'get\' on nodes/proxy (it gives a shell in pods, which a daemon is never granted), got \'nodes/proxy\'');
  });

  test('creating ServiceAccount tokens in clusterPermissions', () => {
    expect(attempt({ clusterPermissions: [{ resources: ['serviceaccounts/token'], verbs: ['create'] }] }))
      .toThrow('test/agent: clusterPermissions[0] must be a grant without \'create\' on serviceaccounts/token (it gives other ServiceAccounts\' tokens, which a daemon is never granted), got ["serviceaccounts/token"]');
  });
});
