import { Entry, ObjectIndex } from '../context';
import { arr, obj, str } from '../../manifests/json';
import { Emit, Rule } from '../rule';

/** One rule of a Role or ClusterRole, its field path, and its lists as strings. */
interface PolicyRuleRef {
  readonly field: string;
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames: readonly string[];
}

function roles(index: ObjectIndex): Entry[] {
  return [...index.ofKind('Role'), ...index.ofKind('ClusterRole')];
}

function rulesOf(role: Entry): PolicyRuleRef[] {
  return arr(role.manifest.rules).map((r, i) => {
    const rule = obj(r);
    const list = (field: string): string[] => arr(rule[field]).map(String);
    return { field: `rules[${i}]`, apiGroups: list('apiGroups'), resources: list('resources'), verbs: list('verbs'), resourceNames: list('resourceNames') };
  });
}

/** Runs a per-rule test over every Role and ClusterRole, one finding per role listing its offending rules. */
function eachRoleRule(index: ObjectIndex, emit: Emit, test: (rule: PolicyRuleRef) => string | undefined): void {
  for (const role of roles(index)) {
    const problems = rulesOf(role).flatMap((rule) => {
      const text = test(rule);
      return text ? [[rule.field, `${rule.field}: ${text}`] as const] : [];
    });
    if (problems.length > 0) emit(role, problems.map(([, t]) => t).join('; '), problems.map(([f]) => f));
  }
}

/** Whether a rule covers the core API group (where pods and secrets live). */
function coversCore(rule: PolicyRuleRef): boolean {
  return rule.apiGroups.includes('') || rule.apiGroups.includes('*');
}

const wildcard: Rule = {
  id: 'rbac-wildcard', severity: 'error', sources: ['kube-linter', 'Shipshape'],
  title: 'Role and ClusterRole rules name their API groups, resources, verbs and names (no \'*\')',
  rationale: 'A wildcard also grants every resource and verb added to the cluster later, so nobody can review what it allows.',
  fix: 'List the API groups, resources and verbs the workload needs (Shipshape\'s Access needs unsafeAllowWildcards for \'*\').',
  check: (index, emit) => eachRoleRule(index, emit, (rule) => {
    const fields = (['apiGroups', 'resources', 'verbs', 'resourceNames'] as const).filter((f) => rule[f].some((v) => v.includes('*')));
    return fields.length > 0 ? `'*' in ${fields.join(', ')}` : undefined;
  }),
};

/** Subresources that open a stream into a running container. */
const SHELL_SUBRESOURCES = ['pods/exec', 'pods/attach'];

const podExec: Rule = {
  id: 'rbac-pod-exec', severity: 'error', sources: ['Polaris', 'Shipshape'],
  title: 'No Role grants pods/exec or pods/attach',
  rationale: 'Exec and attach give a shell in the pods: everything the container can read, including its Secrets, is then exposed.',
  fix: 'Remove pods/exec and pods/attach; debug with ephemeral containers under a reviewed, temporary grant (Access: unsafeAllowPodExec).',
  check: (index, emit) => eachRoleRule(index, emit, (rule) => {
    const shell = rule.resources.filter((r) => SHELL_SUBRESOURCES.includes(r));
    return coversCore(rule) && shell.length > 0 && rule.verbs.length > 0 ? `grants ${shell.join(', ')}` : undefined;
  }),
};

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection', '*']);

const secretWrite: Rule = {
  id: 'rbac-secret-write', severity: 'error', sources: ['kube-linter', 'Shipshape'],
  title: 'No Role grants create, update, patch or delete on Secrets',
  rationale: 'A workload that can write Secrets can plant or replace the credentials other workloads trust.',
  fix: 'Grant read verbs only (get, list, watch) on secrets, ideally with resourceNames (Access: unsafeAllowSecretWrite).',
  check: (index, emit) => eachRoleRule(index, emit, (rule) => {
    if (!coversCore(rule) || !rule.resources.includes('secrets')) return undefined;
    const writing = rule.verbs.filter((v) => WRITE_VERBS.has(v));
    return writing.length > 0 ? `${writing.join(', ')} on secrets` : undefined;
  }),
};

const clusterAdmin: Rule = {
  id: 'rbac-cluster-admin', severity: 'error', sources: ['kube-linter', 'Polaris', 'Shipshape'],
  title: 'No RoleBinding or ClusterRoleBinding to the cluster-admin ClusterRole',
  rationale: 'cluster-admin is full control: of the namespace through a RoleBinding, of the whole cluster through a ClusterRoleBinding.',
  fix: 'Bind a Role with the permissions the subject needs (Access: unsafeClusterAdmin).',
  check: (index, emit) => {
    for (const binding of [...index.ofKind('RoleBinding'), ...index.ofKind('ClusterRoleBinding')]) {
      const ref = obj(binding.manifest.roleRef);
      if (ref.kind === 'ClusterRole' && str(ref.name) === 'cluster-admin') {
        emit(binding, `binds cluster-admin${binding.manifest.kind === 'ClusterRoleBinding' ? ' cluster-wide' : ` in namespace ${binding.namespace || '<default>'}`}`, ['roleRef']);
      }
    }
  },
};

/** Rules on RBAC: the grants Shipshape's Access refuses without an unsafe opt-in, on any YAML. */
export const RBAC_RULES: readonly Rule[] = [wildcard, podExec, secretWrite, clusterAdmin];
