import { Manifest, SourcedManifest } from '../manifests/manifest';
import { allContainers, ContainerRef, podTemplateOf, PodTemplate } from '../manifests/pod-template';
import { obj, str } from '../manifests/json';
import { parsePodSecurityLevel, PSA_LABELS } from '../kube/pod-security';
import { selectorMatches } from '../manifests/selectors';
import { parseSuppressions, Suppressions } from '../kube/suppressions';
import { PodSecurityLevel } from '../kube/pod-security';

/** One object of the checked set, with what rules keep asking about it computed once. */
export interface Entry {
  /** The object and where it came from. */
  readonly source: SourcedManifest;
  /** The object itself. */
  readonly manifest: Manifest;
  /** Its namespace; '' when unset (the namespace `kubectl apply` targets) or cluster-scoped. */
  readonly namespace: string;
  /** Its name; '' when unset. */
  readonly name: string;
  /** Its pod template, for Pods and workloads. */
  readonly pod?: PodTemplate;
  /** Every container of its pod template (regular, init, ephemeral), listed once per check. */
  readonly containers: readonly ContainerRef[];
  /** Labels of its pods (pod template labels), for workloads. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Rules the object suppresses, parsed from its `shipshape.dev/suppress` annotation. */
  readonly suppressions: Suppressions;
  /** Its place in the checked set: reports list findings in input order. */
  readonly position: number;
}

/**
 * The checked set, indexed once by kind and by namespace + kind, so that cross-object rules
 * (Service → pods, PDB → workload, …) are lookups instead of scans over every object.
 */
export class ObjectIndex {
  /** Every object, in input order. */
  public readonly all: readonly Entry[];
  /** Objects that carry a pod template (Pod, Deployment, …, CronJob), in input order. */
  public readonly workloads: readonly Entry[];
  private readonly kinds = new Map<string, Entry[]>();
  /** kind → namespace → objects, and kind → namespace → name → object: nested maps, no composite keys to build. */
  private readonly namespaced = new Map<string, Map<string, Entry[]>>();
  private readonly named = new Map<string, Map<string, Map<string, Entry>>>();

  constructor(sources: readonly SourcedManifest[]) {
    this.all = sources.map((source, position) => toEntry(source, position));
    this.workloads = this.all.filter((e) => e.pod !== undefined);
    for (const entry of this.all) {
      const kind = entry.manifest.kind;
      push(this.kinds, kind, entry);
      push(inner(this.namespaced, kind), entry.namespace, entry);
      inner(inner(this.named, kind), entry.namespace).set(entry.name, entry);
    }
  }

  /** Every object of a kind. */
  public ofKind(kind: string): readonly Entry[] {
    return this.kinds.get(kind) ?? [];
  }

  /** Every object of a kind in one namespace. */
  public inNamespace(namespace: string, kind: string): readonly Entry[] {
    return this.namespaced.get(kind)?.get(namespace) ?? [];
  }

  /** The object of a kind with a namespace and name, if the set contains it. */
  public find(kind: string, namespace: string, name: string): Entry | undefined {
    return this.named.get(kind)?.get(namespace)?.get(name);
  }

  /** Workloads (pod-carrying objects) of one namespace. */
  public workloadsIn(namespace: string): readonly Entry[] {
    let cached = this.workloadsByNamespace;
    if (!cached) {
      cached = new Map();
      for (const w of this.workloads) push(cached, w.namespace, w);
      this.workloadsByNamespace = cached;
    }
    return cached.get(namespace) ?? [];
  }

  /**
   * The Pod Security Standards profile pods of a namespace must pass: the namespace's
   * `pod-security.kubernetes.io/enforce` label, when the set holds the Namespace and it has one.
   */
  public podSecurityLevel(namespace: string): PodSecurityLevel | undefined {
    const ns = this.find('Namespace', '', namespace);
    return parsePodSecurityLevel(ns?.manifest.metadata?.labels?.[PSA_LABELS.enforce]);
  }

  /**
   * Workloads of a namespace whose pod template labels a set-based selector (`matchLabels` +
   * `matchExpressions`) selects. Candidates come from the selector's rarest `key=value` pair in
   * that namespace, so a check of every selector against every workload stays near-linear even
   * when all workloads share labels such as `app.kubernetes.io/component`.
   */
  public workloadsSelectedBy(namespace: string, selector: Readonly<Record<string, unknown>>): readonly Entry[] {
    // Several rules ask about the same selector object (a NetworkPolicy's podSelector, a PDB's selector).
    const memo = this.selected.get(selector);
    const known = memo?.get(namespace);
    if (known) return known;
    const found = this.select(namespace, selector);
    if (memo) memo.set(namespace, found);
    else this.selected.set(selector, new Map([[namespace, found]]));
    return found;
  }

  private select(namespace: string, selector: Readonly<Record<string, unknown>>): Entry[] {
    const pairs = this.podLabelPairs(namespace);
    let candidates: readonly Entry[] | undefined;
    for (const [key, value] of Object.entries(obj(selector.matchLabels))) {
      const bucket = pairs.get(`${key}=${String(value)}`) ?? [];
      if (candidates === undefined || bucket.length < candidates.length) candidates = bucket;
      if (candidates.length === 0) return [];
    }
    return (candidates ?? this.workloadsIn(namespace)).filter((w) => selectorMatches(selector, w.podLabels));
  }

  /** The workloads of a namespace by each `key=value` pair of their pod labels, built once. */
  private podLabelPairs(namespace: string): Map<string, Entry[]> {
    const cached = this.labelPairsByNamespace.get(namespace);
    if (cached) return cached;
    const pairs = new Map<string, Entry[]>();
    for (const w of this.workloadsIn(namespace)) {
      for (const key in w.podLabels) push(pairs, `${key}=${w.podLabels[key]}`, w);
    }
    this.labelPairsByNamespace.set(namespace, pairs);
    return pairs;
  }

  private workloadsByNamespace?: Map<string, Entry[]>;
  private readonly selected = new WeakMap<object, Map<string, Entry[]>>();
  private readonly labelPairsByNamespace = new Map<string, Map<string, Entry[]>>();
}

/** The map under `key`, created when missing. */
function inner<K, L, V>(map: Map<K, Map<L, V>>, key: K): Map<L, V> {
  let found = map.get(key);
  if (!found) {
    found = new Map();
    map.set(key, found);
  }
  return found;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function toEntry(source: SourcedManifest, position: number): Entry {
  const manifest = source.manifest;
  const pod = podTemplateOf(manifest);
  const labels: Record<string, string> = {};
  const podLabels = obj(pod?.metadata.labels);
  for (const key in podLabels) {
    const value = podLabels[key];
    if (typeof value === 'string') labels[key] = value;
  }
  return {
    source,
    manifest,
    namespace: manifest.metadata?.namespace ?? '',
    name: str(manifest.metadata?.name) ?? '',
    pod,
    containers: pod ? allContainers(pod.spec) : [],
    podLabels: labels,
    suppressions: parseSuppressions(manifest.metadata?.annotations),
    position,
  };
}
