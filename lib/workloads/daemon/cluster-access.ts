import { IConstruct } from 'constructs';
import { fail } from '../../core/errors';
import { defineProps, flag, list, optional, shape, texts } from '../../core/props';
import { PERMISSION_PROPS, PermissionProps, READ_VERBS, WRITE_VERBS } from '../../platform/access';
import { rulePowers } from '../../kube/rbac';

/** What a daemon may do through the Kubernetes API, across the cluster. */
export interface DaemonApiAccessProps {
  /**
   * Resources the daemon may read (get, list, watch) in every namespace, e.g.
   * `['pods', 'namespaces', 'nodes']`. Resources outside the core group carry their group after
   * a dot (`'deployments.apps'`); subresources after a slash (`'nodes/metrics'`). Any entry
   * creates a ClusterRole and ClusterRoleBinding and mounts the ServiceAccount token.
   * Changeable (the ClusterRole is updated in place).
   * @default - no API access, and no token in the pods
   */
  readonly readCluster?: readonly string[];
  /**
   * Further cluster-wide permissions, exactly as declared (e.g. `create` on `events`).
   * Changeable.
   * @default - none
   */
  readonly clusterPermissions?: readonly PermissionProps[];
  /**
   * Allows `'*'` in resources, groups or verbs: the grant then also covers whatever is added to
   * the cluster later.
   * @default false
   */
  readonly unsafeAllowWildcards?: boolean;
}

/** The table of {@link DaemonApiAccessProps}. */
export const DAEMON_API_ACCESS_PROPS = defineProps<DaemonApiAccessProps>('DaemonApiAccessProps', {
  readCluster: optional(texts()),
  clusterPermissions: optional(list(shape(PERMISSION_PROPS))),
  unsafeAllowWildcards: optional(flag()),
});

/**
 * Turns `readCluster` into read rules, one per API group in order of first mention, followed by
 * `clusterPermissions` as declared.
 */
export function clusterRules(scope: IConstruct, props: DaemonApiAccessProps): PermissionProps[] {
  const read = props.readCluster ?? [];
  if (!Array.isArray(read)) fail(scope, 'readCluster', 'a list of resources such as [\'pods\', \'nodes\']', read);
  const byGroup = new Map<string, string[]>();
  read.forEach((entry, i) => {
    if (typeof entry !== 'string' || entry === '') fail(scope, `readCluster[${i}]`, 'a resource such as \'pods\', \'deployments.apps\' or \'nodes/metrics\'', entry);
    const slash = entry.indexOf('/');
    const qualified = slash === -1 ? entry : entry.slice(0, slash);
    const subresource = slash === -1 ? '' : entry.slice(slash);
    const dot = qualified.indexOf('.');
    const group = dot === -1 ? '' : qualified.slice(dot + 1);
    const resource = `${dot === -1 ? qualified : qualified.slice(0, dot)}${subresource}`;
    const resources = byGroup.get(group) ?? [];
    if (resources.includes(resource)) fail(scope, `readCluster[${i}]`, 'a resource not already listed', entry);
    requireNoPower(scope, `readCluster[${i}]`, { apiGroups: [group], resources: [resource], verbs: 'read' }, entry);
    resources.push(resource);
    byGroup.set(group, resources);
  });
  const rules: PermissionProps[] = [...byGroup].map(([group, resources]) => ({ apiGroups: [group], resources, verbs: 'read' }));
  (props.clusterPermissions ?? []).forEach((permission, i) => requireNoPower(scope, `clusterPermissions[${i}]`, permission, permission.resources));
  return [...rules, ...(props.clusterPermissions ?? [])];
}

// A daemon has no unsafe… opt-ins for these powers: refuse them here, naming the daemon's prop.
function requireNoPower(scope: IConstruct, prop: string, rule: PermissionProps, given: unknown): void {
  const verbs = rule.verbs === 'read' ? READ_VERBS : rule.verbs === 'write' ? WRITE_VERBS : typeof rule.verbs === 'string' ? [] : rule.verbs;
  const grant = rulePowers({ apiGroups: rule.apiGroups ?? [''], resources: rule.resources, verbs })[0];
  if (grant !== undefined) fail(scope, prop, `a grant without '${grant.verb}' on ${grant.resource} (it gives ${grant.power === 'pod-exec' ? 'a shell in pods' : grant.power === 'secret-write' ? 'Secret writes' : 'other ServiceAccounts\' tokens'}, which a daemon is never granted)`, given);
}

