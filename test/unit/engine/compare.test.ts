import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { D } from '../../../src/engine/decimal.js';
import { spreadOf } from '../../../src/engine/compare.js';

describe('spreadOf', () => {
  test.each([
    [[], undefined],
    [[3], { min: '3', median: '3', max: '3' }],
    [[5, -1, 2], { min: '-1', median: '2', max: '5' }],
    [[4, 1, 3, 2], { min: '1', median: '2.5', max: '4' }],
    [[0.1, 0.2], { min: '0.1', median: '0.15', max: '0.2' }],
  ])('%j', (xs, want) => {
    const s = spreadOf(xs.map((x) => new D(x)));
    expect(s && { min: s.min.toFixed(), median: s.median.toFixed(), max: s.max.toFixed() }).toEqual(want);
  });

  test('the median has as many values at or below it as at or above it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -500, max: 500 }), { minLength: 1, maxLength: 40 }), (xs) => {
        const s = spreadOf(xs.map((x) => new D(x)))!;
        const below = xs.filter((x) => s.median.gte(x)).length;
        const above = xs.filter((x) => s.median.lte(x)).length;
        expect(below * 2).toBeGreaterThanOrEqual(xs.length);
        expect(above * 2).toBeGreaterThanOrEqual(xs.length);
        expect(s.min.toNumber()).toBe(Math.min(...xs));
        expect(s.max.toNumber()).toBe(Math.max(...xs));
      }),
    );
  });
});
