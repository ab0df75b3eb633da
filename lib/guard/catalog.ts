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
      'API server: "updates to statefulset spec for fields other than \'replicas\', \'ordinals\', \'template\', \'updateStrategy\', \'revisionHistoryLimit\', \'persistentVolumeClaimRetentionPolicy\' and \'minReadySeconds\' are forbidden"',
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
  'job-spec': {
    severity: 'error',
    title: 'Job spec.completions (also its default), completionMode, podFailurePolicy, backoffLimitPerIndex, successPolicy and managedBy are immutable',
    remedy: `${REPLACE_FORCE}; the Job runs again. Give Jobs a versioned name (or use a CronJob) so each change creates a new Job`,
    sources: [
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/batch/validation/validation.go (ValidateJobSpecUpdate, validateCompletions)',
      'https://kubernetes.io/docs/concepts/workloads/controllers/job/#elastic-indexed-jobs',
      'https://www.kubernetes.dev/resources/keps/3715/',
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/job-v1/',
    ],
  },
  'service-cluster-ip': {
    severity: 'error',
    title: 'Service spec.clusterIP / spec.clusterIPs cannot change once set (except to or from type ExternalName)',
    remedy: `${REPLACE_FORCE}; clients caching the old IP fail until they resolve the name again`,
    sources: ['https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec'],
  },
  'service-ip-family': {
    severity: 'error',
    title: 'Service primary IP family (spec.ipFamilies[0]) cannot change; only a secondary family may be added or removed',
    remedy: `${REPLACE_FORCE}; clients caching the old IP fail until they resolve the name again`,
    sources: [
      'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec',
      'https://kubernetes.io/docs/concepts/services-networking/dual-stack/',
    ],
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
  'secret-type': {
    severity: 'error',
    title: 'Secret type is immutable (an absent type is Opaque)',
    remedy: 'create the Secret under a new name and point the workloads at it; or delete and recreate it (`kubectl delete secret <name> -n <namespace>`, then `kubectl apply -f <file>`): pods read the new content when they restart',
    sources: [
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go (ValidateSecretUpdate)',
      'API server: type: Invalid value: "kubernetes.io/tls": field is immutable (https://github.com/nrvnrvn/secreter/issues/3)',
      'https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
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
  'duplicate-object': {
    severity: 'error',
    title: 'the same object (group, kind, namespace, name) occurs more than once in the new output',
    remedy: 'keep one copy: two charts or files emit the same object (an object without a namespace is the same as one in the default namespace)',
    sources: ['https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#how-to-create-objects'],
  },
  'data-loss-removed': {
    severity: 'error',
    title: 'a StatefulSet, PersistentVolumeClaim or PersistentVolume disappears (removed, renamed or moved to another namespace)',
    remedy: 'keep the old name and namespace; if the removal is intended, back up the data first and delete the object by hand (pruning tools would delete it and, with reclaim policy Delete, its storage)',
    sources: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention',
      'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming',
    ],
  },
  'namespace-removed': {
    severity: 'error',
    title: 'a Namespace disappears from the output: pruning deletes it and everything in it',
    remedy: 'keep the Namespace in the output (e.g. keep the Environment). If the namespace should stay but leave this output, first stop the pruning tool from deleting it '
      + '(annotate the live Namespace: Argo CD `argocd.argoproj.io/sync-options: Prune=false`, Flux `kustomize.toolkit.fluxcd.io/prune: disabled`; or apply without --prune). '
      + 'To delete it on purpose, back up its volumes first and delete it by hand',
    sources: [
      'https://kubernetes.io/docs/tasks/administer-cluster/namespaces/#deleting-a-namespace',
      'https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#alternative-kubectl-apply-f-directory-prune',
      'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#namespacelifecycle',
      'https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/#no-prune-resources',
      'https://fluxcd.io/flux/components/kustomize/kustomizations/#prune',
    ],
  },
  'pvc-retention-delete': {
    severity: 'error',
    title: 'StatefulSet persistentVolumeClaimRetentionPolicy switched to Delete',
    remedy: 'keep Retain unless the data is disposable; with Delete, deleting or scaling down the StatefulSet deletes its PVCs',
    sources: ['https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention'],
  },
  'pvc-deleted-on-scale-down': {
    severity: 'error',
    title: 'StatefulSet scaled down (or its ordinals shifted) with whenScaled: Delete: the claims of the removed ordinals are deleted',
    remedy: 'keep whenScaled: Retain while scaling down (the controller applies the policy of the updated StatefulSet, so setting Retain in the same change keeps the claims); if the data may go, back it up first',
    sources: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention',
      'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-storage',
      'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#start-ordinal',
    ],
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
    title: 'Deployment, DaemonSet or Service renamed or moved to another namespace: the old one is deleted while the new one starts',
    remedy: 'keep the old name and namespace, or apply the new object first and prune the old one once the new one is ready',
    sources: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/',
      'https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#alternative-kubectl-apply-f-directory-prune',
    ],
  },
  'cluster-assigned-field': {
    severity: 'warning',
    title: 'a field the cluster filled in at creation (Service clusterIP or primary IP family, PVC volumeName or default storageClassName) is now written: accepted only if it matches',
    remedy: 'write exactly the live value (`kubectl get <kind> <name> -n <namespace> -o yaml`), or leave the field out',
    sources: [
      'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec',
      'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#retroactive-default-storageclass-assignment',
      'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#binding',
    ],
  },
  'service-stays-headless': {
    severity: 'warning',
    title: 'clusterIP: None removed from a Service: nothing changes, the Service stays headless',
    remedy: 'keep clusterIP: None so the manifest says what runs; to give the Service a cluster IP, delete and recreate it: `kubectl delete service <name> -n <namespace>`, then `kubectl apply -f <file>`',
    sources: [
      'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec',
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/core/service/storage/storage.go (patchAllocatedValues keeps the stored clusterIP when an update leaves it empty)',
      'https://kubernetes.io/docs/concepts/services-networking/service/#headless-services',
    ],
  },
  'duplicate-baseline-object': {
    severity: 'warning',
    title: 'the same object occurs more than once in the baseline: the guard compares with the last copy',
    remedy: 'check that the cluster holds the copy you expect (`kubectl get <kind> <name> -n <namespace> -o yaml`); the new output should have one copy',
    sources: ['https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#how-to-create-objects'],
  },
};
