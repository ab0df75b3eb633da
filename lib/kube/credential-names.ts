/*
 * What a credential looks like, by name and by value. One definition for both sides: the
 * constructs refuse such names in ConfigMaps and literal env, and the policy rules
 * `configmap-credentials` and `env-literal-secret` report them in any YAML. Pure: no imports.
 *
 * Where the line is drawn (docs/policy.md repeats it for users):
 * - kube-linter flags env names containing "secret" (env-var-secret) and ConfigMap keys containing
 *   password, secret, token, api_key, apikey, private_key or credential (configmap-with-credentials).
 *   Shipshape reads a name as words (`AZURE_BATCH_KEY`, `dbPassword`, `api-key.txt`) and flags the
 *   same words plus passwd, passphrase, pwd, pass, creds, and keys:
 * - a name whose last word is "key" holds a key (`AZURE_BATCH_KEY`, `STRIPE_KEY`, `tls.key`), and
 *   so does "key" followed by a word for its content (`OCI_CLI_KEY_CONTENT`, `SSH_KEY_DATA`),
 *   unless the word before says it is a data or public key (`CACHE_KEY`, `SORT_KEY`, `PUBLIC_KEY`);
 *   "key" elsewhere (`CACHE_KEY_PREFIX`, `KEY_ROTATION_DAYS`) is not a credential;
 * - compounds name a credential wherever they stand: api/access/auth/private/secret/signing/
 *   encryption/master/client key, client secret;
 * - a name whose last word says it points at or describes a credential is not one:
 *   `DB_PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`, `AWS_ACCESS_KEY_ID`, `TOKEN_TTL`, and the
 *   discovery variables Shipshape and Kubernetes write for a Service (`TOKEN_SERVICE_HOST`,
 *   `SECRET_STORE_PORT`).
 */

/** Words that name a credential on their own. */
const CREDENTIAL_WORDS = new Set([
  'password', 'passwd', 'passphrase', 'pwd', 'pass', 'secret', 'secrets', 'token', 'tokens',
  'credential', 'credentials', 'creds', 'apikey', 'privatekey', 'accesskey', 'secretkey',
]);

/** Words before "key" that make it a credential wherever the pair stands. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'auth', 'private', 'secret', 'signing', 'encryption', 'master', 'client', 'license']);

/** Words after "key" that name its content: the value is the key itself. */
const KEY_CONTENT = new Set(['content', 'contents', 'data', 'pem', 'b64', 'base64', 'value', 'material']);

/** Words before "key" that make it a data-structure or public key, not a credential. */
const NON_SECRET_KEYS = new Set([
  'cache', 'sort', 'partition', 'primary', 'foreign', 'routing', 'shard', 'lookup', 'idempotency',
  'public', 'pub', 'hash', 'dedup', 'dedupe', 'map', 'group', 'index', 'row', 'object', 'storage',
]);

/**
 * Last words of names that point at a credential or describe it rather than hold it. `host` and
 * `port` cover the discovery variables of connections (`<PREFIX>_HOST`, `<PREFIX>_PORT`) and the
 * `<SERVICE>_SERVICE_HOST` / `_PORT` variables Kubernetes injects.
 */
const NON_CREDENTIAL_LAST_WORDS = new Set([
  'file', 'files', 'path', 'dir', 'directory', 'ref', 'name', 'url', 'uri', 'endpoint', 'host',
  'hostname', 'port', 'id', 'ttl', 'expiry', 'expiration', 'timeout', 'length', 'size', 'algorithm',
  'header', 'issuer', 'audience', 'type', 'prefix', 'enabled', 'disabled', 'mode', 'version', 'count',
]);

/** Splits `AZURE_BATCH_KEY`, `dbPassword`, `api-key.txt`, `HTTPClientSecret` into lower-case words. */
export function nameWords(name: string): string[] {
  // One pass, no regular expressions: names come from any YAML and may be megabytes long.
  const words: string[] = [];
  let start = -1;
  const kind = (code: number): 'upper' | 'lower' | 'digit' | 'other' => (code >= 65 && code <= 90 ? 'upper'
    : code >= 97 && code <= 122 ? 'lower' : code >= 48 && code <= 57 ? 'digit' : 'other');
  for (let i = 0; i <= name.length; i++) {
    const here = i < name.length ? kind(name.charCodeAt(i)) : 'other';
    const before = i > 0 ? kind(name.charCodeAt(i - 1)) : 'other';
    const after = i + 1 < name.length ? kind(name.charCodeAt(i + 1)) : 'other';
    // A word ends before a non-alphanumeric, before "Password" in "dbPassword", before "Secret" in "HTTPSecret".
    const boundary = here === 'other'
      || (here === 'upper' && (before === 'lower' || before === 'digit' || (before === 'upper' && after === 'lower')));
    if (boundary && start >= 0) {
      words.push(name.slice(start, i).toLowerCase());
      start = -1;
    }
    if (here !== 'other' && start < 0) start = i;
  }
  return words;
}

/** Whether a setting's name (env variable, ConfigMap key, file name) says it holds a credential. */
export function isCredentialName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  if (words.length > 1 && NON_CREDENTIAL_LAST_WORDS.has(last)) return false;
  return words.some((word, i) => {
    if (CREDENTIAL_WORDS.has(word)) return true;
    if (word !== 'key') return false;
    const before = i > 0 ? words[i - 1] : '';
    if (KEY_QUALIFIERS.has(before)) return true;
    if (NON_SECRET_KEYS.has(before)) return false;
    const after = words[i + 1];
    return after === undefined || KEY_CONTENT.has(after);
  });
}

const PEM_PRIVATE_KEY_END = 'PRIVATE KEY-----';
const PEM_BEGIN = '-----BEGIN ';
const DASHES = '-----';

/** `-----BEGIN [A-Z ]*PRIVATE KEY-----` anywhere in the text, found in linear time. */
function hasPemPrivateKey(text: string): boolean {
  for (let at = text.indexOf(PEM_PRIVATE_KEY_END); at >= 0; at = text.indexOf(PEM_PRIVATE_KEY_END, at + 1)) {
    // Walk back over "BEGIN " and the key type ("RSA ", "EC "…) to the dashes; a '-' ends every
    // walk, so walks never overlap.
    let start = at;
    while (start > 0 && /[A-Z ]/.test(text[start - 1])) start--;
    if (text.startsWith(PEM_BEGIN, start - DASHES.length)) return true;
  }
  return false;
}

const URL_USERINFO_END = /[/\s@]/;

/**
 * A URL with an inline password (`scheme://user:password@host`) anywhere in the text, in linear
 * time: each `://` is followed only up to the next '/', whitespace or '@'.
 */
function hasUrlPassword(text: string): boolean {
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    if (at === 0 || !/[a-z0-9+.-]/i.test(text[at - 1])) continue;
    let end = at + 3;
    while (end < text.length && !URL_USERINFO_END.test(text[end])) end++;
    if (text[end] !== '@') continue;
    const userinfo = text.slice(at + 3, end);
    const colon = userinfo.indexOf(':');
    if (colon > 0 && colon < userinfo.length - 1) return true;
  }
  return false;
}

/** Whether a value is a credential whatever its name: a PEM private key, or a URL with an inline password. */
export function isCredentialValue(value: string): boolean {
  return hasPemPrivateKey(value) || hasUrlPassword(value);
}
