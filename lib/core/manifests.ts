import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CORE_SCHEMA, loadAll } from 'js-yaml';

/** A Kubernetes object as plain JSON: what synth writes and what `kubectl apply` reads. */
export interface Manifest {
  /** The API group and version, e.g. 'apps/v1' ('v1' for the core group). */
  readonly apiVersion: string;
  /** The kind, e.g. 'Deployment'. */
  readonly kind: string;
  /** Name, namespace, labels, annotations and the rest of the object's metadata. */
  readonly metadata?: {
    /** metadata.name */
    readonly name?: string;
    /** metadata.namespace; absent for cluster-scoped objects and for the current namespace */
    readonly namespace?: string;
    /** metadata.labels */
    readonly labels?: Record<string, string>;
    /** metadata.annotations */
    readonly annotations?: Record<string, string>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** A manifest together with where it came from: a file, or a construct path when read from an App. */
export interface SourcedManifest {
  /** The object itself. */
  readonly manifest: Manifest;
  /** The file (and document index) the manifest was read from, when read from YAML. */
  readonly file?: string;
  /** The cdk8s construct path, when the manifest was synthesized from an App in this process. */
  readonly constructPath?: string;
}

/** The API group of an apiVersion: '' for the core group ('v1'), 'apps' for 'apps/v1'. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Identity of an object across versions of the output: API group, kind, namespace and name. */
export function manifestKey(manifest: Manifest): string {
  const group = apiGroup(manifest.apiVersion);
  return `${group ? `${group}/` : ''}${manifest.kind}/${manifest.metadata?.namespace ?? ''}/${manifest.metadata?.name ?? ''}`;
}

/** A short human reference such as `Deployment prod/api`. */
export function describeManifest(manifest: Manifest): string {
  const ns = manifest.metadata?.namespace;
  return `${manifest.kind} ${ns ? `${ns}/` : ''}${manifest.metadata?.name ?? '<unnamed>'}`;
}

function isManifest(value: unknown): value is Manifest {
  return typeof value === 'object' && value !== null
    && typeof (value as Manifest).apiVersion === 'string' && typeof (value as Manifest).kind === 'string';
}

/**
 * Parses a multi-document YAML (or JSON) text into manifests. `List` kinds are flattened; empty
 * documents are skipped. Throws with the source name when the text is not valid YAML.
 *
 * YAML 1.2 core schema (as cdk8s writes it): `25%`, `2024-01-01` and `0755` stay strings.
 * js-yaml parses large outputs several times faster than the `yaml` package.
 */
export function parseManifests(text: string, source = '<input>'): SourcedManifest[] {
  let documents: unknown[];
  try {
    documents = loadAll(text, undefined, { schema: CORE_SCHEMA, filename: source });
  } catch (error) {
    throw new Error(`${source}: invalid YAML: ${(error as Error).message}`);
  }
  const result: SourcedManifest[] = [];
  documents.forEach((value, index) => {
    if (value === null || value === undefined) return;
    if (!isManifest(value)) {
      throw new Error(`${source}: document ${index + 1} is not a Kubernetes object (no apiVersion/kind)`);
    }
    const items = value.kind.endsWith('List') && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      if (isManifest(item)) result.push({ manifest: item, file: `${source}#${index + 1}` });
    }
  });
  return result;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
/** Written next to the manifests by `cdk8s synth` when validation plugins run; not a Kubernetes object. */
const CDK8S_METADATA_FILE = 'construct-metadata.json';

/** Reads every .yaml/.yml/.json file under the given files or directories, in a stable order. */
export function loadManifests(paths: readonly string[]): SourcedManifest[] {
  const files: string[] = [];
  const visit = (p: string): void => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) visit(path.join(p, entry));
    } else if (MANIFEST_FILE.test(p) && path.basename(p) !== CDK8S_METADATA_FILE) {
      files.push(p);
    }
  };
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new Error(`${p}: no such file or directory`);
    visit(p);
  }
  return files.flatMap((file) => parseManifests(fs.readFileSync(file, 'utf8'), file));
}

/**
 * Synthesizes every chart of an App in memory (nothing is written) and returns its objects with
 * their construct paths, in the order `npm run synth` writes them.
 */
export function appManifests(app: App): SourcedManifest[] {
  return app.charts.flatMap((chart) => chartManifests(chart));
}

/** The objects of one chart with their construct paths, in construct-tree order. */
export function chartManifests(chart: Chart): SourcedManifest[] {
  return chart.node.findAll()
    .filter((c: IConstruct): c is ApiObject => ApiObject.isApiObject(c))
    .map((obj) => ({ manifest: obj.toJson() as Manifest, constructPath: obj.node.path }));
}
