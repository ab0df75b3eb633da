import { HOST_ACCESS_ANNOTATION } from '../../kube/vocabulary';
import { isDns1035Label, isDnsLabel, isDnsSubdomain, isLabelValue, qualifiedNameProblem } from '../../kube/names';
import { Entry } from '../context';
import { arr, obj, str } from '../../manifests/json';
import { Rule } from '../rule';

/** Kinds whose names become DNS labels (Service and Namespace DNS names, StatefulSet pod hostnames). */
const LABEL_NAMED = new Set(['Namespace', 'StatefulSet']);
/** RBAC objects are named by path segments (e.g. `system:controller`), not DNS names. */
const PATH_SEGMENT_NAMED = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

function nameProblem(kind: string, name: string): string | undefined {
  if (PATH_SEGMENT_NAMED.has(kind)) {
    return name === '.' || name === '..' || /[/%]/.test(name) ? 'is not a valid path segment name' : undefined;
  }
  if (kind === 'Service') {
    // Service names are DNS-1035 labels: they must also start with a letter.
    return isDns1035Label(name) ? undefined : 'is not a DNS-1035 label (lowercase letters, digits, \'-\', starting with a letter, at most 63 characters)';
  }
  if (LABEL_NAMED.has(kind)) {
    return isDnsLabel(name) ? undefined : 'is not a DNS-1123 label (lowercase letters, digits and \'-\', at most 63 characters)';
  }
  return isDnsSubdomain(name) ? undefined : 'is not a DNS-1123 subdomain (lowercase letters, digits, \'-\' and \'.\', at most 253 characters)';
}

const names: Rule = {
  id: 'name-dns1123', severity: 'error', sources: ['Kubernetes'],
  title: 'Names are DNS-1123 subdomains; Service, Namespace and StatefulSet names are DNS labels',
  rationale: 'The API server rejects invalid names; Services, Namespaces and StatefulSet pods become DNS labels.',
  fix: 'Use lowercase letters, digits and \'-\' (at most 63 characters for label-named kinds).',
  check: (index, emit) => {
    for (const entry of index.all) {
      if (entry.name === '') continue;
      const problem = nameProblem(entry.manifest.kind, entry.name);
      if (problem) emit(entry, `name "${entry.name}" ${problem}`, ['metadata.name']);
    }
  },
};

/** Verdicts on label keys, remembered for one check: the same few keys label every object. */
function keyChecker(): (key: string) => string | undefined {
  const verdicts = new Map<string, string | undefined>();
  return (key) => {
    if (verdicts.has(key)) return verdicts.get(key);
    const problem = qualifiedNameProblem(key);
    verdicts.set(key, problem);
    return problem;
  };
}

function labelProblems(field: string, labels: unknown, keyProblem: (key: string) => string | undefined): [string, string][] {
  const problems: [string, string][] = [];
  const map = obj(labels);
  for (const key in map) {
    const value = map[key];
    const problem = keyProblem(key);
    if (problem) problems.push([`${field}.${key}`, problem]);
    else if (typeof value !== 'string') problems.push([`${field}.${key}`, `value of "${key}" is not a string (quote it)`]);
    else if (!isLabelValue(value)) problems.push([`${field}.${key}`, `value "${value}" of "${key}" is not a valid label value`]);
  }
  return problems;
}

function labelFields(entry: Entry): [string, unknown][] {
  const spec = obj(entry.manifest.spec);
  const fields: [string, unknown][] = [['metadata.labels', entry.manifest.metadata?.labels]];
  if (entry.pod) fields.push([`${entry.pod.metadataPath}.labels`, entry.pod.metadata.labels]);
  if (entry.manifest.kind === 'Service') fields.push(['spec.selector', spec.selector]);
  else if (obj(spec.selector).matchLabels !== undefined) fields.push(['spec.selector.matchLabels', obj(spec.selector).matchLabels]);
  return fields;
}

const labels: Rule = {
  id: 'labels-valid', severity: 'error', sources: ['Kubernetes'],
  title: 'Label keys and values (labels and selectors) are valid',
  rationale: 'The API server rejects invalid labels; an unquoted true or 1.0 in YAML is not a string.',
  fix: 'Keys: optional DNS prefix + \'/\' + name of at most 63 characters; values: at most 63 alphanumerics, \'-\', \'_\', \'.\', quoted.',
  check: (index, emit) => {
    const keyProblem = keyChecker();
    for (const entry of index.all) {
      const problems = labelFields(entry).flatMap(([field, value]) => labelProblems(field, value, keyProblem));
      if (problems.length > 0) emit(entry, problems.map(([, t]) => t).join('; '), problems.map(([f]) => f));
    }
  },
};

/** Removed or deprecated API versions and what replaces them (`*` = every kind of the version). */
const DEPRECATED: Record<string, Record<string, string>> = {
  'extensions/v1beta1': { Deployment: 'apps/v1', DaemonSet: 'apps/v1', ReplicaSet: 'apps/v1', Ingress: 'networking.k8s.io/v1', NetworkPolicy: 'networking.k8s.io/v1', PodSecurityPolicy: 'Pod Security Admission', '*': 'a GA API' },
  'apps/v1beta1': { '*': 'apps/v1' },
  'apps/v1beta2': { '*': 'apps/v1' },
  'networking.k8s.io/v1beta1': { '*': 'networking.k8s.io/v1' },
  'policy/v1beta1': { PodSecurityPolicy: 'Pod Security Admission', '*': 'policy/v1' },
  'batch/v1beta1': { '*': 'batch/v1' },
  'autoscaling/v2beta1': { '*': 'autoscaling/v2' },
  'autoscaling/v2beta2': { '*': 'autoscaling/v2' },
  'rbac.authorization.k8s.io/v1alpha1': { '*': 'rbac.authorization.k8s.io/v1' },
  'rbac.authorization.k8s.io/v1beta1': { '*': 'rbac.authorization.k8s.io/v1' },
  'storage.k8s.io/v1beta1': { '*': 'storage.k8s.io/v1' },
  'apiextensions.k8s.io/v1beta1': { '*': 'apiextensions.k8s.io/v1' },
  'admissionregistration.k8s.io/v1beta1': { '*': 'admissionregistration.k8s.io/v1' },
  'certificates.k8s.io/v1beta1': { '*': 'certificates.k8s.io/v1' },
  'coordination.k8s.io/v1beta1': { '*': 'coordination.k8s.io/v1' },
  'scheduling.k8s.io/v1alpha1': { '*': 'scheduling.k8s.io/v1' },
  'scheduling.k8s.io/v1beta1': { '*': 'scheduling.k8s.io/v1' },
  'discovery.k8s.io/v1beta1': { '*': 'discovery.k8s.io/v1' },
  'events.k8s.io/v1beta1': { '*': 'events.k8s.io/v1' },
  'node.k8s.io/v1beta1': { '*': 'node.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta1': { '*': 'flowcontrol.apiserver.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta2': { '*': 'flowcontrol.apiserver.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta3': { '*': 'flowcontrol.apiserver.k8s.io/v1' },
};

/** What replaces a deprecated or removed apiVersion of a kind, or undefined when it is current. */
export function deprecatedApiReplacement(apiVersion: string, kind: string): string | undefined {
  const replacements = DEPRECATED[apiVersion];
  return replacements ? replacements[kind] ?? replacements['*'] : undefined;
}

const deprecatedApis: Rule = {
  id: 'api-deprecated', severity: 'error', sources: ['Kubernetes', 'kube-linter'],
  title: 'No deprecated or removed apiVersions',
  rationale: 'Removed API versions are rejected by current clusters; deprecated ones break at the next upgrade.',
  fix: 'Use the GA apiVersion named in the finding.',
  check: (index, emit) => {
    for (const entry of index.all) {
      const replacement = deprecatedApiReplacement(entry.manifest.apiVersion, entry.manifest.kind);
      if (!replacement) continue;
      emit(entry, `${entry.manifest.apiVersion} ${entry.manifest.kind} is deprecated or removed; use ${replacement}`, ['apiVersion']);
    }
  },
};


const hostAccess: Rule = {
  id: 'host-access-undeclared', severity: 'error', sources: ['kube-linter', 'Polaris', 'Shipshape'],
  title: 'No hostPath volumes or host namespaces unless the pod template declares host access',
  rationale: 'Host access is sometimes needed (node monitoring), but never by accident: it must be declared and reviewed.',
  fix: `Remove the host access, or annotate the pod template with ${HOST_ACCESS_ANNOTATION}: "<why>".`,
  check: (index, emit) => {
    for (const w of index.workloads) {
      const pod = w.pod!;
      const declared = str(obj(pod.metadata.annotations)[HOST_ACCESS_ANNOTATION])?.trim();
      if (declared) continue;
      const uses: [string, string][] = ['hostNetwork', 'hostPID', 'hostIPC']
        .filter((f) => pod.spec[f] === true).map((f) => [`${pod.specPath}.${f}`, f]);
      arr(pod.spec.volumes).forEach((v, i) => {
        const volume = obj(v);
        if (volume.hostPath !== undefined) uses.push([`${pod.specPath}.volumes[${i}].hostPath`, `hostPath volume ${String(volume.name)}`]);
      });
      if (uses.length > 0) {
        emit(w, `uses ${uses.map(([, t]) => t).join(', ')} without a ${HOST_ACCESS_ANNOTATION} annotation on the pod template`, uses.map(([f]) => f));
      }
    }
  },
};

/** Rules on names, labels, API versions and declared host access. */
export const METADATA_RULES: readonly Rule[] = [names, labels, deprecatedApis, hostAccess];
