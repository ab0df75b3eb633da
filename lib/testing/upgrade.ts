import { loadGuardBaseline, GitGuardBaselineOptions } from '../guard/baseline';
import { guardChanges, guardHasErrors } from '../guard/compare';
import { formatGuardReport } from '../guard/report';
import { GuardFinding, GuardOptions } from '../guard/types';
import { ManifestSource, synthManifests } from './synth';

/** Where the baseline is read from and how objects are matched (see `shipshape guard`). */
export interface UpgradeOptions extends GitGuardBaselineOptions, GuardOptions {}

/**
 * What the upgrade guard finds when `source` replaces the baseline: a directory of synthesized
 * YAML, or a git revision (e.g. `origin/main`) whose manifest directory `options.dir` is read
 * through git.
 */
export function upgradeFindings(source: ManifestSource, baseline: string, options: UpgradeOptions = {}): GuardFinding[] {
  const loaded = loadGuardBaseline(baseline, options);
  return guardChanges(loaded.manifests, synthManifests(source), options);
}

/**
 * Throws, with the guard's report, when applying `source` over the baseline would be rejected by
 * the API server or lose data (any error finding). Warnings are allowed.
 */
export function assertSafeUpgrade(source: ManifestSource, baseline: string, options: UpgradeOptions = {}): void {
  const loaded = loadGuardBaseline(baseline, options);
  const next = synthManifests(source);
  const findings = guardChanges(loaded.manifests, next, options);
  if (!guardHasErrors(findings)) return;
  const report = formatGuardReport({ baseline, next: 'the synthesized app', baselineObjects: loaded.manifests.length, nextObjects: next.length, findings });
  throw new Error(`the upgrade is not safe:\n${report}`);
}
