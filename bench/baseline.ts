// Scale benchmark, the baseline: the same fleet written directly on cdk8s-plus-28 (L2 Deployment
// and Service) plus the L1 objects needed to emit the same number and kinds of documents as
// Shipshape (ServiceAccount, PodDisruptionBudget, NetworkPolicies, the databases' objects).
// Prints one JSON line (ScaleResult). Run: node -r ./bin/register.js bench/baseline.ts 1000
import { performance } from 'perf_hooks';
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { countDocuments, FLEET_NAMESPACE, fleet, FleetApp, FleetDatabase, fleetSizeFromArgs, ScaleResult } from './fleet';

function labelsOf(name: string, component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': component, 'app.kubernetes.io/part-of': 'fleet' };
}

const DNS_EGRESS: k8s.NetworkPolicyEgressRule = {
  to: [{
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
    podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
  }],
  ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) }],
};

/** One PostgreSQL database on L1 objects: cdk8s-plus-28 has no volumeClaimTemplates. */
function database(scope: Construct, spec: FleetDatabase): Construct {
  const c = new Construct(scope, spec.name);
  const labels = labelsOf(spec.name, 'database');
  const selector = { 'app.kubernetes.io/name': spec.name, 'app.kubernetes.io/instance': spec.name };
  const secretEnv = (name: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: spec.credentialsSecret, key } } });
  new k8s.KubeServiceAccount(c, 'ServiceAccount', { metadata: { name: spec.name, labels }, automountServiceAccountToken: false });
  new k8s.KubeStatefulSet(c, 'StatefulSet', {
    metadata: { name: spec.name, labels },
    spec: {
      serviceName: `${spec.name}-headless`,
      replicas: 1,
      selector: { matchLabels: selector },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: spec.name,
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: spec.name,
            image: spec.image,
            ports: [{ name: 'postgres', containerPort: 5432 }],
            env: [
              { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
              secretEnv('POSTGRES_USER', 'username'), secretEnv('POSTGRES_PASSWORD', 'password'),
            ],
            readinessProbe: { exec: { command: ['sh', '-c', 'exec pg_isready -h 127.0.0.1 -p 5432'] } },
            livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('postgres') }, initialDelaySeconds: 30 },
            resources: {
              requests: { cpu: k8s.Quantity.fromString('250m'), memory: k8s.Quantity.fromString('512Mi') },
              limits: { cpu: k8s.Quantity.fromString('1'), memory: k8s.Quantity.fromString('512Mi') },
            },
            securityContext: {
              allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
              capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
            },
            volumeMounts: [
              { name: 'tmp', mountPath: '/tmp' },
              { name: 'run', mountPath: '/var/run/postgresql' },
              { name: 'data', mountPath: '/var/lib/postgresql/data' },
            ],
          }],
          volumes: [
            { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
            { name: 'run', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
          ],
        },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'data', labels: selector },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: k8s.Quantity.fromString('10Gi') } } },
      }],
    },
  });
  const port = { name: 'postgres', port: 5432, targetPort: k8s.IntOrString.fromString('postgres') };
  new k8s.KubeService(c, 'Headless', {
    metadata: { name: `${spec.name}-headless`, labels },
    spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector, ports: [port] },
  });
  new k8s.KubeService(c, 'Service', { metadata: { name: spec.name, labels }, spec: { selector, ports: [port] } });
  new k8s.KubeNetworkPolicy(c, 'NetworkPolicy', {
    metadata: { name: spec.name, labels },
    spec: { podSelector: { matchLabels: selector }, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [DNS_EGRESS] },
  });
  return c;
}

/** Lets an app reach its database: egress from the app, ingress to the database, and discovery env. */
function connectToDatabase(app: Construct, appSelector: Record<string, string>, appName: string, db: Construct, dbName: string): void {
  const dbPods = { matchLabels: { 'app.kubernetes.io/name': dbName, 'app.kubernetes.io/instance': dbName } };
  const ports = [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(5432) }];
  new k8s.KubeNetworkPolicy(app, 'ToDatabase', {
    metadata: { name: `${appName}-to-${dbName}` },
    spec: { podSelector: { matchLabels: appSelector }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: dbPods }], ports }] },
  });
  new k8s.KubeNetworkPolicy(db, `From-${appName}`, {
    metadata: { name: `${dbName}-from-${appName}` },
    spec: { podSelector: dbPods, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: appSelector } }], ports }] },
  });
}

/** One web app the way a team writes it on cdk8s-plus-28 without Shipshape. */
function webApp(scope: Construct, spec: FleetApp, db: Construct): void {
  const c = new Construct(scope, spec.name);
  const labels = labelsOf(spec.name, 'web');
  const selector = { 'cdk8s.io/metadata.addr': `${spec.name}-deployment` };
  new k8s.KubeServiceAccount(c, 'ServiceAccount', { metadata: { name: spec.name, labels }, automountServiceAccountToken: false });
  const tmp = kplus.Volume.fromEmptyDir(c, 'tmp', 'tmp', { sizeLimit: Size.mebibytes(256) });
  const deployment = new kplus.Deployment(c, 'Deployment', {
    metadata: { name: spec.name, labels },
    replicas: 2,
    strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(25), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
    serviceAccount: kplus.ServiceAccount.fromServiceAccountName(c, 'ServiceAccountRef', spec.name),
    automountServiceAccountToken: false,
    securityContext: { user: 10001, group: 10001, fsGroup: 10001, ensureNonRoot: true },
    spread: true,
    volumes: [tmp],
    containers: [{
      name: spec.name,
      image: spec.image,
      portNumber: spec.port,
      readiness: kplus.Probe.fromHttpGet('/healthz', { port: spec.port }),
      resources: {
        cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(256), limit: Size.mebibytes(256) },
        // cdk8s-plus-28 renders ephemeral storage in whole GiB only.
        ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(1) },
      },
      securityContext: {
        ensureNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false,
        capabilities: { drop: [kplus.Capability.ALL] },
        seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      },
      volumeMounts: [{ path: '/tmp', volume: tmp }],
      envVariables: {
        [`${spec.database.toUpperCase().replace(/-/g, '_')}_HOST`]: kplus.EnvValue.fromValue(spec.database),
        [`${spec.database.toUpperCase().replace(/-/g, '_')}_PORT`]: kplus.EnvValue.fromValue('5432'),
      },
    }],
  });
  deployment.exposeViaService({ name: spec.name, ports: [{ port: spec.port, targetPort: spec.port }] });
  new k8s.KubePodDisruptionBudget(c, 'PodDisruptionBudget', {
    metadata: { name: spec.name, labels },
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
  });
  new k8s.KubeNetworkPolicy(c, 'NetworkPolicy', {
    metadata: { name: spec.name, labels },
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(spec.port) }] }],
      egress: [DNS_EGRESS],
    },
  });
  connectToDatabase(c, selector, spec.name, db, spec.database);
}

/** Builds the fleet on cdk8s-plus-28 and L1 objects. */
export function buildBaselineFleet(app: App, n: number): void {
  const chart = new Chart(app, 'fleet', { namespace: FLEET_NAMESPACE });
  const { apps, databases } = fleet(n);
  const byName = new Map(databases.map((spec) => [spec.name, database(chart, spec)]));
  for (const spec of apps) webApp(chart, spec, byName.get(spec.database)!);
}

function main(): void {
  const loadMs = performance.now();
  const n = fleetSizeFromArgs(process.argv.slice(2));
  const start = performance.now();
  const app = new App();
  buildBaselineFleet(app, n);
  const yaml = app.synthYaml();
  const ms = performance.now() - start;
  const result: ScaleResult = { ...countDocuments(yaml), ms, loadMs, rss: process.resourceUsage().maxRSS / 1024 };
  console.log(JSON.stringify(result));
}

if (require.main === module) main();
