import { apiGroup } from '../kube/objects';

export { apiGroup };

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

/** Either a bare manifest or one with its source (file or construct path). */
export type ManifestInput = Manifest | SourcedManifest;

/** Normalizes bare manifests and sourced manifests into sourced manifests. */
export function toSourced(inputs: readonly ManifestInput[]): SourcedManifest[] {
  return inputs.map((input) => (typeof (input as Manifest).apiVersion === 'string'
    ? { manifest: input as Manifest }
    : input as SourcedManifest));
}

/** True when `value` has the shape of a Kubernetes object: a string apiVersion and kind. */
export function isManifest(value: unknown): value is Manifest {
  return typeof value === 'object' && value !== null
    && typeof (value as Manifest).apiVersion === 'string' && typeof (value as Manifest).kind === 'string';
}

