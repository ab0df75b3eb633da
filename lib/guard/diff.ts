import { parseQuantity } from '../kube/quantity';

/** One changed leaf between two versions of a manifest subtree. */
export interface FieldChange {
  /** Display path such as `spec.selector.matchLabels["app.kubernetes.io/name"]` or `spec.containers[0].image`. */
  readonly path: string;
  /** The keys and indexes leading to the change, for rules that look at the shape of the path. */
  readonly keys: readonly (string | number)[];
  /** The old value; undefined when absent. */
  readonly before: unknown;
  /** The new value; undefined when absent. */
  readonly after: unknown;
}

type Plain = Record<string, unknown>;

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when Kubernetes would not tell the value from an absent one: null, and objects or lists that
 * hold nothing but such values (the API's semantic equality treats nil and empty maps/slices alike).
 * An empty string is NOT empty: `storageClassName: ""` means "no class", not "the default class".
 */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.every(isEmptyValue);
  if (isPlainObject(value)) return Object.values(value).every(isEmptyValue);
  return false;
}

// Resource amounts are quantities ("10Gi" equals "10240Mi"); everything else compares as written,
// so that a ConfigMap value "1.0" never equals "1".
const QUANTITY_PARENTS = new Set(['requests', 'limits', 'capacity', 'hard']);

function isQuantityPath(keys: readonly (string | number)[]): boolean {
  const last = keys[keys.length - 1];
  const parent = keys[keys.length - 2];
  return last === 'sizeLimit' || (typeof parent === 'string' && QUANTITY_PARENTS.has(parent));
}

/** The numeric value of a quantity written as a string or a number, or undefined. */
export function quantityValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return parseQuantity(value.trim());
  return undefined;
}

function sameLeaf(before: unknown, after: unknown, keys: readonly (string | number)[]): boolean {
  if (before === after) return true;
  if (isEmptyValue(before) && isEmptyValue(after)) return true;
  if (isQuantityPath(keys)) {
    const a = quantityValue(before);
    const b = quantityValue(after);
    if (a !== undefined && b !== undefined) return a === b;
  }
  return false;
}

const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;

/** Appends one key or index to a display path. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (SIMPLE_KEY.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

function collect(before: unknown, after: unknown, path: string, keys: (string | number)[], out: FieldChange[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    const names = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const name of [...names].sort()) {
      keys.push(name);
      collect(before[name], after[name], joinPath(path, name), keys, out);
      keys.pop();
    }
    return;
  }
  // List order is significant to the API server's equality check, so lists compare index by index.
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) {
      keys.push(i);
      collect(before[i], after[i], joinPath(path, i), keys, out);
      keys.pop();
    }
    return;
  }
  if (!sameLeaf(before, after, keys)) {
    out.push({
      path,
      keys: [...keys],
      before: isEmptyValue(before) ? undefined : before,
      after: isEmptyValue(after) ? undefined : after,
    });
  }
}

/**
 * The semantic differences between two values: object key order is ignored, absent equals null or
 * empty, and resource quantities compare numerically. Paths start at `basePath`.
 */
export function diffValues(before: unknown, after: unknown, basePath = '', baseKeys: readonly (string | number)[] = []): FieldChange[] {
  const out: FieldChange[] = [];
  collect(before, after, basePath, [...baseKeys], out);
  return out;
}

/** True when two values are semantically equal (see {@link diffValues}). */
export function sameValue(before: unknown, after: unknown): boolean {
  return diffValues(before, after).length === 0;
}

/** Reads a nested field; undefined when any step is missing. */
export function fieldAt(value: unknown, ...keys: (string | number)[]): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** A stable text for a value, independent of key order; used as an index key. */
export function canonicalText(value: unknown): string {
  if (isEmptyValue(value)) return '';
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(',')}]`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value).sort()
      .filter((key) => !isEmptyValue(value[key]))
      .map((key) => `${JSON.stringify(key)}:${canonicalText(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

const SHORT_LIMIT = 80;

/** A value rendered for a report: strings as written, anything else as compact JSON, cut at 80 characters. */
export function shortValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value : canonicalText(value);
  return text.length > SHORT_LIMIT ? `${text.slice(0, SHORT_LIMIT - 1)}…` : text;
}

/** Whether a changed field is a storage request: a claim's `spec.resources.requests.storage`, or a claim template's. */
export function isStorageRequest(keys: readonly (string | number)[]): boolean {
  return keys.slice(-3).join('.') === 'resources.requests.storage';
}
