import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { isStrictSubnet, parseCidr } from '../kube/network';
import { fail } from './errors';
import { Identity, objectMetadata, matchSelector } from './identity';
import { defineProps, integer, list, optional, required, shape, text, texts } from './props';
import { requireOneOf, requirePort } from './validate';

/** A port that a policy opens. */
export interface PolicyPort {
  /** The port number (of the pods: NetworkPolicies match pod ports, not Service ports). */
  readonly port: number;
  /**
   * The protocol.
   * @default 'TCP'
   */
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

/** A destination outside the cluster's workloads that pods may reach. */
export interface EgressRule {
  /**
   * An IPv4 or IPv6 CIDR block, e.g. '203.0.113.10/32' for a log store, or the API server's
   * endpoint addresses (`kubectl get endpoints kubernetes`).
   */
  readonly cidr: string;
  /**
   * Blocks within `cidr` to leave out; each must lie inside `cidr` with a longer prefix.
   * @default - none
   */
  readonly except?: readonly string[];
  /** The ports allowed; at least one. */
  readonly ports: readonly PolicyPort[];
}

/** Network isolation props every workload takes. */
export interface NetworkProps {
  /**
   * Egress beyond DNS and declared connections: CIDR blocks and ports, such as an external
   * database, a log store or the Kubernetes API server. Changeable.
   * @default - none: DNS and connections only
   */
  readonly egress?: readonly EgressRule[];
}

/** The table of {@link PolicyPort}. */
export const POLICY_PORT_PROPS = defineProps<PolicyPort>('PolicyPort', {
  port: required(integer()),
  protocol: optional(text()),
});

/** The table of {@link EgressRule}. */
export const EGRESS_RULE_PROPS = defineProps<EgressRule>('EgressRule', {
  cidr: required(text()),
  except: optional(texts()),
  ports: required(list(shape(POLICY_PORT_PROPS))),
});

/** The table of {@link NetworkProps}. */
export const NETWORK_PROPS = defineProps<NetworkProps>('NetworkProps', {
  egress: optional(list(shape(EGRESS_RULE_PROPS))),
});

/** The base policy of a workload: which ports anyone may reach, DNS and declared egress. */
export interface WorkloadPolicyProps {
  /**
   * Ports open to any source (e.g. a web app's HTTP port behind an Ingress).
   * @default - none
   */
  readonly openPorts?: readonly PolicyPort[];
  /**
   * Further egress (see {@link NetworkProps.egress}).
   * @default - none
   */
  readonly egress?: readonly EgressRule[];
}

function egressRule(scope: Construct, prop: string, rule: EgressRule): k8s.NetworkPolicyEgressRule {
  const cidr = (value: unknown, at: string): string => {
    if (typeof value !== 'string' || parseCidr(value) === undefined) fail(scope, at, 'a CIDR block such as \'10.0.0.0/8\' or \'2001:db8::/32\'', value);
    return value;
  };
  const block = parseCidr(cidr(rule.cidr, `${prop}.cidr`))!;
  const ports = rule.ports;
  if (!Array.isArray(ports) || ports.length === 0) fail(scope, `${prop}.ports`, 'at least one port', ports);
  ports.forEach((p, i) => {
    requirePort(scope, `${prop}.ports[${i}].port`, p.port);
    if (p.protocol !== undefined) requireOneOf(scope, `${prop}.ports[${i}].protocol`, p.protocol, ['TCP', 'UDP']);
  });
  const except = (rule.except ?? []).map((e, i) => {
    const at = `${prop}.except[${i}]`;
    if (!isStrictSubnet(parseCidr(cidr(e, at))!, block)) fail(scope, at, `a block inside ${prop}.cidr (${rule.cidr}) with a longer prefix`, e);
    return e;
  });
  return {
    to: [{ ipBlock: { cidr: rule.cidr, ...(except.length > 0 ? { except } : {}) } }],
    ports: policyPorts(ports),
  };
}

/**
 * The workload's own NetworkPolicy, named after it: selects its pods, denies everything not
 * listed, opens `openPorts` to any source and allows DNS egress and the declared `egress`.
 * Connections add further,
 * narrower policies beside it (NetworkPolicies are additive).
 */
export function workloadNetworkPolicy(scope: Construct, identity: Identity, props: WorkloadPolicyProps): k8s.KubeNetworkPolicy {
  const openPorts = props.openPorts ?? [];
  const egress = (props.egress ?? []).map((rule, i) => egressRule(scope, `egress[${i}]`, rule));
  return new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata: objectMetadata(identity),
    spec: {
      podSelector: matchSelector(identity),
      policyTypes: ['Ingress', 'Egress'],
      ingress: openPorts.length > 0 ? [{ ports: policyPorts(openPorts) }] : [],
      egress: [dnsEgressRule(), ...egress],
    },
  });
}
