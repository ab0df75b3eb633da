import { GuardFinding, GuardObjectRef } from './types';

/** What a report says about the inputs, besides the findings. */
export interface GuardReportInput {
  /** Where the baseline came from, e.g. `origin/main:dist` or `./old`. */
  readonly baseline: string;
  /** The directory of the new output. */
  readonly next: string;
  /** Number of objects in the baseline. */
  readonly baselineObjects: number;
  /** Number of objects in the new output. */
  readonly nextObjects: number;
  /** The findings, in report order (see `sortGuardFindings`). */
  readonly findings: readonly GuardFinding[];
}

/** The machine-readable report (`--format json`). */
export interface GuardJsonReport {
  /** Where the baseline came from. */
  readonly baseline: string;
  /** The directory of the new output. */
  readonly next: string;
  /** Counts: errors, warnings, objects on each side. */
  readonly summary: { errors: number; warnings: number; baselineObjects: number; nextObjects: number };
  /** Every finding, errors first. */
  readonly findings: readonly GuardFinding[];
}

function count(findings: readonly GuardFinding[], severity: 'error' | 'warning'): number {
  return findings.filter((finding) => finding.severity === severity).length;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describeObject(object: GuardObjectRef): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
}

/** Builds the JSON report. */
export function guardReportJson(input: GuardReportInput): GuardJsonReport {
  return {
    baseline: input.baseline,
    next: input.next,
    summary: {
      errors: count(input.findings, 'error'),
      warnings: count(input.findings, 'warning'),
      baselineObjects: input.baselineObjects,
      nextObjects: input.nextObjects,
    },
    findings: input.findings,
  };
}

/**
 * A readable report grouped by object, objects with errors first; each finding shows its rule,
 * field path, old → new value, what is wrong and the remedy.
 */
export function formatGuardReport(input: GuardReportInput): string {
  const lines: string[] = [`shipshape guard: ${input.baseline} -> ${input.next} (${plural(input.baselineObjects, 'object')} before, ${input.nextObjects} after)`];
  const groups = new Map<string, GuardFinding[]>();
  for (const finding of input.findings) {
    const key = describeObject(finding.object);
    const list = groups.get(key) ?? [];
    list.push(finding);
    groups.set(key, list);
  }
  for (const [object, findings] of groups) {
    lines.push('', object);
    for (const finding of findings) {
      const label = finding.severity === 'error' ? 'ERROR  ' : 'WARNING';
      lines.push(`  ${label} ${finding.rule}${finding.path ? `  ${finding.path}` : ''}`);
      if (finding.before !== undefined || finding.after !== undefined) {
        lines.push(`          ${finding.before ?? '(absent)'} -> ${finding.after ?? '(absent)'}`);
      }
      lines.push(`          ${finding.message}`);
      lines.push(`          remedy: ${finding.remedy}`);
    }
  }
  const errors = count(input.findings, 'error');
  const warnings = count(input.findings, 'warning');
  lines.push('', input.findings.length === 0
    ? 'No immutable-field, data-loss or availability problems found.'
    : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}${errors > 0 ? ': kubectl apply would fail or lose data' : ''}.`);
  return `${lines.join('\n')}\n`;
}
