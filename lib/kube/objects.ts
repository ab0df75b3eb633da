// Where an object lives in a cluster: what makes two objects the same object on `kubectl apply`.
import { isKnownClusterScopedKind } from './cluster-scoped';

/** The API group of an apiVersion: '' for the core group (`v1`), `apps` for `apps/v1`. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** What identifies an object in a cluster: API group, kind, namespace (none when cluster-scoped) and name. */
export interface ObjectIdentity {
  /** The API group ('' for the core group). */
  readonly group: string;
  /** The kind. */
  readonly kind: string;
  /** The namespace; undefined for cluster-scoped kinds and for objects that name none. */
  readonly namespace: string | undefined;
  /** The name. */
  readonly name: string;
}

/**
 * The identity of an object: two objects with the same one replace each other on apply. The
 * version is not part of it (apps/v1 and apps/v1beta2 Deployments are one object), and a namespace
 * on a cluster-scoped kind is ignored, as the API server ignores it.
 */
export function objectIdentity(apiVersion: string, kind: string, namespace: string | undefined, name: string): ObjectIdentity {
  const group = apiGroup(apiVersion);
  return { group, kind, namespace: isKnownClusterScopedKind(group, kind) ? undefined : namespace, name };
}

/** The identity as one string, for maps and sets. */
export function objectIdentityKey(identity: ObjectIdentity): string {
  return [identity.group, identity.kind, identity.namespace ?? '', identity.name].join('\u0000');
}

/** The identity as people read it: `Service shop/orders`, `ClusterRole view` (with the group when not core). */
export function describeIdentity(identity: ObjectIdentity): string {
  const kind = identity.group === '' ? identity.kind : `${identity.kind}.${identity.group}`;
  return `${kind} ${identity.namespace === undefined ? '' : `${identity.namespace}/`}${identity.name}`;
}
