import { buildShop } from '../../apps/shop';
import { expectValidOutput, single, synthObjects, testChart } from '../support/manifests';
import { CronJobShape, JobShape, NetworkPolicyShape } from '../support/shapes';

function shopObjects() {
  const chart = testChart('shop');
  buildShop(chart, { replicas: 2, preset: 'small', host: 'shop.example.com' });
  return synthObjects(chart);
}

describe('the example shop: backup and migration', () => {
  const objects = shopObjects();

  test('the whole shop passes schema validation and PSS restricted', () => {
    expectValidOutput(objects);
  });

  test('a nightly backup CronJob with every default visible', () => {
    const spec = single<CronJobShape>(objects, 'CronJob', 'orders-db-backup').spec;
    expect(spec).toMatchObject({
      schedule: '0 2 * * *', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, suspend: false,
    });
    expect(spec.jobTemplate.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 3600 });
    expect(spec.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  test('the backup writes into its own 20Gi ReadWriteOnce claim', () => {
    expect(single<{ spec: unknown }>(objects, 'PersistentVolumeClaim', 'orders-db-backups').spec).toEqual({
      accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } },
    });
    expect(single<CronJobShape>(objects, 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'claim-0', mountPath: '/backup' });
  });

  test('the backup reaches the database through its connection', () => {
    expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'orders-db-backup-to-orders-db').spec).toMatchObject({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db-backup' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db' } } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    });
    expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'orders-db-from-orders-db-backup').spec).toMatchObject({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db-backup' } } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    });
    const env = (single<CronJobShape>(objects, 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].env ?? []).map((e) => e.name);
    expect(env).toEqual(expect.arrayContaining(['ORDERS_DB_HOST', 'ORDERS_DB_PORT', 'ORDERS_DB_USER', 'ORDERS_DB_PASSWORD', 'ORDERS_DB_DATABASE']));
  });

  test('a one-off migration Job, versioned, cleaned up after a day', () => {
    const spec = single<JobShape>(objects, 'Job', 'api-migrate-1-4-2').spec;
    expect(spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 900, ttlSecondsAfterFinished: 86400 });
    expect(spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'api-migrate-1-4-2-to-orders-db').spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/name': 'orders-db' }) } }], ports: [{ port: 5432, protocol: 'TCP' }] },
    ]);
  });
});
