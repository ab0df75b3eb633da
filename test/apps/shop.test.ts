import { buildShop } from '../../apps/shop';
import { expectValidOutput, single, synthObjects, testChart } from '../support/manifests';
import { CronJobShape, DeploymentShape, JobShape, NetworkPolicyShape } from '../support/shapes';

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
    expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'orders-db-backup.to.orders-db').spec).toMatchObject({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db-backup' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db' } } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    });
    expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'orders-db.from.orders-db-backup').spec).toMatchObject({
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
    expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'api-migrate-1-4-2.to.orders-db').spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/name': 'orders-db' }) } }], ports: [{ port: 5432, protocol: 'TCP' }] },
    ]);
  });
});

describe('the example shop: the order processor and the API\'s tracing sidecar', () => {
  const objects = shopObjects();

  test('the order processor is a Worker: a Deployment without a Service, checked by its heartbeat', () => {
    const deployment = single<DeploymentShape>(objects, 'Deployment', 'order-processor');
    expect(objects.filter((o) => o.kind === 'Service' && o.metadata?.name === 'order-processor')).toEqual([]);
    expect(deployment.spec.template.spec.containers[0].livenessProbe).toMatchObject({
      exec: { command: ['sh', '-c', expect.any(String), 'heartbeat', '/tmp/heartbeat', '60'] },
    });
    expect(deployment.metadata.annotations).toEqual({
      'shipshape.dev/suppress': 'probe-readiness: order-processor: claims orders from the orders database and serves no traffic',
    });
  });

  test('the order processor reaches the orders database, and nothing reaches it', () => {
    expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'order-processor.to.orders-db').spec.egress?.[0].ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
    expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'orders-db.from.order-processor').spec.ingress?.[0].ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
    expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'order-processor').spec.ingress).toEqual([]);
    const env = (single<DeploymentShape>(objects, 'Deployment', 'order-processor').spec.template.spec.containers[0].env ?? []).map((e) => e.name);
    expect(env).toEqual(['ORDERS_DB_HOST', 'ORDERS_DB_PORT', 'ORDERS_DB_USER', 'ORDERS_DB_PASSWORD', 'ORDERS_DB_DATABASE', 'ORDERS_DB_READ_HOST']);
  });

  test('the API sends its spans to an OpenTelemetry Collector beside it, configured from its own ConfigMap', () => {
    const pod = single<DeploymentShape>(objects, 'Deployment', 'api').spec.template.spec;
    expect(pod.containers.map((c) => c.name)).toEqual(['api', 'otel-collector']);
    expect(pod.containers[0].env).toContainEqual({ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://localhost:4317' });
    const collector = pod.containers[1];
    expect(collector.args).toEqual(['--config=/etc/otel-collector/config.yaml']);
    expect(collector.volumeMounts).toContainEqual({ name: 'otel-collector-config', mountPath: '/etc/otel-collector', readOnly: true });
    expect(collector.readinessProbe).toMatchObject({ httpGet: { path: '/', port: 'otel-health' } });
    expect(objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata?.name)).toEqual(['api-config', 'api-otel-collector-config']);
  });

  test('the collector may reach the tracing backend, and only the API\'s own port is open', () => {
    const policy = single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'api').spec;
    expect(policy.egress).toContainEqual({ to: [{ ipBlock: { cidr: '192.0.2.20/32' } }], ports: [{ port: 4317, protocol: 'TCP' }] });
    expect(policy.ingress).toEqual([{ ports: [{ port: 8080, protocol: 'TCP' }] }]);
  });
});
