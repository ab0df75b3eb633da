import { Manifest } from '../core/manifests';
import { podTemplateOf } from '../core/pod-template';

/**
 * Whether a Service selector (a plain label map) selects a pod with these labels. A Service without
 * a selector selects nothing: its endpoints are managed by hand.
 */
export function serviceSelectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

/** The pod template labels of a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob) or a Pod's own labels. */
export function podLabels(manifest: Manifest): Record<string, string> | undefined {
  const labels = podTemplateOf(manifest)?.metadata.labels;
  return labels && typeof labels === 'object' ? labels as Record<string, string> : undefined;
}
