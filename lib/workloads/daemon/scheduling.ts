import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { fail } from '../../core/errors';
import { PodPlacement } from '../../core/pod';
import { defineProps, flag, integer, list, map, optional, required, shape, text, texts } from '../../core/props';
import { ROLLING_BOUND, rollingUpdateBounds } from '../../core/rollout';
import { requireDnsSubdomain, requireInteger, requireOneOf, requireQualifiedName, requireLabelValue } from '../../core/validate';

/** What a taint does to pods that do not tolerate it. */
export type TolerationEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/**
 * A toleration: lets the daemon's pods run on nodes with a matching taint.
 *
 * Kubernetes allows changing tolerations at any time; the change rolls the pods.
 */
export interface Toleration {
  /** The taint key to match, a qualified name such as `dedicated` or `example.com/gpu`. */
  readonly key: string;
  /**
   * `Equal` matches a taint with this key and `value`; `Exists` matches any taint with this key
   * (and takes no value).
   * @default 'Equal'
   */
  readonly operator?: 'Equal' | 'Exists';
  /**
   * The taint value to match (only with `Equal`).
   * @default ''
   */
  readonly value?: string;
  /**
   * The taint effect to match.
   * @default - every effect
   */
  readonly effect?: TolerationEffect;
  /**
   * With `NoExecute` only: how long the pod stays on a node after the taint appears.
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/** A requirement on node labels, for node affinity. */
export interface NodeRequirement {
  /** The node label key, e.g. `kubernetes.io/os` or `node.kubernetes.io/instance-type`. */
  readonly key: string;
  /**
   * `In` / `NotIn`: the label value is (not) one of `values`; `Exists` / `DoesNotExist`: the
   * label is (not) set; `Gt` / `Lt`: the label value, an integer, is greater / less than the
   * single value.
   */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  /**
   * The values to compare with; none for `Exists` and `DoesNotExist`.
   * @default - none
   */
  readonly values?: readonly string[];
}

/** Where the daemon runs and how it is replaced. */
export interface DaemonSchedulingProps {
  /**
   * Runs the daemon on control-plane nodes too, by tolerating their
   * `node-role.kubernetes.io/control-plane:NoSchedule` taint. Without it the daemon stays off
   * them wherever the control plane is tainted (kubeadm and most managed clusters; single-node
   * clusters often leave it untainted). Changeable.
   * @default false
   */
  readonly includeControlPlane?: boolean;
  /**
   * Tolerates every taint (`operator: Exists` with no key), for agents that must run on every
   * node, whatever it is reserved for. Replaces `tolerations` and `includeControlPlane`.
   * Changeable.
   * @default false
   */
  readonly tolerateAllTaints?: boolean;
  /**
   * Further tolerations, e.g. for nodes reserved with a `dedicated=monitoring:NoSchedule` taint.
   * The DaemonSet controller adds the node-condition tolerations (not-ready, unreachable,
   * disk/memory/pid pressure, unschedulable) itself. Changeable.
   * @default - none
   */
  readonly tolerations?: readonly Toleration[];
  /**
   * Runs the daemon only on nodes with all these labels, e.g. `{ 'kubernetes.io/os': 'linux' }`.
   * Changeable: pods leave nodes that stop matching.
   * @default - every node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Runs the daemon only on nodes meeting all these requirements (required node affinity).
   * Changeable.
   * @default - every node
   */
  readonly nodeAffinity?: readonly NodeRequirement[];
  /**
   * The PriorityClass of the pods, e.g. `system-node-critical` so that the agent is not evicted
   * before the workloads it watches. The built-in `system-*` classes are admitted in
   * `kube-system`; elsewhere many clusters (those limiting them with a ResourceQuota scope,
   * such as GKE and OpenShift) admit them only in a namespace holding a ResourceQuota for that
   * class. A custom class must exist before the pods are created. Changeable.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Pods that may be unavailable during a rolling update (an integer or a percentage of nodes).
   * Changeable.
   * @default 1
   */
  readonly maxUnavailable?: number | string;
  /**
   * Pods started on a node before its old pod stops, during a rolling update. Must be 0 with
   * host network (both pods would bind the same node ports). Changeable.
   * @default 0
   */
  readonly maxSurge?: number | string;
  /**
   * Seconds a new pod must be ready before the rollout moves to the next node. Changeable.
   * @default 0
   */
  readonly minReadySeconds?: number;
  /**
   * Old revisions kept for `kubectl rollout undo`. Changeable.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
}

/** The table of {@link Toleration}. */
export const TOLERATION_PROPS = defineProps<Toleration>('Toleration', {
  key: required(text()),
  operator: optional(text()),
  value: optional(text()),
  effect: optional(text()),
  tolerationSeconds: optional(integer()),
});

/** The table of {@link NodeRequirement}. */
export const NODE_REQUIREMENT_PROPS = defineProps<NodeRequirement>('NodeRequirement', {
  key: required(text()),
  operator: required(text()),
  values: optional(texts()),
});

/** The table of {@link DaemonSchedulingProps}. */
export const DAEMON_SCHEDULING_PROPS = defineProps<DaemonSchedulingProps>('DaemonSchedulingProps', {
  includeControlPlane: optional(flag()),
  tolerateAllTaints: optional(flag()),
  tolerations: optional(list(shape(TOLERATION_PROPS))),
  nodeSelector: optional(map(text(), '{ \'kubernetes.io/os\': \'linux\' }')),
  nodeAffinity: optional(list(shape(NODE_REQUIREMENT_PROPS))),
  priorityClassName: optional(text()),
  maxUnavailable: optional(ROLLING_BOUND),
  maxSurge: optional(ROLLING_BOUND),
  minReadySeconds: optional(integer()),
  revisionHistoryLimit: optional(integer()),
});

/** The taint kubeadm and most distributions put on control-plane nodes. */
export const CONTROL_PLANE_TAINT = 'node-role.kubernetes.io/control-plane';

const EFFECTS: readonly TolerationEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** The tolerations of a daemon: none by default, the control-plane taint on request, or all. */
export function daemonTolerations(scope: IConstruct, props: DaemonSchedulingProps): k8s.Toleration[] {
  if (props.tolerateAllTaints) {
    if ((props.tolerations ?? []).length > 0 || props.includeControlPlane === true) {
      fail(scope, 'tolerateAllTaints', 'the only toleration setting (it already tolerates every taint; drop tolerations and includeControlPlane)', true);
    }
    return [{ operator: 'Exists' }];
  }
  const tolerations = (props.tolerations ?? []).map((t, i) => toleration(scope, `tolerations[${i}]`, t));
  if (props.includeControlPlane) tolerations.push({ key: CONTROL_PLANE_TAINT, operator: 'Exists', effect: 'NoSchedule' });
  return tolerations;
}

function toleration(scope: IConstruct, prop: string, t: Toleration): k8s.Toleration {
  if (t === null || typeof t !== 'object') fail(scope, prop, 'a toleration object', t);
  // An empty key with Exists tolerates every taint: that is what tolerateAllTaints is for.
  const key = requireQualifiedName(scope, `${prop}.key`, t.key);
  const operator = requireOneOf(scope, `${prop}.operator`, t.operator ?? 'Equal', ['Equal', 'Exists']);
  if (operator === 'Exists' && t.value !== undefined) {
    fail(scope, `${prop}.value`, 'unset when operator is \'Exists\' (it matches any value)', t.value);
  }
  const value = t.value === undefined ? undefined : requireLabelValue(scope, `${prop}.value`, t.value, { allowEmpty: true });
  const effect = t.effect === undefined ? undefined : requireOneOf(scope, `${prop}.effect`, t.effect, EFFECTS);
  if (t.tolerationSeconds !== undefined && effect !== 'NoExecute') {
    fail(scope, `${prop}.tolerationSeconds`, 'unset unless effect is \'NoExecute\' (only NoExecute taints evict)', t.tolerationSeconds);
  }
  const seconds = t.tolerationSeconds === undefined ? undefined : requireInteger(scope, `${prop}.tolerationSeconds`, t.tolerationSeconds, 0);
  return {
    key,
    operator,
    ...(value !== undefined ? { value } : {}),
    ...(effect !== undefined ? { effect } : {}),
    ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}),
  };
}

/** The scheduling fields of the pod spec: node selector, node affinity, tolerations, priority. */
export function daemonPlacement(scope: IConstruct, props: DaemonSchedulingProps): PodPlacement {
  const tolerations = daemonTolerations(scope, props);
  const selector = Object.entries(props.nodeSelector ?? {}).sort(([a], [b]) => a.localeCompare(b));
  for (const [key, value] of selector) {
    requireQualifiedName(scope, `nodeSelector.${key}`, key);
    requireLabelValue(scope, `nodeSelector.${key}`, value, { allowEmpty: true });
  }
  const requirements = (props.nodeAffinity ?? []).map((r, i) => nodeRequirement(scope, `nodeAffinity[${i}]`, r));
  const priorityClassName = props.priorityClassName === undefined ? undefined
    : requireDnsSubdomain(scope, 'priorityClassName', props.priorityClassName);
  return {
    ...(selector.length > 0 ? { nodeSelector: Object.fromEntries(selector) } : {}),
    ...(requirements.length > 0 ? {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: requirements }] } } },
    } : {}),
    ...(tolerations.length > 0 ? { tolerations } : {}),
    ...(priorityClassName !== undefined ? { priorityClassName } : {}),
  };
}

function nodeRequirement(scope: IConstruct, prop: string, r: NodeRequirement): k8s.NodeSelectorRequirement {
  const key = requireQualifiedName(scope, `${prop}.key`, r.key);
  const operator = requireOneOf(scope, `${prop}.operator`, r.operator, ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);
  const values = r.values ?? [];
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    fail(scope, `${prop}.values`, `at least one value for operator '${operator}'`, r.values);
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    fail(scope, `${prop}.values`, `unset for operator '${operator}'`, r.values);
  }
  if ((operator === 'Gt' || operator === 'Lt') && (values.length !== 1 || !/^-?\d+$/.test(values[0]))) {
    fail(scope, `${prop}.values`, `exactly one integer for operator '${operator}'`, r.values);
  }
  values.forEach((v, j) => requireLabelValue(scope, `${prop}.values[${j}]`, v), { allowEmpty: true });
  return { key, operator, ...(values.length > 0 ? { values: [...values] } : {}) };
}

/** The RollingUpdate strategy: maxUnavailable 1 and maxSurge 0 unless set. */
export function daemonUpdateStrategy(scope: IConstruct, props: DaemonSchedulingProps, hostNetwork: boolean): k8s.DaemonSetUpdateStrategy {
  const bounds = rollingUpdateBounds(scope, props.maxSurge ?? 0, props.maxUnavailable ?? 1, 'maxUnavailable');
  if (hostNetwork && !bounds.surgeIsZero) fail(scope, 'maxSurge', '0 with unsafeHostNetwork (two pods on a node would bind the same ports)', props.maxSurge);
  return { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: bounds.maxUnavailable, maxSurge: bounds.maxSurge } };
}
