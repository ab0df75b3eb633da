// Cluster-scoped kinds of the built-in API (`kubectl api-resources --namespaced=false`), by kind
// and API group, plus those of the Gateway API and the volume snapshot API. A namespace written on
// them is ignored.
const CLUSTER_SCOPED: ReadonlyMap<string, ReadonlySet<string>> = byKind([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy', 'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'certificates.k8s.io/CertificateSigningRequest', 'certificates.k8s.io/ClusterTrustBundle',
  'flowcontrol.apiserver.k8s.io/FlowSchema', 'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'networking.k8s.io/IngressClass', 'networking.k8s.io/IPAddress', 'networking.k8s.io/ServiceCIDR', 'networking.k8s.io/ClusterCIDR',
  'policy/PodSecurityPolicy',
  'node.k8s.io/RuntimeClass', 'scheduling.k8s.io/PriorityClass',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/StorageClass',
  'storage.k8s.io/VolumeAttachment', 'storage.k8s.io/VolumeAttributesClass',
  'resource.k8s.io/DeviceClass', 'resource.k8s.io/ResourceSlice', 'resource.k8s.io/ResourceClass',
  'gateway.networking.k8s.io/GatewayClass',
  'snapshot.storage.k8s.io/VolumeSnapshotClass', 'snapshot.storage.k8s.io/VolumeSnapshotContent',
]);

function byKind(groupKinds: readonly string[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const gk of groupKinds) {
    const [group, kind] = gk.split('/');
    map.set(kind, (map.get(kind) ?? new Set()).add(group));
  }
  return map;
}

/** The core group, the single-word groups (apps, batch, policy, …) and those under k8s.io are Kubernetes' own. */
export function isBuiltInGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/**
 * Whether objects of this API group and kind are cluster-scoped, as far as Kubernetes' own API
 * (and the Gateway and volume snapshot APIs) say; a custom kind is known only to its
 * CustomResourceDefinition.
 */
export function isKnownClusterScopedKind(group: string, kind: string): boolean {
  return CLUSTER_SCOPED.get(kind)?.has(group) ?? false;
}
