import { parseQuantity } from '../../kube/quantity';
import { GATEWAY_API } from './gateway-api';
import { KUBERNETES_1_28 } from './kubernetes-1.28';
import { Schema, SchemaBundle } from './types';

/** One way an object breaks its schema. */
export interface SchemaProblem {
  /** The field, e.g. `spec.template.spec.containers[0].image`; '' for the object itself. */
  readonly field: string;
  /** What is wrong, e.g. `unknown field`, `expected string, got number 8080`. */
  readonly message: string;
}

/** At most this many problems are listed per object: a wrong indentation breaks hundreds of fields. */
const MAX_PROBLEMS = 20;
/** Patterns are checked on strings up to this length: longer ones are data, not names, and a JavaScript regular expression may backtrack on them. */
const MAX_PATTERN_INPUT = 4096;

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeOf(value);
}

/** What a node accepts, as a small integer so that the check is one switch. */
const enum Accepts { Any, String, Integer, Number, Boolean, Object, Array, IntOrString, Quantity }

const ACCEPTS: Record<NonNullable<Schema['type']>, Accepts> = {
  string: Accepts.String, integer: Accepts.Integer, number: Accepts.Number, boolean: Accepts.Boolean,
  object: Accepts.Object, array: Accepts.Array,
};

/**
 * A schema prepared for validation: references resolved to nodes (so recursive definitions
 * become cycles), properties in a prototype-free object (a field named `constructor` is just a
 * field), enums as sets, patterns compiled.
 */
interface Node {
  schema: Schema;
  accepts: Accepts;
  properties?: Record<string, Node>;
  required?: readonly string[];
  additional?: Node;
  items?: Node;
  enumValues?: ReadonlySet<unknown>;
  pattern?: RegExp;
  /** Anything beyond type, fields and items (bounds, enums, patterns, combinators) to check. */
  constrained: boolean;
  combinators?: { allOf?: Node[]; anyOf?: Node[]; oneOf?: Node[]; not?: Node };
}

/**
 * Validates objects against structural schemas, as the API server would with strict field
 * validation: JSON types, required fields, enums, patterns, bounds, and fields the schema does not
 * define. One pass over each object; field paths are only spelled out for problems.
 */
export class SchemaValidator {
  private readonly kinds = new Map<string, Schema>();
  private readonly definitions = new Map<string, Schema>();
  private readonly compiled = new Map<Schema, Node>();
  private path: (string | number)[] = [];
  private problems: SchemaProblem[] = [];

  constructor(bundles: readonly SchemaBundle[]) {
    for (const bundle of bundles) {
      for (const [name, schema] of Object.entries(bundle.definitions)) this.definitions.set(name, schema);
    }
    for (const bundle of bundles) {
      for (const [gvk, name] of Object.entries(bundle.kinds)) {
        const schema = this.definitions.get(name);
        if (schema) this.kinds.set(gvk, schema);
      }
    }
  }

  /** Whether the validator has a schema for the apiVersion and kind. */
  public knows(apiVersion: string, kind: string): boolean {
    return this.kinds.has(`${apiVersion}/${kind}`);
  }

  /** The problems of one object; undefined when there is no schema for its apiVersion and kind. */
  public validate(manifest: { readonly apiVersion: string; readonly kind: string }): SchemaProblem[] | undefined {
    const schema = this.kinds.get(`${manifest.apiVersion}/${manifest.kind}`);
    if (!schema) return undefined;
    this.path = [];
    this.problems = [];
    this.check(manifest, this.node(schema));
    return this.problems;
  }

  /** Compiles a schema once; a definition that refers to itself ends up as a cycle of nodes. */
  private node(reference: Schema): Node {
    let schema = reference;
    for (let hops = 0; schema.$ref !== undefined && hops < 100; hops++) schema = this.definitions.get(schema.$ref) ?? {};
    const known = this.compiled.get(schema);
    if (known) return known;
    const accepts = schema.intOrString ? Accepts.IntOrString : schema.quantity ? Accepts.Quantity : schema.type ? ACCEPTS[schema.type] : Accepts.Any;
    // Every node gets every field, in one order: one object shape keeps the hot loop's property reads monomorphic.
    const node: Node = {
      schema, accepts, constrained: false, properties: undefined, required: undefined, additional: undefined,
      items: undefined, enumValues: undefined, pattern: undefined, combinators: undefined,
    };
    this.compiled.set(schema, node);
    if (schema.properties) {
      const properties = Object.create(null) as Record<string, Node>;
      for (const [key, child] of Object.entries(schema.properties)) properties[key] = this.node(child);
      node.properties = properties;
    }
    if (schema.required) node.required = schema.required;
    if (schema.additionalProperties) node.additional = this.node(schema.additionalProperties);
    if (schema.items) node.items = this.node(schema.items);
    if (schema.enum) node.enumValues = new Set(schema.enum);
    if (schema.pattern !== undefined) node.pattern = compilePattern(schema.pattern);
    if (schema.allOf || schema.anyOf || schema.oneOf || schema.not) {
      node.combinators = {
        allOf: schema.allOf?.map((s) => this.node(s)),
        anyOf: schema.anyOf?.map((s) => this.node(s)),
        oneOf: schema.oneOf?.map((s) => this.node(s)),
        not: schema.not ? this.node(schema.not) : undefined,
      };
    }
    node.constrained = schema.enum !== undefined || schema.pattern !== undefined || schema.minLength !== undefined
      || schema.maxLength !== undefined || schema.minimum !== undefined || schema.maximum !== undefined
      || schema.minItems !== undefined || schema.maxItems !== undefined || schema.maxProperties !== undefined;
    return node;
  }

  private report(message: string): void {
    if (this.problems.length > MAX_PROBLEMS) return;
    if (this.problems.length === MAX_PROBLEMS) {
      this.problems.push({ field: '', message: 'more problems not listed' });
      return;
    }
    let field = '';
    for (const part of this.path) field += typeof part === 'number' ? `[${part}]` : field === '' ? part : `.${part}`;
    this.problems.push({ field, message });
  }

  private check(value: unknown, node: Node): void {
    // A null is an unset field for the API server (`kubectl get -o yaml` writes some).
    if (value === null || value === undefined) return;
    let ok: boolean;
    switch (node.accepts) {
      case Accepts.String: ok = typeof value === 'string'; break;
      case Accepts.Integer: ok = Number.isInteger(value); break;
      case Accepts.Number: ok = typeof value === 'number' && Number.isFinite(value); break;
      case Accepts.Boolean: ok = typeof value === 'boolean'; break;
      case Accepts.Object: ok = typeof value === 'object' && !Array.isArray(value); break;
      case Accepts.Array: ok = Array.isArray(value); break;
      case Accepts.IntOrString:
        if (!(typeof value === 'string' || Number.isInteger(value))) this.report(`expected an integer or a string, got ${shown(value)}`);
        return;
      case Accepts.Quantity:
        if (!(typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && parseQuantity(value) !== undefined)) {
          this.report(`expected a quantity such as 500m or 1Gi, got ${shown(value)}`);
        }
        return;
      default: ok = true;
    }
    if (!ok) {
      const type = node.schema.type;
      this.report(`expected ${type}, got ${typeOf(value) === 'number' && type === 'integer' ? `number ${String(value)}` : shown(value)}`);
      return;
    }
    if (typeof value === 'object') {
      if (Array.isArray(value)) this.checkArray(value, node);
      else this.checkObject(value as Record<string, unknown>, node);
    }
    if (node.constrained) this.checkConstraints(value, node);
    if (node.combinators) this.checkCombinators(value, node.combinators);
  }

  private checkConstraints(value: unknown, node: Node): void {
    const schema = node.schema;
    if (node.enumValues !== undefined && !node.enumValues.has(value)) {
      this.report(`must be one of ${[...node.enumValues].map((v) => JSON.stringify(v)).join(', ')}, got ${shown(value)}`);
    }
    if (typeof value === 'string') {
      if (schema.minLength !== undefined && value.length < schema.minLength) this.report(`must be at least ${schema.minLength} characters long`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength) {
        this.report(`must be at most ${schema.maxLength} characters long, got ${value.length}`);
      } else if (node.pattern && value.length <= MAX_PATTERN_INPUT && !node.pattern.test(value)) {
        this.report(`must match ${schema.pattern}, got ${shown(value)}`);
      }
    } else if (typeof value === 'number') {
      if (schema.minimum !== undefined && value < schema.minimum) this.report(`must be at least ${schema.minimum}, got ${value}`);
      if (schema.maximum !== undefined && value > schema.maximum) this.report(`must be at most ${schema.maximum}, got ${value}`);
    } else if (Array.isArray(value)) {
      if (schema.minItems !== undefined && value.length < schema.minItems) this.report(`must have at least ${schema.minItems} items, got ${value.length}`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) this.report(`must have at most ${schema.maxItems} items, got ${value.length}`);
    } else if (typeof value === 'object' && value !== null && schema.maxProperties !== undefined) {
      const count = Object.keys(value).length;
      if (count > schema.maxProperties) this.report(`must have at most ${schema.maxProperties} fields, got ${count}`);
    }
  }

  private checkArray(value: unknown[], node: Node): void {
    const items = node.items;
    if (!items) return;
    for (let i = 0; i < value.length; i++) {
      this.path.push(i);
      this.check(value[i], items);
      this.path.pop();
    }
  }

  private checkObject(value: Record<string, unknown>, node: Node): void {
    const properties = node.properties;
    if (node.required) {
      for (const name of node.required) {
        if (value[name] === undefined || value[name] === null) {
          this.path.push(name);
          this.report('required field missing');
          this.path.pop();
        }
      }
    }
    const additional = node.additional;
    const strict = properties !== undefined && additional === undefined && !node.schema.preserveUnknown;
    for (const key in value) {
      if (!hasOwn(value, key)) continue;
      const child = properties !== undefined ? properties[key] : undefined;
      if (child === undefined && additional === undefined && !strict) continue;
      this.path.push(key);
      if (child !== undefined) this.check(value[key], child);
      else if (additional !== undefined) this.check(value[key], additional);
      else this.report('unknown field (not in the schema; the API server rejects or drops it)');
      this.path.pop();
    }
  }

  /** Combinators: each branch is tried on its own, and only the verdict is reported. */
  private checkCombinators(value: unknown, combinators: NonNullable<Node['combinators']>): void {
    const passes = (branch: Node): boolean => {
      const saved = { path: this.path, problems: this.problems };
      this.path = [];
      this.problems = [];
      this.check(value, branch);
      const ok = this.problems.length === 0;
      this.path = saved.path;
      this.problems = saved.problems;
      return ok;
    };
    if (combinators.allOf && !combinators.allOf.every(passes)) this.report('does not match every schema it must (allOf)');
    if (combinators.anyOf && !combinators.anyOf.some(passes)) this.report('matches none of the allowed forms (anyOf)');
    if (combinators.oneOf && combinators.oneOf.filter(passes).length !== 1) this.report('must match exactly one of the allowed forms (oneOf)');
    if (combinators.not && passes(combinators.not)) this.report('matches a form that is not allowed (not)');
  }
}

/** A CRD pattern (RE2 syntax) as a JavaScript expression; one JavaScript cannot read is not checked rather than misread. */
function compilePattern(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u');
  } catch {
    return undefined;
  }
}

let shared: SchemaValidator | undefined;

/** The validator for Kubernetes 1.28 kinds and the Gateway API standard CRDs, built once. */
export function defaultSchemaValidator(): SchemaValidator {
  shared ??= new SchemaValidator([KUBERNETES_1_28, GATEWAY_API]);
  return shared;
}

/** The schemas the default validator knows, for messages and docs. */
export const SCHEMA_SOURCES: readonly string[] = [KUBERNETES_1_28.source, GATEWAY_API.source];
