import { GUARD_RULES } from './catalog';
import { fieldAt, shortValue } from './diff';
import { ObjectScopes } from './identity';
import { appendTo } from './multimap';
import { RenameFinder, Successor } from './renames';
import { podLabels } from '../manifests/pod-template';
import { GuardFinding, GuardObjectRef, GuardRuleId } from './types';
import { Manifest, SourcedManifest } from '../manifests/manifest';

export { groupKind } from './identity';

/** The same object (same group, kind, namespace and name) in the baseline and in the new output. */
export interface ObjectPair {
  /** The object as it was. */
  readonly before: SourcedManifest;
  /** The object as it will be applied. */
  readonly after: SourcedManifest;
}

/** A field under `spec` of one side of a pair (undefined when missing). */
export function specField(pair: ObjectPair, side: 'before' | 'after', ...keys: (string | number)[]): unknown {
  return fieldAt(pair[side].manifest, 'spec', ...keys);
}

/** What a rule reports; severity and the default remedy come from the rule catalog. */
export interface FindingInput {
  /** The rule that fired. */
  readonly rule: GuardRuleId;
  /** The field path, or '' for a whole object. */
  readonly path: string;
  /** The old value (shortened on output). */
  readonly before?: unknown;
  /** The new value (shortened on output). */
  readonly after?: unknown;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** A remedy more specific than the catalog's. */
  readonly remedy?: string;
}

/** A pod-owning object and the labels its pods carry. */
export interface PodOwner {
  /** The owner's identity key (see `ObjectScopes.keyOf`). */
  readonly key: string;
  /** The labels of the pods it creates. */
  readonly labels: Record<string, string>;
}

/** One side of the comparison: objects by identity key, and the keys that occur more than once. */
interface IndexedSide {
  /** Each object by identity key (which copy represents a duplicate: see {@link GuardContext}). */
  readonly objects: Map<string, SourcedManifest>;
  /** Every copy of each object that occurs more than once, in file order. */
  readonly duplicates: Map<string, SourcedManifest[]>;
}

const POD_OWNERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

function indexSide(manifests: readonly SourcedManifest[], scopes: ObjectScopes, keep: 'first' | 'last'): IndexedSide {
  const objects = new Map<string, SourcedManifest>();
  const duplicates = new Map<string, SourcedManifest[]>();
  for (const item of manifests) {
    const key = scopes.keyOf(item.manifest);
    const earlier = objects.get(key);
    if (earlier === undefined) {
      objects.set(key, item);
      continue;
    }
    const copies = duplicates.get(key);
    if (copies) copies.push(item);
    else duplicates.set(key, [earlier, item]);
    if (keep === 'last') objects.set(key, item);
  }
  return { objects, duplicates };
}

function fillRemedy(remedy: string, manifest: Manifest, namespace: string): string {
  return remedy
    .replace(/ -n <namespace>/g, namespace ? ` -n ${namespace}` : '')
    .replace(/<kind>/g, manifest.kind.toLowerCase())
    .replace(/<name>/g, manifest.metadata?.name ?? '<name>');
}

/**
 * The state of one comparison: both sides indexed by identity key, lazily built secondary indexes,
 * and the findings collected so far. Every index is a Map, so the whole run stays linear in the
 * number of objects.
 *
 * When an object occurs more than once on a side, the new output is represented by its first
 * copy (the one `kubectl apply` sends first, against the running object) and the baseline by its
 * last (the state a successful apply of the baseline left behind); both are reported.
 */
export class GuardContext {
  /** Where objects live: scopes and the default namespace. */
  public readonly scopes: ObjectScopes;
  /** Baseline objects by identity key. */
  public readonly baseline: Map<string, SourcedManifest>;
  /** New objects by identity key. */
  public readonly next: Map<string, SourcedManifest>;
  /** Objects that occur more than once, per side. */
  public readonly duplicates: { readonly baseline: Map<string, SourcedManifest[]>; readonly next: Map<string, SourcedManifest[]> };
  /** Findings so far, in discovery order. */
  public readonly findings: GuardFinding[] = [];
  private readonly renames: RenameFinder;
  private hpaIndex?: Set<string>;
  private readonly ownerIndexes: { baseline?: Map<string, PodOwner[]>; next?: Map<string, PodOwner[]> } = {};
  private readonly namespaceIndexes: { baseline?: Map<string, SourcedManifest[]>; next?: Map<string, SourcedManifest[]> } = {};

  constructor(baseline: readonly SourcedManifest[], next: readonly SourcedManifest[], defaultNamespace: string) {
    this.scopes = new ObjectScopes([baseline, next], defaultNamespace);
    const before = indexSide(baseline, this.scopes, 'last');
    const after = indexSide(next, this.scopes, 'first');
    this.baseline = before.objects;
    this.next = after.objects;
    this.duplicates = { baseline: before.duplicates, next: after.duplicates };
    this.renames = new RenameFinder(this.baseline, this.next, this.scopes);
  }

  /** The namespace an object lives in once applied ('' for cluster-scoped objects). */
  public namespaceOf(manifest: Manifest): string {
    return this.scopes.namespaceOf(manifest);
  }

  /** Records a finding about an object present on both sides. */
  public reportChange(pair: ObjectPair, input: FindingInput): void {
    this.push(pair.before, input, pair.before.file, pair.after.file);
  }

  /** Records a finding about an object that exists on one side only. */
  public reportObject(object: SourcedManifest, input: FindingInput, side: 'baseline' | 'next'): void {
    this.push(object, input, side === 'baseline' ? object.file : undefined, side === 'next' ? object.file : undefined);
  }

  /** The object of the new output that a vanished baseline object was renamed or moved to, if any (see `RenameFinder`). */
  public successorOf(vanished: Manifest): Successor | undefined {
    return this.renames.successorOf(vanished);
  }

  /** Whether a HorizontalPodAutoscaler in the new output scales this object (so it may omit replicas). */
  public isAutoscaled(target: Manifest): boolean {
    if (!this.hpaIndex) {
      this.hpaIndex = new Set();
      for (const { manifest } of this.next.values()) {
        if (manifest.kind !== 'HorizontalPodAutoscaler') continue;
        const ref = (manifest.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
        if (ref?.kind && ref.name) this.hpaIndex.add(`${this.namespaceOf(manifest)}/${ref.kind}/${ref.name}`);
      }
    }
    return this.hpaIndex.has(`${this.namespaceOf(target)}/${target.kind}/${target.metadata?.name ?? ''}`);
  }

  /** The pod-owning objects of one namespace on one side, with their pod labels. */
  public podOwners(side: 'baseline' | 'next', namespace: string): readonly PodOwner[] {
    if (!this.ownerIndexes[side]) {
      const index = new Map<string, PodOwner[]>();
      for (const [key, { manifest }] of side === 'baseline' ? this.baseline : this.next) {
        if (!POD_OWNERS.has(manifest.kind)) continue;
        const labels = podLabels(manifest);
        if (labels) appendTo(index, this.namespaceOf(manifest), { key, labels });
      }
      this.ownerIndexes[side] = index;
    }
    return this.ownerIndexes[side]!.get(namespace) ?? [];
  }

  /** Every object of one side that lives in a namespace, in file order. */
  public objectsIn(side: 'baseline' | 'next', namespace: string): readonly SourcedManifest[] {
    if (!this.namespaceIndexes[side]) {
      const index = new Map<string, SourcedManifest[]>();
      for (const item of (side === 'baseline' ? this.baseline : this.next).values()) {
        const ns = this.namespaceOf(item.manifest);
        if (ns) appendTo(index, ns, item);
      }
      this.namespaceIndexes[side] = index;
    }
    return this.namespaceIndexes[side]!.get(namespace) ?? [];
  }

  private push(object: SourcedManifest, input: FindingInput, baselineSource?: string, nextSource?: string): void {
    const info = GUARD_RULES[input.rule];
    const before = shortValue(input.before);
    const after = shortValue(input.after);
    this.findings.push({
      severity: info.severity,
      rule: input.rule,
      object: objectRef(object.manifest),
      path: input.path,
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
      message: input.message,
      remedy: fillRemedy(input.remedy ?? info.remedy, object.manifest, this.namespaceOf(object.manifest)),
      ...(baselineSource ? { baselineSource } : {}),
      ...(nextSource ? { nextSource } : {}),
    });
  }
}

function objectRef(manifest: Manifest): GuardObjectRef {
  const namespace = manifest.metadata?.namespace;
  return {
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
    ...(namespace ? { namespace } : {}),
    name: manifest.metadata?.name ?? '',
  };
}
