/**
 * A structural schema: the subset of OpenAPI v3 that Kubernetes validates objects with (CRDs use
 * it directly; the built-in kinds' definitions reduce to it). Generated into this folder by
 * generate.ts and read by the validator.
 */
export interface Schema {
  /** Another definition of the bundle set, by name: the schema is that definition. */
  readonly $ref?: string;
  /** The JSON type; absent means any value. */
  readonly type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  /** Known fields of an object. Without additionalProperties, any other field is unknown. */
  readonly properties?: Readonly<Record<string, Schema>>;
  /** Fields that must be present (a null counts as absent). */
  readonly required?: readonly string[];
  /** The values of a map-like object (labels, ConfigMap data). */
  readonly additionalProperties?: Schema;
  /** The items of an array. */
  readonly items?: Schema;
  /** Allowed values. */
  readonly enum?: readonly unknown[];
  /** A regular expression a string must match (checked on strings up to MAX_PATTERN_INPUT). */
  readonly pattern?: string;
  /** Bounds. */
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly maxProperties?: number;
  /** x-kubernetes-int-or-string: an integer or a string. */
  readonly intOrString?: true;
  /** A resource quantity (`100m`, `1Gi`, or a plain number). */
  readonly quantity?: true;
  /** x-kubernetes-preserve-unknown-fields: any field is allowed. */
  readonly preserveUnknown?: true;
  /** Combinators as CRDs use them: every, some, exactly one, none of the schemas. */
  readonly allOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly not?: Schema;
}

/** Schemas for a set of kinds, as generated into this folder. */
export interface SchemaBundle {
  /** What the schemas were generated from, for messages and docs. */
  readonly source: string;
  /** `apiVersion/kind` (e.g. `apps/v1/Deployment`) to the name of its definition. */
  readonly kinds: Readonly<Record<string, string>>;
  /** Definitions by name. */
  readonly definitions: Readonly<Record<string, Schema>>;
}
