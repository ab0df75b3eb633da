// Generates the schema bundles the `schema-valid` rule validates with, as TypeScript modules in
// this folder (committed; nothing reads schema sources at run time):
//   kubernetes-1.28.ts   from the Kubernetes 1.28 definitions cdk8s-plus-28 ships (its jsii assembly)
//   gateway-api.ts       from the Gateway API CRD files in the directory given on the command line
// Run: node -r ./bin/register.js lib/policy/schema/generate.ts <gateway-api-crd-dir>
// test/policy/schema.test.ts checks that kubernetes-1.28.ts matches the installed cdk8s-plus-28.
import * as fs from 'fs';
import * as path from 'path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { Schema, SchemaBundle } from './types';

type JsiiType =
  | { primitive: string }
  | { fqn: string }
  | { collection: { kind: 'array' | 'map'; elementtype: JsiiType } }
  | { union: { types: JsiiType[] } };

interface JsiiProperty { name: string; type: JsiiType; optional?: boolean; docs?: { custom?: { schema?: string } } }
interface JsiiInterface { properties?: JsiiProperty[]; interfaces?: string[] }

const PREFIX = 'cdk8s-plus-28.k8s.';

/** API groups whose kubernetes-models folder is not the group name (`networking` is `networking.k8s.io`). */
const MODEL_GROUPS: Record<string, string> = {
  core: '', apps: 'apps', batch: 'batch', autoscaling: 'autoscaling', policy: 'policy',
  apiserverinternal: 'internal.apiserver.k8s.io', flowcontrol: 'flowcontrol.apiserver.k8s.io', rbac: 'rbac.authorization.k8s.io',
};

type ModelValidate = (this: object) => void;

/**
 * The kubernetes-models v4 validator of an OpenAPI definition (`io.k8s.api.core.v1.Container`), if
 * the package has one: its compiled schema knows the enums and integer formats that the jsii
 * assembly leaves out.
 */
function modelValidator(definition: string): ModelValidate | undefined {
  const parts = definition.split('.');
  const [kind, version] = [parts[parts.length - 1], parts[parts.length - 2]];
  let module: string | undefined;
  if (definition.startsWith('io.k8s.api.')) {
    const group = parts[3];
    const folder = MODEL_GROUPS[group] ?? `${group}.k8s.io`;
    module = `kubernetes-models/${folder ? `${folder}/` : ''}${version}/${kind}`;
  } else if (definition.startsWith('io.k8s.apimachinery.pkg.apis.meta.')) {
    module = `@kubernetes-models/apimachinery/apis/meta/${version}/${kind}`;
  } else if (definition.startsWith('io.k8s.apiextensions-apiserver.')) {
    module = `kubernetes-models/apiextensions.k8s.io/${version}/${kind}`;
  } else if (definition.startsWith('io.k8s.kube-aggregator.')) {
    module = `kubernetes-models/apiregistration.k8s.io/${version}/${kind}`;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const model = module ? (require(module) as Record<string, { prototype?: { validate?: ModelValidate } }>)[kind] : undefined;
    return model?.prototype?.validate;
  } catch {
    return undefined;
  }
}

interface ModelError { instancePath: string; keyword: string; params: { allowedValues?: unknown[]; type?: string; format?: string } }

/** The errors kubernetes-models reports for an object, by top-level field. */
function modelErrors(validate: ModelValidate, probe: object): Map<string, ModelError[]> {
  const byField = new Map<string, ModelError[]>();
  try {
    validate.call(probe);
  } catch (error) {
    for (const e of (error as { errors?: ModelError[] }).errors ?? []) {
      const field = e.instancePath.split('/')[1];
      if (field === undefined || e.instancePath.split('/').length !== 2) continue;
      byField.set(field, [...(byField.get(field) ?? []), e]);
    }
  }
  return byField;
}

const INT32 = { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };

/**
 * Adds what kubernetes-models v4 knows of a definition's scalar fields: enums of strings, and
 * integer types and int32 ranges of numbers. Found by validating probe values (a string no enum
 * holds, a fraction, a number beyond 32 bits) and reading which rule each field breaks.
 */
function withModelConstraints(schema: Schema, definition: string | undefined): Schema {
  const validate = definition ? modelValidator(definition) : undefined;
  if (!validate || !schema.properties) return schema;
  const fields = Object.entries(schema.properties);
  const strings = fields.filter(([, s]) => s.type === 'string').map(([name]) => name);
  const numbers = fields.filter(([, s]) => s.type === 'number').map(([name]) => name);
  const enums = modelErrors(validate, Object.fromEntries(strings.map((f) => [f, '\u0000'])));
  const fractions = modelErrors(validate, Object.fromEntries(numbers.map((f) => [f, 0.5])));
  const large = modelErrors(validate, Object.fromEntries(numbers.map((f) => [f, 2 ** 40])));
  const properties: Record<string, Schema> = {};
  for (const [name, field] of fields) {
    const allowed = enums.get(name)?.find((e) => e.keyword === 'enum')?.params.allowedValues;
    const integer = fractions.get(name)?.some((e) => e.keyword === 'type' && e.params.type === 'integer');
    const int32 = large.get(name)?.some((e) => e.keyword === 'format' && e.params.format === 'int32');
    properties[name] = {
      ...field,
      ...(allowed && strings.includes(name) ? { enum: allowed } : {}),
      ...(integer ? { type: 'integer' as const } : {}),
      ...(integer && int32 ? INT32 : {}),
    };
  }
  return { ...schema, properties };
}

/**
 * Kubernetes 1.28 as cdk8s-plus-28 imported it (every kind, every field, JSON types and required
 * fields), with the enums and integer formats of kubernetes-models v4 for those fields.
 */
export function kubernetesBundle(): SchemaBundle {
  const assembly = JSON.parse(fs.readFileSync(require.resolve('cdk8s-plus-28/.jsii'), 'utf8')) as { types: Record<string, JsiiInterface> };
  const definitions: Record<string, Schema> = {};
  const define = (fqn: string): string => {
    const name = fqn.slice(PREFIX.length);
    if (definitions[name]) return name;
    definitions[name] = {};
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    let definition: string | undefined;
    const visit = (typeName: string): void => {
      const type = assembly.types[typeName];
      for (const p of type?.properties ?? []) {
        // The JSON name, from the OpenAPI reference cdk8s records (`…ServiceSpec#clusterIP`).
        const [openApi, jsonField] = p.docs?.custom?.schema?.split('#') ?? [];
        definition ??= openApi;
        const jsonName = jsonField ?? p.name;
        properties[jsonName] = schemaOf(p.type);
        if (!p.optional) required.push(jsonName);
      }
      for (const parent of type?.interfaces ?? []) visit(parent);
    };
    visit(fqn);
    definitions[name] = withModelConstraints({ type: 'object', properties, ...(required.length > 0 ? { required: required.sort() } : {}) }, definition);
    return name;
  };
  const schemaOf = (type: JsiiType): Schema => {
    if ('primitive' in type) {
      if (type.primitive === 'string' || type.primitive === 'date') return { type: 'string' };
      if (type.primitive === 'number') return { type: 'number' };
      if (type.primitive === 'boolean') return { type: 'boolean' };
      return {};
    }
    if ('union' in type) return {};
    if ('collection' in type) {
      const element = schemaOf(type.collection.elementtype);
      return type.collection.kind === 'array' ? { type: 'array', items: element } : { type: 'object', additionalProperties: element };
    }
    if (type.fqn === `${PREFIX}Quantity`) return { quantity: true };
    if (type.fqn === `${PREFIX}IntOrString`) return { intOrString: true };
    return { $ref: define(type.fqn) };
  };

  const kinds: Record<string, string> = {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { k8s } = require('cdk8s-plus-28') as { k8s: Record<string, { GVK?: { apiVersion: string; kind: string } }> };
  for (const [className, value] of Object.entries(k8s).sort(([a], [b]) => a.localeCompare(b))) {
    const gvk = value.GVK;
    if (!gvk || !className.startsWith('Kube') || gvk.kind.endsWith('List')) continue;
    const props = define(`${PREFIX}${className}Props`);
    const name = `${gvk.apiVersion}/${gvk.kind}`;
    const base = definitions[props];
    // The props leave out what every object has: apiVersion, kind, and the status the API server writes.
    definitions[name] = {
      ...base,
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, ...base.properties, status: {} },
      required: ['apiVersion', 'kind', ...(base.required ?? [])],
    };
    kinds[name] = name;
  }
  return {
    source: `Kubernetes 1.28 (cdk8s-plus-28 ${packageVersion('cdk8s-plus-28')}, enums and integer formats from kubernetes-models ${packageVersion('kubernetes-models')})`,
    kinds,
    definitions: sortKeys(definitions),
  };
}

function packageVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

interface OpenApiSchema { [key: string]: unknown }

/** Keeps what validation needs from a CRD's openAPIV3Schema (no descriptions, defaults or CEL rules). */
function structural(s: OpenApiSchema): Schema {
  const out: Record<string, unknown> = {};
  for (const key of ['type', 'enum', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'maxProperties', 'required']) {
    if (s[key] !== undefined) out[key] = s[key];
  }
  if (s.properties) {
    out.properties = Object.fromEntries(Object.entries(s.properties as Record<string, OpenApiSchema>).map(([k, v]) => [k, structural(v)]));
  }
  if (s.items) out.items = structural(s.items as OpenApiSchema);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.additionalProperties = structural(s.additionalProperties as OpenApiSchema);
  if (s['x-kubernetes-int-or-string']) out.intOrString = true;
  if (s['x-kubernetes-preserve-unknown-fields']) out.preserveUnknown = true;
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[key])) out[key] = (s[key] as OpenApiSchema[]).map(structural);
  }
  if (s.not) out.not = structural(s.not as OpenApiSchema);
  return out as Schema;
}

interface Crd {
  kind: string;
  spec: { group: string; names: { kind: string }; versions: { name: string; served: boolean; schema?: { openAPIV3Schema: OpenApiSchema } }[] };
  metadata?: { annotations?: Record<string, string> };
}

/** Every served version of every CRD in the directory's YAML files; metadata is validated as ObjectMeta. */
export function crdBundle(dir: string, kubernetes: SchemaBundle): SchemaBundle {
  const definitions: Record<string, Schema> = {};
  const kinds: Record<string, string> = {};
  const bundles = new Set<string>();
  const byContent = new Map<string, string>();
  for (const file of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of loadAll(fs.readFileSync(path.join(dir, file), 'utf8'), undefined, { schema: CORE_SCHEMA }) as Crd[]) {
      if (doc?.kind !== 'CustomResourceDefinition') continue;
      const version = doc.metadata?.annotations?.['gateway.networking.k8s.io/bundle-version'];
      if (version) bundles.add(version);
      for (const v of doc.spec.versions) {
        if (!v.served || !v.schema) continue;
        const schema = structural(v.schema.openAPIV3Schema) as { properties?: Record<string, Schema> };
        const root: Schema = { ...schema, properties: { ...schema.properties, metadata: { $ref: 'ObjectMeta' } } };
        // v1 and v1beta1 of a Gateway API kind usually share one schema: store it once.
        const content = JSON.stringify(root);
        const gvk = `${doc.spec.group}/${v.name}/${doc.spec.names.kind}`;
        const existing = byContent.get(content);
        if (existing) { kinds[gvk] = existing; continue; }
        definitions[gvk] = root;
        byContent.set(content, gvk);
        kinds[gvk] = gvk;
      }
    }
  }
  if (!kubernetes.definitions.ObjectMeta) throw new Error('the Kubernetes bundle has no ObjectMeta');
  return { source: `Gateway API ${[...bundles].join(', ') || '(unknown version)'} standard CRDs`, kinds: sortKeys(kinds), definitions };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The TypeScript module text for a bundle: the data as one JSON string, cheap to parse and to type-check. */
export function bundleModule(constant: string, bundle: SchemaBundle, from: string): string {
  return [
    `// Generated by lib/policy/schema/generate.ts from ${from}. Do not edit; regenerate.`,
    "import { SchemaBundle } from './types';",
    '',
    `/** ${bundle.source}. */`,
    `export const ${constant}: SchemaBundle = JSON.parse(${JSON.stringify(JSON.stringify(bundle))});`,
    '',
  ].join('\n');
}

function main(args: readonly string[]): void {
  const [crdDir] = args;
  if (!crdDir) throw new Error('usage: generate.ts <directory with the Gateway API CRD files>');
  const kubernetes = kubernetesBundle();
  fs.writeFileSync(path.join(__dirname, 'kubernetes-1.28.ts'), bundleModule('KUBERNETES_1_28', kubernetes, 'the jsii assembly of cdk8s-plus-28'));
  const gateway = crdBundle(crdDir, kubernetes);
  fs.writeFileSync(path.join(__dirname, 'gateway-api.ts'), bundleModule('GATEWAY_API', gateway, 'the Gateway API standard CRD files'));
  console.log(`${Object.keys(kubernetes.kinds).length} Kubernetes kinds, ${Object.keys(gateway.kinds).length} Gateway API kinds (${gateway.source})`);
}

if (require.main === module) main(process.argv.slice(2));
