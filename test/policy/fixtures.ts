/** Fixtures are free-form JSON that each test edits in place, exactly like hand-written YAML. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = { apiVersion: string; kind: string; [key: string]: any };

export const NS = 'shop';
export const WEB_LABELS = { 'app.kubernetes.io/name': 'web' };

/** A hardened pod spec that passes Pod Security Standards "restricted" and every best-practice rule. */
export function hardenedPodSpec(name = 'web'): Doc['spec'] {
  return {
    serviceAccountName: name,
    automountServiceAccountToken: false,
    securityContext: {
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [{
      name,
      image: 'ghcr.io/acme/web:1.4.2',
      imagePullPolicy: 'IfNotPresent',
      ports: [{ name: 'http', containerPort: 8080 }],
      readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
      livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
      resources: { requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '64Mi' }, limits: { memory: '128Mi', 'ephemeral-storage': '128Mi' } },
      securityContext: {
        allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    }],
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
  };
}

/** A hardened container beside the main one, ready on its first port (or by exec when it has none). */
export function sidecarContainer(name: string, ports: Doc['spec'][] = []): Doc['spec'] {
  const main = hardenedPodSpec(name).containers[0];
  delete main.livenessProbe;
  return {
    ...main,
    image: `ghcr.io/acme/${name}:1.0.0`,
    ports,
    // A TCP check on the first TCP port; a container serving only UDP is checked by a command.
    readinessProbe: ports.some((p) => (p.protocol ?? 'TCP') === 'TCP')
      ? { tcpSocket: { port: ports.find((p) => (p.protocol ?? 'TCP') === 'TCP')!.name } }
      : { exec: { command: ['true'] } },
  };
}

/** The pod template of any workload fixture (Pod, template kinds, CronJob). */
export function podSpecOf(doc: Doc): Doc['spec'] {
  if (doc.kind === 'Pod') return doc.spec;
  if (doc.kind === 'CronJob') return doc.spec.jobTemplate.spec.template.spec;
  return doc.spec.template.spec;
}

/** The first container of a workload fixture. */
export function containerOf(doc: Doc): Doc['spec'] {
  return podSpecOf(doc).containers[0];
}

export function namespace(): Doc {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } };
}

export function serviceAccount(name = 'web'): Doc {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: NS }, automountServiceAccountToken: false };
}

export function deployment(): Doc {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: NS, labels: { ...WEB_LABELS } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { ...WEB_LABELS } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { ...WEB_LABELS } },
        spec: {
          ...hardenedPodSpec(),
          topologySpreadConstraints: [{
            maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: { ...WEB_LABELS } },
          }],
        },
      },
    },
  };
}

export function pod(): Doc {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: NS, labels: { 'app.kubernetes.io/name': 'debug' } }, spec: hardenedPodSpec() };
}

export function service(): Doc {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'web', namespace: NS, labels: { ...WEB_LABELS } },
    spec: { type: 'ClusterIP', selector: { ...WEB_LABELS }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

export function pdb(): Doc {
  return {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace: NS },
    spec: { maxUnavailable: 1, selector: { matchLabels: { ...WEB_LABELS } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  };
}

export function networkPolicy(): Doc {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
    metadata: { name: 'web', namespace: NS },
    spec: { podSelector: { matchLabels: { ...WEB_LABELS } }, policyTypes: ['Ingress', 'Egress'], ingress: [{ ports: [{ port: 8080 }] }], egress: [] },
  };
}

/** The namespace-wide default deny Shipshape's Environment writes: isolates every pod both ways. */
export function defaultDeny(): Doc {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace: NS },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

export function ingress(): Doc {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
    metadata: { name: 'web', namespace: NS },
    spec: {
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [{
        host: 'shop.example.com',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] },
      }],
    },
  };
}

/** A small, valid stack: every rule passes on it. Each test adds or breaks one thing. */
export function baseline(): Doc[] {
  return [namespace(), serviceAccount(), deployment(), service(), pdb(), defaultDeny(), networkPolicy(), ingress()];
}

/** Finds the fixture object of a kind (and name) in a set, to edit it. */
export function find(set: Doc[], kind: string, name?: string): Doc {
  const found = set.find((d) => d.kind === kind && (name === undefined || d.metadata?.name === name));
  if (!found) throw new Error(`fixture has no ${kind} ${name ?? ''}`);
  return found;
}
