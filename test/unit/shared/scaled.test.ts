import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addExact, exactValue, mergeExact, scaled4, type ExactSum } from '../../../src/shared/scaled.js';

describe('scaled4', () => {
  it('reads exact four-decimal values as integers × 10^4', () => {
    expect(scaled4(new Decimal('1234.56'))).toBe(12_345_600);
    expect(scaled4(new Decimal('-0.05'))).toBe(-500);
    expect(scaled4(new Decimal('0.0001'))).toBe(1);
    expect(scaled4(new Decimal('10000000'))).toBe(100_000_000_000);
    expect(scaled4(new Decimal('112589990684.2624'))).toBe(2 ** 50);
    expect(scaled4(new Decimal('0'))).toBe(0);
  });

  it('declines values it cannot hold exactly', () => {
    expect(scaled4(new Decimal('0.00001'))).toBeUndefined();
    expect(scaled4(new Decimal('3.14159'))).toBeUndefined();
    expect(scaled4(new Decimal('123456789012.3456'))).toBeUndefined();
    expect(scaled4(new Decimal('1e-7'))).toBeUndefined();
    expect(scaled4(new Decimal(NaN))).toBeUndefined();
    expect(scaled4(new Decimal(Infinity))).toBeUndefined();
  });

  it('agrees with Decimal arithmetic whenever it answers, and answers for every small four-decimal value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }), fc.integer({ min: 0, max: 8 }), (n, dp) => {
        const x = new Decimal(n.toString()).div(new Decimal(10).pow(dp));
        const c = scaled4(x);
        if (c !== undefined) expect(new Decimal(c).eq(x.mul(1e4))).toBe(true);
        else expect(x.decimalPlaces() > 4 || x.abs().gt(112_589_990_684)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('ExactSum: the one exact running sum (engine metric sums, the readers\' totals check)', () => {
  const Big = Decimal.clone({ precision: 60 });
  // values with 0–6 decimals and magnitudes up to 1e13, so that both paths and the flush are taken
  const value = fc
    .tuple(fc.bigInt({ min: -(10n ** 19n), max: 10n ** 19n }), fc.integer({ min: 0, max: 6 }))
    .map(([n, scale]) => new Decimal(`${n}e-${scale}`));

  it('equals the sequential high-precision sum, in any split into merged parts', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), fc.nat(60), (vs, cut) => {
        // the sum keeps its Decimal class: precision is the caller's (the engine's is 40 digits)
        const whole: ExactSum = { sum: new Big(0), cents: 0 };
        const a: ExactSum = { sum: new Big(0), cents: 0 };
        const b: ExactSum = { sum: new Big(0), cents: 0 };
        vs.forEach((v, i) => {
          addExact(whole, v);
          addExact(i < cut ? a : b, v);
        });
        mergeExact(a, b);
        const reference = vs.reduce((s, v) => s.plus(v), new Big(0));
        expect(exactValue(whole).toString()).toBe(reference.toString());
        expect(exactValue(a).toString()).toBe(reference.toString());
      }),
      { numRuns: 500 },
    );
  });

  it('flushes the integer part before it passes 2^52 (no float rounding)', () => {
    const s: ExactSum = { sum: new Decimal(0), cents: 0 };
    const big = new Decimal('112589990684.2624'); // 2^50 / 10^4
    for (let i = 0; i < 9; i++) addExact(s, big);
    addExact(s, new Decimal('0.0001'));
    expect(exactValue(s).toString()).toBe(big.times(9).plus('0.0001').toString());
    expect(Math.abs(s.cents)).toBeLessThanOrEqual(2 ** 52);
  });
});
