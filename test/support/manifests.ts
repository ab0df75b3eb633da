import { App, Chart, Testing } from 'cdk8s';
import { Manifest, apiGroup } from '../../lib/manifests/manifest';
import { ShipshapeError } from '../../lib/core/errors';
import { checkPodSecurity } from '../../lib/policy';
import { findManifest, synthManifests } from 'shipshape/testing';
import { unknownFields } from './strict-fields';

type Validatable = { validate(): void };
type ModelClass = new (data: object) => Validatable;

// kubernetes-models v4 (CommonJS): one module per apiVersion and kind. Gateway API kinds come
// from the same family's gateway-api package.
function modelModule(manifest: Manifest): string {
  const group = apiGroup(manifest.apiVersion);
  const version = manifest.apiVersion.slice(manifest.apiVersion.indexOf('/') + 1);
  if (group === 'gateway.networking.k8s.io') return `@kubernetes-models/gateway-api/${group}/${version}/${manifest.kind}`;
  return `kubernetes-models/${group ? `${group}/` : ''}${version}/${manifest.kind}`;
}

/**
 * Validates one object against its Kubernetes schema (kubernetes-models v4) and rejects fields the
 * schema doesn't define; returns the problems (empty when valid).
 */
export function schemaErrors(manifest: Manifest): string[] {
  const unknown = unknownFields(manifest).map((field) => `${field}: field not in the Kubernetes schema`);
  return [...unknown, ...modelErrors(manifest)];
}

function modelErrors(manifest: Manifest): string[] {
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
