// An export whose data sheet is hidden behind a visible cover sheet: the "no header row" error names
// the hidden sheet that has the header and how to read it (before, it named only the cover sheet).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openExport } from '../../../src/io/read-export.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
import { errorLine, wordError } from '../../../src/report/error-messages.js';
// @ts-expect-error: a plain .mjs script without types
import { rowXml, xlsxParts, zipBuffer } from '../../../scripts/make-fixtures-zip.mjs';

const dir = mkdtempSync(join(tmpdir(), 'sg-hidden-'));
const SOURCE = { fields: { rep: ['销售代表'], amount: { headers: ['金额'], type: 'money' as const }, stage: ['阶段'] } };

async function refusal(sheets: { name: string; xml: string; state?: string }[]): Promise<SalesgradeError> {
  const path = join(dir, `${sheets.map((s) => s.name).join('-')}.xlsx`);
  writeFileSync(path, zipBuffer(xlsxParts(sheets)));
  const e = await openExport(path, { source: SOURCE, displayName: 'q3.xlsx' }).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(SalesgradeError);
  return e as SalesgradeError;
}

describe('no visible sheet has a header', () => {
  const data = [rowXml(1, ['销售代表', '金额', '阶段']), rowXml(2, ['张三', 1200, '赢单'])].join('');
  const cover = rowXml(1, ['2026 Q3 报表']);

  it('names the hidden sheet that has one, and source.sheet', async () => {
    const e = await refusal([
      { name: '封面', xml: cover },
      { name: '数据', xml: data, state: 'hidden' },
    ]);
    expect(e.code).toBe('header-not-found');
    expect(e.hint).toBe('the hidden sheet "数据" has a matching header: name it in source.sheet (inspect --sheet shows it)');
    // worded from the facts alike in English, and in Chinese
    const en = wordError(e.facts!, 'en');
    expect({ message: en.message, hint: en.hint }).toEqual({ message: e.message, hint: e.hint });
    expect(errorLine(e, 'zh-CN')).toMatch(/（隐藏的工作表 "数据" 有匹配的表头：请在 source\.sheet 中指定它（inspect --sheet 可查看））$/);
  });

  it('says what it said before when no hidden sheet has one either', async () => {
    const e = await refusal([
      { name: '封面', xml: cover },
      { name: '备注', xml: cover, state: 'hidden' },
    ]);
    expect(e.code).toBe('header-not-found');
    expect(e.hint).toBe('name the columns in source.fields, or set source.header_row');
  });
});
