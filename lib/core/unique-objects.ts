import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { DuplicateObjectError, DuplicateObjects, DuplicateSource } from './errors';
import { describeIdentity, objectIdentity, objectIdentityKey } from '../kube/objects';

/** The identity of an ApiObject as it will be written, or undefined when its name is not known before synth. */
function identityOf(object: ApiObject): ReturnType<typeof objectIdentity> | undefined {
  const name = object.metadata.name;
  if (typeof name !== 'string') return undefined;
  const namespace = object.metadata.namespace;
  return objectIdentity(object.apiVersion, object.kind, typeof namespace === 'string' ? namespace : undefined, name);
}

/** The nearest construct above `object` that `isOwner` accepts, or the object itself. */
function sourceOf(object: ApiObject, isOwner: (c: IConstruct) => boolean): DuplicateSource {
  for (let scope: IConstruct | undefined = object.node.scope; scope; scope = scope.node.scope) {
    if (isOwner(scope)) return { objectPath: object.node.path, ownerPath: scope.node.path, ownerType: scope.constructor.name };
  }
  return { objectPath: object.node.path, ownerPath: object.node.path, ownerType: object.kind };
}

/**
 * Throws a {@link DuplicateObjectError} listing every set of objects under `root` that share API
 * group, kind, namespace and name (kind and name for cluster-scoped kinds): applied together, the
 * last would replace the others. Each object is attributed to the nearest construct `isOwner`
 * accepts (the workload or environment whose props named it).
 */
export function checkUniqueObjects(root: IConstruct, isOwner: (c: IConstruct) => boolean): void {
  const groups = new Map<string, { identity: NonNullable<ReturnType<typeof identityOf>>; objects: ApiObject[] }>();
  for (const construct of root.node.findAll()) {
    if (!ApiObject.isApiObject(construct)) continue;
    const identity = identityOf(construct);
    if (identity === undefined) continue;
    const key = objectIdentityKey(identity);
    const group = groups.get(key);
    if (group) group.objects.push(construct);
    else groups.set(key, { identity, objects: [construct] });
  }
  const duplicates: DuplicateObjects[] = [...groups.values()].filter((g) => g.objects.length > 1).map((g) => ({
    object: describeIdentity(g.identity),
    name: g.identity.name,
    sources: g.objects.map((o) => sourceOf(o, isOwner)),
  }));
  if (duplicates.length > 0) throw new DuplicateObjectError(duplicates);
}
