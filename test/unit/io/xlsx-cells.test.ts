// Cells read right or refused where they stand (issue 9: items 1, 3, 4, 8 and 10, the xlsx parts).
// Every workbook here is raw zip + XML, so the test controls each byte a producer may write.
import { Decimal } from 'decimal.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openExport, type ReadRow } from '../../../src/io/read-export.js';
import { openXlsx } from '../../../src/io/xlsx-read.js';
import { xlsxNumber } from '../../../src/io/xlsx-sheet.js';
import { openSafeZip } from '../../../src/io/zip.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
import { plainFields } from './helpers.js';
// @ts-expect-error: a plain .mjs script without types
import { rowXml, xlsxParts, zipBuffer } from '../../../scripts/make-fixtures-zip.mjs';

const dir = mkdtempSync(join(tmpdir(), 'sg-xlsx-cells-'));
let seq = 0;

/** A workbook with one sheet `Data` whose <sheetData> is `xml`; returns its path. */
export function book(xml: string, options: { sharedStrings?: string; xfs?: number[] } = {}): string {
  const path = join(dir, `b${++seq}.xlsx`);
  writeFileSync(path, zipBuffer(xlsxParts([{ name: 'Data', xml }], options)));
  return path;
}

async function rawRows(path: string): Promise<{ row: number; cells: unknown[] }[]> {
  const b = await openXlsx(path);
  const out: { row: number; cells: unknown[] }[] = [];
  try {
    for await (const r of b.rows('Data')) out.push({ row: r.row, cells: [...r.cells] });
  } finally {
    await b.close();
  }
  return out;
}

async function read(path: string) {
  const reader = await openExport(path, { source: undefined, displayName: 'in.xlsx' });
  const rows: ReadRow[] = [];
  for await (const r of reader.rows()) rows.push(r);
  return {
    records: rows.filter((r) => r.record).map((r) => ({ row: r.source.row, ...plainFields(r.record!.fields) }) as Record<string, string | number | null>),
    amounts: rows.filter((r) => r.record).map((r) => r.record!.fields.amount as Decimal),
    excluded: rows.filter((r) => r.excluded).map((r) => ({ row: r.source.row, reason: r.excluded!.reason, ...(r.excluded!.detail === undefined ? {} : { detail: r.excluded!.detail }) })),
    findings: reader.findings.map((f) => ({ code: f.code, cell: (f as { cell?: string }).cell, message: f.message })),
  };
}

const HEADER = rowXml(1, ['负责人', '金额']);
const SST = '<si><t>负责人</t></si><si><t>金额</t></si><si><t>张三</t></si>';
const ss = (ref: string, body: string): string => `<c r="${ref}" t="s">${body}</c>`;

async function refusal(p: Promise<unknown>): Promise<SalesgradeError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(SalesgradeError);
  return e as SalesgradeError;
}

describe('item 1: an empty <v/> is an empty cell, whatever its type', () => {
  it('an empty shared-string cell is not shared string 0 (the header "负责人" graded as a rep)', async () => {
    const xml = `<row r="1">${ss('A1', '<v>0</v>')}${ss('B1', '<v>1</v>')}</row><row r="2">${ss('A2', '<v/>')}<c r="B2"><v>70000</v></c></row><row r="3">${ss('A3', '<v>2</v>')}<c r="B3"><v>5</v></c></row>`;
    const r = await read(book(xml, { sharedStrings: SST }));
    expect(r.records).toEqual([{ row: 3, rep: '张三', amount: '5' }]);
    expect(r.excluded).toMatchObject([{ row: 2, reason: 'no-rep' }]);
    expect(r.findings.map((f) => [f.code, f.cell])).toEqual([['no-rep', 'A2']]);
  });

  it.each([
    ['s, <v/>', ss('A2', '<v/>')],
    ['s, <v></v>', ss('A2', '<v></v>')],
    ['s, <v> </v>', ss('A2', '<v> </v>')],
    ['n, <v/>', '<c r="A2"><v/></c>'],
    ['n, <v></v>', '<c r="A2"><v></v></c>'],
    ['b, <v></v> (was FALSE)', '<c r="A2" t="b"><v></v></c>'],
    ['b, <v/>', '<c r="A2" t="b"><v/></c>'],
    ['e, <v></v> (was #VALUE!)', '<c r="A2" t="e"><v></v></c>'],
    ['e, <v/>', '<c r="A2" t="e"><v/></c>'],
    ['d, <v/>', '<c r="A2" t="d"><v/></c>'],
    ['str, <v/>', '<c r="A2" t="str"><v/></c>'],
  ])('%s reads as empty', async (_name, cell) => {
    const rows = await rawRows(book(`<row r="2">${cell}<c r="B2"><v>1</v></c></row>`, { sharedStrings: SST }));
    expect(rows).toEqual([{ row: 2, cells: [undefined, { t: 'n', v: '1' }] }]);
  });

  it('an empty <v/> beside a formula is a formula with no cached value, not a value', async () => {
    const rows = await rawRows(book('<row r="2"><c r="A2" t="s"><f>A1</f><v/></c><c r="B2"><f>1/0</f><v></v></c></row>'));
    expect(rows).toEqual([{ row: 2, cells: [{ t: 'f', v: null }, { t: 'f', v: null }] }]);
  });

  it.each([
    ['3 (one past the last)', '<v>3</v>'],
    ['99999999999', '<v>99999999999</v>'],
    ['-1', '<v>-1</v>'],
    ['1.5', '<v>1.5</v>'],
    ['0x1', '<v>0x1</v>'],
  ])('a shared-string index %s the file does not have is an error value at its cell', async (_name, body) => {
    const r = await read(book(`${HEADER}<row r="2">${ss('A2', '<v>2</v>')}${ss('B2', body)}</row><row r="3">${ss('A3', '<v>2</v>')}<c r="B3"><v>5</v></c></row>`, { sharedStrings: SST }));
    expect(r.records).toEqual([{ row: 3, rep: '张三', amount: '5' }]);
    expect(r.excluded).toMatchObject([{ row: 2, reason: 'bad-value', detail: 'amount at B2' }]);
    expect(r.findings).toEqual([{ code: 'formula-error', cell: 'B2', message: 'amount: expected an amount, found the error value #REF!; the row is not counted' }]);
  });
});

describe('item 3: Excel float noise', () => {
  it.each([
    ['261.95999999999998', '261.96'],
    ['41.913600000000002', '41.9136'],
    ['22.367999999999999', '22.368'],
    ['0.30000000000000004', '0.30000000000000004'], // a different double from 0.3: kept
    ['1.0000000000000000', '1'],
    ['-0', '0'],
    ['+12', '12'],
    ['1E3', '1000'],
    ['1.5e-7', '1.5e-7'],
    ['4.4408920985006262E-16', '4.440892098500626e-16'],
    [' 7 ', '7'],
  ])('<v>%s</v> reads as %s (the shortest text of the same double)', (text, expected) => {
    expect(xlsxNumber(text.trim())).toBe(expected);
    expect(Number(xlsxNumber(text.trim())) === Number(text)).toBe(true);
  });

  it('amounts written with float noise sum exactly to what Excel shows', async () => {
    const values = ['261.95999999999998', '731.94000000000005', '14.619999999999999', '22.367999999999999', '14140.0'];
    const rows = values.map((v, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>张三</t></is></c><c r="B${i + 2}"><v>${v}</v></c></row>`);
    const r = await read(book(HEADER + rows.join('')));
    expect(r.records.map((x) => x.amount)).toEqual(['261.96', '731.94', '14.62', '22.368', '14140']);
    expect(r.amounts.reduce((a, b) => a.plus(b), new Decimal(0)).toString()).toBe('15170.888');
  });
});

describe('item 4: special numbers are bad values, never numbers', () => {
  const specials = ['Infinity', '-Infinity', 'NaN', '0x10', '0b1', '0o7', '1e999999999', '1e400', '-1e309', '1e-400', '1e99999999999999999999', '1_000', '١٢', '１２', 'Infinity ', '.', '-', 'e5', '1e', '1..2'];

  it.each(specials)('<v>%s</v> is the error value #NUM! at its cell (rep row excluded, located finding)', async (text) => {
    const xml = `${HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c><c r="B2"><v>${text}</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>李四</t></is></c><c r="B3"><v>10</v></c></row>`;
    const t0 = performance.now();
    const r = await read(book(xml));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.records).toEqual([{ row: 3, rep: '李四', amount: '10' }]);
    expect(r.excluded).toMatchObject([{ row: 2, reason: 'bad-value', detail: 'amount at B2' }]);
    expect(r.findings).toEqual([{ code: 'formula-error', cell: 'B2', message: 'amount: expected an amount, found the error value #NUM!; the row is not counted' }]);
  });

  it('a huge run of digits is read in bounded time (a number of over 1,000 characters is not a number)', async () => {
    expect(xlsxNumber('9'.repeat(309))).toBeUndefined(); // over the largest double
    expect(xlsxNumber('9'.repeat(308))).toBe(String(Number('9'.repeat(308))));
    const t0 = performance.now();
    expect(xlsxNumber(`0.${'0'.repeat(5_000_000)}1`)).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('a boolean that is neither 0/1 nor true/false is #VALUE!, not FALSE; an unknown cell type too', async () => {
    const rows = await rawRows(book('<row r="2"><c r="A2" t="b"><v>2</v></c><c r="B2" t="b"><v>TRUE</v></c><c r="C2" t="x"><v>1</v></c></row>'));
    expect(rows).toEqual([{ row: 2, cells: [{ t: 'e', v: '#VALUE!' }, { t: 'b', v: true }, { t: 'e', v: '#VALUE!' }] }]);
  });

  it('a date-formatted special number is #NUM!, not a date', async () => {
    const rows = await rawRows(book('<row r="2"><c r="A2" s="1"><v>Infinity</v></c><c r="B2" s="1"><v>46204.000000000007</v></c></row>', { xfs: [0, 14] }));
    expect(rows).toEqual([{ row: 2, cells: [{ t: 'e', v: '#NUM!' }, { t: 'd', v: '2026-07-01', serial: '46204.00000000001', fmt: 'yyyy-mm-dd' }] }]);
  });
});

describe('item 8: a value is never moved to another row or column', () => {
  const cell = (ref: string, v: number): string => `<c r="${ref}"><v>${v}</v></c>`;
  it.each([
    ['a cell written twice', `<row r="2">${cell('A2', 1)}${cell('B2', 2)}${cell('B2', 3)}</row>`, 'B2', 'cell B2 is written twice'],
    ['cells out of order', `<row r="2">${cell('A2', 1)}${cell('C2', 2)}${cell('B2', 3)}</row>`, 'B2', 'cell B2 comes after C2: cells must be in column order, each once'],
    ['a cell without a reference after XFD', `<row r="2">${cell('XFD2', 1)}<c><v>2</v></c></row>`, 'XFD2', 'row 2 has more than 16384 cells (the last column is XFD)'],
    ['a reference to another row', `<row r="2">${cell('A2', 1)}${cell('B5', 2)}</row>`, 'B5', 'cell B5 is written inside row 2'],
    ['a column past XFD', `<row r="2">${cell('XFE2', 1)}</row>`, 'A2', 'a cell reference "XFE2" that is not a cell from A1 to XFD1048576'],
    ['a malformed reference', `<row r="2">${cell('B-2', 1)}</row>`, 'A2', 'a cell reference "B-2" that is not a cell from A1 to XFD1048576'],
    ['a row repeated', `<row r="2">${cell('A2', 1)}</row><row r="2">${cell('B2', 2)}</row>`, 'A2', 'row 2 comes after row 2: rows must be in ascending order, each once'],
    ['rows backwards', `<row r="3">${cell('A3', 1)}</row><row r="2">${cell('A2', 2)}</row>`, 'A2', 'row 2 comes after row 3: rows must be in ascending order, each once'],
    ['a row without a number after one numbered', `<row r="3">${cell('A3', 1)}</row><row>${cell('A3', 2)}</row>`, 'A3', 'cell A3 is written inside row 4'],
    ['a malformed row number', `<row r="1e1">${cell('A10', 1)}</row>`, 'A2', 'a row numbered "1e1": not a row number from 1 to 1048576'],
    ['a row past the last', `<row r="1048577"><c><v>1</v></c></row>`, 'A2', 'a row numbered "1048577": not a row number from 1 to 1048576'],
  ])('%s is refused, located', async (_name, xml, at, message) => {
    const e = await refusal(read(book(HEADER + xml)));
    expect(e.code).toBe('input-format');
    expect(e.message).toBe(message);
    expect(e.location).toEqual({ file: 'in.xlsx', sheet: 'Data', cell: at });
  });

  it('cells and rows without references follow the previous ones, as the format says', async () => {
    const rows = await rawRows(book('<row r="2"><c r="B2"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c><c r="c3"><v>4</v></c></row>'));
    expect(rows).toEqual([
      { row: 2, cells: [undefined, { t: 'n', v: '1' }, { t: 'n', v: '2' }] },
      { row: 3, cells: [{ t: 'n', v: '3' }, undefined, { t: 'n', v: '4' }] },
    ]);
  });

  it('a workbook with two sheets of one name (without case, as Excel compares them) is refused', async () => {
    const path = join(dir, `dup${++seq}.xlsx`);
    writeFileSync(path, zipBuffer(xlsxParts([{ name: 'Data', xml: HEADER }, { name: 'data', xml: HEADER }])));
    const e = await refusal(openXlsx(path));
    expect(e.message).toBe('two sheets are named "data"; which one is meant cannot be told');
  });

  it('a zip with two entries of the same name is refused (as Apache POI does), whatever the case', async () => {
    const parts = xlsxParts([{ name: 'Data', xml: HEADER }]) as { name: string; data: string }[];
    for (const dup of ['xl/worksheets/sheet1.xml', 'XL/Worksheets/Sheet1.xml']) {
      const path = join(dir, `dup${++seq}.xlsx`);
      writeFileSync(path, zipBuffer([...parts, { name: dup, data: parts.at(-1)!.data.replace('负责人', '李四') }]));
      const e = await refusal(openSafeZip(path));
      expect(e.code).toBe('input-format');
      expect(e.message).toBe(`the archive has two entries named xl/worksheets/sheet1.xml; which one is the sheet cannot be told`);
      expect(e.toLine().split('\n')).toHaveLength(1);
    }
  });
});

describe('item 10: linear and bounded', () => {
  it('a 4 MB attribute value and 100,000 attributes read in linear time', async () => {
    const long = `<row r="2" x="${'a'.repeat(4 << 20)}"><c r="A2" t="inlineStr"><is><t>张三</t></is></c><c r="B2"><v>1</v></c></row>`;
    const many = `<row r="3"${' y="1"'.repeat(100_000)}><c r="A3" t="inlineStr"${' z="2"'.repeat(100_000)}><is><t>李四</t></is></c><c r="B3"><v>2</v></c></row>`;
    const names = `<row r="4"><c r="A4" t="inlineStr" ${'q'.repeat(2 << 20)}=x><is><t>王五</t></is></c></row>`;
    const t0 = performance.now();
    const r = await read(book(HEADER + long + many + names));
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.records).toEqual([
      { row: 2, rep: '张三', amount: '1' },
      { row: 3, rep: '李四', amount: '2' },
      { row: 4, rep: '王五', amount: null },
    ]);
  });

  it('a comment, CDATA section and processing instruction of 4 MB each, cut by every chunk, read linearly', async () => {
    const big = 'x'.repeat(4 << 20);
    const xml = `${HEADER}<!--${big}--><?pi ${big}?><row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[${big.slice(0, 1 << 20)}]]></t></is></c></row>`;
    const t0 = performance.now();
    const rows = await rawRows(book(xml));
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(rows[1]).toEqual({ row: 2, cells: [{ t: 's', v: big.slice(0, 1 << 20) }] });
  });

  it('a cell value over 1 MB is refused at its cell, not grown without bound', async () => {
    const e = await refusal(rawRows(book(`<row r="2"><c r="A2" t="str"><v>${'x'.repeat((1 << 20) + 1)}</v></c></row>`)));
    expect(e.code).toBe('input-too-large');
    expect(e.location).toEqual({ file: expect.stringMatching(/\.xlsx$/), sheet: 'Data', cell: 'A2' });
  });

  it('a value in column XFD and a row of 16,384 cells are read', async () => {
    const full = Array.from({ length: 16_384 }, (_, i) => `<c><v>${i}</v></c>`).join('');
    const xml = `${HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c><c r="B2"><v>1</v></c><c r="XFD2"><v>9</v></c></row><row r="3">${full}</row>`;
    const rows = await rawRows(book(xml));
    expect(rows[1]!.cells).toHaveLength(16_384);
    expect(rows[1]!.cells[16_383]).toEqual({ t: 'n', v: '9' });
    expect(rows[2]!.cells[16_383]).toEqual({ t: 'n', v: '16383' });
    const r = await read(book(xml));
    expect(r.records[0]).toEqual({ row: 2, rep: '张三', amount: '1' });
  });
});
