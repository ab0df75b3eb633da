// What an RBAC grant lets its holder do beyond its own workload: the powers a reviewer has to see.
// RBAC matches with wildcards ('*' for a group, resource or verb, 'pods/*' for every subresource
// of pods), so a power is found however the grant spells it.

/** One rule of a Role or ClusterRole, as plain lists. */
export interface RbacRule {
  /** API groups ('' is the core group). */
  readonly apiGroups: readonly string[];
  /** Resources, with an optional '/subresource'. */
  readonly resources: readonly string[];
  /** Verbs. */
  readonly verbs: readonly string[];
}

/**
 * A power beyond reading and writing ordinary objects:
 * - `pod-exec`: a shell in running containers (pods/exec, pods/attach, a debug container through
 *   pods/ephemeralcontainers, or any pod on a node through the kubelet's nodes/proxy);
 * - `secret-write`: planting or replacing the credentials other workloads trust;
 * - `service-account-tokens`: acting as other ServiceAccounts (minting their tokens through
 *   serviceaccounts/token, or impersonating them).
 */
export type RbacPower = 'pod-exec' | 'secret-write' | 'service-account-tokens';

/** A power and the grant that gives it, e.g. 'create' on 'pods/exec'. */
export interface RbacPowerGrant {
  /** The power. */
  readonly power: RbacPower;
  /** The verb that gives it ('*' when the rule grants every verb). */
  readonly verb: string;
  /** The resource it is given on. */
  readonly resource: string;
}

const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];

// Each power as (group, resource, verbs that give it); any verb listed gives the power. Exec and
// attach stream over GET or POST, but any verb granted on them is read as a shell, as reviewers
// and the policy rule rbac-pod-exec read it: no other verb has a use there.
const POWERS: readonly { power: RbacPower; group: string; resource: string; verbs: readonly string[] | 'any' }[] = [
  { power: 'pod-exec', group: '', resource: 'pods/exec', verbs: 'any' },
  { power: 'pod-exec', group: '', resource: 'pods/attach', verbs: 'any' },
  { power: 'pod-exec', group: '', resource: 'pods/ephemeralcontainers', verbs: ['update', 'patch'] },
  { power: 'pod-exec', group: '', resource: 'nodes/proxy', verbs: ['get', 'create', 'update', 'patch', 'delete'] },
  { power: 'secret-write', group: '', resource: 'secrets', verbs: WRITE },
  { power: 'service-account-tokens', group: '', resource: 'serviceaccounts/token', verbs: ['create'] },
];

function coversResource(granted: string, wanted: string): boolean {
  if (granted === '*' || granted === wanted) return true;
  const [resource, sub] = wanted.split('/');
  return sub !== undefined && (granted === `${resource}/*` || granted === `*/${sub}`);
}

/** The powers a rule gives, each once, in a fixed order. */
export function rulePowers(rule: RbacRule): RbacPowerGrant[] {
  const found: RbacPowerGrant[] = [];
  for (const p of POWERS) {
    if (!rule.apiGroups.some((g) => g === '*' || g === p.group)) continue;
    if (!rule.resources.some((r) => coversResource(r, p.resource))) continue;
    const verb = rule.verbs.includes('*') ? '*' : p.verbs === 'any' ? rule.verbs[0] : p.verbs.find((v) => rule.verbs.includes(v));
    if (verb === undefined) continue;
    if (!found.some((f) => f.power === p.power)) found.push({ power: p.power, verb, resource: p.resource });
  }
  return found;
}

// The powers of Kubernetes' built-in user-facing ClusterRoles (and the roles aggregated into
// them): 'edit' and 'admin' allow exec into pods, writing Secrets and impersonating
// ServiceAccounts; 'view' none of these. A custom ClusterRole's rules are not known here.
const BUILT_IN_ROLE_POWERS: Readonly<Record<string, readonly RbacPower[]>> = {
  'view': [],
  'edit': ['pod-exec', 'secret-write', 'service-account-tokens'],
  'admin': ['pod-exec', 'secret-write', 'service-account-tokens'],
  'system:aggregate-to-view': [],
  'system:aggregate-to-edit': ['pod-exec', 'secret-write', 'service-account-tokens'],
  'system:aggregate-to-admin': [],
};

/**
 * The powers of one of Kubernetes' built-in user-facing ClusterRoles (see above), or none for any
 * other name, whose rules are not known here.
 */
export function builtInRolePowers(clusterRole: string): readonly RbacPower[] {
  return Object.hasOwn(BUILT_IN_ROLE_POWERS, clusterRole) ? BUILT_IN_ROLE_POWERS[clusterRole] : [];
}

