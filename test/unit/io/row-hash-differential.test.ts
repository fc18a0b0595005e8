// rowHashFast (one pass per cell) against its reference twin rowHash (cleanIdentifier, then hash).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowHash, rowHashFast, rowKeys } from '../../../src/io/read-export.js';
import type { RawCell } from '../../../src/io/values.js';
import { CLEANED_RANGES } from '../../../src/shared/text.js';
import { adversarialString, mutated } from '../shared/adversarial.js';

const SEEDS = ['张三', 'Ann Lee', 'Account 12 Holdings Ltd', '', ' ', '  x', 'x ', 'a  b', 'a\u00a0b', '张三\u3000', '\u200b', 'Rep 7', '2026-07-01', '1234.50'];
// every character cleaning touches, at the start, inside and at the end of a text
const touched = fc.constantFrom(...CLEANED_RANGES.flatMap(([lo, hi]) => [lo, hi])).map((c) => String.fromCharCode(c));
const text = fc.oneof(
  adversarialString(12),
  mutated(SEEDS),
  fc.constantFrom(...SEEDS),
  fc.tuple(fc.constantFrom(...SEEDS), touched, fc.nat(3)).map(([s, c, at]) => (at === 0 ? c + s : at === 1 ? s + c : s.slice(0, 1) + c + s.slice(1))),
);
const cell: fc.Arbitrary<RawCell | undefined> = fc.oneof(
  text.map((v) => ({ t: 's' as const, v })),
  fc.constantFrom<RawCell | undefined>(undefined, { t: 'n', v: '12.5' }, { t: 'd', v: '2026-07-01', serial: '46204' }, { t: 'b', v: true }, { t: 'e', v: '#N/A' }, { t: 'f', v: null }),
);

describe('rowHashFast is rowHash', () => {
  it('gives the same hash for any row, header and extra cells past the header (property)', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), fc.array(cell, { maxLength: 9 }), (headers, cells) => {
        const rk = rowKeys(headers);
        expect(rowHashFast(cells, rk)).toBe(rowHash(cells, rk));
      }),
      { numRuns: 5000 },
    );
  });

  it('cleans as rowHash does: spaces, invisible characters and empty cells give the clean row\'s hash', () => {
    const rk = rowKeys(['Owner', 'Amount', 'Note']);
    const s = (v: string): RawCell => ({ t: 's', v });
    const clean = rowHashFast([s('张三'), s('1'), s('a b')], rk);
    expect(rowHashFast([s(' 张三\u3000'), s('1\u200b'), s('a\u00a0 b ')], rk)).toBe(clean);
    expect(rowHashFast([s('张三'), s('1'), s('a b'), s('')], rk)).toBe(clean);
    expect(rowHashFast([s('张三'), s('1'), s('ab')], rk)).not.toBe(clean);
    expect(rowHashFast([s('张三'), s('1'), s('a b'), s('x')], rk)).not.toBe(clean);
  });
});
