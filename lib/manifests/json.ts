// Manifests are read from anywhere, so nothing in them is trusted: these accessors never throw.

/** A loosely typed JSON object: rules read manifests from anywhere, so nothing is trusted. */
export type Json = Record<string, unknown>;

/** The object at `value`, or an empty object when it is missing or not an object. */
export function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : {};
}

/** The array at `value`, or an empty array. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The string at `value`, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
