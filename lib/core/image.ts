import { IConstruct } from 'constructs';
import { fail } from './errors';
import { ImageReference, isImageReference, splitImageReference } from '../kube/image';
import { isLabelValue } from '../kube/names';
import { requireOneOf } from './validate';

/** When the kubelet pulls the image. */
export type PullPolicy = 'IfNotPresent' | 'Always' | 'Never';

/**
 * Requires a pinned image: a tag other than `latest`, or a digest. An unpinned image makes a
 * rollout irreproducible and a rollback meaningless (kube-score, kube-linter, Polaris).
 */
export function requirePinnedImage(scope: IConstruct, prop: string, image: unknown): ImageReference {
  const expected = 'a pinned image reference: a tag other than \'latest\' (repo:1.4.2) or a digest (repo@sha256:…)';
  if (typeof image !== 'string') fail(scope, prop, expected, image);
  if (!isImageReference(image)) fail(scope, prop, expected, image);
  const reference = splitImageReference(image);
  if (!reference.digest && (!reference.tag || reference.tag === 'latest')) fail(scope, prop, expected, image);
  return reference;
}

/**
 * The `app.kubernetes.io/version` label value for an image: its tag, when it is a legal label value.
 * Digest-only images have no version label (a digest does not fit in 63 characters).
 */
export function versionLabel(image: ImageReference): string | undefined {
  return image.tag && isLabelValue(image.tag) ? image.tag : undefined;
}

/** Validates an imagePullPolicy prop; IfNotPresent by default, since images are pinned. */
export function resolvePullPolicy(scope: IConstruct, prop: string, policy: PullPolicy | undefined): PullPolicy {
  return policy === undefined ? 'IfNotPresent' : requireOneOf(scope, prop, policy, ['IfNotPresent', 'Always', 'Never']);
}
