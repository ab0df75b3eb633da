import { IConstruct } from 'constructs';
import { fail } from './errors';

/** RFC 1123 label: what Kubernetes requires of Service, Namespace and StatefulSet names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: what most object names (ConfigMap, Secret, StorageClass …) must be. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** IANA service name, as Kubernetes requires of port names. */
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?=[a-z0-9]))*$/;
/** C identifier, the portable shape of an environment variable name. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** True when `value` is a DNS-1123 label (at most `max` characters). */
export function isDnsLabel(value: string, max = 63): boolean {
  return value.length <= max && DNS_LABEL.test(value);
}

/** True when `value` is a DNS-1123 subdomain. */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

/** True when `value` is a valid label value (at most 63 characters, alphanumeric ends). */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** Requires a DNS-1123 label of at most `max` characters. */
export function requireDnsLabel(scope: IConstruct, prop: string, value: unknown, max = 63): string {
  if (typeof value !== 'string' || !isDnsLabel(value, max)) {
    fail(scope, prop, `a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most ${max} characters)`, value);
  }
  return value;
}

/** Requires a DNS-1123 subdomain (a Secret, ConfigMap or StorageClass name). */
export function requireDnsSubdomain(scope: IConstruct, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !isDnsSubdomain(value)) {
    fail(scope, prop, 'a DNS-1123 subdomain (lower-case letters, digits, \'-\' and \'.\', at most 253 characters)', value);
  }
  return value;
}

/** Requires an integer within [min, max]. */
export function requireInteger(scope: IConstruct, prop: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
    fail(scope, prop, range, value);
  }
  return value;
}

/** Requires a TCP/UDP port number. */
export function requirePort(scope: IConstruct, prop: string, value: unknown): number {
  return requireInteger(scope, prop, value, 1, 65535);
}

/** Requires an IANA service name, as Kubernetes requires of named ports (at most 15 characters). */
export function requirePortName(scope: IConstruct, prop: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > 15 || !PORT_NAME.test(value)) {
    fail(scope, prop, 'an IANA service name (lower-case letters, digits and single \'-\', at least one letter, at most 15 characters)', value);
  }
  return value;
}

/** Requires an environment variable name. */
export function requireEnvName(scope: IConstruct, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !ENV_NAME.test(value)) {
    fail(scope, prop, 'an environment variable name (letters, digits and \'_\', not starting with a digit)', value);
  }
  return value;
}

/** Requires one of the listed values. */
export function requireOneOf<T extends string>(scope: IConstruct, prop: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(scope, prop, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }
  return value as T;
}

/** Requires an absolute, normalised path (no '..', no trailing '/'). */
export function requireAbsolutePath(scope: IConstruct, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.split('/').some((part) => part === '..' || part === '.')
    || (value.length > 1 && value.endsWith('/')) || value.includes('//')) {
    fail(scope, prop, 'an absolute path such as \'/var/log\' (no \'..\', no trailing \'/\')', value);
  }
  return value;
}

/** Requires an HTTP path such as '/healthz' (a leading '/', no white space): probes, Ingress and HTTPRoute paths. */
export function requireHttpPath(scope: IConstruct, prop: string, path: unknown): string {
  if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path)) fail(scope, prop, 'an HTTP path starting with \'/\'', path);
  return path;
}

/** Turns a DNS label into an environment variable prefix: `orders-db` becomes `ORDERS_DB`. */
export function envPrefix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** The name part of a qualified name (label keys, taint keys): at most 63 characters. */
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

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

/** Requires a qualified name, as Kubernetes requires of label keys and taint keys. */
export function requireQualifiedName(scope: IConstruct, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !isQualifiedName(value)) {
    fail(scope, prop, 'a qualified name such as \'node-role.kubernetes.io/control-plane\' (an optional DNS subdomain and \'/\', then at most 63 letters, digits, \'-\', \'_\' and \'.\')', value);
  }
  return value;
}

/** Requires a label value to match in a selector (empty allowed, as Kubernetes allows). */
export function requireSelectorValue(scope: IConstruct, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !isLabelValue(value)) {
    fail(scope, prop, 'a label value (letters, digits, \'-\', \'_\' and \'.\', alphanumeric at both ends, at most 63 characters)', value);
  }
  return value;
}

/** Requires a non-negative integer or a percentage such as '25%' (rolling update bounds). */
export function requireIntOrPercent(scope: IConstruct, prop: string, value: unknown): number | string {
  if (typeof value === 'number') return requireInteger(scope, prop, value, 0);
  if (typeof value !== 'string' || !/^(100|[1-9]?\d)%$/.test(value)) fail(scope, prop, 'a non-negative integer or a percentage such as \'25%\'', value);
  return value;
}
