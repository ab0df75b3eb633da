import { objectIdentity, objectIdentityKey } from '../../kube/objects';
import { describeManifest } from '../../manifests/manifest';
import { Entry } from '../context';
import { Rule } from '../rule';

/**
 * Where two objects collide when applied: API group, kind, namespace and name. Cluster-scoped
 * kinds (the one list in lib/kube) have no namespace. An object without a namespace goes to the
 * namespace `kubectl apply` targets; all such objects of one input are assumed to go to the same one, so they collide with
 * each other, but not with an object whose namespace is written out.
 */
function identity(entry: Entry): string {
  const { apiVersion, kind, metadata } = entry.manifest;
  return objectIdentityKey(objectIdentity(apiVersion, kind, metadata?.namespace ?? '<unset>', entry.name));
}

function origin(entry: Entry): string | undefined {
  return entry.source.constructPath ?? entry.source.file;
}

const unique: Rule = {
  id: 'object-unique', severity: 'error', sources: ['Kubernetes', 'Shipshape'],
  title: 'No two objects share API group, kind, namespace and name (cluster-scoped kinds: kind and name)',
  rationale: 'Objects with the same identity overwrite each other on apply: the last one wins and the other silently disappears.',
  fix: 'Rename one of them (names must be unique per namespace, and cluster-wide for cluster-scoped kinds), or remove the copy.',
  check: (index, emit) => {
    const groups = new Map<string, Entry[]>();
    for (const entry of index.all) {
      if (entry.name === '') continue;
      const key = identity(entry);
      const group = groups.get(key);
      if (group) group.push(entry); else groups.set(key, [entry]);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      for (const entry of group) {
        const others = group.filter((e) => e !== entry).map(origin);
        const where = others.every((o) => o !== undefined) ? ` at ${others.join(', ')}` : ` ${others.length} more time${others.length === 1 ? '' : 's'} in the input`;
        emit(entry, `${describeManifest(entry.manifest)} is also defined${where}`, ['metadata.name']);
      }
    }
  },
};

/** Rules on objects as a whole: identity. */
export const OBJECT_RULES: readonly Rule[] = [unique];
