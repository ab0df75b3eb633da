// The shapes tests read out of synthesized objects, declared once. Loose on purpose: a test
// states the exact values it expects; these types only let it reach them.

/** A label map. */
export type Labels = Record<string, string>;

/** An env var of a container. */
export interface EnvVarShape {
  name: string;
  value?: string;
  valueFrom?: Record<string, unknown>;
}

/** A container of a pod spec. */
export interface ContainerShape {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVarShape[];
  ports?: { name: string; containerPort: number; protocol: string }[];
  volumeMounts: Record<string, unknown>[];
  resources: { requests: Labels; limits: Labels };
  securityContext: Record<string, unknown>;
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  startupProbe?: unknown;
  restartPolicy?: string;
  terminationMessagePolicy?: string;
  imagePullPolicy?: string;
}

/** A pod spec. */
export interface PodSpecShape {
  restartPolicy?: string;
  serviceAccountName: string;
  automountServiceAccountToken: boolean;
  securityContext: Record<string, unknown>;
  volumes: Record<string, unknown>[];
  initContainers?: ContainerShape[];
  containers: ContainerShape[];
  topologySpreadConstraints?: unknown;
  affinity?: unknown;
}

/** A pod template. */
export interface PodTemplateShape {
  metadata: { labels: Labels; annotations?: Labels };
  spec: PodSpecShape;
}

/** Name and labels of an object. */
export interface MetadataShape {
  name: string;
  namespace?: string;
  labels: Labels;
  annotations?: Labels;
}

/** A Deployment. */
export interface DeploymentShape {
  metadata: MetadataShape;
  spec: { replicas?: number; template: PodTemplateShape };
}

/** A Job's spec, alone or in a CronJob's jobTemplate. */
export interface JobSpecShape {
  backoffLimit: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  completions?: number;
  parallelism?: number;
  selector?: unknown;
  template: PodTemplateShape;
}

/** A Job. */
export interface JobShape {
  metadata: MetadataShape;
  spec: JobSpecShape;
}

/** A CronJob. */
export interface CronJobShape {
  metadata: MetadataShape;
  spec: {
    schedule: string;
    timeZone?: string;
    concurrencyPolicy: string;
    startingDeadlineSeconds: number;
    successfulJobsHistoryLimit: number;
    failedJobsHistoryLimit: number;
    suspend: boolean;
    jobTemplate: { metadata: { labels: Labels }; spec: JobSpecShape };
  };
}

/** A peer of a NetworkPolicy rule. */
export interface PolicyPeerShape {
  podSelector?: { matchLabels?: Labels };
  namespaceSelector?: { matchLabels?: Labels };
  ipBlock?: { cidr: string; except?: string[] };
}

/** A NetworkPolicy ingress or egress rule. */
export interface PolicyRuleShape {
  from?: PolicyPeerShape[];
  to?: PolicyPeerShape[];
  ports?: { port: number; protocol: string }[];
}

/** A NetworkPolicy. */
export interface NetworkPolicyShape {
  metadata: MetadataShape;
  spec: {
    podSelector: { matchLabels?: Labels };
    policyTypes: string[];
    ingress?: PolicyRuleShape[];
    egress?: PolicyRuleShape[];
  };
}

/** A rule of a Role or ClusterRole. */
export interface RbacRuleShape {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** A Role or ClusterRole. */
export interface RoleShape {
  metadata: MetadataShape;
  rules: RbacRuleShape[];
}

/** A RoleBinding or ClusterRoleBinding. */
export interface BindingShape {
  metadata: MetadataShape;
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects: { kind: string; name: string; namespace?: string }[];
}

/** A ResourceQuota. */
export interface QuotaShape {
  spec: { hard: Labels };
}

/** A LimitRange. */
export interface LimitRangeShape {
  spec: { limits: Record<string, unknown>[] };
}
