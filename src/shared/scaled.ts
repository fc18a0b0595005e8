/**
 * Exact sums of decimals as safe integers: `scaled4(x)` is `x × 10^4` when that is exact and small,
 * read from decimal.js's representation (base-10^7 words `d`, the first holding the units at
 * 10^(7 × floor(e / 7)), trailing zero words stripped); undefined otherwise (more than four decimals,
 * |x| ≥ 1.1e11, NaN/Infinity), and the caller adds that value as a Decimal instead.
 */
import type { Decimal } from 'decimal.js';

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

/**
 * A running exact sum of Decimals: `sum + cents / 10^4`, where `cents` counts ten-thousandths as a safe
 * integer. Values with up to four decimals (nearly every amount) add as integers; any other value is
 * added to `sum` as a Decimal. The one accumulator behind the engine's metric sums and the readers'
 * totals-row check (they were two copies). `sum` keeps its Decimal class: precision is the caller's.
 */
export interface ExactSum {
  sum: Decimal;
  cents: number;
}

type DecimalClass = new (n: number) => Decimal;

/** The sum's exact value. */
export function exactValue(s: ExactSum): Decimal {
  return s.cents === 0 ? s.sum : s.sum.plus(new (s.sum.constructor as DecimalClass)(s.cents).div(1e4));
}

/** Add one value. */
export function addExact(s: ExactSum, v: Decimal): void {
  const c = scaled4(v);
  if (c === undefined) {
    s.sum = s.sum.plus(v);
    return;
  }
  const t = s.cents + c;
  if (t > MAX_SCALED_SUM || t < -MAX_SCALED_SUM) {
    s.sum = exactValue(s);
    s.cents = c;
  } else s.cents = t;
}

/** Add another running sum (roll-ups): integer parts as integers, no Decimal unless one is needed. */
export function mergeExact(into: ExactSum, from: ExactSum): void {
  if (!from.sum.isZero()) into.sum = into.sum.plus(from.sum);
  const t = into.cents + from.cents;
  if (t > MAX_SCALED_SUM || t < -MAX_SCALED_SUM) {
    into.sum = exactValue(into).plus(new (into.sum.constructor as DecimalClass)(from.cents).div(1e4));
    into.cents = 0;
  } else into.cents = t;
}
