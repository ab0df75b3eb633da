import { canonicalText, fieldAt } from './diff';
import { groupKind, ObjectScopes } from './identity';
import { appendTo } from './multimap';
import { podTemplateOf } from '../manifests/pod-template';
import { Manifest, SourcedManifest } from '../manifests/manifest';

/** How a vanished object reappears in the new output. */
export interface Successor {
  /** The object in the new output. */
  readonly object: SourcedManifest;
  /** `renamed` (same namespace), `moved` (same name, other namespace) or both. */
  readonly change: 'renamed' | 'moved' | 'renamed and moved';
  /** How it was recognised: the very same selector, or the fingerprint with the name set aside. */
  readonly by: 'selector' | 'fingerprint';
}

// Kinds whose disappearance may be a rename or a move.
const RENAMEABLE = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', '/Service', 'policy/PodDisruptionBudget']);
const POD_OWNERS = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet']);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces the object's own name wherever it stands as a whole word in a string (`api`,
 * `api-config`, `shop-api`), so values derived from the name compare equal across a rename.
 */
function maskName(value: unknown, pattern: RegExp): unknown {
  if (typeof value === 'string') return value.replace(pattern, '$1\u0000');
  if (Array.isArray(value)) return value.map((item) => maskName(item, pattern));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskName(item, pattern)]));
  }
  return value;
}

interface ContainerLike { name?: unknown; image?: unknown }

/**
 * What stays the same when an app is renamed or moved, its name masked: the selector, and for
 * workloads the name and image of every container (images are compared as written: an image
 * is the app's software, not its name); for Services also the type and ports; for budgets the
 * disruption limits. Empty when the object has no selector (nothing ties it to pods).
 */
function fingerprint(manifest: Manifest): string {
  const selector = fieldAt(manifest, 'spec', 'selector');
  if (canonicalText(selector) === '') return '';
  const name = manifest.metadata?.name ?? '';
  const pattern = new RegExp(`(^|[^a-z0-9])${escapeRegExp(name)}(?![a-z0-9])`, 'g');
  const gk = groupKind(manifest);
  const shape: Record<string, unknown> = { kind: gk, selector: maskName(selector, pattern) };
  if (POD_OWNERS.has(gk)) {
    const spec = podTemplateOf(manifest)?.spec ?? {};
    const containers = [...(spec.initContainers as ContainerLike[] ?? []), ...(spec.containers as ContainerLike[] ?? [])];
    shape.containers = containers.map((c) => ({ name: maskName(c?.name, pattern), image: c?.image }));
  } else if (gk === '/Service') {
    shape.type = fieldAt(manifest, 'spec', 'type') ?? 'ClusterIP';
    shape.ports = maskName(fieldAt(manifest, 'spec', 'ports'), pattern);
  } else {
    shape.limits = [fieldAt(manifest, 'spec', 'minAvailable'), fieldAt(manifest, 'spec', 'maxUnavailable')];
  }
  return canonicalText(shape);
}

function only<T>(items: readonly T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

/**
 * Finds the object a vanished one became. Two ways, in order: the same kind in the same namespace
 * with the very same selector (raw manifests often select `app: web` whatever the object's name);
 * or the same fingerprint (see above) once each object's own name is masked, which recognises a
 * Shipshape app renamed (its selector holds the name) or moved to another namespace. A match must
 * be unambiguous: several candidates and the guard names none.
 */
export class RenameFinder {
  private bySelector?: Map<string, SourcedManifest[]>;
  private byFingerprint?: Map<string, SourcedManifest[]>;

  constructor(
    private readonly baseline: ReadonlyMap<string, SourcedManifest>,
    private readonly next: ReadonlyMap<string, SourcedManifest>,
    private readonly scopes: ObjectScopes,
  ) {}

  /** The object in the new output that a vanished baseline object became, if one clearly did. */
  public successorOf(vanished: Manifest): Successor | undefined {
    const gk = groupKind(vanished);
    if (!RENAMEABLE.has(gk)) return undefined;
    this.build();
    const namespace = this.scopes.namespaceOf(vanished);
    const selector = canonicalText(fieldAt(vanished, 'spec', 'selector'));
    const sameSelector = selector ? only(this.bySelector!.get(`${gk}|${namespace}|${selector}`) ?? []) : undefined;
    if (sameSelector) return { object: sameSelector, change: 'renamed', by: 'selector' };
    const print = fingerprint(vanished);
    if (!print) return undefined;
    const candidates = this.byFingerprint!.get(print) ?? [];
    const name = vanished.metadata?.name;
    const renamed = only(candidates.filter((c) => this.scopes.namespaceOf(c.manifest) === namespace));
    if (renamed) return { object: renamed, change: 'renamed', by: 'fingerprint' };
    const moved = only(candidates.filter((c) => c.manifest.metadata?.name === name));
    if (moved) return { object: moved, change: 'moved', by: 'fingerprint' };
    const both = only(candidates);
    return both ? { object: both, change: 'renamed and moved', by: 'fingerprint' } : undefined;
  }

  // Indexes only the objects that are new in the output, so an unchanged release costs nothing.
  private build(): void {
    if (this.bySelector && this.byFingerprint) return;
    this.bySelector = new Map();
    this.byFingerprint = new Map();
    for (const [key, item] of this.next) {
      if (this.baseline.has(key)) continue;
      const gk = groupKind(item.manifest);
      if (!RENAMEABLE.has(gk)) continue;
      const selector = canonicalText(fieldAt(item.manifest, 'spec', 'selector'));
      if (!selector) continue;
      appendTo(this.bySelector, `${gk}|${this.scopes.namespaceOf(item.manifest)}|${selector}`, item);
      appendTo(this.byFingerprint, fingerprint(item.manifest), item);
    }
  }
}
