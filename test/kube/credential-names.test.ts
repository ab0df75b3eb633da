import { isCredentialName, isCredentialValue, nameWords } from '../../lib/kube/credential-names';

describe('credential names', () => {
  test('names are read as words across case styles and separators', () => {
    expect(nameWords('HTTPClientSecret')).toEqual(['http', 'client', 'secret']);
    expect(nameWords('dbPassword')).toEqual(['db', 'password']);
    expect(nameWords('api-key.txt')).toEqual(['api', 'key', 'txt']);
    expect(nameWords('AZURE_BATCH_KEY')).toEqual(['azure', 'batch', 'key']);
  });

  test.each([
    'DB_PASSWORD', 'dbPassword', 'DB_PASS', 'API_TOKEN', 'GITHUB_TOKEN', 'SESSION_SECRET', 'HTTPClientSecret',
    'AZURE_BATCH_KEY', 'OCI_CLI_KEY_CONTENT', 'SSH_KEY_DATA', 'STRIPE_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'tls.key',
    'api-key.txt', 'CREDENTIALS', 'PASSPHRASE',
  ])('%s names a credential', (name) => {
    expect(isCredentialName(name)).toBe(true);
  });

  test.each([
    // Data-structure and public keys, and "key" not at the end nor followed by its content.
    'CACHE_KEY_PREFIX', 'CACHE_KEY', 'SORT_KEY', 'PUBLIC_KEY', 'KEY_ROTATION_DAYS',
    // Names that point at or describe a credential.
    'DB_PASSWORD_FILE', 'TOKEN_URL', 'SECRET_NAME', 'AWS_ACCESS_KEY_ID', 'TOKEN_TTL', 'PASSWORD_MIN_LENGTH',
    // Discovery variables of connections and of Kubernetes Services.
    'TOKEN_SERVICE_HOST', 'SECRET_STORE_PORT', 'TOKEN_SERVICE_SERVICE_PORT',
    // Words that merely contain a credential word.
    'BYPASS_CACHE', 'PASSTHROUGH', 'MONKEY', 'KEYCLOAK_URL', 'LOG_LEVEL',
  ])('%s does not name a credential', (name) => {
    expect(isCredentialName(name)).toBe(false);
  });
});

describe('credential values', () => {
  test.each([
    ['a PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE…'],
    ['an unencrypted PKCS#8 key', 'key: |\n  -----BEGIN PRIVATE KEY-----\n  MIIE…'],
    ['a URL with a password', 'postgres://app:hunter2@db:5432/orders'],
  ])('%s is a credential whatever its name', (_what, value) => {
    expect(isCredentialValue(value)).toBe(true);
  });

  test.each([
    ['a public certificate', '-----BEGIN CERTIFICATE-----\nMIIC…'],
    ['a URL with a user only', 'postgres://app@db:5432/orders'],
    ['a URL with a port', 'http://api:8080/v1'],
    ['a scheme without a name before it', '://user:pass@host'],
  ])('%s is not', (_what, value) => {
    expect(isCredentialValue(value)).toBe(false);
  });
});
