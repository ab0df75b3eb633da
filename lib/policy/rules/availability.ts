import { Entry, ObjectIndex } from '../context';
import { arr, obj } from '../../manifests/json';
import { Rule } from '../rule';
import { minReplicasOf, scalerOf } from './autoscaling';
import { isEmptySelector, selectorMatches } from '../../manifests/selectors';

/** Controllers whose replica count says whether they are meant to be highly available. */
const REPLICATED = new Set(['Deployment', 'StatefulSet']);

function replicasOf(entry: Entry): number {
  const replicas = obj(entry.manifest.spec).replicas;
  return typeof replicas === 'number' ? replicas : 1;
}

/** Replicated workloads, plus those an HPA scales (their replicas field may be left out on purpose). */
function highlyAvailable(index: ObjectIndex): Entry[] {
  return index.workloads.filter((w) => REPLICATED.has(w.manifest.kind) && (replicasOf(w) >= 2 || scalerOf(index, w) !== undefined));
}

/** The workloads some PodDisruptionBudget covers, found from each budget's selector once. */
function budgeted(index: ObjectIndex): Set<Entry> {
  const covered = new Set<Entry>();
  for (const pdb of index.ofKind('PodDisruptionBudget')) {
    for (const w of index.workloadsSelectedBy(pdb.namespace, obj(obj(pdb.manifest.spec).selector))) covered.add(w);
  }
  return covered;
}

const pdbPresent: Rule = {
  id: 'pdb-present', severity: 'error', sources: ['kube-score', 'Shipshape'],
  title: 'Workloads with replicas >= 2 have a PodDisruptionBudget',
  rationale: 'Without a PDB, a node drain may evict every replica at once.',
  fix: 'Add a PodDisruptionBudget with maxUnavailable: 1 selecting the workload\'s pods.',
  check: (index, emit) => {
    const covered = budgeted(index);
    for (const w of highlyAvailable(index)) {
      if (!covered.has(w)) emit(w, `${replicasOf(w)} replicas but no PodDisruptionBudget selects its pods`);
    }
  },
};

/** Whether an intOrString budget value is zero (0 or "0%"). */
function isZero(value: unknown): boolean {
  return value === 0 || value === '0' || value === '0%';
}

/** The fewest replicas a workload runs with: its HPA's minReplicas when one scales it, else its replicas. */
function fewestReplicas(index: ObjectIndex, w: Entry): { count: number; from: string } {
  const hpa = scalerOf(index, w);
  return hpa ? { count: minReplicasOf(hpa), from: `HPA minReplicas ${minReplicasOf(hpa)}` } : { count: replicasOf(w), from: `replicas ${replicasOf(w)}` };
}

const pdbAllowsDisruption: Rule = {
  id: 'pdb-allows-disruption', severity: 'error', sources: ['kube-linter', 'Polaris'],
  title: 'A PodDisruptionBudget lets at least one pod be evicted, also at the autoscaler\'s minimum',
  rationale: 'A budget that allows no disruption blocks node drains and cluster upgrades forever.',
  fix: 'Use maxUnavailable: 1 (or a minAvailable below the replica count, and below the HPA\'s minReplicas).',
  check: (index, emit) => {
    for (const pdb of index.ofKind('PodDisruptionBudget')) {
      const spec = obj(pdb.manifest.spec);
      if (spec.maxUnavailable !== undefined) {
        if (isZero(spec.maxUnavailable)) emit(pdb, 'maxUnavailable is 0: no pod may ever be evicted', ['spec.maxUnavailable']);
        continue;
      }
      const min = spec.minAvailable;
      if (min === '100%') { emit(pdb, 'minAvailable is 100%: no pod may ever be evicted', ['spec.minAvailable']); continue; }
      if (typeof min !== 'number') continue;
      const targets = index.workloadsSelectedBy(pdb.namespace, obj(spec.selector)).filter((w) => REPLICATED.has(w.manifest.kind));
      const blocked = targets.map((w) => ({ w, fewest: fewestReplicas(index, w) })).filter(({ fewest }) => min >= fewest.count);
      if (blocked.length > 0) {
        emit(pdb, `minAvailable ${min} >= ${blocked.map(({ w, fewest }) => `${fewest.from} of ${w.manifest.kind} ${w.name}`).join(', ')}`,
          ['spec.minAvailable']);
      }
    }
  },
};

const pdbBudgetSet: Rule = {
  id: 'pdb-budget-set', severity: 'error', sources: ['kube-score'],
  title: 'A PodDisruptionBudget sets minAvailable or maxUnavailable',
  rationale: 'A budget with neither field protects nothing: the reader assumes a guarantee that does not exist.',
  fix: 'Set spec.maxUnavailable: 1 (or a minAvailable below the replica count).',
  check: (index, emit) => {
    for (const pdb of index.ofKind('PodDisruptionBudget')) {
      const spec = obj(pdb.manifest.spec);
      if (spec.minAvailable === undefined && spec.maxUnavailable === undefined) {
        emit(pdb, 'sets neither minAvailable nor maxUnavailable', ['spec.minAvailable', 'spec.maxUnavailable']);
      }
    }
  },
};

const pdbUnhealthyEviction: Rule = {
  id: 'pdb-unhealthy-eviction', severity: 'error', sources: ['kube-linter', 'Shipshape'],
  title: 'A PodDisruptionBudget sets unhealthyPodEvictionPolicy',
  rationale: 'With the default (IfHealthyBudget), pods that never become ready count against the budget and block node drains.',
  fix: 'Set spec.unhealthyPodEvictionPolicy: AlwaysAllow (or IfHealthyBudget, when a not-ready pod must still not be evicted).',
  check: (index, emit) => {
    for (const pdb of index.ofKind('PodDisruptionBudget')) {
      if (obj(pdb.manifest.spec).unhealthyPodEvictionPolicy === undefined) {
        emit(pdb, 'spec.unhealthyPodEvictionPolicy is not set (IfHealthyBudget: unready pods block drains)', ['spec.unhealthyPodEvictionPolicy']);
      }
    }
  },
};

/**
 * Whether a pod affinity term (or a topology spread constraint) counts the workload's own pods:
 * its labelSelector selects them, in the workload's own namespace. A term without namespaces and
 * namespaceSelector means the pod's namespace; `namespaceSelector: {}` means every namespace.
 */
function countsOwnPods(term: Record<string, unknown>, w: Entry): boolean {
  if (term.labelSelector === undefined || term.labelSelector === null) return false;
  if (!selectorMatches(obj(term.labelSelector), w.podLabels)) return false;
  const namespaces = arr(term.namespaces).map(String);
  const selector = term.namespaceSelector;
  if (namespaces.length === 0 && (selector === undefined || selector === null)) return true;
  return namespaces.includes(w.namespace) || (selector !== undefined && selector !== null && isEmptySelector(obj(selector)));
}

const spread: Rule = {
  id: 'spread-or-anti-affinity', severity: 'error', sources: ['kube-score', 'kube-linter', 'Polaris'],
  title: 'Workloads with replicas >= 2 spread their own pods over nodes (topologySpreadConstraints or pod anti-affinity)',
  rationale: 'Replicas packed onto one node all go down with it; a spread rule whose selector picks other pods spreads nothing.',
  fix: 'Add a topologySpreadConstraint on kubernetes.io/hostname (whenUnsatisfiable: ScheduleAnyway) or a preferred podAntiAffinity, whose labelSelector selects the workload\'s own pods.',
  check: (index, emit) => {
    for (const w of highlyAvailable(index)) {
      const spec = w.pod!.spec;
      const antiAffinity = obj(obj(spec.affinity).podAntiAffinity);
      const terms = [
        ...arr(antiAffinity.preferredDuringSchedulingIgnoredDuringExecution).map((t) => obj(obj(t).podAffinityTerm)),
        ...arr(antiAffinity.requiredDuringSchedulingIgnoredDuringExecution).map((t) => obj(t)),
        ...arr(spec.topologySpreadConstraints).map((t) => obj(t)),
      ];
      if (terms.some((t) => countsOwnPods(t, w))) continue;
      emit(w, terms.length === 0
        ? `${replicasOf(w)} replicas with neither topologySpreadConstraints nor podAntiAffinity`
        : `${replicasOf(w)} replicas, but no topologySpreadConstraint or podAntiAffinity term selects the workload's own pods in its namespace`,
      [`${w.pod!.specPath}.${terms.length === 0 || arr(spec.topologySpreadConstraints).length > 0 ? 'topologySpreadConstraints' : 'affinity.podAntiAffinity'}`]);
    }
  },
};

/** Rules on replicas, disruption budgets, spreading and autoscaling. */
export const AVAILABILITY_RULES: readonly Rule[] = [pdbPresent, pdbAllowsDisruption, pdbBudgetSet, pdbUnhealthyEviction, spread];
