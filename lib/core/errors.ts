import { IConstruct } from 'constructs';
import { escapeText, renderName, renderValue, shortenText } from './render';

/**
 * The one error type Shipshape throws for bad input. Its message names the construct path, the
 * prop, what was expected and what was given, e.g.
 * `prod/api: port must be an integer from 1 to 65535, got 70000`.
 *
 * It is thrown while constructs are built, or by `app.synth()` before anything is written (for
 * what only the whole app shows, such as two objects with one name), so an invalid app writes no
 * manifests at all. Given values appear shortened and escaped, whatever they hold.
 */
export class ShipshapeError extends Error {
  /** The construct path of the construct that received the bad input. */
  public readonly constructPath: string;
  /** The prop at fault, e.g. `resources.cpu.limit`. */
  public readonly prop: string;
  /** What the prop must be. */
  public readonly expected: string;
  /** What was given, rendered for the message. */
  public readonly given: string;

  constructor(constructPath: string, prop: string, expected: string, given: unknown) {
    const rendered = given instanceof GivenText ? escapeText(shortenText(given.text, 200)) : renderValue(given);
    const path = renderName(constructPath);
    const at = escapeText(shortenText(prop, 200));
    super(`${path}: ${at} must be ${expected}, got ${rendered}`);
    this.name = 'ShipshapeError';
    this.constructPath = path;
    this.prop = at;
    this.expected = expected;
    this.given = rendered;
  }
}

/**
 * A prop the construct does not know: a typo (`replica` for `replicas`) or a prop of another
 * construct. Without this error the prop would be ignored and its default used.
 */
export class UnknownPropError extends ShipshapeError {
  /** The known prop the name is closest to, when one is close. */
  public readonly suggestion: string | undefined;

  constructor(constructPath: string, prop: string, given: unknown, owner: string, suggestion: string | undefined, known: readonly string[]) {
    const hint = suggestion !== undefined ? `did you mean ${suggestion}?`
      : known.length <= 12 ? `${owner} takes ${known.join(', ')}` : `see ${owner} for the props it takes`;
    super(constructPath, prop, `a prop of ${owner}`, given);
    this.name = 'UnknownPropError';
    this.suggestion = suggestion;
    this.message = `${this.constructPath}: unknown prop ${this.prop} (${hint})`;
  }
}

/** Where one of several objects with the same identity comes from. */
export interface DuplicateSource {
  /** The construct path of the object. */
  readonly objectPath: string;
  /** The construct whose props named it (a WebApp, an Environment …), or the object itself. */
  readonly ownerPath: string;
  /** What the owner is, e.g. `WebApp`. */
  readonly ownerType: string;
}

/** Objects that would replace each other on apply: same API group, kind, namespace and name. */
export interface DuplicateObjects {
  /** The object as people read it, e.g. `Service shop/orders`. */
  readonly object: string;
  /** The name they share. */
  readonly name: string;
  /** Every object with that identity, in construct-tree order. */
  readonly sources: readonly DuplicateSource[];
}

/** At most this many lines of colliding objects in the message, and objects on a line. */
const MAX_DUPLICATE_LINES = 10;
const MAX_DUPLICATE_OBJECTS = 5;

/**
 * Two or more objects of one App share API group, kind, namespace and name (kind and name for
 * cluster-scoped kinds): applied together, the last one silently replaces the others. Thrown by
 * `app.synth()` before anything is written; the message names every such object, the constructs
 * that made them, and the fix.
 */
export class DuplicateObjectError extends ShipshapeError {
  /** Every set of colliding objects. */
  public readonly duplicates: readonly DuplicateObjects[];

  constructor(duplicates: readonly DuplicateObjects[]) {
    const first = duplicates[0];
    super(first.sources[0].ownerPath, 'name', 'unique per kind and namespace', first.name);
    this.name = 'DuplicateObjectError';
    this.duplicates = duplicates;
    // Objects made by the same constructs share one line: two workloads of one name collide in
    // every object they make, and the fix is the same for all of them.
    const groups = new Map<string, DuplicateObjects[]>();
    for (const d of duplicates) {
      const key = JSON.stringify(d.sources.map((s) => s.ownerPath));
      groups.set(key, [...(groups.get(key) ?? []), d]);
    }
    const lines = [...groups.values()].slice(0, MAX_DUPLICATE_LINES).map((group) => {
      const d = group[0];
      const owners = [...new Set(d.sources.map((s) => `${renderName(s.ownerPath)} (${s.ownerType})`))];
      if (group.length === 1) {
        return `${escapeText(d.object)} is made ${d.sources.length} times, by ${d.sources.map((s) => renderName(s.objectPath)).join(', ')}: `
          + `rename one of ${owners.join(', ')}`;
      }
      const shown = group.slice(0, group.length > MAX_DUPLICATE_OBJECTS + 1 ? MAX_DUPLICATE_OBJECTS : group.length).map((g) => escapeText(g.object));
      const more = group.length > shown.length ? ` and ${group.length - shown.length} more` : '';
      return `${shown.join(', ')}${more} are each made ${d.sources.length} times, by ${owners.join(', ')}: rename one of them`;
    });
    if (groups.size > MAX_DUPLICATE_LINES) lines.push(`… and more objects made by ${groups.size - MAX_DUPLICATE_LINES} other sets of constructs (see error.duplicates)`);
    this.message = `names must be unique per kind and namespace (cluster-wide for cluster-scoped kinds), or applying the output keeps only the last object:\n${lines.map((l) => `  ${l}`).join('\n')}`;
  }
}

/**
 * A given value that appears in an error message exactly as written, without quotes: for a bad
 * part shown with the whole it came from, e.g. `61 in '61 * * * *'`.
 */
export class GivenText {
  constructor(public readonly text: string) {}
}

/** Where an error is reported: a construct, or the path of one not built yet. */
export type ErrorScope = IConstruct | string;

/** The path used in error messages: the construct path, or the id of a root construct. */
export function pathOf(scope: ErrorScope): string {
  if (typeof scope === 'string') return scope;
  return scope.node.path || scope.node.id;
}

/** Throws a {@link ShipshapeError} for `scope`. */
export function fail(scope: ErrorScope, prop: string, expected: string, given: unknown): never {
  throw new ShipshapeError(pathOf(scope), prop, expected, given);
}
