import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';

// cdk8s stamps the chart's namespace on every ApiObject whose metadata names none. A lazy value
// is not nullish, so it wins over the chart default, and it resolves to nothing at synth.
const NO_NAMESPACE = Lazy.any({ produce: () => undefined }) as unknown as string;

/**
 * Metadata for a cluster-scoped object (Namespace, ClusterRole, ClusterRoleBinding …): the same
 * metadata without `namespace`, even when the object is created inside a namespaced chart. The
 * API server rejects, or at best ignores, a namespace on such objects, and tools that diff
 * manifests by namespace would see a phantom object.
 */
export function clusterScopedMetadata(metadata: k8s.ObjectMeta): k8s.ObjectMeta {
  return { ...metadata, namespace: NO_NAMESPACE };
}
