import { describeManifest } from '../../core/manifests';
import { Entry } from '../context';
import { arr, obj } from '../pod';
import { Rule } from '../rule';
import { isEmptySelector, selectorMatches } from '../selector';

/** Controllers that own pods through `spec.selector` and fight over pods that match it. */
const SELECTING_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController']);

/** A controller created by another one (a ReplicaSet of a Deployment, read back from a cluster) is not checked twice. */
function isOwned(entry: Entry): boolean {
  return arr(entry.manifest.metadata?.ownerReferences).length > 0;
}

/** The label selector of a selecting controller, as a set-based selector. */
function selectorOf(entry: Entry): Record<string, unknown> {
  const selector = obj(obj(entry.manifest.spec).selector);
  // ReplicationController selectors are plain maps.
  return entry.manifest.kind === 'ReplicationController' ? { matchLabels: selector } : selector;
}

function selecting(entries: readonly Entry[]): Entry[] {
  return entries.filter((e) => SELECTING_KINDS.has(e.manifest.kind) && !isOwned(e));
}

const matchesTemplate: Rule = {
  id: 'selector-matches-template', severity: 'error', sources: ['Kubernetes'],
  title: 'The selector selects the workload\'s own pod template labels',
  rationale: 'The API server rejects a workload whose selector does not match its template; selectors are immutable afterwards.',
  fix: 'Make spec.selector.matchLabels a subset of spec.template.metadata.labels.',
  check: (index, emit) => {
    for (const entry of selecting(index.workloads)) {
      const selector = selectorOf(entry);
      if (isEmptySelector(selector)) {
        emit(entry, 'spec.selector is empty', ['spec.selector']);
      } else if (!selectorMatches(selector, entry.podLabels)) {
        emit(entry, `spec.selector ${JSON.stringify(selector)} does not select the template labels ${JSON.stringify(entry.podLabels)}`,
          ['spec.selector', 'spec.template.metadata.labels']);
      }
    }
  },
};

const overlap: Rule = {
  id: 'selector-overlap', severity: 'error', sources: ['Kubernetes', 'Shipshape'],
  title: 'No two workloads in a namespace select each other\'s pods',
  rationale: 'Controllers with overlapping selectors adopt or delete each other\'s pods (the stray-pod problem).',
  fix: 'Give each workload a distinguishing label (Shipshape uses app.kubernetes.io/name and instance) in both selector and template.',
  check: (index, emit) => {
    const namespaces = new Set(index.workloads.map((w) => w.namespace));
    for (const namespace of namespaces) {
      const workloads = index.workloadsIn(namespace).filter((w) => !isOwned(w));
      const selectors = selecting(workloads).filter((s) => !isEmptySelector(selectorOf(s)));
      // Index selectors by one of their matchLabels pairs: a candidate must carry that pair,
      // so each pod template is compared only with the few selectors that could match it.
      const byPair = new Map<string, Entry[]>();
      const unindexed: Entry[] = [];
      for (const s of selectors) {
        const pairs = Object.entries(obj(selectorOf(s).matchLabels));
        if (pairs.length === 0) { unindexed.push(s); continue; }
        const key = `${pairs[0][0]}=${String(pairs[0][1])}`;
        const list = byPair.get(key);
        if (list) list.push(s); else byPair.set(key, [s]);
      }
      for (const pods of workloads) {
        const candidates = [...unindexed, ...Object.entries(pods.podLabels).flatMap(([k, v]) => byPair.get(`${k}=${v}`) ?? [])];
        const claimers = candidates.filter((s) => s !== pods && selectorMatches(selectorOf(s), pods.podLabels));
        if (claimers.length > 0) {
          emit(pods, `its pods are also selected by ${claimers.map((c) => describeManifest(c.manifest)).join(', ')}`,
            [pods.pod!.metadataPath + '.labels']);
        }
      }
    }
  },
};

/** Rules on label selectors of workloads. */
export const SELECTOR_RULES: readonly Rule[] = [matchesTemplate, overlap];
