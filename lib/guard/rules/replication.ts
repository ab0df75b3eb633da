import { LABELS, READ_REPLICA_COMPONENT } from '../../kube/vocabulary';
import { GuardContext, ObjectPair, PodOwner } from '../context';
import { canonicalText, fieldAt, sameValue } from '../diff';
import { serviceSelectorMatches } from '../../manifests/selectors';
import { checkServiceSelector } from './service';

function isReadReplica(owner: PodOwner): boolean {
  return owner.labels[LABELS.component] === READ_REPLICA_COMPONENT;
}

/** The database a pod owner belongs to: its name and instance labels. */
function databaseOf(owner: PodOwner): string {
  return `${owner.labels[LABELS.name] ?? ''}\u0000${owner.labels[LABELS.instance] ?? ''}`;
}

/**
 * Whether a Service that sent clients to a database's primary now selects only that database's
 * read replicas (pods labelled `app.kubernetes.io/component: read-replica`): the replicas are
 * read-only, so every write through the Service fails. Only a replica promoted by hand could take
 * the writes, which the guard cannot see (and a StatefulDatabase rebuilds a lost primary instead).
 */
function movedToReadReplicas(ctx: GuardContext, pair: ObjectPair, before: Record<string, string> | undefined, after: Record<string, string> | undefined): boolean {
  const ns = pair.before.manifest.metadata?.namespace ?? '';
  const now = ctx.podOwners('next', ns).filter((owner) => serviceSelectorMatches(after, owner.labels));
  if (now.length === 0 || !now.every(isReadReplica)) return false;
  const replicated = new Set(now.map(databaseOf));
  return ctx.podOwners('baseline', ns)
    .some((owner) => serviceSelectorMatches(before, owner.labels) && !isReadReplica(owner) && replicated.has(databaseOf(owner)));
}

/**
 * The Service selector check, knowing read replicas: a Service moved from a database's primary to
 * its read replicas is `primary-service-to-replicas` (an error); any other selector change is
 * judged by {@link checkServiceSelector}. One finding per field: the more specific one.
 */
export function checkServiceSelectorWithReplicas(ctx: GuardContext, pair: ObjectPair): void {
  const before = fieldAt(pair.before.manifest, 'spec', 'selector') as Record<string, string> | undefined;
  const after = fieldAt(pair.after.manifest, 'spec', 'selector') as Record<string, string> | undefined;
  if (sameValue(before, after) || fieldAt(pair.after.manifest, 'spec', 'type') === 'ExternalName' || !movedToReadReplicas(ctx, pair, before, after)) {
    checkServiceSelector(ctx, pair);
    return;
  }
  ctx.reportChange(pair, {
    rule: 'primary-service-to-replicas', path: 'spec.selector', before: canonicalText(before), after: canonicalText(after),
    message: 'Service moved from the database\'s primary to its read replicas: they are read-only, so every write through this Service fails',
  });
}
