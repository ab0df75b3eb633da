import { isCredentialName, isCredentialValue } from '../../kube/credential-names';
import { Entry, ObjectIndex } from '../context';
import { arr, obj, str } from '../../manifests/json';
import { Rule } from '../rule';

/**
 * A test whether a key/value pair looks like a credential stored in plain text (the value decides
 * first). Verdicts on names are remembered for one check: the same env names recur in every pod.
 */
function credentialTest(): (key: string, value: unknown) => boolean {
  const names = new Map<string, boolean>();
  return (key, value) => {
    const text = typeof value === 'string' ? value : '';
    if (text === '') return false;
    if (isCredentialValue(text)) return true;
    let verdict = names.get(key);
    if (verdict === undefined) {
      verdict = isCredentialName(key);
      names.set(key, verdict);
    }
    return verdict;
  };
}

const configMapCredentials: Rule = {
  id: 'configmap-credentials', severity: 'error', sources: ['kube-linter', 'Shipshape'],
  title: 'No credentials in ConfigMaps',
  rationale: 'ConfigMaps are readable by anyone who can read configuration; they are not meant for secrets.',
  fix: 'Move the value into a Secret (or an external secret store) and reference it.',
  check: (index, emit) => {
    const holdsCredential = credentialTest();
    for (const cm of index.ofKind('ConfigMap')) {
      const keys = Object.entries(obj(cm.manifest.data)).filter(([k, v]) => holdsCredential(k, v)).map(([k]) => k);
      if (keys.length > 0) emit(cm, `data ${keys.join(', ')} look like credentials`, keys.map((k) => `data.${k}`));
    }
  },
};

const envLiteralSecret: Rule = {
  id: 'env-literal-secret', severity: 'error', sources: ['kube-linter'],
  title: 'No credentials as literal env values',
  rationale: 'Literal env values end up in git, in `kubectl describe` and in every copy of the manifest.',
  fix: 'Use env[].valueFrom.secretKeyRef instead of env[].value.',
  check: (index, emit) => {
    const holdsCredential = credentialTest();
    for (const w of index.workloads) {
      const problems = w.containers.flatMap((c) => arr(c.container.env).flatMap((e, i) => {
        const env = obj(e);
        return holdsCredential(str(env.name) ?? '', env.value)
          ? [[`${w.pod!.specPath}.${c.path}.env[${i}].value`, `container ${c.name}: env ${String(env.name)} holds a literal credential`] as const]
          : [];
      }));
      if (problems.length > 0) emit(w, problems.map(([, t]) => t).join('; '), problems.map(([f]) => f));
    }
  },
};

function serviceAccountName(w: Entry): string {
  const spec = w.pod!.spec;
  return str(spec.serviceAccountName) ?? str(spec.serviceAccount) ?? 'default';
}

/** ServiceAccounts (namespace/name) that some RoleBinding or ClusterRoleBinding of the set binds. */
function boundServiceAccounts(index: ObjectIndex): Set<string> {
  const bound = new Set<string>();
  for (const binding of [...index.ofKind('RoleBinding'), ...index.ofKind('ClusterRoleBinding')]) {
    for (const s of arr(binding.manifest.subjects)) {
      const subject = obj(s);
      if (subject.kind !== 'ServiceAccount') continue;
      bound.add(`${str(subject.namespace) ?? binding.namespace}/${str(subject.name) ?? ''}`);
    }
  }
  return bound;
}

const automountToken: Rule = {
  id: 'service-account-token', severity: 'error', sources: ['Polaris', 'Shipshape'],
  title: 'automountServiceAccountToken is off unless the ServiceAccount is granted a Role',
  rationale: 'A mounted token is a credential to the API server; a pod that never calls the API should not carry one.',
  fix: 'Set automountServiceAccountToken: false on the pod (or its ServiceAccount), or bind the ServiceAccount to the Role it needs.',
  check: (index, emit) => {
    const bound = boundServiceAccounts(index);
    for (const w of index.workloads) {
      const name = serviceAccountName(w);
      if (bound.has(`${w.namespace}/${name}`)) continue;
      const podValue = w.pod!.spec.automountServiceAccountToken;
      const accountValue = index.find('ServiceAccount', w.namespace, name)?.manifest.automountServiceAccountToken;
      // The pod's setting wins over the ServiceAccount's; Kubernetes mounts the token when neither says no.
      if ((podValue ?? accountValue ?? true) !== false) {
        emit(w, `ServiceAccount ${name} is bound to no Role, yet its token is mounted`, [`${w.pod!.specPath}.automountServiceAccountToken`]);
      }
    }
  },
};

const accountExists: Rule = {
  id: 'service-account-exists', severity: 'error', sources: ['kube-linter'],
  title: 'A referenced ServiceAccount exists in the set',
  rationale: 'Pods referencing a missing ServiceAccount are never created: the ReplicaSet reports FailedCreate.',
  fix: 'Create the ServiceAccount in the workload\'s namespace, or fix serviceAccountName.',
  check: (index, emit) => {
    for (const w of index.workloads) {
      const name = serviceAccountName(w);
      if (name !== 'default' && !index.find('ServiceAccount', w.namespace, name)) {
        emit(w, `ServiceAccount ${name} is not in the set`, [`${w.pod!.specPath}.serviceAccountName`]);
      }
    }
  },
};

const deprecatedServiceAccount: Rule = {
  id: 'service-account-field', severity: 'warning', sources: ['kube-linter'],
  title: 'Pods use serviceAccountName, not the deprecated serviceAccount field',
  rationale: 'serviceAccount is a deprecated alias; when the two differ, readers and tools disagree on which account the pod runs as.',
  fix: 'Replace spec.serviceAccount with spec.serviceAccountName.',
  check: (index, emit) => {
    for (const w of index.workloads) {
      const spec = w.pod!.spec;
      const old = str(spec.serviceAccount);
      if (old === undefined) continue;
      const current = str(spec.serviceAccountName);
      emit(w, current !== undefined && current !== old
        ? `serviceAccount ${old} differs from serviceAccountName ${current}`
        : `serviceAccount ${old} uses the deprecated field`, [`${w.pod!.specPath}.serviceAccount`]);
    }
  },
};

/** Rules on credentials and service accounts. */
export const SECRET_RULES: readonly Rule[] = [configMapCredentials, envLiteralSecret, automountToken, accountExists, deprecatedServiceAccount];
