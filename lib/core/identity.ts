import { IConstruct } from 'constructs';
import { isLabelValue, requireDnsLabel } from './validate';
import { fail } from './errors';

/** The `app.kubernetes.io/*` label keys Shipshape manages. */
export const LABELS = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  version: 'app.kubernetes.io/version',
} as const;

/**
 * The `app.kubernetes.io/component` of a database's read replicas (its primary keeps `database`):
 * their StatefulSet's pods carry it, so Services, the upgrade guard and the members themselves tell
 * the replicas from the primary by it.
 */
export const READ_REPLICA_COMPONENT = 'read-replica';

/** The value of `app.kubernetes.io/managed-by` on everything Shipshape emits. */
export const MANAGED_BY = 'shipshape';

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

function requireLabelValue(scope: IConstruct, prop: string, value: unknown): string {
  if (typeof value !== 'string' || value === '' || !isLabelValue(value)) {
    fail(scope, prop, 'a label value (letters, digits, \'-\', \'_\' and \'.\', alphanumeric at both ends, at most 63 characters)', value);
  }
  return value;
}
