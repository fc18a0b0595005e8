/**
 * The engine's private Decimal: 40 significant digits, half-up. Sums of a million amounts with
 * cents stay exact; the score is rounded once, to the rubric's precision, in scoring.ts.
 */
import { Decimal } from 'decimal.js';

export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = Decimal;

export const ZERO = new D(0);
export const ONE = new D(1);
export const HUNDRED = new D(100);

/** A JS number from the rubric (weights, targets, caps) as an exact decimal: via its shortest string. */
export function dec(n: number | string | Decimal): Decimal {
  return new D(n);
}

/** Plain decimal string, never exponent notation (for format.ts). */
export function plain(d: Decimal): string {
  return d.toFixed();
}

export function minDec(a: Decimal, b: Decimal): Decimal {
  return a.lt(b) ? a : b;
}

export function maxDec(a: Decimal, b: Decimal): Decimal {
  return a.gt(b) ? a : b;
}
