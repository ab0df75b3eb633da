import { Chart } from 'cdk8s';
import { CronTask, HealthProbe, PersistentClaim, StatefulDatabase, Task, WebApp, Worker } from 'shipshape';

/** Settings that differ between environments of the example shop. */
export interface ShopSettings {
  /** Replicas of the stateless apps. */
  readonly replicas: number;
  /** Resource preset of the stateless apps. */
  readonly preset: 'small' | 'medium';
  /** The public host name of the storefront. */
  readonly host: string;
}

/** The shop's workloads, for stacks that add to them (backups, monitoring). */
export interface Shop {
  readonly api: WebApp;
  readonly storefront: WebApp;
  /** The orders database (postgres) the API connects to. */
  readonly ordersDb: StatefulDatabase;
  /** The worker that processes paid orders, claiming them from the orders database. */
  readonly orderProcessor: Worker;
}

// The API's tracing agent: an OpenTelemetry Collector beside it receives spans on localhost and
// forwards them in batches to the tracing backend, so the API never blocks on the network for
// them. Only its health endpoint is a declared port: the receiver listens on localhost.
const OTEL_COLLECTOR_CONFIG = `receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:4317
processors:
  batch: {}
exporters:
  otlp:
    endpoint: 192.0.2.20:4317
extensions:
  health_check:
    endpoint: 0.0.0.0:13133
service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [otlp]
`;

/**
 * The example shop: a public storefront behind an Ingress and an internal API behind a Gateway
 * API HTTPRoute.
 */
export function buildShop(chart: Chart, settings: ShopSettings): Shop {
  const api = new WebApp(chart, 'api', {
    name: 'api',
    partOf: 'shop',
    image: 'ghcr.io/acme/shop-api:1.4.2',
    port: 8080,
    replicas: settings.replicas,
    healthPath: '/healthz/ready',
    livenessProbe: { kind: 'http', path: '/healthz/live' },
    resources: { preset: settings.preset },
    config: { env: { LOG_LEVEL: 'info', LOG_FORMAT: 'json' } },
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317' },
    sidecars: [{
      name: 'otel-collector',
      image: 'otel/opentelemetry-collector-contrib:0.104.0',
      args: ['--config=/etc/otel-collector/config.yaml'],
      config: { files: { 'config.yaml': OTEL_COLLECTOR_CONFIG } },
      resources: { preset: 'micro', memory: { limit: '128Mi' } },
      ports: [{ name: 'otel-health', containerPort: 13133 }],
      readinessProbe: HealthProbe.http('/', { port: 'otel-health' }),
    }],
    // The tracing backend the collector forwards to (a documentation address: put yours here).
    egress: [{ cidr: '192.0.2.20/32', ports: [{ port: 4317 }] }],
    httpRoute: {
      parentRefs: [{ name: 'internal', namespace: 'gateways' }],
      hostnames: [`api.${settings.host}`],
      pathPrefixes: ['/v1'],
    },
  });

  const storefront = new WebApp(chart, 'storefront', {
    name: 'storefront',
    partOf: 'shop',
    image: 'ghcr.io/acme/storefront:2.7.0',
    port: 3000,
    servicePort: 80,
    healthPath: '/health',
    preStopSleepSeconds: 5,
    resources: { preset: settings.preset, memory: { limit: '384Mi' } },
    autoscaling: { minReplicas: settings.replicas, maxReplicas: settings.replicas * 4 },
    ingress: { host: settings.host, ingressClassName: 'nginx', tlsSecretName: 'storefront-tls' },
  });
  storefront.connectTo(api);

  // The orders database: its credentials live in a Secret managed outside the chart. One read
  // replica follows the primary (`orders-db-read`): clients may send read-only queries there.
  const ordersDb = new StatefulDatabase(chart, 'orders-db', {
    name: 'orders-db',
    partOf: 'shop',
    engine: 'postgres',
    image: 'postgres:16.4',
    credentials: { secret: 'orders-db-credentials', usernameKey: 'username', passwordKey: 'password' },
    databaseName: 'orders',
    storage: { size: '10Gi' },
    replication: { readReplicas: 1 },
  });
  ordersDb.allowFrom(api);

  // Nightly logical backup of the orders database into its own volume, kept for 14 days. The dump
  // is written under a temporary name first, so a failed run never leaves a truncated file.
  const backups = new PersistentClaim(chart, 'orders-db-backups', { name: 'orders-db-backups', partOf: 'shop', size: '20Gi' });
  new CronTask(chart, 'orders-db-backup', {
    name: 'orders-db-backup',
    partOf: 'shop',
    image: 'postgres:16.4',
    schedule: '0 2 * * *',
    timeZone: 'Europe/Berlin',
    activeDeadlineSeconds: 3600,
    command: ['/bin/sh', '-c', [
      'set -eu',
      'file="/backup/orders-$(date -u +%Y%m%dT%H%M%SZ).dump"',
      'PGPASSWORD="$ORDERS_DB_PASSWORD" pg_dump --host="$ORDERS_DB_HOST" --port="$ORDERS_DB_PORT" --username="$ORDERS_DB_USER" --dbname="$ORDERS_DB_DATABASE" --format=custom --file="$file.partial"',
      'mv "$file.partial" "$file"',
      'find /backup -name \'orders-*.dump*\' -mtime +14 -delete',
    ].join('\n')],
    volumes: [backups.mount('/backup')],
  }).connectTo(ordersDb);

  // Processes paid orders: claims them from the database's outbox table (SELECT … FOR UPDATE SKIP
  // LOCKED), so replicas never take the same order, and touches /tmp/heartbeat on every poll,
  // busy or idle, which the liveness probe checks. On SIGTERM it finishes the order in hand.
  const orderProcessor = new Worker(chart, 'order-processor', {
    name: 'order-processor',
    partOf: 'shop',
    image: 'ghcr.io/acme/order-processor:1.4.2',
    replicas: settings.replicas,
    resources: { preset: settings.preset },
    livenessProbe: HealthProbe.heartbeat('/tmp/heartbeat', { maxAgeSeconds: 60 }),
    readinessProbe: HealthProbe.none('claims orders from the orders database and serves no traffic'),
    terminationGracePeriodSeconds: 60,
  });
  orderProcessor.connectTo(ordersDb);

  // Schema migrations of this API release. The name carries the version: a Job's pod template is
  // immutable, so each release gets its own Job.
  new Task(chart, 'api-migrate', {
    name: 'api-migrate-1-4-2',
    partOf: 'shop',
    image: 'ghcr.io/acme/shop-api:1.4.2',
    command: ['migrate'],
    args: ['up'],
    activeDeadlineSeconds: 900,
  }).connectTo(ordersDb);
  return { api, storefront, ordersDb, orderProcessor };
}
