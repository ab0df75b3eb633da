import { isLocalDescendingPath, isNormalAbsolutePath } from '../../lib/kube/paths';

describe('path grammars', () => {
  test.each([['/', true], ['/var/log', true], ['/a.b/c', true], ['var/log', false], ['/var/', false], ['/a//b', false], ['/a/./b', false], ['/a/../b', false], ['', false]])(
    'isNormalAbsolutePath(%j) is %j', (value, expected) => {
      expect(isNormalAbsolutePath(value)).toBe(expected);
    });

  test.each([['profiles/audit.json', true], ['audit.json', true], ['a/..b', true], ['/profiles/audit.json', false], ['', false], ['../audit.json', false], ['a/../b', false]])(
    'isLocalDescendingPath(%j) is %j (a Localhost seccomp profile)', (value, expected) => {
      expect(isLocalDescendingPath(value)).toBe(expected);
    });
});
