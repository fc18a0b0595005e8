// One message catalogue per language: every key in both, with the same {placeholders}, and a zh-CN
// text that is not the English one left untranslated.
import { describe, expect, it } from 'vitest';
import { catalogues as reportCatalogues } from '../../../src/report/labels.js';
import { catalogues as workbookCatalogues } from '../../../src/report/workbook-labels.js';
import { quotaCatalogue } from '../../../src/report/quota-labels.js';
import { diffCatalogue } from '../../../src/report/diff-labels.js';

const sets: [string, Record<string, string>, Record<string, string>][] = [
  ['labels.ts', reportCatalogues.en, reportCatalogues['zh-CN']],
  ['workbook-labels.ts', workbookCatalogues.en, workbookCatalogues['zh-CN']],
  ['quota-labels.ts', quotaCatalogue('en'), quotaCatalogue('zh-CN')],
  ['diff-labels.ts', diffCatalogue('en'), diffCatalogue('zh-CN')],
];
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(sets)('%s', (_, en, zh) => {
  it('has the same keys in en and zh-CN', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('fills the same placeholders in both languages', () => {
    const differ = Object.keys(en).filter((k) => placeholders(en[k]!).join() !== placeholders(zh[k] ?? '').join());
    expect(differ).toEqual([]);
  });

  it('has Chinese text for every zh-CN message with words in it', () => {
    // a text with a Latin word of 3+ letters in en and no CJK in zh is an untranslated copy
    const copies = Object.keys(en).filter((k) => /[A-Za-z]{3}/.test(en[k]!.replace(/\{\w+\}/g, '')) && zh[k] === en[k] && !/[\u4e00-\u9fff]/.test(zh[k]!));
    // terms that stay as they are in a Chinese report (units, codes, file and command names)
    const kept = copies.filter((k) => !/^(kpi|sha256|file|link|rubricSha)$/i.test(k));
    expect(kept).toEqual([]);
  });
});
