/**
 * src/shared/format.ts's fast paths (the integer and fraction parts found with indexOf, not a split; no
 * grouping regex on three characters or fewer) against their reference twin, the functions as they were
 * (reference/format-reference.ts): the same text on adversarial strings and on decimals as the engine
 * writes them (up to 40 digits, signs, several dots), so no explanation or report changes by a byte.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatPercent, groupDigits, toFixedHalfUp } from '../../../src/shared/format.js';
import * as reference from './reference/format-reference.js';
import { adversarialString } from './adversarial.js';

const decimalText = fc
  .tuple(fc.constantFrom('', '-', '+', ' '), fc.stringMatching(/^\d{0,22}$/), fc.constantFrom('', '.', '..'), fc.stringMatching(/^\d{0,40}$/), fc.constantFrom('', '.5', '9', ' '))
  .map(([sign, int, dot, frac, tail]) => `${sign}${int}${dot}${frac}${tail}`);
const text = fc.oneof(adversarialString(24), decimalText);

describe('format fast paths equal their reference twin', () => {
  test('groupDigits', () => {
    for (const s of ['', '.', '-', '-.', '1.2.3', '1234', '-1234567.5', '123', 'Infinity', '１２３４']) expect(groupDigits(s), s).toBe(reference.groupDigits(s));
    fc.assert(fc.property(text, (s) => { expect(groupDigits(s)).toBe(reference.groupDigits(s)); }), { numRuns: 5000 });
  });
  test('toFixedHalfUp, 0–4 places', () => {
    for (const s of ['', '.', '-0.05', '9.995', '-9.9999', '1.2.3', '0.0000']) for (let dp = 0; dp <= 4; dp++) expect(toFixedHalfUp(s, dp), `${s} ${dp}`).toBe(reference.toFixedHalfUp(s, dp));
    fc.assert(fc.property(text, fc.integer({ min: 0, max: 4 }), (s, dp) => { expect(toFixedHalfUp(s, dp)).toBe(reference.toFixedHalfUp(s, dp)); }), { numRuns: 5000 });
    fc.assert(fc.property(fc.double(), fc.integer({ min: 0, max: 4 }), (n, dp) => { expect(toFixedHalfUp(n, dp)).toBe(reference.toFixedHalfUp(n, dp)); }), { numRuns: 2000 });
  });
  test('formatPercent, 0–2 places', () => {
    for (const s of ['', '1.07', '-0.005', '0.99995', '1.2.3', '.5']) for (let dp = 0; dp <= 2; dp++) expect(formatPercent(s, dp), `${s} ${dp}`).toBe(reference.formatPercent(s, dp));
    fc.assert(fc.property(text, fc.integer({ min: 0, max: 2 }), (s, dp) => { expect(formatPercent(s, dp)).toBe(reference.formatPercent(s, dp)); }), { numRuns: 5000 });
  });
});
