import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { fail } from './errors';
import { requireQuantity } from './quantity';
import { requireAbsolutePath } from './validate';

/** A volume mount of a container and what asked for it, so a clash names the prop to change. */
export interface PodMount {
  /** The mount. */
  readonly mount: k8s.VolumeMount;
  /** The prop that set its path, e.g. `volumes[0].mountPath`; for a construct's own mount, what it is ('the postgres preset's data path'). */
  readonly origin: string;
  /** Whether the user's props set the path (then an error names it rather than the construct's mount). */
  readonly userSet: boolean;
}

/**
 * Requires that no two mounts of a container share a path: the API server rejects the pod
 * ("must be unique"). The error names the prop the user set (the later one when both are), and
 * what else is mounted there.
 */
export function requireDistinctMounts(scope: IConstruct, mounts: readonly PodMount[]): void {
  const byPath = new Map<string, PodMount>();
  for (const mount of mounts) {
    const path = mount.mount.mountPath;
    const earlier = byPath.get(path);
    if (earlier !== undefined) {
      const [blamed, other] = mount.userSet || !earlier.userSet ? [mount, earlier] : [earlier, mount];
      fail(scope, blamed.origin, `a path no other volume is mounted at (${other.origin} mounts ${path})`, path);
    }
    byPath.set(path, mount);
  }
}

/** A writable path a construct needs: its size limit, what asks for it, and whether the user's props did. */
export interface ScratchPath {
  /** The emptyDir size limit. */
  readonly size: string;
  /** The prop that asked for it, or what it is for ('the scratch directory /tmp'). */
  readonly origin: string;
  /** Whether the user's props set it (a custom engine's `writablePaths`). */
  readonly userSet?: boolean;
}

/** The emptyDir volumes behind a container's writable paths, and their mounts. */
export interface ScratchSpace {
  /** One emptyDir volume per path, with its size limit. */
  readonly volumes: k8s.Volume[];
  /** The mounts, each with the prop that asked for it. */
  readonly mounts: PodMount[];
}

/**
 * The writable paths of a read-only root filesystem as emptyDir volumes: the construct's own
 * (`builtIn`, path to size limit and what it is for) under the user's `writablePaths` (`prop`
 * names them in errors), which may resize them. `volumeName` names each volume after its path.
 */
export function scratchSpace(scope: IConstruct, builtIn: Readonly<Record<string, ScratchPath>>, user: Readonly<Record<string, string>> | undefined,
  prop: string, volumeName: (path: string) => string): ScratchSpace {
  const paths = [...new Set([...Object.keys(builtIn), ...Object.keys(user ?? {})])].sort();
  const volumes: k8s.Volume[] = [];
  const mounts: PodMount[] = [];
  for (const path of paths) {
    const own = user !== undefined && Object.hasOwn(user, path);
    const at = own ? `${prop}.${path}` : builtIn[path].origin;
    requireAbsolutePath(scope, at, path);
    if (path === '/') fail(scope, at, 'a directory below \'/\' (an emptyDir over the root would hide the image)', path);
    const size = own ? user[path] : builtIn[path].size;
    requireQuantity(scope, at, size, { expected: 'a size limit quantity such as \'256Mi\'' });
    const name = volumeName(path);
    volumes.push({ name, emptyDir: { sizeLimit: k8s.Quantity.fromString(size) } });
    mounts.push({ mount: { name, mountPath: path }, origin: at, userSet: own || builtIn[path].userSet === true });
  }
  return { volumes, mounts };
}
