import { IConstruct } from 'constructs';
import { MAX_ANNOTATION_BYTES, MAX_DATA_BYTES, byteLength, isDataKey, isDns1035Label, isDnsLabel, isDnsSubdomain, isEnvName, isLabelValue, isPortName, isQualifiedName, qualifiedNameProblem } from '../kube/names';
import { isHttpPath } from '../kube/http';
import { isNormalAbsolutePath } from '../kube/paths';
import { GivenText, fail } from './errors';

/** Requires a DNS-1123 label of at most `max` characters. */
export function requireDnsLabel(scope: IConstruct, prop: string, value: unknown, max = 63): string {
  if (typeof value !== 'string' || !isDnsLabel(value, max)) {
    fail(scope, prop, `a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most ${max} characters)`, value);
  }
  return value;
}

/** Requires a DNS-1035 label of at most `max` characters: a DNS-1123 label starting with a letter (Service names). */
export function requireDns1035Label(scope: IConstruct, prop: string, value: unknown, max = 63): string {
  if (typeof value !== 'string' || !isDns1035Label(value, max)) {
    fail(scope, prop, `a DNS-1035 label (lower-case letters, digits and '-', starting with a letter and ending with a letter or digit, at most ${max} characters: it names a Service)`, value);
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

/** The largest 32-bit signed integer: the bound of most integer fields of the Kubernetes API. */
export const INT32_MAX = 2 ** 31 - 1;

/**
 * Requires an integer within [min, max]. The default bound is that of a 32-bit field (replicas,
 * probe timings, history limits …), which the API server rejects beyond.
 */
export function requireInteger(scope: IConstruct, prop: string, value: unknown, min: number, max = INT32_MAX): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(scope, prop, `an integer from ${min} to ${max}`, value);
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
  if (typeof value !== 'string' || !isNormalAbsolutePath(value)) {
    fail(scope, prop, 'an absolute path such as \'/var/log\' (no \'.\' or \'..\', no \'//\', no trailing \'/\')', value);
  }
  return value;
}

/** Requires an HTTP path such as '/healthz' (a leading '/', no white space), as probes request it. */
export function requireHttpPath(scope: IConstruct, prop: string, path: unknown): string {
  if (typeof path !== 'string' || !isHttpPath(path)) fail(scope, prop, 'an HTTP path starting with \'/\'', path);
  return path;
}

/**
 * Requires a ConfigMap or Secret key (`what` says which: 'a file name', 'a Secret key'): letters,
 * digits, '-', '_' and '.', at most 253 characters, not '.' and not starting with '..'.
 */
export function requireDataKey(scope: IConstruct, prop: string, key: unknown, what: string): string {
  if (typeof key !== 'string' || !isDataKey(key)) {
    fail(scope, prop, `${what} of letters, digits, '-', '_' and '.' (at most 253 characters, not '.' and not starting with '..')`, key);
  }
  return key;
}

/** Requires the values of a ConfigMap's or Secret's data to fit the API server's limit of 1 MiB. */
export function requireDataSize(scope: IConstruct, prop: string, values: Iterable<string>): void {
  let size = 0;
  for (const value of values) size += byteLength(value);
  if (size > MAX_DATA_BYTES) fail(scope, prop, `at most ${MAX_DATA_BYTES} bytes of data in all (a ConfigMap or Secret holds at most 1 MiB)`, new GivenText(`${size} bytes`));
}

/**
 * Requires valid annotations: qualified names as keys ('example.com/team'), none of `reserved`
 * (the ones Shipshape writes itself), and at most 256 KiB of keys and values in all.
 */
export function requireAnnotations(scope: IConstruct, prop: string, annotations: Readonly<Record<string, string>>, reserved: readonly string[] = []): void {
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const problem = qualifiedNameProblem(key);
    if (problem !== undefined) fail(scope, `${prop}.${key}`, 'an annotation key such as \'example.com/team\' (an optional DNS subdomain and \'/\', then at most 63 letters, digits, \'-\', \'_\' and \'.\')', key);
    if (reserved.includes(key)) fail(scope, `${prop}.${key}`, 'an annotation Shipshape does not set itself', key);
    size += byteLength(key) + byteLength(value);
  }
  if (size > MAX_ANNOTATION_BYTES) fail(scope, prop, `annotations of at most ${MAX_ANNOTATION_BYTES} bytes in all`, new GivenText(`${size} bytes`));
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
