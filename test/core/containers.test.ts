import { createHash } from 'crypto';
import { HealthProbe, SidecarProps, WebApp, WebAppProps } from '../../lib';
import { Manifest } from '../../lib/manifests/manifest';
import { podTemplateOf } from '../../lib/manifests/pod-template';
import { expectValidOutput, schemaErrors, single, synthObjects, testChart } from '../support/manifests';
import { ContainerShape, DeploymentShape, PodSpecShape } from '../support/shapes';

const APP: WebAppProps = { name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080 };
const SHIPPER: SidecarProps = {
  name: 'log-shipper', image: 'ghcr.io/acme/shipper:3.2.0', resources: { preset: 'micro' },
  readinessProbe: HealthProbe.exec(['shipper', 'ready']),
};

function webApp(props: Partial<WebAppProps>): Manifest[] {
  const chart = testChart('shop');
  new WebApp(chart, 'api', { ...APP, ...props });
  return synthObjects(chart);
}

function podSpec(objects: readonly Manifest[]): PodSpecShape {
  return podTemplateOf(single(objects, 'Deployment'))!.spec as unknown as PodSpecShape;
}

function container(spec: PodSpecShape, name: string): ContainerShape {
  const found = [...(spec.initContainers ?? []), ...spec.containers].find((c) => c.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
}

describe('a sidecar is hardened exactly like the main container', () => {
  const spec = podSpec(webApp({ sidecars: [SHIPPER] }));
  const shipper = container(spec, 'log-shipper');

  test('it runs beside the main container, in containers, after it', () => {
    expect(spec.containers.map((c) => c.name)).toEqual(['api', 'log-shipper']);
    expect(spec.initContainers).toBeUndefined();
  });

  test('its image is pulled IfNotPresent, explicitly', () => {
    expect(shipper.image).toBe('ghcr.io/acme/shipper:3.2.0');
    expect(shipper.imagePullPolicy).toBe('IfNotPresent');
  });

  test('its security context is the main container\'s: no escalation, not privileged, read-only root, drop ALL, RuntimeDefault', () => {
    expect(shipper.securityContext).toEqual(container(spec, 'api').securityContext);
    expect(shipper.securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('it has its own writable /tmp: a 256Mi emptyDir named after it', () => {
    expect(shipper.volumeMounts).toEqual([{ name: 'log-shipper-tmp', mountPath: '/tmp' }]);
    expect(spec.volumes).toContainEqual({ name: 'log-shipper-tmp', emptyDir: { sizeLimit: '256Mi' } });
  });

  test('its resources come from its own preset, with every limit', () => {
    expect(shipper.resources).toEqual({
      requests: { 'cpu': '50m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '200m', 'memory': '64Mi', 'ephemeral-storage': '256Mi' },
    });
  });

  test('its logs are the termination message when it fails', () => {
    expect(shipper.terminationMessagePolicy).toBe('FallbackToLogsOnError');
  });

  test('its readiness probe gets the readiness timings', () => {
    expect(shipper.readinessProbe).toEqual({
      exec: { command: ['shipper', 'ready'] }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3, successThreshold: 1,
    });
  });

  test('the pod stays schema-valid and passes PSS restricted', () => {
    expectValidOutput(webApp({ sidecars: [SHIPPER] }));
  });
});

describe('an init container', () => {
  const spec = podSpec(webApp({ initContainers: [{ name: 'migrate', image: 'ghcr.io/acme/api:1.4.2', command: ['migrate', 'up'], resources: { preset: 'small' } }] }));
  const migrate = container(spec, 'migrate');

  test('runs before the main container, in initContainers, without a restart policy of its own', () => {
    expect(spec.initContainers?.map((c) => c.name)).toEqual(['migrate']);
    expect(migrate.restartPolicy).toBeUndefined();
    expect(migrate.command).toEqual(['migrate', 'up']);
  });

  test('is hardened like the main container and has no probes', () => {
    expect(migrate.securityContext).toEqual(container(spec, 'api').securityContext);
    expect(migrate.resources).toEqual(container(spec, 'api').resources);
    expect([migrate.readinessProbe, migrate.livenessProbe, migrate.startupProbe]).toEqual([undefined, undefined, undefined]);
  });
});

describe('native sidecars (Kubernetes 1.29+)', () => {
  const spec = podSpec(webApp({
    initContainers: [{ name: 'migrate', image: 'ghcr.io/acme/api:1.4.2', resources: { preset: 'micro' } }],
    sidecars: [{ ...SHIPPER, native: true }, { name: 'proxy', image: 'ghcr.io/acme/proxy:2.0.0', resources: { preset: 'micro' }, ports: [{ name: 'proxy', containerPort: 4180 }] }],
  }));

  test('run as init containers with restartPolicy Always, before the plain init containers', () => {
    expect(spec.initContainers?.map((c) => [c.name, c.restartPolicy])).toEqual([['log-shipper', 'Always'], ['migrate', undefined]]);
    expect(spec.containers.map((c) => c.name)).toEqual(['api', 'proxy']);
  });

  test('are off by default: a sidecar runs in containers, as Kubernetes 1.28 does', () => {
    expect(container(spec, 'proxy').restartPolicy).toBeUndefined();
  });

  test('keep their probes', () => {
    expect(container(spec, 'log-shipper').readinessProbe).toMatchObject({ exec: { command: ['shipper', 'ready'] } });
  });

  test('validate against the Kubernetes 1.28 schema as they are: it defines restartPolicy on containers (alpha there)', () => {
    const objects = webApp({ sidecars: [{ ...SHIPPER, native: true }] });
    expect(objects.flatMap(schemaErrors)).toEqual([]);
  });

  test('the schema check still rejects any other unknown container field', () => {
    const deployment = structuredClone(single(webApp({ sidecars: [{ ...SHIPPER, native: true }] }), 'Deployment')) as Manifest;
    (podTemplateOf(deployment)!.spec.initContainers as Record<string, unknown>[])[0].restartPolicyy = 'Always';
    expect(schemaErrors(deployment)).toEqual(['Deployment api spec.template.spec.initContainers[0].restartPolicyy: unknown field (not in the schema; the API server rejects or drops it)']);
  });
});

describe('a sidecar\'s default readiness', () => {
  test('is a TCP probe on its first port', () => {
    const spec = podSpec(webApp({ sidecars: [{ name: 'proxy', image: 'ghcr.io/acme/proxy:2.0.0', resources: { preset: 'micro' }, ports: [{ name: 'proxy', containerPort: 4180 }] }] }));
    expect(container(spec, 'proxy').readinessProbe).toEqual({
      tcpSocket: { port: 'proxy' }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3, successThreshold: 1,
    });
    expect(container(spec, 'proxy').ports).toEqual([{ name: 'proxy', containerPort: 4180, protocol: 'TCP' }]);
  });

  test('may be waived with a reason, which the Deployment records for the readiness rule', () => {
    const objects = webApp({ sidecars: [{ ...SHIPPER, readinessProbe: HealthProbe.none('ships log files and serves nothing') }] });
    expect(container(podSpec(objects), 'log-shipper').readinessProbe).toBeUndefined();
    expect(single<DeploymentShape>(objects, 'Deployment').metadata.annotations).toEqual({
      'shipshape.dev/suppress': 'probe-readiness: log-shipper: ships log files and serves nothing',
    });
    expectValidOutput(objects);
  });
});

describe('shared scratch space', () => {
  const objects = webApp({
    sharedVolumes: { rendered: '16Mi' },
    sharedMounts: [{ volume: 'rendered', mountPath: '/etc/api/rendered', readOnly: true }],
    initContainers: [{
      name: 'render', image: 'ghcr.io/acme/render:1.0.0', resources: { preset: 'micro' },
      sharedMounts: [{ volume: 'rendered', mountPath: '/out' }],
    }],
  });
  const spec = podSpec(objects);

  test('is one emptyDir with its size limit, named as declared', () => {
    expect(spec.volumes.filter((v) => v.name === 'rendered')).toEqual([{ name: 'rendered', emptyDir: { sizeLimit: '16Mi' } }]);
  });

  test('is mounted where each container says, read-only where it says so', () => {
    expect(container(spec, 'render').volumeMounts).toContainEqual({ name: 'rendered', mountPath: '/out' });
    expect(container(spec, 'api').volumeMounts).toContainEqual({ name: 'rendered', mountPath: '/etc/api/rendered', readOnly: true });
  });

  test('stays schema-valid and PSS restricted', () => {
    expectValidOutput(objects);
  });
});

describe('configuration of a sidecar', () => {
  const sidecar: SidecarProps = {
    ...SHIPPER,
    config: { env: { OUTPUT: 'loki' }, files: { 'shipper.conf': '[INPUT]\n' } },
    secrets: { env: { LOKI_TOKEN: { secretName: 'loki', key: 'token' } } },
    env: { LOG_LEVEL: 'info' },
  };
  const objects = webApp({ config: { env: { MODE: 'prod' } }, sidecars: [sidecar] });
  const shipper = container(podSpec(objects), 'log-shipper');

  test('goes into a ConfigMap of its own, <name>-<container>-config', () => {
    expect(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata?.name, (o as { data?: unknown }).data])).toEqual([
      ['api-config', { MODE: 'prod' }],
      ['api-log-shipper-config', { 'OUTPUT': 'loki', 'shipper.conf': '[INPUT]\n' }],
    ]);
  });

  test('reaches only that container: literal env, ConfigMap keys and Secret references', () => {
    expect(shipper.env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'OUTPUT', valueFrom: { configMapKeyRef: { name: 'api-log-shipper-config', key: 'OUTPUT' } } },
      { name: 'LOKI_TOKEN', valueFrom: { secretKeyRef: { name: 'loki', key: 'token' } } },
    ]);
    expect(container(podSpec(objects), 'api').env).toEqual([{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'api-config', key: 'MODE' } } }]);
  });

  test('mounts its files read-only at /etc/<container>', () => {
    expect(shipper.volumeMounts).toContainEqual({ name: 'log-shipper-config', mountPath: '/etc/log-shipper', readOnly: true });
  });

  test('is covered by the pod\'s config checksum, so a change rolls the pods', () => {
    const checksum = (objs: Manifest[]): string | undefined => single<DeploymentShape>(objs, 'Deployment').spec.template.metadata.annotations?.['shipshape.dev/config-checksum'];
    const changed = webApp({ config: { env: { MODE: 'prod' } }, sidecars: [{ ...sidecar, config: { env: { OUTPUT: 'elastic' } } }] });
    expect(checksum(objects)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(changed)).not.toBe(checksum(objects));
  });

  test('a pod with only the main container\'s ConfigMap keeps the checksum it always had', () => {
    const checksum = (objs: Manifest[]): string | undefined => single<DeploymentShape>(objs, 'Deployment').spec.template.metadata.annotations?.['shipshape.dev/config-checksum'];
    // The sha256 of the ConfigMap data as JSON.
    expect(checksum(webApp({ config: { env: { MODE: 'prod' } } }))).toBe(createHash('sha256').update('{"MODE":"prod"}').digest('hex'));
  });
});

describe('security of the containers beside the main one', () => {
  test('a sidecar keeps uid and gid 10001 on its own container when the main container runs as root', () => {
    const spec = podSpec(webApp({ security: { allowRunAsRoot: true }, sidecars: [SHIPPER] }));
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, runAsGroup: 0 });
    expect(container(spec, 'log-shipper').securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 });
  });

  test('a sidecar\'s own uid is written on its container only', () => {
    const spec = podSpec(webApp({ sidecars: [{ ...SHIPPER, security: { runAsUser: 65532 } }] }));
    expect(container(spec, 'log-shipper').securityContext).toMatchObject({ runAsUser: 65532 });
    expect(container(spec, 'log-shipper').securityContext.runAsGroup).toBeUndefined();
    expect(container(spec, 'api').securityContext.runAsUser).toBeUndefined();
  });

  test('an unsafe opt-out of a sidecar applies to it alone, and the pod\'s level follows it', () => {
    const chart = testChart('shop');
    const app = new WebApp(chart, 'api', { ...APP, sidecars: [{ ...SHIPPER, security: { unsafeCapabilities: ['CHOWN'] } }] });
    const spec = podSpec(synthObjects(chart));
    expect(container(spec, 'log-shipper').securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['CHOWN'] });
    expect(container(spec, 'api').securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(app.podSecurityLevel).toBe('baseline');
  });
});

describe('resources of a container beside the main one', () => {
  test('limits alone are enough: each request equals its limit, as Kubernetes defaults it', () => {
    const spec = podSpec(webApp({ sidecars: [{ ...SHIPPER, resources: { cpu: { limit: '100m' }, memory: { limit: '48Mi' }, ephemeralStorage: { limit: '64Mi' } } }] }));
    expect(container(spec, 'log-shipper').resources).toEqual({
      requests: { 'cpu': '100m', 'memory': '48Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '100m', 'memory': '48Mi', 'ephemeral-storage': '64Mi' },
    });
  });

  test('a preset merges field by field, as the main container\'s does', () => {
    const spec = podSpec(webApp({ sidecars: [{ ...SHIPPER, resources: { preset: 'micro', memory: { limit: '96Mi' } } }] }));
    expect(container(spec, 'log-shipper').resources).toEqual({
      requests: { 'cpu': '50m', 'memory': '96Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '200m', 'memory': '96Mi', 'ephemeral-storage': '256Mi' },
    });
  });
});
