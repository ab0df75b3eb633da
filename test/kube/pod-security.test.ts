import { mostPermissiveLevel } from '../../lib/kube/pod-security';

describe('Pod Security levels', () => {
  test('the most permissive level wins', () => {
    expect(mostPermissiveLevel([])).toBe('restricted');
    expect(mostPermissiveLevel(['restricted', 'privileged', 'baseline'])).toBe('privileged');
  });
});
