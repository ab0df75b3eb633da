import { isImageReference, splitImageReference } from '../../lib/kube/image';

const digest = `sha256:${'a'.repeat(64)}`;

describe('image references', () => {
  test.each([
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    ['localhost:5000/team/api:v2', { repository: 'localhost:5000/team/api', tag: 'v2' }],
    ['localhost:5000/team/api', { repository: 'localhost:5000/team/api' }],
    [`ghcr.io/acme/api@${digest}`, { repository: 'ghcr.io/acme/api', digest }],
    [`ghcr.io/acme/api:1.0@${digest}`, { repository: 'ghcr.io/acme/api', tag: '1.0', digest }],
  ])('splits %s into repository, tag and digest (a registry port is not a tag)', (image, parts) => {
    expect(splitImageReference(image)).toEqual({ image, ...parts });
  });

  test('splits text that is no well-formed reference too, for checks of foreign YAML', () => {
    expect(splitImageReference('ACME/API:latest')).toEqual({ image: 'ACME/API:latest', repository: 'ACME/API', tag: 'latest' });
  });

  test.each([
    ['ghcr.io/acme/api:1.4.2', true], [`ghcr.io/acme/api@${digest}`, true], ['nginx:1.27', true], ['localhost/api:1', true],
    ['registry.example.com:5000/team/api:v2', true], ['Registry.Example.com/api:1', true], ['[::1]:5000/api:1', true],
    ['acme/my_app__x-y.z:1', true], [`ghcr.io/acme/api@sha512:${'b'.repeat(128)}`, true],
    ['ghcr.io/acme/API:1.0', false], ['ACME/API:latest', false], ['nginx:', false], ['a b:1', false], ['', false],
    ['a..b/api:1.4.2', false], ['-registry.io/api:1', false], ['registry-.io/api:1', false], ['acme/api..x:1', false],
    ['acme//api:1', false], ['acme/api:-1', false], [`acme/api:${'a'.repeat(129)}`, false], ['acme/api@sha256:abc', false],
    [`${'a'.repeat(250)}.io/api:1`, false],
  ])('isImageReference(%j) is %j', (image, expected) => {
      expect(isImageReference(image)).toBe(expected);
    });
});
