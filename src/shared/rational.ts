/**
 * Exact rationals on bigint: the one exact type of the pure layers. The engine scores in it
 * (attainment, weighted points, their sum and the `missing: exclude` rescale carry no rounding at
 * all; the score is rounded once, half-up, by `roundHalfUp`), and quota allocates with it
 * (seasonality × ramp × working-day fractions never pass through binary floats, so the
 * largest-remainder order is exact).
 *
 * A `Rational` is always normalised: `d > 0` and `gcd(|n|, d) = 1`, so equal values have equal fields.
 */
import { Decimal } from 'decimal.js';

export class Rational {
  constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  /** `n/d`, e.g. `143/2`: exact and JSON-safe (a bigint is not). */
  toString(): string {
    return this.d === 1n ? this.n.toString() : `${this.n}/${this.d}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

const q = (n: bigint, d: bigint): Rational => new Rational(n, d);

export const ZERO: Rational = q(0n, 1n);
export const ONE: Rational = q(1n, 1n);
export const HUNDRED: Rational = q(100n, 1n);

export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function norm(n: bigint, d: bigint): Rational {
  if (d === 0n) throw new RangeError('division by zero');
  if (n === 0n) return ZERO;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  if (d === 1n) return q(n, d);
  let g: bigint;
  if (d <= MAX_SAFE && n <= MAX_SAFE && n >= -MAX_SAFE) {
    // Fast path: Euclid on doubles is exact for safe integers, and much cheaper than on bigints.
    let a = Math.abs(Number(n));
    let b = Number(d);
    while (b !== 0) [a, b] = [b, a % b];
    if (a === 1) return q(n, d);
    g = BigInt(a);
  } else g = gcd(n, d);
  return g === 1n ? q(n, d) : q(n / g, d / g);
}

const POW10: bigint[] = [1n];
export function pow10(k: number): bigint {
  while (POW10.length <= k) POW10.push(POW10[POW10.length - 1]! * 10n);
  return POW10[k]!;
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** The exact value of a decimal numeral (`-12.50`, `1e-7`, `.5`); throws on anything else. */
export function parseDecimal(s: string): Rational {
  const m = DECIMAL_RE.exec(s.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal number: "${s}"`);
  const frac = m[3] ?? '';
  let n = BigInt(`${m[2] || '0'}${frac}`);
  if (m[1] === '-') n = -n;
  let scale = frac.length - (m[4] ? Number(m[4]) : 0);
  if (scale <= 0) return norm(n * pow10(-scale), 1n);
  return norm(n, pow10(scale));
}

/** Anything with an exact decimal `toFixed()` (a decimal.js Decimal). */
export interface DecimalLike {
  toFixed(): string;
}

/** decimal.js's representation: base-10^7 words `d`, exponent `e`, sign `s` (see shared/scaled.ts). */
interface DecimalWords {
  readonly d: readonly number[] | null;
  readonly e: number;
  readonly s: number;
}

const SCALES = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000];

/**
 * The common case without text: |x| < 10^14 with at most 7 decimals, read from the words. Undefined
 * for anything else (then the exact text is parsed).
 */
function fromWords(x: DecimalWords): Rational | undefined {
  const w = x.d;
  if (!w || w.length > 3) return undefined;
  const k0 = Math.floor(x.e / 7); // the first word holds units × 10^(7·k0)
  let int: number;
  let frac = 0;
  if (k0 === 0) {
    int = w[0]!;
    if (w.length > 2) return undefined;
    frac = w[1] ?? 0;
  } else if (k0 === 1) {
    int = w[0]! * 1e7 + (w[1] ?? 0);
    frac = w[2] ?? 0;
  } else if (k0 === -1 && w.length === 1) {
    int = 0;
    frac = w[0]!;
  } else return undefined;
  if (int > 9e13) return undefined;
  const sign = x.s < 0 ? -1 : 1;
  if (frac === 0) return q(BigInt(sign * int), 1n);
  // frac / 10^7: strip trailing zeros to the smallest scale.
  let scale = 7;
  while (frac % 10 === 0) {
    frac /= 10;
    scale--;
  }
  const den = SCALES[scale]!;
  const num = int * den + frac;
  if (!Number.isSafeInteger(num)) return undefined;
  let a = num;
  let b = den;
  while (b !== 0) [a, b] = [b, a % b];
  return q(BigInt((sign * num) / a), BigInt(den / a));
}

/**
 * An exact rational: a rubric number by its shortest decimal string (0.1 is 1/10, not the binary
 * double), a bigint, a decimal numeral, or a Decimal (exactly as it is).
 */
export function rat(x: number | string | bigint | DecimalLike): Rational {
  if (typeof x === 'bigint') return q(x, 1n);
  if (typeof x === 'number') {
    if (Number.isSafeInteger(x)) return q(BigInt(x), 1n);
    if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
    return parseDecimal(String(x));
  }
  if (typeof x === 'string') return parseDecimal(x);
  if ('d' in x && 'e' in x && 's' in x) {
    const r = fromWords(x as unknown as DecimalWords);
    if (r !== undefined) return r;
  }
  return parseDecimal(x.toFixed());
}

/** n / d for integers. */
export function ratio(n: number | bigint, d: number | bigint): Rational {
  return norm(BigInt(n), BigInt(d));
}

export function add(a: Rational, b: Rational): Rational {
  if (a.n === 0n) return b;
  if (b.n === 0n) return a;
  if (a.d === b.d) return norm(a.n + b.n, a.d);
  return norm(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function sub(a: Rational, b: Rational): Rational {
  return add(a, q(-b.n, b.d));
}

export function mul(a: Rational, b: Rational): Rational {
  if (a.n === 0n || b.n === 0n) return ZERO;
  return norm(a.n * b.n, a.d * b.d);
}

/** a ÷ b; throws RangeError when b is zero. */
export function div(a: Rational, b: Rational): Rational {
  if (b.n === 0n) throw new RangeError('division by zero');
  return norm(a.n * b.d, a.d * b.n);
}

export function isZero(a: Rational): boolean {
  return a.n === 0n;
}

export function sign(a: Rational): -1 | 0 | 1 {
  return a.n < 0n ? -1 : a.n > 0n ? 1 : 0;
}

export function cmp(a: Rational, b: Rational): -1 | 0 | 1 {
  if (a.d === b.d) return a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

export const lt = (a: Rational, b: Rational): boolean => cmp(a, b) < 0;
export const lte = (a: Rational, b: Rational): boolean => cmp(a, b) <= 0;
export const gt = (a: Rational, b: Rational): boolean => cmp(a, b) > 0;
export const gte = (a: Rational, b: Rational): boolean => cmp(a, b) >= 0;
export const eq = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;
export const max = (a: Rational, b: Rational): Rational => (cmp(a, b) >= 0 ? a : b);

/** The weights over a common denominator, as integers with the same ratios. */
export function integerWeights(xs: readonly Rational[]): bigint[] {
  let l = 1n;
  for (const x of xs) if (x.n !== 0n) l = (l / gcd(l, x.d)) * x.d;
  return xs.map((x) => (x.n === 0n ? 0n : x.n * (l / x.d)));
}

/** |n| / d rounded half-up (half away from zero) to an integer, keeping the sign. */
function roundInt(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = (a * 2n + d) / (2n * d);
  return neg ? -q : q;
}

/**
 * The value rounded ONCE to `dp` decimal places, half-up (a tie goes away from zero, like decimal.js
 * ROUND_HALF_UP), as a plain decimal string with exactly `dp` decimals (`71.50`, `-0.5`, `70`).
 */
export function toFixedHalfUp(a: Rational, dp: number): string {
  const scale = pow10(dp);
  const q = roundInt(a.n * scale, a.d);
  return scaledToString(q, dp);
}

/** The value rounded up (away from zero) to `dp` decimal places: what must be reached, not less. */
export function toFixedUp(a: Rational, dp: number): string {
  const scale = pow10(dp);
  const n = a.n * scale;
  const an = n < 0n ? -n : n;
  const q = (an + a.d - 1n) / a.d;
  return scaledToString(n < 0n ? -q : q, dp);
}

function scaledToString(q: bigint, dp: number): string {
  const neg = q < 0n;
  let s = (neg ? -q : q).toString();
  if (dp > 0) {
    s = s.padStart(dp + 1, '0');
    s = `${s.slice(0, -dp)}.${s.slice(-dp)}`;
  }
  return neg && /[1-9]/.test(s) ? `-${s}` : s;
}

/**
 * A Decimal of the value rounded half-up to `dp` decimal places (the score), or — without `dp` — to
 * `sig` significant digits (display only: `52` stays `52`, `1/3` becomes 0.333…3 with 40 digits).
 */
export function toDecimal(a: Rational, D: typeof Decimal = Decimal, dp?: number, sig = 40): Decimal {
  if (dp !== undefined) return new D(toFixedHalfUp(a, dp));
  if (a.d === 1n) return new D(a.n.toString());
  if (sig === D.precision && D.rounding === Decimal.ROUND_HALF_UP) {
    // decimal.js divides correctly rounded to its precision: the same value, computed faster.
    return new D(a.n.toString()).div(a.d.toString());
  }
  // Decimal places for `sig` significant digits: from the magnitude of |n| / d.
  const an = a.n < 0n ? -a.n : a.n;
  const intDigits = an >= a.d ? (an / a.d).toString().length : -leadingFractionZeros(an, a.d);
  const places = Math.max(0, sig - intDigits);
  return new D(trimZeros(toFixedHalfUp(a, places)));
}

/** For 0 < n / d < 1: how many zeros follow the decimal point before the first significant digit. */
function leadingFractionZeros(n: bigint, d: bigint): number {
  let z = d.toString().length - n.toString().length - 1;
  if (z < 0) z = 0;
  while (n * pow10(z + 1) < d) z++;
  while (z > 0 && n * pow10(z) >= d) z--;
  return z;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

