// The labels and annotations Shipshape writes on the build side and reads back on the read side
// (policy, guard). Their one home: both sides import them from here, and only these.

/** The `app.kubernetes.io/*` label keys Shipshape manages. */
export const LABELS = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  version: 'app.kubernetes.io/version',
} as const;

/**
 * The `app.kubernetes.io/component` of a database's read replicas (its primary keeps `database`):
 * their StatefulSet's pods carry it, so Services, the upgrade guard and the members themselves tell
 * the replicas from the primary by it.
 */
export const READ_REPLICA_COMPONENT = 'read-replica';

/** The value of `app.kubernetes.io/managed-by` on everything Shipshape emits. */
export const MANAGED_BY = 'shipshape';

/** The pod template annotation whose change rolls the pods when configuration changes. */
export const CONFIG_CHECKSUM_ANNOTATION = 'shipshape.dev/config-checksum';

/**
 * The pod template annotation that declares, with a reason, why a pod uses the host (host paths,
 * host network, host PID). The policy check requires it on every such pod.
 */
export const HOST_ACCESS_ANNOTATION = 'shipshape.dev/host-access';

/**
 * The annotation an object uses to suppress policy rules on itself: `rule-id: reason` entries
 * separated by `;`, e.g. `image-pull-policy: pulled by digest; probe-readiness: batch worker`.
 */
export const SUPPRESS_ANNOTATION = 'shipshape.dev/suppress';
