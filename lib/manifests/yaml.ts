import * as fs from 'fs';
import * as path from 'path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { isManifest, SourcedManifest } from './manifest';

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
