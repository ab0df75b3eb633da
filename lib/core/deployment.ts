import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AUTOSCALING_PROPS, AutoscalingProps, autoscaler } from './autoscaling';
import { fail } from './errors';
import { Identity, matchSelector } from './identity';
import { defineProps, integer, optional, shape, text } from './props';
import { ROLLING_BOUND, rollingUpdateBounds } from './rollout';
import { requireInteger, requireOneOf } from './validate';

/** How a Deployment keeps and replaces its pods: a WebApp's and a Worker's. */
export interface DeploymentRolloutProps {
  /**
   * Number of pods. 1 is allowed but gives no PodDisruptionBudget. Not allowed with
   * `autoscaling` (the autoscaler owns the count, and the Deployment then omits it). Changeable.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * RollingUpdate replaces pods gradually, never below the desired count; Recreate stops all pods
   * before starting new ones (downtime, but never two versions at once). Changeable.
   * @default 'RollingUpdate'
   */
  readonly strategy?: 'RollingUpdate' | 'Recreate';
  /**
   * Extra pods allowed during a rolling update. Changeable.
   * @default '25%'
   */
  readonly maxSurge?: string | number;
  /**
   * Pods allowed to be unavailable during a rolling update. Changeable.
   * @default 0
   */
  readonly maxUnavailable?: string | number;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo`. Changeable.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Seconds before a stuck rollout is reported as failed. Changeable.
   * @default 600
   */
  readonly progressDeadlineSeconds?: number;
  /**
   * Seconds a new pod must be ready before it counts as available. Changeable.
   * @default 0
   */
  readonly minReadySeconds?: number;
  /**
   * A HorizontalPodAutoscaler (autoscaling/v2) on cpu. Changeable.
   * @default - none
   */
  readonly autoscaling?: AutoscalingProps;
}

/** The table of {@link DeploymentRolloutProps}. */
export const DEPLOYMENT_ROLLOUT_PROPS = defineProps<DeploymentRolloutProps>('DeploymentRolloutProps', {
  replicas: optional(integer()),
  strategy: optional(text()),
  maxSurge: optional(ROLLING_BOUND),
  maxUnavailable: optional(ROLLING_BOUND),
  revisionHistoryLimit: optional(integer()),
  progressDeadlineSeconds: optional(integer()),
  minReadySeconds: optional(integer()),
  autoscaling: optional(shape(AUTOSCALING_PROPS)),
});

/** The Deployment and the replica count it runs (the autoscaler's minimum when it has one). */
export interface RolloutDeployment {
  /** The Deployment. */
  readonly deployment: k8s.KubeDeployment;
  /** The replicas it starts with. */
  readonly replicas: number;
}

/** What differs between the constructs that run a Deployment. */
export interface DeploymentDefaults {
  /** minReadySeconds when the props give none. */
  readonly minReadySeconds: number;
}

/**
 * Creates the Deployment (RollingUpdate with maxSurge 25% and maxUnavailable 0, 10 revisions, a
 * 600 s progress deadline) and, with `autoscaling`, its cpu HorizontalPodAutoscaler.
 */
export function rolloutDeployment(scope: Construct, identity: Identity, metadata: k8s.ObjectMeta, props: DeploymentRolloutProps,
  template: k8s.PodTemplateSpec, defaults: DeploymentDefaults): RolloutDeployment {
  if (props.autoscaling && props.replicas !== undefined) {
    fail(scope, 'replicas', 'unset when autoscaling is given (the autoscaler owns the replica count)', props.replicas);
  }
  const hpa = props.autoscaling ? autoscaler(scope, identity, props.autoscaling) : undefined;
  const replicas = hpa ? hpa.minReplicas : requireInteger(scope, 'replicas', props.replicas ?? 2, 1);
  const strategy = requireOneOf(scope, 'strategy', props.strategy ?? 'RollingUpdate', ['RollingUpdate', 'Recreate']);
  if (strategy === 'Recreate' && (props.maxSurge !== undefined || props.maxUnavailable !== undefined)) {
    fail(scope, 'strategy', '\'RollingUpdate\' when maxSurge or maxUnavailable is set', strategy);
  }

  const bounds = rollingUpdateBounds(scope, props.maxSurge ?? '25%', props.maxUnavailable ?? 0);
  const deployment = new k8s.KubeDeployment(scope, 'Deployment', {
    metadata,
    spec: {
      // With an autoscaler the HPA owns replicas; a value here would fight it on every apply.
      ...(hpa ? {} : { replicas }),
      selector: matchSelector(identity),
      strategy: strategy === 'Recreate' ? { type: 'Recreate' } : {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: bounds.maxSurge, maxUnavailable: bounds.maxUnavailable },
      },
      revisionHistoryLimit: requireInteger(scope, 'revisionHistoryLimit', props.revisionHistoryLimit ?? 10, 0),
      progressDeadlineSeconds: requireInteger(scope, 'progressDeadlineSeconds', props.progressDeadlineSeconds ?? 600, 1),
      minReadySeconds: requireInteger(scope, 'minReadySeconds', props.minReadySeconds ?? defaults.minReadySeconds, 0),
      template,
    },
  });
  return { deployment, replicas };
}
