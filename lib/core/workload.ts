import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ConnectOptions, ConnectionEndpoint, IConnectable, connect } from './connection';
import { fail } from './errors';
import { IDENTITY_PROPS, Identity, IdentityProps, chartNamespace, objectMetadata, resolveIdentity } from './identity';
import { ImageReference } from '../kube/image';
import { requirePinnedImage, versionLabel } from './image';
import { WorkloadContainerProps, HardenedPod, PodExtras, hardenedPod } from './pod';
import { NETWORK_PROPS, NetworkProps, PolicyPort, workloadNetworkPolicy } from './network';
import { Props, PropsTable, checkProps, defineProps, required, text } from './props';
import { PodSecurityLevel } from '../kube/pod-security';
import { SUPPRESS_ANNOTATION } from '../kube/vocabulary';

/** The policy rule that asks every long-running container for a readiness probe (read side, by ID). */
const READINESS_RULE = 'probe-readiness';

/** Props every workload construct takes besides its container settings. */
export interface WorkloadIdentityProps extends IdentityProps, NetworkProps {
  /** The container image (see {@link WorkloadContainerProps.image}). */
  readonly image: string;
}

/** The fields of {@link WorkloadIdentityProps}, for the tables of the constructs that take them. */
export const WORKLOAD_IDENTITY_FIELDS: PropsTable<WorkloadIdentityProps> = {
  ...IDENTITY_PROPS.fields,
  ...NETWORK_PROPS.fields,
  image: required(text()),
};

/** The table of {@link WorkloadIdentityProps}. */
export const WORKLOAD_IDENTITY_PROPS = defineProps<WorkloadIdentityProps>('WorkloadIdentityProps', WORKLOAD_IDENTITY_FIELDS);

/** What a workload construct tells its base class about itself. */
export interface WorkloadKind {
  /** The `app.kubernetes.io/component` label, e.g. 'web'. */
  readonly component: string;
  /** The table of the construct's props. */
  readonly props: Props<unknown>;
}

/**
 * The base of every Shipshape workload: a stable identity derived from `name`, a dedicated
 * ServiceAccount, one hardened pod template, and outgoing connections.
 *
 * The namespace is the enclosing Chart's (for example an `Environment`); objects carry it as
 * metadata.namespace.
 */
export abstract class ShipshapeWorkload extends Construct {
  /** The workload's name: metadata.name of its objects and the root of its labels. */
  public readonly name: string;
  /** The namespace of the enclosing chart, when it sets one. */
  public readonly namespace: string | undefined;
  /** The labels and selector derived from the name. */
  public readonly identity: Identity;
  /** The validated image. */
  public readonly image: ImageReference;
  /** The name of the workload's own ServiceAccount. */
  public readonly serviceAccountName: string;
  private hardened: HardenedPod | undefined;
  private readonly egress: NetworkProps['egress'];

  /**
   * @param props the construct's props, checked against `kind.props` before anything is built
   * @param kind the `app.kubernetes.io/component` label of the construct and the table of its props
   */
  protected constructor(scope: Construct, id: string, props: WorkloadIdentityProps, kind: WorkloadKind) {
    super(scope, id);
    checkProps(this, props, kind.props);
    this.namespace = chartNamespace(this);
    this.image = requirePinnedImage(this, 'image', props.image);
    this.identity = resolveIdentity(this, props, kind.component, versionLabel(this.image));
    this.name = this.identity.name;
    this.serviceAccountName = this.name;
    this.egress = props.egress;
    // One account per workload, without an API token unless access is granted (Polaris; Bitnami).
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: objectMetadata(this.identity, this.serviceAccountName),
      automountServiceAccountToken: false,
    });
  }

  /** The Pod Security Standards level this workload's pods need; namespaces are labelled to match. */
  public get podSecurityLevel(): PodSecurityLevel {
    return this.pod.security.level;
  }

  /** The hardened pod template (set once by the construct). */
  protected get pod(): HardenedPod {
    if (!this.hardened) throw new Error(`${this.node.path}: the pod template is not built yet`);
    return this.hardened;
  }

  /**
   * Metadata of the workload's controller (Deployment, StatefulSet): its name and labels, and when
   * a container runs without a readiness probe by choice (`HealthProbe.none`), the suppression of
   * the readiness rule with each container's reason, for reviewers and the policy check.
   */
  protected controllerMetadata(): { name: string; labels: Record<string, string>; annotations?: Record<string, string> } {
    const waivers = this.pod.readinessWaivers;
    const metadata = objectMetadata(this.identity);
    if (waivers.length === 0) return metadata;
    const reasons = waivers.map((w) => `${w.container}: ${w.reason}`).join(' / ');
    return { ...metadata, annotations: { [SUPPRESS_ANNOTATION]: `${READINESS_RULE}: ${reasons}` } };
  }

  /**
   * Creates the workload's own NetworkPolicy: ingress only on `openPorts` (connections add their
   * own), egress to DNS and to the declared `egress` destinations.
   */
  protected isolateNetwork(openPorts: readonly PolicyPort[] = []): k8s.KubeNetworkPolicy {
    return workloadNetworkPolicy(this, this.identity, { openPorts, egress: this.egress });
  }

  /**
   * Builds the workload's hardened pod template from the user's container props and what the
   * construct adds (ports, probes, volumes, placement); called once from the subclass constructor.
   */
  protected createPod(props: WorkloadContainerProps, extras: PodExtras): HardenedPod {
    this.hardened = hardenedPod(this, this.identity, this.image, props, this.serviceAccountName, extras);
    return this.hardened;
  }

  /**
   * Lets this workload reach `target`: adds a NetworkPolicy allowing egress from this workload's
   * pods to the target's pods on its port, one allowing the target's ingress from them (with a
   * namespaceSelector across namespaces), and discovery env in this workload's container:
   * `<TARGET>_HOST` (short name in the same namespace, FQDN across), `<TARGET>_PORT`, and what the
   * target adds (a database's credential references). Connecting twice is a no-op.
   */
  public connectTo(target: IConnectable, options: ConnectOptions = {}): this {
    connect(this, target, options);
    return this;
  }

  /**
   * Mounts the ServiceAccount token into the pods. Called when the workload is granted API access
   * (a Role or ClusterRole binding); until then pods carry no token.
   */
  public mountServiceAccountToken(): void {
    (this.pod.spec as { automountServiceAccountToken?: boolean }).automountServiceAccountToken = true;
  }

  /** Appends env vars to the main container (used by connections). */
  public addEnv(...env: k8s.EnvVar[]): void {
    const taken = new Set(this.pod.env.map((e) => e.name));
    for (const variable of env) {
      if (taken.has(variable.name)) fail(this, `env.${variable.name}`, 'a variable name not already set (two connections or settings produce it)', variable.name);
      taken.add(variable.name);
    }
    // Only once every name is free: a clash adds none of them.
    this.pod.env.push(...env);
  }
}

/** The port a workload serves to its connections. */
export interface ServedPort {
  /** The Service clients address. */
  readonly serviceName: string;
  /** The Service port clients connect to. */
  readonly servicePort: number;
  /** The container port behind it, which the NetworkPolicies open. */
  readonly podPort: number;
  /** Further env for clients (see {@link ConnectionEndpoint.clientEnv}). */
  readonly clientEnv?: ConnectionEndpoint['clientEnv'];
}

/** A workload that serves a port other workloads connect to: a WebApp, a database, a daemon's metrics. */
export abstract class ConnectableWorkload extends ShipshapeWorkload implements IConnectable {
  /**
   * Lets `source` reach this workload on its served port: the same as `source.connectTo(this)`,
   * from this side.
   */
  public allowFrom(source: ShipshapeWorkload): this {
    if (!(source instanceof ShipshapeWorkload)) fail(this, 'allowFrom', 'a Shipshape workload (WebApp, StatefulDatabase, CronTask …)', source);
    source.connectTo(this);
    return this;
  }

  /** @internal */
  public connectionEndpoint(): ConnectionEndpoint {
    const served = this.servedPort();
    return {
      name: this.name,
      namespace: this.namespace,
      podSelector: this.identity.selector,
      serviceName: served.serviceName,
      servicePort: served.servicePort,
      podPorts: [{ port: served.podPort }],
      scope: this,
      clientEnv: served.clientEnv,
    };
  }

  /** The port connections reach; throws when the workload serves none. */
  protected abstract servedPort(): ServedPort;
}
