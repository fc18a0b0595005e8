/**
 * Exact sums of decimals as safe integers: `scaled4(x)` is `x × 10^4` when that is exact and small,
 * read from decimal.js's representation (base-10^7 words `d`, the first holding the units at
 * 10^(7 × floor(e / 7)), trailing zero words stripped); undefined otherwise (more than four decimals,
 * |x| ≥ 1.1e11, NaN/Infinity), and the caller adds that value as a Decimal instead.
 */
export interface DecimalParts {
  readonly d: readonly number[] | null;
  readonly e: number;
  readonly s: number;
}

/** Values up to 2^50 / 10^4 go the integer way; partial sums are flushed before they pass 2^52. */
export const MAX_SCALED_PART = 2 ** 50;
export const MAX_SCALED_SUM = 2 ** 52;

export function scaled4(x: DecimalParts): number | undefined {
  const d = x.d;
  if (!d) return undefined;
  const k0 = Math.floor(x.e / 7);
  let r: number;
  let i: number;
  if (k0 === 0) {
    r = d[0]! * 1e4;
    i = 1;
  } else if (k0 === 1) {
    r = (d[0]! * 1e7 + (d[1] ?? 0)) * 1e4;
    if (r > MAX_SCALED_PART) return undefined;
    i = 2;
  } else if (k0 === -1) {
    r = 0;
    i = 0;
  } else return undefined;
  if (i < d.length) {
    if (i + 1 < d.length) return undefined;
    const f = d[i]!;
    if (f % 1000 !== 0) return undefined;
    r += f / 1000;
  }
  return x.s < 0 ? -r : r;
}
