import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { resolveResources } from '../../lib/core/resources';

const scope = (): Construct => new Construct(Testing.app(), 'app');

describe('resources', () => {
  test('the small preset: cpu 100m/500m, memory 256Mi request = limit, ephemeral-storage 128Mi/512Mi', () => {
    expect(resolveResources(scope(), undefined, 'small')).toEqual({
      requests: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
    });
  });

  test('setting only cpu keeps the memory and storage defaults (field-by-field merge)', () => {
    const r = resolveResources(scope(), { cpu: { limit: '2' } }, 'small');
    expect(r.limits.cpu).toBe('2');
    expect(r.requests.cpu).toBe('100m');
    expect(r.requests.memory).toBe('256Mi');
    expect(r.limits['ephemeral-storage']).toBe('512Mi');
  });

  test('a memory value given on one side sets both, so request equals limit', () => {
    expect(resolveResources(scope(), { memory: { limit: '1Gi' } }, 'small').requests.memory).toBe('1Gi');
    expect(resolveResources(scope(), { memory: { request: '1Gi' } }, 'small').limits.memory).toBe('1Gi');
  });

  test('a cpu request above the preset limit raises the limit with it', () => {
    const r = resolveResources(scope(), { cpu: { request: '2' } }, 'small');
    expect(r.requests.cpu).toBe('2');
    expect(r.limits.cpu).toBe('2');
  });

  test('guaranteed QoS sets the cpu request to the cpu limit', () => {
    const r = resolveResources(scope(), { preset: 'medium', guaranteed: true }, 'small');
    expect(r.requests.cpu).toBe('1');
    expect(r.limits.cpu).toBe('1');
    expect(r.requests.memory).toBe(r.limits.memory);
  });

  test.each([
    [{ cpu: { request: '2', limit: '1' } }, 'app: resources.cpu.request must be at most resources.cpu.limit (\'1\'), got \'2\''],
    [{ memory: { request: '1Gi', limit: '512Mi' } }, 'app: resources.memory.request must be at most resources.memory.limit (\'512Mi\'), got \'1Gi\''],
    [{ cpu: { limit: 'lots' } }, 'app: resources.cpu.limit must be a Kubernetes quantity'],
    [{ preset: 'huge' as never }, 'app: resources.preset must be one of \'micro\', \'small\', \'medium\', \'large\', got \'huge\''],
    [{ guaranteed: true, cpu: { request: '1', limit: '2' } }, 'app: resources.cpu.request must be equal to resources.cpu.limit (\'2\') when guaranteed is true, got \'1\''],
  ])('rejects %j', (props, message) => {
    expect(() => resolveResources(scope(), props, 'small')).toThrow(message);
  });
});
