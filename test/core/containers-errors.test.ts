import { HealthProbe, SidecarProps, Task, WebApp, WebAppProps } from '../../lib';
import { shipshapeErrorOf, testChart } from '../support/manifests';

const APP: WebAppProps = { name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080 };
const SIDECAR: SidecarProps = {
  name: 'proxy', image: 'ghcr.io/acme/proxy:2.0.0', resources: { preset: 'micro' }, ports: [{ name: 'proxy', containerPort: 4180 }],
};

const messageOf = (props: Partial<WebAppProps>): string => shipshapeErrorOf(() => new WebApp(testChart(), 'api', { ...APP, ...props })).message;

describe('init containers and sidecars reject bad input', () => {
  test.each<[string, Partial<WebAppProps>, string]>([
    ['a container name the main container has',
      { sidecars: [{ ...SIDECAR, name: 'api' }] },
      'test/api: sidecars[0].name must be a name no other container of the pod has (the main container has it), got \'api\''],
    ['a container name another extra container has',
      { initContainers: [{ name: 'proxy', image: 'ghcr.io/acme/proxy:2.0.0', resources: { preset: 'micro' } }], sidecars: [SIDECAR] },
      'test/api: sidecars[0].name must be a name no other container of the pod has (initContainers[0] has it), got \'proxy\''],
    ['a container name that is no DNS label',
      { sidecars: [{ ...SIDECAR, name: 'Log_Shipper' }] },
      'test/api: sidecars[0].name must be a DNS-1123 label (lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters), got \'Log_Shipper\''],
    ['a port name the main container declares',
      { sidecars: [{ ...SIDECAR, ports: [{ name: 'http', containerPort: 4180 }] }] },
      'test/api: sidecars[0].ports[0].name must be a port name no other container of the pod declares (the main container does), got \'http\''],
    ['a port number the main container listens on',
      { sidecars: [{ ...SIDECAR, ports: [{ name: 'proxy', containerPort: 8080 }] }] },
      'test/api: sidecars[0].ports[0].containerPort must be a port no other container of the pod listens on (the main container does), got 8080'],
    ['a sidecar without resources',
      { sidecars: [{ ...SIDECAR, resources: undefined as never }] },
      'test/api: sidecars[0].resources must be requests and limits: a preset (\'micro\', \'small\', \'medium\', \'large\') or limits for cpu, memory and ephemeralStorage (this container has no default size), got nothing'],
    ['a sidecar whose resources leave a limit unset after merging',
      { sidecars: [{ ...SIDECAR, resources: { cpu: { limit: '100m' }, memory: { limit: '64Mi' } } }] },
      'test/api: sidecars[0].resources.ephemeralStorage.limit must be a quantity (without a preset every limit must be given), got nothing'],
    ['an init container with a probe',
      { initContainers: [{ name: 'migrate', image: 'ghcr.io/acme/api:1.4.2', resources: { preset: 'micro' }, readinessProbe: HealthProbe.exec(['true']) } as never] },
      'test/api: initContainers[0].readinessProbe must be unset: an init container runs to completion before the main container starts, and Kubernetes rejects probes on it (a sidecar with native: true keeps running and may have probes), got {"kind":"exec","command":["true"]}'],
    ['a sidecar of a Deployment with neither ports nor a readiness probe',
      { sidecars: [{ ...SIDECAR, ports: undefined }] },
      'test/api: sidecars[0].readinessProbe must be a probe (HealthProbe.http/tcp/exec/grpc), or HealthProbe.none(reason) for a sidecar without TCP ports (a Deployment or StatefulSet rolls out only when every container is ready), got nothing'],
    ['a waived readiness probe without a reason',
      { sidecars: [{ ...SIDECAR, readinessProbe: HealthProbe.none('ships logs; serves nothing') }] },
      'test/api: sidecars[0].readinessProbe.reason must be why the container needs no readiness probe, on one line and without \';\', got \'ships logs; serves nothing\''],
    ['a sidecar whose liveness repeats its readiness',
      { sidecars: [{ ...SIDECAR, livenessProbe: HealthProbe.tcp() }] },
      'test/api: sidecars[0].livenessProbe must be a different check from readinessProbe (e.g. another path or a tcp probe), got tcpSocket on port proxy'],
    ['a sidecar probe on a port of another container',
      { sidecars: [{ ...SIDECAR, readinessProbe: HealthProbe.tcp({ port: 'http' }) }] },
      'test/api: sidecars[0].readinessProbe.port must be one of the container\'s declared ports (proxy/4180), got \'http\''],
    ['a sidecar whose only port is UDP, without a readiness probe (probes connect over TCP)',
      { sidecars: [{ ...SIDECAR, ports: [{ name: 'dns', containerPort: 5353, protocol: 'UDP' }] }] },
      'test/api: sidecars[0].readinessProbe must be a probe (HealthProbe.http/tcp/exec/grpc), or HealthProbe.none(reason) for a sidecar without TCP ports (a Deployment or StatefulSet rolls out only when every container is ready), got nothing'],
    ['a sidecar probe on a UDP port',
      { sidecars: [{ ...SIDECAR, ports: [...SIDECAR.ports!, { name: 'dns', containerPort: 5353, protocol: 'UDP' }], readinessProbe: HealthProbe.tcp({ port: 'dns' }) }] },
      'test/api: sidecars[0].readinessProbe.port must be one of the container\'s declared TCP ports (proxy/4180): probes connect over TCP, got \'dns\''],
    ['a sidecar probe without a port when every port is UDP',
      { sidecars: [{ ...SIDECAR, ports: [{ name: 'dns', containerPort: 5353, protocol: 'UDP' }], readinessProbe: HealthProbe.tcp() }] },
      'test/api: sidecars[0].readinessProbe.port must be a TCP port (probes connect over TCP; the container declares only dns/5353 over UDP), got nothing'],
    ['an unpinned sidecar image',
      { sidecars: [{ ...SIDECAR, image: 'ghcr.io/acme/proxy:latest' }] },
      'test/api: sidecars[0].image must be a pinned image reference: a tag other than \'latest\' (repo:1.4.2) or a digest (repo@sha256:…), got \'ghcr.io/acme/proxy:latest\''],
    ['fsGroup on a sidecar (it is pod-wide)',
      { sidecars: [{ ...SIDECAR, security: { fsGroup: 2000 } as never }] },
      'test/api: sidecars[0].security.fsGroup must be unset: fsGroup is pod-wide, set it in the workload\'s security, got 2000'],
    ['a credential-looking env name in a sidecar',
      { sidecars: [{ ...SIDECAR, env: { API_TOKEN: 'abc' } }] },
      'test/api: sidecars[0].env.API_TOKEN must be a non-credential variable (credentials belong in a Secret: use secrets.env), got \'API_TOKEN\''],
    ['a mount of a shared volume nobody declared',
      { sidecars: [{ ...SIDECAR, sharedMounts: [{ volume: 'cache', mountPath: '/cache' }] }] },
      'test/api: sidecars[0].sharedMounts[0].volume must be one of the workload\'s sharedVolumes (none declared), got \'cache\''],
    ['a shared volume only one container mounts',
      { sharedVolumes: { cache: '64Mi' }, sharedMounts: [{ volume: 'cache', mountPath: '/cache' }] },
      'test/api: sharedVolumes.cache must be mounted by at least two containers through their sharedMounts (one container\'s scratch space is a writablePaths entry), got ["api"]'],
    ['a shared volume without a size limit',
      { sharedVolumes: { cache: 'lots' } },
      'test/api: sharedVolumes.cache must be a size limit quantity such as \'64Mi\', got \'lots\''],
    ['two mounts at one path in a container',
      { sidecars: [{ ...SIDECAR, writablePaths: { '/etc/proxy': '1Mi' }, config: { files: { 'proxy.cfg': 'x' } } }] },
      'test/api: sidecars[0].writablePaths./etc/proxy must be a path no other volume is mounted at (sidecars[0].config.mountPath mounts /etc/proxy), got \'/etc/proxy\''],
    ['sidecars given as something other than a list',
      { sidecars: SIDECAR as never },
      'test/api: sidecars must be a list of containers, got {"name":"proxy","image":"ghcr.io/acme/proxy:2.0.0","resources":{"preset":"micro"},"ports":[{"name":"proxy","containerPort":4180}]}'],
  ])('%s', (_what, props, message) => {
    expect(messageOf(props)).toBe(message);
  });

  test('a Job\'s sidecar must be native, or the Job never completes', () => {
    const error = shipshapeErrorOf(() => new Task(testChart(), 'migrate', {
      name: 'migrate', image: 'ghcr.io/acme/api:1.4.2', sidecars: [{ name: 'proxy', image: 'ghcr.io/acme/proxy:2.0.0', resources: { preset: 'micro' } }],
    }));
    expect(error.message).toBe('test/migrate: sidecars[0].native must be true in a Job\'s pod: a sidecar in containers keeps running after the main container exits, so the Job never completes (native sidecars need Kubernetes 1.29 or later), got nothing');
  });
});

describe('HealthProbe.heartbeat rejects bad input', () => {
  test('a relative file', () => {
    expect(shipshapeErrorOf(() => HealthProbe.heartbeat('tmp/heartbeat')).message).toBe('HealthProbe.heartbeat: file must be an absolute path such as \'/tmp/heartbeat\', got \'tmp/heartbeat\'');
  });

  test('an age below one second', () => {
    expect(shipshapeErrorOf(() => HealthProbe.heartbeat('/tmp/heartbeat', { maxAgeSeconds: 0 })).message).toBe('HealthProbe.heartbeat: maxAgeSeconds must be an integer of at least 1, got 0');
  });
});
