const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
// The Kubernetes quantity grammar: a decimal number, then a binary or decimal SI suffix or a
// decimal exponent. Negative quantities are never meaningful for the resources we emit.
const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/**
 * Parses a Kubernetes quantity ("500Mi", "0.5", "250m", "1e3") into a plain number of base units
 * (cores, bytes), for reports and approximate comparisons. Returns undefined when the text is not
 * a quantity. Compare quantities with {@link compareQuantities}: a float loses digits.
 */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  const suffix = match[2] ?? '';
  if (suffix in BINARY) return value * 2 ** BINARY[suffix];
  if (suffix in DECIMAL) return value * 10 ** DECIMAL[suffix];
  return value * 10 ** Number(suffix.slice(1));
}

/**
 * The largest quantity the API server keeps, in nano-units: 2^63-1 base units. Larger values are
 * capped, so two of them would compare equal however they differ.
 */
export const MAX_QUANTITY_NANOS = (2n ** 63n - 1n) * 10n ** 9n;

/**
 * A quantity's exact value in nano-units (10^-9 of a core or a byte), rounded up to a whole
 * nano-unit as the API server rounds it: `'1.0000000000000001'` is more than `'1'`. Values beyond
 * {@link MAX_QUANTITY_NANOS} come back as one more than it, whatever their size. Undefined when
 * the text is not a quantity.
 */
export function quantityNanos(text: string): bigint | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [whole, fraction = ''] = match[1].split('.');
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits === '') return 0n;
  const suffix = match[2] ?? '';
  const binary = BINARY[suffix] ?? 0;
  const decimal = suffix in BINARY ? 0 : suffix in DECIMAL ? DECIMAL[suffix] : Number(suffix.slice(1));
  // value = digits × 10^exponent × 2^binary, in nano-units.
  const exponent = decimal - fraction.length + 9;
  // 2^60 < 10^19: an upper bound of the magnitude decides "too large" without building huge numbers.
  if (digits.length + exponent + Math.ceil(binary * 0.302) > 40) return MAX_QUANTITY_NANOS + 1n;
  const mantissa = BigInt(digits) * 2n ** BigInt(binary);
  let nanos: bigint;
  if (exponent >= 0) {
    nanos = mantissa * 10n ** BigInt(exponent);
  } else if (-exponent > mantissa.toString().length) {
    nanos = 1n; // a positive value below one nano-unit rounds up to one
  } else {
    const divisor = 10n ** BigInt(-exponent);
    nanos = (mantissa + divisor - 1n) / divisor;
  }
  return nanos > MAX_QUANTITY_NANOS ? MAX_QUANTITY_NANOS + 1n : nanos;
}

/**
 * Compares two quantities exactly, as the API server does (after its rounding): negative when
 * `a` is less, zero when equal, positive when greater. Undefined when either is not a quantity.
 */
export function compareQuantities(a: string, b: string): number | undefined {
  const x = quantityNanos(a);
  const y = quantityNanos(b);
  if (x === undefined || y === undefined) return undefined;
  return x < y ? -1 : x > y ? 1 : 0;
}
