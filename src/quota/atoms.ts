/**
 * Amounts as integers of atoms (10^-scale of the currency) in bigint, for the quota plan: no float
 * drift. Conversions from and to decimal strings, and the splits of an amount over weights.
 */
import { SalesgradeError } from '../shared/errors.js';
import { integerWeights, type Rational } from '../shared/rational.js';
import { allocateAtoms } from './allocate.js';

export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Significant decimals of a plain decimal string (`1.50` → 1). */
export function decimals(s: string): number {
  const m = /\.(\d+)$/.exec(s);
  return m ? m[1]!.replace(/0+$/, '').length : 0;
}

/** A plain amount ≥ 0 as a decimal string; anything else is `quota-invalid`. */
export function plainOf(x: number | string): string {
  const s = typeof x === 'number' ? String(x) : x.trim();
  if (!/^\d+(\.\d+)?$/.test(s)) throw new SalesgradeError('quota-invalid', `expected an amount ≥ 0, got "${s}"`);
  return s;
}

export function toAtoms(x: number | string, scale: number): bigint {
  const s = plainOf(x);
  const [i = '0', f = ''] = s.split('.');
  const fr = f.replace(/0+$/, '');
  if (fr.length > scale) throw new SalesgradeError('internal', `toAtoms: ${s} has more than ${scale} decimals`);
  return BigInt(i + fr.padEnd(scale, '0'));
}

export function atomsToString(a: bigint, scale: number): string {
  if (scale === 0) return a.toString();
  const neg = a < 0n;
  const s = (neg ? -a : a).toString().padStart(scale + 1, '0');
  const int = s.slice(0, -scale);
  const fr = s.slice(-scale).replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${fr ? `.${fr}` : ''}`;
}

/** A fraction to `dp` decimals, half-up, trailing zeros dropped. */
export function fracToFixed(f: Rational, dp: number): string {
  const scale = 10n ** BigInt(dp);
  const q = (f.n * scale * 2n + f.d) / (2n * f.d); // half-up
  return atomsToString(q, dp);
}

export function sumInto(target: bigint[], src: readonly bigint[]): void {
  for (let i = 0; i < src.length; i++) target[i]! += src[i]!;
}

/** Split atoms over Rational weights; a zero total gives zeros. */
export function splitFrac(atoms: bigint, unit: bigint, weights: readonly Rational[]): bigint[] {
  if (atoms === 0n) return weights.map(() => 0n);
  return allocateAtoms(atoms, unit, integerWeights(weights));
}
