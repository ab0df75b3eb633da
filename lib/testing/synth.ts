import { App, Chart, Testing } from 'cdk8s';
import { checkAppOutput } from '../core/construct';
import { appManifests } from '../manifests/from-app';
import { describeManifest, Manifest } from '../manifests/manifest';

/** What the test kit checks and compares: a cdk8s App or Chart, or objects synthesized already. */
export type ManifestSource = App | Chart | readonly Manifest[];

/**
 * Synthesizes a chart, or every chart of an app, to plain objects in memory (nothing is written),
 * in the order `shipshape synth` writes them, after the checks synth runs on the whole app (two
 * objects with one name throw a DuplicateObjectError). Objects given as an array are returned as
 * they are.
 */
export function synthManifests(source: ManifestSource): Manifest[] {
  if (Array.isArray(source)) return [...source] as Manifest[];
  if (source instanceof App) {
    checkAppOutput(source);
    return appManifests(source).map((s) => s.manifest);
  }
  return Testing.synth(source as Chart) as Manifest[];
}

/**
 * The one object of `kind` (and `name`, when given) among `objects`. Throws, listing what is
 * there, when there is none or more than one: a test reads like `findManifest(objects, 'Service', 'api')`.
 */
export function findManifest(objects: readonly Manifest[], kind: string, name?: string): Manifest {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (found.length === 1) return found[0];
  const wanted = `${kind}${name === undefined ? '' : ` ${name}`}`;
  const present = objects.filter((o) => o.kind === kind).map(describeManifest);
  throw new Error(`expected exactly one ${wanted}, found ${found.length}${present.length > 0 ? ` (${kind} objects: ${present.join(', ')})` : ''}`);
}
