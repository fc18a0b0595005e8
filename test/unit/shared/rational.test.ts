import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import * as R from '../../../src/shared/rational.js';

const D40 = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.integer({ min: 0, max: 20 }))
  .map(([neg, digits, scale]) => {
    const s = digits.toString().padStart(scale + 1, '0');
    return `${neg ? '-' : ''}${scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s}`;
  });

describe('rational', () => {
  test.each([
    ['0.1', '1/10'],
    ['-12.50', '-25/2'],
    ['1e-7', '1/10000000'],
    ['1.5e3', '1500'],
    ['.5', '1/2'],
  ])('parseDecimal(%s) = %s', (s, q) => {
    expect(R.parseDecimal(s).toString()).toBe(q);
  });

  test('rat(number) takes the shortest decimal text, not the binary double', () => {
    expect(R.rat(0.1).toString()).toBe('1/10');
    expect(R.add(R.rat(0.1), R.rat(0.2)).toString()).toBe('3/10');
  });

  test('fast path: rat(Decimal) from its words equals the exact text parsed (reference twin)', () => {
    fc.assert(
      fc.property(decimalText, (s) => {
        const d = new Decimal(s);
        const fast = R.rat(d);
        const ref = R.parseDecimal(d.toFixed());
        expect(fast.n).toBe(ref.n);
        expect(fast.d).toBe(ref.d);
      }),
      { numRuns: 2000 },
    );
  });

  test('arithmetic stays normalised and exact', () => {
    fc.assert(
      fc.property(decimalText, decimalText, decimalText, (a, b, c) => {
        const [x, y, z] = [R.parseDecimal(a), R.parseDecimal(b), R.parseDecimal(c)];
        expect(R.eq(R.mul(R.add(x, y), z), R.add(R.mul(x, z), R.mul(y, z)))).toBe(true);
        if (!R.isZero(y)) expect(R.eq(R.mul(R.div(x, y), y), x)).toBe(true);
        for (const v of [R.add(x, y), R.sub(x, y), R.mul(x, y)]) {
          expect(v.d > 0n).toBe(true);
          expect(R.gcd(v.n, v.d)).toBe(v.n === 0n ? v.d : 1n);
        }
      }),
    );
  });

  test('toFixedHalfUp rounds once, a tie away from zero; toFixedUp never rounds below', () => {
    expect(R.toFixedHalfUp(R.ratio(14299, 200), 2)).toBe('71.50'); // 71.495
    expect(R.toFixedHalfUp(R.ratio(139, 2), 0)).toBe('70');
    expect(R.toFixedHalfUp(R.ratio(-139, 2), 0)).toBe('-70');
    expect(R.toFixedHalfUp(R.ratio(1, 3), 4)).toBe('0.3333');
    expect(R.toFixedHalfUp(R.ratio(-1, 300), 2)).toBe('0.00');
    expect(R.toFixedUp(R.ratio(1, 3), 2)).toBe('0.34');
    expect(R.toFixedUp(R.ratio(2, 1), 2)).toBe('2.00');
    fc.assert(
      fc.property(decimalText, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 6 }), (a, den, dp) => {
        const v = R.div(R.parseDecimal(a), R.rat(den));
        // the reference: decimal.js at plenty of precision, then one half-up rounding
        const ref = new (Decimal.clone({ precision: 200 }))(a).div(den).toDecimalPlaces(dp, Decimal.ROUND_HALF_UP).toFixed(dp);
        // (decimal.js keeps a minus sign on a value that rounds to zero: -0.00; we print 0.00)
        expect(R.toFixedHalfUp(v, dp)).toBe(ref.replace(/^-(0(\.0*)?)$/, '$1'));
      }),
    );
  });

  test('toDecimal shows 40 significant digits, and exact values exactly', () => {
    expect(R.toDecimal(R.ratio(156, 3), D40).toFixed()).toBe('52');
    expect(R.toDecimal(R.ratio(1, 3), D40).toFixed()).toBe(`0.${'3'.repeat(40)}`);
    expect(R.toDecimal(R.ratio(2, 3), D40).toFixed()).toBe(`0.${'6'.repeat(39)}7`);
    expect(R.toDecimal(R.ratio(1, 3), D40, 2).toFixed(2)).toBe('0.33');
    // the slow path (another precision) agrees with the fast one
    fc.assert(
      fc.property(decimalText, fc.integer({ min: 1, max: 10_000 }), (a, den) => {
        const v = R.div(R.parseDecimal(a), R.rat(den));
        expect(R.toDecimal(v, Decimal, undefined, 40).toFixed()).toBe(R.toDecimal(v, D40).toFixed());
      }),
    );
  });

  test('a Rational serialises as n/d text', () => {
    expect(JSON.stringify({ x: R.ratio(143, 2), y: R.rat(3) })).toBe('{"x":"143/2","y":"3"}');
  });
});
