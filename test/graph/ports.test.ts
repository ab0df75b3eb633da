import { formatPorts, intersectPorts, isDnsOnly, policyRulePorts, resolveNamedPorts, unionPorts } from '../../lib/graph/ports';

const ports = (...list: Record<string, unknown>[]): ReturnType<typeof policyRulePorts> => policyRulePorts(list);

describe('NetworkPolicy port sets', () => {
  test('a rule without ports allows every port', () => {
    expect(formatPorts(policyRulePorts(undefined))).toBe('all ports');
    expect(formatPorts(policyRulePorts([]))).toBe('all ports');
  });

  test('an entry with a protocol and no port allows every port of that protocol; TCP is the default protocol', () => {
    expect(formatPorts(ports({ protocol: 'UDP' }, { port: 443 }))).toBe('all UDP, 443');
  });

  test('ranges (endPort) and adjacent or overlapping ports merge; the list is sorted by port, then protocol', () => {
    expect(formatPorts(ports({ port: 8081 }, { port: 8000, endPort: 8080 }, { port: 53, protocol: 'UDP' }, { port: 53 }))).toBe('53, 53/UDP, 8000-8081');
  });

  test('the union and the intersection of two sets', () => {
    expect(formatPorts(unionPorts(ports({ port: 80 }), ports({ port: 443 })))).toBe('80, 443');
    expect(formatPorts(intersectPorts(ports({ port: 8000, endPort: 8100 }), ports({ port: 8080 }, { port: 9000 })))).toBe('8080');
    expect(formatPorts(intersectPorts(policyRulePorts(undefined), ports({ port: 5432 })))).toBe('5432');
    expect(formatPorts(intersectPorts(ports({ port: 53, protocol: 'UDP' }), ports({ port: 53 })))).toBe('');
  });

  test('named ports resolve against the receiving pod\'s container ports; a name it lacks matches nothing', () => {
    const named = ports({ port: 'http' }, { port: 'metrics' });
    expect(formatPorts(named)).toBe('http, metrics');
    expect(formatPorts(resolveNamedPorts(named, new Map([['http', { protocol: 'TCP', from: 8080, to: 8080 }]])))).toBe('8080');
  });

  test('DNS only means port 53 and nothing else', () => {
    expect(isDnsOnly(ports({ port: 53, protocol: 'UDP' }, { port: 53 }))).toBe(true);
    expect(isDnsOnly(ports({ port: 53 }, { port: 443 }))).toBe(false);
    expect(isDnsOnly(policyRulePorts(undefined))).toBe(false);
  });
});
