import { Testing } from 'cdk8s';
import { buildMonitoring } from '../../apps/monitoring';
import { Environment, checkManifests, checkPodSecurity } from '../../lib';
import { expectValidOutput, single, synthObjects } from '../support/manifests';

/* eslint-disable @typescript-eslint/no-explicit-any */
describe('the example stack\'s log shipper', () => {
  const env = new Environment(Testing.app(), 'monitoring', { name: 'monitoring', environment: 'prod' });
  const daemon = buildMonitoring(env);
  const objects = synthObjects(env);
  const pod = single<any>(objects, 'DaemonSet', 'log-shipper').spec.template.spec;

  test('emits its DaemonSet, ServiceAccount, ClusterRole and ClusterRoleBinding', () => {
    for (const kind of ['DaemonSet', 'ServiceAccount']) expect(single(objects, kind, 'log-shipper')).toBeDefined();
    for (const kind of ['ClusterRole', 'ClusterRoleBinding']) expect(single(objects, kind, 'monitoring-log-shipper')).toBeDefined();
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
