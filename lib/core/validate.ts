import { IConstruct } from 'constructs';
import { isDnsLabel, isDnsSubdomain, isEnvName, isLabelValue, isPortName, isQualifiedName } from '../kube/names';
import { fail } from './errors';

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
  if (typeof value !== 'string' || !isPortName(value)) {
    fail(scope, prop, 'an IANA service name (lower-case letters, digits and single \'-\', at least one letter, at most 15 characters)', value);
  }
  return value;
}

/** Requires an environment variable name. */
export function requireEnvName(scope: IConstruct, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !isEnvName(value)) {
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

/** Requires a qualified name, as Kubernetes requires of label keys and taint keys. */
export function requireQualifiedName(scope: IConstruct, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !isQualifiedName(value)) {
    fail(scope, prop, 'a qualified name such as \'node-role.kubernetes.io/control-plane\' (an optional DNS subdomain and \'/\', then at most 63 letters, digits, \'-\', \'_\' and \'.\')', value);
  }
  return value;
}

/**
 * Requires a label value: letters, digits, '-', '_' and '.', alphanumeric at both ends, at most 63
 * characters. Selectors and node selectors may match the empty value (`allowEmpty`); a label Shipshape
 * sets from a prop may not.
 */
export function requireLabelValue(scope: IConstruct, prop: string, value: unknown, options: { allowEmpty?: boolean } = {}): string {
  if (typeof value !== 'string' || !isLabelValue(value) || (value === '' && !options.allowEmpty)) {
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
