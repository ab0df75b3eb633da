// How values appear in error messages: short, on one line, and saying what they are. A message
// must stay readable whatever a caller passed: a 1 MB string, control characters, a function.

/** The longest rendering of a given value; longer ones are cut with '…'. */
const MAX_RENDERED = 120;
/** How many characters of a long string are shown. */
const STRING_HEAD = 100;

// C0 and C1 control characters, the line and paragraph separators, and the bidirectional
// overrides that make text display differently from what it is.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };

/** `text` with backslashes, control and invisible formatting characters escaped. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `text` cut to its first characters with a count of all of them when it is long. */
export function shortenText(text: string, max = STRING_HEAD): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(${text.length} characters)`;
}

/** A name the user gave (a key of a map) as it appears in a prop path: escaped and shortened. */
export function renderName(name: string): string {
  return escapeText(shortenText(name));
}

/** True for objects written as `{ … }` (of any realm), false for arrays, class instances, Dates … */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** What a value that is no data is, e.g. `a function (handler)`, `a Date (2024-01-01T00:00:00.000Z)`. */
function describeNonData(value: unknown): string | undefined {
  switch (typeof value) {
    case 'function': return `a function${value.name ? ` (${renderName(value.name)})` : ''}`;
    case 'symbol': return `a symbol (${renderName(value.description ?? '')})`;
    case 'bigint': return `a bigint (${value}n)`;
    default: break;
  }
  if (value instanceof Date) return `a Date (${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isPlainObject(value)) {
    const path = (value as { node?: { path?: unknown } }).node?.path;
    const name = renderName(value.constructor?.name || 'an object');
    return typeof path === 'string' ? `a ${name} construct (${renderName(path || '<root>')})` : `a ${name}`;
  }
  return undefined;
}

/** JSON-like text of data, with non-data named, cut once it passes `budget` characters. */
function renderData(value: unknown, budget: number, seen: Set<object>): string {
  const other = describeNonData(value);
  if (other !== undefined) return `<${other}>`;
  if (value === undefined) return 'undefined';
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(escapeText(shortenText(value, Math.max(budget, 8)))).replace(/\\\\/g, '\\');
  const object = value as object;
  if (seen.has(object)) return '<circular>';
  seen.add(object);
  const entries: string[] = Array.isArray(object)
    ? object.map((item) => item)
    : Object.keys(object);
  const parts: string[] = [];
  let used = 2;
  for (const entry of entries) {
    if (used > budget) {
      parts.push(`…(${entries.length} ${Array.isArray(object) ? 'items' : 'keys'})`);
      break;
    }
    const text = Array.isArray(object)
      ? renderData(entry, budget - used, seen)
      : `${JSON.stringify(renderName(entry as string))}:${renderData((object as Record<string, unknown>)[entry as string], budget - used, seen)}`;
    parts.push(text);
    used += text.length + 1;
  }
  seen.delete(object);
  return Array.isArray(object) ? `[${parts.join(',')}]` : `{${parts.join(',')}}`;
}

/**
 * A value as an error message shows it: strings in quotes, escaped and shortened; numbers as
 * written (NaN and Infinity included); undefined as `nothing`; lists and maps JSON-like and cut
 * when long; functions, symbols, Dates and class instances named by what they are.
 */
export function renderValue(value: unknown): string {
  try {
    return render(value);
  } catch {
    // A getter that throws, a Proxy, an object that only looks like a Date: still an error message.
    return 'a value that cannot be shown';
  }
}

function render(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${escapeText(shortenText(value)).replace(/'/g, '\\\'')}'`;
  const other = describeNonData(value);
  if (other !== undefined) return other;
  const text = renderData(value, MAX_RENDERED, new Set());
  return text.length <= MAX_RENDERED + 20 ? text : `${text.slice(0, MAX_RENDERED)}…`;
}
