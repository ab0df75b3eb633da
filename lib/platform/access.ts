import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { clusterScopedMetadata } from '../core/cluster-scoped';
import { shipshapeConstruct } from '../core/construct';
import { fail } from '../core/errors';
import { objectMetadata } from '../core/identity';
import { isDnsSubdomain } from '../kube/names';
import { formatSuppressions } from '../kube/suppressions';
import { SUPPRESS_ANNOTATION } from '../kube/vocabulary';
import { checkProps, defineProps, either, flag, instanceOf, list, optional, required, shape, text, texts } from '../core/props';
import { RbacPower, builtInRolePowers, rulePowers } from '../kube/rbac';
import { requireDnsLabel, requireDnsSubdomain } from '../core/validate';
import { ShipshapeWorkload } from '../core/workload';

/** A verb of the Kubernetes API that a rule can grant. */
export type AccessVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

const ACCESS_VERBS: readonly AccessVerb[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
/** `read`: look, never touch. */
export const READ_VERBS: readonly AccessVerb[] = ['get', 'list', 'watch'];
/** `write`: read plus changing single objects (not deletecollection, which must be asked for by name). */
export const WRITE_VERBS: readonly AccessVerb[] = [...READ_VERBS, 'create', 'update', 'patch', 'delete'];
const RESOURCE = /^[a-z][a-z0-9.-]*(\/[a-z]+)?$/;

/** One rule of a Role or ClusterRole: which verbs on which resources of which API groups. */
export interface PermissionProps {
  /**
   * The resources, in plural lower case, with an optional subresource: `'pods'`, `'pods/log'`,
   * `'deployments'`, `'configmaps'`. `'*'` (or any `*` in a name) needs `unsafeAllowWildcards`.
   * Changeable (the Role is updated in place).
   */
  readonly resources: readonly string[];
  /**
   * The API groups of the resources: `''` is the core group (pods, configmaps, secrets),
   * `'apps'` holds deployments, `'batch'` jobs. Changeable.
   * @default [''] (the core group)
   */
  readonly apiGroups?: readonly string[];
  /**
   * The verbs: `'read'` is get, list and watch; `'write'` adds create, update, patch and delete;
   * or an explicit list. `'*'` needs `unsafeAllowWildcards`. Changeable.
   */
  readonly verbs: 'read' | 'write' | readonly (AccessVerb | '*')[];
  /**
   * Restricts the rule to objects with these names. Kubernetes cannot restrict `create` or
   * `deletecollection` by name (there is no name to check yet), so those verbs ignore it.
   * Changeable.
   * @default - every object of the resources
   */
  readonly resourceNames?: readonly string[];
}

/** Props of {@link Access}. */
export interface AccessProps {
  /**
   * The workload that gets the access: its ServiceAccount becomes the subject of the binding and
   * its pods start mounting the ServiceAccount token. Changing the workload means a new binding
   * (a binding's roleRef cannot change; its subjects can).
   */
  readonly workload: ShipshapeWorkload;
  /**
   * The rules of the Role (or ClusterRole), exactly as declared. Changeable.
   * @default - none; then `clusterRole` is required
   */
  readonly rules?: readonly PermissionProps[];
  /**
   * Binds an existing ClusterRole too, such as the built-in `'view'` or `'edit'`: through a
   * RoleBinding (its permissions in the workload's namespace only) or, with `clusterWide`, a
   * ClusterRoleBinding. `'cluster-admin'` needs `unsafeClusterAdmin`; `'edit'` and `'admin'` need
   * `unsafeAllowPodExec`, `unsafeAllowSecretWrite` and `unsafeAllowServiceAccountTokens`, the
   * powers they grant. A custom ClusterRole's rules are not visible here: review them yourself.
   * Kubernetes does not allow changing the role a binding refers to: a change replaces the binding.
   * @default - no existing role is bound
   */
  readonly clusterRole?: string;
  /**
   * Grants in every namespace: a ClusterRole and a ClusterRoleBinding instead of a Role and a
   * RoleBinding. Switching it replaces the objects.
   * @default false
   */
  readonly clusterWide?: boolean;
  /**
   * The name of the Role (or ClusterRole) and its binding, when one workload gets several Access
   * grants: a DNS-1123 label. Cluster-scoped objects are named `<name>.<namespace>` so they stay
   * unique across the cluster; the binding to `clusterRole` is `<name>.<clusterRole>`. Kubernetes
   * does not allow renaming: a new name creates new objects.
   * @default - the workload's name
   */
  readonly name?: string;
  /**
   * Allows a shell in pods: `pods/exec` and `pods/attach`, a debug container through
   * `pods/ephemeralcontainers`, or any pod of a node through the kubelet's `nodes/proxy`, however
   * the grant spells them (`pods/*`, `*`), and binding the built-in 'edit' or 'admin' roles.
   * @default false
   */
  readonly unsafeAllowPodExec?: boolean;
  /**
   * Allows create, update, patch or delete on `secrets` (also through wildcards, or the built-in
   * 'edit' and 'admin' roles): the workload can then plant or replace credentials other workloads
   * trust.
   * @default false
   */
  readonly unsafeAllowSecretWrite?: boolean;
  /**
   * Allows acting as other ServiceAccounts: creating their tokens through `serviceaccounts/token`,
   * or impersonating them through the built-in 'edit' and 'admin' roles.
   * @default false
   */
  readonly unsafeAllowServiceAccountTokens?: boolean;
  /**
   * Allows `'*'` in apiGroups, resources, verbs or resourceNames: the grant then also covers
   * resources and verbs added to the cluster later.
   * @default false
   */
  readonly unsafeAllowWildcards?: boolean;
  /**
   * Allows binding the `cluster-admin` ClusterRole: full control (of the namespace, or with `clusterWide` of the cluster).
   * @default false
   */
  readonly unsafeClusterAdmin?: boolean;
}

/** The table of {@link PermissionProps}. */
export const PERMISSION_PROPS = defineProps<PermissionProps>('PermissionProps', {
  resources: required(texts()),
  apiGroups: optional(texts()),
  verbs: required(either(text(), texts(), '\'read\', \'write\' or a list of verbs')),
  resourceNames: optional(texts()),
});

/** The table of {@link AccessProps}. */
export const ACCESS_PROPS = defineProps<AccessProps>('AccessProps', {
  workload: required(instanceOf(ShipshapeWorkload, 'a Shipshape workload (WebApp, StatefulDatabase …)')),
  rules: optional(list(shape(PERMISSION_PROPS))),
  clusterRole: optional(text()),
  clusterWide: optional(flag()),
  name: optional(text()),
  unsafeAllowPodExec: optional(flag()),
  unsafeAllowSecretWrite: optional(flag()),
  unsafeAllowServiceAccountTokens: optional(flag()),
  unsafeAllowWildcards: optional(flag()),
  unsafeClusterAdmin: optional(flag()),
});

/** The prop that allows each power of a grant, and what the power is. */
const OPT_INS: Readonly<Record<RbacPower, { prop: 'unsafeAllowPodExec' | 'unsafeAllowSecretWrite' | 'unsafeAllowServiceAccountTokens'; what: string }>> = {
  'pod-exec': { prop: 'unsafeAllowPodExec', what: 'a shell in pods' },
  'secret-write': { prop: 'unsafeAllowSecretWrite', what: 'Secret writes' },
  'service-account-tokens': { prop: 'unsafeAllowServiceAccountTokens', what: 'acting as other ServiceAccounts' },
};

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const usedNames = new WeakMap<ShipshapeWorkload, Set<string>>();

/**
 * Kubernetes API access for one workload: a Role (or ClusterRole) with typed rules, bound to the
 * workload's own ServiceAccount by a RoleBinding (or ClusterRoleBinding). Creating it mounts the
 * ServiceAccount token into the workload's pods; a workload without an Access carries no token.
 *
 * Names: the Role and RoleBinding are named after the workload (or `name`); cluster-scoped
 * objects are `<name>.<namespace>`; a binding to an existing ClusterRole adds `.<clusterRole>`.
 * Namespaced objects go to the workload's namespace.
 */
@shipshapeConstruct
export class Access extends Construct {
  /** The name of the Role or ClusterRole (and of the binding). */
  public readonly roleName: string;
  /** The rules as rendered, in declaration order. */
  public readonly rules: readonly k8s.PolicyRule[];
  /** The Role or ClusterRole built from `rules`; undefined when only `clusterRole` is bound. */
  public readonly role: k8s.KubeRole | k8s.KubeClusterRole | undefined;
  /** The bindings: one to the role built from `rules`, one to `clusterRole`. */
  public readonly bindings: readonly (k8s.KubeRoleBinding | k8s.KubeClusterRoleBinding)[];

  constructor(scope: Construct, id: string, props: AccessProps) {
    super(scope, id);
    checkProps(this, props, ACCESS_PROPS);
    const workload = props.workload;
    if (!(workload instanceof ShipshapeWorkload)) fail(this, 'workload', 'a Shipshape workload (WebApp, StatefulDatabase …)', typeof workload);
    const clusterWide = props.clusterWide === true;
    const namespace = workload.namespace;
    if (clusterWide && namespace === undefined) {
      fail(this, 'clusterWide', 'false for a workload in a chart without a namespace (a ClusterRoleBinding must name its ServiceAccount\'s namespace)', true);
    }

    const baseName = requireDnsLabel(this, 'name', props.name ?? workload.name);
    // Cluster-scoped names carry the namespace after a '.', which no name or namespace contains:
    // namespace 'a-b' with 'c' and namespace 'a' with 'b-c' stay apart.
    this.roleName = clusterWide ? `${baseName}.${namespace}` : baseName;
    const taken = usedNames.get(workload) ?? new Set<string>();
    if (taken.has(this.roleName)) fail(this, 'name', `a name not already used by another Access of '${workload.name}'`, this.roleName);

    const declared = props.rules ?? [];
    if (!Array.isArray(declared)) fail(this, 'rules', 'a list of permissions', declared);
    this.rules = declared.map((rule, i) => renderRule(this, `rules[${i}]`, rule, props));
    const clusterRole = props.clusterRole === undefined ? undefined : requireDnsSubdomain(this, 'clusterRole', props.clusterRole);
    if (clusterRole === 'cluster-admin' && props.unsafeClusterAdmin !== true) {
      fail(this, 'clusterRole', 'a role other than \'cluster-admin\' (set unsafeClusterAdmin to grant full control)', clusterRole);
    }
    const missing = (clusterRole === undefined ? [] : builtInRolePowers(clusterRole)).filter((power) => props[OPT_INS[power].prop] !== true);
    if (clusterRole !== undefined && missing.length > 0) {
      const grants = missing.map((power) => OPT_INS[power].what).join(', ');
      fail(this, 'clusterRole', `a role without ${grants} (the built-in '${clusterRole}' grants them; set ${missing.map((power) => OPT_INS[power].prop).join(' and ')} to bind it)`, clusterRole);
    }
    // The binding to an existing role is `<role name>.<cluster role>`: no Access name contains a '.'.
    const bindingName = clusterRole === undefined ? undefined : `${this.roleName}.${clusterRole}`;
    if (bindingName !== undefined && !isDnsSubdomain(bindingName)) fail(this, 'clusterRole', `a name short enough for the binding ${this.roleName}.<clusterRole> (at most 253 characters)`, clusterRole);
    if (this.rules.length === 0 && clusterRole === undefined) fail(this, 'rules', 'at least one permission (or a clusterRole to bind)', declared);

    // An unsafe opt-in is the reviewed exception the matching policy rule asks for: recorded as a
    // suppression (with the prop as its reason), so the policy check reports it as suppressed.
    const roleOptIns = optInSuppressions(props, ['unsafeAllowPodExec', 'unsafeAllowSecretWrite', 'unsafeAllowWildcards']);
    const roleMetadata = (metadata: k8s.ObjectMeta): k8s.ObjectMeta => (roleOptIns ? { ...metadata, annotations: { [SUPPRESS_ANNOTATION]: roleOptIns } } : metadata);
    const subjects: k8s.Subject[] = [{
      kind: 'ServiceAccount',
      name: workload.serviceAccountName,
      ...(namespace === undefined ? {} : { namespace }),
    }];
    // Pinned to the workload's namespace, wherever in the tree this construct sits.
    const namespaced = (name: string): k8s.ObjectMeta => ({ ...objectMetadata(workload.identity, name), ...(namespace === undefined ? {} : { namespace }) });
    const bindings: (k8s.KubeRoleBinding | k8s.KubeClusterRoleBinding)[] = [];

    if (this.rules.length > 0) {
      const rules = this.rules.map((r) => ({ ...r }));
      if (clusterWide) {
        this.role = new k8s.KubeClusterRole(this, 'ClusterRole', { metadata: roleMetadata(clusterScopedMetadata(objectMetadata(workload.identity, this.roleName))), rules });
        bindings.push(new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
          metadata: clusterScopedMetadata(objectMetadata(workload.identity, this.roleName)),
          roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: this.roleName },
          subjects,
        }));
      } else {
        this.role = new k8s.KubeRole(this, 'Role', { metadata: roleMetadata(namespaced(this.roleName)), rules });
        bindings.push(new k8s.KubeRoleBinding(this, 'RoleBinding', {
          metadata: namespaced(this.roleName),
          roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: this.roleName },
          subjects,
        }));
      }
    }
    if (clusterRole !== undefined && bindingName !== undefined) {
      const roleRef = { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: clusterRole };
      const adminOptIn = clusterRole === 'cluster-admin' ? optInSuppressions(props, ['unsafeClusterAdmin']) : undefined;
      const bindingMetadata = (metadata: k8s.ObjectMeta): k8s.ObjectMeta => (adminOptIn ? { ...metadata, annotations: { [SUPPRESS_ANNOTATION]: adminOptIn } } : metadata);
      bindings.push(clusterWide
        ? new k8s.KubeClusterRoleBinding(this, 'ExistingClusterRoleBinding', { metadata: bindingMetadata(clusterScopedMetadata(objectMetadata(workload.identity, bindingName))), roleRef, subjects })
        : new k8s.KubeRoleBinding(this, 'ExistingRoleBinding', { metadata: bindingMetadata(namespaced(bindingName)), roleRef, subjects }));
    }
    this.bindings = bindings;
    taken.add(this.roleName);
    usedNames.set(workload, taken);
    workload.mountServiceAccountToken();
  }
}

/** The policy rule each unsafe opt-in of Access lifts. */
const OPT_IN_RULES = {
  unsafeAllowPodExec: 'rbac-pod-exec',
  unsafeAllowSecretWrite: 'rbac-secret-write',
  unsafeAllowWildcards: 'rbac-wildcard',
  unsafeClusterAdmin: 'rbac-cluster-admin',
} as const;

/** The suppression annotation value for the opt-ins that are set, or undefined when none is. */
function optInSuppressions(props: AccessProps, optIns: readonly (keyof typeof OPT_IN_RULES)[]): string | undefined {
  const reasons = new Map(optIns.filter((o) => props[o] === true).map((o) => [OPT_IN_RULES[o], `granted with Access ${o}`]));
  return reasons.size > 0 ? formatSuppressions(reasons) : undefined;
}

function renderRule(scope: Construct, prop: string, rule: PermissionProps, props: AccessProps): k8s.PolicyRule {
  const wildcards = props.unsafeAllowWildcards === true;
  const noWildcard = (field: string, values: readonly string[]): void => {
    values.forEach((value, i) => {
      if (!wildcards && value.includes('*')) fail(scope, `${prop}.${field}[${i}]`, 'a name without \'*\' (set unsafeAllowWildcards to grant everything)', value);
    });
  };

  const apiGroups = requireStrings(scope, `${prop}.apiGroups`, rule.apiGroups ?? ['']);
  apiGroups.forEach((group, i) => {
    if (group !== '' && group !== '*' && !isDnsSubdomain(group)) fail(scope, `${prop}.apiGroups[${i}]`, 'an API group such as \'\' (core), \'apps\' or \'batch\'', group);
  });
  noWildcard('apiGroups', apiGroups);

  const resources = requireStrings(scope, `${prop}.resources`, rule.resources);
  if (resources.length === 0) fail(scope, `${prop}.resources`, 'at least one resource', resources);
  resources.forEach((resource, i) => {
    if (!resource.includes('*') && !RESOURCE.test(resource)) fail(scope, `${prop}.resources[${i}]`, 'a plural lower-case resource such as \'pods\' or \'pods/log\'', resource);
  });
  noWildcard('resources', resources);

  const verbs = resolveVerbs(scope, `${prop}.verbs`, rule.verbs);
  noWildcard('verbs', verbs);

  const resourceNames = rule.resourceNames === undefined ? undefined : requireStrings(scope, `${prop}.resourceNames`, rule.resourceNames);
  if (resourceNames !== undefined && resourceNames.length === 0) fail(scope, `${prop}.resourceNames`, 'at least one name (omit it for every object)', resourceNames);
  noWildcard('resourceNames', resourceNames ?? []);

  for (const grant of rulePowers({ apiGroups, resources, verbs })) {
    const optIn = OPT_INS[grant.power];
    if (props[optIn.prop] !== true) {
      fail(scope, `${prop}.resources`, `a grant without ${optIn.what} (set ${optIn.prop} to allow '${grant.verb}' on ${grant.resource})`, resources);
    }
  }

  return {
    apiGroups: [...apiGroups],
    resources: [...resources],
    verbs: [...verbs],
    ...(resourceNames ? { resourceNames: [...resourceNames] } : {}),
  };
}

function resolveVerbs(scope: Construct, prop: string, verbs: PermissionProps['verbs']): readonly string[] {
  if (verbs === 'read') return READ_VERBS;
  if (verbs === 'write') return WRITE_VERBS;
  if (typeof verbs === 'string' || !Array.isArray(verbs)) fail(scope, prop, '\'read\', \'write\' or a list of verbs', verbs);
  if (verbs.length === 0) fail(scope, prop, 'at least one verb', verbs);
  verbs.forEach((verb, i) => {
    if (verb !== '*' && !(ACCESS_VERBS as readonly string[]).includes(verb)) {
      fail(scope, `${prop}[${i}]`, `one of ${ACCESS_VERBS.map((v) => `'${v}'`).join(', ')}`, verb);
    }
  });
  if (new Set(verbs).size !== verbs.length) fail(scope, prop, 'a list without repeats', verbs);
  return verbs;
}

function requireStrings(scope: Construct, prop: string, values: unknown): readonly string[] {
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) fail(scope, prop, 'a list of strings', values);
  return values as string[];
}
