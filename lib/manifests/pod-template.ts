import { arr, Json, obj, str } from './json';
import { Manifest } from './manifest';

/** A container of a pod spec together with where it sits, for messages and field paths. */
export interface ContainerRef {
  /** The container object. */
  readonly container: Json;
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  readonly list: 'containers' | 'initContainers' | 'ephemeralContainers';
  /** Field path of the container relative to the pod spec, e.g. `containers[0]`. */
  readonly path: string;
  /** The container's name (or its index when unnamed). */
  readonly name: string;
}

/** A pod template found inside a manifest. */
export interface PodTemplate {
  /** The pod spec. */
  readonly spec: Json;
  /** The pod template's metadata (labels and annotations of the pods). */
  readonly metadata: Json;
  /** Field path of the pod spec inside the manifest, e.g. `spec.template.spec`. */
  readonly specPath: string;
  /** Field path of the pod metadata inside the manifest. */
  readonly metadataPath: string;
}

/** Kinds whose `spec.template` is a pod template. */
const TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']);

/** The kinds that carry a pod spec and are checked as workloads. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([...TEMPLATE_KINDS, 'Pod', 'CronJob']);

/** The pod template of a workload (Pod, Deployment, …, CronJob's jobTemplate), or undefined for other kinds. */
export function podTemplateOf(manifest: Manifest): PodTemplate | undefined {
  const spec = obj(manifest.spec);
  if (manifest.kind === 'Pod') {
    return { spec, metadata: obj(manifest.metadata), specPath: 'spec', metadataPath: 'metadata' };
  }
  if (TEMPLATE_KINDS.has(manifest.kind)) {
    const template = obj(spec.template);
    return { spec: obj(template.spec), metadata: obj(template.metadata), specPath: 'spec.template.spec', metadataPath: 'spec.template.metadata' };
  }
  if (manifest.kind === 'CronJob') {
    const template = obj(obj(obj(spec.jobTemplate).spec).template);
    return {
      spec: obj(template.spec),
      metadata: obj(template.metadata),
      specPath: 'spec.jobTemplate.spec.template.spec',
      metadataPath: 'spec.jobTemplate.spec.template.metadata',
    };
  }
  return undefined;
}

/** Every container of a pod spec: regular, init and ephemeral, in that order. */
export function allContainers(podSpec: Json): ContainerRef[] {
  const result: ContainerRef[] = [];
  for (const list of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    arr(podSpec[list]).forEach((value, index) => {
      const container = obj(value);
      result.push({ container, list, path: `${list}[${index}]`, name: str(container.name) ?? `#${index}` });
    });
  }
  return result;
}

/** The regular containers only (init and ephemeral containers excluded). */
export function mainContainers(podSpec: Json): ContainerRef[] {
  return allContainers(podSpec).filter((c) => c.list === 'containers');
}

/**
 * True for a container that runs while the pod serves: a regular container, or a native sidecar
 * (an init container with `restartPolicy: Always`, Kubernetes 1.29+). Plain init containers have
 * finished by then, and ephemeral containers are debugging sessions.
 */
export function isLongRunning(ref: ContainerRef): boolean {
  return ref.list === 'containers' || (ref.list === 'initContainers' && ref.container.restartPolicy === 'Always');
}

/** The labels of a workload's pods (its pod template's, or a Pod's own), or undefined when it has none. */
export function podLabels(manifest: Manifest): Record<string, string> | undefined {
  const labels = podTemplateOf(manifest)?.metadata.labels;
  return labels && typeof labels === 'object' ? labels as Record<string, string> : undefined;
}
