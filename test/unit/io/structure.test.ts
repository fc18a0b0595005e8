import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openExport, type ReadOptions } from '../../../src/io/read-export.js';
import { Source } from '../../../src/rubric/schema.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
import { plainFields } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-struct-'));

async function read(name: string, content: string | Buffer, source: ReadOptions['source']) {
  const path = join(dir, name);
  writeFileSync(path, content);
  const reader = await openExport(path, { source, displayName: name });
  const records: Record<string, unknown>[] = [];
  const excluded: unknown[] = [];
  for await (const r of reader.rows()) {
    if (r.record) records.push({ row: r.source.row, ...plainFields(r.record.fields) });
    else if (r.excluded) excluded.push({ row: r.source.row, ...r.excluded });
  }
  const findings = reader.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, ...(f.range ? { at: `${f.range.start.line + 1}:${f.range.start.character + 1}` } : {}), ...(f.sheet ? { sheet: f.sheet } : {}) }));
  return { layout: reader.layout, records, excluded, findings };
}

async function refusal(name: string, content: string, source: ReadOptions['source']): Promise<SalesgradeError> {
  try {
    await read(name, content, source);
  } catch (e) {
    if (e instanceof SalesgradeError) return e;
    throw e;
  }
  throw new Error('read without an error');
}

const fields = { rep: ['Owner'], amount: { headers: ['Amount'], type: 'money' as const }, tags: ['Tags'] };

describe('CSV structure (9.8)', () => {
  it('one stray LF in a CRLF file ends its row: both rows are read, none merged or dropped', async () => {
    const r = await read('stray-lf.csv', 'Owner,Amount,Tags\r\nAnn,100,x\nBob,200,y\r\nCid,300,z\r\n', { fields });
    expect(r.records).toEqual([
      { row: 2, rep: 'Ann', amount: '100', tags: 'x' },
      { row: 3, rep: 'Bob', amount: '200', tags: 'y' },
      { row: 4, rep: 'Cid', amount: '300', tags: 'z' },
    ]);
    expect(r.findings).toEqual([]);
  });

  it('an unquoted Zoho multi-select list (a;b;c) does not switch the delimiter: the header decides', async () => {
    const text = 'Owner,Amount,Tags\r\nAnn,100,Hot;Key;Renewal;Q3\r\nBob,200,Cold;New;Q3;EMEA\r\n';
    const r = await read('zoho.csv', text, { fields });
    expect(r.layout.delimiter).toBe(',');
    expect(r.records).toEqual([
      { row: 2, rep: 'Ann', amount: '100', tags: 'Hot;Key;Renewal;Q3' },
      { row: 3, rep: 'Bob', amount: '200', tags: 'Cold;New;Q3;EMEA' },
    ]);
  });

  it('source.delimiter is read as declared ("tab" or "\\t")', async () => {
    const text = 'Owner\tAmount,USD\tTags\nAnn\t1,5\tx\n';
    const r = await read('declared.tsv', text, { fields: { rep: ['Owner'], amount: ['Amount,USD'] }, delimiter: 'tab' });
    expect(r.layout.delimiter).toBe('\t');
    expect(r.records).toEqual([{ row: 2, rep: 'Ann', amount: '1,5' }]);
    expect(Source.parse({ delimiter: '\t' }).delimiter).toBe('\t');
    expect(Source.safeParse({ delimiter: ':' }).success).toBe(false);
  });

  it('with no header found, the error says which delimiters were tried', async () => {
    const e = await refusal('nohead.csv', 'a;b,c\n1;2,3\n', { fields });
    expect(e.code).toBe('header-not-found');
    expect(e.message).toBe('no header row in the first 30 rows (delimiters tried: ",", ";"): expected a column like Owner, 销售代表, 负责人, 销售; found a;b, c');
    expect(e.hint).toBe('name the columns in source.fields, or set source.header_row or source.delimiter');
  });

  it('a header that appears twice: a warning at the header, and an error where the two columns differ', async () => {
    const text = 'Owner,Amount,Tags,Amount\nAnn,100,x,100\nBob,200,y,250\nCid,300,z,300\n';
    const r = await read('twice.csv', text, { fields });
    expect(r.records.map((x) => x.amount)).toEqual(['100', '200', '300']);
    expect(r.findings).toEqual([
      { code: 'duplicate-header', severity: 'warning', message: 'amount: columns 2 and 4 are both headed "Amount"; the first is read, the other is only compared with it (rename or delete one)', at: '1:19' },
      {
        code: 'duplicate-header',
        severity: 'error',
        message: 'amount: columns 2 and 4, both headed "Amount", differ on 1 row (first here: "200" vs "250"); the first column was read — which one is right cannot be told (rename or delete one)',
        at: '3:11',
      },
    ]);
  });
});

describe('a quote left open (CSV)', () => {
  const f4 = { rep: ['Owner'], date: { headers: ['Date'], type: 'date' as const }, amount: { headers: ['Amount'], type: 'money' as const }, notes: ['Notes'] };

  it('a record whose quoted field swallowed rows is an error naming the lines, not a counted row', async () => {
    const text = [
      'Owner,Date,Amount,Notes',
      'Ann,2026-07-01,100,"VIP',
      'Bob,2026-07-02,200,x',
      'Cid,2026-07-03,300,y',
      'Dan,2026-07-04,400,"done"',
      'Eve,2026-07-05,500,z',
      '',
    ].join('\n');
    const r = await read('open-quote.csv', text, { fields: f4 });
    expect(r.records).toEqual([{ row: 6, rep: 'Eve', date: '2026-07-05', amount: '500', notes: 'z' }]);
    expect(r.excluded).toEqual([{ row: 2, reason: 'bad-value', detail: 'a quoted field spans lines 2–5' }]);
    expect(r.findings).toEqual([
      {
        code: 'unclosed-quote',
        severity: 'error',
        message: 'a quoted field opened on line 2 runs to line 5 and holds 3 lines that look like rows ("Bob,2026-07-02,200,x"): a quote is probably not closed; the record is not counted, nor are those lines',
        at: '2:20',
      },
    ]);
  });

  it('a quoted note over several lines (no line shaped like a row) is read as text', async () => {
    const text = 'Owner,Date,Amount,Notes\nAnn,2026-07-01,100,"line one\nline two, with a comma\nline three"\nBob,2026-07-02,200,x\n';
    const r = await read('multiline.csv', text, { fields: f4 });
    expect(r.records.map((x) => x.row)).toEqual([2, 5]);
    expect(r.findings).toEqual([]);
  });
});

describe('sheet choice (9.8)', () => {
  it('a second sheet whose header also matches is named in an error (its rows are not graded) that offers only source.sheet', async () => {
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('说明');
    notes.addRow(['导出说明']);
    for (const name of ['Q3 deals', 'Q4 deals']) {
      const ws = wb.addWorksheet(name);
      ws.addRow(['Owner', 'Amount', 'Tags']);
      ws.addRow(['Ann', 100, 'x']);
    }
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await read('two-sheets.xlsx', buf, { fields });
    expect(r.layout.sheet).toBe('Q3 deals');
    expect(r.findings).toEqual([
      {
        code: 'sheet-ambiguous',
        severity: 'error',
        message:
          'read sheet "Q3 deals", the first visible sheet whose header has rep and 2 more fields (amount, tags); "Q4 deals" has a matching header too and is not read, so its rows are not graded (name the sheet to read in the rubric\'s source.sheet; to grade several sheets, save each as its own file and give them all)',
        sheet: 'Q3 deals',
      },
    ]);
    const chosen = await read('two-sheets.xlsx', buf, { fields, sheet: 'Q4 deals' });
    expect(chosen.findings).toEqual([]);
  });
});
