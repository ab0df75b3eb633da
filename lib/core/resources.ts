import { IConstruct } from 'constructs';
import { fail } from './errors';
import { requireQuantity } from './quantity';
import { defineProps, flag, optional, shape, text } from './props';
import { requireOneOf } from './validate';

/**
 * Named sizes. Memory request equals memory limit (no overcommit, no surprise OOM kills when a
 * node fills up); cpu may burst to its limit.
 *
 * | preset | cpu request / limit | memory | ephemeral-storage request / limit |
 * | --- | --- | --- | --- |
 * | micro | 50m / 200m | 64Mi | 64Mi / 256Mi |
 * | small | 100m / 500m | 256Mi | 128Mi / 512Mi |
 * | medium | 250m / 1 | 512Mi | 256Mi / 1Gi |
 * | large | 1 / 2 | 2Gi | 512Mi / 2Gi |
 */
export type ResourcePreset = 'micro' | 'small' | 'medium' | 'large';

/** A request and a limit for one resource. Either may be left out to keep the preset's value. */
export interface ResourceQuantities {
  /**
   * What the scheduler reserves on a node.
   * @default - the preset's request
   */
  readonly request?: string;
  /**
   * The most the container may use.
   * @default - the preset's limit
   */
  readonly limit?: string;
}

/**
 * Compute resources of a container. Every field merges with the preset on its own: setting only
 * `cpu.limit` keeps the preset's cpu request, memory and ephemeral storage.
 *
 * Kubernetes allows changing resources at any time; the change rolls the pods.
 */
export interface ResourcesProps {
  /**
   * The starting point.
   * @default - the construct's own default, 'small' for most
   */
  readonly preset?: ResourcePreset;
  /**
   * CPU in cores ('0.5', '250m').
   * @default - the preset's cpu request and limit
   */
  readonly cpu?: ResourceQuantities;
  /**
   * Memory ('512Mi'). When only one of request and limit is given, the other follows it, so that
   * request equals limit.
   * @default - the preset's memory
   */
  readonly memory?: ResourceQuantities;
  /**
   * Node-local scratch space ('1Gi').
   * @default - the preset's ephemeral-storage request and limit
   */
  readonly ephemeralStorage?: ResourceQuantities;
  /**
   * Guaranteed QoS: cpu request equals cpu limit as well, so the pods are the last to be evicted.
   * @default false
   */
  readonly guaranteed?: boolean;
}

/** The table of {@link ResourceQuantities}. */
export const RESOURCE_QUANTITIES_PROPS = defineProps<ResourceQuantities>('ResourceQuantities', {
  request: optional(text()),
  limit: optional(text()),
});

/** The table of {@link ResourcesProps}. */
export const RESOURCES_PROPS = defineProps<ResourcesProps>('ResourcesProps', {
  preset: optional(text()),
  cpu: optional(shape(RESOURCE_QUANTITIES_PROPS)),
  memory: optional(shape(RESOURCE_QUANTITIES_PROPS)),
  ephemeralStorage: optional(shape(RESOURCE_QUANTITIES_PROPS)),
  guaranteed: optional(flag()),
});

/** Requests and limits as they appear in a container spec. */
export interface ResourceRequirements {
  /** What the scheduler reserves, per resource. */
  readonly requests: Record<'cpu' | 'memory' | 'ephemeral-storage', string>;
  /** The most the container may use, per resource. */
  readonly limits: Record<'cpu' | 'memory' | 'ephemeral-storage', string>;
}

interface Preset { cpu: [string, string]; memory: string; storage: [string, string] }

const PRESETS: Record<ResourcePreset, Preset> = {
  micro: { cpu: ['50m', '200m'], memory: '64Mi', storage: ['64Mi', '256Mi'] },
  small: { cpu: ['100m', '500m'], memory: '256Mi', storage: ['128Mi', '512Mi'] },
  medium: { cpu: ['250m', '1'], memory: '512Mi', storage: ['256Mi', '1Gi'] },
  large: { cpu: ['1', '2'], memory: '2Gi', storage: ['512Mi', '2Gi'] },
};

/** The names of the presets, for validation and documentation. */
export const RESOURCE_PRESETS = Object.keys(PRESETS) as ResourcePreset[];

/** What a container without a preset must give for its resources. */
export const NO_DEFAULT_SIZE = `requests and limits: a preset (${RESOURCE_PRESETS.map((p) => `'${p}'`).join(', ')}) or limits for cpu, memory and ephemeralStorage (this container has no default size)`;

/**
 * Merges resource props with a preset field by field and validates every quantity. A limit that
 * is left out never falls below an explicit request; an explicit request above an explicit limit
 * is an error.
 *
 * Without a preset (`defaultPreset` undefined and none given, as for an init container or a
 * sidecar) there is nothing to merge with: every limit must be given, and a request left out
 * equals its limit, as Kubernetes itself defaults it.
 */
export function resolveResources(scope: IConstruct, props: ResourcesProps | undefined, defaultPreset: ResourcePreset | undefined, prop = 'resources'): ResourceRequirements {
  const presetName = props?.preset === undefined ? defaultPreset : requireOneOf(scope, `${prop}.preset`, props.preset, RESOURCE_PRESETS);
  if (props === undefined && presetName === undefined) {
    fail(scope, prop, NO_DEFAULT_SIZE, props);
  }
  const preset = presetName === undefined ? undefined : PRESETS[presetName];
  const cpu = pair(scope, `${prop}.cpu`, props?.cpu, preset?.cpu[0], preset?.cpu[1], false);
  const memory = pair(scope, `${prop}.memory`, props?.memory, preset?.memory, preset?.memory, true);
  const storage = pair(scope, `${prop}.ephemeralStorage`, props?.ephemeralStorage, preset?.storage[0], preset?.storage[1], false);
  const cpuRequest = props?.guaranteed ? cpu.limit : cpu.request;
  if (props?.guaranteed && props.cpu?.request !== undefined && props.cpu.limit !== undefined
    && requireQuantity(scope, `${prop}.cpu.request`, props.cpu.request) !== requireQuantity(scope, `${prop}.cpu.limit`, props.cpu.limit)) {
    fail(scope, `${prop}.cpu.request`, `equal to ${prop}.cpu.limit ('${props.cpu.limit}') when guaranteed is true`, props.cpu.request);
  }
  return {
    requests: { 'cpu': cpuRequest, 'memory': memory.request, 'ephemeral-storage': storage.request },
    limits: { 'cpu': cpu.limit, 'memory': memory.limit, 'ephemeral-storage': storage.limit },
  };
}

function pair(scope: IConstruct, prop: string, given: ResourceQuantities | undefined, presetRequest: string | undefined, presetLimit: string | undefined, linked: boolean): { request: string; limit: string } {
  const request = given?.request ?? (linked ? given?.limit : undefined);
  const limit = given?.limit ?? (linked ? given?.request : undefined);
  const requestValue = request === undefined ? undefined : requireQuantity(scope, `${prop}.request`, request);
  const limitValue = limit === undefined ? undefined : requireQuantity(scope, `${prop}.limit`, limit);
  if (requestValue !== undefined && limitValue !== undefined) {
    if (requestValue > limitValue) fail(scope, `${prop}.request`, `at most ${prop}.limit ('${limit}')`, request);
    return { request: request!, limit: limit! };
  }
  if (presetRequest === undefined || presetLimit === undefined) {
    // No preset to merge with: a limit is required, and a request left out equals it.
    if (limitValue === undefined) fail(scope, `${prop}.limit`, 'a quantity (without a preset every limit must be given)', limit);
    return { request: limit!, limit: limit! };
  }
  if (requestValue !== undefined) {
    // Only a request: keep the preset limit unless that would put the request above it.
    return { request: request!, limit: requestValue > requireQuantity(scope, `${prop}.limit`, presetLimit) ? request! : presetLimit };
  }
  if (limitValue !== undefined) {
    return { request: limitValue < requireQuantity(scope, `${prop}.request`, presetRequest) ? limit! : presetRequest, limit: limit! };
  }
  return { request: presetRequest, limit: presetLimit };
}
