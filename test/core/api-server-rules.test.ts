import { Chart, Testing } from 'cdk8s';
import { Access, AppSecret, CronTask, StatefulDatabase, Task, WebApp } from '../../lib';
import { expectValidOutput, shipshapeErrorOf, synthObjects, testChart } from '../support/manifests';

// Values the API server (or the kubelet) would reject are rejected when the construct is built.
/* eslint-disable @typescript-eslint/no-explicit-any */
const image = 'ghcr.io/acme/api:1.4.2';
const webApp = (props: Record<string, unknown>, chart: Chart = testChart('shop')): WebApp => new WebApp(chart, 'api', { name: 'api', image, port: 8080, ...props } as any);
const messageOf = (build: () => unknown): string => shipshapeErrorOf(build).message;

describe('integers fit the 32-bit fields of the API', () => {
  test.each([
    ['replicas', { replicas: 2 ** 31 }, 'test/api: replicas must be an integer from 1 to 2147483647, got 2147483648'],
    ['a probe timing', { readinessProbe: { kind: 'tcp', periodSeconds: 2 ** 31 } }, 'test/api: readinessProbe.periodSeconds must be an integer from 1 to 2147483647, got 2147483648'],
    ['the revision history', { revisionHistoryLimit: 2 ** 40 }, 'test/api: revisionHistoryLimit must be an integer from 0 to 2147483647, got 1099511627776'],
  ])('%s', (_, props, message) => {
    expect(messageOf(() => webApp(props))).toBe(message);
  });

  test('a StatefulSet partition and a CronJob history limit', () => {
    expect(messageOf(() => new StatefulDatabase(testChart('shop'), 'db', { name: 'db', image: 'redis:7.4', engine: 'redis', credentials: { secret: 'db' }, partition: 2 ** 31 })))
      .toBe('test/db: partition must be an integer from 0 to 2147483647, got 2147483648');
    expect(messageOf(() => new CronTask(testChart('shop'), 'job', { name: 'job', image, schedule: '@daily', failedJobsHistoryLimit: 2 ** 31 })))
      .toBe('test/job: failedJobsHistoryLimit must be an integer from 0 to 2147483647, got 2147483648');
  });
});

describe('names fit the kind of object they name', () => {
  test('a Service name starts with a letter (RFC 1035)', () => {
    expect(messageOf(() => webApp({ name: '1api' })))
      .toBe('test/api: name must be a DNS-1035 label (lower-case letters, digits and \'-\', starting with a letter and ending with a letter or digit, at most 63 characters: it names a Service), got \'1api\'');
  });

  test('a batch workload emits no Service, so its name may start with a digit', () => {
    expectValidOutput(synthObjects(new Task(testChart('shop'), 'job', { name: '1-migrate', image }).node.scope as Chart));
  });

  test('a database named 9-lives fails on its name, not on the databaseName derived from it', () => {
    expect(messageOf(() => new StatefulDatabase(testChart('shop'), 'db', { name: '9-lives', image: 'postgres:16.4', engine: 'postgres', credentials: { secret: 'db' } })))
      .toMatch(/^test\/db: name must be a DNS-1035 label .*, got '9-lives'$/);
  });

  test('a plain Chart\'s namespace is a DNS-1123 label', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'Shop Prod' });
    expect(messageOf(() => new WebApp(chart, 'api', { name: 'api', image, port: 8080 })))
      .toBe('shop: namespace must be a DNS-1123 label (lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters), got \'Shop Prod\'');
  });

  test('a binding name stays within 253 characters', () => {
    const chart = testChart('shop');
    const task = new Task(chart, 'job', { name: 'job', image });
    const role = `r${'.a'.repeat(125)}`;
    expect(messageOf(() => new Access(chart, 'access', { workload: task, clusterRole: role })))
      .toBe(`test/access: clusterRole must be a name short enough for the binding job.<clusterRole> (at most 253 characters), got '${role.slice(0, 100)}…(251 characters)'`);
  });

  test('an image reference follows the registry grammar', () => {
    expect(messageOf(() => webApp({ image: 'a..b/api:1.4.2' }))).toMatch(/^test\/api: image must be a pinned image reference.*, got 'a\.\.b\/api:1\.4\.2'$/);
  });
});

describe('ConfigMap and Secret keys', () => {
  test.each(['.', '..', '..x', 'x'.repeat(254)])('a config file named %j', (key) => {
    expect(messageOf(() => webApp({ config: { files: { [key]: 'x' } } })))
      .toContain('must be a file name of letters, digits, \'-\', \'_\' and \'.\' (at most 253 characters, not \'.\' and not starting with \'..\')');
  });

  test('a config.env key and a config file of one name would be one ConfigMap key', () => {
    expect(messageOf(() => webApp({ config: { env: { MODE: 'a' }, files: { MODE: 'b' } } })))
      .toBe('test/api: config.files.MODE must be a file name that is not also a config.env key (both are keys of one ConfigMap), got \'MODE\'');
  });

  test('config of more than 1 MiB', () => {
    expect(messageOf(() => webApp({ config: { files: { 'a.txt': 'x'.repeat(1024 * 1024), 'b.txt': 'y' } } })))
      .toBe('test/api: config must be at most 1048576 bytes of data in all (a ConfigMap or Secret holds at most 1 MiB), got 1048577 bytes');
  });

  test('a Secret key reference, a database credential key and an AppSecret key', () => {
    expect(messageOf(() => webApp({ secrets: { env: { TOKEN: { secretName: 'api', key: '..' } } } }))).toContain('test/api: secrets.env.TOKEN.key must be a Secret key of letters');
    expect(messageOf(() => new StatefulDatabase(testChart('shop'), 'db', { name: 'db', image: 'redis:7.4', engine: 'redis', credentials: { secret: 'db', passwordKey: '.' } })))
      .toContain('test/db: credentials.passwordKey must be a Secret key of letters');
    expect(messageOf(() => new AppSecret(testChart('shop'), 'secret', { name: 'db', stringData: { '..data': 'x' } }))).toContain('test/secret: stringData...data must be a Secret key of letters');
  });

  test('the same variable from env and config.env', () => {
    expect(messageOf(() => webApp({ env: { MODE: 'a' }, config: { env: { MODE: 'b' } } })))
      .toBe('test/api: config.env.MODE must be a variable name not set already (env.MODE sets it), got \'MODE\'');
  });
});

describe('annotations', () => {
  test.each(['a b', 'a/b/c', '-x'])('the key %j', (key) => {
    expect(messageOf(() => webApp({ podAnnotations: { [key]: 'x' } }))).toContain(`test/api: podAnnotations.${key} must be an annotation key such as 'example.com/team'`);
  });

  test('an annotation Shipshape writes itself', () => {
    expect(messageOf(() => webApp({ podAnnotations: { 'shipshape.dev/config-checksum': 'x' } })))
      .toBe('test/api: podAnnotations.shipshape.dev/config-checksum must be an annotation Shipshape does not set itself, got \'shipshape.dev/config-checksum\'');
  });

  test('more than 256 KiB of Ingress annotations', () => {
    expect(messageOf(() => webApp({ ingress: { host: 'shop.example.com', annotations: { 'example.com/a': 'x'.repeat(256 * 1024) } } })))
      .toBe('test/api: ingress.annotations must be annotations of at most 262144 bytes in all, got 262157 bytes');
  });
});

describe('Ingress and HTTPRoute', () => {
  test.each([
    ['an IP address as Ingress host', { ingress: { host: '10.0.0.1' } }, 'test/api: ingress.host must be a fully qualified host name such as \'shop.example.com\', not an IP address (a leading \'*.\' is allowed), got \'10.0.0.1\''],
    ['an Ingress path //', { ingress: { host: 'shop.example.com', path: '//' } }, 'test/api: ingress.path must be a path starting with \'/\', without \'//\', \'/./\', \'/../\' or an encoded \'/\', not ending in \'/.\' or \'/..\' (this one contains \'//\'), got \'//\''],
    ['an Ingress path /a/../b', { ingress: { host: 'shop.example.com', path: '/a/../b' } }, 'test/api: ingress.path must be a path starting with \'/\', without \'//\', \'/./\', \'/../\' or an encoded \'/\', not ending in \'/.\' or \'/..\' (this one contains \'/../\'), got \'/a/../b\''],
  ])('%s', (_, props, message) => {
    expect(messageOf(() => webApp(props))).toBe(message);
  });

  test.each([['#', '/a#b'], ['%2F', '/a%2Fb'], ['non-ASCII', '/straße']])('an HTTPRoute path with %s', (_, path) => {
    expect(messageOf(() => webApp({ httpRoute: { parentRefs: [{ name: 'gw' }], pathPrefixes: [path] } }))).toMatch(/^test\/api: httpRoute\.pathPrefixes\[0\] must be a path starting with '\/', of URL path characters/);
  });

  test('more than 16 HTTPRoute host names', () => {
    const hostnames = Array.from({ length: 17 }, (_, i) => `h${i}.example.com`);
    expect(messageOf(() => webApp({ httpRoute: { parentRefs: [{ name: 'gw' }], hostnames } }))).toMatch(/^test\/api: httpRoute\.hostnames must be at most 16 host names, got \[/);
  });
});

describe('egress CIDR blocks', () => {
  test('an except block outside its cidr', () => {
    expect(messageOf(() => webApp({ egress: [{ cidr: '10.0.0.0/16', except: ['10.1.0.0/24'], ports: [{ port: 443 }] }] })))
      .toBe('test/api: egress[0].except[0] must be a block inside egress[0].cidr (10.0.0.0/16) with a longer prefix, got \'10.1.0.0/24\'');
  });

  test('malformed IPv6', () => {
    expect(messageOf(() => webApp({ egress: [{ cidr: '2001:db8::1::/64', ports: [{ port: 443 }] }] })))
      .toBe('test/api: egress[0].cidr must be a CIDR block such as \'10.0.0.0/8\' or \'2001:db8::/32\', got \'2001:db8::1::/64\'');
  });

  test('IPv6 blocks with an except inside are accepted', () => {
    const objects = synthObjects(webApp({ egress: [{ cidr: '2001:db8::/32', except: ['2001:db8:1::/48'], ports: [{ port: 443 }] }] }).node.scope as Chart);
    expectValidOutput(objects);
  });
});

describe('pod security and scheduling', () => {
  test.each(['/var/lib/kubelet/seccomp/audit.json', '', '../audit.json'])('a seccompLocalhostProfile of %j', (profile) => {
    expect(messageOf(() => webApp({ security: { seccompLocalhostProfile: profile } })))
      .toContain('test/api: security.seccompLocalhostProfile must be a path relative to the kubelet\'s seccomp directory');
  });

  test.each(['PST', 'IST', 'us/pacific', 'SystemV/AST4'])('the time zone %s, which JavaScript knows and Kubernetes does not', (zone) => {
    expect(messageOf(() => new CronTask(testChart('shop'), 'job', { name: 'job', image, schedule: '@daily', timeZone: zone })))
      .toMatch(/^test\/job: timeZone must be a time zone of the IANA tz database/);
  });

  test('a cron step beyond its field', () => {
    expect(messageOf(() => new CronTask(testChart('shop'), 'job', { name: 'job', image, schedule: '*/99999999999 * * * *' })))
      .toBe('test/job: schedule minute step must be a whole number from 1 to 59, got 99999999999 in \'*/99999999999 * * * *\'');
  });

  test('a cpu request above its limit by less than a float can tell', () => {
    expect(messageOf(() => webApp({ resources: { cpu: { request: '1.0000000000000001', limit: '1' } } })))
      .toBe('test/api: resources.cpu.request must be at most resources.cpu.limit (\'1\'), got \'1.0000000000000001\'');
  });

  test('a guaranteed cpu request equal to its limit in other units', () => {
    expectValidOutput(synthObjects(webApp({ resources: { guaranteed: true, cpu: { request: '1', limit: '1000m' } } }).node.scope as Chart));
  });
});
