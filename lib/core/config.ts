import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { CONFIG_CHECKSUM_ANNOTATION } from '../kube/vocabulary';
import { isCredentialName } from '../kube/credential-names';
import { fail } from './errors';
import { Identity, objectMetadata } from './identity';
import { requireAbsolutePath, requireDnsSubdomain, requireEnvName } from './validate';

/**
 * Plain, non-secret settings. They are written to a ConfigMap named `<name>-config`; a change of
 * content rolls the pods through a checksum annotation on the pod template.
 */
export interface ConfigProps {
  /**
   * Settings exposed as environment variables. Keys are env names.
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Files (file name to content), mounted read-only at `mountPath`.
   * @default - none
   */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * Where `files` are mounted.
   * @default '/etc/<name>'
   */
  readonly mountPath?: string;
}

/** A key of a Secret, referenced by name: the value never appears in the chart. */
export interface SecretKeyRef {
  /** The Secret's name (in the workload's namespace). */
  readonly secretName: string;
  /** The key within the Secret. */
  readonly key: string;
}

/** A whole Secret mounted as files (one file per key), read-only. */
export interface SecretFiles {
  /** The Secret's name (in the workload's namespace). */
  readonly secretName: string;
  /** The directory to mount it at. */
  readonly mountPath: string;
}

/** How secrets reach the containers: only ever by reference to a Secret. */
export interface SecretsProps {
  /**
   * Environment variables taken from Secret keys (env name to reference).
   * @default - none
   */
  readonly env?: Readonly<Record<string, SecretKeyRef>>;
  /**
   * Secrets mounted as read-only files.
   * @default - none
   */
  readonly files?: readonly SecretFiles[];
}

/**
 * True when a setting's name looks like it holds a credential: such settings must come from a
 * Secret, never from a ConfigMap or a literal (kube-linter env-var-secret and
 * configmap-with-credentials). The same definition drives the policy rules.
 */
export function looksLikeCredential(name: string): boolean {
  return isCredentialName(name);
}

/** Properties of a Secret created by the library. */
export interface AppSecretProps {
  /** The Secret's name: a DNS-1123 subdomain. Kubernetes does not allow renaming it. */
  readonly name: string;
  /**
   * The values, written into the chart in plain text (Kubernetes stores them base64-encoded, not
   * encrypted). Pass them only from a safe source at synth time, e.g. an environment variable;
   * otherwise reference a Secret managed outside the chart (sealed-secrets, external-secrets).
   */
  readonly stringData: Readonly<Record<string, string>>;
  /**
   * Marks the Secret immutable. Kubernetes then rejects every data change: the Secret must be
   * deleted and recreated.
   * @default false
   */
  readonly immutable?: boolean;
}

/** A Secret created by the library, from values the user passes explicitly. */
export class AppSecret extends Construct {
  /** The Secret's name. */
  public readonly secretName: string;
  private readonly keys: ReadonlySet<string>;

  constructor(scope: Construct, id: string, props: AppSecretProps) {
    super(scope, id);
    this.secretName = requireDnsSubdomain(this, 'name', props.name);
    const entries = Object.entries(props.stringData ?? {});
    if (entries.length === 0) fail(this, 'stringData', 'at least one key', props.stringData);
    for (const [key, value] of entries) {
      if (!/^[-._a-zA-Z0-9]+$/.test(key)) fail(this, `stringData.${key}`, 'a key of letters, digits, \'-\', \'_\' and \'.\'', key);
      if (typeof value !== 'string') fail(this, `stringData.${key}`, 'a string', value);
    }
    this.keys = new Set(entries.map(([key]) => key));
    new k8s.KubeSecret(this, 'Resource', {
      metadata: { name: this.secretName },
      type: 'Opaque',
      stringData: Object.fromEntries(sortedEntries(props.stringData)),
      ...(props.immutable ? { immutable: true } : {}),
    });
  }

  /** A reference to one of this Secret's keys, for `secrets.env` or a database's credentials. */
  public ref(key: string): SecretKeyRef {
    if (!this.keys.has(key)) fail(this, 'key', `one of ${[...this.keys].map((k) => `'${k}'`).join(', ')}`, key);
    return { secretName: this.secretName, key };
  }
}

/** What configuration adds to a pod. */
export interface ConfigWiring {
  /** Env vars for the container: ConfigMap keys and Secret key references. */
  readonly env: k8s.EnvVar[];
  /** Pod volumes for config and secret files. */
  readonly volumes: k8s.Volume[];
  /** Read-only mounts of those volumes in the container, each with the prop it comes from. */
  readonly mounts: { readonly mount: k8s.VolumeMount; readonly prop: string }[];
  /** The ConfigMap's name and data, when one was created (the pod's config checksum covers it). */
  readonly configMap?: { readonly name: string; readonly data: Record<string, string> };
}

/** Where one container's configuration goes: its ConfigMap, volume names and default mount path. */
export interface ConfigTarget {
  /** Labels the ConfigMap. */
  readonly identity: Identity;
  /** The ConfigMap's name: `<name>-config` for the main container, `<name>-<container>-config` beside it. */
  readonly configMapName: string;
  /** The ConfigMap's construct id, unique within the workload. */
  readonly constructId: string;
  /** Where `config.files` go unless `config.mountPath` says otherwise. */
  readonly defaultMountPath: string;
  /** Prefix of the props in errors: '' for the main container, e.g. 'sidecars[0]'. */
  readonly prop: string;
  /** Gives each config and secret volume a name no other volume of the pod has. */
  volumeName(base: string): string;
}

/** A prop name under a container's prefix: `config.env.X` or `sidecars[0].config.env.X`. */
export function propAt(prefix: string, prop: string): string {
  return prefix ? `${prefix}.${prop}` : prop;
}

/**
 * Creates a container's ConfigMap (only when there is configuration) and wires it and the
 * referenced Secrets into the container. Credential-looking config keys are rejected.
 */
export function wireConfig(scope: IConstruct, target: ConfigTarget, config: ConfigProps | undefined, secrets: SecretsProps | undefined): ConfigWiring {
  const at = (prop: string): string => propAt(target.prop, prop);
  const env: k8s.EnvVar[] = [];
  const volumes: k8s.Volume[] = [];
  const mounts: ConfigWiring['mounts'][number][] = [];
  let configMap: ConfigWiring['configMap'];

  const envEntries = sortedEntries(config?.env);
  const fileEntries = sortedEntries(config?.files);
  if (envEntries.length > 0 || fileEntries.length > 0) {
    for (const [key] of envEntries) {
      requireEnvName(scope, at(`config.env.${key}`), key);
      if (looksLikeCredential(key)) fail(scope, at(`config.env.${key}`), 'a non-credential setting (credentials belong in a Secret: use secrets.env)', key);
    }
    for (const [key, content] of fileEntries) {
      if (!/^[-._a-zA-Z0-9]+$/.test(key)) fail(scope, at(`config.files.${key}`), 'a file name of letters, digits, \'-\', \'_\' and \'.\'', key);
      if (looksLikeCredential(key)) fail(scope, at(`config.files.${key}`), 'a non-credential file (credentials belong in a Secret: use secrets.files)', key);
      if (typeof content !== 'string') fail(scope, at(`config.files.${key}`), 'file content as a string', content);
    }
    const name = target.configMapName;
    const data = Object.fromEntries([...envEntries, ...fileEntries]);
    new k8s.KubeConfigMap(scope, target.constructId, { metadata: objectMetadata(target.identity, name), data });
    configMap = { name, data };
    for (const [key] of envEntries) env.push({ name: key, valueFrom: { configMapKeyRef: { name, key } } });
    if (fileEntries.length > 0) {
      const mountPath = requireAbsolutePath(scope, at('config.mountPath'), config?.mountPath ?? target.defaultMountPath);
      const volume = target.volumeName('config');
      volumes.push({ name: volume, configMap: { name, items: fileEntries.map(([key]) => ({ key, path: key })) } });
      mounts.push({ mount: { name: volume, mountPath, readOnly: true }, prop: at('config.mountPath') });
    }
  }

  for (const [envName, ref] of sortedEntries(secrets?.env)) {
    requireEnvName(scope, at(`secrets.env.${envName}`), envName);
    env.push(secretEnvVar(scope, at(`secrets.env.${envName}`), envName, ref));
  }
  (secrets?.files ?? []).forEach((files, i) => {
    requireDnsSubdomain(scope, at(`secrets.files[${i}].secretName`), files.secretName);
    const mountPath = requireAbsolutePath(scope, at(`secrets.files[${i}].mountPath`), files.mountPath);
    const volume = target.volumeName(`secret-${i}`);
    volumes.push({ name: volume, secret: { secretName: files.secretName } });
    mounts.push({ mount: { name: volume, mountPath, readOnly: true }, prop: at(`secrets.files[${i}].mountPath`) });
  });
  return { env, volumes, mounts, configMap };
}

/**
 * The pod template's config checksum over every ConfigMap of the pod: a change of content rolls
 * the pods. One ConfigMap hashes its data alone, as it always has, so a pod without init
 * containers or sidecars keeps its checksum.
 */
export function configChecksum(configMaps: readonly { readonly name: string; readonly data: Record<string, string> }[]): Record<string, string> {
  if (configMaps.length === 0) return {};
  const hashed = configMaps.length === 1 ? configMaps[0].data : configMaps.map((c) => [c.name, c.data]);
  return { [CONFIG_CHECKSUM_ANNOTATION]: createHash('sha256').update(JSON.stringify(hashed)).digest('hex') };
}

/** An env var read from a Secret key, after validating the reference. */
export function secretEnvVar(scope: IConstruct, prop: string, envName: string, ref: SecretKeyRef): k8s.EnvVar {
  requireDnsSubdomain(scope, `${prop}.secretName`, ref?.secretName);
  if (typeof ref.key !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(ref.key)) fail(scope, `${prop}.key`, 'a Secret key of letters, digits, \'-\', \'_\' and \'.\'', ref.key);
  return { name: envName, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } } };
}

/** Literal env vars, rejecting credential-looking names (they must come from a Secret). */
export function literalEnv(scope: IConstruct, env: Readonly<Record<string, string>> | undefined, prefix = ''): k8s.EnvVar[] {
  return sortedEntries(env).map(([name, value]) => {
    const prop = propAt(prefix, `env.${name}`);
    requireEnvName(scope, prop, name);
    if (looksLikeCredential(name)) fail(scope, prop, 'a non-credential variable (credentials belong in a Secret: use secrets.env)', name);
    if (typeof value !== 'string') fail(scope, prop, 'a string value', value);
    return { name, value };
  });
}

function sortedEntries<T>(record: Readonly<Record<string, T>> | undefined): [string, T][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
