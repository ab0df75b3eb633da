import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Identity } from './identity';

/** A port that a policy opens. */
export interface PolicyPort {
  readonly port: number;
  readonly protocol?: 'TCP' | 'UDP';
}

/**
 * Egress to the cluster DNS (kube-dns in kube-system, UDP and TCP 53): every pod needs it to
 * resolve Service names, and nothing else is reachable unless a connection allows it.
 */
export function dnsEgressRule(): k8s.NetworkPolicyEgressRule {
  return {
    to: [{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    }],
    ports: [
      { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
      { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
    ],
  };
}

/** NetworkPolicy ports for the given ports. */
export function policyPorts(ports: readonly PolicyPort[]): k8s.NetworkPolicyPort[] {
  return ports.map((p) => ({ protocol: p.protocol ?? 'TCP', port: k8s.IntOrString.fromNumber(p.port) }));
}

/** The base policy of a workload: which ports anyone may reach, and DNS egress. */
export interface WorkloadPolicyProps {
  /** Ports open to any source (e.g. a web app's HTTP port behind an Ingress). @default - none */
  readonly openPorts?: readonly PolicyPort[];
}

/**
 * The workload's own NetworkPolicy, named after it: selects its pods, denies everything not
 * listed, opens `openPorts` to any source and allows DNS egress. Connections add further,
 * narrower policies beside it (NetworkPolicies are additive).
 */
export function workloadNetworkPolicy(scope: Construct, identity: Identity, props: WorkloadPolicyProps): k8s.KubeNetworkPolicy {
  const openPorts = props.openPorts ?? [];
  return new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata: { name: identity.name, labels: { ...identity.labels } },
    spec: {
      podSelector: { matchLabels: { ...identity.selector } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: openPorts.length > 0 ? [{ ports: policyPorts(openPorts) }] : [],
      egress: [dnsEgressRule()],
    },
  });
}
