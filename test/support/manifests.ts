import { App, Chart, Testing } from 'cdk8s';
import { Manifest, apiGroup } from '../../lib/manifests/manifest';
import { ShipshapeError } from '../../lib/core/errors';
import { checkPodSecurity } from '../../lib/policy';
import { Environment } from '../../lib';
import { findManifest, synthManifests } from 'shipshape/testing';
import { defaultSchemaValidator } from '../../lib/policy/schema/validate';

type Validatable = { validate(): void };
type ModelClass = new (data: object) => Validatable;

// kubernetes-models v4 (CommonJS): one module per apiVersion and kind of the built-in API.
function modelModule(manifest: Manifest): string {
  const group = apiGroup(manifest.apiVersion);
  const version = manifest.apiVersion.slice(manifest.apiVersion.indexOf('/') + 1);
  return `kubernetes-models/${group ? `${group}/` : ''}${version}/${manifest.kind}`;
}

/** Gateway API kinds are validated against the v1.6.1 CRDs by the policy engine's schemas only. */
const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/**
 * Validates one object against its schema twice: with the policy engine's validator (Kubernetes
 * 1.28 and Gateway API v1.6.1: types, required and unknown fields, enums, patterns), and, for the
 * built-in kinds, with kubernetes-models v4 (formats and enums too); returns the problems (empty
 * when valid). An object of a kind the engine does not know is a problem too.
 */
export function schemaErrors(manifest: Manifest): string[] {
  const own = defaultSchemaValidator().validate(manifest);
  const name = `${manifest.kind} ${manifest.metadata?.name}`;
  const strict = own === undefined ? [`${name}: no schema for ${manifest.apiVersion} ${manifest.kind}`] : own.map((p) => `${name} ${p.field}: ${p.message}`);
  return [...strict, ...modelErrors(manifest)];
}

function modelErrors(manifest: Manifest): string[] {
  if (apiGroup(manifest.apiVersion) === GATEWAY_GROUP) return [];
  const path = modelModule(manifest);
  let Model: ModelClass;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Model = (require(path) as Record<string, ModelClass>)[manifest.kind];
  } catch {
    return [`${manifest.kind} ${manifest.apiVersion}: no schema (${path})`];
  }
  if (!Model) return [`${manifest.kind} ${manifest.apiVersion}: no schema (${path})`];
  try {
    new Model(manifest).validate();
    return [];
  } catch (error) {
    return [`${manifest.kind} ${manifest.metadata?.name}: ${(error as Error).message}`];
  }
}

/** Every object of a chart or app, synthesized in memory (the test kit's synthManifests). */
export function synthObjects(scope: App | Chart): Manifest[] {
  return synthManifests(scope);
}

/** Asserts every object passes schema validation and every pod PSS "restricted" (or the given level). */
export function expectValidOutput(objects: readonly Manifest[], level: 'restricted' | 'baseline' | 'privileged' = 'restricted'): void {
  const problems = objects.flatMap(schemaErrors);
  expect(problems).toEqual([]);
  if (level !== 'privileged') {
    const findings = checkPodSecurity([...objects], level).map((f) => `${f.kind} ${f.name}: ${f.ruleId} ${f.message}`);
    expect(findings).toEqual([]);
  }
}

/** The objects of the given kind. */
export function ofKind(objects: readonly Manifest[], kind: string): Manifest[] {
  return objects.filter((o) => o.kind === kind);
}

/** The only object of the given kind (and name, when given); fails otherwise. */
export function single<T = Record<string, unknown>>(objects: readonly Manifest[], kind: string, name?: string): T & Manifest {
  return findManifest(objects, kind, name) as T & Manifest;
}

/**
 * A fresh Environment (id 'test', so construct paths read like a test chart's) in a fresh app: for
 * workloads whose namespace must be labelled to match them, such as daemons with host access.
 */
export function testEnvironment(namespace: string): Environment {
  return new Environment(Testing.app(), 'test', { name: namespace, environment: 'prod' });
}

/** The objects without those an Environment makes itself (its Namespace and namespace-wide NetworkPolicies). */
export function withoutEnvironmentObjects(objects: readonly Manifest[]): Manifest[] {
  return objects.filter((o) => o.kind !== 'Namespace' && !(o.kind === 'NetworkPolicy' && ['default-deny', 'allow-dns-egress'].includes(o.metadata?.name ?? '')));
}

/** A fresh chart in a fresh app, as tests use it. */
export function testChart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', namespace ? { namespace } : {});
}

/** The ShipshapeError that `build` throws; fails the test when it throws nothing or another error. */
export function shipshapeErrorOf(build: () => unknown): ShipshapeError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(ShipshapeError);
    return error as ShipshapeError;
  }
  throw new Error('expected a ShipshapeError');
}
