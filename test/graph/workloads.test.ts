import { Manifest } from '../../lib/manifests/manifest';
import { buildGraph } from '../../lib/graph';
import { deployment, edgeLines, nodeTitled } from './fixtures';

const podTemplate = (spec: Record<string, unknown> = {}): Record<string, unknown> => ({
  metadata: { labels: { app: 'x' } },
  spec: { containers: [{ name: 'main', image: 'example/x:1.0' }], ...spec },
});

function workload(kind: string, name: string, spec: Record<string, unknown>, apiVersion = 'apps/v1'): Manifest {
  return { apiVersion, kind, metadata: { name, namespace: 'ns' }, spec };
}

function claim(name: string, spec: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'ns' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } }, ...spec },
  };
}

describe('workload nodes', () => {
  test('a Deployment without replicas runs one; with a HorizontalPodAutoscaler it shows the range', () => {
    const hpa: Manifest = {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'scaled', namespace: 'ns' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'scaled' }, minReplicas: 2, maxReplicas: 6 },
    };
    const graph = buildGraph([deployment('ns', 'single'), deployment('ns', 'scaled'), hpa]);
    expect(nodeTitled(graph, 'Deployment single').details[0]).toBe('1 replica');
    expect(nodeTitled(graph, 'Deployment scaled').details[0]).toBe('autoscaled 2-6 replicas');
  });

  test('a CronJob shows its schedule and time zone, and whether it is suspended', () => {
    const cron = workload('CronJob', 'nightly', {
      schedule: '0 2 * * *', timeZone: 'Europe/Berlin', suspend: true, jobTemplate: { spec: { template: podTemplate() } },
    }, 'batch/v1');
    expect(nodeTitled(buildGraph([cron]), 'CronJob nightly').details.slice(0, 2)).toEqual(['schedule 0 2 * * * Europe/Berlin', 'suspended']);
  });

  test('a Job runs once unless it asks for more completions; a DaemonSet runs one pod per node', () => {
    const graph = buildGraph([
      workload('Job', 'once', { template: podTemplate() }, 'batch/v1'),
      workload('Job', 'batch', { completions: 5, template: podTemplate() }, 'batch/v1'),
      workload('DaemonSet', 'agent', { selector: { matchLabels: { app: 'x' } }, template: podTemplate() }),
    ]);
    expect(nodeTitled(graph, 'Job once').details[0]).toBe('runs once');
    expect(nodeTitled(graph, 'Job batch').details[0]).toBe('5 completions');
    expect(nodeTitled(graph, 'DaemonSet agent').details[0]).toBe('one pod per node');
  });

  test('workloads of the same name and different kinds are different nodes with different ids', () => {
    const graph = buildGraph([deployment('ns', 'app'), workload('Job', 'app', { template: podTemplate() }, 'batch/v1')]);
    const ids = graph.nodes.filter((n) => n.kind === 'workload').map((n) => n.id);
    expect(ids).toEqual(['deploy_ns_app', 'job_ns_app']);
  });
});

describe('storage', () => {
  test('a StatefulSet\'s claim templates show size, access mode, class and the PVC names per pod', () => {
    const sts = workload('StatefulSet', 'db', {
      replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'x' } },
      template: podTemplate({ containers: [{ name: 'main', image: 'example/db:1.0', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] }),
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '50Gi' } } } }],
    });
    const graph = buildGraph([sts]);
    expect(nodeTitled(graph, 'StatefulSet db').details[0]).toBe('3 replicas');
    expect(nodeTitled(graph, 'claim template data').details).toEqual(['50Gi RWO per pod', 'class fast', 'PVCs data-db-0 … data-db-2']);
    expect(edgeLines(graph, ['storage'])).toEqual(['ns/StatefulSet db --storage: /data--> ns/claim template data']);
  });

  test('a mounted claim links its workload with the mount path; read-only mounts say so', () => {
    const graph = buildGraph([claim('shared'), workload('Deployment', 'reader', {
      selector: { matchLabels: { app: 'x' } },
      template: podTemplate({
        containers: [{ name: 'main', image: 'example/x:1.0', volumeMounts: [{ name: 'files', mountPath: '/srv', readOnly: true }] }],
        volumes: [{ name: 'files', persistentVolumeClaim: { claimName: 'shared' } }],
      }),
    })]);
    expect(edgeLines(graph, ['storage'])).toEqual(['ns/Deployment reader --storage: /srv (read-only)--> ns/PVC shared']);
    expect(nodeTitled(graph, 'PVC shared').details).toEqual(['5Gi RWO']);
  });

  test('a claim no workload mounts is drawn and says so; a mounted claim missing from the manifests is marked', () => {
    const graph = buildGraph([claim('orphan'), workload('Deployment', 'app', {
      selector: { matchLabels: { app: 'x' } },
      template: podTemplate({ volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'elsewhere' } }] }),
    })]);
    expect(nodeTitled(graph, 'PVC orphan').details).toEqual(['5Gi RWO', 'not mounted by any workload']);
    expect(nodeTitled(graph, 'PVC elsewhere').missing).toBe(true);
  });
});

describe('host access', () => {
  test('hostPath volumes with how they are mounted, host namespaces, host ports and privileged containers', () => {
    const agent = workload('DaemonSet', 'agent', {
      selector: { matchLabels: { app: 'x' } },
      template: podTemplate({
        hostNetwork: true, hostPID: true,
        containers: [{
          name: 'main', image: 'example/agent:1.0', securityContext: { privileged: true },
          ports: [{ containerPort: 9100, hostPort: 9100 }],
          volumeMounts: [{ name: 'logs', mountPath: '/logs', readOnly: true }, { name: 'state', mountPath: '/state' }],
        }],
        volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }, { name: 'state', hostPath: { path: '/var/lib/agent' } }],
      }),
    });
    expect(edgeLines(buildGraph([agent]), ['host'])).toEqual([
      'ns/DaemonSet agent --host: /var/log (read-only) | /var/lib/agent (read-write) | host network | host PID | host port 9100 | privileged container main--> node host',
    ]);
  });

  test('a workload without host access has no edge to the host', () => {
    expect(edgeLines(buildGraph([deployment('ns', 'app')]), ['host'])).toEqual([]);
  });
});
