import { CronTask, CronTaskProps, PersistentClaim, ShipshapeError, WebApp } from '../../lib';
import { expectValidOutput, ofKind, single, synthObjects, testChart, shipshapeErrorOf } from '../support/manifests';
import { CronJobShape, NetworkPolicyShape } from '../support/shapes';

const base: CronTaskProps = { name: 'nightly', image: 'ghcr.io/acme/report:1.0.0', schedule: '0 2 * * *' };

/** Synthesizes a CronTask (validating the whole output) and returns every object. */
function synth(props: Partial<CronTaskProps> = {}, namespace?: string) {
  const chart = testChart(namespace);
  new CronTask(chart, 'nightly', { ...base, ...props });
  const objects = synthObjects(chart);
  expectValidOutput(objects);
  return objects;
}

function cronJob(props: Partial<CronTaskProps> = {}): CronJobShape {
  return single<CronJobShape>(synth(props), 'CronJob');
}

function errorOf(props: Partial<CronTaskProps>): ShipshapeError {
  return shipshapeErrorOf(() => synth(props));
}

describe('CronTask snapshots', () => {
  test('defaults', () => {
    expect(synth()).toMatchSnapshot();
  });

  test('every option', () => {
    const chart = testChart('jobs');
    const claim = new PersistentClaim(chart, 'reports', { name: 'reports', size: '5Gi', storageClassName: 'standard' });
    new CronTask(chart, 'nightly', {
      ...base,
      schedule: '*/30 8-18 * * MON-FRI',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Replace',
      startingDeadlineSeconds: 600,
      successfulJobsHistoryLimit: 5,
      failedJobsHistoryLimit: 2,
      suspend: true,
      backoffLimit: 0,
      activeDeadlineSeconds: 1800,
      restartPolicy: 'Never',
      command: ['report'],
      args: ['--since', '24h'],
      env: { LOG_LEVEL: 'debug' },
      config: { env: { REPORT_FORMAT: 'pdf' } },
      secrets: { env: { SMTP_PASSWORD: { secretName: 'smtp', key: 'password' } } },
      resources: { preset: 'medium' },
      volumes: [claim.mount('/reports')],
    });
    const objects = synthObjects(chart);
    expectValidOutput(objects);
    expect(objects).toMatchSnapshot();
  });
});

describe('CronTask defaults', () => {
  test('emits a CronJob, a ServiceAccount and a NetworkPolicy, all named after name', () => {
    const objects = synth();
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`).sort()).toEqual(['CronJob/nightly', 'NetworkPolicy/nightly', 'ServiceAccount/nightly']);
  });

  test('concurrencyPolicy is Forbid', () => {
    expect(cronJob().spec.concurrencyPolicy).toBe('Forbid');
  });

  test('startingDeadlineSeconds is 300', () => {
    expect(cronJob().spec.startingDeadlineSeconds).toBe(300);
  });

  test('successfulJobsHistoryLimit is 3', () => {
    expect(cronJob().spec.successfulJobsHistoryLimit).toBe(3);
  });

  test('failedJobsHistoryLimit is 1', () => {
    expect(cronJob().spec.failedJobsHistoryLimit).toBe(1);
  });

  test('suspend is false, written out', () => {
    expect(cronJob().spec.suspend).toBe(false);
  });

  test('no timeZone unless given', () => {
    expect(cronJob().spec).not.toHaveProperty('timeZone');
  });

  test('the jobTemplate sets backoffLimit 2', () => {
    expect(cronJob().spec.jobTemplate.spec.backoffLimit).toBe(2);
  });

  test('the jobTemplate sets no ttlSecondsAfterFinished (the history limits clean up)', () => {
    expect(cronJob().spec.jobTemplate.spec).not.toHaveProperty('ttlSecondsAfterFinished');
  });

  test('the jobTemplate sets no activeDeadlineSeconds unless given', () => {
    expect(cronJob().spec.jobTemplate.spec).not.toHaveProperty('activeDeadlineSeconds');
  });

  test('the pods restart OnFailure', () => {
    expect(cronJob().spec.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  test('the pods carry the hardened security context', () => {
    expect(cronJob().spec.jobTemplate.spec.template.spec.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('the pods use their own ServiceAccount without a token', () => {
    const spec = cronJob().spec.jobTemplate.spec.template.spec;
    expect(spec.serviceAccountName).toBe('nightly');
    expect(spec.automountServiceAccountToken).toBe(false);
  });

  test('the container gets the small resource preset', () => {
    expect(cronJob().spec.jobTemplate.spec.template.spec.containers[0].resources).toEqual({
      requests: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
    });
  });

  test('the container has no probes, and the pods are not spread', () => {
    const spec = cronJob().spec.jobTemplate.spec.template.spec;
    expect(spec.containers[0]).not.toHaveProperty('readinessProbe');
    expect(spec.containers[0]).not.toHaveProperty('livenessProbe');
    expect(spec).not.toHaveProperty('topologySpreadConstraints');
    expect(spec).not.toHaveProperty('affinity');
  });

  test('no PodDisruptionBudget and no Service', () => {
    const objects = synth();
    expect(ofKind(objects, 'PodDisruptionBudget')).toEqual([]);
    expect(ofKind(objects, 'Service')).toEqual([]);
  });

  test('the CronJob, jobTemplate and pods carry the identity labels', () => {
    const spec = cronJob();
    const labels = {
      'app.kubernetes.io/name': 'nightly',
      'app.kubernetes.io/instance': 'nightly',
      'app.kubernetes.io/component': 'cron-task',
      'app.kubernetes.io/part-of': 'nightly',
      'app.kubernetes.io/managed-by': 'shipshape',
      'app.kubernetes.io/version': '1.0.0',
    };
    expect(spec.metadata.labels).toEqual(labels);
    expect(spec.spec.jobTemplate.metadata.labels).toEqual(labels);
    expect(spec.spec.jobTemplate.spec.template.metadata.labels).toEqual(labels);
  });

  test('the NetworkPolicy allows no ingress and only DNS egress', () => {
    const policy = single<{ spec: Record<string, unknown> }>(synth(), 'NetworkPolicy', 'nightly');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'nightly', 'app.kubernetes.io/instance': 'nightly', 'app.kubernetes.io/component': 'cron-task' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      }],
    });
  });
});

describe('CronTask options', () => {
  test('concurrencyPolicy Allow and Replace are opt-ins', () => {
    expect(cronJob({ concurrencyPolicy: 'Allow' }).spec.concurrencyPolicy).toBe('Allow');
    expect(cronJob({ concurrencyPolicy: 'Replace' }).spec.concurrencyPolicy).toBe('Replace');
  });

  test('restartPolicy Never is an opt-in', () => {
    expect(cronJob({ restartPolicy: 'Never' }).spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
  });

  test('activeDeadlineSeconds sets the timeout of each Job', () => {
    expect(cronJob({ activeDeadlineSeconds: 3600 }).spec.jobTemplate.spec.activeDeadlineSeconds).toBe(3600);
  });

  test('command and args reach the container', () => {
    const container = cronJob({ command: ['report'], args: ['--all'] }).spec.jobTemplate.spec.template.spec.containers[0];
    expect(container.command).toEqual(['report']);
    expect(container.args).toEqual(['--all']);
  });

  test('env comes from the ConfigMap and from Secret references', () => {
    const objects = synth({ config: { env: { FORMAT: 'csv' } }, secrets: { env: { API_TOKEN: { secretName: 'report-api', key: 'token' } } } });
    expect(single<{ data: Record<string, string> }>(objects, 'ConfigMap', 'nightly-config').data).toEqual({ FORMAT: 'csv' });
    expect(single<CronJobShape>(objects, 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].env).toEqual([
      { name: 'FORMAT', valueFrom: { configMapKeyRef: { name: 'nightly-config', key: 'FORMAT' } } },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'report-api', key: 'token' } } },
    ]);
  });

  test('a claim is mounted read-write at its path', () => {
    const spec = cronJob({ volumes: [{ claimName: 'backups', mountPath: '/backup' }] }).spec.jobTemplate.spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'claim-0', persistentVolumeClaim: { claimName: 'backups' } });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'claim-0', mountPath: '/backup' });
  });

  test('a claim may be mounted read-only', () => {
    const spec = cronJob({ volumes: [{ claimName: 'backups', mountPath: '/backup', readOnly: true }] }).spec.jobTemplate.spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'claim-0', persistentVolumeClaim: { claimName: 'backups', readOnly: true } });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'claim-0', mountPath: '/backup', readOnly: true });
  });

  test('connectTo adds an egress policy and discovery env', () => {
    const chart = testChart('jobs');
    const api = new WebApp(chart, 'api', { name: 'api', image: 'ghcr.io/acme/api:1.0.0', port: 8080 });
    new CronTask(chart, 'nightly', base).connectTo(api);
    const objects = synthObjects(chart);
    expectValidOutput(objects);
    const egress = single<{ spec: Record<string, unknown> }>(objects, 'NetworkPolicy', 'nightly.to.api');
    expect(egress.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'nightly', 'app.kubernetes.io/instance': 'nightly', 'app.kubernetes.io/component': 'cron-task' } },
      policyTypes: ['Egress'],
      egress: [{
        to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', 'app.kubernetes.io/component': 'web' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
    });
    expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'api.from.nightly').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', 'app.kubernetes.io/component': 'web' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'nightly', 'app.kubernetes.io/instance': 'nightly', 'app.kubernetes.io/component': 'cron-task' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
    });
    expect(single<CronJobShape>(objects, 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].env).toEqual([
      { name: 'API_HOST', value: 'api' },
      { name: 'API_PORT', value: '8080' },
    ]);
  });
});

describe('CronTask invalid input', () => {
  test('a name longer than 52 characters', () => {
    const name = 'a'.repeat(53);
    expect(errorOf({ name }).message).toBe(`test/nightly: name must be at most 52 characters (each Job gets an 11-character suffix), got '${name}'`);
  });

  test('a name of exactly 52 characters is accepted', () => {
    expect(cronJob({ name: 'a'.repeat(52) }).metadata.name).toHaveLength(52);
  });

  test('an unknown concurrencyPolicy', () => {
    expect(errorOf({ concurrencyPolicy: 'Sometimes' as 'Allow' }).message)
      .toBe("test/nightly: concurrencyPolicy must be one of 'Forbid', 'Allow', 'Replace', got 'Sometimes'");
  });

  test('a startingDeadlineSeconds below 10', () => {
    expect(errorOf({ startingDeadlineSeconds: 5 }).message).toBe('test/nightly: startingDeadlineSeconds must be an integer from 10 to 2147483647, got 5');
  });

  test('a negative history limit', () => {
    expect(errorOf({ successfulJobsHistoryLimit: -1 }).message).toBe('test/nightly: successfulJobsHistoryLimit must be an integer from 0 to 2147483647, got -1');
  });

  test('a negative backoffLimit', () => {
    expect(errorOf({ backoffLimit: -1 }).message).toBe('test/nightly: backoffLimit must be an integer from 0 to 2147483647, got -1');
  });

  test('an activeDeadlineSeconds of 0', () => {
    expect(errorOf({ activeDeadlineSeconds: 0 }).message).toBe('test/nightly: activeDeadlineSeconds must be an integer from 1 to 2147483647, got 0');
  });

  test('restartPolicy Always, which Kubernetes rejects for Jobs', () => {
    expect(errorOf({ restartPolicy: 'Always' as 'Never' }).message).toBe("test/nightly: restartPolicy must be one of 'OnFailure', 'Never', got 'Always'");
  });

  test('a suspend that is not a boolean', () => {
    expect(errorOf({ suspend: 'yes' as unknown as boolean }).message).toBe("test/nightly: suspend must be true or false, got 'yes'");
  });

  test('a claim mounted over /tmp', () => {
    expect(errorOf({ volumes: [{ claimName: 'backups', mountPath: '/tmp' }] }).message)
      .toBe("test/nightly: volumes[0].mountPath must be a path no other volume is mounted at (the scratch directory /tmp mounts /tmp), got '/tmp'");
  });

  test('an invalid claim name', () => {
    expect(errorOf({ volumes: [{ claimName: 'Backups', mountPath: '/backup' }] }).prop).toBe('volumes[0].claimName');
  });

  test('a relative claim mount path', () => {
    expect(errorOf({ volumes: [{ claimName: 'backups', mountPath: 'backup' }] }).prop).toBe('volumes[0].mountPath');
  });
});
