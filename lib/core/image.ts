import { IConstruct } from 'constructs';
import { fail } from './errors';
import { isLabelValue, requireOneOf } from './validate';

/** When the kubelet pulls the image. */
export type ImagePullPolicy = 'IfNotPresent' | 'Always' | 'Never';

/** A parsed container image reference. */
export interface ImageReference {
  /** The full reference as given. */
  readonly image: string;
  /** Registry and repository, e.g. `ghcr.io/acme/api`. */
  readonly repository: string;
  /** The tag, when one is given. */
  readonly tag?: string;
  /** The digest (`sha256:…`), when one is given. */
  readonly digest?: string;
}

// registry[:port]/path[:tag][@algo:hex]; the repository path is lower-case by the OCI spec.
const IMAGE = /^((?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}))?$/;

/**
 * Requires a pinned image: a tag other than `latest`, or a digest. An unpinned image makes a
 * rollout irreproducible and a rollback meaningless (kube-score, kube-linter, Polaris).
 */
export function requirePinnedImage(scope: IConstruct, prop: string, image: unknown): ImageReference {
  const expected = 'a pinned image reference: a tag other than \'latest\' (repo:1.4.2) or a digest (repo@sha256:…)';
  if (typeof image !== 'string') fail(scope, prop, expected, image);
  const match = IMAGE.exec(image);
  if (!match) fail(scope, prop, expected, image);
  const [, repository, tag, digest] = match;
  if (!digest && (!tag || tag === 'latest')) fail(scope, prop, expected, image);
  return { image, repository, tag, digest };
}

/**
 * The `app.kubernetes.io/version` label value for an image: its tag, when it is a legal label value.
 * Digest-only images have no version label (a digest does not fit in 63 characters).
 */
export function versionLabel(image: ImageReference): string | undefined {
  return image.tag && isLabelValue(image.tag) ? image.tag : undefined;
}

/** Validates an imagePullPolicy prop; IfNotPresent by default, since images are pinned. */
export function resolvePullPolicy(scope: IConstruct, prop: string, policy: ImagePullPolicy | undefined): ImagePullPolicy {
  return policy === undefined ? 'IfNotPresent' : requireOneOf(scope, prop, policy, ['IfNotPresent', 'Always', 'Never']);
}
