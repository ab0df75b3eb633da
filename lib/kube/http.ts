// The host and path grammars of HTTP routing: probes, Ingress (networking.k8s.io/v1) and Gateway
// API HTTPRoute (gateway.networking.k8s.io/v1), as their API servers validate them.
import { isDnsSubdomain } from './names';
import { parseIpAddress } from './network';

/** True when `value` is an HTTP path a probe can request: a leading '/', no white space. */
export function isHttpPath(value: string): boolean {
  return value.startsWith('/') && !/\s/.test(value);
}

// Sequences that would let a path escape its prefix after normalisation (directory traversal).
const TRAVERSAL_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const TRAVERSAL_SUFFIXES = ['/..', '/.'];

function traversalProblem(path: string, sequences: readonly string[]): string | undefined {
  const sequence = sequences.find((s) => path.includes(s));
  if (sequence !== undefined) return `contains '${sequence}'`;
  const suffix = TRAVERSAL_SUFFIXES.find((s) => path.endsWith(s));
  return suffix === undefined ? undefined : `ends with '${suffix}'`;
}

/**
 * Why an Ingress path is rejected by the API server, or undefined when it is accepted: every
 * path is absolute; Prefix and Exact paths also contain no '//', '/./', '/../' or an encoded '/',
 * and do not end in '/.' or '/..'.
 */
export function ingressPathProblem(path: string, pathType: 'Prefix' | 'Exact' | 'ImplementationSpecific'): string | undefined {
  if (!path.startsWith('/')) return 'does not start with \'/\'';
  return pathType === 'ImplementationSpecific' ? undefined : traversalProblem(path, TRAVERSAL_SEQUENCES);
}

/** The longest path an HTTPRoute matches on. */
export const MAX_ROUTE_PATH_LENGTH = 1024;
// RFC 3986 path characters: unreserved, sub-delims, ':' and '@', or a percent-encoded octet.
const ROUTE_PATH = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;

/**
 * Why an HTTPRoute PathPrefix or Exact value is rejected by the Gateway API's validation, or
 * undefined when it is accepted: what an Ingress path must be, no '#', only RFC 3986 path
 * characters (ASCII; anything else percent-encoded), at most 1024 characters.
 */
export function routePathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'does not start with \'/\'';
  if (path.length > MAX_ROUTE_PATH_LENGTH) return `is longer than ${MAX_ROUTE_PATH_LENGTH} characters`;
  const traversal = traversalProblem(path, [...TRAVERSAL_SEQUENCES, '#']);
  if (traversal !== undefined) return traversal;
  return ROUTE_PATH.test(path) ? undefined : 'contains a character that is not allowed in a URL path (percent-encode it)';
}

/** The most host names one HTTPRoute may list. */
export const MAX_ROUTE_HOSTNAMES = 16;
/** The most matches one HTTPRoute rule may list. */
export const MAX_ROUTE_MATCHES = 64;
/** The most Gateways one HTTPRoute may attach to. */
export const MAX_ROUTE_PARENTS = 32;

/**
 * Why a host name is rejected as an Ingress host or an HTTPRoute hostname, or undefined when it
 * is accepted: a DNS-1123 subdomain, optionally with a leading '*.' for every subdomain, and not
 * an IP address.
 */
export function hostNameProblem(host: string): string | undefined {
  if (parseIpAddress(host) !== undefined) return 'is an IP address, not a DNS name';
  const bare = host.startsWith('*.') ? host.slice(2) : host;
  return isDnsSubdomain(bare) && host.length <= 253 ? undefined : 'is not a DNS name (lower-case letters, digits, \'-\' and \'.\', at most 253 characters; a leading \'*.\' is allowed)';
}
