import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sniffDelimiter } from '../../../src/io/csv.js';
import { isTotalLabel, openExport } from '../../../src/io/read-export.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
import { fixture, readAll } from './helpers.js';

const BASIC = [
  { row: 2, rep: '张三', date: '2026-07-01', amount: '100' },
  { row: 3, rep: '李四', date: '2026-07-02', amount: '200' },
];

async function errorOf(name: string, options: Parameters<typeof readAll>[1] = {}): Promise<SalesgradeError> {
  try {
    await readAll(name, options);
  } catch (e) {
    if (e instanceof SalesgradeError) return e;
    throw e;
  }
  throw new Error(`${name} was read without an error`);
}

describe('encodings', () => {
  it.each([
    ['utf8.csv', 'utf-8', ','],
    ['utf8-bom.csv', 'utf-8 (BOM)', ','],
    ['utf16le-tab.csv', 'utf-16le (BOM)', '\t'],
    ['utf16be.csv', 'utf-16be (BOM)', ','],
  ])('%s is read as %s, delimiter %j', async (name, encoding, delimiter) => {
    const r = await readAll(name);
    expect(r.layout.encoding).toBe(encoding);
    expect(r.layout.delimiter).toBe(delimiter);
    expect(r.layout.columns.map((c) => c.header)).toEqual(['销售代表', '日期', '金额']);
    expect(r.records).toEqual(BASIC);
    expect(r.findings).toEqual([]);
  });

  it('detects GB18030 (with a 4-byte character) and reads its values', async () => {
    const r = await readAll('gb18030.csv');
    expect(r.layout.encoding).toBe('gb18030');
    expect(r.records).toEqual([
      { row: 2, rep: '张三', date: '2026-07-01', amount: '1234.5', customer: '𠮷野家' },
      { row: 3, rep: '李四', date: '2026-07-02', amount: '88', customer: '华东制造' },
    ]);
  });

  it('refuses a file valid in neither UTF-8 nor GB18030, naming the line', async () => {
    const e = await errorOf('bad-encoding.csv');
    expect(e.code).toBe('input-encoding');
    expect(e.toLine()).toBe('bad-encoding.csv:3: not valid UTF-8 or GB18030 text: bad byte 0x80 on line 3 (save the file as UTF-8 CSV, or pass --encoding)');
  });

  it('--encoding forces a decoding, strictly (no silent U+FFFD)', async () => {
    const e = await errorOf('gb18030.csv', { encoding: 'utf-8' });
    expect(e.code).toBe('input-encoding');
    expect(e.message).toMatch(/^not valid UTF-8 text on line 1, column 1 \(byte 0xCF at offset 0, /);
    const r = await readAll('utf8.csv', { encoding: 'utf-8' });
    expect(r.records).toEqual(BASIC);
  });
});

describe('delimiters and structure', () => {
  it.each([
    [',', 'a,b;c\n1,2;3\n'],
    [';', 'a;b;c\n1;2;3\n'],
    ['\t', 'a\tb\tc,d\n1\t2\t3\n'],
    ['|', 'a|b|c\n1|2|3\n'],
    [',', '"a;b",c\n"1;2",3\n'],
  ])('sniffs %j', (d, text) => {
    expect(sniffDelimiter(text)).toBe(d);
  });

  it('reads semicolon CSV with continental decimals', async () => {
    const r = await readAll('semicolon.csv');
    expect(r.layout.delimiter).toBe(';');
    expect(r.records).toEqual([
      { row: 2, rep: 'Ann', close_date: '2026-07-01', amount: '1234.5', stage: 'Won' },
      { row: 3, rep: 'Bob', close_date: '2026-07-02', amount: '99', stage: 'Lost' },
    ]);
  });

  it.each(['pipe.csv', 'tab.tsv'])('reads %s', async (name) => {
    const r = await readAll(name);
    expect(r.records).toEqual([
      { row: 2, rep: 'Ann', date: '2026-07-01', amount: '10' },
      { row: 3, rep: 'Bob', date: '2026-07-02', amount: '20' },
    ]);
  });

  it('keeps quoted CRLF newlines and doubled quotes, and counts real lines', async () => {
    const r = await readAll('quoted.csv');
    expect(r.records).toEqual([{ row: 2, rep: '张三', customer: '第一行 第二行 "引号"客户', amount: '100' }]);
    expect(r.excluded).toMatchObject([{ row: 5, reason: 'bad-value', detail: 'amount at 5:8' }]);
    expect(r.findings).toEqual([
      {
        code: 'bad-number',
        severity: 'error',
        message: 'amount: expected an amount, found "abc"; the row is not counted',
        source: 'quoted.csv',
        range: { start: { line: 4, character: 7 }, end: { line: 4, character: 7 } },
        row: 5,
        data: { field: 'amount', expected: 'amount', found: 'text', text: 'abc', outcome: 'row-not-counted' },
      },
    ]);
  });

  it('reports ragged rows per row without crashing', async () => {
    const r = await readAll('ragged.csv');
    // D has one extra EMPTY field while the header and most rows do not: an error too (it may be a split value)
    expect(r.records.map((x) => x.rep)).toEqual(['A', 'B']);
    expect(r.records[1]).toEqual({ row: 3, rep: 'B', date: '2026-07-02', amount: null });
    expect(r.excluded).toMatchObject([
      { row: 4, reason: 'bad-value', detail: '4 fields, header has 3' },
      { row: 5, reason: 'bad-value', detail: '4 fields, header has 3' },
    ]);
    expect(r.findings.map((f) => [f.code, f.severity, f.range?.start.line, f.range?.start.character])).toEqual([
      ['ragged-row', 'warning', 2, 0],
      ['ragged-row', 'error', 3, 15],
      ['ragged-row', 'error', 4, 15],
    ]);
  });

  describe('a row with extra trailing EMPTY fields', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-ragged-'));
    let k = 0;
    const read = async (text: string) => {
      const path = join(dir, `r${++k}.csv`);
      writeFileSync(path, text);
      const reader = await openExport(path, { source: undefined, displayName: 'r.csv' });
      const rows = [];
      for await (const row of reader.rows()) rows.push(row);
      return {
        reps: rows.filter((x) => x.record).map((x) => x.record!.rep),
        excluded: rows.filter((x) => x.excluded).map((x) => [x.source.row, x.excluded!.reason, x.excluded!.detail]),
        findings: reader.findings.map((f) => `${f.range ? `${f.range.start.line + 1}:${f.range.start.character + 1}` : ''} ${f.severity} ${f.code}: ${f.message}`),
      };
    };

    it('is an error, not a silent shift, when an unquoted 1,2345 splits the amount (the header and most rows are narrower)', async () => {
      // the reviewer's case: stage read "2345", the row counted as filtered out, no finding
      const r = await read('销售代表,日期,金额,阶段,活动类型\nR1,2026-07-01,100,赢单,拜访\nR19,2026-07-01,1,2345,赢单,\nR2,2026-07-02,200,赢单,\n');
      expect(r.reps).toEqual(['R1', 'R2']);
      expect(r.excluded).toEqual([[3, 'bad-value', '6 fields, header has 5']]);
      expect(r.findings).toEqual([
        '3:26 error ragged-row: expected 5 fields as in the header, found 6, the last one empty, unlike the header and most rows; the row is not counted (an unquoted value holding the delimiter, like 1,2345, shifts the fields after it)',
      ]);
    });

    it('is read when the header line ends with as many empty fields', async () => {
      const r = await read('rep,date,amount,,\nA,2026-07-01,1,,\nB,2026-07-01,2,\nC,2026-07-01,3\n');
      expect(r.reps).toEqual(['A', 'B', 'C']);
      expect(r.findings).toEqual([]);
    });

    it('is read when most rows are that wide (an export ending every data line with a delimiter)', async () => {
      const r = await read('rep,date,amount\nA,2026-07-01,1,\nB,2026-07-01,2,\nC,2026-07-01,3\n');
      expect(r.reps).toEqual(['A', 'B', 'C']);
      expect(r.findings).toEqual([]);
    });
  });

  it('skips blank and delimiter-only rows as blank', async () => {
    const r = await readAll('blank-rows.csv');
    expect(r.records).toEqual([
      { row: 2, rep: 'A', amount: '1' },
      { row: 6, rep: 'B', amount: '2' },
    ]);
    expect(r.excluded).toMatchObject([
      { row: 3, reason: 'blank' },
      { row: 4, reason: 'blank' },
      { row: 5, reason: 'blank' },
    ]);
  });

  it('finds the header below title rows', async () => {
    const r = await readAll('title-rows.csv');
    expect(r.layout.headerRow).toBe(4);
    expect(r.records).toEqual([{ row: 5, rep: '张三', close_date: '2026-07-01', amount: '100', stage: '赢单' }]);
  });
});

describe('values', () => {
  it('reads every money and date form, and flags the ambiguous ones at their cell', async () => {
    const r = await readAll('values.csv');
    expect(r.records).toEqual([
      { row: 2, rep: 'R1', amount: '1234.56', date: '2025-07-01' },
      { row: 3, rep: 'R2', amount: '1234', date: '2026-07-01' },
      { row: 4, rep: 'R3', amount: '1234', date: '2026-07-01' },
      { row: 5, rep: 'R4', amount: '1234', date: '2026-07-01' },
      { row: 6, rep: 'R5', amount: '1234', date: '2026-07-01' },
      { row: 7, rep: 'R6', amount: '-1234', date: '2026-07-01' },
      { row: 9, rep: 'R8', amount: '12000', date: '2026-07-13' },
      { row: 10, rep: 'R9', amount: '300000000', date: '2026-07-01' },
      { row: 11, rep: 'R10', amount: '1234', date: '2026-07-01' },
      { row: 12, rep: 'R11', amount: null, date: null },
      { row: 13, rep: 'R12', amount: null, date: null },
      { row: 14, rep: 'R13', amount: null, date: '2026-07-01' },
      // "1.234" in a column whose "1,234.56" and "0.125" settle the decimal point (issue 9.2)
      { row: 15, rep: 'R14', amount: '1.234', date: '2026-07-01' },
    ]);
    // "12.5%" in a money column is a bad value (issue 9.5), no longer 0.125
    expect(r.findings.map((f) => [f.code, f.range!.start.line + 1, f.range!.start.character + 1])).toEqual([
      ['bad-number', 8, 4],
      ['ambiguous-date', 16, 9],
    ]);
  });

  it('reads ambiguous values with a declared date format and decimal separator', async () => {
    const r = await readAll('values.csv', {
      source: { fields: { rep: ['销售代表'], amount: { headers: ['金额'], type: 'money' }, date: { headers: ['日期'], type: 'date' } }, date_format: 'MM/DD/YYYY', decimal_separator: '.' },
    });
    expect(r.records.slice(-2)).toEqual([
      { row: 15, rep: 'R14', amount: '1.234', date: '2026-07-01' },
      { row: 16, rep: 'R15', amount: '100', date: '2026-07-01' },
    ]);
    // a declared MM/DD/YYYY is applied strictly: 13/07/2026 no longer reads as 13 July
    expect(r.findings.map((f) => [f.code, f.message, f.range!.start.line + 1, f.range!.start.character + 1])).toEqual([
      ['bad-number', 'amount: expected an amount, found "12.5%"; the row is not counted (a percentage is not an amount)', 8, 4],
      ['bad-date', 'date: expected a date, found "13/07/2026"; the row is not counted', 9, 9],
    ]);
  });
});

describe('rows that are not counted', () => {
  it('excludes totals, subtotals, a no-rep row equal to the sum above, and rows with no rep', async () => {
    const r = await readAll('totals.csv');
    expect(r.records).toEqual([
      { row: 2, rep: 'A', amount: '100' },
      { row: 3, rep: 'B', amount: '200' },
      { row: 5, rep: 'C', amount: '50' },
    ]);
    expect(r.excluded).toMatchObject([
      { row: 4, reason: 'totals-row', detail: '小计' },
      { row: 6, reason: 'totals-row', detail: 'sum of 3 rows above' },
      { row: 7, reason: 'totals-row', detail: 'Grand Total' },
      { row: 8, reason: 'no-rep' },
    ]);
    expect(r.findings.map((f) => `${f.range!.start.line + 1} ${f.code} ${f.message}`)).toEqual([
      '4 totals-row a totals row ("小计") is not counted',
      '6 totals-row a row with no rep whose amount 350 equals the sum of the 3 rows above is read as a totals row and not counted',
      '7 totals-row a totals row ("Grand Total") is not counted',
      '8 no-rep rep: expected a name, found an empty cell; the row is not counted',
    ]);
  });

  it('excludes exact duplicates, and repeated unique keys when declared', async () => {
    const plain = await readAll('duplicates.csv');
    expect(plain.excluded).toMatchObject([{ row: 4, reason: 'duplicate', detail: 'duplicate of line 2' }]);
    const keyed = await readAll('duplicates.csv', { source: { fields: { deal_id: ['deal_id'], rep: ['rep'], amount: { headers: ['amount'], type: 'money' } }, unique_key: 'deal_id' } });
    expect(keyed.records.map((x) => x.row)).toEqual([2, 3]);
    expect(keyed.excluded).toMatchObject([
      { row: 4, reason: 'duplicate', detail: 'duplicate of line 2' },
      { row: 5, reason: 'duplicate', detail: 'deal_id D2 repeats line 3' },
    ]);
    expect(keyed.findings.map((f) => [f.code, f.message, f.range!.start.line + 1, f.range!.start.character + 1])).toEqual([
      ['duplicate-row', 'an exact duplicate of line 2; the duplicate is not counted', 4, 1],
      ['duplicate-unique-key', 'deal_id "D2" repeats line 3 with different values (rep B → C, amount 200 → 300); only the first row (line 3) is counted — remove the stale row, or keep one export per period', 5, 1],
    ]);
  });

  it('gives every record its cells and keeps raw values on request', async () => {
    const r = await readAll('utf8.csv', { keepRaw: true });
    expect(r.rows[0]!.record!.cells).toEqual({ rep: '2:1', date: '2:4', amount: '2:15' });
    // a date field's ISO date is a date cell on the data sheet; other text stays text
    expect(r.rows[0]!.raw).toEqual(['张三', { n: 46204, fmt: 'yyyy-mm-dd' }, '100']);
    expect(r.sha256).toBe(createHash('sha256').update(readFileSync(fixture('utf8.csv'))).digest('hex'));
  });
});

describe('errors', () => {
  it('names the missing rep column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-io-'));
    const path = join(dir, 'people.csv');
    writeFileSync(path, 'Person,Amount\nAnn,1\n');
    const e = await openExport(path, { source: { fields: { rep: ['Seller'], amount: ['Amount'] } }, displayName: 'people.csv' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SalesgradeError);
    expect((e as SalesgradeError).code).toBe('field-missing');
    expect((e as SalesgradeError).toLine()).toBe(
      'people.csv:1: no column for rep: expected one of "Seller", "销售代表", "负责人", "销售", "销售人员", "销售员"; found "Person", "Amount" (add the header to source.fields.rep in the rubric)',
    );
  });

  it("names each header once: a rubric header that is also a built-in alias is not listed twice", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-io-'));
    const path = join(dir, 'people.csv');
    writeFileSync(path, 'Person,Amount\nAnn,1\n');
    const e = await openExport(path, { source: { fields: { rep: ['销售代表', 'sales rep'], amount: ['Amount'] } }, displayName: 'people.csv' }).catch((x: unknown) => x);
    expect((e as SalesgradeError).toLine()).toBe(
      'people.csv:1: no column for rep: expected one of "销售代表", "sales rep", "负责人", "销售", "销售人员", "销售员"; found "Person", "Amount" (add the header to source.fields.rep in the rubric)',
    );
  });

  it.each([
    ['empty.csv', 'no-data', 'empty.csv: the file is empty'],
    ['garbage.xlsx', 'input-format', 'garbage.xlsx: not a spreadsheet: the file holds binary data that is neither CSV nor XLSX (export the data from the CRM as .xlsx or .csv)'],
    ['legacy.xls', 'input-format', 'legacy.xls: a legacy Excel 97–2003 workbook (.xls) cannot be read (open it in Excel or WPS and save it as .xlsx)'],
    ['encrypted.xlsx', 'input-password', 'encrypted.xlsx: the workbook is protected with a password (open it in Excel or WPS, remove the password, and save it as .xlsx)'],
    ['not-xlsx.xlsx', 'input-format', 'not-xlsx.xlsx: a zip file that is not an .xlsx workbook (no workbook part) (export the data as .xlsx or .csv)'],
  ])('%s → %s', async (name, code, line) => {
    const e = await errorOf(name);
    expect(e.code).toBe(code);
    expect(e.toLine()).toBe(line);
  });
});

describe('labels and progress', () => {
  it.each([
    ['合计', false, true],
    ['小计：', false, true],
    ['总计(5)', false, true],
    ['Grand Total', false, true],
    ['Subtotal', false, true],
    ['TOTAL', false, true],
    ['张三 小计', true, true],
    ['张三 小计', false, false],
    ['合计科技有限公司', true, false],
    ['Total Solutions Inc', true, false],
    ['张三', true, false],
  ])('isTotalLabel(%j, suffix %s) → %s', (text, suffix, expected) => {
    expect(isTotalLabel(text, suffix)).toBe(expected);
  });

  it('reports bytes read against the file size', async () => {
    const calls: [number, number][] = [];
    await readAll('utf8.csv', { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.at(-1)).toEqual([71, 71]);
  });
});

describe('header units', () => {
  it('warns when a money header names 万元, and reads the values as written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-io-'));
    const path = join(dir, 'wan.csv');
    writeFileSync(path, '销售代表,金额（万元）\n张三,12.5\n');
    const reader = await openExport(path, { source: undefined, displayName: 'wan.csv' });
    const records = [];
    for await (const r of reader.rows()) records.push(r.record?.fields.amount?.toString());
    expect(records).toEqual(['12.5']);
    expect(reader.findings.map((f) => [f.code, f.range!.start.line + 1, f.range!.start.character + 1, f.message])).toEqual([
      ['header-unit', 1, 6, 'amount: the header "金额（万元）" gives the unit 万元; values are read as written, not scaled (convert the column, or write 12.5万 in the cells)'],
    ]);
  });
});

describe('no header', () => {
  it('says which header it looked for and what it found', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-io-'));
    const path = join(dir, 'none.csv');
    writeFileSync(path, 'foo,bar\n1,2\n');
    const e = await openExport(path, { source: undefined, displayName: 'none.csv' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SalesgradeError);
    expect((e as SalesgradeError).toLine()).toBe(
      'none.csv: no header row in the first 30 rows (delimiter tried: ","): expected a column like 销售代表, 负责人, 销售, 销售人员; found foo, bar (name the columns in source.fields, or set source.header_row or source.delimiter)',
    );
  });
});
