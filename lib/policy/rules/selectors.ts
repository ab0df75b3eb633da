import { describeManifest } from '../../manifests/manifest';
import { Entry } from '../context';
import { arr, obj } from '../../manifests/json';
import { Rule } from '../rule';
import { isEmptySelector, selectorMatches } from '../../manifests/selectors';

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
    // From each selector to the pods it selects (an index lookup), then per pod its claimers.
    const claimers = new Map<Entry, Entry[]>();
    for (const s of selecting(index.workloads)) {
      const selector = selectorOf(s);
      if (isEmptySelector(selector)) continue;
      for (const pods of index.workloadsSelectedBy(s.namespace, selector)) {
        if (pods === s || isOwned(pods)) continue;
        const list = claimers.get(pods);
        if (list) list.push(s); else claimers.set(pods, [s]);
      }
    }
    for (const pods of index.workloads) {
      const list = claimers.get(pods);
      if (list) {
        emit(pods, `its pods are also selected by ${list.map((c) => describeManifest(c.manifest)).join(', ')}`,
          [pods.pod!.metadataPath + '.labels']);
      }
    }
  },
};

/** Rules on label selectors of workloads. */
export const SELECTOR_RULES: readonly Rule[] = [matchesTemplate, overlap];
