/**
 * The engine's private Decimal: 40 significant digits, half-up. Sums of a million amounts with
 * cents stay exact, and metric values are Decimals. Scoring itself does not use it: attainment,
 * points and the score are exact rationals (shared/rational.ts), rounded once, to the rubric's
 * precision, in scoring.ts; a Decimal there is only the exact value shown to 40 digits.
 */
import { Decimal } from 'decimal.js';

export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });

export const ZERO = new D(0);
export const HUNDRED = new D(100);

/**
 * The same value with a digit array exactly as long as its digits. decimal.js builds a parsed, divided
 * or rounded value's digits by `push`, so its array keeps V8's spare slots (~17: a Decimal of 240 bytes
 * instead of ~120). For the values an Evaluation keeps per rep × KPI (issue 10 item 16: 61,000 reps).
 */
export function compact(x: Decimal): Decimal {
  return new D(x);
}
