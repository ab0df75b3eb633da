import { IConstruct } from 'constructs';

/**
 * The one error type Shipshape throws for bad input. Its message names the construct path, the
 * prop, what was expected and what was given, e.g.
 * `prod/api: port must be an integer from 1 to 65535, got 70000`.
 *
 * It is thrown while constructs are built, before anything is synthesized, so an invalid app
 * writes no manifests at all.
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
    const rendered = renderGiven(given);
    super(`${constructPath}: ${prop} must be ${expected}, got ${rendered}`);
    this.name = 'ShipshapeError';
    this.constructPath = constructPath;
    this.prop = prop;
    this.expected = expected;
    this.given = rendered;
  }
}

/**
 * A given value that appears in an error message exactly as written, without quotes: for a bad
 * part shown with the whole it came from, e.g. `61 in '61 * * * *'`.
 */
export class GivenText {
  constructor(public readonly text: string) {}
}

function renderGiven(value: unknown): string {
  if (value instanceof GivenText) return value.text;
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** The path used in error messages: the construct path, or the id of a root construct. */
export function pathOf(scope: IConstruct): string {
  return scope.node.path || scope.node.id;
}

/** Throws a {@link ShipshapeError} for `scope`. */
export function fail(scope: IConstruct, prop: string, expected: string, given: unknown): never {
  throw new ShipshapeError(pathOf(scope), prop, expected, given);
}
