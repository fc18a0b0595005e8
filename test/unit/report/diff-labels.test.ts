import { describe, expect, test } from 'vitest';
import { diffCatalogue, DIFF_LABEL_KEYS } from '../../../src/report/diff-labels.js';

describe('diff labels', () => {
  test('both locales have every key, non-empty, with the same placeholders', () => {
    const en = diffCatalogue('en');
    const zh = diffCatalogue('zh-CN');
    for (const k of DIFF_LABEL_KEYS) {
      expect(en[k].length, k).toBeGreaterThan(0);
      expect(zh[k].length, k).toBeGreaterThan(0);
      const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(vars(zh[k]), k).toEqual(vars(en[k]));
    }
    expect(Object.keys(zh).sort()).toEqual([...DIFF_LABEL_KEYS].sort());
  });
});
