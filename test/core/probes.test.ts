import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ExecProbe, HealthProbe } from '../../lib';
import { renderProbe, requireDistinctProbes } from '../../lib/core/probes';

const scope = (): Construct => new Construct(Testing.app(), 'api');
const ports = [{ name: 'http', containerPort: 8080 }, { name: 'grpc', containerPort: 9090 }];

describe('probes', () => {
  test('readiness defaults: every 10 s, 3 s timeout, 3 failures, on the first declared port by name', () => {
    expect(renderProbe(scope(), 'readinessProbe', HealthProbe.http('/ready'), 'readiness', ports)).toEqual({
      httpGet: { path: '/ready', port: { value: 'http' }, scheme: 'HTTP' },
      initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3, successThreshold: 1,
    });
  });

  test('liveness is more tolerant than readiness: every 20 s, 6 failures, after 10 s', () => {
    expect(renderProbe(scope(), 'livenessProbe', HealthProbe.tcp(), 'liveness', ports)).toMatchObject({
      tcpSocket: { port: { value: 'http' } }, initialDelaySeconds: 10, periodSeconds: 20, failureThreshold: 6,
    });
  });

  test('startup probes allow a slow start: 30 failures every 5 s', () => {
    expect(renderProbe(scope(), 'startupProbe', HealthProbe.exec(['true']), 'startup', ports)).toMatchObject({
      exec: { command: ['true'] }, periodSeconds: 5, failureThreshold: 30,
    });
  });

  test('gRPC probes take the port number', () => {
    expect(renderProbe(scope(), 'readinessProbe', HealthProbe.grpc({ port: 'grpc' as never, service: 'orders' }), 'readiness', ports).grpc)
      .toEqual({ port: 9090, service: 'orders' });
  });

  test('a probe port must be a declared container port', () => {
    expect(() => renderProbe(scope(), 'readinessProbe', HealthProbe.http('/', { port: 9999 }), 'readiness', ports)).toThrow(
      'api: readinessProbe.port must be one of the container\'s declared ports (http/8080, grpc/9090), got 9999',
    );
  });

  test('liveness and startup probes must have successThreshold 1', () => {
    expect(() => renderProbe(scope(), 'livenessProbe', HealthProbe.tcp({ successThreshold: 2 }), 'liveness', ports)).toThrow(
      'api: livenessProbe.successThreshold must be an integer from 1 to 1, got 2',
    );
  });

  test('rejects an HTTP path without a leading slash and an empty exec command', () => {
    expect(() => renderProbe(scope(), 'readinessProbe', HealthProbe.http('ready'), 'readiness', ports)).toThrow('api: readinessProbe.path must be an HTTP path starting with \'/\', got \'ready\'');
    expect(() => renderProbe(scope(), 'readinessProbe', HealthProbe.exec([]), 'readiness', ports)).toThrow('api: readinessProbe.command must be a non-empty list of strings, got []');
  });

  test('readiness and liveness may not perform the same check, whatever their timings', () => {
    const s = scope();
    const readiness = renderProbe(s, 'readinessProbe', HealthProbe.http('/health'), 'readiness', ports);
    const liveness = renderProbe(s, 'livenessProbe', HealthProbe.http('/health'), 'liveness', ports);
    expect(() => requireDistinctProbes(s, readiness, liveness)).toThrow('api: livenessProbe must be a different check from readinessProbe');
    const other = renderProbe(s, 'livenessProbe', HealthProbe.http('/live'), 'liveness', ports);
    expect(() => requireDistinctProbes(s, readiness, other)).not.toThrow();
  });
});

describe('the heartbeat probe, run by a real shell', () => {
  // The probe runs in the container with its own sh, date and stat: GNU coreutils (Debian,
  // Ubuntu images) or BusyBox (Alpine and distroless-debug images). Both are run here.
  const busybox = ['/usr/bin/busybox', '/bin/busybox'].find((p) => fs.existsSync(p));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-heartbeat-'));
  const file = path.join(dir, 'heartbeat');
  // A PATH holding only BusyBox applets, so that sh, date, stat and [ are all BusyBox's.
  const busyboxBin = path.join(dir, 'busybox-bin');
  if (busybox) {
    fs.mkdirSync(busyboxBin);
    for (const applet of ['sh', 'date', 'stat', '[']) fs.symlinkSync(busybox, path.join(busyboxBin, applet));
  }
  const toolsets: [string, NodeJS.ProcessEnv | undefined][] = [
    ['GNU coreutils and the system sh', process.env],
    ['BusyBox', busybox ? { PATH: busyboxBin } : undefined],
  ];

  function run(env: NodeJS.ProcessEnv | undefined, probe: ExecProbe): number | null {
    const [command, ...args] = probe.command;
    return spawnSync(command, args, { env }).status;
  }

  // CI installs BusyBox (.ci/run); elsewhere its cases are skipped when it is missing.
  describe.each(toolsets)('with %s', (_name, toolset) => {
    const maybe = toolset === undefined ? test.skip : test;
    const probe = HealthProbe.heartbeat(file, { maxAgeSeconds: 60 });

    maybe('passes while the file was touched within maxAgeSeconds', () => {
      fs.writeFileSync(file, '');
      expect(run(toolset, probe)).toBe(0);
    });

    maybe('fails once the file is older', () => {
      fs.writeFileSync(file, '');
      const stale = Date.now() / 1000 - 120;
      fs.utimesSync(file, stale, stale);
      expect(run(toolset, probe)).toBe(1);
    });

    maybe('fails while the file does not exist (the worker has not started its loop)', () => {
      fs.rmSync(file, { force: true });
      expect(run(toolset, probe)).not.toBe(0);
    });

    maybe('reads a path with spaces and quotes as a path, never as shell', () => {
      const odd = path.join(dir, 'it\'s "a" $(beat)');
      fs.writeFileSync(odd, '');
      expect(run(toolset, HealthProbe.heartbeat(odd))).toBe(0);
    });
  });

  test('defaults to 60 seconds and the liveness timings it is given', () => {
    expect(HealthProbe.heartbeat('/tmp/heartbeat', { periodSeconds: 30 })).toEqual({
      kind: 'exec', periodSeconds: 30,
      command: ['sh', '-c', '[ -f "$1" ] && [ $(( $(date +%s) - $(stat -c %Y "$1") )) -le "$2" ]', 'heartbeat', '/tmp/heartbeat', '60'],
    });
  });
});
