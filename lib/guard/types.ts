/** How bad a finding is: errors fail the guard (exit code 1), warnings are reported only. */
export type GuardSeverity = 'error' | 'warning';

/**
 * Stable identifiers of the guard's rules. CI filters, suppressions and docs refer to these, so
 * they never change meaning once released.
 */
export type GuardRuleId =
  // Immutable fields: the API server rejects the update.
  | 'immutable-selector'
  | 'statefulset-volume-claim-templates'
  | 'statefulset-service-name'
  | 'statefulset-pod-management-policy'
  | 'job-template'
  | 'job-spec'
  | 'service-cluster-ip'
  | 'service-ip-family'
  | 'pvc-spec'
  | 'pv-source'
  | 'immutable-data'
  | 'secret-type'
  | 'role-ref'
  | 'duplicate-object'
  // Data-loss risks.
  | 'data-loss-removed'
  | 'namespace-removed'
  | 'pvc-retention-delete'
  | 'pvc-deleted-on-scale-down'
  | 'pvc-storage-decrease'
  | 'storage-class-changed'
  // Read replicas: writes that would fail.
  | 'primary-service-to-replicas'
  // Availability risks.
  | 'deployment-recreate'
  | 'replicas-below-two'
  | 'pdb-removed'
  | 'service-selector-unmatched'
  | 'rename-downtime'
  // Changes whose effect the guard cannot see, or that do nothing.
  | 'cluster-assigned-field'
  | 'service-stays-headless'
  | 'duplicate-baseline-object';

/** Options of a guard run. */
export interface GuardOptions {
  /**
   * The namespace that objects written without `metadata.namespace` land in. `kubectl apply`
   * puts them in the namespace given by `-n`, else the namespace of the current kubeconfig
   * context, else `default`; Argo CD uses the Application's destination namespace and Flux the
   * Kustomization's `targetNamespace`. An object written without a namespace and the same object
   * written with this namespace are one object. Cluster-scoped objects (Namespace,
   * PersistentVolume, ClusterRole, …) never have one.
   * @default 'default'
   */
  readonly defaultNamespace?: string;
}

/** The object a finding is about, as it appears in the baseline. */
export interface GuardObjectRef {
  /** The apiVersion of the object, e.g. `apps/v1`. */
  readonly apiVersion: string;
  /** The kind, e.g. `StatefulSet`. */
  readonly kind: string;
  /** The namespace as written; undefined for cluster-scoped objects and for objects that rely on the default namespace. */
  readonly namespace?: string;
  /** The object's name. */
  readonly name: string;
}

/** One problem the guard found between the baseline and the new output. */
export interface GuardFinding {
  /** `error` fails the guard; `warning` is printed only. */
  readonly severity: GuardSeverity;
  /** The stable rule identifier, e.g. `immutable-selector`. */
  readonly rule: GuardRuleId;
  /** The object concerned (as in the baseline, or as in the new output for objects that only exist there). */
  readonly object: GuardObjectRef;
  /**
   * The field path that changed, e.g. `spec.volumeClaimTemplates[0].spec.resources.requests.storage`.
   * Empty for findings about a whole object (removed, renamed).
   */
  readonly path: string;
  /** The old value, shortened for display; undefined when the field was absent. */
  readonly before?: string;
  /** The new value, shortened for display; undefined when the field is absent. */
  readonly after?: string;
  /** One sentence saying what is wrong and why it matters. */
  readonly message: string;
  /** What to do about it: the command or change that applies the update safely. */
  readonly remedy: string;
  /** Where the baseline object was read from (file and document), when known. */
  readonly baselineSource?: string;
  /** Where the new object was read from (file and document), when known. */
  readonly nextSource?: string;
}
