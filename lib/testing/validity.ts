import { CheckOptions, checkManifests } from '../policy/engine';
import { formatReport } from '../policy/report';
import { ManifestSource, synthManifests } from './synth';

/** What {@link assertValidOutput} accepts. */
export interface ValidityOptions extends CheckOptions {
  /**
   * Fail on warning findings too, not only on errors.
   * @default false
   */
  readonly failOnWarnings?: boolean;
}

/**
 * The policy check's report when `source` is not valid output, or undefined when it is: every
 * object follows the policy rules (error findings; warnings too with `failOnWarnings`), and every
 * pod passes the Pod Security Standards level of its namespace (`restricted` where the namespace
 * sets none, or `defaultPodSecurityLevel`).
 */
export function outputProblems(source: ManifestSource, options: ValidityOptions = {}): string | undefined {
  const report = checkManifests(synthManifests(source), options);
  const failing = options.failOnWarnings ? report.findings.length : report.errors;
  return failing > 0 ? formatReport(report) : undefined;
}

/**
 * Throws, with the policy report, unless `source` is valid output (see {@link outputProblems}).
 * Works in any test framework: `assertValidOutput(app)`.
 */
export function assertValidOutput(source: ManifestSource, options: ValidityOptions = {}): void {
  const problems = outputProblems(source, options);
  if (problems !== undefined) throw new Error(`the output is not valid:\n${problems}`);
}
