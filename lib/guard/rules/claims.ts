import { GuardContext, ObjectPair } from '../context';
import { fieldAt } from '../diff';

const LISTED = 6;

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** The ordinals a StatefulSet runs: `spec.ordinals.start` (default 0) up to start + replicas. */
function ordinals(manifest: unknown, replicas: number): { start: number; end: number } {
  const start = count(fieldAt(manifest, 'spec', 'ordinals', 'start'), 0);
  return { start, end: start + replicas };
}

function list(items: readonly string[]): string {
  return items.length > LISTED ? `${items.slice(0, LISTED).join(', ')} and ${items.length - LISTED} more` : items.join(', ');
}

/**
 * With `persistentVolumeClaimRetentionPolicy.whenScaled: Delete` (as the updated StatefulSet has
 * it: the controller acts on the new spec), every pod that leaves the ordinal range takes its
 * claims with it. Claims are named `<template>-<statefulset>-<ordinal>`, one per
 * volumeClaimTemplate; the templates are those the claims were created from (the baseline's).
 */
export function checkScaleDownClaims(ctx: GuardContext, pair: ObjectPair): void {
  const after = pair.after.manifest;
  if (fieldAt(after, 'spec', 'persistentVolumeClaimRetentionPolicy', 'whenScaled') !== 'Delete') return;
  const rawAfter = fieldAt(after, 'spec', 'replicas');
  // An autoscaler owns the count; the switch to Delete itself is reported by pvc-retention-delete.
  if (rawAfter === undefined && ctx.isAutoscaled(after)) return;
  const beforeReplicas = count(fieldAt(pair.before.manifest, 'spec', 'replicas'), 1);
  const afterReplicas = count(rawAfter, 1);
  const old = ordinals(pair.before.manifest, beforeReplicas);
  const kept = ordinals(after, afterReplicas);
  const removed: number[] = [];
  for (let ordinal = old.start; ordinal < old.end; ordinal++) {
    if (ordinal < kept.start || ordinal >= kept.end) removed.push(ordinal);
  }
  const templates = (fieldAt(pair.before.manifest, 'spec', 'volumeClaimTemplates') as unknown[] | undefined ?? [])
    .map((template) => fieldAt(template, 'metadata', 'name'))
    .filter((name): name is string => typeof name === 'string' && name !== '');
  if (removed.length === 0 || templates.length === 0) return;
  const name = after.metadata?.name ?? '';
  const claims = removed.flatMap((ordinal) => templates.map((template) => `${template}-${name}-${ordinal}`));
  const replicasChanged = beforeReplicas !== afterReplicas;
  ctx.reportChange(pair, {
    rule: 'pvc-deleted-on-scale-down',
    path: replicasChanged ? 'spec.replicas' : 'spec.ordinals.start',
    before: replicasChanged ? beforeReplicas : old.start,
    after: replicasChanged ? (rawAfter ?? '(absent: 1)') : kept.start,
    message: `StatefulSet ${replicasChanged ? 'scaled down' : 'ordinals shifted'} with persistentVolumeClaimRetentionPolicy.whenScaled: Delete: `
      + `the claims of ordinal${removed.length === 1 ? '' : 's'} ${list(removed.map(String))} are deleted (${list(claims)}), `
      + 'and with reclaim policy Delete their volumes and data',
  });
}
