import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from './errors';
import { LABELS, MANAGED_BY } from '../kube/vocabulary';
import { defineProps, optional, required, text } from './props';
import { requireDnsLabel, requireDns1035Label, requireLabelValue } from './validate';

/** Props every Shipshape construct shares for naming and labelling. */
export interface IdentityProps {
  /**
   * The name of the workload: a DNS-1123 label. Object names, labels and selectors all derive
   * from it and never from the construct tree, so refactoring code never changes them.
   *
   * Kubernetes does not allow renaming an object: a new name creates a new object (and, for a
   * StatefulSet, new volumes).
   */
  readonly name: string;
  /**
   * The `app.kubernetes.io/instance` label: tells apart several installations of the same app.
   * Part of the selector, which Kubernetes does not allow to change.
   * @default - the name
   */
  readonly instance?: string;
  /**
   * The `app.kubernetes.io/part-of` label: the larger application this workload belongs to.
   * Not part of any selector, so it may change freely.
   * @default - the name
   */
  readonly partOf?: string;
}

/** The table of {@link IdentityProps}. */
export const IDENTITY_PROPS = defineProps<IdentityProps>('IdentityProps', {
  name: required(text()),
  instance: optional(text()),
  partOf: optional(text()),
});

/** The stable identity of a workload: its name and the labels and selector derived from it. */
export interface Identity {
  /** metadata.name of the main objects. */
  readonly name: string;
  /** Every standard label, for metadata and pod templates. */
  readonly labels: Readonly<Record<string, string>>;
  /** The immutable subset used by selectors: name, instance and component. */
  readonly selector: Readonly<Record<string, string>>;
}

/**
 * Derives the identity from props. The selector holds only name, instance and component: never
 * the version (it changes on every release) and never the construct path.
 */
export function resolveIdentity(scope: IConstruct, props: IdentityProps, component: string, version?: string): Identity {
  const name = requireDnsLabel(scope, 'name', props.name);
  const instance = props.instance === undefined ? name : requireLabelValue(scope, 'instance', props.instance);
  const partOf = props.partOf === undefined ? name : requireLabelValue(scope, 'partOf', props.partOf);
  const selector: Record<string, string> = {
    [LABELS.name]: name,
    [LABELS.instance]: instance,
    [LABELS.component]: component,
  };
  const labels: Record<string, string> = { ...selector, [LABELS.partOf]: partOf, [LABELS.managedBy]: MANAGED_BY };
  if (version !== undefined) labels[LABELS.version] = version;
  return { name, labels, selector };
}

/** Metadata for one of a workload's objects: its name (the workload's unless given) and a fresh copy of the standard labels. */
export function objectMetadata(identity: Identity, name: string = identity.name): { name: string; labels: Record<string, string> } {
  return { name, labels: { ...identity.labels } };
}

/** The workload's immutable selector labels as a fresh map: a Service's selector, a claim template's labels. */
export function selectorLabels(identity: Identity): Record<string, string> {
  return { ...identity.selector };
}

/** A label selector (`matchLabels`) on the workload's immutable selector labels, as a fresh object. */
export function matchSelector(identity: Identity): { matchLabels: Record<string, string> } {
  return { matchLabels: selectorLabels(identity) };
}

/**
 * The namespace of the chart `scope` belongs to, checked: the Chart's `namespace` prop must be a
 * DNS-1123 label, or every object of the chart would be rejected.
 */
export function chartNamespace(scope: IConstruct): string | undefined {
  const chart = Chart.of(scope);
  const namespace = chart.namespace;
  if (namespace !== undefined) requireDnsLabel(chart, 'namespace', namespace);
  return namespace;
}

/** The suffix of a StatefulDatabase's headless Service: `<name>-headless`. */
export const HEADLESS_SUFFIX = '-headless';

/**
 * Requires a name fit for the Services a workload emits: a DNS-1035 label (starting with a letter),
 * not ending in `-headless`, which StatefulDatabase reserves for its headless Service (a WebApp
 * `db-headless` would collide with database `db`'s).
 */
export function requireServiceName(scope: IConstruct, prop: string, name: string, max = 63): string {
  requireDns1035Label(scope, prop, name, max);
  if (name.endsWith(HEADLESS_SUFFIX)) fail(scope, prop, `a name not ending in '${HEADLESS_SUFFIX}' (StatefulDatabase names its headless Service <name>${HEADLESS_SUFFIX})`, name);
  return name;
}

