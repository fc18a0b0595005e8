import { describe, expect, test } from 'vitest';
import { inspectCatalogs } from '../../../src/report/inspect-labels.js';

describe('inspect catalogs', () => {
  test('en and zh-CN have the same keys (and the same delimiter and severity keys)', () => {
    const en = inspectCatalogs.en;
    const zh = inspectCatalogs['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(zh.delimiters).sort()).toEqual(Object.keys(en.delimiters).sort());
    expect(Object.keys(zh.severity).sort()).toEqual(Object.keys(en.severity).sort());
    expect(zh.columnHeads).toHaveLength(en.columnHeads.length);
    for (const [k, v] of Object.entries(zh)) if (typeof v === 'function') expect((v as (...a: unknown[]) => unknown).length, k).toBe((en[k as keyof typeof en] as (...a: unknown[]) => unknown).length);
  });
});
