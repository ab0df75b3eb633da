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

// The reference grammar of container registries (the distribution project's, which kubelets and
// container runtimes parse images with). A first component with a '.' or ':', `localhost`, or any
// upper-case letter names a registry; every other component belongs to the lower-case path.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::\\d+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;
/** The longest repository name (registry included). */
const MAX_NAME_LENGTH = 255;

/** True when `image` is a well-formed image reference (registry, repository, optional tag and digest). */
export function isImageReference(image: string): boolean {
  const { repository, tag, digest } = splitImageReference(image);
  if (repository.length === 0 || repository.length > MAX_NAME_LENGTH) return false;
  if (tag !== undefined && !TAG.test(tag)) return false;
  if (digest !== undefined && !DIGEST.test(digest)) return false;
  const components = repository.split('/');
  const first = components[0];
  const hasDomain = components.length > 1 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  if (hasDomain && !DOMAIN.test(first)) return false;
  return (hasDomain ? components.slice(1) : components).every((c) => PATH_COMPONENT.test(c));
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
