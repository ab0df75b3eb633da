import { GuardRuleId, GuardSeverity } from './types';

/** What the guard knows about one rule: its severity, what it means, how to fix it, and where the claim comes from. */
export interface GuardRuleInfo {
  /** `error` fails the guard; `warning` is reported only. */
  readonly severity: GuardSeverity;
  /** One line naming the check. */
  readonly title: string;
  /** The default remedy; a finding may give a more specific one. */
  readonly remedy: string;
  /** Where the claim is documented (Kubernetes API reference, docs, or the API server's own error text). */
  readonly sources: readonly string[];
}

// `kubectl replace --force -f` on a whole synth file would delete and recreate every object in it,
// volumes included, so the remedy names the one object.
const REPLACE_FORCE = 'delete and recreate this object only: `kubectl delete <kind> <name> -n <namespace>`, then `kubectl apply -f <file>` '
  + '(`kubectl replace --force` is the same, but only ever on a file holding just this object)';
const STS_ORPHAN = 'delete the StatefulSet without its pods and volumes, then apply: '
  + '`kubectl delete statefulset <name> -n <namespace> --cascade=orphan && kubectl apply -f <file>`; the new StatefulSet adopts the running pods and their PVCs';

/**
 * Every rule of the guard, by id; docs/guard.md lists the same table. In remedies, `<kind>`,
 * `<name>` and `<namespace>` stand for the object's own (a finding fills them in).
 */
export const GUARD_RULES: Readonly<Record<GuardRuleId, GuardRuleInfo>> = {
  'immutable-selector': {
    severity: 'error',
    title: 'spec.selector of a Deployment, ReplicaSet, DaemonSet, StatefulSet or Job is immutable',
    remedy: `${REPLACE_FORCE}; pods are replaced, so expect a short outage unless a new object is rolled out under a new name first`,
    sources: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#label-selector-updates',
      'https://github.com/kubernetes/kubernetes/issues/50808',
      'https://github.com/kubernetes/client-go/issues/508',
    ],
  },
  'statefulset-volume-claim-templates': {
    severity: 'error',
    title: 'StatefulSet spec.volumeClaimTemplates is immutable (storage size included)',
    remedy: `${STS_ORPHAN}. Templates only shape PVCs created later: resize existing PVCs one by one (\`kubectl patch pvc\`), if the StorageClass allows expansion`,
    sources: [
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/stateful-set-v1/',
      'API server: "updates to statefulset spec for fields other than \'replicas\', \'ordinals\', \'template\', \'updateStrategy\', \'persistentVolumeClaimRetentionPolicy\' and \'minReadySeconds\' are forbidden"',
      'https://kubernetes.io/docs/tasks/run-application/delete-stateful-set/',
    ],
  },
  'statefulset-service-name': {
    severity: 'error',
    title: 'StatefulSet spec.serviceName is immutable',
    remedy: `${STS_ORPHAN}; pods keep their old DNS names until they are restarted`,
    sources: ['https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/stateful-set-v1/'],
  },
  'statefulset-pod-management-policy': {
    severity: 'error',
    title: 'StatefulSet spec.podManagementPolicy is immutable',
    remedy: STS_ORPHAN,
    sources: ['https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/stateful-set-v1/'],
  },
  'job-template': {
    severity: 'error',
    title: 'Job spec.template is immutable',
    remedy: `${REPLACE_FORCE}; the Job runs again. Give Jobs a versioned name (or use a CronJob) so each change creates a new Job`,
    sources: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/job/',
      'https://github.com/kubernetes/kubernetes/issues/89657',
      'https://github.com/kubernetes/kubernetes/issues/48388',
    ],
  },
  'service-cluster-ip': {
    severity: 'error',
    title: 'Service spec.clusterIP / spec.clusterIPs cannot change once set (except to or from type ExternalName)',
    remedy: `${REPLACE_FORCE}; clients caching the old IP fail until they resolve the name again`,
    sources: ['https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec'],
  },
  'pvc-spec': {
    severity: 'error',
    title: 'PersistentVolumeClaim spec is immutable except resources.requests (increase only) and volumeAttributesClassName',
    remedy: 'a PVC cannot be changed in place: create a new PVC under a new name and copy the data across; deleting the PVC may delete its volume (reclaim policy Delete)',
    sources: [
      'API server: "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"',
      'https://github.com/kubernetes/kubernetes/pull/28690',
      'https://kubernetes.io/docs/concepts/storage/persistent-volumes/',
    ],
  },
  'pv-source': {
    severity: 'error',
    title: 'PersistentVolume volume source is immutable',
    remedy: 'delete and recreate the PersistentVolume (with reclaim policy Retain the backing storage survives); bound claims must be re-bound',
    sources: [
      'https://github.com/kubernetes/kubernetes/pull/54761',
      'API server: "spec.persistentvolumesource: Forbidden: is immutable after creation"',
    ],
  },
  'immutable-data': {
    severity: 'error',
    title: 'data of a ConfigMap or Secret marked immutable: true cannot change, nor can the mark be removed',
    remedy: 'create it under a new name (e.g. a content-hash suffix) and point the workloads at it; or delete and recreate it (pods that mount it keep the old content until restarted)',
    sources: [
      'https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/config-map-v1/',
      'https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/secret-v1/',
      'https://kubernetes.io/docs/concepts/configuration/configmap/#configmap-immutable',
    ],
  },
  'role-ref': {
    severity: 'error',
    title: 'roleRef of a RoleBinding or ClusterRoleBinding is immutable',
    remedy: `${REPLACE_FORCE}; the subjects lose the permission for a moment`,
    sources: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding',
      'https://access.redhat.com/solutions/4980751',
    ],
  },
  'data-loss-removed': {
    severity: 'error',
    title: 'a StatefulSet, PersistentVolumeClaim or PersistentVolume disappears (removed or renamed)',
    remedy: 'keep the old name; if the removal is intended, back up the data first and delete the object by hand (pruning tools would delete it and, with reclaim policy Delete, its storage)',
    sources: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention',
      'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming',
    ],
  },
  'pvc-retention-delete': {
    severity: 'error',
    title: 'StatefulSet persistentVolumeClaimRetentionPolicy switched to Delete',
    remedy: 'keep Retain unless the data is disposable; with Delete, deleting or scaling down the StatefulSet deletes its PVCs',
    sources: ['https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention'],
  },
  'pvc-storage-decrease': {
    severity: 'error',
    title: 'requested storage decreased (PVCs cannot shrink)',
    remedy: 'keep the current size; to shrink, create a smaller PVC and copy the data across',
    sources: [
      'API server: "spec.resources.requests.storage: Forbidden: field can not be less than previous value"',
      'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#expanding-persistent-volumes-claims',
    ],
  },
  'storage-class-changed': {
    severity: 'error',
    title: 'storageClassName changed: existing volumes cannot move to another class',
    remedy: 'keep the class; to migrate, create new PVCs in the new class and copy the data (e.g. with a snapshot or a copy Job)',
    sources: ['https://kubernetes.io/docs/concepts/storage/persistent-volumes/#class-1'],
  },
  'primary-service-to-replicas': {
    severity: 'error',
    title: 'a Service that selected a database\'s primary selects only its read replicas: writes through it fail',
    remedy: 'keep the Service on the primary and send reads to the replicas\' own Service (`<name>-read`); if the primary is lost, rebuild it from a replica (StatefulDatabase docs: no automatic failover) instead of sending writes to a replica',
    sources: [
      'https://www.postgresql.org/docs/current/hot-standby.html',
      'https://redis.io/docs/latest/operate/oss_and_stack/management/replication/',
    ],
  },
  'deployment-recreate': {
    severity: 'warning',
    title: 'Deployment switched to strategy Recreate: all pods stop before new ones start',
    remedy: 'keep RollingUpdate unless two versions must never run side by side; plan a maintenance window',
    sources: ['https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy'],
  },
  'replicas-below-two': {
    severity: 'warning',
    title: 'replicas reduced below 2: one pod disruption means downtime',
    remedy: 'keep at least 2 replicas, or let a HorizontalPodAutoscaler manage replicas (omit the field)',
    sources: ['https://kubernetes.io/docs/concepts/workloads/pods/disruptions/'],
  },
  'pdb-removed': {
    severity: 'warning',
    title: 'PodDisruptionBudget removed: node drains may evict every pod at once',
    remedy: 'keep a PodDisruptionBudget for every workload with 2 or more replicas',
    sources: ['https://kubernetes.io/docs/tasks/run-application/configure-pdb/'],
  },
  'service-selector-unmatched': {
    severity: 'warning',
    title: 'Service selector changed and no longer selects the same workloads',
    remedy: 'roll out pods that carry both old and new labels first, then change the selector',
    sources: ['https://kubernetes.io/docs/concepts/services-networking/service/'],
  },
  'rename-downtime': {
    severity: 'warning',
    title: 'Deployment or Service renamed: the old one is deleted while the new one starts',
    remedy: 'keep the old name, or apply the new object first and prune the old one once the new one is ready',
    sources: ['https://kubernetes.io/docs/concepts/workloads/controllers/deployment/'],
  },
};
