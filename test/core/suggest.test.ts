import { closestName } from '../../lib/core/suggest';

const props = ['replicas', 'healthPath', 'tlsSecretName', 'host', 'port', 'portName', 'servicePort'];

describe('did-you-mean suggestions', () => {
  test.each([
    ['replica', 'replicas'],
    ['healthpath', 'healthPath'],
    ['HEALTHPATH', 'healthPath'],
    ['tlsSecret', 'tlsSecretName'],
    ['prot', 'port'],
    ['servcePort', 'servicePort'],
  ])('%s → %s', (given, suggestion) => {
    expect(closestName(given, props)).toBe(suggestion);
  });

  test.each(['image', 'x', 'constructor', 'a'.repeat(1000)])('nothing close to %s', (given) => {
    expect(closestName(given, props)).toBeUndefined();
  });
});
