import { GuardContext } from '../context';
import { SourcedManifest } from '../../manifests/manifest';

// The NamespaceLifecycle admission plugin refuses to delete these, so pruning them fails harmlessly.
const UNDELETABLE = new Set(['default', 'kube-system', 'kube-public']);
const DATA_KINDS = new Set(['StatefulSet', 'PersistentVolumeClaim']);
const LISTED = 3;

function listed(items: readonly SourcedManifest[]): string {
  const names = items.slice(0, LISTED).map(({ manifest }) => `${manifest.kind} ${manifest.metadata?.name ?? ''}`);
  return items.length > LISTED ? `${names.join(', ')} and ${items.length - LISTED} more` : names.join(', ');
}

/**
 * A Namespace that leaves the output is deleted by pruning (kubectl apply --prune, Argo CD, Flux),
 * and deleting a namespace deletes everything in it: also what the output never held, such as
 * the PersistentVolumeClaims a StatefulSet created. When objects of the new output still live in
 * it, they are lost too, and applying them fails while the namespace terminates.
 */
export function namespaceRemoved(ctx: GuardContext, vanished: SourcedManifest): void {
  const name = vanished.manifest.metadata?.name ?? '';
  if (!name || UNDELETABLE.has(name)) return;
  const staying = ctx.objectsIn('next', name);
  const data = ctx.objectsIn('baseline', name).filter((item) => DATA_KINDS.has(item.manifest.kind));
  const lost = data.length > 0
    ? `with it its data (${listed(data)}, and every claim its StatefulSets created)`
    : 'with it everything inside, also what the output never held (the PersistentVolumeClaims of StatefulSets, Secrets created in the cluster)';
  ctx.reportObject(vanished, {
    rule: 'namespace-removed', path: '',
    message: staying.length > 0
      ? `Namespace removed from the output while ${staying.length} of the new output's objects still live in it (${listed(staying)}): `
        + `pruning deletes the namespace, and ${lost}; applying the objects that stay then fails while it terminates`
      : `Namespace removed: pruning deletes it, and ${lost}`,
  }, 'baseline');
}
