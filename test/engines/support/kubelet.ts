import { Manifest } from '../../../lib/manifests/manifest';
import { arr, obj, str } from '../../../lib/manifests/json';
import { podTemplateOf } from '../../../lib/manifests/pod-template';

/** A container as the kubelet would start it: command, args and env with every reference resolved. */
export interface StartedContainer {
  /** The container's name. */
  readonly name: string;
  /** `command` (the image's entrypoint when empty). */
  readonly command: string[];
  /** `args`, with `$(VAR)` references expanded. */
  readonly args: string[];
  /** The environment, in order, with Secret keys and the downward API resolved. */
  readonly env: Record<string, string>;
}

/** The containers of one pod of a StatefulSet, init containers first. */
export interface StartedPod {
  /** `<statefulset>-<ordinal>`. */
  readonly name: string;
  /** The init containers, in order. */
  readonly init: StartedContainer[];
  /** The main container. */
  readonly server: StartedContainer;
}

/** Secret data by Secret name and key, standing in for the cluster's Secrets. */
export type Secrets = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Expands `$(VAR)` as the kubelet does: only variables defined so far; `$$` escapes a `$`. */
export function expandReferences(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && Object.prototype.hasOwnProperty.call(env, name) ? env[name] : match;
  });
}

function resolveEnv(container: Record<string, unknown>, podName: string, labels: Record<string, unknown>, secrets: Secrets): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of arr(container.env).map(obj)) {
    const name = str(entry.name)!;
    const from = obj(entry.valueFrom);
    if (entry.value !== undefined) {
      env[name] = expandReferences(String(entry.value), env);
    } else if (from.secretKeyRef !== undefined) {
      const ref = obj(from.secretKeyRef);
      const value = secrets[String(ref.name)]?.[String(ref.key)];
      if (value === undefined) throw new Error(`${name}: no Secret ${String(ref.name)} with key ${String(ref.key)} in the test`);
      env[name] = value;
    } else if (from.fieldRef !== undefined) {
      const path = String(obj(from.fieldRef).fieldPath);
      const label = /^metadata\.labels\['(.+)'\]$/.exec(path);
      if (path === 'metadata.name') env[name] = podName;
      else if (label && typeof labels[label[1]] === 'string') env[name] = labels[label[1]] as string;
      else throw new Error(`${name}: the test does not resolve fieldRef ${path}`);
    } else {
      throw new Error(`${name}: the test does not resolve ${JSON.stringify(entry.valueFrom)}`);
    }
  }
  return env;
}

function started(container: Record<string, unknown>, podName: string, labels: Record<string, unknown>, secrets: Secrets): StartedContainer {
  const env = resolveEnv(container, podName, labels, secrets);
  return {
    name: String(container.name),
    command: arr(container.command).map((c) => expandReferences(String(c), env)),
    args: arr(container.args).map((a) => expandReferences(String(a), env)),
    env,
  };
}

/**
 * Pod `<name>-<ordinal>` of the StatefulSet `name` among the synthesized objects, as the kubelet
 * would start it: the exact commands, args and env of the manifest.
 */
export function startedPod(objects: readonly Manifest[], statefulSet: string, ordinal: number, secrets: Secrets): StartedPod {
  const set = objects.find((o) => o.kind === 'StatefulSet' && o.metadata?.name === statefulSet);
  if (!set) throw new Error(`no StatefulSet ${statefulSet} in the output`);
  const template = podTemplateOf(set)!;
  const labels = obj(template.metadata.labels);
  const podName = `${statefulSet}-${ordinal}`;
  const containers = arr(template.spec.containers).map(obj);
  if (containers.length !== 1) throw new Error(`${statefulSet}: expected one container, found ${containers.length}`);
  return {
    name: podName,
    init: arr(template.spec.initContainers).map((c) => started(obj(c), podName, labels, secrets)),
    server: started(containers[0], podName, labels, secrets),
  };
}

/**
 * The env with the values that must differ outside Kubernetes replaced. Every replaced variable
 * must be one the manifest sets, so a renamed variable fails the test instead of being ignored;
 * `added` are variables the pod gets from elsewhere (the image, its own network namespace).
 */
export function hostEnv(env: Readonly<Record<string, string>>, replaced: Readonly<Record<string, string>>, added: Readonly<Record<string, string>> = {}): Record<string, string> {
  for (const name of Object.keys(replaced)) {
    if (!(name in env)) throw new Error(`the manifest sets no ${name} to replace`);
  }
  return { ...env, ...replaced, ...added };
}
