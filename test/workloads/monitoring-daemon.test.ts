import { Chart, Testing } from 'cdk8s';
import { MonitoringDaemon, MonitoringDaemonProps, HealthProbe, WebApp } from '../../lib';
import { checkManifests, checkPodSecurity } from '../../lib/policy';
import { Manifest } from '../../lib/manifests/manifest';
import { expectValidOutput, ofKind, single, synthObjects, testChart, testEnvironment, withoutEnvironmentObjects } from '../support/manifests';

const minimal = { name: 'agent', image: 'ghcr.io/acme/agent:2.0.1' };

// Host access needs an Environment, which labels its namespace to match the daemon.
const needsHost = (props: Partial<MonitoringDaemonProps>): boolean => (props.hostMounts ?? []).length > 0 || props.unsafeHostNetwork === true || props.unsafeHostPID === true || props.preset !== undefined;

function build(props: Partial<MonitoringDaemonProps> = {}, namespace: string | undefined = 'monitoring'): { chart: Chart; daemon: MonitoringDaemon } {
  const chart = namespace !== undefined && needsHost(props) ? testEnvironment(namespace) : testChart(namespace);
  const daemon = new MonitoringDaemon(chart, 'agent', { ...minimal, ...props });
  return { chart, daemon };
}

function synth(props: Partial<MonitoringDaemonProps> = {}, namespace?: string): Manifest[] {
  return withoutEnvironmentObjects(synthObjects(build(props, namespace).chart));
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const daemonSetOf = (objects: Manifest[]): any => single(objects, 'DaemonSet');
const podOf = (objects: Manifest[]): any => daemonSetOf(objects).spec.template.spec;
const containerOf = (objects: Manifest[]): any => podOf(objects).containers[0];
const kinds = (objects: Manifest[]): string[] => objects.map((o) => `${o.kind}/${o.metadata?.name}`).sort();

describe('MonitoringDaemon defaults (name and image only)', () => {
  const objects = synth();

  test('emits a ServiceAccount, DaemonSet and NetworkPolicy, and no Service or RBAC', () => {
    expect(kinds(objects)).toEqual(['DaemonSet/agent', 'NetworkPolicy/agent', 'ServiceAccount/agent']);
  });

  test('every object is schema-valid and the pod passes PSS restricted', () => {
    expectValidOutput(objects);
  });

  test('rolling updates replace one node\'s pod at a time, never two pods on a node', () => {
    expect(daemonSetOf(objects).spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  });

  test('minReadySeconds is 0 and 10 revisions are kept', () => {
    expect(daemonSetOf(objects).spec.minReadySeconds).toBe(0);
    expect(daemonSetOf(objects).spec.revisionHistoryLimit).toBe(10);
  });

  test('selects its pods by name, instance and component only', () => {
    expect(daemonSetOf(objects).spec.selector).toEqual({ matchLabels: {
      'app.kubernetes.io/name': 'agent', 'app.kubernetes.io/instance': 'agent', 'app.kubernetes.io/component': 'daemon',
    } });
  });

  test('has no tolerations, so it stays off tainted control-plane nodes', () => {
    expect(podOf(objects).tolerations).toBeUndefined();
  });

  test('has no node selector, node affinity or priority class', () => {
    expect(podOf(objects).nodeSelector).toBeUndefined();
    expect(podOf(objects).affinity).toBeUndefined();
    expect(podOf(objects).priorityClassName).toBeUndefined();
  });

  test('shares nothing with the node: no hostPath, host network, host PID or host-access annotation', () => {
    expect(podOf(objects).volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
    expect(podOf(objects).hostNetwork).toBeUndefined();
    expect(podOf(objects).hostPID).toBeUndefined();
    expect(daemonSetOf(objects).spec.template.metadata.annotations).toBeUndefined();
  });

  test('runs non-root as uid/gid 10001 with RuntimeDefault seccomp', () => {
    expect(podOf(objects).securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('the container drops ALL, forbids escalation and has a read-only root', () => {
    expect(containerOf(objects).securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('resources default to the micro preset, limits included', () => {
    expect(containerOf(objects).resources).toEqual({
      requests: { 'cpu': '50m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '200m', 'memory': '64Mi', 'ephemeral-storage': '256Mi' },
    });
  });

  test('the ServiceAccount token is not mounted', () => {
    expect(podOf(objects).automountServiceAccountToken).toBe(false);
    expect(single(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  test('without a metrics port there are no ports and no probes', () => {
    expect(containerOf(objects).ports).toBeUndefined();
    expect(containerOf(objects).readinessProbe).toBeUndefined();
    expect(containerOf(objects).livenessProbe).toBeUndefined();
  });

  test('the NetworkPolicy admits nothing and allows DNS egress only', () => {
    const policy = single<any>(objects, 'NetworkPolicy');
    expect(policy.spec.ingress).toEqual([]);
    expect(policy.spec.egress).toHaveLength(1);
    expect(policy.spec.egress[0].ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
  });

  test('gives the pods 30 s to flush before SIGKILL', () => {
    expect(podOf(objects).terminationGracePeriodSeconds).toBe(30);
  });

  test('needs PSS restricted', () => {
    expect(build().daemon.podSecurityLevel).toBe('restricted');
  });

  test('snapshot', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('MonitoringDaemon scheduling', () => {
  test('includeControlPlane tolerates the control-plane NoSchedule taint, and nothing else', () => {
    expect(podOf(synth({ includeControlPlane: true })).tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  test('tolerateAllTaints tolerates every taint with one keyless Exists toleration', () => {
    expect(podOf(synth({ tolerateAllTaints: true })).tolerations).toEqual([{ operator: 'Exists' }]);
  });

  test('typed tolerations render as declared, before the control-plane one', () => {
    const objects = synth({
      includeControlPlane: true,
      tolerations: [
        { key: 'dedicated', value: 'monitoring', effect: 'NoSchedule' },
        { key: 'example.com/flaky', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    });
    expect(podOf(objects).tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'monitoring', effect: 'NoSchedule' },
      { key: 'example.com/flaky', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expectValidOutput(objects);
  });

  test('nodeSelector and nodeAffinity target a subset of nodes', () => {
    const objects = synth({
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      nodeAffinity: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large', 'm5.xlarge'] }, { key: 'spot', operator: 'DoesNotExist' }],
    });
    expect(podOf(objects).nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(podOf(objects).affinity).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [
      { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large', 'm5.xlarge'] },
      { key: 'spot', operator: 'DoesNotExist' },
    ] }] } } });
    expectValidOutput(objects);
  });

  test('priorityClassName is passed through', () => {
    expect(podOf(synth({ priorityClassName: 'system-node-critical' })).priorityClassName).toBe('system-node-critical');
  });

  test('maxUnavailable, maxSurge and minReadySeconds are configurable', () => {
    const ds = daemonSetOf(synth({ maxUnavailable: '10%', maxSurge: 1, minReadySeconds: 15 }));
    expect(ds.spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: '10%', maxSurge: 1 });
    expect(ds.spec.minReadySeconds).toBe(15);
  });
});

describe('MonitoringDaemon host access', () => {
  const mounts = [{ hostPath: '/var/log' }, { hostPath: '/proc', mountPath: '/host/proc', type: 'Directory' as const }];

  test('each host path becomes a hostPath volume mounted read-only', () => {
    const objects = synth({ hostMounts: mounts });
    expect(podOf(objects).volumes.slice(1)).toEqual([
      { name: 'host-var-log', hostPath: { path: '/var/log' } },
      { name: 'host-proc', hostPath: { path: '/proc', type: 'Directory' } },
    ]);
    expect(containerOf(objects).volumeMounts.slice(1)).toEqual([
      { name: 'host-var-log', mountPath: '/var/log', readOnly: true },
      { name: 'host-proc', mountPath: '/host/proc', readOnly: true },
    ]);
  });

  test('unsafeWritable makes that one mount writable', () => {
    const objects = synth({ hostMounts: [{ hostPath: '/var/log' }, { hostPath: '/var/lib/agent', unsafeWritable: true }] });
    expect(containerOf(objects).volumeMounts.slice(1).map((m: any) => m.readOnly)).toEqual([true, false]);
  });

  test('the pod template declares its host access in the shipshape.dev/host-access annotation', () => {
    const objects = synth({ hostMounts: mounts, unsafeHostPID: true });
    expect(daemonSetOf(objects).spec.template.metadata.annotations).toEqual({
      'shipshape.dev/host-access': '/var/log (read-only), /proc (read-only), host PID',
    });
    const undeclared = checkManifests(objects).findings.filter((f) => f.ruleId === 'host-access-undeclared');
    expect(undeclared).toEqual([]);
  });

  test('unsafeHostNetwork uses the node network and keeps cluster DNS', () => {
    const pod = podOf(synth({ unsafeHostNetwork: true }));
    expect(pod.hostNetwork).toBe(true);
    expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(pod.hostPID).toBeUndefined();
  });

  test('unsafeHostPID shares the node\'s process namespace', () => {
    const pod = podOf(synth({ unsafeHostPID: true }));
    expect(pod.hostPID).toBe(true);
    expect(pod.hostNetwork).toBeUndefined();
  });

  test('with host mounts every restricted control holds except the hostPath volumes themselves', () => {
    const objects = synth({ hostMounts: mounts });
    expectValidOutput(objects, 'privileged');
    const findings = checkPodSecurity(objects, 'restricted');
    expect(findings.map((f) => f.ruleId)).toEqual(['pss-host-path']);
  });
});

describe('MonitoringDaemon podSecurityLevel', () => {
  const cases: [string, string, Partial<MonitoringDaemonProps>][] = [
    ['no host access', 'restricted', {}],
    ['a read-only host mount', 'privileged', { hostMounts: [{ hostPath: '/var/log' }] }],
    ['a writable host mount', 'privileged', { hostMounts: [{ hostPath: '/var/lib/agent', unsafeWritable: true }] }],
    ['host network', 'privileged', { unsafeHostNetwork: true }],
    ['host PID', 'privileged', { unsafeHostPID: true }],
    ['host network and host PID', 'privileged', { unsafeHostNetwork: true, unsafeHostPID: true }],
    ['running as root', 'baseline', { security: { allowRunAsRoot: true } }],
    ['a baseline capability', 'baseline', { security: { unsafeCapabilities: ['DAC_OVERRIDE'] } }],
    ['running as root with a host mount', 'privileged', { security: { allowRunAsRoot: true }, hostMounts: [{ hostPath: '/var/log' }] }],
    ['a privileged container', 'privileged', { security: { unsafePrivileged: true } }],
    ['group 0 without host access', 'restricted', { security: { runAsGroup: 0 } }],
    ['the node-metrics preset', 'privileged', { preset: 'node-metrics' }],
    ['the log-shipper preset', 'privileged', { preset: 'log-shipper' }],
  ];

  test.each(cases)('%s needs the %s level', (_, level, props) => {
    const { chart, daemon } = build(props);
    expect(daemon.podSecurityLevel).toBe(level);
    // The computed level is what the policy engine's PSS check agrees the pod passes.
    const objects = synthObjects(chart);
    if (level !== 'privileged') expectValidOutput(objects, level as 'restricted' | 'baseline');
    if (level === 'privileged') expect(checkPodSecurity(objects, 'baseline')).not.toEqual([]);
  });
});

describe('MonitoringDaemon API access', () => {
  test('readCluster becomes get/list/watch on exactly those resources, cluster-wide', () => {
    const objects = synth({ readCluster: ['pods', 'nodes', 'namespaces'] });
    expect(single<any>(objects, 'ClusterRole').rules).toEqual([
      { apiGroups: [''], resources: ['pods', 'nodes', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    ]);
    expectValidOutput(objects);
  });

  test('resources of other API groups and subresources get their own rule per group', () => {
    const objects = synth({ readCluster: ['pods', 'deployments.apps', 'nodes/metrics', 'replicasets.apps'] });
    expect(single<any>(objects, 'ClusterRole').rules).toEqual([
      { apiGroups: [''], resources: ['pods', 'nodes/metrics'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  test('no rule grants a wildcard verb, resource or group', () => {
    const objects = synth({ readCluster: ['pods', 'nodes'], clusterPermissions: [{ resources: ['events'], verbs: ['create', 'patch'] }] });
    const rules = single<any>(objects, 'ClusterRole').rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    const everything = rules.flatMap((r) => [...r.apiGroups, ...r.resources, ...r.verbs]);
    expect(everything.filter((v) => v.includes('*'))).toEqual([]);
    expect(rules[1]).toEqual({ apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] });
  });

  test('the ClusterRoleBinding binds the ClusterRole to the daemon\'s own ServiceAccount', () => {
    const binding = single<any>(synth({ readCluster: ['pods'] }), 'ClusterRoleBinding');
    expect(binding.metadata.name).toBe('agent.monitoring');
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'agent.monitoring' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'agent', namespace: 'monitoring' }]);
  });

  test('granting API access mounts the ServiceAccount token', () => {
    expect(podOf(synth({ readCluster: ['pods'] })).automountServiceAccountToken).toBe(true);
  });

  test('unsafeAllowWildcards lets a wildcard through', () => {
    const objects = synth({ readCluster: ['*.apps'], unsafeAllowWildcards: true });
    expect(single<any>(objects, 'ClusterRole').rules[0]).toEqual({ apiGroups: ['apps'], resources: ['*'], verbs: ['get', 'list', 'watch'] });
  });
});

describe('MonitoringDaemon metrics', () => {
  const objects = synth({ metrics: { port: 9100 } });

  test('the metrics port is a named container port', () => {
    expect(containerOf(objects).ports).toEqual([{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }]);
  });

  test('a headless Service carries the Prometheus scrape annotations', () => {
    const service = single<any>(objects, 'Service');
    expect(service.metadata.name).toBe('agent');
    expect(service.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100', 'prometheus.io/path': '/metrics' });
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.ports).toEqual([{ name: 'metrics', port: 9100, targetPort: 'metrics', protocol: 'TCP' }]);
  });

  test('readiness is an HTTP GET of the metrics path; liveness a TCP check of the port', () => {
    expect(containerOf(objects).readinessProbe).toEqual({
      httpGet: { path: '/metrics', port: 'metrics', scheme: 'HTTP' },
      initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3, successThreshold: 1,
    });
    expect(containerOf(objects).livenessProbe).toEqual({
      tcpSocket: { port: 'metrics' },
      initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 6, successThreshold: 1,
    });
  });

  test('path and port name are configurable, and so are the probes', () => {
    const custom = synth({ metrics: { port: 2020, portName: 'http-metrics', path: '/api/v1/metrics/prometheus' }, readinessProbe: HealthProbe.http('/api/v1/health') });
    expect(single<any>(custom, 'Service').metadata.annotations['prometheus.io/path']).toBe('/api/v1/metrics/prometheus');
    expect(containerOf(custom).readinessProbe.httpGet).toEqual({ path: '/api/v1/health', port: 'http-metrics', scheme: 'HTTP' });
  });

  test('a Prometheus WebApp in another namespace can connect to the metrics port', () => {
    const app = Testing.app();
    const monitoring = new Chart(app, 'monitoring', { namespace: 'monitoring' });
    const observability = new Chart(app, 'observability', { namespace: 'observability' });
    const daemon = new MonitoringDaemon(monitoring, 'agent', { ...minimal, metrics: { port: 9100 } });
    const prometheus = new WebApp(observability, 'prometheus', { name: 'prometheus', image: 'quay.io/prometheus/prometheus:v2.54.1', port: 9090 });
    prometheus.connectTo(daemon);
    const ingress = ofKind(synthObjects(monitoring), 'NetworkPolicy').find((p) => p.metadata?.name === 'agent.from.prometheus.observability') as any;
    expect(ingress.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9100 }]);
    const env = single<any>(synthObjects(observability), 'Deployment').spec.template.spec.containers[0].env;
    expect(env).toEqual([{ name: 'AGENT_HOST', value: 'agent.monitoring.svc.cluster.local' }, { name: 'AGENT_PORT', value: '9100' }]);
  });

  test('snapshot with metrics, host mounts, tolerations and API access', () => {
    const all = synth({
      metrics: { port: 9100 }, hostMounts: [{ hostPath: '/proc', mountPath: '/host/proc' }], includeControlPlane: true,
      readCluster: ['nodes'], priorityClassName: 'system-node-critical',
    });
    expectValidOutput(all, 'privileged');
    expect(all).toMatchSnapshot();
  });
});
