import { Cron } from 'cdk8s';
import { IConstruct } from 'constructs';
import { GivenText, fail } from '../../core/errors';
import { PropSpec, either, matching, text } from '../../core/props';
import { isKnownTimeZone, timeZoneSpelling } from '../../kube/time-zones';

/**
 * When a CronTask runs: a 5-field cron expression (`'0 2 * * *'`), one of the macros in
 * {@link SCHEDULE_MACROS}, or a cdk8s `Cron` (`Cron.daily()`, `Cron.schedule({ hour: '2', minute: '0' })`).
 */
export type Schedule = string | Cron;

/** The macros a schedule may be instead of five fields. */
export const SCHEDULE_MACROS = ['@hourly', '@daily', '@weekly', '@monthly', '@yearly', '@annually'] as const;

/** True for a cdk8s Cron (of this or another copy of cdk8s). */
function isCron(value: unknown): value is Cron {
  return value instanceof Cron || (typeof value === 'object' && value !== null && typeof (value as Cron).expressionString === 'string');
}


/** One field of a cron expression: its name in messages, its bounds and its names (if any). */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Upper-case names mapped to values, e.g. JAN to 1. */
  readonly names?: Readonly<Record<string, number>>;
  /** How the allowed values read in messages, e.g. '1-12 or JAN-DEC'. */
  readonly allowed: string;
  /** `?` means "any" here (the day fields, as the Kubernetes parser allows). */
  readonly question?: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

// The bounds of the parser the Kubernetes CronJob controller uses (robfig/cron v3). Its weekday
// field ends at 6: unlike Vixie cron, 7 is not Sunday, and the API server rejects it.
const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59, allowed: '0-59' },
  { name: 'hour', min: 0, max: 23, allowed: '0-23' },
  { name: 'day', min: 1, max: 31, allowed: '1-31', question: true },
  { name: 'month', min: 1, max: 12, allowed: '1-12 or JAN-DEC', names: Object.fromEntries(MONTHS.map((m, i) => [m, i + 1])) },
  { name: 'weekday', min: 0, max: 6, allowed: '0-6 or SUN-SAT', question: true, names: Object.fromEntries(WEEKDAYS.map((d, i) => [d, i])) },
];

const FIELD_COUNT_EXPECTED = `5 fields (minute hour day month weekday) or one of ${SCHEDULE_MACROS.map((m) => `'${m}'`).join(', ')}`;
const SCHEDULE_EXPECTED = `a cron expression or a cdk8s Cron (${FIELD_COUNT_EXPECTED})`;

/** The check of a {@link Schedule}: a string or a cdk8s Cron. */
export const SCHEDULE: PropSpec<Schedule> = either(text(), matching<Cron>('a cdk8s Cron', isCron), SCHEDULE_EXPECTED);

/**
 * Validates a schedule and returns the expression the CronJob carries (fields separated by one
 * space). Every field is checked against the bounds Kubernetes applies; the error names the field
 * and the bad part, e.g. `nightly: schedule minute must be 0-59, got 61 in '61 * * * *'`.
 *
 * Only syntax and bounds are checked: a valid expression that never fires, such as
 * `'0 0 31 2 *'` (February 31st), is accepted, as Kubernetes accepts it.
 */
export function resolveSchedule(scope: IConstruct, schedule: unknown, prop = 'schedule'): string {
  const expression = scheduleExpression(scope, schedule, prop);
  const trimmed = expression.trim();
  if (trimmed.startsWith('@')) {
    if (!(SCHEDULE_MACROS as readonly string[]).includes(trimmed)) {
      fail(scope, prop, `one of ${SCHEDULE_MACROS.map((m) => `'${m}'`).join(', ')} or 5 fields (minute hour day month weekday)`, expression);
    }
    return trimmed;
  }
  const parts = trimmed.split(/\s+/).filter((part) => part !== '');
  if (parts.some((part) => /^(CRON_)?TZ=/.test(part))) {
    fail(scope, prop, `${FIELD_COUNT_EXPECTED}, without TZ= (Kubernetes rejects it: use timeZone)`, expression);
  }
  if (parts.length !== FIELDS.length) fail(scope, prop, FIELD_COUNT_EXPECTED, expression);
  parts.forEach((part, i) => checkField(scope, `${prop} ${FIELDS[i].name}`, FIELDS[i], part, parts.join(' ')));
  return parts.join(' ');
}

function scheduleExpression(scope: IConstruct, schedule: unknown, prop: string): string {
  if (typeof schedule === 'string') return schedule;
  if (isCron(schedule)) return schedule.expressionString;
  return fail(scope, prop, SCHEDULE_EXPECTED, schedule);
}

/** Checks one field: a comma-separated list of `*`, `N`, `N-M`, each optionally with `/step`. */
function checkField(scope: IConstruct, prop: string, field: CronField, text: string, expression: string): void {
  const given = (part: string): GivenText => new GivenText(`${part} in '${expression}'`);
  const syntax = `${field.allowed}, as a value, a range (a-b), a step (*/n, a/n or a-b/n) or a comma-separated list of them`;
  for (const item of text.split(',')) {
    const match = /^([^/-]+)(?:-([^/-]+))?(?:\/([^/-]+))?$/.exec(item);
    if (!match) fail(scope, prop, syntax, given(item));
    const [, startText, endText, stepText] = match;
    if (startText === '*' || (startText === '?' && field.question)) {
      if (endText !== undefined) fail(scope, prop, syntax, given(item));
    } else {
      const start = fieldValue(scope, prop, field, startText, given);
      const end = endText === undefined ? undefined : fieldValue(scope, prop, field, endText, given);
      if (end !== undefined && start > end) fail(scope, `${prop} range`, 'ascending (start at most end)', given(item));
    }
    if (stepText !== undefined) {
      // A step beyond the field's span matches only its start: larger ones say nothing more, and
      // the controller's parser rejects numbers beyond 64 bits.
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1 || Number(stepText) > field.max) {
        fail(scope, `${prop} step`, `a whole number from 1 to ${field.max}`, given(stepText));
      }
    }
  }
}

function fieldValue(scope: IConstruct, prop: string, field: CronField, text: string, given: (part: string) => GivenText): number {
  const named = field.names?.[text.toUpperCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(text)) fail(scope, prop, field.allowed, given(text));
  const value = Number(text);
  if (value < field.min || value > field.max) {
    const hint = field.name === 'weekday' && value === 7 ? ' (Kubernetes does not accept 7 for Sunday: use 0)' : '';
    fail(scope, prop, `${field.allowed}${hint}`, given(text));
  }
  return value;
}

/**
 * Validates a time zone name against the IANA tz database, which the API server loads it from
 * (Go's time package): its zones and links, spelled exactly as the database spells them
 * ('Europe/Berlin', 'UTC', 'US/Pacific'). Abbreviations JavaScript also accepts ('PST', 'IST'),
 * other spellings ('europe/berlin') and 'Local' are rejected, as Kubernetes rejects them.
 */
export function requireTimeZone(scope: IConstruct, prop: string, value: unknown): string {
  const expected = 'a time zone of the IANA tz database such as \'Europe/Berlin\' or \'UTC\'';
  if (typeof value !== 'string') fail(scope, prop, expected, value);
  if (isKnownTimeZone(value)) return value;
  const spelling = timeZoneSpelling(value);
  fail(scope, prop, spelling !== undefined && spelling !== value ? `${expected}, spelled '${spelling}'` : expected, value);
}
