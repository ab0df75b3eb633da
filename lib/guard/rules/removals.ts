import { GuardContext } from '../context';
import { fieldAt } from '../diff';
import { SourcedManifest } from '../../manifests/manifest';

function nameOf(item: SourcedManifest): string {
  return item.manifest.metadata?.name ?? '';
}

function statefulSetLoss(ctx: GuardContext, vanished: SourcedManifest): void {
  const renamed = ctx.renamedTo(vanished.manifest);
  const deletes = fieldAt(vanished.manifest, 'spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted') === 'Delete';
  const fate = deletes ? 'its PVCs are deleted with it (whenDeleted: Delete)' : 'its PVCs are left orphaned';
  ctx.reportObject(vanished, {
    rule: 'data-loss-removed', path: '', ...(renamed ? { before: nameOf(vanished), after: nameOf(renamed) } : {}),
    message: renamed
      ? `StatefulSet renamed to ${nameOf(renamed)}: the new one starts with new, empty volumes and ${fate}`
      : `StatefulSet removed: ${fate}`,
  }, 'baseline');
}

function volumeLoss(ctx: GuardContext, vanished: SourcedManifest): void {
  const kind = vanished.manifest.kind;
  ctx.reportObject(vanished, {
    rule: 'data-loss-removed', path: '',
    message: kind === 'PersistentVolumeClaim'
      ? 'PersistentVolumeClaim removed or renamed: pruning deletes it, and with reclaim policy Delete its volume and data go too'
      : 'PersistentVolume removed or renamed: with reclaim policy Delete its backing storage is deleted',
  }, 'baseline');
}

function renameDowntime(ctx: GuardContext, vanished: SourcedManifest): void {
  const renamed = ctx.renamedTo(vanished.manifest);
  if (!renamed) return;
  ctx.reportObject(vanished, {
    rule: 'rename-downtime', path: '', before: nameOf(vanished), after: nameOf(renamed),
    message: `${vanished.manifest.kind} renamed to ${nameOf(renamed)}: the old one is removed while the new one is still starting`,
  }, 'baseline');
}

function pdbRemoved(ctx: GuardContext, vanished: SourcedManifest): void {
  // A budget with the same selector under a new name still protects the same pods.
  if (ctx.renamedTo(vanished.manifest)) return;
  ctx.reportObject(vanished, {
    rule: 'pdb-removed', path: '',
    message: 'PodDisruptionBudget removed: voluntary disruptions (node drains, upgrades) may evict all pods at once',
  }, 'baseline');
}

const ON_REMOVAL: Record<string, (ctx: GuardContext, vanished: SourcedManifest) => void> = {
  'apps/StatefulSet': statefulSetLoss,
  '/PersistentVolumeClaim': volumeLoss,
  '/PersistentVolume': volumeLoss,
  'apps/Deployment': renameDowntime,
  '/Service': renameDowntime,
  'policy/PodDisruptionBudget': pdbRemoved,
};

/** The check to run when an object of this `group/Kind` is in the baseline but not in the new output. */
export function removalCheck(groupKind: string): ((ctx: GuardContext, vanished: SourcedManifest) => void) | undefined {
  return ON_REMOVAL[groupKind];
}
