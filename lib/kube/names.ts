// The name grammars the Kubernetes API server enforces. Pure predicates: the build side wraps
// them into ShipshapeErrors (lib/core/validate.ts), the read side reports with them (lib/policy).

/** RFC 1123 label: what Kubernetes requires of Namespace and StatefulSet names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1035 label: an RFC 1123 label that starts with a letter, what Kubernetes requires of Service names. */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: what most object names (ConfigMap, Secret, StorageClass …) must be. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** IANA service name, as Kubernetes requires of port names. */
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?=[a-z0-9]))*$/;
/** C identifier, the portable shape of an environment variable name. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** The name part of a qualified name (label keys, taint keys): at most 63 characters. */
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** True when `value` is a DNS-1123 label (at most `max` characters). */
export function isDnsLabel(value: string, max = 63): boolean {
  return value.length <= max && DNS_LABEL.test(value);
}

/**
 * True when `value` is a DNS-1035 label (at most `max` characters): a DNS-1123 label starting with
 * a letter. Service names must be one, since they become host names that must not look like numbers.
 */
export function isDns1035Label(value: string, max = 63): boolean {
  return value.length <= max && DNS_1035_LABEL.test(value);
}

/** True when `value` is a DNS-1123 subdomain. */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

/** True when `value` is a valid label value (at most 63 characters, alphanumeric ends; empty allowed). */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** True when `value` is an IANA service name, as Kubernetes requires of named ports (at most 15 characters). */
export function isPortName(value: string): boolean {
  return value.length <= 15 && PORT_NAME.test(value);
}

/** True when `value` is a portable environment variable name. */
export function isEnvName(value: string): boolean {
  return ENV_NAME.test(value);
}

/**
 * Why `value` is not a qualified name (an optional DNS subdomain prefix and '/', then a name of at
 * most 63 characters), or undefined when it is one. Label keys and taint keys are qualified names.
 */
export function qualifiedNameProblem(value: string): string | undefined {
  const slash = value.lastIndexOf('/');
  const prefix = slash === -1 ? undefined : value.slice(0, slash);
  const name = slash === -1 ? value : value.slice(slash + 1);
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return `key "${value}" has an invalid prefix`;
  if (name.length > 63 || !QUALIFIED_NAME_PART.test(name)) return `key "${value}" has an invalid name part`;
  return undefined;
}

/** True when `value` is a qualified name (see {@link qualifiedNameProblem}). */
export function isQualifiedName(value: string): boolean {
  return qualifiedNameProblem(value) === undefined;
}

/** The most characters of a ConfigMap or Secret key. */
export const MAX_DATA_KEY_LENGTH = 253;

/**
 * True when `value` is a ConfigMap or Secret key: letters, digits, '-', '_' and '.', at most 253
 * characters, and neither '.' nor '..' nor starting with '..' (keys become file names in a volume,
 * where those would escape or clash with the volume's own entries).
 */
export function isDataKey(value: string): boolean {
  return value.length > 0 && value.length <= MAX_DATA_KEY_LENGTH && /^[-._a-zA-Z0-9]+$/.test(value)
    && value !== '.' && !value.startsWith('..');
}

/** The most bytes of data one ConfigMap or Secret may hold (the values, counted in UTF-8). */
export const MAX_DATA_BYTES = 1024 * 1024;

/** The most bytes of all annotations of one object together (keys and values, counted in UTF-8). */
export const MAX_ANNOTATION_BYTES = 256 * 1024;

/** The UTF-8 size of a string, as the API server counts it. */
export function byteLength(value: string): number {
  return new TextEncoder().encode(value).length;
}
