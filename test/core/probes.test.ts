import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { HealthProbe } from '../../lib';
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
