import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Identity, objectMetadata, matchSelector } from './identity';

/**
 * A PodDisruptionBudget (policy/v1) that lets node drains evict one pod at a time, and always
 * allows evicting pods that are not healthy anyway, so a crash-looping pod never blocks a drain
 * (kube-score; kube-linter). Only meaningful with two or more replicas.
 */
export function podDisruptionBudget(scope: Construct, identity: Identity): k8s.KubePodDisruptionBudget {
  return new k8s.KubePodDisruptionBudget(scope, 'PodDisruptionBudget', {
    metadata: objectMetadata(identity),
    spec: {
      maxUnavailable: k8s.IntOrString.fromNumber(1),
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: matchSelector(identity),
    },
  });
}
