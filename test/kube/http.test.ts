import { hostNameProblem, ingressPathProblem, isHttpPath, routePathProblem } from '../../lib/kube/http';

describe('HTTP routing grammars', () => {
  test.each([['/healthz', true], ['/', true], ['healthz', false], ['/a b', false]])('isHttpPath(%j) is %j', (value, expected) => {
    expect(isHttpPath(value)).toBe(expected);
  });

  test.each([
    ['/', 'Prefix', undefined],
    ['/api/v1', 'Exact', undefined],
    ['api', 'Prefix', 'does not start with \'/\''],
    ['//', 'Prefix', 'contains \'//\''],
    ['/a/../b', 'Prefix', 'contains \'/../\''],
    ['/a/./b', 'Exact', 'contains \'/./\''],
    ['/a%2Fb', 'Prefix', 'contains \'%2F\''],
    ['/a/..', 'Prefix', 'ends with \'/..\''],
    ['/a/.', 'Prefix', 'ends with \'/.\''],
    ['//', 'ImplementationSpecific', undefined],
  ] as const)('an Ingress path %j of type %s: %s', (path, pathType, problem) => {
    expect(ingressPathProblem(path, pathType)).toBe(problem);
  });

  test.each([
    ['/api', undefined],
    ['/a%20b', undefined],
    ['/a#b', 'contains \'#\''],
    ['/a%2fb', 'contains \'%2f\''],
    ['/ä', 'contains a character that is not allowed in a URL path (percent-encode it)'],
    ['/a b', 'contains a character that is not allowed in a URL path (percent-encode it)'],
    [`/${'a'.repeat(1024)}`, 'is longer than 1024 characters'],
  ])('an HTTPRoute path %j: %s', (path, problem) => {
    expect(routePathProblem(path)).toBe(problem);
  });

  test.each([
    ['shop.example.com', undefined],
    ['*.example.com', undefined],
    ['10.0.0.1', 'is an IP address, not a DNS name'],
    ['::1', 'is an IP address, not a DNS name'],
    ['Shop.example.com', 'is not a DNS name (lower-case letters, digits, \'-\' and \'.\', at most 253 characters; a leading \'*.\' is allowed)'],
    ['a.*.example.com', 'is not a DNS name (lower-case letters, digits, \'-\' and \'.\', at most 253 characters; a leading \'*.\' is allowed)'],
  ])('a host name %j: %s', (host, problem) => {
    expect(hostNameProblem(host)).toBe(problem);
  });
});
