import { GuardContext } from '../context';
import { fieldAt } from '../diff';
import { Successor } from '../renames';
import { SourcedManifest } from '../../manifests/manifest';
import { namespaceRemoved } from './namespaces';

function nameOf(item: SourcedManifest): string {
  return item.manifest.metadata?.name ?? '';
}

/** `renamed to api-v2`, `moved to namespace b`, `renamed and moved to b/api-v2`. */
function whereTo(ctx: GuardContext, successor: Successor): string {
  const name = nameOf(successor.object);
  const namespace = ctx.namespaceOf(successor.object.manifest);
  switch (successor.change) {
    case 'renamed': return `renamed to ${name}`;
    case 'moved': return `moved to namespace ${namespace}`;
    default: return `renamed and moved to ${namespace}/${name}`;
  }
}

/** The before/after pair a rename or move finding shows: names, or namespace/name when the namespace changed. */
function identities(ctx: GuardContext, vanished: SourcedManifest, successor: Successor): { before: string; after: string } {
  if (successor.change === 'renamed') return { before: nameOf(vanished), after: nameOf(successor.object) };
  const qualified = (item: SourcedManifest): string => `${ctx.namespaceOf(item.manifest)}/${nameOf(item)}`;
  return { before: qualified(vanished), after: qualified(successor.object) };
}

/** How the guard knows the two objects are one app, when it took more than the selector. */
function recognition(successor: Successor): string {
  if (successor.by !== 'fingerprint') return '';
  const same = successor.object.manifest.kind === 'Service' ? 'type, ports and selector' : 'containers, images and selector';
  return successor.change === 'moved'
    ? ` (recognised as the same app: the same name, ${same})`
    : ` (recognised as the same app: the same ${same} once the name is set aside)`;
}

function statefulSetLoss(ctx: GuardContext, vanished: SourcedManifest): void {
  const successor = ctx.successorOf(vanished.manifest);
  const deletes = fieldAt(vanished.manifest, 'spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted') === 'Delete';
  const fate = deletes ? 'its PVCs are deleted with it (whenDeleted: Delete)' : 'its PVCs are left orphaned';
  ctx.reportObject(vanished, {
    rule: 'data-loss-removed', path: '', ...(successor ? identities(ctx, vanished, successor) : {}),
    message: successor
      ? `StatefulSet ${whereTo(ctx, successor)}: the new one starts with new, empty volumes and ${fate}${recognition(successor)}`
      : `StatefulSet removed: ${fate}`,
  }, 'baseline');
}

function volumeLoss(ctx: GuardContext, vanished: SourcedManifest): void {
  const kind = vanished.manifest.kind;
  ctx.reportObject(vanished, {
    rule: 'data-loss-removed', path: '',
    message: kind === 'PersistentVolumeClaim'
      ? 'PersistentVolumeClaim removed, renamed or moved to another namespace: pruning deletes it, and with reclaim policy Delete its volume and data go too'
      : 'PersistentVolume removed or renamed: with reclaim policy Delete its backing storage is deleted',
  }, 'baseline');
}

function podCount(item: SourcedManifest): number {
  const replicas = fieldAt(item.manifest, 'spec', 'replicas');
  return typeof replicas === 'number' ? replicas : 1;
}

function downtimeConsequence(ctx: GuardContext, vanished: SourcedManifest): string {
  const kind = vanished.manifest.kind;
  if (kind === 'Service') {
    const dns = `${nameOf(vanished)}.${ctx.namespaceOf(vanished.manifest)}.svc`;
    return `clients that call ${dns} fail once pruning deletes it, and the new Service gets a new cluster IP`;
  }
  if (kind === 'DaemonSet') return 'pruning deletes the old DaemonSet\'s pod on every node while the new pods are still starting';
  const pods = podCount(vanished);
  return pods === 1
    ? `pruning deletes the old ${kind} and its only pod while the new pod is still starting: a gap with no pod serving`
    : `pruning deletes the old ${kind} and all ${pods} of its pods at once while the new pods are still starting: a gap with no ready pod`;
}

function renameDowntime(ctx: GuardContext, vanished: SourcedManifest): void {
  const successor = ctx.successorOf(vanished.manifest);
  if (!successor) return;
  ctx.reportObject(vanished, {
    rule: 'rename-downtime', path: '', ...identities(ctx, vanished, successor),
    message: `${vanished.manifest.kind} ${whereTo(ctx, successor)}: ${downtimeConsequence(ctx, vanished)}${recognition(successor)}`,
  }, 'baseline');
}

function pdbRemoved(ctx: GuardContext, vanished: SourcedManifest): void {
  // A budget that reappears under a new name or namespace still protects the same pods.
  if (ctx.successorOf(vanished.manifest)) return;
  ctx.reportObject(vanished, {
    rule: 'pdb-removed', path: '',
    message: 'PodDisruptionBudget removed: voluntary disruptions (node drains, upgrades) may evict all pods at once',
  }, 'baseline');
}

const ON_REMOVAL: Record<string, (ctx: GuardContext, vanished: SourcedManifest) => void> = {
  'apps/StatefulSet': statefulSetLoss,
  '/PersistentVolumeClaim': volumeLoss,
  '/PersistentVolume': volumeLoss,
  '/Namespace': namespaceRemoved,
  'apps/Deployment': renameDowntime,
  'apps/DaemonSet': renameDowntime,
  '/Service': renameDowntime,
  'policy/PodDisruptionBudget': pdbRemoved,
};

/** The check to run when an object of this `group/Kind` is in the baseline but not in the new output. */
export function removalCheck(groupKind: string): ((ctx: GuardContext, vanished: SourcedManifest) => void) | undefined {
  return ON_REMOVAL[groupKind];
}
