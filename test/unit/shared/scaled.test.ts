import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaled4 } from '../../../src/shared/scaled.js';

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
