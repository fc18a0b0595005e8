// `salesgrade inspect` through the CLI (in-process; the time-zone cases spawn the binary), in a temp folder holding copies of the reader fixtures, so
// paths in the output are the relative paths a user would see. Inputs are hashed before and after.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './evaluate-helpers.js';

const root = join(import.meta.dirname, '..', '..');

const hashes = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).filter((f) => !f.endsWith('.yaml')).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));

let dir: string;
let before: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-inspect-'));
  cpSync(join(root, 'test/fixtures/exports'), dir, { recursive: true });
  writeFileSync(
    join(dir, 'deals.yaml'),
    [
      'salesgrade: 1',
      'name: 去重测试',
      'locale: en',
      'source:',
      '  unique_key: deal_id',
      '  fields:',
      '    deal_id: [deal_id]',
      '    rep: [rep]',
      '    amount: { headers: [amount], type: money }',
      '    date: { headers: [日期], type: date }',
      'metrics:',
      '  revenue: { sum: amount }',
      'kpis:',
      '  - { metric: revenue, weight: 100, target: 1000 }',
      'tiers:',
      '  - { id: a, min_score: 0 }',
      '',
    ].join('\n'),
  );
  before = hashes(dir);
});

describe('salesgrade inspect', () => {
  it('prints the summary of a workbook with title rows, a notes sheet, a hidden sheet and a totals row', () => {
    const r = run(dir, ['inspect', 'sheets.xlsx']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const sha = before['sheets.xlsx'];
    expect(r.stdout).toBe(
      [
        'File      sheets.xlsx (XLSX)',
        `sha256    ${sha}`,
        'Mapping   built-in header aliases (no rubric given)',
        'Sheets    说明 (visible, 1 row)',
        '          旧数据 (hidden, 2 rows)',
        '          商机明细 (visible, 6 rows) ← read',
        'Header    row 3 of 商机明细; 2 rows above it skipped',
        '',
        'Columns',
        '  col  header    field       matched alias  type   sample',
        '  A    销售代表  rep         销售代表       text   张三',
        '  B    结单日期  close_date  结单日期       date   2026-07-01',
        '  C    金额      amount      金额           money  1234.56',
        '  D    阶段      stage       阶段           text   赢单',
        '',
        'Unmapped  none',
        'Missing   date, customer, kind, csat, deal_id (no column matched)',
        'Dates     close_date: 2026-07-01 … 2026-07-31 (2 counted rows)',
        'Rows      read 3 · counted 2 · excluded 1 (totals row 1)',
        '',
        'Findings  1 info',
        '  sheets.xlsx 商机明细 row 6  info     totals-row  a totals row ("合计") is not counted',
        '',
      ].join('\n'),
    );
  });

  it('shows unmapped columns, inferred types and findings with line:col for a CSV', () => {
    const r = run(dir, ['inspect', 'values.csv']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('File      values.csv (CSV, utf-8, comma-delimited)');
    expect(r.stdout).toContain('Rows      read 15 · counted 13 · excluded 2 (bad value 2)');
    expect(r.stdout).toContain('Dates     date: 2025-07-01 … 2026-07-13 (11 counted rows, 2 empty)');
    // "1.234" is read as 1.234: the column's "1,234.56" settles the decimal point (issue 9.2); "12.5%" is
    // not an amount (issue 9.5)
    expect(r.stdout).toContain('  values.csv:8:4   error    bad-number      amount: expected an amount, found "12.5%"; the row is not counted (a percentage is not an amount)');
    expect(r.stdout).toContain('  values.csv:16:9  error    ambiguous-date  date: expected a date, found "07/01/2026"');
  });

  it('maps by a rubric with -r, and reports repeated unique keys; JSON is stable', () => {
    const r = run(dir, ['inspect', 'duplicates.csv', '-r', 'deals.yaml', '-f', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.rubric).toBe('deals.yaml ("去重测试")');
    expect(j.columns).toEqual([
      { column: 'A', header: 'deal_id', field: 'deal_id', alias: 'deal_id', type: 'text', inferred: 'text', sample: 'D1' },
      { column: 'B', header: 'rep', field: 'rep', alias: 'rep', type: 'text', inferred: 'text', sample: 'A' },
      { column: 'C', header: 'amount', field: 'amount', alias: 'amount', type: 'money', inferred: 'money', sample: '100' },
    ]);
    expect(j.missingFields).toEqual(['date']);
    expect(j.rows).toEqual({ read: 4, counted: 2, excluded: { duplicate: 2 } });
    expect(j.findings).toEqual([
      { code: 'duplicate-row', severity: 'warning', message: 'an exact duplicate of line 2; the duplicate is not counted', location: 'duplicates.csv:4:1', row: 4, line: 4, column: 1, data: { firstRow: 2 } },
      {
        code: 'duplicate-unique-key',
        severity: 'error',
        message: 'deal_id "D2" repeats line 3 with different values (rep B → C, amount 200 → 300); only the first row (line 3) is counted — remove the stale row, or keep one export per period',
        location: 'duplicates.csv:5:1', row: 5, line: 5, column: 1,
        data: { field: 'deal_id', value: 'D2', changed: 'rep B → C, amount 200 → 300', firstRow: 3 },
      },
    ]);
  });

  it('gives the same dates in every time zone', () => {
    const la = run(dir, ['inspect', 'date-formats.xlsx', '-f', 'json'], { TZ: 'America/Los_Angeles' });
    const sh = run(dir, ['inspect', 'date-formats.xlsx', '-f', 'json'], { TZ: 'Asia/Shanghai' });
    expect(la.status).toBe(0);
    expect(la.stdout).toBe(sh.stdout);
    expect(JSON.parse(la.stdout).dateRanges).toEqual([
      { field: 'date', min: '2026-07-01', max: '2026-07-01', rows: 1, empty: 0 },
      { field: 'close_date', min: '2026-07-01', max: '2026-07-01', rows: 1, empty: 0 },
    ]);
    const la2 = run(dir, ['inspect', 'sheets.xlsx', '-f', 'json'], { TZ: 'America/Los_Angeles' });
    const sh2 = run(dir, ['inspect', 'sheets.xlsx', '-f', 'json'], { TZ: 'Asia/Shanghai' });
    expect(la2.stdout).toBe(sh2.stdout);
  });

  it('reads a named hidden sheet with --sheet, and a forced encoding with --encoding', () => {
    const r = run(dir, ['inspect', 'sheets.xlsx', '--sheet', '旧数据', '-f', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ sheet: '旧数据', rows: { read: 1, counted: 1 } });
    const e = run(dir, ['inspect', 'gb18030.csv', '--encoding', 'utf-8']);
    expect(e.status).toBe(2);
    expect(e.stdout).toBe('');
    expect(e.stderr).toBe('salesgrade: gb18030.csv:1:1: not valid UTF-8 text on line 1, column 1 (byte 0xCF at offset 0, an invalid byte sequence) (check --encoding, or save the file as UTF-8 CSV)\n');
  });

  it.each([
    ['bad-encoding.csv', 'salesgrade: bad-encoding.csv:3: not valid UTF-8 or GB18030 text: bad byte 0x80 on line 3 (save the file as UTF-8 CSV, or pass --encoding)'],
    ['legacy.xls', 'salesgrade: legacy.xls: a legacy Excel 97–2003 workbook (.xls) cannot be read (open it in Excel or WPS and save it as .xlsx)'],
    ['encrypted.xlsx', 'salesgrade: encrypted.xlsx: the workbook is protected with a password (open it in Excel or WPS, remove the password, and save it as .xlsx)'],
    ['garbage.xlsx', 'salesgrade: garbage.xlsx: not a spreadsheet: the file holds binary data that is neither CSV nor XLSX (export the data from the CRM as .xlsx or .csv)'],
    [
      'zip-bomb.xlsx',
      'salesgrade: zip-bomb.xlsx: entry xl/worksheets/sheet1.xml declares 1073741824 bytes inflated; at most 536870912 are accepted (the file is refused before it is opened; re-save it from Excel or WPS if it is genuine)',
    ],
    ['missing.csv', 'salesgrade: missing.csv: file not found'],
  ])('refuses %s with one line and exit 2', (file, line) => {
    const r = run(dir, ['inspect', file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${line}\n`);
  });

  it.each(readdirSync(join(root, 'test/fixtures/exports')).filter((f) => /\.(csv|tsv|xls|xlsx)$/.test(f) && !/bomb|garbage|legacy|encrypted|empty|bad-enc|not-xlsx|roster-wrong/.test(f)))(
    'reads %s (exit 0, a File line and a Rows line)',
    (file) => {
      const r = run(dir, ['inspect', file]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^File {6}${file.replace('.', '\\.')} \\(`));
      expect(r.stdout).toMatch(/\nRows {6}read \d+ · counted \d+ · excluded \d+/);
    },
  );

  it('never modifies an input file', () => {
    expect(hashes(dir)).toEqual(before);
  });
});
