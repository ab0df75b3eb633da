/**
 * What a node of the topology graph stands for. Workloads carry their Kubernetes kind in
 * {@link GraphNode.objectKind}; the other kinds are entry points, storage and the peers that
 * NetworkPolicies name.
 */
export type GraphNodeKind =
  /** A Deployment, StatefulSet, DaemonSet, CronJob, Job, ReplicaSet, ReplicationController or Pod. */
  | 'workload'
  /** A Service. */
  | 'service'
  /** An Ingress. */
  | 'ingress'
  /** A Gateway API HTTPRoute. */
  | 'route'
  /** A Gateway an HTTPRoute attaches to. */
  | 'gateway'
  /** A PersistentVolumeClaim. */
  | 'claim'
  /** A StatefulSet's volumeClaimTemplate: one claim per pod. */
  | 'claim-template'
  /** Clients outside the cluster: where Ingress, Gateway, NodePort and LoadBalancer traffic enters. */
  | 'entry'
  /** Any pod or address: the peer of a NetworkPolicy rule without `from`/`to`, or of a pod no policy isolates. */
  | 'anywhere'
  /** Every pod of some namespaces: a NetworkPolicy peer whose podSelector is empty. */
  | 'pod-group'
  /** Pods a NetworkPolicy peer names that no workload of the input matches (other namespaces, other tools). */
  | 'external-pods'
  /** An IP block (`ipBlock`) a NetworkPolicy allows. */
  | 'ip-block'
  /** The node's own host: hostPath volumes, host network, PID and IPC namespaces, host ports. */
  | 'host'
  /** The policy check's findings on objects the picture does not draw (NetworkPolicies, budgets, accounts…). */
  | 'findings';

/** The policy check's findings on one object (with `--check`). */
export interface NodeFindings {
  /** Error findings. */
  readonly errors: number;
  /** Warning findings. */
  readonly warnings: number;
  /** The rules that found them, sorted, each once. */
  readonly rules: readonly string[];
}

/** One box of the picture. */
export interface GraphNode {
  /** Unique and stable across runs; letters, digits and '_' only, so every format can use it as is. */
  readonly id: string;
  /** What the node stands for. */
  readonly kind: GraphNodeKind;
  /** The Kubernetes kind of the object drawn, when the node is one object. */
  readonly objectKind?: string;
  /** The namespace group the node is drawn in; undefined for nodes outside every namespace. */
  readonly namespace?: string;
  /** The first line of the label, e.g. `Deployment api`. */
  readonly title: string;
  /** Further label lines, e.g. `3 replicas`, `schedule 0 2 * * *`. */
  readonly details: readonly string[];
  /** Referenced by the input (an Ingress backend, an HTTPRoute parent) but not part of it. */
  readonly missing?: boolean;
  /** Findings of the policy check, when the graph was built with findings. */
  readonly findings?: NodeFindings;
}

/** What an edge means. */
export type GraphEdgeKind =
  /** Requests routed: clients → Ingress/Gateway/Service, Ingress/HTTPRoute → Service, Gateway → HTTPRoute, Service → pods. */
  | 'route'
  /** Traffic the NetworkPolicies allow, labelled with the ports. */
  | 'traffic'
  /** Traffic one side's NetworkPolicy allows and the other side's does not: it is dropped. */
  | 'blocked'
  /** A volume: workload → claim or claim template, labelled with the mount path. */
  | 'storage'
  /** Host access: workload → host, labelled with what it uses. */
  | 'host';

/** One arrow of the picture. */
export interface GraphEdge {
  /** Id of the source node. */
  readonly from: string;
  /** Id of the target node. */
  readonly to: string;
  /** What the arrow means. */
  readonly kind: GraphEdgeKind;
  /** Label lines (ports, host and path, mount path); empty for none. */
  readonly label: readonly string[];
  /** Drawn with arrow heads at both ends: traffic allowed both ways (a pod no NetworkPolicy isolates). */
  readonly bothWays?: boolean;
}

/** A namespace drawn as a group. */
export interface GraphNamespace {
  /** The namespace name; '' for objects without `metadata.namespace` (the namespace `kubectl apply` targets). */
  readonly name: string;
  /** Id of the group, unique among node and group ids. */
  readonly id: string;
  /** The group's label. */
  readonly title: string;
  /** False for a namespace the input only refers to (a Gateway's, a NetworkPolicy peer's). */
  readonly inInput: boolean;
  /** Findings of the policy check on objects of this namespace that are not drawn (policies, budgets, accounts). */
  readonly findingsNotDrawn?: NodeFindings;
}

/** The topology of a set of manifests, in a stable order: the input of every renderer. */
export interface TopologyGraph {
  /** Namespace groups, sorted by name ('' last). */
  readonly namespaces: readonly GraphNamespace[];
  /** Nodes, sorted by group, then kind, then title. */
  readonly nodes: readonly GraphNode[];
  /** Edges, sorted by source, target and kind. */
  readonly edges: readonly GraphEdge[];
  /** How many objects the input held. */
  readonly objects: number;
}

/** Every label line of a node: title, details, findings, and a note when it is not in the input. */
export function nodeLabelLines(node: GraphNode): string[] {
  const lines = [node.title, ...node.details];
  if (node.missing) lines.push('not in these manifests');
  if (node.findings) lines.push(findingsLine(node.findings));
  return lines;
}

/** `2 errors, 1 warning: rule-a, rule-b`. */
export function findingsLine(findings: NodeFindings): string {
  const counts = [
    findings.errors > 0 ? `${findings.errors} error${findings.errors === 1 ? '' : 's'}` : '',
    findings.warnings > 0 ? `${findings.warnings} warning${findings.warnings === 1 ? '' : 's'}` : '',
  ].filter((c) => c !== '');
  return `⚠ ${counts.join(', ')}: ${findings.rules.join(', ')}`;
}
