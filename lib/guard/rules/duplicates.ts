import { GuardContext } from '../context';
import { diffValues, shortValue } from '../diff';
import { Manifest, SourcedManifest } from '../../manifests/manifest';

function sources(copies: readonly SourcedManifest[]): string {
  return copies.map((copy) => copy.file ?? copy.constructPath ?? 'unnamed input').join(', ');
}

// Copies may spell the namespace differently (absent or the default namespace): that is no difference.
function withoutNamespace(manifest: Manifest): Manifest {
  return { ...manifest, metadata: { ...manifest.metadata, namespace: undefined } };
}

/** Says whether the copies agree, and if not, the first field in which a later copy differs from the first. */
function difference(copies: readonly SourcedManifest[]): string {
  const [first, ...others] = copies;
  for (const other of others) {
    const [change] = diffValues(withoutNamespace(first.manifest), withoutNamespace(other.manifest));
    if (change) {
      return `they differ (first at ${change.path}: ${shortValue(change.before) ?? '(absent)'} -> ${shortValue(change.after) ?? '(absent)'}), `
        + 'so the result depends on file order, and the API server rejects the later copy where an immutable field differs';
    }
  }
  return 'the copies are identical, so only the repetition needs removing';
}

/**
 * An object that occurs more than once is applied once per copy, in file order: each copy
 * overwrites the one before. In the new output that is an error (which copy is meant?); in the
 * baseline a warning, and the guard compares with its last copy.
 */
export function reportDuplicates(ctx: GuardContext): void {
  for (const copies of ctx.duplicates.next.values()) {
    ctx.reportObject(copies[0], {
      rule: 'duplicate-object', path: '',
      message: `${copies.length} copies of this object in the new output (${sources(copies)}): kubectl applies them one after another; ${difference(copies)}`,
    }, 'next');
  }
  for (const copies of ctx.duplicates.baseline.values()) {
    ctx.reportObject(copies[copies.length - 1], {
      rule: 'duplicate-baseline-object', path: '',
      message: `${copies.length} copies of this object in the baseline (${sources(copies)}); `
        + 'the new output is compared with the last copy, the state a successful apply of the baseline left behind',
    }, 'baseline');
  }
}
