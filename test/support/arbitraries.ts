import { Cron } from 'cdk8s';
import * as fc from 'fast-check';
import { HealthProbe, ProbeSpec } from '../../lib';

// Random props that TypeScript accepts: each value has its declared type, often a valid one,
// sometimes one only the type allows (an empty string, a negative number, NaN).

/**
 * Mostly one of the `usual` values, sometimes one of the `unusual` ones (valid only by type:
 * out of range, malformed, conflicting), or a random value of the same type.
 */
const oneOf = <T>(usual: readonly T[], other: fc.Arbitrary<T>, unusual: readonly T[] = []): fc.Arbitrary<T> => fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...usual) },
  ...(unusual.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...unusual) }] : []),
  { weight: 1, arbitrary: other },
);

export const name = (): fc.Arbitrary<string> => oneOf(['api', 'orders-db', 'a', 'agent', 'x1'], fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,70}$/), fc.string({ maxLength: 12 })), ['1api', 'a'.repeat(64), 'default-deny', 'db-headless']);
export const text = (): fc.Arbitrary<string> => fc.string({ maxLength: 16 });
export const integer = (): fc.Arbitrary<number> => oneOf([1, 2, 3, 10, 30], fc.oneof(fc.integer({ min: -10, max: 100000 }), fc.double()), [0, 600, 2 ** 31 - 1, 2 ** 31, -1, NaN]);
export const port = (): fc.Arbitrary<number> => oneOf([80, 8080, 9100, 443], fc.integer(), [65535, 0, 70000]);
export const flag = (): fc.Arbitrary<boolean> => fc.boolean();
export const absolutePath = (): fc.Arbitrary<string> => oneOf(['/data', '/var/cache', '/etc/api', '/srv/state'], fc.oneof(fc.stringMatching(/^\/[a-z/.]{0,16}$/), text()), ['/tmp', '/', '/var/run/postgresql', '/host/proc', 'rel']);
export const quantity = (): fc.Arbitrary<string> => oneOf(['100m', '1', '256Mi', '1Gi', '2', '0.5', '64Mi'], fc.oneof(fc.stringMatching(/^[0-9.]{1,6}(Mi|Gi|m|k)?$/), text()), ['0', '1.0000000000000001', '1e3', '8Ei']);
export const image = (): fc.Arbitrary<string> => oneOf(['ghcr.io/acme/api:1.4.2', 'nginx:1.27', 'postgres:16.4', 'redis:7.4', `ghcr.io/acme/api@sha256:${'a'.repeat(64)}`], text(), ['a..b/api:1.4.2', 'nginx:latest', 'nginx']);
export const host = (): fc.Arbitrary<string> => oneOf(['shop.example.com', '*.example.com'], text(), ['localhost', '10.0.0.1', 'Shop.example.com']);
export const httpPath = (): fc.Arbitrary<string> => oneOf(['/', '/api', '/healthz'], text(), ['//', '/a/../b', '/a#b', '/ä', 'api']);
export const cidr = (): fc.Arbitrary<string> => oneOf(['10.0.0.0/8', '10.1.0.0/16', '203.0.113.10/32', '2001:db8::/32', '2001:db8:1::/48'], text(), ['10.0.0.0/33', '::1::/64']);
export const envName = (): fc.Arbitrary<string> => oneOf(['LOG_LEVEL', 'MODE', 'PORT', 'API_URL'], text(), ['API_HOST', 'PGDATA', 'TOKEN', '1X', 'a-b']);
export const dataKey = (): fc.Arbitrary<string> => oneOf(['app.conf', '.env', 'a', 'settings.yaml'], text(), ['.', '..', '..x', 'password']);
export const labelKey = (): fc.Arbitrary<string> => oneOf(['team', 'example.com/team', 'kubernetes.io/os'], text(), ['a b', 'a/b/c', 'constructor']);
export const labelValue = (): fc.Arbitrary<string> => oneOf(['shop', 'linux', 'v1'], text(), ['', 'a'.repeat(64), '-x']);

/**
 * Props with the `required` fields and a few of the `optional` ones (at most `max`): a handful of
 * settings at a time, as people write props, so that valid combinations are common.
 */
export const some = (required: Record<string, fc.Arbitrary<unknown>>, optional: Record<string, fc.Arbitrary<unknown>>, max = 4): fc.Arbitrary<Record<string, unknown>> =>
  fc.shuffledSubarray(Object.keys(optional), { maxLength: Math.min(max, Object.keys(optional).length) }).chain((keys) => fc.record({
    ...required,
    ...Object.fromEntries(keys.map((k) => [k, optional[k]])),
  }));

export const dict = <T>(key: fc.Arbitrary<string>, value: fc.Arbitrary<T>): fc.Arbitrary<Record<string, T>> => fc.dictionary(key, value, { maxKeys: 3 });
export const strings = (item: fc.Arbitrary<string> = text()): fc.Arbitrary<string[]> => fc.array(item, { maxLength: 3 });

const timings = (): fc.Arbitrary<Record<string, unknown>> => some({}, {
  initialDelaySeconds: integer(), periodSeconds: integer(), timeoutSeconds: integer(), failureThreshold: integer(), successThreshold: integer(),
}, 2);

export const probe = (): fc.Arbitrary<ProbeSpec> => fc.oneof(
  fc.tuple(httpPath(), timings()).map(([path, t]) => HealthProbe.http(path, t)),
  timings().map((t) => HealthProbe.tcp(t)),
  fc.tuple(strings(oneOf(['check', '--ready'], text())), timings()).map(([command, t]) => HealthProbe.exec(command, t)),
  timings().map((t) => HealthProbe.grpc(t)),
  fc.tuple(fc.oneof(port(), oneOf(['http', 'metrics'], text())), timings()).map(([p, t]) => HealthProbe.tcp({ ...t, port: p })),
);

const quantities = (): fc.Arbitrary<Record<string, unknown>> => some({}, { request: quantity(), limit: quantity() }, 2);

/** An init container or sidecar: a name, an image and a size, and a few more settings. */
const extraContainer = (sidecar: boolean): fc.Arbitrary<Record<string, unknown>> => some({
  name: oneOf(['proxy', 'init', 'shipper'], name(), ['api', 'agent']),
  image: image(),
  resources: some({ preset: oneOf(['micro', 'small'], text()) }, { cpu: quantities(), memory: quantities() }, 1),
}, {
  env: dict(envName(), oneOf(['on'], text())),
  args: strings(oneOf(['--flag'], text())),
  writablePaths: dict(absolutePath(), quantity()),
  sharedMounts: fc.array(some({ volume: oneOf(['shared'], name()), mountPath: absolutePath() }, { readOnly: flag() }), { maxLength: 1 }),
  ports: fc.array(some({ name: oneOf(['proxy', 'admin'], text(), ['http', 'metrics']), containerPort: port() }, { protocol: oneOf(['TCP', 'UDP'], text()) }), { maxLength: 1 }),
  security: some({}, { runAsUser: integer(), readOnlyRootFilesystem: flag(), allowRunAsRoot: flag() }, 1),
  ...(sidecar ? {
    native: flag(),
    readinessProbe: fc.oneof(probe(), fc.constant(HealthProbe.none('ships logs, serves nothing'))),
    livenessProbe: probe(),
  } : {}),
}, 3);

/** The container settings every workload shares (WorkloadContainerProps without image). */
const CONTAINER: Record<string, fc.Arbitrary<unknown>> = {
  imagePullPolicy: oneOf(['IfNotPresent', 'Always', 'Never'], text()),
  command: strings(oneOf(['/app', 'serve'], text())),
  args: strings(oneOf(['--port=8080', '-v'], text())),
  env: dict(envName(), oneOf(['info', '1', 'true'], text())),
  config: some({}, { env: dict(envName(), oneOf(['info', 'on'], text())), files: dict(dataKey(), text()), mountPath: absolutePath() }, 2),
  secrets: some({}, {
    env: dict(envName(), fc.record({ secretName: name(), key: dataKey() })),
    files: fc.array(fc.record({ secretName: name(), mountPath: absolutePath() }), { maxLength: 2 }),
  }, 2),
  resources: some({}, { preset: oneOf(['micro', 'small', 'medium', 'large'], text()), cpu: quantities(), memory: quantities(), ephemeralStorage: quantities(), guaranteed: flag() }, 2),
  security: some({}, {
    runAsUser: integer(), runAsGroup: integer(), fsGroup: integer(), readOnlyRootFilesystem: flag(), addCapabilities: strings(oneOf(['NET_BIND_SERVICE'], text())),
    allowRunAsRoot: flag(), unsafeCapabilities: strings(oneOf(['SYS_PTRACE', 'DAC_OVERRIDE', 'NET_ADMIN'], text())), unsafePrivileged: flag(),
    seccompLocalhostProfile: oneOf(['profiles/audit.json'], text(), ['/abs.json', '', '../x']),
  }, 2),
  writablePaths: dict(absolutePath(), quantity()),
  podAnnotations: dict(labelKey(), text()),
  initContainers: fc.array(extraContainer(false), { maxLength: 1 }),
  sidecars: fc.array(extraContainer(true), { maxLength: 1 }),
  sharedVolumes: dict(oneOf(['shared'], name()), quantity()),
  sharedMounts: fc.array(some({ volume: oneOf(['shared'], name()), mountPath: absolutePath() }, { readOnly: flag() }), { maxLength: 1 }),
};

/** Identity and network props (WorkloadIdentityProps) besides name and image. */
const IDENTITY: Record<string, fc.Arbitrary<unknown>> = {
  instance: labelValue(),
  partOf: labelValue(),
  egress: fc.array(some({ cidr: cidr(), ports: fc.array(some({ port: port() }, { protocol: oneOf(['TCP', 'UDP'], text()) }), { minLength: 1, maxLength: 2 }) }, { except: strings(cidr()) }), { maxLength: 2 }),
};

const intOrPercent = (): fc.Arbitrary<number | string> => fc.oneof(integer(), oneOf(['25%', '0%', '100%'], text(), ['101%']));

const workload = (required: Record<string, fc.Arbitrary<unknown>>, own: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> =>
  some({ name: name(), image: image(), ...required }, { ...IDENTITY, ...CONTAINER, ...own });

export const webAppProps = (): fc.Arbitrary<Record<string, unknown>> => workload({ port: port() }, {
  portName: oneOf(['http', 'web', 'metrics'], text()),
  servicePort: port(),
  serviceType: oneOf(['ClusterIP', 'NodePort', 'LoadBalancer'], text()),
  openToAllPods: flag(),
  replicas: integer(),
  strategy: oneOf(['RollingUpdate', 'Recreate'], text()),
  maxSurge: intOrPercent(), maxUnavailable: intOrPercent(),
  revisionHistoryLimit: integer(), progressDeadlineSeconds: integer(), minReadySeconds: integer(),
  healthPath: httpPath(),
  readinessProbe: probe(), livenessProbe: probe(), startupProbe: probe(),
  terminationGracePeriodSeconds: integer(), preStopSleepSeconds: integer(),
  autoscaling: some({ maxReplicas: integer() }, { minReplicas: integer(), cpuUtilization: integer() }),
  ingress: some({ host: host() }, {
    path: httpPath(), pathType: oneOf(['Prefix', 'Exact', 'ImplementationSpecific'], text()), ingressClassName: name(), tlsSecretName: name(), annotations: dict(labelKey(), text()),
  }),
  httpRoute: some({ parentRefs: fc.array(some({ name: name() }, { namespace: name(), sectionName: name() }), { minLength: 1, maxLength: 2 }) }, {
    hostnames: strings(host()), pathPrefixes: strings(httpPath()),
  }),
});

const storage = (): Record<string, fc.Arbitrary<unknown>> => ({
  size: quantity(), storageClassName: name(), accessModes: strings(oneOf(['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany'], text())),
});

/** An engine and an image that runs it: mostly a preset and its official image. */
const engine = (): fc.Arbitrary<Record<string, unknown>> => fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(['postgres', 'postgres:16.4'], ['mysql', 'mysql:8.4'], ['redis', 'redis:7.4'], ['mongodb', 'mongo:7.0']).map(([e, i]) => ({ engine: e, image: i })) },
  { weight: 1, arbitrary: fc.record({ engine: text(), image: image() }) },
  { weight: 1, arbitrary: fc.record({
    image: image(),
    engine: some({ port: port(), dataPath: absolutePath(), readinessProbe: probe() }, { portName: oneOf(['db'], text()), writablePaths: dict(absolutePath(), quantity()), fsGroup: integer() }),
  }) },
);

export const databaseProps = (): fc.Arbitrary<Record<string, unknown>> => fc.tuple(engine(), workload({
  credentials: some({ secret: name() }, { usernameKey: dataKey(), passwordKey: dataKey(), rootPasswordKey: dataKey() }, 2),
}, {
  databaseName: oneOf(['orders', 'db_1'], text()),
  storage: some({}, storage(), 2),
  volumeClaims: fc.array(some({ name: oneOf(['wal', 'logs'], name()), mountPath: absolutePath(), size: quantity() }, storage(), 1), { maxLength: 2 }),
  retention: some({}, { whenDeleted: oneOf(['Retain', 'Delete'], text()), whenScaled: oneOf(['Retain', 'Delete'], text()) }),
  replicas: integer(),
  podManagementPolicy: oneOf(['OrderedReady', 'Parallel'], text()),
  partition: integer(), revisionHistoryLimit: integer(), minReadySeconds: integer(),
  readinessProbe: probe(), livenessProbe: probe(), startupProbe: probe(),
  terminationGracePeriodSeconds: integer(),
})).map(([e, props]) => ({ ...props, ...e }));

const BATCH: Record<string, fc.Arbitrary<unknown>> = {
  backoffLimit: integer(), activeDeadlineSeconds: integer(), restartPolicy: oneOf(['OnFailure', 'Never'], text()),
  volumes: fc.array(some({ claimName: name(), mountPath: absolutePath() }, { readOnly: flag() }), { maxLength: 2 }),
};

const schedule = (): fc.Arbitrary<string | Cron> => fc.oneof(
  { weight: 6, arbitrary: oneOf(['0 2 * * *', '@daily', '*/15 * * * *', '0 0 31 2 *'], text(), ['61 * * * *', '*/99999999999 * * * *', '0 0 * * 7', 'TZ=UTC 0 * * * *']) },
  { weight: 1, arbitrary: fc.constant(Cron.daily()) },
);

export const cronTaskProps = (): fc.Arbitrary<Record<string, unknown>> => workload({ schedule: schedule() }, {
  ...BATCH,
  timeZone: oneOf(['Europe/Berlin', 'UTC', 'US/Pacific'], text(), ['PST', 'us/pacific', 'Local']),
  concurrencyPolicy: oneOf(['Forbid', 'Allow', 'Replace'], text()),
  startingDeadlineSeconds: integer(), successfulJobsHistoryLimit: integer(), failedJobsHistoryLimit: integer(), suspend: flag(),
});

const ROLLOUT: Record<string, fc.Arbitrary<unknown>> = {
  replicas: integer(),
  strategy: oneOf(['RollingUpdate', 'Recreate'], text()),
  maxSurge: fc.oneof(integer(), oneOf(['25%', '0%', '100%'], text(), ['101%'])),
  maxUnavailable: fc.oneof(integer(), oneOf(['25%', '0%', '100%'], text(), ['101%'])),
  revisionHistoryLimit: integer(), progressDeadlineSeconds: integer(), minReadySeconds: integer(),
  autoscaling: some({ maxReplicas: integer() }, { minReplicas: integer(), cpuUtilization: integer() }),
};

const execProbe = (): fc.Arbitrary<unknown> => fc.oneof(
  fc.constant(HealthProbe.exec(['check'])),
  fc.constant(HealthProbe.heartbeat('/tmp/heartbeat')),
  probe(),
);

export const workerProps = (): fc.Arbitrary<Record<string, unknown>> => workload({
  readinessProbe: fc.oneof(execProbe(), fc.constant(HealthProbe.none('a queue consumer serves nothing'))),
}, {
  ...ROLLOUT, livenessProbe: execProbe(), startupProbe: execProbe(), terminationGracePeriodSeconds: integer(),
});

export const taskProps = (): fc.Arbitrary<Record<string, unknown>> => workload({}, {
  ...BATCH, completions: integer(), parallelism: integer(), ttlSecondsAfterFinished: integer(),
});

export const daemonProps = (): fc.Arbitrary<Record<string, unknown>> => workload({}, {
  preset: oneOf(['node-metrics', 'log-shipper'], text()),
  metrics: some({ port: port() }, { portName: oneOf(['metrics'], text()), path: httpPath() }),
  terminationGracePeriodSeconds: integer(),
  includeControlPlane: flag(), tolerateAllTaints: flag(),
  tolerations: fc.array(some({ key: labelKey() }, {
    operator: oneOf(['Equal', 'Exists'], text()), value: labelValue(), effect: oneOf(['NoSchedule', 'NoExecute'], text()), tolerationSeconds: integer(),
  }, 2), { maxLength: 2 }),
  nodeSelector: dict(labelKey(), labelValue()),
  nodeAffinity: fc.array(some({ key: labelKey(), operator: oneOf(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt'], text()) }, { values: strings(labelValue()) }), { maxLength: 2 }),
  priorityClassName: name(),
  maxUnavailable: intOrPercent(), maxSurge: intOrPercent(), minReadySeconds: integer(), revisionHistoryLimit: integer(),
  hostMounts: fc.array(some({ hostPath: absolutePath() }, { mountPath: absolutePath(), type: oneOf(['Directory', 'File'], text()), unsafeWritable: flag() }, 2), { maxLength: 2 }),
  unsafeHostNetwork: flag(), unsafeHostPID: flag(),
  readinessProbe: probe(), livenessProbe: probe(), startupProbe: probe(),
  readCluster: strings(oneOf(['pods', 'nodes', 'deployments.apps', 'nodes/metrics'], text(), ['nodes/proxy', '*'])),
  clusterPermissions: fc.array(some({
    resources: strings(oneOf(['events', 'leases'], text(), ['pods/exec', 'secrets'])),
    verbs: fc.oneof(oneOf(['read', 'write'], text()), strings(oneOf(['get', 'create'], text()))),
  }, { apiGroups: strings(oneOf(['', 'coordination.k8s.io'], text())) }), { maxLength: 2 }),
  unsafeAllowWildcards: flag(),
});

export const accessProps = (): fc.Arbitrary<Record<string, unknown>> => some({}, {
  rules: fc.array(some({
    resources: strings(oneOf(['pods', 'configmaps', 'secrets'], text(), ['pods/exec', 'pods/*', 'serviceaccounts/token', 'nodes/proxy', '*', 'Pods'])),
    verbs: fc.oneof(oneOf(['read', 'write'], text()), strings(oneOf(['get', 'list', 'create', 'update'], text(), ['*']))),
  }, { apiGroups: strings(oneOf(['', 'apps'], text(), ['*'])), resourceNames: strings(name()) }), { maxLength: 2 }),
  clusterRole: oneOf(['view', 'custom-reader'], text(), ['edit', 'admin', 'cluster-admin']),
  clusterWide: flag(), name: name(),
  unsafeAllowPodExec: flag(), unsafeAllowSecretWrite: flag(), unsafeAllowServiceAccountTokens: flag(), unsafeAllowWildcards: flag(), unsafeClusterAdmin: flag(),
}, 5);

export const environmentProps = (): fc.Arbitrary<Record<string, unknown>> => some({ name: name(), environment: oneOf(['prod', 'stage', 'dev', 'test'], text()) }, {
  podSecurityVersion: oneOf(['latest', 'v1.28'], text()),
  quota: some({}, { cpu: quantities(), memory: quantities(), ephemeralStorage: quantities(), pods: integer(), persistentVolumeClaims: integer(), storage: quantity() }, 3),
  containerDefaults: some({}, { preset: oneOf(['micro', 'small'], text()), cpu: quantities() }),
  labels: dict(labelKey(), labelValue()),
});

export const appSecretProps = (): fc.Arbitrary<Record<string, unknown>> => some({ name: name(), stringData: dict(dataKey(), text()) }, { immutable: flag() });

export const claimProps = (): fc.Arbitrary<Record<string, unknown>> => some({ name: name(), size: quantity() }, {
  accessMode: oneOf(['ReadWriteOnce', 'ReadWriteMany'], text()), storageClassName: name(), instance: labelValue(), partOf: labelValue(),
});

/** Values no prop should ever take, and some that only TypeScript's types rule out. */
export const hostileValue = (): fc.Arbitrary<unknown> => fc.oneof(
  fc.constantFrom(null, undefined, NaN, Infinity, -Infinity, -0, 2 ** 31, 2 ** 53 + 2, 1.5, -1, '', true, false, 0, [], {}, [null], [undefined], ['a', 3]),
  fc.constantFrom('x'.repeat(200000), 'a\nb', '\u0000', '\u202egnp', 'constructor', '__proto__', '../../etc', '*', '-', 'Ä'),
  fc.constantFrom(new Date(0), () => 1, Symbol('s'), 10n, new Map(), /re/, Object.create(null), Object.create(new Date(0)), JSON.parse('{"__proto__": {"x": 1}}'), { constructor: 'alice' }, { prototype: 1 }),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.anything({ maxDepth: 2, maxKeys: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withBoxedValues: true }),
);
