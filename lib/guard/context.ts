import { GUARD_RULES } from './catalog';
import { canonicalText, fieldAt, shortValue } from './diff';
import { podLabels } from '../manifests/pod-template';
import { GuardFinding, GuardObjectRef, GuardRuleId } from './types';
import { apiGroup, Manifest, manifestKey, SourcedManifest } from '../manifests/manifest';

/** The same object (same group, kind, namespace and name) in the baseline and in the new output. */
export interface ObjectPair {
  /** The object as it was. */
  readonly before: SourcedManifest;
  /** The object as it will be applied. */
  readonly after: SourcedManifest;
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
  /** The owner's identity key (see `manifestKey`). */
  readonly key: string;
  /** The labels of the pods it creates. */
  readonly labels: Record<string, string>;
}

const POD_OWNERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);
// Kinds whose disappearance may be a rename: found again under another name by the same selector.
const RENAMEABLE = new Set(['apps/Deployment', 'apps/StatefulSet', '/Service', 'policy/PodDisruptionBudget']);

/** `group/Kind` of a manifest, '' for the core group: `apps/StatefulSet`, `/Service`. */
export function groupKind(manifest: Manifest): string {
  return `${apiGroup(manifest.apiVersion)}/${manifest.kind}`;
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

function renameKey(manifest: Manifest): string | undefined {
  const gk = groupKind(manifest);
  if (!RENAMEABLE.has(gk)) return undefined;
  // Key-order independent: a selector that only changed its key order is the same selector.
  const selector = canonicalText(fieldAt(manifest, 'spec', 'selector'));
  return selector ? `${gk}|${manifest.metadata?.namespace ?? ''}|${selector}` : undefined;
}

function indexByKey(manifests: readonly SourcedManifest[]): Map<string, SourcedManifest> {
  const map = new Map<string, SourcedManifest>();
  // The first occurrence wins, like the first document kubectl applies.
  for (const item of manifests) {
    const key = manifestKey(item.manifest);
    if (!map.has(key)) map.set(key, item);
  }
  return map;
}

function podOwnersByNamespace(index: Map<string, SourcedManifest>): Map<string, PodOwner[]> {
  const result = new Map<string, PodOwner[]>();
  for (const [key, { manifest }] of index) {
    if (!POD_OWNERS.has(manifest.kind)) continue;
    const labels = podLabels(manifest);
    if (!labels) continue;
    const ns = manifest.metadata?.namespace ?? '';
    const list = result.get(ns) ?? [];
    list.push({ key, labels });
    result.set(ns, list);
  }
  return result;
}

function fillRemedy(remedy: string, manifest: Manifest): string {
  const ns = manifest.metadata?.namespace;
  return remedy
    .replace(/ -n <namespace>/g, ns ? ` -n ${ns}` : '')
    .replace(/<kind>/g, manifest.kind.toLowerCase())
    .replace(/<name>/g, manifest.metadata?.name ?? '<name>');
}

/**
 * The state of one comparison: both sides indexed by identity key, lazily built secondary indexes,
 * and the findings collected so far. Every index is a Map, so the whole run stays linear in the
 * number of objects.
 */
export class GuardContext {
  /** Baseline objects by identity key. */
  public readonly baseline: Map<string, SourcedManifest>;
  /** New objects by identity key. */
  public readonly next: Map<string, SourcedManifest>;
  /** Findings so far, in discovery order. */
  public readonly findings: GuardFinding[] = [];
  private renameIndex?: Map<string, SourcedManifest[]>;
  private hpaIndex?: Set<string>;
  private readonly ownerIndexes: { baseline?: Map<string, PodOwner[]>; next?: Map<string, PodOwner[]> } = {};

  constructor(baseline: readonly SourcedManifest[], next: readonly SourcedManifest[]) {
    this.baseline = indexByKey(baseline);
    this.next = indexByKey(next);
  }

  /** Records a finding about an object present on both sides. */
  public reportChange(pair: ObjectPair, input: FindingInput): void {
    this.push(pair.before, input, pair.before.file, pair.after.file);
  }

  /** Records a finding about an object that exists on one side only. */
  public reportObject(object: SourcedManifest, input: FindingInput, side: 'baseline' | 'next'): void {
    this.push(object, input, side === 'baseline' ? object.file : undefined, side === 'next' ? object.file : undefined);
  }

  /**
   * The object in the new output that looks like a renamed copy of a vanished baseline object:
   * same group, kind and namespace, same selector, and absent from the baseline.
   */
  public renamedTo(vanished: Manifest): SourcedManifest | undefined {
    const key = renameKey(vanished);
    if (!key) return undefined;
    if (!this.renameIndex) {
      this.renameIndex = new Map();
      for (const [objectKey, item] of this.next) {
        if (this.baseline.has(objectKey)) continue;
        const rk = renameKey(item.manifest);
        if (!rk) continue;
        const list = this.renameIndex.get(rk) ?? [];
        list.push(item);
        this.renameIndex.set(rk, list);
      }
    }
    return this.renameIndex.get(key)?.[0];
  }

  /** Whether a HorizontalPodAutoscaler in the new output scales this object (so it may omit replicas). */
  public isAutoscaled(target: Manifest): boolean {
    if (!this.hpaIndex) {
      this.hpaIndex = new Set();
      for (const { manifest } of this.next.values()) {
        if (manifest.kind !== 'HorizontalPodAutoscaler') continue;
        const ref = (manifest.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
        if (ref?.kind && ref.name) this.hpaIndex.add(`${manifest.metadata?.namespace ?? ''}/${ref.kind}/${ref.name}`);
      }
    }
    return this.hpaIndex.has(`${target.metadata?.namespace ?? ''}/${target.kind}/${target.metadata?.name ?? ''}`);
  }

  /** The pod-owning objects of one namespace on one side, with their pod labels. */
  public podOwners(side: 'baseline' | 'next', namespace: string): readonly PodOwner[] {
    const index = this.ownerIndexes[side] ??= podOwnersByNamespace(side === 'baseline' ? this.baseline : this.next);
    return index.get(namespace) ?? [];
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
      remedy: fillRemedy(input.remedy ?? info.remedy, object.manifest),
      ...(baselineSource ? { baselineSource } : {}),
      ...(nextSource ? { nextSource } : {}),
    });
  }
}
