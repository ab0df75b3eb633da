import { PolicyReport, RULES } from './engine';
import { Finding } from './types';

const RULE_FIX = new Map(RULES.map((r) => [r.id, r.fix]));

/** `Deployment shop/web`, plus where it came from: the construct path, else the file. */
export function describeFindingTarget(f: Finding): string {
  const object = `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name ?? '<unnamed>'}`;
  const origin = f.constructPath ?? f.file;
  return origin ? `${object} (${origin})` : object;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One-line summary: objects checked, errors, warnings, suppressed findings. */
export function summaryLine(report: PolicyReport): string {
  return `${plural(report.objects, 'object')} checked: ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}, ${report.suppressed.length} suppressed`;
}

/**
 * A readable report: errors first, then warnings, each with the object, its construct path or file,
 * what is wrong, the fields involved and how to fix it; then the suppressed findings with their reasons.
 */
export function formatReport(report: PolicyReport): string {
  const lines: string[] = [];
  const ordered = [...report.findings.filter((f) => f.severity === 'error'), ...report.findings.filter((f) => f.severity === 'warning')];
  for (const f of ordered) {
    lines.push(`${f.severity === 'error' ? 'ERROR  ' : 'WARNING'} [${f.ruleId}] ${describeFindingTarget(f)}`);
    lines.push(`        ${f.message}`);
    if (f.fields) lines.push(`        at ${f.fields.join(', ')}`);
    lines.push(`        fix: ${RULE_FIX.get(f.ruleId) ?? ''}`);
  }
  if (report.suppressed.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push('Suppressed:');
    for (const f of report.suppressed) {
      lines.push(`  [${f.ruleId}] ${describeFindingTarget(f)}: ${f.suppressedReason}`);
    }
  }
  if (lines.length > 0) lines.push('');
  lines.push(summaryLine(report));
  return lines.join('\n');
}

/** The report as JSON for machines: summary counts, findings and suppressed findings. */
export function reportJson(report: PolicyReport): string {
  return JSON.stringify({
    summary: { objects: report.objects, errors: report.errors, warnings: report.warnings, suppressed: report.suppressed.length },
    findings: report.findings,
    suppressed: report.suppressed,
  }, null, 2);
}
