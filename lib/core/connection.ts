import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { fail } from './errors';
import { PolicyPort, policyPorts } from './network';
import { checkProps, defineProps, optional, text } from './props';
import { envPrefix } from './validate';
import { Identity, matchSelector, objectMetadata } from './identity';

/** What a connection needs to know about the workload it reaches. */
export interface ConnectionEndpoint {
  /** The workload's name (policy names and the default env prefix derive from it). */
  readonly name: string;
  /** The namespace it runs in, if its chart sets one. */
  readonly namespace: string | undefined;
  /** The labels that select its pods. */
  readonly podSelector: Readonly<Record<string, string>>;
  /** The Service name clients address. */
  readonly serviceName: string;
  /** The Service port clients connect to. */
  readonly servicePort: number;
  /** The pod ports the NetworkPolicies open (policies match pod ports, not Service ports). */
  readonly podPorts: readonly PolicyPort[];
  /** The construct under which the target-side policy is created (in the target's chart). */
  readonly scope: Construct;
  /**
   * Further env for a client, e.g. credential references, given the env prefix and the client's
   * namespace (a Secret reference only resolves within the client's own namespace).
   */
  clientEnv?(prefix: string, clientNamespace: string | undefined): k8s.EnvVar[];
}

/** Something other workloads can connect to: a WebApp, a StatefulDatabase, a daemon's metrics. */
export interface IConnectable {
  /** Describes how to reach it. */
  connectionEndpoint(): ConnectionEndpoint;
}

/**
 * The workload a connection starts from: what a connection needs of it. Every Shipshape workload
 * is one.
 */
export interface ConnectionSource extends Construct {
  /** The workload's name. */
  readonly name: string;
  /** The namespace it runs in, if its chart sets one. */
  readonly namespace: string | undefined;
  /** Its labels and selector. */
  readonly identity: Identity;
  /** Appends the discovery env to its main container. */
  addEnv(...env: k8s.EnvVar[]): void;
}

/** Options of a connection. */
export interface ConnectOptions {
  /**
   * The prefix of the discovery env vars.
   * @default - the target's name in upper case, '-' as '_'
   */
  readonly envPrefix?: string;
}

/** The table of {@link ConnectOptions}. */
export const CONNECT_OPTIONS_PROPS = defineProps<ConnectOptions>('ConnectOptions', { envPrefix: optional(text()) });

/** The FQDN of a Service: the form that works across namespaces. */
export function serviceFqdn(serviceName: string, namespace: string): string {
  return `${serviceName}.${namespace}.svc.cluster.local`;
}

const connected = new WeakMap<ConnectionSource, Set<string>>();

/**
 * Connects `source` to `target`: two NetworkPolicies (egress from the source, ingress to the
 * target) and discovery env in the source. Idempotent per pair.
 */
export function connect(source: ConnectionSource, target: IConnectable, options: ConnectOptions): void {
  if (typeof (target as Partial<IConnectable> | undefined)?.connectionEndpoint !== 'function') {
    fail(source, 'connectTo', 'a workload that serves a port (a WebApp, a StatefulDatabase, a MonitoringDaemon with metrics)', target);
  }
  checkProps(source, options, CONNECT_OPTIONS_PROPS, 'connectTo options');
  const endpoint = target.connectionEndpoint();
  const sameNamespace = source.namespace === endpoint.namespace;
  if (!sameNamespace && (source.namespace === undefined || endpoint.namespace === undefined)) {
    fail(source, 'connectTo', `both workloads in charts with a namespace to connect across charts (${source.name}: ${source.namespace ?? 'none'}, ${endpoint.name}: ${endpoint.namespace ?? 'none'})`, endpoint.name);
  }
  if (endpoint.scope === source) fail(source, 'connectTo', 'another workload', endpoint.name);
  const key = `${endpoint.namespace ?? ''}/${endpoint.name}`;
  const done = connected.get(source) ?? new Set<string>();
  if (done.has(key)) return;

  // The env first: it is the part that can clash, and a failed connection must leave nothing behind.
  const prefix = options.envPrefix ?? envPrefix(endpoint.name);
  if (!/^[A-Z_][A-Z0-9_]*$/.test(prefix)) fail(source, 'envPrefix', 'upper-case letters, digits and \'_\'', prefix);
  const host = sameNamespace ? endpoint.serviceName : serviceFqdn(endpoint.serviceName, endpoint.namespace!);
  source.addEnv(
    { name: `${prefix}_HOST`, value: host },
    { name: `${prefix}_PORT`, value: String(endpoint.servicePort) },
    ...(endpoint.clientEnv?.(prefix, source.namespace) ?? []),
  );
  done.add(key);
  connected.set(source, done);

  const ports = policyPorts(endpoint.podPorts);
  const targetPods = { matchLabels: { ...endpoint.podSelector } };
  const sourcePods = matchSelector(source.identity);
  // Across namespaces a peer is `<name>.<namespace>`, as in DNS. The parts are joined by '.',
  // which never occurs in a workload name or namespace: `a` to `to-b` (a.to.to-b) and `a-to` to `b`
  // (a-to.to.b) stay apart, and no connection policy takes a workload's own policy name.
  const sourceRef = sameNamespace ? source.name : `${source.name}.${source.namespace}`;
  const targetRef = sameNamespace ? endpoint.name : `${endpoint.name}.${endpoint.namespace}`;

  new k8s.KubeNetworkPolicy(source, `ConnectTo-${targetRef}`, {
    metadata: objectMetadata(source.identity, `${source.name}.to.${targetRef}`),
    spec: {
      podSelector: sourcePods,
      policyTypes: ['Egress'],
      egress: [{
        to: [sameNamespace
          ? { podSelector: targetPods }
          : { podSelector: targetPods, namespaceSelector: namespaceSelector(endpoint.namespace!) }],
        ports,
      }],
    },
  });
  new k8s.KubeNetworkPolicy(endpoint.scope, `AllowFrom-${sourceRef}`, {
    metadata: { name: `${endpoint.name}.from.${sourceRef}`, labels: { ...endpoint.podSelector } },
    spec: {
      podSelector: targetPods,
      policyTypes: ['Ingress'],
      ingress: [{
        from: [sameNamespace
          ? { podSelector: sourcePods }
          : { podSelector: sourcePods, namespaceSelector: namespaceSelector(source.namespace!) }],
        ports,
      }],
    },
  });

}

function namespaceSelector(namespace: string): k8s.LabelSelector {
  // Set by the API server on every namespace since Kubernetes 1.22.
  return { matchLabels: { 'kubernetes.io/metadata.name': namespace } };
}

