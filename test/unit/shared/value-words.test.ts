import { describe, expect, test } from 'vitest';
import { VALUE_WORDS } from '../../../src/shared/value-words.js';
import { foundEn, hintEn, type FoundKind, type HintCode, type ValueProblem } from '../../../src/shared/value-problem.js';

describe('value words: one catalog per language', () => {
  test('en and zh-CN have the same keys in every section', () => {
    const en = VALUE_WORDS.en;
    const zh = VALUE_WORDS['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const section of ['kind', 'found', 'hint'] as const) expect(Object.keys(zh[section]).sort(), section).toEqual(Object.keys(en[section]).sort());
  });

  test('every found kind and hint renders in both languages, and the English functions io/ uses are the en catalog', () => {
    const p: ValueProblem = { expected: 'amount', currency: 'CNY', found: 'text', text: 'x', dot: '1.5', comma: '15', foreign: 'USD', max: 18, columnSep: '.', valueSep: ',', refuse: 'most-values', sep: ',', usual: '.', byCurrency: 'CNY' };
    for (const f of Object.keys(VALUE_WORDS.en.found) as FoundKind[]) {
      const x = { ...p, found: f };
      expect(VALUE_WORDS['zh-CN'].found[f](x), f).not.toBe('');
      expect(foundEn(x)).toBe(VALUE_WORDS.en.found[f](x));
    }
    for (const h of Object.keys(VALUE_WORDS.en.hint) as HintCode[]) {
      const x = { ...p, hint: h };
      expect(VALUE_WORDS['zh-CN'].hint[h](x), h).toMatch(/[\u4e00-\u9fff]|±/u);
      expect(hintEn(x)).toBe(VALUE_WORDS.en.hint[h](x));
    }
  });
});
