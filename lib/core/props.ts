// Runtime checks of props against their TypeScript types: the keys a props interface declares
// (anything else is a typo that would be ignored) and the JavaScript type of every value. One
// table per props interface, next to the interface; the compiler checks that a table lists exactly
// the interface's keys, optional where the interface says so, with a type check that admits the
// declared type. Values are checked further (ranges, grammars) where they are used.
import { ErrorScope, UnknownPropError, fail, pathOf } from './errors';
import { isPlainObject } from './render';
import { closestName } from './suggest';

/** A check of one value's JavaScript type; `T` is the TypeScript type it admits. */
export interface PropSpec<T> {
  /** What the value must be, for messages: 'a string', 'a list of strings'. */
  readonly expected: string;
  /** Whether the value has the outer shape of this type (a string, an array, a plain object …). */
  readonly accepts: (value: unknown) => boolean;
  /** Throws a ShipshapeError when the value is not of the type; never called with undefined. */
  readonly check: (scope: ErrorScope, prop: string, value: unknown) => void;
  /**
   * Compile time only: makes a spec fit a field exactly when the field's type is assignable to `T`.
   * @default - none: never set at run time
   */
  readonly admits?: (value: T) => void;
}

/** A field of a props table: its check and whether it may be left out. */
export interface PropField<T, O extends boolean> {
  /** The check of the value. */
  readonly spec: PropSpec<T>;
  /** Whether the prop may be left out. */
  readonly optional: O;
}

/** Every key of `P`, optional exactly where `P` says so, with a check that admits its type. */
export type PropsTable<P> = {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  readonly [K in keyof P]-?: {} extends Pick<P, K> ? PropField<Exclude<P[K], undefined>, true> : PropField<P[K], false>;
};

/** The props of one interface, by name. */
export interface Props<P> {
  /** The interface's name, for messages and for the test that compares tables with interfaces. */
  readonly name: string;
  /** Its fields. */
  readonly fields: PropsTable<P>;
  /**
   * Keys the interface does not have but people may well give, with what to say instead of
   * "unknown prop" (a Worker's `port`: it serves none).
   * @default - none
   */
  readonly misplaced?: Readonly<Record<string, string>>;
}

const REGISTRY = new Map<string, Props<unknown>>();

/**
 * Declares the table of a props interface. Its name must be the interface's. `misplaced` says
 * what a key the interface lacks must be instead (see {@link Props.misplaced}).
 */
export function defineProps<P>(name: string, fields: PropsTable<P>, misplaced?: Readonly<Record<string, string>>): Props<P> {
  const props: Props<P> = { name, fields, ...(misplaced ? { misplaced } : {}) };
  REGISTRY.set(name, props as Props<unknown>);
  return props;
}

/** Every declared table, by interface name. */
export function declaredProps(): ReadonlyMap<string, Props<unknown>> {
  return REGISTRY;
}

/** A prop that may be left out. */
export function optional<T>(spec: PropSpec<T>): PropField<T, true> {
  return { spec, optional: true };
}

/** A prop that must be given. */
export function required<T>(spec: PropSpec<T>): PropField<T, false> {
  return { spec, optional: false };
}

/** A value `accepts` recognises, described by `expected` (for types no other builder covers). */
export function matching<T>(expected: string, accepts: (value: unknown) => boolean): PropSpec<T> {
  return { expected, accepts, check: (scope, prop, value) => { if (!accepts(value)) fail(scope, prop, expected, value); } };
}

/** A string. `expected` says more where a plain "a string" would not help. */
export function text(expected = 'a string'): PropSpec<string> {
  return matching(expected, (value) => typeof value === 'string');
}

/**
 * A number. Whether it is a whole number in range (not NaN, not Infinity, not 1.5) is checked
 * where it is used, by `requireInteger`, whose message states the range.
 */
export function integer(): PropSpec<number> {
  return matching('an integer', (value) => typeof value === 'number');
}

/** true or false. */
export function flag(): PropSpec<boolean> {
  return matching('true or false', (value) => typeof value === 'boolean');
}


/** A list whose items each pass `item`. */
export function list<T>(item: PropSpec<T>, expected = `a list, each item ${item.expected}`): PropSpec<readonly T[]> {
  return { expected, accepts: Array.isArray, check: (scope, prop, value) => {
    if (!Array.isArray(value)) fail(scope, prop, expected, value);
    for (let i = 0; i < value.length; i++) {
      const at = `${prop}[${i}]`;
      if (value[i] === undefined) fail(scope, at, item.expected, undefined);
      item.check(scope, at, value[i]);
    }
  } };
}

/** A list of strings. */
export function texts(): PropSpec<readonly string[]> {
  return list(text(), 'a list of strings');
}

/** Keys a user map may not have: JavaScript object internals, which cdk8s cannot render. */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** A map from names to values that each pass `value`; reserved keys and symbols are rejected. */
export function map<T>(value: PropSpec<T>, example = '{ key: \'value\' }'): PropSpec<Readonly<Record<string, T>>> {
  const expected = `a map such as ${example}`;
  return { expected, accepts: isPlainObject, check: (scope, prop, given) => {
    if (!isPlainObject(given)) fail(scope, prop, expected, given);
    for (const key of Reflect.ownKeys(given)) {
      if (typeof key === 'symbol') fail(scope, prop, `${expected} (string keys only)`, key);
      if (RESERVED_KEYS.includes(key)) {
        fail(scope, `${prop}.${key}`, `a key other than ${RESERVED_KEYS.join(', ')} (names JavaScript reserves for its objects)`, key);
      }
      const item = given[key];
      if (item === undefined) fail(scope, `${prop}.${key}`, value.expected, undefined);
      value.check(scope, `${prop}.${key}`, item);
    }
  } };
}

/** One of two types, told apart by their outer shape: the first that accepts the value checks it. */
export function either<A, B>(a: PropSpec<A>, b: PropSpec<B>, expected = `${a.expected} or ${b.expected}`): PropSpec<A | B> {
  return { expected, accepts: (value) => a.accepts(value) || b.accepts(value), check: (scope, prop, value) => {
    if (a.accepts(value)) a.check(scope, prop, value);
    else if (b.accepts(value)) b.check(scope, prop, value);
    else fail(scope, prop, expected, value);
  } };
}

/** An instance of a class, e.g. an AppSecret or a workload. */
export function instanceOf<T>(cls: { readonly prototype: T }, expected: string): PropSpec<T> {
  return matching(expected, (value) => value instanceof (cls as unknown as abstract new () => T));
}

/** A nested props object, checked against its own table. */
export function shape<P>(props: Props<P>): PropSpec<P> {
  return { expected: `an object of ${props.name}`, accepts: isPlainObject, check: (scope, prop, value) => checkProps(scope, value, props, prop) };
}

/** One of several props objects told apart by a `kind` field (probes). */
export function byKind<T>(kinds: Readonly<Record<string, Props<unknown>>>, expected: string): PropSpec<T> {
  const names = Object.keys(kinds).map((k) => `'${k}'`).join(', ');
  return { expected, accepts: isPlainObject, check: (scope, prop, value) => {
    if (!isPlainObject(value)) fail(scope, prop, expected, value);
    const kind = value.kind;
    if (typeof kind !== 'string' || !Object.hasOwn(kinds, kind)) fail(scope, `${prop}.kind`, `one of ${names}`, kind);
    checkProps(scope, value, kinds[kind], prop);
  } };
}

/**
 * Checks `value` against a props table: a plain object, no key the table does not list (with a
 * suggestion when one is close), every required key present, every value of its type. `prop` is
 * the path of a nested object ('' for a construct's props).
 */
export function checkProps<P>(scope: ErrorScope, value: unknown, props: Props<P>, prop = ''): asserts value is P {
  const at = (key: string): string => (prop ? `${prop}.${key}` : key);
  const fields = props.fields as Readonly<Record<string, PropField<unknown, boolean>>>;
  const known = Object.keys(fields);
  if (!isPlainObject(value)) {
    const required = known.filter((k) => !fields[k].optional);
    fail(scope, prop || 'props', `an object of ${props.name}${required.length > 0 ? ` (with ${required.join(', ')})` : ''}`, value);
  }
  for (const key of Reflect.ownKeys(value)) {
    const name = typeof key === 'symbol' ? `[${String(key)}]` : key;
    if (typeof key === 'string' && props.misplaced !== undefined && Object.hasOwn(props.misplaced, key)) {
      fail(scope, at(key), props.misplaced[key], (value as Record<string, unknown>)[key]);
    }
    if (typeof key === 'symbol' || !Object.hasOwn(fields, key)) {
      const suggestion = typeof key === 'string' ? closestName(key, known) : undefined;
      throw new UnknownPropError(pathOf(scope), at(name), (value as Record<PropertyKey, unknown>)[key], prop || props.name, suggestion && at(suggestion), known);
    }
  }
  for (const key of known) {
    const given = Object.hasOwn(value, key) ? value[key] : undefined;
    if (given === undefined) {
      if (!fields[key].optional) fail(scope, at(key), fields[key].spec.expected, undefined);
      continue;
    }
    fields[key].spec.check(scope, at(key), given);
  }
}
