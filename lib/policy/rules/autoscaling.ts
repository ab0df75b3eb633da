import { Entry, ObjectIndex } from '../context';
import { obj, str } from '../../manifests/json';
import { Rule } from '../rule';

const scalersByIndex = new WeakMap<ObjectIndex, Map<string, Entry>>();

function targetKey(namespace: string, kind: unknown, name: unknown): string {
  return `${namespace}\u0000${String(kind)}\u0000${String(name)}`;
}

/** The HorizontalPodAutoscaler that scales a workload, if the set has one (indexed once per check). */
export function scalerOf(index: ObjectIndex, workload: Entry): Entry | undefined {
  let scalers = scalersByIndex.get(index);
  if (!scalers) {
    scalers = new Map();
    for (const hpa of index.ofKind('HorizontalPodAutoscaler')) {
      const target = obj(obj(hpa.manifest.spec).scaleTargetRef);
      scalers.set(targetKey(hpa.namespace, target.kind, target.name), hpa);
    }
    scalersByIndex.set(index, scalers);
  }
  return scalers.get(targetKey(workload.namespace, workload.manifest.kind, workload.name));
}

/** An HPA's minReplicas; Kubernetes defaults it to 1. */
export function minReplicasOf(hpa: Entry): number {
  const min = obj(hpa.manifest.spec).minReplicas;
  return typeof min === 'number' ? min : 1;
}

const hpaReplicas: Rule = {
  id: 'hpa-replicas', severity: 'error', sources: ['Polaris', 'kube-linter'],
  title: 'HorizontalPodAutoscaler: minReplicas >= 2 and maxReplicas > minReplicas',
  rationale: 'An HPA that may scale down to one replica loses availability; one whose max equals min cannot scale.',
  fix: 'Set minReplicas to at least 2 and maxReplicas above it.',
  check: (index, emit) => {
    for (const hpa of index.ofKind('HorizontalPodAutoscaler')) {
      const spec = obj(hpa.manifest.spec);
      const min = minReplicasOf(hpa);
      const max = typeof spec.maxReplicas === 'number' ? spec.maxReplicas : 0;
      const problems: [string, string][] = [];
      if (min < 2) problems.push(['spec.minReplicas', `minReplicas ${min} < 2`]);
      if (max <= min) problems.push(['spec.maxReplicas', `maxReplicas ${max} <= minReplicas ${min}`]);
      if (problems.length > 0) emit(hpa, problems.map(([, t]) => t).join('; '), problems.map(([f]) => f));
    }
  },
};

/** Kinds an HPA can scale whose objects the set may hold. Other targets (custom resources) are not checked. */
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

const hpaTargetExists: Rule = {
  id: 'hpa-target-exists', severity: 'error', sources: ['kube-score', 'kube-linter'],
  title: 'A HorizontalPodAutoscaler\'s scaleTargetRef is a workload in the set',
  rationale: 'An autoscaler whose target does not exist scales nothing, usually because of a typo or a rename.',
  fix: 'Point spec.scaleTargetRef (kind and name) at the Deployment or StatefulSet to scale, in the HPA\'s namespace.',
  check: (index, emit) => {
    for (const hpa of index.ofKind('HorizontalPodAutoscaler')) {
      const target = obj(obj(hpa.manifest.spec).scaleTargetRef);
      const kind = str(target.kind) ?? '';
      if (!SCALABLE.has(kind)) continue;
      if (!index.find(kind, hpa.namespace, str(target.name) ?? '')) {
        emit(hpa, `scaleTargetRef ${kind} ${String(target.name)} is not in the set`, ['spec.scaleTargetRef']);
      }
    }
  },
};

const hpaTargetReplicas: Rule = {
  id: 'hpa-target-replicas', severity: 'error', sources: ['kube-score'],
  title: 'A workload scaled by a HorizontalPodAutoscaler does not set replicas',
  rationale: 'Every apply resets replicas to the manifest\'s value, undoing the autoscaler until it scales again.',
  fix: 'Remove spec.replicas from the workload; the HPA\'s minReplicas sets the floor.',
  check: (index, emit) => {
    for (const w of index.workloads) {
      if (!SCALABLE.has(w.manifest.kind) || obj(w.manifest.spec).replicas === undefined) continue;
      const hpa = scalerOf(index, w);
      if (hpa) emit(w, `sets replicas although HorizontalPodAutoscaler ${hpa.name} scales it`, ['spec.replicas']);
    }
  },
};

/** Rules on HorizontalPodAutoscalers and the workloads they scale. */
export const AUTOSCALING_RULES: readonly Rule[] = [hpaReplicas, hpaTargetExists, hpaTargetReplicas];
