// The workbook's per-cell text fast paths against their reference twins, on adversarial text: the
// writer's xmlText (one character loop, then the regular expressions only when needed) against
// xmlTextReference; the report's cellText against cellTextReference; looksLikeFormula (first
// character's code) against looksLikeFormulaReference (the regular expression).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xmlText, xmlTextReference } from '../../../src/io/xlsx-write.js';
import { cellText, cellTextReference } from '../../../src/report/workbook-style.js';
import { looksLikeFormula, looksLikeFormulaReference } from '../../../src/shared/formula-text.js';
import { adversarialString, binaryUnit, mutated, same } from '../shared/adversarial.js';

const SEEDS = ['Rep 212', 'Account 2443 Holdings Ltd', '2026-07-01', '123567.00', '张三', 'csat, visits', 'a_x0041_b', '_x', 'x_', 'A & B', '<t>', '"q"', '=1+1', '－1', ' lead', 'trail ', '\ud83d\ude00 pair', 'lone \ud83d', '\udc00 lone'];
// every character the fast paths branch on, and the ranges' edges
const EDGES = ['\u0000', '\u0008', '\t', '\n', '\u000b', '\r', '\u001f', ' ', '~', '\u007f', '\u0080', '\u009f', '\u00a0', '&', '<', '>', '"', "'", '_', 'x', '\ud7ff', '\ud800', '\udbff', '\udc00', '\udfff', '\ue000', '\ufffd', '\ufffe', '\uffff', '=', '+', '-', '@', '＝', '＋', '－', '＠'];
const text = fc.oneof(
  adversarialString(16),
  mutated(SEEDS),
  fc.constantFrom(...SEEDS),
  fc.array(fc.constantFrom(...EDGES, 'a', '1', '张'), { maxLength: 8 }).map((a) => a.join('')),
  fc.string({ unit: binaryUnit, maxLength: 12 }),
);

describe('cell text fast paths are their references', () => {
  it('xmlText is xmlTextReference (property)', () => {
    fc.assert(fc.property(text, (s) => same(xmlText(s), xmlTextReference(s), JSON.stringify(s))), { numRuns: 20_000 });
  });

  it('cellText is cellTextReference (property)', () => {
    fc.assert(fc.property(text, (s) => same(cellText(s), cellTextReference(s), JSON.stringify(s))), { numRuns: 20_000 });
  });

  it('cellText of text past 32,767 units is cut like the reference', () => {
    for (const s of ['a'.repeat(40_000), `${'b'.repeat(32_766)}\ud83d\ude00x`, '张'.repeat(32_768)]) expect(cellText(s)).toBe(cellTextReference(s));
  });

  it('looksLikeFormula is looksLikeFormulaReference (property, and every edge character first)', () => {
    for (const c of [...EDGES, '']) expect(looksLikeFormula(`${c}1`), JSON.stringify(c)).toBe(looksLikeFormulaReference(`${c}1`));
    expect(looksLikeFormula('')).toBe(false);
    fc.assert(fc.property(text, (s) => same(looksLikeFormula(s), looksLikeFormulaReference(s), JSON.stringify(s))), { numRuns: 20_000 });
  });

  it('the fast paths return text that needs nothing as the same string', () => {
    for (const s of ['Rep 212', 'Account 2443 Holdings Ltd', '张三 李四', 'tab\there', 'line\nbreak']) {
      expect(cellText(s)).toBe(s);
      expect(xmlText(s)).toBe(s);
    }
  });
});
