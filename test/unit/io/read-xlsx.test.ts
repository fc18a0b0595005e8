import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openExport } from '../../../src/io/read-export.js';
import { isDateFormatCode } from '../../../src/io/xlsx-read.js';
import { DEFAULT_ZIP_LIMITS, openSafeZip } from '../../../src/io/zip.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
import { readAll } from './helpers.js';
// @ts-expect-error: a plain .mjs script without types
import { rowXml, xlsxParts, zipBuffer } from '../../../scripts/make-fixtures-zip.mjs';

describe('xlsx', () => {
  it('reads formulas as cached values; a cached error or a missing value is a finding at its cell', async () => {
    const r = await readAll('formulas.xlsx');
    expect(r.records).toEqual([
      { row: 2, rep: '张三', amount: '123.5', date: '2026-07-01' },
      { row: 5, rep: '赵六', amount: '1000', date: '2026-07-01' },
      { row: 6, rep: '钱七', amount: '2500', date: '2026-07-01' },
      { row: 7, rep: '孙八', amount: '3000', date: '2026-07-01' },
    ]);
    expect(r.excluded).toMatchObject([
      { row: 3, reason: 'bad-value', detail: 'amount at B3' },
      { row: 4, reason: 'bad-value', detail: 'amount at B4' },
    ]);
    expect(r.findings).toEqual([
      {
        code: 'formula-error',
        severity: 'error',
        message: 'amount: expected an amount, found the error value #DIV/0!; the row is not counted',
        source: 'formulas.xlsx',
        sheet: 'Data',
        cell: 'B3',
        row: 3,
        data: { field: 'amount', expected: 'amount', found: 'error', text: '#DIV/0!', outcome: 'row-not-counted' },
      },
      {
        code: 'formula-no-value',
        severity: 'error',
        message:
          'amount: expected an amount, found a formula with no cached value; the row is not counted (open the file in Excel or WPS and save it again so the values are calculated)',
        source: 'formulas.xlsx',
        sheet: 'Data',
        cell: 'B4',
        row: 4,
        data: {
          field: 'amount',
          expected: 'amount',
          found: 'formula',
          hint: 'recalculate',
          outcome: 'row-not-counted',
        },
      },
    ]);
  });

  it.each(['date1904-true.xlsx', 'date1904-1.xlsx'])('honours the 1904 date system in %s', async (name) => {
    const r = await readAll(name);
    expect(r.layout.date1904).toBe(true);
    expect(r.records).toEqual([{ row: 2, rep: '张三', date: '2026-07-01' }]);
  });

  it('reads custom date formats as calendar dates; a late time of day does not move the date', async () => {
    const r = await readAll('date-formats.xlsx', { keepRaw: true });
    expect(r.records).toEqual([{ row: 2, rep: '张三', date: '2026-07-01', close_date: '2026-07-01' }]);
    // the data sheet's copy: dates stay dates, with the source's own date formats
    expect(r.rows[0]!.raw).toEqual(['张三', { n: 46204, fmt: 'yyyy"年"m"月"d"日"' }, { n: 46204.99, fmt: 'yyyy/mm/dd hh:mm' }]);
  });

  it.each([
    ['yyyy"年"m"月"d"日"', true],
    ['yyyy/mm/dd hh:mm', true],
    ['[$-804]yyyy-mm-dd', true],
    ['m/d/yy', true],
    ['#,##0.00', false],
    ['0.0%', false],
    ['"¥"#,##0;[Red]-"¥"#,##0', false],
    ['hh:mm', false],
    ['General', false],
  ])('date format %j → %s', (code, expected) => {
    expect(isDateFormatCode(code)).toBe(expected);
  });

  it('ignores a lying <dimension> (rows as they are, no allocation for a million)', async () => {
    const r = await readAll('lying-dimension.xlsx');
    expect(r.records).toEqual([
      { row: 2, rep: '张三', amount: '1' },
      { row: 1048576, rep: '李四', amount: '2' },
    ]);
  });

  it('reads a two-row header with merged group cells', async () => {
    const r = await readAll('two-row-header.xlsx');
    expect(r.layout.headerRow).toBe(1);
    expect(r.layout.headerRows).toBe(2);
    expect(r.layout.columns.map((c) => [c.letter, c.header, c.field ?? null])).toEqual([
      ['A', '销售代表', 'rep'],
      ['B', '商机信息 / 金额', 'amount'],
      ['C', '商机信息 / 结单日期', 'close_date'],
      ['D', '客户 / 客户名称', 'customer'],
    ]);
    expect(r.records).toEqual([
      { row: 3, rep: '张三', amount: '500', close_date: '2026-07-01', customer: '甲公司' },
      { row: 4, rep: '李四', amount: '700', close_date: '2026-07-02', customer: '乙公司' },
    ]);
  });

  it('skips hidden and non-matching sheets, finds the header below title rows (exceljs file)', async () => {
    const r = await readAll('sheets.xlsx');
    expect(r.layout.sheet).toBe('商机明细');
    expect(r.layout.headerRow).toBe(3);
    expect(r.layout.sheets).toEqual([
      { name: '说明', hidden: false, rows: -1 },
      { name: '旧数据', hidden: true, rows: -1 },
      { name: '商机明细', hidden: false, rows: 6 },
    ]);
    expect(r.records).toEqual([
      { row: 4, rep: '张三', close_date: '2026-07-01', amount: '1234.56', stage: '赢单' },
      { row: 5, rep: '李四', close_date: '2026-07-31', amount: '2000', stage: '赢单' },
    ]);
    expect(r.excluded).toMatchObject([{ row: 6, reason: 'totals-row', detail: '合计' }]);
    expect(r.rows[0]!.record!.cells).toEqual({ rep: 'A4', close_date: 'B4', amount: 'C4', stage: 'D4' });
  });

  it('reads a hidden sheet when it is named', async () => {
    const r = await readAll('sheets.xlsx', { sheet: '旧数据' });
    expect(r.records).toEqual([{ row: 2, rep: '老王', close_date: '2025-01-02', amount: '1' }]);
    await expect(readAll('sheets.xlsx', { sheet: '不存在' })).rejects.toThrow('no sheet named "不存在"; the sheets are "说明", "旧数据", "商机明细"');
  });

  it('reads a workbook written by LibreOffice', async () => {
    const r = await readAll('libreoffice.xlsx');
    expect(r.records).toEqual([
      { row: 2, rep: '张三', close_date: '2026-07-01', amount: '1234.56', stage: '赢单' },
      { row: 3, rep: '李四', close_date: '2026-07-02', amount: '2469.12', stage: '赢单' },
      { row: 5, rep: '赵六', close_date: '2026-07-04', amount: '3000', stage: '赢单' },
    ]);
    expect(r.excluded).toMatchObject([
      { row: 4, reason: 'bad-value', detail: 'amount at C4' },
      { row: 6, reason: 'totals-row', detail: '合计' },
    ]);
    expect(r.findings.map((f) => [f.code, f.cell ?? null, f.row])).toEqual([
      ['formula-error', 'C4', 4],
      ['totals-row', null, 6],
    ]);
  });

  it('reads an HTML table saved as .xls', async () => {
    const r = await readAll('html-table.xls');
    expect(r.layout.format).toBe('html');
    expect(r.layout.headerRow).toBe(2);
    expect(r.records).toEqual([
      { row: 3, rep: '张三', amount: '1200', customer: 'A&B 公司' },
      { row: 4, rep: '李四', amount: '300', customer: 'C 公司' },
    ]);
  });
});

describe('zip safety', () => {
  it('refuses a 1 GiB bomb from its central directory, fast', async () => {
    const t0 = performance.now();
    const e = await readAll('zip-bomb.xlsx').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SalesgradeError);
    expect((e as SalesgradeError).code).toBe('zip-unsafe');
    expect((e as SalesgradeError).message).toBe('entry xl/worksheets/sheet1.xml declares 1073741824 bytes inflated; at most 536870912 are accepted');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  function bombWith(declared: number, inflated: number): string {
    const raw = deflateRawSync(Buffer.alloc(inflated));
    const parts = xlsxParts([{ name: 'Data', xml: rowXml(1, ['销售代表']) }]) as { name: string; data: string }[];
    const entries = parts.map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { name: p.name, raw, size: declared, crc: 0 } : p));
    const dir = mkdtempSync(join(tmpdir(), 'sg-zip-'));
    const path = join(dir, 'bomb.xlsx');
    writeFileSync(path, zipBuffer(entries));
    return path;
  }

  it('refuses an archive with too many entries before reading any', async () => {
    const entries = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' }));
    const dir = mkdtempSync(join(tmpdir(), 'sg-zip-'));
    const path = join(dir, 'many.xlsx');
    writeFileSync(path, zipBuffer(entries));
    await expect(openSafeZip(path, { ...DEFAULT_ZIP_LIMITS, maxEntries: 5 })).rejects.toThrow('the archive has 6 entries; at most 5 are accepted');
    const zip = await openSafeZip(path, { ...DEFAULT_ZIP_LIMITS, maxEntries: 6 });
    expect(zip.names()).toHaveLength(6);
    zip.close();
  });

  it('refuses an archive whose declared sizes add up past the total cap', async () => {
    const entries = Array.from({ length: 3 }, (_, i) => ({ name: `f${i}.txt`, data: 'x'.repeat(1000) }));
    const dir = mkdtempSync(join(tmpdir(), 'sg-zip-'));
    const path = join(dir, 'total.xlsx');
    writeFileSync(path, zipBuffer(entries));
    await expect(openSafeZip(path, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 2500 })).rejects.toThrow('the archive declares over 2500 bytes inflated');
  });

  it('refuses an entry whose ratio is too high', async () => {
    const path = bombWith(64 << 20, 64 << 20);
    await expect(openExport(path, { source: undefined })).rejects.toThrow(/inflates \d+× .* over the 200× limit/);
  });

  it('refuses an entry that inflates to fewer bytes than it declares (checked at its end, as it streams in 256 KB chunks)', async () => {
    const parts = xlsxParts([{ name: 'Data', xml: rowXml(1, ['销售代表']) }]) as { name: string; data: string }[];
    const entries = parts.map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { name: p.name, raw: deflateRawSync(Buffer.from(p.data)), size: Buffer.byteLength(p.data) + 100, crc: 0 } : p));
    const dir = mkdtempSync(join(tmpdir(), 'sg-zip-'));
    const path = join(dir, 'short.xlsx');
    writeFileSync(path, zipBuffer(entries));
    const e = await (async () => {
      const r = await openExport(path, { source: undefined });
      for await (const _ of r.batches());
    })().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SalesgradeError);
    expect((e as SalesgradeError).code).toBe('zip-unsafe');
    expect((e as SalesgradeError).message).toMatch(/^entry xl\/worksheets\/sheet1\.xml does not inflate to the size it declares/);
  });

  it('stops an entry that lies about its size as soon as it inflates past it', async () => {
    const path = bombWith(4096, 32 << 20);
    const before = process.memoryUsage().rss;
    const e = await openExport(path, { source: undefined }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SalesgradeError);
    expect((e as SalesgradeError).code).toBe('zip-unsafe');
    expect((e as SalesgradeError).message).toMatch(/^entry xl\/worksheets\/sheet1\.xml (inflates beyond the 4096 bytes it declares|does not inflate to the size it declares)/);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 << 20);
  });
});

describe('hidden rows (a filter, or Hide in Excel/WPS)', () => {
  async function readXlsx(rows: string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'sg-hidden-'));
    const path = join(dir, 'hidden.xlsx');
    writeFileSync(path, zipBuffer(xlsxParts([{ name: 'Data', xml: rows.join('') }])));
    const reader = await openExport(path, { source: undefined, displayName: 'hidden.xlsx' });
    const records: number[] = [];
    for await (const r of reader.rows()) if (r.record) records.push(r.source.row);
    return { records, findings: reader.findings };
  }
  const hide = (xml: string, attr = ' hidden="1"'): string => xml.replace('<row r="', `<row${attr} r="`);

  it('reads hidden rows as data and says how many, at the first, in one warning per sheet', async () => {
    const r = await readXlsx([
      rowXml(1, ['rep', 'amount', 'date']),
      rowXml(2, ['A', 1, '2026-07-01']),
      hide(rowXml(3, ['B', 2, '2026-07-01'])),
      rowXml(4, ['C', 3, '2026-07-01']),
      hide(rowXml(5, ['D', 4, '2026-07-01']), ' spans="1:3" hidden="true"'),
      hide(rowXml(6, ['E', 5, '2026-07-01']), ' hidden="0"'),
      '<row r="7" hidden="1"/>',
    ]);
    expect(r.records).toEqual([2, 3, 4, 5, 6]);
    expect(r.findings.filter((f) => f.code === 'hidden-rows')).toEqual([
      {
        code: 'hidden-rows',
        severity: 'warning',
        message:
          '2 hidden rows of sheet "Data" (the first is row 3) were read as data like every other row: rows hidden by a filter or by Hide in Excel or WPS are still in the file (delete the rows that must not be counted, or unhide them to check them)',
        source: 'hidden.xlsx',
        sheet: 'Data',
        cell: 'A3',
        row: 3,
        data: { sheet: 'Data', count: 2, first: 3 },
      },
    ]);
  });

  it('says nothing when no row with a value is hidden', async () => {
    const r = await readXlsx([rowXml(1, ['rep', 'amount', 'date']), rowXml(2, ['A', 1, '2026-07-01']), '<row r="3" hidden="1"/>']);
    expect(r.findings.filter((f) => f.code === 'hidden-rows')).toEqual([]);
  });
});

describe('merged rep cells (a name merged down over its rows)', () => {
  it('the rows under the top cell are not counted, and their no-rep finding names the merged range and the fix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-merged-'));
    const path = join(dir, 'merged.xlsx');
    const rows = [
      rowXml(1, ['rep', 'amount', 'date']),
      rowXml(2, ['张三', 1, '2026-07-01']),
      rowXml(3, [null, 2, '2026-07-02']),
      rowXml(4, [null, 4, '2026-07-03']),
      rowXml(5, ['李四', 8, '2026-07-01']),
      rowXml(6, [null, 16, '2026-07-02']),
    ];
    // <mergeCells> follows </sheetData>, as Excel and WPS write it
    const after = '<mergeCells count="2"><mergeCell ref="A2:A4"/><mergeCell ref="B5:C5"/></mergeCells>';
    writeFileSync(path, zipBuffer(xlsxParts([{ name: 'Data', xml: rows.join(''), after }])));
    const reader = await openExport(path, { source: undefined, displayName: 'merged.xlsx' });
    const counted: number[] = [];
    for await (const r of reader.rows()) if (r.record) counted.push(r.source.row);
    expect(counted).toEqual([2, 5]);
    expect(reader.findings.filter((f) => f.code === 'no-rep').map((f) => [f.cell, f.message, f.data])).toEqual([
      ['A3', 'rep: expected a name, found an empty cell inside the merged range A2:A4 (a merged range keeps its value in A2 only); the row is not counted (unmerge the cells and fill the name down)', { field: 'rep', merged: 'A2:A4', top: 'A2' }],
      ['A4', 'rep: expected a name, found an empty cell inside the merged range A2:A4 (a merged range keeps its value in A2 only); the row is not counted (unmerge the cells and fill the name down)', { field: 'rep', merged: 'A2:A4', top: 'A2' }],
      ['A6', 'rep: expected a name, found an empty cell; the row is not counted', { field: 'rep' }],
    ]);
  });

  it('a row under a merged name whose amount equals the sum above is not taken for a totals row without a word: a warning names the range', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-merged-'));
    const path = join(dir, 'merged-totals.xlsx');
    const rows = [rowXml(1, ['rep', 'amount', 'date']), rowXml(2, ['张三', 100, '2026-07-01']), rowXml(3, [null, 100, '2026-07-02'])];
    writeFileSync(path, zipBuffer(xlsxParts([{ name: 'Data', xml: rows.join(''), after: '<mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>' }])));
    const reader = await openExport(path, { source: undefined, displayName: 'merged-totals.xlsx' });
    for await (const _ of reader.rows()) void _;
    expect(reader.findings.filter((f) => f.code === 'totals-row').map((f) => [f.severity, f.row, f.message, f.data])).toEqual([
      [
        'warning',
        3,
        'a row with an empty rep cell inside the merged range A2:A3 (a merged range keeps its value in A2 only) has amount 100, the sum of the rows above, and was read as a totals row, not counted; it is probably a deal of the rep in A2 (unmerge the cells and fill the name down)',
        { field: 'amount', amount: '100', rowsAbove: 1, merged: 'A2:A3', top: 'A2' },
      ],
    ]);
  });
});

// Hidden columns (`<col hidden="1">`) were read without a word: an old hidden 金额 beside the visible one
// was the one read (the first of two), and an amount column hidden on its own went unmentioned.
// Now: a column is read hidden or not (data is data), the visible copy of a repeated header is the
// one read, and what was hidden is said (also run on the reference path: xlsx-reference-path.test.ts).
describe('hidden columns', () => {
  async function readXlsx(cols: string, rows: string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'sg-hidden-cols-'));
    const path = join(dir, 'cols.xlsx');
    writeFileSync(path, zipBuffer(xlsxParts([{ name: 'Data', before: cols, xml: rows.join('') }])));
    const reader = await openExport(path, { source: undefined, displayName: 'cols.xlsx' });
    const amounts: [string, string][] = [];
    for await (const r of reader.rows()) if (r.record) amounts.push([String(r.record.fields.rep), String(r.record.fields.amount)]);
    return { amounts, findings: reader.findings.map((f) => [f.code, f.severity, f.cell, f.message]), columns: reader.layout.columns.map((c) => [c.letter, c.field ?? null, c.hidden ?? false]) };
  }
  const dup = [rowXml(1, ['rep', 'amount', 'date', 'amount']), rowXml(2, ['A', 1, '2026-07-01', 10]), rowXml(3, ['B', 2, '2026-07-02', 20])];

  it.each([
    ['<cols><col min="2" max="2" width="0" hidden="1" customWidth="1"/></cols>'],
    ['<cols><col min="1" max="1" width="9"/><col min="2" max="2" hidden="true"/><col min="3" max="4" width="12"/></cols>'],
  ])('a header given twice, one copy hidden (%s): the visible column is read, and the findings say which', async (cols) => {
    const r = await readXlsx(cols, dup);
    expect(r.amounts).toEqual([['A', '10'], ['B', '20']]);
    expect(r.columns).toEqual([['A', 'rep', false], ['B', null, true], ['C', 'date', false], ['D', 'amount', false]]);
    expect(r.findings).toEqual([
      ['duplicate-header', 'warning', 'B1', 'amount: columns D and B are both headed "amount"; column B is hidden: the visible column D is read, B is only compared with it (delete the hidden column if it is old)'],
      ['duplicate-header', 'warning', 'B2', 'amount: columns D and B, both headed "amount", differ on 2 rows (first here: "10" vs "1"); column B is hidden: the visible column D was read (delete the hidden column if it is old)'],
    ]);
  });

  it('without hidden columns the first copy is read, and a difference is an error (unchanged)', async () => {
    const r = await readXlsx('<cols><col min="2" max="2" hidden="0"/></cols>', dup);
    expect(r.amounts).toEqual([['A', '1'], ['B', '2']]);
    expect(r.findings.map((f) => [f[0], f[1]])).toEqual([['duplicate-header', 'warning'], ['duplicate-header', 'error']]);
  });

  it('the only amount column hidden: read, with a hidden-column warning at its header; a hidden column no field maps says nothing', async () => {
    const rows = [rowXml(1, ['rep', 'amount', 'date', 'note']), rowXml(2, ['A', 1, '2026-07-01', 'x'])];
    const r = await readXlsx('<cols><col min="2" max="2" hidden="1"/><col min="4" max="16384" hidden="1"/></cols>', rows);
    expect(r.amounts).toEqual([['A', '1']]);
    expect(r.findings).toEqual([
      ['hidden-column', 'warning', 'B1', 'amount: column B "amount" is hidden in sheet "Data"; it is read like every column (a hidden column is still in the file: unhide it to check it, or map the column you meant in source.fields)'],
    ]);
  });

  it('a <col> that is not a hidden column range hides nothing (min 0, max below min, beyond XFD, after <sheetData>)', async () => {
    const rows = [rowXml(1, ['rep', 'amount', 'date']), rowXml(2, ['A', 1, '2026-07-01'])];
    for (const cols of ['<cols><col min="0" max="2" hidden="1"/></cols>', '<cols><col min="3" max="2" hidden="1"/></cols>', '<cols><col min="2" max="16385" hidden="1"/></cols>', '<cols><col min="x" max="2" hidden="1"/></cols>']) {
      expect((await readXlsx(cols, rows)).findings).toEqual([]);
    }
  });
});
