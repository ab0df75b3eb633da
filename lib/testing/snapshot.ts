import { dump } from 'js-yaml';
import { describeManifest, isManifest, Manifest } from '../manifests/manifest';

/**
 * Renders objects as YAML documents, as `kubectl apply` reads them: `---` between documents, keys
 * in the order synth writes them, no line folding and no anchors.
 */
export function toYamlDocuments(objects: readonly Manifest[]): string {
  return objects.map((o) => dump(o, { noRefs: true, lineWidth: -1, quotingType: '"' }).trimEnd()).join('\n---\n');
}

/** The shape jest's `expect.addSnapshotSerializer` and `snapshotSerializers` take. */
export interface SnapshotSerializer {
  /** Whether this serializer renders the value. */
  test(value: unknown): boolean;
  /** The value as snapshot text. */
  serialize(value: unknown): string;
}

function isManifestList(value: unknown): value is readonly Manifest[] {
  return Array.isArray(value) && value.length > 0 && value.every(isManifest);
}

/**
 * A jest snapshot serializer that writes Kubernetes objects (one object, or an array of them) as
 * YAML documents instead of JSON-like object dumps: a changed default shows as a small diff in the
 * same form as the committed output. Add it with `expect.addSnapshotSerializer(manifestSnapshotSerializer)`
 * or `snapshotSerializers: ['shipshape/testing/snapshot-serializer']` in the jest config.
 */
export const manifestSnapshotSerializer: SnapshotSerializer = {
  test: (value) => isManifest(value) || isManifestList(value),
  serialize: (value) => toYamlDocuments(isManifest(value) ? [value] : value as Manifest[]),
};

/**
 * The objects keyed by a readable name (`Deployment shop/api`), for one snapshot per object:
 * `for (const [name, object] of Object.entries(manifestsByName(objects))) expect(object).toMatchSnapshot(name)`.
 * Two objects of the same kind, namespace and name are numbered rather than merged.
 */
export function manifestsByName(objects: readonly Manifest[]): Record<string, Manifest> {
  const result: Record<string, Manifest> = {};
  for (const object of objects) {
    const base = describeManifest(object);
    let key = base;
    for (let n = 2; key in result; n++) key = `${base} (${n})`;
    result[key] = object;
  }
  return result;
}
