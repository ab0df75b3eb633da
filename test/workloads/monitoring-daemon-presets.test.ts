import { MonitoringDaemon, MonitoringDaemonProps } from '../../lib';
import { checkPodSecurity } from '../../lib/policy';
import { Manifest } from '../../lib/manifests/manifest';
import { expectValidOutput, single, synthObjects, testEnvironment, withoutEnvironmentObjects } from '../support/manifests';

// Every preset mounts host paths: an Environment labels its namespace to match.
function synth(props: Partial<MonitoringDaemonProps>): Manifest[] {
  const chart = testEnvironment('monitoring');
  new MonitoringDaemon(chart, 'agent', { name: 'agent', image: 'ghcr.io/acme/agent:2.0.1', ...props });
  return withoutEnvironmentObjects(synthObjects(chart));
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const podOf = (objects: Manifest[]): any => single<any>(objects, 'DaemonSet').spec.template.spec;
const containerOf = (objects: Manifest[]): any => podOf(objects).containers[0];
const hostMountsOf = (objects: Manifest[]): any[] => containerOf(objects).volumeMounts.filter((m: any) => m.name.startsWith('host-'));

describe('the log-shipper preset (fluent-bit style)', () => {
  const objects = synth({ preset: 'log-shipper' });

  test('emits a DaemonSet, ServiceAccount, ClusterRole, ClusterRoleBinding, metrics Service and NetworkPolicy', () => {
    expect(objects.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'DaemonSet', 'NetworkPolicy', 'Service', 'ServiceAccount']);
  });

  test('mounts /var/log and /var/lib/docker/containers read-only at the same paths', () => {
    expect(hostMountsOf(objects)).toEqual([
      { name: 'host-var-log', mountPath: '/var/log', readOnly: true },
      { name: 'host-var-lib-docker-containers', mountPath: '/var/lib/docker/containers', readOnly: true },
    ]);
  });

  test('runs as non-root uid 10001 with primary group 0, to read root:root 0640 log files', () => {
    expect(podOf(objects).securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 0 });
  });

  test('serves metrics on port 2020 at fluent-bit\'s Prometheus path', () => {
    expect(containerOf(objects).ports).toEqual([{ name: 'metrics', containerPort: 2020, protocol: 'TCP' }]);
    expect(single<any>(objects, 'Service').metadata.annotations['prometheus.io/path']).toBe('/api/v1/metrics/prometheus');
  });

  test('reads pods and namespaces cluster-wide, for metadata enrichment', () => {
    expect(single<any>(objects, 'ClusterRole').rules).toEqual([{ apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }]);
  });

  test('runs on Linux nodes with 128Mi of memory', () => {
    expect(podOf(objects).nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(containerOf(objects).resources.limits.memory).toBe('128Mi');
    expect(containerOf(objects).resources.requests.memory).toBe('128Mi');
  });

  test('every restricted control holds except the hostPath volumes, which are all read-only', () => {
    expectValidOutput(objects, 'privileged');
    expect(checkPodSecurity(objects, 'restricted').map((f) => f.ruleId)).toEqual(['pss-host-path']);
    expect(hostMountsOf(objects).every((m: any) => m.readOnly === true)).toBe(true);
  });

  test('snapshot', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('the node-metrics preset (node-exporter style)', () => {
  const objects = synth({ preset: 'node-metrics' });

  test('mounts /proc and /sys read-only under /host and points the exporter at them', () => {
    expect(hostMountsOf(objects)).toEqual([
      { name: 'host-proc', mountPath: '/host/proc', readOnly: true },
      { name: 'host-sys', mountPath: '/host/sys', readOnly: true },
    ]);
    expect(containerOf(objects).args).toEqual(['--path.procfs=/host/proc', '--path.sysfs=/host/sys']);
  });

  test('serves metrics on port 9100 at /metrics', () => {
    expect(single<any>(objects, 'Service').metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100', 'prometheus.io/path': '/metrics' });
  });

  test('leaves host PID and host network off, and has no API access', () => {
    expect(podOf(objects).hostPID).toBeUndefined();
    expect(podOf(objects).hostNetwork).toBeUndefined();
    expect(objects.filter((o) => o.kind.startsWith('ClusterRole'))).toEqual([]);
    expect(podOf(objects).automountServiceAccountToken).toBe(false);
  });

  test('runs as the default non-root user', () => {
    expect(podOf(objects).securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 });
  });

  test('snapshot', () => {
    expectValidOutput(objects, 'privileged');
    expect(objects).toMatchSnapshot();
  });
});

describe('own props override a preset', () => {
  test('host mounts add to the preset\'s, and the same host path replaces the preset\'s mount', () => {
    const objects = synth({ preset: 'log-shipper', hostMounts: [{ hostPath: '/var/log', mountPath: '/host/log' }, { hostPath: '/var/log/journal', mountPath: '/journal' }] });
    expect(hostMountsOf(objects).map((m: any) => m.mountPath)).toEqual(['/var/lib/docker/containers', '/host/log', '/journal']);
  });

  test('security merges field by field', () => {
    const objects = synth({ preset: 'log-shipper', security: { allowRunAsRoot: true } });
    expect(podOf(objects).securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, runAsGroup: 0 });
  });

  test('readCluster adds resources to the preset\'s', () => {
    const objects = synth({ preset: 'log-shipper', readCluster: ['nodes'] });
    expect(single<any>(objects, 'ClusterRole').rules[0].resources).toEqual(['pods', 'namespaces', 'nodes']);
  });

  test('args replace the preset\'s; metrics and resources merge field by field', () => {
    const objects = synth({ preset: 'node-metrics', args: ['--web.listen-address=:9200'], metrics: { port: 9200 }, resources: { cpu: { limit: '500m' } } });
    expect(containerOf(objects).args).toEqual(['--web.listen-address=:9200']);
    expect(single<any>(objects, 'Service').metadata.annotations['prometheus.io/path']).toBe('/metrics');
    expect(containerOf(objects).ports[0].containerPort).toBe(9200);
    expect(containerOf(objects).resources.limits.cpu).toBe('500m');
  });
});
