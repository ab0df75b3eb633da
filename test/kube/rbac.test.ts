import { builtInRolePowers, rulePowers } from '../../lib/kube/rbac';

const rule = (resources: string[], verbs: string[], apiGroups = ['']): { apiGroups: string[]; resources: string[]; verbs: string[] } => ({ apiGroups, resources, verbs });

describe('RBAC powers', () => {
  test.each([
    [rule(['pods/exec'], ['create']), 'pod-exec', 'create pods/exec'],
    [rule(['pods/attach'], ['get']), 'pod-exec', 'get pods/attach'],
    [rule(['pods/exec'], ['list']), 'pod-exec', 'list pods/exec'],
    [rule(['pods/ephemeralcontainers'], ['patch']), 'pod-exec', 'patch pods/ephemeralcontainers'],
    [rule(['nodes/proxy'], ['get']), 'pod-exec', 'get nodes/proxy'],
    [rule(['pods/*'], ['create']), 'pod-exec', 'create pods/exec'],
    [rule(['*/exec'], ['get']), 'pod-exec', 'get pods/exec'],
    [rule(['*'], ['*'], ['*']), 'pod-exec', '* pods/exec'],
    [rule(['secrets'], ['update']), 'secret-write', 'update secrets'],
    [rule(['serviceaccounts/token'], ['create']), 'service-account-tokens', 'create serviceaccounts/token'],
  ])('%j gives %s (%s)', (given, power, via) => {
    const [verb, resource] = via.split(' ');
    expect(rulePowers(given)).toContainEqual({ power, verb, resource });
  });

  test.each([
    rule(['pods', 'pods/log'], ['get', 'list', 'watch']),
    rule(['secrets'], ['get', 'list', 'watch']),
    rule(['pods/exec'], ['create'], ['apps']),
    rule(['serviceaccounts'], ['get']),
    rule(['pods/exec'], []),
  ])('%j gives no power', (given) => {
    expect(rulePowers(given)).toEqual([]);
  });

  test('a wildcard grant reports each power once', () => {
    expect(rulePowers(rule(['*'], ['*'])).map((p) => p.power)).toEqual(['pod-exec', 'secret-write', 'service-account-tokens']);
  });
});

describe('built-in role powers', () => {
  test.each([['edit', 3], ['admin', 3], ['view', 0], ['custom-reader', 0], ['constructor', 0], ['__proto__', 0]])('%s has %d', (role, count) => {
    expect(builtInRolePowers(role)).toHaveLength(count);
  });
});
