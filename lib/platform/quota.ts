import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { LABELS, MANAGED_BY } from '../kube/vocabulary';
import { requireQuantity } from '../core/quantity';
import { defineProps, integer, optional, shape, text } from '../core/props';
import { RESOURCE_QUANTITIES_PROPS, ResourceQuantities, ResourcesProps, resolveResources } from '../core/resources';
import { requireInteger } from '../core/validate';

/**
 * Totals a namespace may not exceed, summed over all its pods (a ResourceQuota). The API server
 * rejects a pod that would cross a total. Kubernetes allows changing every total at any time;
 * lowering one below current use blocks new pods but evicts nothing.
 */
export interface QuotaProps {
  /**
   * Total cpu requests and limits ('8', '4000m').
   * @default - no cpu total
   */
  readonly cpu?: ResourceQuantities;
  /**
   * Total memory requests and limits ('16Gi').
   * @default - no memory total
   */
  readonly memory?: ResourceQuantities;
  /**
   * Total ephemeral-storage requests and limits ('20Gi').
   * @default - no ephemeral-storage total
   */
  readonly ephemeralStorage?: ResourceQuantities;
  /**
   * The number of pods (in a non-terminal state).
   * @default - no pod count
   */
  readonly pods?: number;
  /**
   * The number of PersistentVolumeClaims.
   * @default - no claim count
   */
  readonly persistentVolumeClaims?: number;
  /**
   * Total storage requested by PersistentVolumeClaims ('500Gi').
   * @default - no storage total
   */
  readonly storage?: string;
}

/** The table of {@link QuotaProps}. */
export const QUOTA_PROPS = defineProps<QuotaProps>('QuotaProps', {
  cpu: optional(shape(RESOURCE_QUANTITIES_PROPS)),
  memory: optional(shape(RESOURCE_QUANTITIES_PROPS)),
  ephemeralStorage: optional(shape(RESOURCE_QUANTITIES_PROPS)),
  pods: optional(integer()),
  persistentVolumeClaims: optional(integer()),
  storage: optional(text()),
});

/** The `spec.hard` map of a ResourceQuota, validated; keys in Kubernetes spelling. */
export function quotaHard(scope: Construct, props: QuotaProps, prop = 'quota'): Record<string, string> {
  const hard: Record<string, string> = {};
  const totals: [keyof QuotaProps, string][] = [['cpu', 'cpu'], ['memory', 'memory'], ['ephemeralStorage', 'ephemeral-storage']];
  for (const [field, resource] of totals) {
    const given = props[field] as ResourceQuantities | undefined;
    if (given === undefined) continue;
    const request = given.request === undefined ? undefined : requireQuantity(scope, `${prop}.${field}.request`, given.request);
    const limit = given.limit === undefined ? undefined : requireQuantity(scope, `${prop}.${field}.limit`, given.limit);
    if (request === undefined && limit === undefined) fail(scope, `${prop}.${field}`, 'a request total, a limit total or both', given);
    if (request !== undefined && limit !== undefined && request > limit) fail(scope, `${prop}.${field}.request`, `at most ${prop}.${field}.limit ('${given.limit}')`, given.request);
    if (given.request !== undefined) hard[`requests.${resource}`] = given.request;
    if (given.limit !== undefined) hard[`limits.${resource}`] = given.limit;
  }
  if (props.pods !== undefined) hard.pods = String(requireInteger(scope, `${prop}.pods`, props.pods, 0));
  if (props.persistentVolumeClaims !== undefined) {
    hard.persistentvolumeclaims = String(requireInteger(scope, `${prop}.persistentVolumeClaims`, props.persistentVolumeClaims, 0));
  }
  if (props.storage !== undefined) {
    requireQuantity(scope, `${prop}.storage`, props.storage);
    hard['requests.storage'] = props.storage;
  }
  if (Object.keys(hard).length === 0) fail(scope, prop, 'at least one total (cpu, memory, ephemeralStorage, pods, persistentVolumeClaims or storage)', props);
  return hard;
}

/** The ResourceQuota of a namespace. */
export function resourceQuota(scope: Construct, name: string, props: QuotaProps): k8s.KubeResourceQuota {
  const hard = quotaHard(scope, props);
  return new k8s.KubeResourceQuota(scope, 'ResourceQuota', {
    metadata: { name, labels: { [LABELS.managedBy]: MANAGED_BY } },
    spec: { hard: Object.fromEntries(Object.entries(hard).map(([key, value]) => [key, k8s.Quantity.fromString(value)])) },
  });
}

/**
 * The LimitRange of a namespace: requests and limits for containers that declare none, resolved
 * like a workload's own resources (a preset merged field by field). Shipshape workloads always
 * declare theirs; this covers pods applied by hand or by other tools, which a ResourceQuota on
 * cpu or memory would otherwise reject.
 */
export function containerLimitRange(scope: Construct, name: string, props: ResourcesProps): k8s.KubeLimitRange {
  const resolved = resolveResources(scope, props, 'small', 'containerDefaults');
  const quantities = (values: Record<string, string>): Record<string, k8s.Quantity> =>
    Object.fromEntries(Object.entries(values).map(([key, value]) => [key, k8s.Quantity.fromString(value)]));
  return new k8s.KubeLimitRange(scope, 'LimitRange', {
    metadata: { name, labels: { [LABELS.managedBy]: MANAGED_BY } },
    spec: { limits: [{ type: 'Container', defaultRequest: quantities(resolved.requests), default: quantities(resolved.limits) }] },
  });
}
