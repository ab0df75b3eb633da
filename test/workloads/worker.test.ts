import { HealthProbe, StatefulDatabase, WebApp, Worker, WorkerProps } from '../../lib';
import { checkManifests } from '../../lib/policy';
import { expectValidOutput, ofKind, shipshapeErrorOf, single, synthObjects, testChart } from '../support/manifests';
import { DeploymentShape, NetworkPolicyShape } from '../support/shapes';

const WORKER: WorkerProps = {
  name: 'order-processor',
  image: 'ghcr.io/acme/order-processor:2.3.0',
  readinessProbe: HealthProbe.none('consumes a queue and serves no traffic'),
  livenessProbe: HealthProbe.heartbeat('/tmp/heartbeat'),
};

function workerObjects(props: Partial<WorkerProps> = {}) {
  const chart = testChart('shop');
  new Worker(chart, 'worker', { ...WORKER, ...props });
  return synthObjects(chart);
}

type WorkerDeployment = DeploymentShape & { spec: { strategy: unknown; minReadySeconds: number; revisionHistoryLimit: number; progressDeadlineSeconds: number } };

describe('Worker defaults', () => {
  const objects = workerObjects();
  const deployment = single<WorkerDeployment>(objects, 'Deployment', 'order-processor');
  const pod = deployment.spec.template.spec;

  test('emits a ServiceAccount, Deployment, PodDisruptionBudget and NetworkPolicy: no Service, no Ingress', () => {
    expect(objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'Deployment', 'PodDisruptionBudget', 'NetworkPolicy']);
  });

  test('every object is schema-valid and the pod passes PSS restricted', () => {
    expectValidOutput(objects);
  });

  test('labels its objects as the worker component', () => {
    expect(deployment.metadata.labels['app.kubernetes.io/component']).toBe('worker');
  });

  test('runs 2 replicas, rolling 25% extra pods at a time and never fewer than desired', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
  });

  test('a new pod must run 10 s before it counts as available, so a crash at start stops the rollout', () => {
    expect(deployment.spec.minReadySeconds).toBe(10);
  });

  test('keeps 10 revisions and reports a stuck rollout after 600 s', () => {
    expect([deployment.spec.revisionHistoryLimit, deployment.spec.progressDeadlineSeconds]).toEqual([10, 600]);
  });

  test('its container declares no port', () => {
    expect(pod.containers[0].ports).toBeUndefined();
  });

  test('the heartbeat liveness probe runs in the container with the liveness timings', () => {
    expect(pod.containers[0].livenessProbe).toEqual({
      exec: { command: ['sh', '-c', '[ -f "$1" ] && [ $(( $(date +%s) - $(stat -c %Y "$1") )) -le "$2" ]', 'heartbeat', '/tmp/heartbeat', '60'] },
      initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 6, successThreshold: 1,
    });
  });

  test('no readiness probe, and the reason recorded on the Deployment for reviewers and the policy check', () => {
    expect(pod.containers[0].readinessProbe).toBeUndefined();
    expect(deployment.metadata.annotations).toEqual({ 'shipshape.dev/suppress': 'probe-readiness: order-processor: consumes a queue and serves no traffic' });
    const report = checkManifests(objects);
    expect([report.errors, report.warnings, report.suppressed.map((f) => [f.ruleId, f.suppressedReason])]).toEqual([0, 0, [['probe-readiness', 'order-processor: consumes a queue and serves no traffic']]]);
  });

  test('is hardened like every Shipshape pod: uid 10001, drop ALL, read-only root, a writable /tmp, the small preset', () => {
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.containers[0].resources).toEqual({
      requests: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
    });
    expect([pod.serviceAccountName, pod.automountServiceAccountToken]).toEqual(['order-processor', false]);
  });

  test('30 s to finish or hand back the message in hand', () => {
    expect((pod as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds).toBe(30);
  });

  test('spreads softly over nodes', () => {
    expect(pod.topologySpreadConstraints).toEqual([expect.objectContaining({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' })]);
    expect(pod.affinity).toMatchObject({ podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [expect.objectContaining({ weight: 100 })] } });
  });

  test('the PDB lets one pod go at a time', () => {
    expect(single<{ spec: unknown }>(objects, 'PodDisruptionBudget').spec).toEqual({
      maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: { matchLabels: { 'app.kubernetes.io/name': 'order-processor', 'app.kubernetes.io/instance': 'order-processor', 'app.kubernetes.io/component': 'worker' } },
    });
  });

  test('the NetworkPolicy admits no ingress at all, and egress to DNS only', () => {
    const policy = single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'order-processor').spec;
    expect(policy.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.ingress).toEqual([]);
    expect(policy.egress).toHaveLength(1);
    expect(policy.egress?.[0].ports).toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
  });

  test('snapshot of the defaults', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('Worker options', () => {
  test('an exec readiness probe gates rollouts, and nothing is suppressed', () => {
    const objects = workerObjects({ readinessProbe: HealthProbe.exec(['test', '-f', '/tmp/ready']) });
    const deployment = single<DeploymentShape>(objects, 'Deployment');
    expect(deployment.spec.template.spec.containers[0].readinessProbe).toEqual({
      exec: { command: ['test', '-f', '/tmp/ready'] }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3, successThreshold: 1,
    });
    expect(deployment.metadata.annotations).toBeUndefined();
    expect(checkManifests(objects).findings).toEqual([]);
  });

  test('autoscales on cpu: the HPA owns the replicas, which the Deployment omits', () => {
    const objects = workerObjects({ autoscaling: { maxReplicas: 8, cpuUtilization: 60 } });
    expect(single<DeploymentShape>(objects, 'Deployment').spec.replicas).toBeUndefined();
    expect(single<{ spec: unknown }>(objects, 'HorizontalPodAutoscaler').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'order-processor' }, minReplicas: 2, maxReplicas: 8,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    });
    expectValidOutput(objects);
  });

  test('one replica gets no PodDisruptionBudget', () => {
    expect(ofKind(workerObjects({ replicas: 1 }), 'PodDisruptionBudget')).toEqual([]);
  });

  test('minReadySeconds and the grace period can be set', () => {
    const deployment = single<WorkerDeployment>(workerObjects({ minReadySeconds: 0, terminationGracePeriodSeconds: 120 }), 'Deployment');
    expect(deployment.spec.minReadySeconds).toBe(0);
    expect((deployment.spec.template.spec as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds).toBe(120);
  });
});

describe('Worker connections', () => {
  const chart = testChart('shop');
  const db = new StatefulDatabase(chart, 'orders-db', { name: 'orders-db', engine: 'postgres', image: 'postgres:16.4', credentials: { secret: 'orders-db' }, databaseName: 'orders' });
  const api = new WebApp(chart, 'api', { name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080 });
  const worker = new Worker(chart, 'worker', WORKER);
  worker.connectTo(db).connectTo(api);
  const objects = synthObjects(chart);

  test('reach a database: egress from the worker, ingress to the database, discovery and credentials in the worker', () => {
    expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'order-processor.to.orders-db').spec.egress).toEqual([{
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db', 'app.kubernetes.io/instance': 'orders-db', 'app.kubernetes.io/component': 'database' } } }],
      ports: [{ port: 5432, protocol: 'TCP' }],
    }]);
    expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'orders-db.from.order-processor').spec.ingress?.[0].ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
    const env = single<DeploymentShape>(objects, 'Deployment', 'order-processor').spec.template.spec.containers[0].env ?? [];
    expect(env.map((e) => e.name)).toEqual(['ORDERS_DB_HOST', 'ORDERS_DB_PORT', 'ORDERS_DB_USER', 'ORDERS_DB_PASSWORD', 'ORDERS_DB_DATABASE', 'API_HOST', 'API_PORT']);
  });

  test('reach a WebApp on its port', () => {
    expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'order-processor.to.api').spec.egress?.[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('a database may grant the worker from its side', () => {
    const other = testChart('shop');
    const target = new StatefulDatabase(other, 'db', { name: 'db', engine: 'redis', image: 'redis:7.2.5', credentials: { secret: 'db' } });
    target.allowFrom(new Worker(other, 'worker', WORKER));
    expect(synthObjects(other).map((o) => o.metadata?.name)).toEqual(expect.arrayContaining(['order-processor.to.db', 'db.from.order-processor']));
  });

  test('the whole set passes schema, PSS restricted and the policy check', () => {
    expectValidOutput(objects);
    expect(checkManifests(objects).errors).toBe(0);
  });
});

describe('Worker rejects bad input', () => {
  const messageOf = (props: Partial<WorkerProps> & Record<string, unknown>): string => shipshapeErrorOf(() => new Worker(testChart(), 'worker', { ...WORKER, ...props })).message;

  test.each<[string, Partial<WorkerProps> & Record<string, unknown>, string]>([
    ['a port', { port: 8080 },
      'test/worker: port must be unset: a Worker serves no port and has no Service (a workload that listens is a WebApp), got 8080'],
    ['no readiness decision', { readinessProbe: undefined },
      'test/worker: readinessProbe must be an exec probe (HealthProbe.exec), or HealthProbe.none(\'why the worker has no readiness to report\'), got nothing'],
    ['an http readiness probe', { readinessProbe: HealthProbe.http('/ready') as never },
      'test/worker: readinessProbe.kind must be an exec probe or HealthProbe.none(reason): a Worker declares no port for an http, tcp or grpc probe, got \'http\''],
    ['a tcp liveness probe', { livenessProbe: HealthProbe.tcp() as never },
      'test/worker: livenessProbe.kind must be an exec probe (HealthProbe.exec or HealthProbe.heartbeat): a Worker declares no port for an http, tcp or grpc probe, got \'tcp\''],
    ['an empty reason for no readiness', { readinessProbe: HealthProbe.none(' ') },
      'test/worker: readinessProbe.reason must be why the container needs no readiness probe, on one line and without \';\', got \' \''],
    ['liveness repeating readiness', { readinessProbe: HealthProbe.heartbeat('/tmp/heartbeat') },
      'test/worker: livenessProbe must be a different check from readinessProbe (e.g. another path or a tcp probe), got exec sh -c [ -f "$1" ] && [ $(( $(date +%s) - $(stat -c %Y "$1") )) -le "$2" ] heartbeat /tmp/heartbeat 60'],
    ['replicas beside autoscaling', { replicas: 3, autoscaling: { maxReplicas: 6 } },
      'test/worker: replicas must be unset when autoscaling is given (the autoscaler owns the replica count), got 3'],
  ])('%s', (_what, props, message) => {
    expect(messageOf(props)).toBe(message);
  });
});
