/**
 * The edit distance between two strings (insertions, deletions, substitutions and swaps of two
 * neighbours, the commonest typos), or `limit` + 1 when it is larger.
 */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known name a mistyped one most likely meant, for "did you mean": the same name in another
 * case (`healthpath` → `healthPath`), a close spelling (`replica` → `replicas`), or a known name
 * it starts (`tlsSecret` → `tlsSecretName`). Undefined when nothing is close.
 */
export function closestName(given: string, known: readonly string[]): string | undefined {
  if (given.length > 100) return undefined;
  const lower = given.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  const limit = Math.max(1, Math.min(3, Math.floor(given.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const name of known) {
    const d = distance(lower, name.toLowerCase(), limit);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  if (best !== undefined) return best;
  return given.length >= 3 ? known.find((k) => k.toLowerCase().startsWith(lower)) : undefined;
}
