/**
 * Exact non-negative rationals on bigint, for allocation weights: seasonality × ramp × working-day
 * fractions never pass through binary floats, so the largest-remainder order is exact.
 */
import { Decimal } from 'decimal.js';

export interface Frac {
  n: bigint;
  d: bigint;
}

export const ZERO: Frac = { n: 0n, d: 1n };
export const ONE: Frac = { n: 1n, d: 1n };

export function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

function norm(n: bigint, d: bigint): Frac {
  if (n === 0n) return ZERO;
  const g = gcd(n, d);
  return g === 1n ? { n, d } : { n: n / g, d: d / g };
}

/** An exact fraction from a rubric number (via its shortest decimal string) or a Decimal. */
export function frac(x: number | string | Decimal | bigint): Frac {
  if (typeof x === 'bigint') return { n: x, d: 1n };
  if (typeof x === 'number' && Number.isSafeInteger(x)) return { n: BigInt(x), d: 1n };
  if (typeof x === 'string' && /^\d+$/.test(x)) return { n: BigInt(x), d: 1n };
  const dec = new Decimal(typeof x === 'number' ? String(x) : x);
  const parts = dec.toFraction();
  return norm(BigInt(parts[0]!.toFixed()), BigInt(parts[1]!.toFixed()));
}

export function mul(a: Frac, b: Frac): Frac {
  if (a.n === 0n || b.n === 0n) return ZERO;
  return norm(a.n * b.n, a.d * b.d);
}

export function add(a: Frac, b: Frac): Frac {
  if (a.n === 0n) return b;
  if (b.n === 0n) return a;
  return norm(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function div(a: Frac, b: Frac): Frac {
  if (b.n === 0n) throw new RangeError('division by zero');
  return norm(a.n * b.d, a.d * b.n);
}

export function isZero(a: Frac): boolean {
  return a.n === 0n;
}

export function sum(xs: readonly Frac[]): Frac {
  let s = ZERO;
  for (const x of xs) s = add(s, x);
  return s;
}

/** The weights over a common denominator, as integers with the same ratios. */
export function integerWeights(xs: readonly Frac[]): bigint[] {
  let l = 1n;
  for (const x of xs) if (x.n !== 0n) l = (l / gcd(l, x.d)) * x.d;
  return xs.map((x) => (x.n === 0n ? 0n : x.n * (l / x.d)));
}

export function toDecimal(a: Frac, D: typeof Decimal = Decimal): Decimal {
  return new D(a.n.toString()).div(a.d.toString());
}

export function cmp(a: Frac, b: Frac): number {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}
