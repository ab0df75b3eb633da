import { Chart } from 'cdk8s';
import {
  CronTask, ExtraContainerProps, HealthProbe, MonitoringDaemon, SidecarProps, StatefulDatabase, Task, WebApp, Worker,
} from '../../lib';
import { Manifest } from '../../lib/manifests/manifest';
import { podTemplateOf } from '../../lib/manifests/pod-template';
import { checkManifests } from '../../lib/policy';
import { expectValidOutput, shipshapeErrorOf, synthObjects, testChart } from '../support/manifests';
import { ContainerShape, PodSpecShape } from '../support/shapes';

const RENDER: ExtraContainerProps = {
  name: 'render-config', image: 'ghcr.io/acme/render:1.0.0', resources: { preset: 'micro' },
  sharedMounts: [{ volume: 'rendered', mountPath: '/out' }],
};
const SHIPPER: SidecarProps = {
  name: 'log-shipper', image: 'ghcr.io/acme/shipper:3.2.0', resources: { preset: 'micro' },
  readinessProbe: HealthProbe.exec(['shipper', 'ready']),
};
const SHARED = { sharedVolumes: { rendered: '16Mi' }, sharedMounts: [{ volume: 'rendered', mountPath: '/etc/rendered', readOnly: true }] };

/** Each construct, built with one init container and one sidecar sharing a rendered file with the main container. */
const constructs: [string, string, (chart: Chart, native: boolean) => void][] = [
  ['WebApp', 'Deployment', (chart, native) => new WebApp(chart, 'c', {
    name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080, ...SHARED, initContainers: [RENDER], sidecars: [{ ...SHIPPER, native }],
  })],
  ['Worker', 'Deployment', (chart, native) => new Worker(chart, 'c', {
    name: 'orders', image: 'ghcr.io/acme/orders:1.0.0', readinessProbe: HealthProbe.exec(['orders', 'ready']), ...SHARED,
    initContainers: [RENDER], sidecars: [{ ...SHIPPER, native }],
  })],
  ['StatefulDatabase', 'StatefulSet', (chart, native) => new StatefulDatabase(chart, 'c', {
    name: 'orders-db', engine: 'postgres', image: 'postgres:16.4', credentials: { secret: 'orders-db' }, ...SHARED,
    initContainers: [RENDER], sidecars: [{ ...SHIPPER, native }],
  })],
  ['MonitoringDaemon', 'DaemonSet', (chart, native) => new MonitoringDaemon(chart, 'c', {
    name: 'agent', image: 'ghcr.io/acme/agent:1.0.0', ...SHARED, initContainers: [RENDER], sidecars: [{ ...SHIPPER, native }],
  })],
  ['Task', 'Job', (chart) => new Task(chart, 'c', {
    name: 'migrate', image: 'ghcr.io/acme/api:1.4.2', ...SHARED, initContainers: [RENDER], sidecars: [{ ...SHIPPER, native: true }],
  })],
  ['CronTask', 'CronJob', (chart) => new CronTask(chart, 'c', {
    name: 'report', image: 'ghcr.io/acme/report:1.0.0', schedule: '0 3 * * *', ...SHARED, initContainers: [RENDER], sidecars: [{ ...SHIPPER, native: true }],
  })],
];

function podOf(objects: readonly Manifest[], kind: string): PodSpecShape {
  return podTemplateOf(objects.find((o) => o.kind === kind)!)!.spec as unknown as PodSpecShape;
}

describe.each(constructs)('%s with an init container and a sidecar', (_name, kind, build) => {
  const chart = testChart('shop');
  build(chart, false);
  const objects = synthObjects(chart);
  const pod = podOf(objects, kind);
  const all: ContainerShape[] = [...(pod.initContainers ?? []), ...pod.containers];

  test('runs the init container first and the sidecar beside the main container (natively in a Job)', () => {
    const job = kind === 'Job' || kind === 'CronJob';
    expect((pod.initContainers ?? []).map((c) => c.name)).toEqual(job ? ['log-shipper', 'render-config'] : ['render-config']);
    expect(pod.containers.map((c) => c.name).slice(1)).toEqual(job ? [] : ['log-shipper']);
  });

  test('hardens every container: restricted security context, requests and limits, a writable /tmp of its own', () => {
    for (const container of all) {
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(Object.keys(container.resources.limits).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
      expect(container.volumeMounts).toContainEqual(expect.objectContaining({ mountPath: '/tmp' }));
    }
  });

  test('shares the rendered file between the init container and the main container through one volume', () => {
    expect(pod.volumes.filter((v) => v.name === 'rendered')).toEqual([{ name: 'rendered', emptyDir: { sizeLimit: '16Mi' } }]);
    expect(all.filter((c) => c.volumeMounts.some((m) => m.name === 'rendered')).map((c) => c.name).sort()).toEqual([pod.containers[0].name, 'render-config'].sort());
  });

  test('is schema-valid and passes PSS restricted', () => {
    expectValidOutput(objects);
  });
});

describe.each(constructs.filter(([, kind]) => kind !== 'Job' && kind !== 'CronJob'))('%s with a native sidecar', (_name, kind, build) => {
  const chart = testChart('shop');
  build(chart, true);
  const objects = synthObjects(chart);

  test('runs it first among the init containers, with restartPolicy Always', () => {
    expect(podOf(objects, kind).initContainers?.map((c) => [c.name, c.restartPolicy])).toEqual([['log-shipper', 'Always'], ['render-config', undefined]]);
  });

  test('is schema-valid and passes PSS restricted', () => {
    expectValidOutput(objects);
  });
});

describe('sidecars by construct', () => {
  test('a DaemonSet\'s sidecar needs no readiness probe: DaemonSets do not gate rollouts on it here', () => {
    const chart = testChart('monitoring');
    new MonitoringDaemon(chart, 'agent', {
      name: 'agent', image: 'ghcr.io/acme/agent:1.0.0', sidecars: [{ name: 'config-reloader', image: 'ghcr.io/acme/reloader:0.9.0', resources: { preset: 'micro' } }],
    });
    const objects = synthObjects(chart);
    expect(podOf(objects, 'DaemonSet').containers[1].readinessProbe).toBeUndefined();
    expectValidOutput(objects);
  });

  test('a CronTask\'s sidecar must be native, as a Task\'s', () => {
    const error = shipshapeErrorOf(() => new CronTask(testChart(), 'report', {
      name: 'report', image: 'ghcr.io/acme/report:1.0.0', schedule: '0 3 * * *', sidecars: [SHIPPER],
    }));
    expect(error.message).toBe('test/report: sidecars[0].native must be true in a Job\'s pod: a sidecar in containers keeps running after the main container exits, so the Job never completes (native sidecars need Kubernetes 1.29 or later), got nothing');
  });

  test('a database\'s metrics exporter gets its own port beside the engine\'s, and the Services still target the engine', () => {
    const chart = testChart('shop');
    new StatefulDatabase(chart, 'orders-db', {
      name: 'orders-db', engine: 'postgres', image: 'postgres:16.4', credentials: { secret: 'orders-db' },
      sidecars: [{
        name: 'metrics', image: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0', resources: { preset: 'micro' },
        ports: [{ name: 'metrics', containerPort: 9187 }], readinessProbe: HealthProbe.http('/', { port: 'metrics' }),
      }],
    });
    const objects = synthObjects(chart);
    const pod = podOf(objects, 'StatefulSet');
    expect(pod.containers.map((c) => [c.name, c.ports?.map((p) => `${p.name}/${p.containerPort}`)])).toEqual([
      ['orders-db', ['postgres/5432']], ['metrics', ['metrics/9187']],
    ]);
    expect(objects.filter((o) => o.kind === 'Service').map((o) => (o.spec as { ports: { targetPort: string }[] }).ports[0].targetPort)).toEqual(['postgres', 'postgres']);
    expectValidOutput(objects);
  });

  test('a replicated database runs its sidecars on the read replicas too, and records a waived readiness on both StatefulSets', () => {
    const chart = testChart('shop');
    new StatefulDatabase(chart, 'orders-db', {
      name: 'orders-db', engine: 'postgres', image: 'postgres:16.4', credentials: { secret: 'orders-db' }, replication: { readReplicas: 1 },
      sidecars: [{ ...SHIPPER, readinessProbe: HealthProbe.none('ships the server log and serves nothing') }],
    });
    const objects = synthObjects(chart);
    const sets = objects.filter((o) => o.kind === 'StatefulSet');
    expect(sets.map((o) => [o.metadata?.name, o.metadata?.annotations?.['shipshape.dev/suppress']])).toEqual([
      ['orders-db', 'probe-readiness: log-shipper: ships the server log and serves nothing'],
      ['orders-db-read', 'probe-readiness: log-shipper: ships the server log and serves nothing'],
    ]);
    expect(sets.map((o) => podOf([o], 'StatefulSet').containers.map((c) => c.name))).toEqual([['orders-db', 'log-shipper'], ['orders-db', 'log-shipper']]);
    expect(checkManifests(objects).errors).toBe(0);
    expectValidOutput(objects);
  });

  test('a replicated database keeps the name of its own clone container', () => {
    const error = shipshapeErrorOf(() => new StatefulDatabase(testChart(), 'orders-db', {
      name: 'orders-db', engine: 'postgres', image: 'postgres:16.4', credentials: { secret: 'orders-db' }, replication: { readReplicas: 1 },
      initContainers: [{ ...RENDER, name: 'clone-primary', sharedMounts: undefined }],
    }));
    expect(error.message).toBe('test/orders-db: initContainers[0].name must be a name no other container of the pod has (the workload\'s own container has it), got \'clone-primary\'');
  });

  test('a sidecar with an unsafe opt-out lowers the level its Environment needs', () => {
    const chart = testChart('shop');
    const app = new WebApp(chart, 'api', {
      name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080, sidecars: [{ ...SHIPPER, security: { unsafePrivileged: true } }],
    });
    expect(app.podSecurityLevel).toBe('privileged');
  });
});

describe('snapshot', () => {
  test('a WebApp with an init container, a native sidecar, a sidecar and shared scratch space', () => {
    const chart = testChart('shop');
    new WebApp(chart, 'api', {
      name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080, ...SHARED,
      initContainers: [RENDER],
      sidecars: [
        { ...SHIPPER, native: true, config: { files: { 'shipper.conf': '[OUTPUT]\nName loki\n' } } },
        { name: 'auth-proxy', image: 'ghcr.io/acme/auth-proxy:7.6.0', resources: { preset: 'micro' }, ports: [{ name: 'proxy', containerPort: 4180 }], livenessProbe: HealthProbe.http('/ping', { port: 'proxy' }) },
      ],
    });
    expect(synthObjects(chart)).toMatchSnapshot();
  });
});
