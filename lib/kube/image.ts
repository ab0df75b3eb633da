/** A container image reference split into its parts. */
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
const IMAGE = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}))?$/;

/** True when `image` is a well-formed image reference (registry, repository, optional tag and digest). */
export function isImageReference(image: string): boolean {
  return IMAGE.test(image);
}

/**
 * Splits `registry:5000/team/app:1.2@sha256:…` into repository, tag and digest; the registry port
 * is not a tag. Works on any text, well-formed or not, so checks of foreign YAML can use it.
 */
export function splitImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const name = at >= 0 ? image.slice(0, at) : image;
  const slash = name.lastIndexOf('/');
  const colon = name.indexOf(':', slash + 1);
  const tag = colon >= 0 ? name.slice(colon + 1) : undefined;
  return {
    image,
    repository: colon >= 0 ? name.slice(0, colon) : name,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}
