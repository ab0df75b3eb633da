import { loadGuardBaseline, GitGuardBaselineOptions } from '../guard/baseline';
import { guardChanges, guardHasErrors } from '../guard/compare';
import { formatGuardReport } from '../guard/report';
import { GuardFinding } from '../guard/types';
import { ManifestSource, synthManifests } from './synth';

/**
 * What the upgrade guard finds when `source` replaces the baseline: a directory of synthesized
 * YAML, or a git revision (e.g. `origin/main`) whose manifest directory `options.dir` is read
 * through git.
 */
export function upgradeFindings(source: ManifestSource, baseline: string, options: GitGuardBaselineOptions = {}): GuardFinding[] {
  const loaded = loadGuardBaseline(baseline, options);
  return guardChanges(loaded.manifests, synthManifests(source));
}

/**
 * Throws, with the guard's report, when applying `source` over the baseline would be rejected by
 * the API server or lose data (any error finding). Warnings are allowed.
 */
export function assertSafeUpgrade(source: ManifestSource, baseline: string, options: GitGuardBaselineOptions = {}): void {
  const loaded = loadGuardBaseline(baseline, options);
  const next = synthManifests(source);
  const findings = guardChanges(loaded.manifests, next);
  if (!guardHasErrors(findings)) return;
  const report = formatGuardReport({ baseline, next: 'the synthesized app', baselineObjects: loaded.manifests.length, nextObjects: next.length, findings });
  throw new Error(`the upgrade is not safe:\n${report}`);
}
