import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLEANED_RANGES, cleanIdentifier, columnIndex, columnLetter, isPlainText, normalizeHeader } from '../../../src/shared/text.js';
import { adversarialString } from './adversarial.js';

// The reference: the same character classes as regular expressions, applied the obvious way.
const cls = (kind: 'space' | 'invisible') =>
  CLEANED_RANGES.filter((r) => r[2] === kind)
    .map(([lo, hi]) => `\\u{${lo.toString(16)}}-\\u{${hi.toString(16)}}`)
    .join('');
const SPACES = new RegExp(`[${cls('space')}]+`, 'gu');
const INVISIBLE = new RegExp(`[${cls('invisible')}]`, 'gu');
const referenceClean = (s: string): string => s.replace(INVISIBLE, '').replace(SPACES, ' ').replace(/ +/g, ' ').trim();

describe('shared/text: one class of spaces and invisible characters', () => {
  it.each([
    ['张三\u3000', '张三'],
    [' 张三 ', '张三'],
    ['张\u200b三\u0007', '张三'],
    ['John\u00a0\u00a0Smith', 'John Smith'],
    ['\ufeffAnn\u2066', 'Ann'],
    ['A\u00adB\ufffe', 'AB'],
    ['合计\u3000', '合计'],
    ['a \u200b b', 'a b'],
  ])('cleanIdentifier(%j) → %j', (input, expected) => {
    expect(cleanIdentifier(input)).toBe(expected);
  });

  it('cleanIdentifier (a character loop) equals the regular-expression reference on adversarial strings', () => {
    fc.assert(fc.property(adversarialString(24), (s) => { expect(cleanIdentifier(s)).toBe(referenceClean(s)); }), { numRuns: 5000 });
  });

  it('isPlainText(x) is exactly cleanIdentifier(x) === x (fast twin)', () => {
    fc.assert(fc.property(adversarialString(24), (s) => { expect(isPlainText(s)).toBe(cleanIdentifier(s) === s); }), { numRuns: 5000 });
  });

  it('cleaning is idempotent', () => {
    fc.assert(fc.property(adversarialString(24), (s) => { expect(cleanIdentifier(cleanIdentifier(s))).toBe(cleanIdentifier(s)); }));
  });
});

describe('shared/text: header normalisation and column letters (one copy each)', () => {
  it.each([
    ['Close Date', 'closedate'],
    ['close_date', 'closedate'],
    ['Close-Date', 'closedate'],
    ['ＣＬＯＳＥ　ＤＡＴＥ', 'closedate'],
    ['Close\u200bDate', 'closedate'],
    ['"Amount"*', 'amount'],
    ['金额 (元)', '金额(元)'],
  ])('normalizeHeader(%j) → %j', (input, expected) => {
    expect(normalizeHeader(input)).toBe(expected);
  });

  // Reference: the bijective base-26 numeral written the textbook way, by recursion.
  const referenceLetters = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : referenceLetters(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));

  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [701, 'ZZ'],
    [702, 'AAA'],
    [16383, 'XFD'],
  ])('columnLetter(%i) → %s and back', (i, letters) => {
    expect(columnLetter(i)).toBe(letters);
    expect(columnIndex(letters)).toBe(i);
  });

  it('columnLetter equals the reference and columnIndex inverts it', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), (i) => {
      expect(columnLetter(i)).toBe(referenceLetters(i));
      expect(columnIndex(columnLetter(i))).toBe(i);
    }), { numRuns: 2000 });
  });
});
