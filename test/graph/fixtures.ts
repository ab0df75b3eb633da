import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Manifest } from '../../lib/manifests/manifest';
import { loadManifests } from '../../lib/manifests/yaml';
import { GraphEdge, GraphNode, TopologyGraph } from '../../lib/graph';

// Plain manifests as other tools write them: no Shipshape labels, nothing but what Kubernetes needs.

/** A Deployment whose pods carry `app: <name>` (plus `labels`) and listen on the given named ports. */
export function deployment(namespace: string, name: string, options: { labels?: Record<string, string>; ports?: Record<string, number>; replicas?: number } = {}): Manifest {
  const labels = { app: name, ...options.labels };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
    spec: {
      ...(options.replicas !== undefined ? { replicas: options.replicas } : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels },
        spec: { containers: [{ name, image: `example/${name}:1.0`, ports: Object.entries(options.ports ?? { http: 8080 }).map(([n, p]) => ({ name: n, containerPort: p })) }] },
      },
    },
  };
}

/** A ClusterIP Service selecting `app: <name>`. */
export function service(namespace: string, name: string, port = 80, targetPort: number | string = 'http', extra: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ port, targetPort }], ...extra },
  };
}

/** A Namespace with labels. */
export function namespace(name: string, labels: Record<string, string> = {}): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A NetworkPolicy with the given spec. */
export function networkPolicy(namespace: string, name: string, spec: Record<string, unknown>): Manifest {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

/** Denies all ingress and egress of every pod of the namespace. */
export function defaultDeny(namespace: string): Manifest {
  return networkPolicy(namespace, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
}

/** Lets every pod of the namespace resolve names through kube-dns. */
export function dnsEgress(namespace: string): Manifest {
  return networkPolicy(namespace, 'allow-dns', {
    podSelector: {}, policyTypes: ['Egress'],
    egress: [{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
    }],
  });
}

/** The node with this title (and namespace, when given); fails when there is not exactly one. */
export function nodeTitled(graph: TopologyGraph, title: string, namespace?: string): GraphNode {
  const found = graph.nodes.filter((n) => n.title === title && (namespace === undefined || n.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one node "${title}"${namespace !== undefined ? ` in ${namespace}` : ''}, found ${found.length}`);
  return found[0];
}

/**
 * The edges as `from title --kind: label--> to title` lines, sorted: a readable form to compare
 * whole sets of edges with. Titles carry their namespace as `ns/title` inside a namespace group.
 */
export function edgeLines(graph: TopologyGraph, kinds?: readonly GraphEdge['kind'][]): string[] {
  const names = new Map(graph.nodes.map((n) => [n.id, n.namespace ? `${n.namespace}/${n.title}` : n.title]));
  return graph.edges
    .filter((e) => kinds === undefined || kinds.includes(e.kind))
    .map((e) => `${names.get(e.from)} ${e.bothWays ? '<' : ''}--${e.kind}${e.label.length > 0 ? `: ${e.label.join(' | ')}` : ''}--> ${names.get(e.to)}`)
    .sort();
}

/**
 * Synthesizes the example stack (apps/main.ts) in this process, as `npm run synth` does, into a
 * fresh directory, and returns the directory.
 */
export function synthExampleStack(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-graph-stack-'));
  process.env.CDK8S_OUTDIR = outdir;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require('../../apps/main'));
  } finally {
    delete process.env.CDK8S_OUTDIR;
  }
  return outdir;
}

/** The example stack's objects, read back from YAML as `shipshape graph dist/` reads them. */
export function exampleStackManifests(): Manifest[] {
  return loadManifests([synthExampleStack()]).map((s) => s.manifest);
}
