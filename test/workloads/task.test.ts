import { Chart, Testing } from 'cdk8s';
import { ShipshapeError, Task, TaskProps, WebApp } from '../../lib';
import { expectValidOutput, ofKind, single, synthObjects, testChart, shipshapeErrorOf } from '../support/manifests';
import { JobShape, NetworkPolicyShape } from '../support/shapes';

const base: TaskProps = { name: 'migrate', image: 'ghcr.io/acme/shop-api:1.4.2', command: ['migrate'], args: ['up'] };

/** Synthesizes a Task (validating the whole output) and returns every object. */
function synth(props: Partial<TaskProps> = {}) {
  const chart = testChart();
  new Task(chart, 'migrate', { ...base, ...props });
  const objects = synthObjects(chart);
  expectValidOutput(objects);
  return objects;
}

function job(props: Partial<TaskProps> = {}): JobShape {
  return single<JobShape>(synth(props), 'Job');
}

function errorOf(props: Partial<TaskProps>): ShipshapeError {
  return shipshapeErrorOf(() => synth(props));
}

describe('Task snapshots', () => {
  test('defaults', () => {
    expect(synth()).toMatchSnapshot();
  });

  test('every option', () => {
    expect(synth({
      backoffLimit: 5,
      activeDeadlineSeconds: 900,
      restartPolicy: 'Never',
      completions: 4,
      parallelism: 2,
      ttlSecondsAfterFinished: 3600,
      config: { env: { MIGRATIONS_DIR: '/migrations' } },
      secrets: { env: { DATABASE_PASSWORD: { secretName: 'orders-db', key: 'password' } } },
      resources: { preset: 'micro' },
      volumes: [{ claimName: 'seed-data', mountPath: '/seed', readOnly: true }],
    })).toMatchSnapshot();
  });
});

describe('Task defaults', () => {
  test('emits a Job, a ServiceAccount and a NetworkPolicy, all named after name', () => {
    expect(synth().map((o) => `${o.kind}/${o.metadata?.name}`).sort()).toEqual(['Job/migrate', 'NetworkPolicy/migrate', 'ServiceAccount/migrate']);
  });

  test('backoffLimit is 2', () => {
    expect(job().spec.backoffLimit).toBe(2);
  });

  test('ttlSecondsAfterFinished is one day', () => {
    expect(job().spec.ttlSecondsAfterFinished).toBe(86400);
  });

  test('completions and parallelism are 1', () => {
    expect(job().spec.completions).toBe(1);
    expect(job().spec.parallelism).toBe(1);
  });

  test('no activeDeadlineSeconds unless given', () => {
    expect(job().spec).not.toHaveProperty('activeDeadlineSeconds');
  });

  test('no selector: Kubernetes generates a unique one', () => {
    expect(job().spec).not.toHaveProperty('selector');
  });

  test('the pods restart OnFailure', () => {
    expect(job().spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  test('the pods carry the hardened security context', () => {
    expect(job().spec.template.spec.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('the container has no probes, and the pods are not spread', () => {
    const spec = job().spec.template.spec;
    expect(spec.containers[0]).not.toHaveProperty('readinessProbe');
    expect(spec).not.toHaveProperty('topologySpreadConstraints');
  });

  test('no PodDisruptionBudget and no Service', () => {
    const objects = synth();
    expect(ofKind(objects, 'PodDisruptionBudget')).toEqual([]);
    expect(ofKind(objects, 'Service')).toEqual([]);
  });

  test('the Job and its pods carry the identity labels, component task', () => {
    const spec = job();
    expect(spec.metadata.labels['app.kubernetes.io/component']).toBe('task');
    expect(spec.spec.template.metadata.labels).toEqual(spec.metadata.labels);
  });

  test('the NetworkPolicy allows no ingress and only DNS egress', () => {
    const policy = single<{ spec: { ingress: unknown[]; egress: { ports: unknown[] }[] } }>(synth(), 'NetworkPolicy', 'migrate');
    expect(policy.spec.ingress).toEqual([]);
    expect(policy.spec.egress).toHaveLength(1);
    expect(policy.spec.egress[0].ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
  });
});

describe('Task options', () => {
  test('command and args reach the container', () => {
    const container = job().spec.template.spec.containers[0];
    expect(container.command).toEqual(['migrate']);
    expect(container.args).toEqual(['up']);
  });

  test('restartPolicy Never is an opt-in', () => {
    expect(job({ restartPolicy: 'Never' }).spec.template.spec.restartPolicy).toBe('Never');
  });

  test('activeDeadlineSeconds sets the timeout', () => {
    expect(job({ activeDeadlineSeconds: 600 }).spec.activeDeadlineSeconds).toBe(600);
  });

  test('completions and parallelism are written as given', () => {
    const spec = job({ completions: 10, parallelism: 3 }).spec;
    expect(spec.completions).toBe(10);
    expect(spec.parallelism).toBe(3);
  });

  test('parallelism alone leaves completions unset (a work queue)', () => {
    const spec = job({ parallelism: 4 }).spec;
    expect(spec).not.toHaveProperty('completions');
    expect(spec.parallelism).toBe(4);
  });

  test('ttlSecondsAfterFinished may be changed, down to 0', () => {
    expect(job({ ttlSecondsAfterFinished: 0 }).spec.ttlSecondsAfterFinished).toBe(0);
  });

  test('a claim is mounted at its path', () => {
    const spec = job({ volumes: [{ claimName: 'seed-data', mountPath: '/seed' }] }).spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'claim-0', persistentVolumeClaim: { claimName: 'seed-data' } });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'claim-0', mountPath: '/seed' });
  });

  test('connectTo across namespaces adds policies with a namespaceSelector and FQDN env', () => {
    const app = Testing.app();
    const data = new Chart(app, 'data', { namespace: 'data' });
    const jobs = new Chart(app, 'jobs', { namespace: 'jobs' });
    const api = new WebApp(data, 'api', { name: 'api', image: 'ghcr.io/acme/api:1.0.0', port: 8080 });
    new Task(jobs, 'migrate', base).connectTo(api);
    const objects = [...synthObjects(data), ...synthObjects(jobs)];
    expectValidOutput(objects);
    const egress = single<{ spec: { egress: { to: unknown[] }[] } }>(objects, 'NetworkPolicy', 'migrate.to.api.data');
    expect(egress.spec.egress[0].to).toEqual([{
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', 'app.kubernetes.io/component': 'web' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } },
    }]);
    expect(single<NetworkPolicyShape>(objects, 'NetworkPolicy', 'api.from.migrate.jobs').spec.ingress).toEqual([{
      from: [{
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'migrate', 'app.kubernetes.io/instance': 'migrate', 'app.kubernetes.io/component': 'task' } },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'jobs' } },
      }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    }]);
    expect(single<JobShape>(objects, 'Job').spec.template.spec.containers[0].env).toEqual([
      { name: 'API_HOST', value: 'api.data.svc.cluster.local' },
      { name: 'API_PORT', value: '8080' },
    ]);
  });
});

describe('Task invalid input', () => {
  test('a name that is not a DNS label', () => {
    expect(errorOf({ name: 'Migrate' }).prop).toBe('name');
  });

  test('an unpinned image', () => {
    expect(errorOf({ image: 'ghcr.io/acme/shop-api:latest' }).prop).toBe('image');
  });

  test('completions of 0', () => {
    expect(errorOf({ completions: 0 }).message).toBe('test/migrate: completions must be an integer from 1 to 2147483647, got 0');
  });

  test('parallelism of 0', () => {
    expect(errorOf({ parallelism: 0 }).message).toBe('test/migrate: parallelism must be an integer from 1 to 2147483647, got 0');
  });

  test('a negative ttlSecondsAfterFinished', () => {
    expect(errorOf({ ttlSecondsAfterFinished: -1 }).message).toBe('test/migrate: ttlSecondsAfterFinished must be an integer from 0 to 2147483647, got -1');
  });

  test('a fractional backoffLimit', () => {
    expect(errorOf({ backoffLimit: 1.5 }).message).toBe('test/migrate: backoffLimit must be an integer from 0 to 2147483647, got 1.5');
  });

  test('two claims at the same path', () => {
    expect(errorOf({ volumes: [{ claimName: 'a', mountPath: '/data' }, { claimName: 'b', mountPath: '/data' }] }).prop).toBe('volumes[1].mountPath');
  });
});
