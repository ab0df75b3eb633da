import { fieldAt } from './diff';
import { apiGroup, Manifest } from '../manifests/manifest';
import { isDnsLabel } from '../kube/names';
import { isBuiltInGroup, isKnownClusterScopedKind } from '../kube/cluster-scoped';

/** The namespace `kubectl apply` uses for objects without one when neither `-n` nor the kubeconfig context names another. */
export const DEFAULT_NAMESPACE = 'default';

/** `group/Kind` of a manifest, '' for the core group: `apps/StatefulSet`, `/Service`. */
export function groupKind(manifest: Manifest): string {
  return `${apiGroup(manifest.apiVersion)}/${manifest.kind}`;
}

/** The default namespace option, checked: a DNS label, `default` when not given. */
export function resolveDefaultNamespace(value: string | undefined): string {
  if (value === undefined) return DEFAULT_NAMESPACE;
  if (typeof value !== 'string' || !isDnsLabel(value)) {
    throw new Error(`defaultNamespace must be a namespace name (a DNS-1123 label such as 'shop'), got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Where objects live, for both sides of a comparison: which kinds are cluster-scoped (the built-in
 * ones; of custom API groups, those a CustomResourceDefinition on either side declares
 * `scope: Cluster`, and by the API convention any other kind named `Cluster…`), and which namespace
 * a namespace-less object lands in.
 */
export class ObjectScopes {
  private declared?: Map<string, Map<string, boolean>>;

  constructor(
    private readonly sides: readonly (readonly { readonly manifest: Manifest }[])[],
    public readonly defaultNamespace: string,
  ) {}

  /** Whether objects of this manifest's kind have no namespace. */
  public isClusterScoped(manifest: Manifest): boolean {
    return this.isClusterScopedKind(apiGroup(manifest.apiVersion), manifest.kind);
  }

  /** The namespace the object lives in once applied: '' for cluster-scoped objects. */
  public namespaceOf(manifest: Manifest): string {
    return this.namespaceIn(apiGroup(manifest.apiVersion), manifest);
  }

  /** Identity across versions of the output: API group, kind, namespace (as applied) and name. */
  public keyOf(manifest: Manifest): string {
    const group = apiGroup(manifest.apiVersion);
    return `${group}/${manifest.kind}/${this.namespaceIn(group, manifest)}/${manifest.metadata?.name ?? ''}`;
  }

  private namespaceIn(group: string, manifest: Manifest): string {
    if (this.isClusterScopedKind(group, manifest.kind)) return '';
    return manifest.metadata?.namespace || this.defaultNamespace;
  }

  // Looked up by kind first, so that no string is built per object; the output's own
  // CustomResourceDefinitions are read only once a kind of a custom API group turns up.
  private isClusterScopedKind(group: string, kind: string): boolean {
    if (isKnownClusterScopedKind(group, kind)) return true;
    if (isBuiltInGroup(group)) return false;
    return this.declaredScopes().get(kind)?.get(group) ?? kind.startsWith('Cluster');
  }

  /** The scope each CustomResourceDefinition on either side declares, by kind and group (read once). */
  private declaredScopes(): Map<string, Map<string, boolean>> {
    if (this.declared) return this.declared;
    this.declared = new Map();
    for (const side of this.sides) {
      for (const { manifest } of side) {
        if (manifest.kind !== 'CustomResourceDefinition') continue;
        const group = fieldAt(manifest, 'spec', 'group');
        const kind = fieldAt(manifest, 'spec', 'names', 'kind');
        if (typeof group !== 'string' || typeof kind !== 'string') continue;
        const groups = this.declared.get(kind) ?? new Map<string, boolean>();
        this.declared.set(kind, groups.set(group, fieldAt(manifest, 'spec', 'scope') === 'Cluster'));
      }
    }
    return this.declared;
  }
}
