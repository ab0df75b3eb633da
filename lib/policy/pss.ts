import { SourcedManifest } from '../manifests/manifest';
import { Json, obj } from '../manifests/json';
import { podTemplateOf, PodTemplate } from '../manifests/pod-template';
import { CheckedLevel, POD_SECURITY_CONTROLS, PodSecurityControl } from './pss-controls';
import { Finding } from './types';
import { ManifestInput, toSourced } from '../manifests/manifest';
import { PodSecurityLevel } from '../kube/pod-security';

export { POD_SECURITY_CONTROLS } from './pss-controls';
export type { PodSecurityControl, ControlViolation } from './pss-controls';

/** The controls that apply at a profile: baseline's at baseline, all of them at restricted. */
const CONTROLS_AT: Record<PodSecurityLevel, readonly PodSecurityControl[]> = {
  privileged: [],
  baseline: POD_SECURITY_CONTROLS.filter((c) => c.level === 'baseline'),
  restricted: POD_SECURITY_CONTROLS,
};

function controlsAt(level: PodSecurityLevel): readonly PodSecurityControl[] {
  return CONTROLS_AT[level];
}

/** Maps a field path relative to the pod template onto the manifest. */
function manifestField(pod: PodTemplate, field: string): string {
  if (field.startsWith('spec.')) return `${pod.specPath}${field.slice('spec'.length)}`;
  if (field.startsWith('metadata.')) return `${pod.metadataPath}${field.slice('metadata'.length)}`;
  return field;
}

/**
 * Checks one pod template against a profile: one finding per failing control, for the object that
 * carries the template. Used by the engine with each workload's namespace profile (and the pod
 * template it already found).
 */
export function podSecurityFindings(source: SourcedManifest, level: PodSecurityLevel, template?: PodTemplate): Finding[] {
  const pod = template ?? podTemplateOf(source.manifest);
  if (!pod || level === 'privileged') return [];
  const checked: CheckedLevel = level;
  const findings: Finding[] = [];
  for (const control of controlsAt(level)) {
    const failed = control.check(pod, checked);
    if (!failed) continue;
    findings.push({
      ruleId: control.id,
      severity: control.severity,
      message: `Pod Security Standards (${level}): ${failed.message}`,
      kind: source.manifest.kind,
      namespace: source.manifest.metadata?.namespace,
      name: source.manifest.metadata?.name,
      constructPath: source.constructPath,
      file: source.file,
      fields: failed.fields.map((f) => manifestField(pod, f)),
    });
  }
  return findings;
}

/**
 * Checks every pod-carrying object (Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job,
 * CronJob) against a Pod Security Standards profile, including init and ephemeral containers.
 * Returns only PSS findings (rule IDs `pss-*`), one per failing control per object; suppression
 * annotations are not applied, so tests see the raw verdict.
 *
 * @param manifests bare manifests, or manifests with their source (file or construct path)
 * @param level the profile to check against; defaults to `restricted`
 */
export function checkPodSecurity(manifests: readonly ManifestInput[], level: 'baseline' | 'restricted' = 'restricted'): Finding[] {
  return toSourced(manifests).flatMap((source) => podSecurityFindings(source, level));
}

/**
 * The strictest Pod Security Standards profile a pod passes: `restricted`, `baseline` or
 * `privileged`. A Namespace must enforce this profile (or a more open one) to admit the pod.
 *
 * @param podSpec the pod spec (a Pod's `spec`, or a workload's `spec.template.spec`)
 * @param podMetadata the pod's metadata; only its AppArmor annotations matter
 */
export function requiredPodSecurityLevel(podSpec: object, podMetadata: object = {}): PodSecurityLevel {
  const pod: PodTemplate = { spec: obj(podSpec) as Json, metadata: obj(podMetadata), specPath: 'spec', metadataPath: 'metadata' };
  const fails = (level: CheckedLevel): boolean => controlsAt(level).some((c) => c.check(pod, level) !== undefined);
  if (!fails('restricted')) return 'restricted';
  return fails('baseline') ? 'privileged' : 'baseline';
}
