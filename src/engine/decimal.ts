/**
 * The engine's private Decimal: 40 significant digits, half-up. Sums of a million amounts with
 * cents stay exact; the score is rounded once, to the rubric's precision, in scoring.ts.
 */
import { Decimal } from 'decimal.js';

export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = Decimal;

export const ZERO = new D(0);
export const HUNDRED = new D(100);
