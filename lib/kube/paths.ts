// Path grammars of pod specs: where volumes are mounted, where profiles are found.

/**
 * True when `value` is an absolute, normalised path: a leading '/', no empty, '.' or '..'
 * component and no trailing '/' (except the root itself). Mount paths written this way compare
 * equal exactly when they name the same directory.
 */
export function isNormalAbsolutePath(value: string): boolean {
  if (!value.startsWith('/')) return false;
  if (value === '/') return true;
  return value.slice(1).split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/**
 * True when `value` is a relative path that stays below its base directory: not empty, no leading
 * '/', no '..' component. Kubernetes requires this of a Localhost seccomp profile, which is read
 * relative to the kubelet's seccomp directory.
 */
export function isLocalDescendingPath(value: string): boolean {
  return value !== '' && !value.startsWith('/') && !value.split('/').includes('..');
}
