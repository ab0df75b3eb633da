import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { CONFIG_CHECKSUM_ANNOTATION } from '../kube/vocabulary';
import { isCredentialName } from '../kube/credential-names';
import { shipshapeConstruct } from './construct';
import { fail } from './errors';
import { Identity, objectMetadata } from './identity';
import { PodMount } from './mounts';
import { PropSpec, checkProps, defineProps, flag, list, map, optional, required, shape, text } from './props';
import { requireAbsolutePath, requireDataKey, requireDataSize, requireDnsSubdomain, requireEnvName } from './validate';

/**
 * Plain, non-secret settings. They are written to a ConfigMap named `<name>-config`; a change of
 * content rolls the pods through a checksum annotation on the pod template.
 */
export interface ConfigProps {
  /**
   * Settings exposed as environment variables. Keys are env names; values are strings, as
   * Kubernetes stores them (write `'8080'` and `'true'`, not `8080` and `true`: a number is
   * rejected rather than converted, the same as in `env`).
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
 * The check of an env value, in `env` and `config.env` alike: a string. Kubernetes keeps env values
 * and ConfigMap data as strings; a number or boolean is rejected rather than converted, so what
 * the chart says is exactly what the container sees.
 */
export const ENV_VALUE: PropSpec<string> = text('a string (Kubernetes env values are strings: write numbers and booleans in quotes, e.g. \'8080\')');

/** The table of {@link ConfigProps}. */
export const CONFIG_PROPS = defineProps<ConfigProps>('ConfigProps', {
  env: optional(map(ENV_VALUE, '{ LOG_LEVEL: \'info\' }')),
  files: optional(map(text('file content as a string'), '{ \'app.conf\': \'…\' }')),
  mountPath: optional(text()),
});

/** The table of {@link SecretKeyRef}. */
export const SECRET_KEY_REF_PROPS = defineProps<SecretKeyRef>('SecretKeyRef', {
  secretName: required(text()),
  key: required(text()),
});

/** The table of {@link SecretFiles}. */
export const SECRET_FILES_PROPS = defineProps<SecretFiles>('SecretFiles', {
  secretName: required(text()),
  mountPath: required(text()),
});

/** The table of {@link SecretsProps}. */
export const SECRETS_PROPS = defineProps<SecretsProps>('SecretsProps', {
  env: optional(map(shape(SECRET_KEY_REF_PROPS), '{ DB_PASSWORD: { secretName: \'db\', key: \'password\' } }')),
  files: optional(list(shape(SECRET_FILES_PROPS))),
});

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

/** The table of {@link AppSecretProps}. */
export const APP_SECRET_PROPS = defineProps<AppSecretProps>('AppSecretProps', {
  name: required(text()),
  stringData: required(map(text(), '{ password: \'…\' }')),
  immutable: optional(flag()),
});

/** A Secret created by the library, from values the user passes explicitly. */
@shipshapeConstruct
export class AppSecret extends Construct {
  /** The Secret's name. */
  public readonly secretName: string;
  private readonly keys: ReadonlySet<string>;

  constructor(scope: Construct, id: string, props: AppSecretProps) {
    super(scope, id);
    checkProps(this, props, APP_SECRET_PROPS);
    this.secretName = requireDnsSubdomain(this, 'name', props.name);
    const entries = Object.entries(props.stringData ?? {});
    if (entries.length === 0) fail(this, 'stringData', 'at least one key', props.stringData);
    for (const [key] of entries) requireDataKey(this, `stringData.${key}`, key, 'a Secret key');
    requireDataSize(this, 'stringData', entries.map(([, value]) => value));
    this.keys = new Set(entries.map(([key]) => key));
    new k8s.KubeSecret(this, 'Resource', {
      metadata: { name: this.secretName },
      type: 'Opaque',
      stringData: Object.fromEntries(sortedEntries(props.stringData)),
      ...(props.immutable ? { immutable: true } : {}),
    });
  }

  /** The Secret's keys, sorted. */
  public get keyNames(): readonly string[] {
    return [...this.keys].sort();
  }

  /** A reference to one of this Secret's keys, for `secrets.env` or a database's credentials. */
  public ref(key: string): SecretKeyRef {
    if (typeof key !== 'string' || !this.keys.has(key)) fail(this, 'key', `one of ${[...this.keys].map((k) => `'${k}'`).join(', ')}`, key);
    return { secretName: this.secretName, key };
  }
}

/** What configuration adds to a pod. */
export interface ConfigWiring {
  /** Env vars for the container: ConfigMap keys and Secret key references, each with its prop. */
  readonly env: EnvSource[];
  /** Pod volumes for config and secret files. */
  readonly volumes: k8s.Volume[];
  /** Read-only mounts of those volumes in the container, each with the prop it comes from. */
  readonly mounts: PodMount[];
  /** The ConfigMap's name and data, when one was created (the pod's config checksum covers it). */
  readonly configMap?: { readonly name: string; readonly data: Record<string, string> };
}

/** An env var and the prop that set it (undefined for one the construct sets itself). */
export interface EnvSource {
  /** The variable. */
  readonly env: k8s.EnvVar;
  /** The prop, e.g. `config.env.PORT`. */
  readonly prop: string | undefined;
  /** What set it when no prop did, e.g. 'the postgres preset'. */
  readonly origin?: string;
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
  const env: EnvSource[] = [];
  const volumes: k8s.Volume[] = [];
  const mounts: PodMount[] = [];
  let configMap: ConfigWiring['configMap'];

  const envEntries = sortedEntries(config?.env);
  const fileEntries = sortedEntries(config?.files);
  if (envEntries.length > 0 || fileEntries.length > 0) {
    for (const [key] of envEntries) {
      requireEnvName(scope, at(`config.env.${key}`), key);
      requireDataKey(scope, at(`config.env.${key}`), key, 'a ConfigMap key');
      if (looksLikeCredential(key)) fail(scope, at(`config.env.${key}`), 'a non-credential setting (credentials belong in a Secret: use secrets.env)', key);
    }
    for (const [key] of fileEntries) {
      requireDataKey(scope, at(`config.files.${key}`), key, 'a file name');
      if (looksLikeCredential(key)) fail(scope, at(`config.files.${key}`), 'a non-credential file (credentials belong in a Secret: use secrets.files)', key);
      // Both become keys of the one ConfigMap: the second would silently replace the first.
      if (config?.env !== undefined && Object.hasOwn(config.env, key)) fail(scope, at(`config.files.${key}`), 'a file name that is not also a config.env key (both are keys of one ConfigMap)', key);
    }
    const name = target.configMapName;
    const data = Object.fromEntries([...envEntries, ...fileEntries]);
    requireDataSize(scope, at('config'), Object.values(data));
    new k8s.KubeConfigMap(scope, target.constructId, { metadata: objectMetadata(target.identity, name), data });
    configMap = { name, data };
    for (const [key] of envEntries) env.push({ env: { name: key, valueFrom: { configMapKeyRef: { name, key } } }, prop: at(`config.env.${key}`) });
    if (fileEntries.length > 0) {
      const mountPath = requireAbsolutePath(scope, at('config.mountPath'), config?.mountPath ?? target.defaultMountPath);
      const volume = target.volumeName('config');
      volumes.push({ name: volume, configMap: { name, items: fileEntries.map(([key]) => ({ key, path: key })) } });
      mounts.push({ mount: { name: volume, mountPath, readOnly: true }, origin: at('config.mountPath'), userSet: config?.mountPath !== undefined });
    }
  }

  for (const [envName, ref] of sortedEntries(secrets?.env)) {
    requireEnvName(scope, at(`secrets.env.${envName}`), envName);
    env.push({ env: secretEnvVar(scope, at(`secrets.env.${envName}`), envName, ref), prop: at(`secrets.env.${envName}`) });
  }
  (secrets?.files ?? []).forEach((files, i) => {
    requireDnsSubdomain(scope, at(`secrets.files[${i}].secretName`), files.secretName);
    const mountPath = requireAbsolutePath(scope, at(`secrets.files[${i}].mountPath`), files.mountPath);
    const volume = target.volumeName(`secret-${i}`);
    volumes.push({ name: volume, secret: { secretName: files.secretName } });
    mounts.push({ mount: { name: volume, mountPath, readOnly: true }, origin: at(`secrets.files[${i}].mountPath`), userSet: true });
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
  requireDnsSubdomain(scope, `${prop}.secretName`, ref.secretName);
  requireDataKey(scope, `${prop}.key`, ref.key, 'a Secret key');
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

/**
 * Requires distinct env var names: Kubernetes keeps only the last of two, so the other setting
 * would silently vanish. The error names the prop the user set (the later one when both are).
 */
export function requireDistinctEnv(scope: IConstruct, sources: readonly EnvSource[]): void {
  const seen = new Map<string, EnvSource>();
  for (const source of sources) {
    const earlier = seen.get(source.env.name);
    if (earlier !== undefined) {
      const [blamed, other] = source.prop !== undefined ? [source, earlier] : [earlier, source];
      fail(scope, blamed.prop ?? `env.${source.env.name}`, `a variable name not set already (${other.prop ?? other.origin ?? 'the construct'} sets it)`, source.env.name);
    }
    seen.set(source.env.name, source);
  }
}

function sortedEntries<T>(record: Readonly<Record<string, T>> | undefined): [string, T][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
