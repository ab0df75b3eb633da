import { checkManifests } from '../../lib/policy';
import { baseline, Doc, find, podSpecOf, sidecarContainer } from './fixtures';

const web = (set: Doc[]): Doc => find(set, 'Deployment', 'web');

/** The baseline stack with the web pod's spec edited. */
function withPod(edit: (spec: Doc['spec']) => void): Doc[] {
  const set = baseline();
  edit(podSpecOf(web(set)));
  return set;
}

/** Findings as `rule: message`, for exact comparison. */
const findings = (set: Doc[]): string[] => checkManifests(set).findings.map((f) => `${f.ruleId}: ${f.message}`);

/** A native sidecar: an init container that keeps running (Kubernetes 1.29+). */
const native = (container: Doc['spec']): Doc['spec'] => ({ ...container, restartPolicy: 'Always' });

describe('readiness in a pod of several containers', () => {
  test('a sidecar in containers without a readiness probe fails the Deployment', () => {
    const set = withPod((spec) => {
      const sidecar = sidecarContainer('shipper');
      delete sidecar.readinessProbe;
      spec.containers.push(sidecar);
    });
    expect(findings(set)).toEqual(['probe-readiness: container shipper: no readinessProbe']);
  });

  test('a native sidecar without a readiness probe fails too: a pod is ready only when it is', () => {
    const set = withPod((spec) => {
      const sidecar = native(sidecarContainer('shipper'));
      delete sidecar.readinessProbe;
      spec.initContainers = [sidecar];
    });
    expect(findings(set)).toEqual(['probe-readiness: container shipper: no readinessProbe']);
  });

  test('a plain init container needs none: it has finished before the pod serves', () => {
    const set = withPod((spec) => {
      const init = sidecarContainer('migrate');
      delete init.readinessProbe;
      spec.initContainers = [init];
    });
    expect(findings(set)).toEqual([]);
  });

  test('a native sidecar whose liveness repeats its readiness fails probe-distinct', () => {
    const set = withPod((spec) => {
      const sidecar = native(sidecarContainer('proxy', [{ name: 'proxy', containerPort: 4180 }]));
      sidecar.livenessProbe = { ...sidecar.readinessProbe, periodSeconds: 30 };
      spec.initContainers = [sidecar];
    });
    expect(findings(set)).toEqual(['probe-distinct: container proxy: livenessProbe checks the same endpoint as readinessProbe']);
  });
});

describe('a Service\'s named targetPort resolves in a container that runs while the pods serve', () => {
  const target = (set: Doc[], port: string): Doc[] => {
    find(set, 'Service').spec.ports[0].targetPort = port;
    return set;
  };

  test('a port of a sidecar in containers resolves', () => {
    const set = withPod((spec) => { spec.containers.push(sidecarContainer('proxy', [{ name: 'proxy', containerPort: 4180 }])); });
    expect(findings(target(set, 'proxy'))).toEqual([]);
  });

  test('a port of a native sidecar resolves (Kubernetes looks there after the regular containers)', () => {
    const set = withPod((spec) => { spec.initContainers = [native(sidecarContainer('proxy', [{ name: 'proxy', containerPort: 4180 }]))]; });
    expect(findings(target(set, 'proxy'))).toEqual([]);
  });

  test('a port only a plain init container declares does not: it has exited by the time traffic comes', () => {
    const set = withPod((spec) => { spec.initContainers = [sidecarContainer('warmup', [{ name: 'warmup', containerPort: 4180 }])]; });
    expect(findings(target(set, 'warmup'))).toEqual(['service-target-port: targetPort warmup is not a port of a container that runs in the pods of Deployment web']);
  });

  test('a port of another protocol does not: a named port matches only with the Service port\'s protocol', () => {
    const set = withPod((spec) => { spec.containers.push(sidecarContainer('dns', [{ name: 'dns', containerPort: 5353, protocol: 'UDP' }])); });
    expect(findings(target(set, 'dns'))).toEqual(['service-target-port: targetPort dns is not a port of a container that runs in the pods of Deployment web']);
  });
});

describe('ports across the containers of a pod', () => {
  test('a port name two containers declare is reported at the second', () => {
    const set = withPod((spec) => { spec.containers.push(sidecarContainer('exporter', [{ name: 'http', containerPort: 9090 }])); });
    const report = checkManifests(set).findings;
    expect(report.map((f) => [f.ruleId, f.message, f.fields])).toEqual([[
      'pod-ports-unique', 'port name http of container exporter is declared also by container web', ['spec.template.spec.containers[1].ports[0]'],
    ]]);
  });

  test('a port number two containers running side by side declare is reported', () => {
    const set = withPod((spec) => { spec.initContainers = [native(sidecarContainer('proxy', [{ name: 'proxy', containerPort: 8080 }]))]; });
    expect(findings(set)).toEqual(['pod-ports-unique: port 8080/TCP of container proxy is declared also by container web']);
  });

  test('the same number in a plain init container is fine: it exits before the main container binds it', () => {
    const set = withPod((spec) => { spec.initContainers = [sidecarContainer('warmup', [{ name: 'warmup', containerPort: 8080 }])]; });
    expect(findings(set)).toEqual([]);
  });

  test('the same number over TCP and UDP is fine: they are different sockets', () => {
    const set = withPod((spec) => { spec.containers.push(sidecarContainer('dns', [{ name: 'dns', containerPort: 8080, protocol: 'UDP' }])); });
    expect(findings(set)).toEqual([]);
  });
});
