import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { AppSecret, SecretKeyRef, secretEnvVar } from '../../core/config';
import { fail } from '../../core/errors';
import { defineProps, either, instanceOf, optional, required, text } from '../../core/props';
import { requireDataKey, requireDnsSubdomain } from '../../core/validate';
import { ResolvedEngine } from './engines';

/**
 * Where a database's credentials come from: always a Secret, never a ConfigMap or a literal.
 *
 * Either name an existing Secret (managed outside the chart: sealed-secrets, external-secrets,
 * `kubectl create secret`), or pass an {@link AppSecret}, which the chart creates from values you
 * pass explicitly. Shipshape never invents a password: a random one would change on every synth.
 *
 * Changeable, but most images read credentials only when they initialise an empty volume: changing
 * the Secret later does not change the password stored in the database.
 */
export interface DatabaseCredentials {
  /** The Secret: the name of one in the database's namespace, or an AppSecret. */
  readonly secret: string | AppSecret;
  /**
   * The key holding the user name. Engines without a user name (redis, a custom engine without
   * `credentialEnv.username`) pass it to clients only when it is given.
   * @default 'username'
   */
  readonly usernameKey?: string;
  /**
   * The key holding the password.
   * @default 'password'
   */
  readonly passwordKey?: string;
  /**
   * The key holding the superuser password, for engines that have one apart from the user
   * (mysql's root).
   * @default - the `passwordKey`
   */
  readonly rootPasswordKey?: string;
  /**
   * The key holding the password of the replication role that the postgres preset's read
   * replicas stream from the primary with (see `replication`). A key of its own keeps that password
   * away from clients, which receive the `passwordKey`. Ignored by every other engine and without
   * read replicas; redis replicas authenticate with the password itself.
   * @default - the `passwordKey`
   */
  readonly replicationPasswordKey?: string;
}

/** The table of {@link DatabaseCredentials}. */
export const DATABASE_CREDENTIALS_PROPS = defineProps<DatabaseCredentials>('DatabaseCredentials', {
  secret: required(either(text(), instanceOf(AppSecret, 'an AppSecret'), 'the name of a Secret or an AppSecret')),
  usernameKey: optional(text()),
  passwordKey: optional(text()),
  rootPasswordKey: optional(text()),
  replicationPasswordKey: optional(text()),
});

/** Credentials reduced to validated Secret key references. */
export interface ResolvedCredentials {
  /** The Secret holding the credentials. */
  readonly secretName: string;
  /** Absent for engines without user names, unless a usernameKey is given. */
  readonly username?: SecretKeyRef;
  /** The password key. */
  readonly password: SecretKeyRef;
  /** The administrator password key (the password key unless rootPasswordKey is given). */
  readonly rootPassword: SecretKeyRef;
  /** The replication role's password key (the password key unless replicationPasswordKey is given). */
  readonly replicationPassword: SecretKeyRef;
}

/** Validates the `credentials` prop; an AppSecret also checks that it holds the keys. */
export function resolveCredentials(scope: IConstruct, credentials: DatabaseCredentials | undefined, engine: ResolvedEngine): ResolvedCredentials | undefined {
  if (credentials === undefined) {
    if (engine.requiresCredentials) {
      fail(scope, 'credentials', `a Secret reference ({ secret, usernameKey, passwordKey }): the ${engine.kind} preset never runs without a password`, credentials);
    }
    return undefined;
  }
  const { secret } = credentials;
  const keyRef = (prop: string, key: string): SecretKeyRef => {
    if (secret instanceof AppSecret) {
      if (!secret.keyNames.includes(key)) fail(scope, `credentials.${prop}`, `a key of the AppSecret ${secret.secretName} (${secret.keyNames.join(', ')})`, key);
      return secret.ref(key);
    }
    return { secretName: requireDnsSubdomain(scope, 'credentials.secret', secret), key: requireDataKey(scope, `credentials.${prop}`, key, 'a Secret key') };
  };
  const wantsUsername = engine.credentialEnv.username !== undefined || credentials.usernameKey !== undefined;
  const username = wantsUsername ? keyRef('usernameKey', credentials.usernameKey ?? 'username') : undefined;
  const password = keyRef('passwordKey', credentials.passwordKey ?? 'password');
  const rootPassword = credentials.rootPasswordKey === undefined ? password : keyRef('rootPasswordKey', credentials.rootPasswordKey);
  const replicationPassword = credentials.replicationPasswordKey === undefined ? password : keyRef('replicationPasswordKey', credentials.replicationPasswordKey);
  return { secretName: password.secretName, username, password, rootPassword, replicationPassword };
}

/** The database container's credential env: secretKeyRef for secrets, a value for the database name. */
export function serverCredentialEnv(scope: IConstruct, engine: ResolvedEngine, credentials: ResolvedCredentials | undefined, databaseName: string | undefined): k8s.EnvVar[] {
  const names = engine.credentialEnv;
  const env: k8s.EnvVar[] = [];
  if (credentials) {
    if (names.username && credentials.username) env.push(secretEnvVar(scope, 'credentials.usernameKey', names.username, credentials.username));
    if (names.password) env.push(secretEnvVar(scope, 'credentials.passwordKey', names.password, credentials.password));
    if (names.rootPassword) env.push(secretEnvVar(scope, 'credentials.rootPasswordKey', names.rootPassword, credentials.rootPassword));
  }
  if (names.database && databaseName !== undefined) env.push({ name: names.database, value: databaseName });
  return env;
}

/**
 * A client's env: `<PREFIX>_USER` and `<PREFIX>_PASSWORD` from the same Secret keys (a Secret
 * reference resolves in the client's own namespace, so across namespaces a Secret of that name
 * must exist there too), and `<PREFIX>_DATABASE` as a value.
 */
export function clientCredentialEnv(engine: ResolvedEngine, credentials: ResolvedCredentials | undefined, databaseName: string | undefined, prefix: string): k8s.EnvVar[] {
  const env: k8s.EnvVar[] = [];
  const fromSecret = (name: string, ref: SecretKeyRef): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } } });
  if (credentials) {
    if (credentials.username) env.push(fromSecret(`${prefix}_USER`, credentials.username));
    env.push(fromSecret(`${prefix}_PASSWORD`, credentials.password));
  }
  if (engine.hasDatabase && databaseName !== undefined) env.push({ name: `${prefix}_DATABASE`, value: databaseName });
  return env;
}
