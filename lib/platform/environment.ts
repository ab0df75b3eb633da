import { Chart, ChartProps, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { clusterScopedMetadata } from '../core/cluster-scoped';
import { fail } from '../core/errors';
import { MANAGED_BY, LABELS } from '../kube/vocabulary';
import { dnsEgressRule } from '../core/network';
import { checkProps, defineProps, map, optional, required, shape, text } from '../core/props';
import { shipshapeConstruct } from '../core/construct';
import { RESOURCES_PROPS, ResourcesProps } from '../core/resources';
import { PodSecurityLevel, PSA_LABELS, mostPermissiveLevel } from '../kube/pod-security';
import { isLabelValue, isQualifiedName } from '../kube/names';
import { requireDnsLabel, requireOneOf } from '../core/validate';
import { ShipshapeWorkload } from '../core/workload';
import { QUOTA_PROPS, QuotaProps, containerLimitRange, resourceQuota } from './quota';

/** The kinds of environment a namespace can hold. */
export type EnvironmentKind = 'prod' | 'stage' | 'dev' | 'test';

const ENVIRONMENT_KINDS: readonly EnvironmentKind[] = ['prod', 'stage', 'dev', 'test'];

/** The label that names the kind of environment, on the Namespace and on every object in it. */
export const ENVIRONMENT_LABEL = 'environment';

/** The names of the policies every Environment holds. */
export const DEFAULT_DENY_POLICY = 'default-deny';
export const DNS_EGRESS_POLICY = 'allow-dns-egress';

/** Props of an {@link Environment}. */
export interface EnvironmentProps {
  /**
   * The namespace name: a DNS-1123 label of at most 63 characters, not starting with `kube-`
   * (reserved for Kubernetes). Every namespaced object in the environment carries it as
   * metadata.namespace. Kubernetes does not allow renaming a namespace: a new name is a new
   * namespace, and removing the old one deletes everything in it.
   */
  readonly name: string;
  /**
   * The kind of environment: the `environment` label on the Namespace and on every object in it.
   * Changeable (labels are mutable), but selectors and dashboards keyed on it follow.
   */
  readonly environment: EnvironmentKind;
  /**
   * The Kubernetes minor version whose Pod Security Standards the admission labels refer to
   * ('v1.28'), so a cluster upgrade cannot tighten the rules under running workloads. Changeable.
   * @default 'latest'
   */
  readonly podSecurityVersion?: string;
  /**
   * Totals the namespace may not exceed (a ResourceQuota). Changeable.
   * @default - no quota
   */
  readonly quota?: QuotaProps;
  /**
   * Requests and limits for containers that declare none (a LimitRange), as a preset merged
   * field by field. Changeable; applies to pods created afterwards.
   * @default - no LimitRange
   */
  readonly containerDefaults?: ResourcesProps;
  /**
   * Further labels for the Namespace and every object in the environment, e.g. a team or cost
   * centre. Changeable.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The table of {@link EnvironmentProps}. */
export const ENVIRONMENT_PROPS = defineProps<EnvironmentProps>('EnvironmentProps', {
  name: required(text()),
  environment: required(text()),
  podSecurityVersion: optional(text()),
  quota: optional(shape(QUOTA_PROPS)),
  containerDefaults: optional(shape(RESOURCES_PROPS)),
  labels: optional(map(text(), '{ team: \'shop\' }')),
});

/** The Chart's own props, from props checked first (the Chart is built before anything else). */
function chartProps(scope: Construct, id: string, props: EnvironmentProps): ChartProps {
  checkProps(`${scope.node.path ? `${scope.node.path}/` : ''}${id}`, props, ENVIRONMENT_PROPS);
  return { namespace: props.name, labels: { ...props.labels, [ENVIRONMENT_LABEL]: props.environment } };
}

/**
 * A namespace with its guard rails, as a cdk8s Chart: workloads created inside it land in the
 * namespace and carry its labels. It emits
 * - the Namespace, labelled with the environment kind and the Pod Security Admission levels
 *   (enforce, audit and warn), computed from the workloads placed in it: "restricted" unless a
 *   workload declares that it needs less;
 * - a default-deny NetworkPolicy (ingress and egress for every pod), and an allowance for DNS
 *   egress to kube-dns, since namespaces are no network boundary by default; workloads and
 *   connections open exactly what they need on top;
 * - optionally a ResourceQuota and a LimitRange.
 *
 * The chart's file in dist/ is named after the construct id.
 */
@shipshapeConstruct
export class Environment extends Chart {
  /** The namespace name. */
  public readonly namespaceName: string;
  /** The kind of environment. */
  public readonly environment: EnvironmentKind;
  /** The Namespace object. */
  public readonly namespaceObject: k8s.KubeNamespace;
  /** The default-deny NetworkPolicy. */
  public readonly defaultDeny: k8s.KubeNetworkPolicy;
  /** The NetworkPolicy that allows every pod to resolve names. */
  public readonly dnsEgress: k8s.KubeNetworkPolicy;
  /** The ResourceQuota, when `quota` is given. */
  public readonly resourceQuota: k8s.KubeResourceQuota | undefined;
  /** The LimitRange, when `containerDefaults` is given. */
  public readonly limitRange: k8s.KubeLimitRange | undefined;

  constructor(scope: Construct, id: string, props: EnvironmentProps) {
    super(scope, id, chartProps(scope, id, props));
    const extra = { ...props.labels };
    const name = requireDnsLabel(this, 'name', props.name);
    if (name.startsWith('kube-')) fail(this, 'name', 'a namespace name not starting with \'kube-\' (reserved for Kubernetes)', name);
    const environment = requireOneOf(this, 'environment', props.environment, ENVIRONMENT_KINDS);
    for (const [key, value] of Object.entries(extra)) {
      if (key === ENVIRONMENT_LABEL || key.startsWith('pod-security.kubernetes.io/')) fail(this, `labels.${key}`, 'a label Environment does not set itself', key);
      if (!isQualifiedName(key)) fail(this, `labels.${key}`, 'a label key such as \'team\' or \'example.com/team\'', key);
      if (typeof value !== 'string' || !isLabelValue(value)) fail(this, `labels.${key}`, 'a label value (at most 63 characters, alphanumeric at both ends)', value);
    }
    this.namespaceName = name;
    this.environment = environment;
    const version = props.podSecurityVersion ?? 'latest';
    if (!/^(latest|v1\.\d{1,2})$/.test(version)) fail(this, 'podSecurityVersion', '\'latest\' or a Kubernetes minor version such as \'v1.28\'', version);

    // The level is read at synth time, once every workload has been added.
    const level = Lazy.any({ produce: () => this.podSecurityLevel }) as unknown as string;
    const psa: Record<string, string> = {};
    for (const mode of ['enforce', 'audit', 'warn'] as const) {
      psa[PSA_LABELS[mode]] = level;
      psa[`${PSA_LABELS[mode]}-version`] = version;
    }
    this.namespaceObject = new k8s.KubeNamespace(this, 'Namespace', {
      metadata: clusterScopedMetadata({ name, labels: { [LABELS.managedBy]: MANAGED_BY, ...psa } }),
    });

    const managed = { [LABELS.managedBy]: MANAGED_BY };
    this.defaultDeny = new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: DEFAULT_DENY_POLICY, labels: managed },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    this.dnsEgress = new k8s.KubeNetworkPolicy(this, 'DnsEgress', {
      metadata: { name: DNS_EGRESS_POLICY, labels: managed },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [dnsEgressRule()] },
    });
    this.resourceQuota = props.quota === undefined ? undefined : resourceQuota(this, name, props.quota);
    this.limitRange = props.containerDefaults === undefined ? undefined : containerLimitRange(this, name, props.containerDefaults);
  }

  /**
   * The Pod Security Standards level the namespace enforces: the most permissive level any
   * workload placed in it declares, "restricted" when none declares less. Computed, never set by
   * hand, so it can neither lag behind a privileged daemon nor stay loose after it is removed.
   */
  public get podSecurityLevel(): PodSecurityLevel {
    return mostPermissiveLevel(this.workloads().map((w) => w.podSecurityLevel));
  }

  /** The workloads placed in this environment's namespace. */
  public workloads(): ShipshapeWorkload[] {
    return this.node.findAll().filter((c): c is ShipshapeWorkload => c instanceof ShipshapeWorkload && c.namespace === this.namespaceName);
  }
}
