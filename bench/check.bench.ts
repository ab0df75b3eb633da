// Benchmark: the policy engine over 5,000 objects (target: under 200 ms per run).
// Run: node -r ./bin/register.js bench/check.bench.ts [objects] [runs]
import { Manifest } from '../lib/manifests/manifest';
import { checkManifests } from '../lib/policy';

/** A realistic set: per app a ServiceAccount, Deployment, Service, PDB and NetworkPolicy, over 20 namespaces. */
export function syntheticStack(objects: number): Manifest[] {
  const result: Manifest[] = [];
  for (let i = 0; result.length < objects; i++) {
    const namespace = `team-${i % 20}`;
    const name = `app-${i}`;
    const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
    const container = {
      name, image: `ghcr.io/acme/${name}:1.0.${i}`, imagePullPolicy: 'IfNotPresent',
      ports: [{ name: 'http', containerPort: 8080 }],
      readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
      livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      env: [{ name: 'LOG_LEVEL', value: 'info' }],
    };
    result.push(
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace }, automountServiceAccountToken: false },
      {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, labels },
        spec: {
          replicas: 2, selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: name, automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
              topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } }],
              containers: [container],
            },
          },
        },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: labels, ports: [{ port: 80, targetPort: 'http' }] } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec: { podSelector: { matchLabels: labels } } },
    );
  }
  return result.slice(0, objects);
}

/** Runs the benchmark and prints median/min/max; returns the median in milliseconds. */
export function main(objects = 5000, runs = 7): number {
  const stack = syntheticStack(objects);
  const findings = checkManifests(stack).findings.length; // warm-up, and a sanity check on the input
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    checkManifests(stack);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`policy check: ${objects} objects, ${runs} runs, ${findings} findings`);
  console.log(`  median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (target < 200 ms)`);
  return median;
}

if (require.main === module) {
  main(Number(process.argv[2] ?? 5000), Number(process.argv[3] ?? 7));
}
