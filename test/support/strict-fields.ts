import * as fs from 'fs';
import { k8s } from 'cdk8s-plus-28';
import { Manifest } from '../../lib/manifests/manifest';

/*
 * kubernetes-models validates types, required fields and formats but accepts unknown fields. The
 * Kubernetes 1.28 type definitions that cdk8s-plus-28 ships (its jsii assembly) list every field
 * of every kind, so walking an object against them finds any field the schema doesn't define.
 */

type JsiiType =
  | { primitive: string }
  | { fqn: string }
  | { collection: { kind: 'array' | 'map'; elementtype: JsiiType } }
  | { union: { types: JsiiType[] } };

interface JsiiInterface { properties?: { name: string; type: JsiiType }[]; interfaces?: string[] }

let assembly: Record<string, JsiiInterface> | undefined;
function types(): Record<string, JsiiInterface> {
  if (!assembly) {
    const file = require.resolve('cdk8s-plus-28/.jsii');
    assembly = (JSON.parse(fs.readFileSync(file, 'utf8')) as { types: Record<string, JsiiInterface> }).types;
  }
  return assembly;
}

const PREFIX = 'cdk8s-plus-28.k8s.';
// Leaves whose JSON shape is a scalar even though the assembly models them as classes.
const SCALARS = new Set([`${PREFIX}Quantity`, `${PREFIX}IntOrString`]);

let propsByKind: Map<string, string> | undefined;
function propsTypeOf(manifest: Manifest): string | undefined {
  if (!propsByKind) {
    propsByKind = new Map();
    for (const [name, value] of Object.entries(k8s)) {
      const gvk = (value as { GVK?: { apiVersion: string; kind: string } }).GVK;
      if (gvk && name.startsWith('Kube')) propsByKind.set(`${gvk.apiVersion}/${gvk.kind}`, `${PREFIX}${name}Props`);
    }
  }
  return propsByKind.get(`${manifest.apiVersion}/${manifest.kind}`);
}

let jsonNames: Map<string, Map<string, string>> | undefined;
/**
 * JSON field names differ from the assembly's property names for some fields (`clusterIP` is
 * `clusterIp`); the bundled `toJson_<Type>` converters spell out each pair, e.g.
 * `'clusterIP': obj.clusterIp`.
 */
function jsonNameOf(struct: string, property: string): string {
  if (!jsonNames) {
    jsonNames = new Map();
    const source = fs.readFileSync(require.resolve('cdk8s-plus-28/lib/imports/k8s.js'), 'utf8');
    for (const fn of source.matchAll(/function toJson_(\w+)\(obj\) \{([\s\S]*?)\n\}/g)) {
      const pairs = new Map<string, string>();
      for (const pair of fn[2].matchAll(/'([^']+)': \(*obj\.(\w+)/g)) pairs.set(pair[2], pair[1]);
      jsonNames.set(fn[1], pairs);
    }
  }
  return jsonNames.get(struct.slice(PREFIX.length))?.get(property) ?? property;
}

const fieldCache = new Map<string, Map<string, JsiiType>>();
function fieldsOf(fqn: string): Map<string, JsiiType> {
  const cached = fieldCache.get(fqn);
  if (cached) return cached;
  const fields = new Map<string, JsiiType>();
  const visit = (name: string): void => {
    const type = types()[name];
    for (const p of type?.properties ?? []) fields.set(jsonNameOf(name, p.name), p.type);
    for (const parent of type?.interfaces ?? []) visit(parent);
  };
  visit(fqn);
  fieldCache.set(fqn, fields);
  return fields;
}

function walk(value: unknown, type: JsiiType, path: string, problems: string[]): void {
  if (value === null || value === undefined) return;
  if ('primitive' in type) return;
  if ('union' in type) return;
  if ('collection' in type) {
    if (type.collection.kind === 'array' && Array.isArray(value)) value.forEach((v, i) => walk(v, type.collection.elementtype, `${path}[${i}]`, problems));
    if (type.collection.kind === 'map' && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as object)) walk(v, type.collection.elementtype, `${path}.${k}`, problems);
    }
    return;
  }
  if (SCALARS.has(type.fqn) || typeof value !== 'object') return;
  const fields = fieldsOf(type.fqn);
  for (const [key, child] of Object.entries(value as object)) {
    const fieldType = fields.get(key);
    if (!fieldType) problems.push(`${path}.${key}`);
    else walk(child, fieldType, `${path}.${key}`, problems);
  }
}

/**
 * The paths of fields the Kubernetes 1.28 schema does not define. Kinds the assembly doesn't
 * know (custom resources such as HTTPRoute, whose generated classes drop unknown fields) are
 * skipped.
 */
export function unknownFields(manifest: Manifest): string[] {
  const propsType = propsTypeOf(manifest);
  if (!propsType) return [];
  const problems: string[] = [];
  const rest = Object.fromEntries(Object.entries(manifest).filter(([key]) => key !== 'apiVersion' && key !== 'kind'));
  walk(rest, { fqn: propsType }, `${manifest.kind} ${manifest.metadata?.name}`, problems);
  return problems;
}
