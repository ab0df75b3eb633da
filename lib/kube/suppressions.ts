// The suppression annotation's format, written by the build side (suppressRule, Access's unsafe
// opt-ins) and read by the policy check.
import { SUPPRESS_ANNOTATION } from './vocabulary';

/** The suppressions an object declares. */
export interface Suppressions {
  /** Suppressed rule IDs and the reason given for each. */
  readonly reasons: ReadonlyMap<string, string>;
  /** Entries that could not be honoured (no reason given), as human-readable messages. */
  readonly problems: readonly string[];
}

const NONE: Suppressions = { reasons: new Map(), problems: [] };

/** Parses the suppression annotation of an object's annotations (absent annotation: nothing suppressed). */
export function parseSuppressions(annotations: Readonly<Record<string, unknown>> | undefined): Suppressions {
  const text = annotations?.[SUPPRESS_ANNOTATION];
  if (typeof text !== 'string' || text.trim() === '') return NONE;
  const reasons = new Map<string, string>();
  const problems: string[] = [];
  for (const raw of text.split(';')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    const ruleId = (colon < 0 ? entry : entry.slice(0, colon)).trim();
    const reason = colon < 0 ? '' : entry.slice(colon + 1).trim();
    // A suppression without a reason is not honoured: the reason is what a reviewer reads.
    if (reason === '') problems.push(`suppression of ${ruleId || '<empty rule id>'} has no reason (write "${ruleId || 'rule-id'}: why")`);
    else reasons.set(ruleId, reason);
  }
  return { reasons, problems };
}

/** Renders suppressions back into the annotation value, in a stable order. */
export function formatSuppressions(reasons: ReadonlyMap<string, string>): string {
  return [...reasons.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, reason]) => `${id}: ${reason}`).join('; ');
}
