import * as fc from 'fast-check';
import { HealthProbe } from '../../lib';
import { hostileValue } from '../support/arbitraries';
import { BUILDERS, judge, propertyParameters } from '../support/outcome';

// Valid props with as many fields set as go together, one of which (at any depth) is then
// replaced by a hostile value: a wrong type, null, NaN, a huge or odd string, a key JavaScript
// reserves, a function, a Date … The construct must refuse it with a readable ShipshapeError, or
// build output that is still applicable; never a TypeError or a cdk8s error.
const container = {
  imagePullPolicy: 'IfNotPresent', command: ['/app'], args: ['--port', '8080'], env: { LOG_LEVEL: 'info' },
  config: { env: { MODE: 'fast' }, files: { 'app.conf': 'a = 1' }, mountPath: '/etc/app' },
  secrets: { env: { DB_PASSWORD: { secretName: 'db', key: 'password' } }, files: [{ secretName: 'tls', mountPath: '/etc/tls' }] },
  resources: { preset: 'small', cpu: { request: '100m', limit: '1' }, memory: { request: '256Mi' }, ephemeralStorage: { limit: '1Gi' } },
  security: { runAsUser: 10002, runAsGroup: 10002, fsGroup: 10002, readOnlyRootFilesystem: true, addCapabilities: ['NET_BIND_SERVICE'], seccompLocalhostProfile: 'profiles/app.json' },
  writablePaths: { '/var/cache/app': '1Gi' },
  podAnnotations: { 'example.com/team': 'shop' },
  instance: 'blue', partOf: 'shop',
  egress: [{ cidr: '10.0.0.0/16', except: ['10.0.1.0/24'], ports: [{ port: 443, protocol: 'TCP' }] }],
};

const BASES: Record<string, Record<string, unknown>> = {
  WebApp: {
    ...container, name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080, portName: 'http', servicePort: 80, serviceType: 'ClusterIP', openToAllPods: true,
    replicas: 3, strategy: 'RollingUpdate', maxSurge: '25%', maxUnavailable: 0, revisionHistoryLimit: 5, progressDeadlineSeconds: 300, minReadySeconds: 5,
    readinessProbe: HealthProbe.http('/ready', { periodSeconds: 5 }), livenessProbe: HealthProbe.tcp({ failureThreshold: 5 }), startupProbe: HealthProbe.exec(['check']),
    terminationGracePeriodSeconds: 40, preStopSleepSeconds: 5,
    ingress: { host: 'shop.example.com', path: '/api', pathType: 'Prefix', ingressClassName: 'nginx', tlsSecretName: 'tls', annotations: { 'example.com/a': 'b' } },
    httpRoute: { parentRefs: [{ name: 'gw', namespace: 'infra', sectionName: 'https' }], hostnames: ['shop.example.com'], pathPrefixes: ['/api'] },
  },
  WebAppAutoscaled: { name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080, autoscaling: { minReplicas: 2, maxReplicas: 5, cpuUtilization: 60 } },
  StatefulDatabase: {
    ...container, name: 'orders-db', image: 'postgres:16.4', engine: 'postgres', config: undefined, env: { TZ: 'UTC' },
    credentials: { secret: 'orders-db', usernameKey: 'user', passwordKey: 'pass', rootPasswordKey: 'root' }, databaseName: 'orders',
    storage: { size: '10Gi', storageClassName: 'fast', accessModes: ['ReadWriteOnce'] }, volumeClaims: [{ name: 'wal', mountPath: '/wal', size: '5Gi' }],
    retention: { whenDeleted: 'Retain', whenScaled: 'Delete' }, replicas: 1, podManagementPolicy: 'Parallel', partition: 0,
    readinessProbe: HealthProbe.exec(['pg_isready']), livenessProbe: HealthProbe.tcp(), terminationGracePeriodSeconds: 90,
  },
  CustomEngine: {
    name: 'queue', image: 'ghcr.io/acme/queue:2.0.0',
    engine: { port: 5672, portName: 'amqp', dataPath: '/var/lib/queue', readinessProbe: HealthProbe.tcp(), livenessProbe: HealthProbe.exec(['check']),
      credentialEnv: { username: 'Q_USER', password: 'Q_PASS' }, env: { Q_MODE: 'cluster' }, args: ['--x'], writablePaths: { '/var/run/queue': '16Mi' }, fsGroup: 10001 },
    credentials: { secret: 'queue' },
  },
  CronTask: {
    ...container, name: 'nightly', image: 'ghcr.io/acme/api:1.4.2', schedule: '0 2 * * *', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Forbid',
    startingDeadlineSeconds: 100, successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 2, suspend: false, backoffLimit: 1, activeDeadlineSeconds: 600,
    restartPolicy: 'Never', volumes: [{ claimName: 'backups', mountPath: '/backup', readOnly: false }],
  },
  Worker: {
    ...container, name: 'consumer', image: 'ghcr.io/acme/consumer:1.0.0', replicas: 3, minReadySeconds: 20,
    readinessProbe: HealthProbe.exec(['ready']), livenessProbe: HealthProbe.heartbeat('/tmp/heartbeat', { maxAgeSeconds: 120 }), terminationGracePeriodSeconds: 60,
  },
  WebAppWithSidecars: {
    name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080, sharedVolumes: { rendered: '16Mi' },
    sharedMounts: [{ volume: 'rendered', mountPath: '/etc/rendered', readOnly: true }],
    initContainers: [{ name: 'render', image: 'ghcr.io/acme/render:1.0.0', resources: { preset: 'micro' }, args: ['--out', '/out'], sharedMounts: [{ volume: 'rendered', mountPath: '/out' }] }],
    sidecars: [{
      name: 'proxy', image: 'ghcr.io/acme/proxy:2.0.0', resources: { cpu: { limit: '200m' }, memory: { limit: '64Mi' }, ephemeralStorage: { limit: '64Mi' } },
      ports: [{ name: 'proxy', containerPort: 4180, protocol: 'TCP' }], security: { runAsUser: 10003 }, env: { MODE: 'proxy' },
      config: { files: { 'proxy.conf': 'x' } }, readinessProbe: HealthProbe.tcp(), livenessProbe: HealthProbe.http('/ping'), native: true,
    }],
  },
  Task: { ...container, name: 'migrate', image: 'ghcr.io/acme/api:1.4.2', completions: 1, parallelism: 1, ttlSecondsAfterFinished: 60, backoffLimit: 0 },
  MonitoringDaemon: {
    ...container, name: 'agent', image: 'ghcr.io/acme/agent:2.0.1', preset: 'node-metrics', metrics: { port: 9100, portName: 'metrics', path: '/metrics' },
    terminationGracePeriodSeconds: 30, includeControlPlane: true, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'monitoring', effect: 'NoExecute', tolerationSeconds: 60 }],
    nodeSelector: { 'kubernetes.io/os': 'linux' }, nodeAffinity: [{ key: 'node-type', operator: 'In', values: ['a'] }], priorityClassName: 'system-node-critical',
    maxUnavailable: 1, maxSurge: 0, minReadySeconds: 1, revisionHistoryLimit: 3, hostMounts: [{ hostPath: '/var/log', mountPath: '/host/log', type: 'Directory', unsafeWritable: false }],
    unsafeHostPID: true, readCluster: ['pods', 'nodes'], clusterPermissions: [{ resources: ['events'], apiGroups: [''], verbs: ['create'] }],
  },
  Access: { rules: [{ resources: ['pods', 'configmaps'], apiGroups: [''], verbs: ['get', 'list'], resourceNames: ['a'] }], clusterRole: 'view', clusterWide: true, name: 'reader' },
  Environment: {
    name: 'shop', environment: 'prod', podSecurityVersion: 'v1.28', labels: { team: 'shop' }, containerDefaults: { preset: 'small' },
    quota: { cpu: { request: '4', limit: '8' }, memory: { request: '8Gi', limit: '8Gi' }, ephemeralStorage: { limit: '20Gi' }, pods: 20, persistentVolumeClaims: 5, storage: '100Gi' },
  },
  AppSecret: { name: 'db', stringData: { password: 'x', user: 'y' }, immutable: true },
  PersistentClaim: { name: 'backups', size: '20Gi', accessMode: 'ReadWriteOnce', storageClassName: 'fast', instance: 'a', partOf: 'b' },
};

const BUILD_AS: Record<string, string> = { WebAppAutoscaled: 'WebApp', WebAppWithSidecars: 'WebApp', CustomEngine: 'StatefulDatabase' };

type Path = (string | number)[];

/** Every path to a value inside `value`, the value itself first. */
function pathsOf(value: unknown, at: Path = []): Path[] {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => pathsOf(item, [...at, i]))];
  if (typeof value === 'object' && value !== null) return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]))];
  return here;
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  return value;
}

/** `base` with the value at `path` replaced (or, with `asKey`, a key of that name added beside it). */
function replaced(base: unknown, path: Path, value: unknown, extraKey: string | undefined): unknown {
  if (path.length === 0) return extraKey === undefined ? value : Object.defineProperty({ ...(base as object) }, extraKey, { value, enumerable: true });
  const root = copy(base) as Record<string | number, unknown>;
  let parent = root;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (extraKey !== undefined && typeof parent[last] === 'object' && parent[last] !== null && !Array.isArray(parent[last])) {
    // An own key, as JSON.parse makes it: '__proto__' too, not the prototype.
    Object.defineProperty(parent[last], extraKey, { value, enumerable: true, configurable: true, writable: true });
  } else {
    parent[last] = value;
  }
  return root;
}

describe.each(Object.entries(BASES))('%s with one hostile value', (construct, base) => {
  const build = BUILDERS[BUILD_AS[construct] ?? construct];

  test('the base props are accepted', () => {
    expect(judge((app) => build(app, base, true))).toBe('accepted');
  });

  test('a hostile value anywhere is refused with a readable ShipshapeError, or still applicable', () => {
    const extraKey = fc.option(fc.constantFrom('constructor', '__proto__', 'prototype', 'replica', 'Name', ''), { nil: undefined, freq: 4 });
    fc.assert(fc.property(fc.constantFrom(...pathsOf(base)), hostileValue(), extraKey, fc.boolean(), (path, value, key, inEnvironment) => {
      judge((app) => build(app, replaced(base, path, value, key), inEnvironment));
    }), propertyParameters(150));
  });
});
