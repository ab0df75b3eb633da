import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { requirePinnedImage, versionLabel } from '../../lib/core/image';

const scope = (): Construct => new Construct(Testing.app(), 'api');
const digest = `sha256:${'a'.repeat(64)}`;

describe('images', () => {
  test.each([
    ['ghcr.io/acme/api:1.4.2', '1.4.2'],
    ['nginx:1.27-alpine', '1.27-alpine'],
    ['localhost:5000/team/api:v2', 'v2'],
    [`ghcr.io/acme/api@${digest}`, undefined],
    [`ghcr.io/acme/api:1.0@${digest}`, '1.0'],
  ])('accepts the pinned image %s (version label %s)', (image, version) => {
    expect(versionLabel(requirePinnedImage(scope(), 'image', image))).toBe(version);
  });

  test.each(['nginx', 'nginx:latest', 'ghcr.io/acme/API:1.0', 'nginx:', '', 'a b:1'])('rejects the unpinned or malformed image %j', (image) => {
    expect(() => requirePinnedImage(scope(), 'image', image)).toThrow(
      `api: image must be a pinned image reference: a tag other than 'latest' (repo:1.4.2) or a digest (repo@sha256:…), got '${image}'`,
    );
  });
});
