import { Testing } from 'cdk8s';
import { buildMonitoring } from '../../apps/monitoring';
import { Environment } from '../../lib';
import { checkManifests, checkPodSecurity } from '../../lib/policy';
import { expectValidOutput, single, synthObjects } from '../support/manifests';

/* eslint-disable @typescript-eslint/no-explicit-any */
describe('the example stack\'s log shipper', () => {
  const env = new Environment(Testing.app(), 'monitoring', { name: 'monitoring', environment: 'prod' });
  const daemon = buildMonitoring(env);
  const objects = synthObjects(env);
  const pod = single<any>(objects, 'DaemonSet', 'log-shipper').spec.template.spec;

  test('emits its DaemonSet and ServiceAccount, and a ClusterRole bound to that account that only reads pods and namespaces', () => {
    expect(single<any>(objects, 'DaemonSet', 'log-shipper').spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(single<any>(objects, 'ServiceAccount', 'log-shipper').automountServiceAccountToken).toBe(false);
    expect(single<any>(objects, 'ClusterRole', 'log-shipper.monitoring').rules).toEqual([
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    ]);
    const binding = single<any>(objects, 'ClusterRoleBinding', 'log-shipper.monitoring');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'log-shipper.monitoring' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'log-shipper', namespace: 'monitoring' }]);
  });

  test('every object passes schema validation', () => {
    expectValidOutput(objects, 'privileged');
  });

  test('every PSS restricted control holds except the hostPath volumes themselves', () => {
    expect(checkPodSecurity(objects, 'restricted').map((f) => f.ruleId)).toEqual(['pss-host-path']);
  });

  test('every host mount is read-only', () => {
    const hostVolumes = new Set(pod.volumes.filter((v: any) => v.hostPath).map((v: any) => v.name));
    const hostMounts = pod.containers[0].volumeMounts.filter((m: any) => hostVolumes.has(m.name));
    expect(hostMounts).toHaveLength(2);
    expect(hostMounts.every((m: any) => m.readOnly === true)).toBe(true);
  });

  test('its namespace is labelled privileged, from the daemon\'s computed level', () => {
    expect(daemon.podSecurityLevel).toBe('privileged');
    expect(single<any>(objects, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('the policy engine finds nothing: host access is declared on the pod template', () => {
    expect(checkManifests(objects).findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });
});
