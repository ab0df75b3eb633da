import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { fail } from './errors';
import { Identity, objectMetadata } from './identity';
import { defineProps, integer, optional, required } from './props';
import { requireInteger } from './validate';

/** A HorizontalPodAutoscaler on cpu utilisation. Kubernetes allows changing all of it. */
export interface AutoscalingProps {
  /**
   * The fewest pods; at least 2 so one failure never takes the app down.
   * @default 2
   */
  readonly minReplicas?: number;
  /** The most pods; above minReplicas. */
  readonly maxReplicas: number;
  /**
   * Target average cpu utilisation, in percent of the cpu request.
   * @default 70
   */
  readonly cpuUtilization?: number;
}

/** The table of {@link AutoscalingProps}. */
export const AUTOSCALING_PROPS = defineProps<AutoscalingProps>('AutoscalingProps', {
  minReplicas: optional(integer()),
  maxReplicas: required(integer()),
  cpuUtilization: optional(integer()),
});

/** The autoscaler and the replica bounds it enforces. */
export interface Autoscaler {
  /** The fewest pods the autoscaler keeps. */
  readonly minReplicas: number;
  /** The most pods the autoscaler starts. */
  readonly maxReplicas: number;
}

/** Creates an autoscaling/v2 HorizontalPodAutoscaler for the Deployment named after `identity`. */
export function autoscaler(scope: Construct, identity: Identity, props: AutoscalingProps): Autoscaler {
  const minReplicas = requireInteger(scope, 'autoscaling.minReplicas', props.minReplicas ?? 2, 2);
  const maxReplicas = requireInteger(scope, 'autoscaling.maxReplicas', props.maxReplicas, 1);
  if (maxReplicas <= minReplicas) fail(scope, 'autoscaling.maxReplicas', `greater than minReplicas (${minReplicas})`, maxReplicas);
  const cpu = requireInteger(scope, 'autoscaling.cpuUtilization', props.cpuUtilization ?? 70, 1, 100);
  new k8s.KubeHorizontalPodAutoscalerV2(scope, 'HorizontalPodAutoscaler', {
    metadata: objectMetadata(identity),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: identity.name },
      minReplicas,
      maxReplicas,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }],
    },
  });
  return { minReplicas, maxReplicas };
}
