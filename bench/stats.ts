// Median, min and max of repeated measurements, and their formatting in RESULTS.md.

/** A figure over several runs. */
export interface Stat {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/** Median (the mean of the middle two for an even count), min and max. */
export function stat(values: readonly number[]): Stat {
  if (values.length === 0) throw new Error('no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** `1234 ms (1200–1300)` style, with the unit and digits given. */
export function fmt(s: Stat, unit: string, digits = 0): string {
  return `${s.median.toFixed(digits)} ${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}

/** Milliseconds as seconds when large. */
export function fmtMs(s: Stat): string {
  return s.median >= 10_000 ? fmt({ median: s.median / 1000, min: s.min / 1000, max: s.max / 1000, runs: s.runs }, 's', 1) : fmt(s, 'ms');
}
