// `salesgrade inspect` through the CLI (in-process; the time-zone cases spawn the binary), in a temp folder holding copies of the reader fixtures, so
// paths in the output are the relative paths a user would see. Inputs are hashed before and after.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  // an export whose rep column has a header no alias knows (经办人), 40 rows
  writeFileSync(join(dir, 'unmapped.csv'), ['日期,客户,金额,经办人', ...Array.from({ length: 40 }, (_, i) => `2026-07-${String((i % 28) + 1).padStart(2, '0')},客户${i},${100 + i},张${i}`), ''].join('\n'));
  // no column any alias knows: no header row at all
  writeFileSync(join(dir, 'no-known-column.csv'), 'foo,bar,经办人\n1,2,张三\n');
  writeFileSync(
    join(dir, 'team.yaml'),
    [
      'salesgrade: 1',
      'name: 华东',
      'locale: zh-CN',
      'source:',
      '  fields:',
      '    rep: [销售代表]',
      '    date: { headers: [日期], type: date }',
      '    amount: { headers: [金额], type: money }',
      'roster:',
      '  file: roster.csv',
      '  fields:',
      '    team: [团队]',
      'metrics:',
      '  revenue: { sum: amount }',
      'kpis:',
      '  - { metric: revenue, weight: 100, target: 1000 }',
      'tiers:',
      '  - { id: senior, label: 高级, min_score: 90 }',
      '  - { id: intermediate, label: 中级, min_score: 60 }',
      '  - { id: junior, label: 初级, min_score: 0 }',
      '',
    ].join('\n'),
  );
  before = hashes(dir);
});

// Every header the reader takes as the rep without a rubric (src/io/aliases.ts), once each.
const REP_ALIASES = '销售代表, 负责人, 销售, 销售人员, 销售员, 业务员, 客户经理, 所有人, 归属人, 跟进人, 员工, 员工姓名, 姓名, Sales Rep, Rep, Owner, Opportunity Owner, Account Owner, Deal Owner, Activity Owner, Assigned To, Salesperson, Employee, Name';

describe('salesgrade inspect before the mapping is right (issue 16, item 5)', () => {
  it('an export whose rep column is not mapped: one rep-not-mapped line naming the columns and the aliases, not one no-rep per row', () => {
    const r = run(dir, ['inspect', 'unmapped.csv']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Missing   rep, close_date, stage, kind, csat, deal_id (no column matched)');
    // the rows are still accounted for: excluded for want of a rep
    expect(r.stdout).toContain('Rows      read 40 · counted 0 · excluded 40 (no rep 40)');
    expect(r.stdout).not.toContain('no-rep');
    expect(r.stdout).not.toContain('empty cell');
    const findings = r.stdout.slice(r.stdout.indexOf('Findings'));
    expect(findings).toBe(
      [
        'Findings  1 error',
        `  unmapped.csv:1:1  error    rep-not-mapped  the rep column is not mapped (found columns: 日期, 客户, 金额, 经办人); add one of the headers ${REP_ALIASES} to the rep column, or map it in source.fields.rep; no row can be counted without it`,
        '',
      ].join('\n'),
    );
  });

  it('an export where no column matches anything: exit 2, one line with every rep alias (zh and en) and the columns found', () => {
    const r = run(dir, ['inspect', 'no-known-column.csv']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `salesgrade: no-known-column.csv: no header row in the first 30 rows (delimiter tried: ","): expected a column like ${REP_ALIASES}; found foo, bar, 经办人 (name the columns in source.fields, or set source.header_row or source.delimiter)\n`,
    );
  });

  it('JSON: the one finding carries the columns found and the aliases as data', () => {
    const j = JSON.parse(run(dir, ['inspect', 'unmapped.csv', '-f', 'json']).stdout);
    expect(j.findings).toEqual([
      {
        code: 'rep-not-mapped',
        severity: 'error',
        message: expect.stringMatching(/^the rep column is not mapped/),
        location: 'unmapped.csv:1:1',
        line: 1,
        column: 1,
        data: { table: 'export', found: '日期, 客户, 金额, 经办人', more: 0, header: true, aliases: REP_ALIASES, setting: 'source.fields.rep' },
      },
    ]);
    expect(j.rows).toEqual({ read: 40, counted: 0, excluded: { 'no-rep': 40 } });
  });

  it("with a rubric whose rep headers are not in the export: the rubric's headers first, then the aliases, in zh-CN (the rubric's locale)", () => {
    const r = run(dir, ['inspect', 'unmapped.csv', '-r', 'team.yaml']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.includes('rep-not-mapped'));
    expect(lines).toEqual([
      `  unmapped.csv:1:1  错误  rep-not-mapped  销售代表列（rep）未对应上（找到的列：日期, 客户, 金额, 经办人）；请把销售代表列的表头改为以下之一：${REP_ALIASES}，或在评分规则的 source.fields.rep 中指定；否则没有任何一行能计入`,
    ]);
  });

  it('--locale zh-CN renders the message from the catalogue; a file with the rep column mapped has no such finding', () => {
    const zh = run(dir, ['inspect', 'unmapped.csv', '--locale', 'zh-CN']);
    expect(zh.stdout).toContain(`unmapped.csv:1:1  错误  rep-not-mapped  销售代表列（rep）未对应上（找到的列：日期, 客户, 金额, 经办人）；请把销售代表列的表头改为以下之一：${REP_ALIASES}，`);
    expect(run(dir, ['inspect', 'utf8.csv']).stdout).not.toContain('rep-not-mapped');
    // a row with an empty rep cell in a mapped column is still a no-rep finding of its own
    expect(run(dir, ['inspect', 'totals.csv']).stdout).toContain('warning  no-rep');
  });

  it('inspect labels are Chinese when the report language is zh-CN (issue 15): the table, the roster section, the severities', () => {
    const zh = run(dir, ['inspect', 'utf8.csv', '--roster', 'roster.csv', '--locale', 'zh-CN']);
    expect(zh.status).toBe(0);
    const heads = zh.stdout.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.split(/ {2,}/)[0]);
    expect(heads).toEqual(expect.arrayContaining(['文件', 'sha256', '列对应', '表头', '列', '未对应', '缺少', '日期', '行数', '数据问题', '花名册']));
    expect(zh.stdout).toMatch(/^文件 {6}utf8\.csv（CSV，utf-8，逗号分隔）$/m);
    expect(zh.stdout).toContain('  列  表头');
    expect(zh.stdout).toMatch(/^行数 {6}读取行数 \d+ · 计入行数 \d+ · 排除行数 \d+/m);
    // no English label left at the start of a line (the English report's words)
    for (const word of ['File', 'Mapping', 'Header', 'Columns', 'Unmapped', 'Missing', 'Dates', 'Rows', 'Findings', 'Roster', 'Sheets']) {
      expect(zh.stdout, word).not.toMatch(new RegExp(`^${word} `, 'm'));
    }
    expect(zh.stdout).not.toMatch(/ (error|warning|info) {2,}/);
  });

  it('zh-CN lists its names with 、 and its excluded reasons with ，, English with ", " (unmapped columns, missing fields, excluded rows)', () => {
    // (a folder of its own: the shared one's files are hashed before and after)
    const own = mkdtempSync(join(tmpdir(), 'sg-inspect-lists-'));
    writeFileSync(join(own, 'lists.csv'), 'deal_id,销售代表,金额,备注,来源\nD1,张三,100,a,x\nD1,张三,100,a,x\nD2,,200,b,y\nD3,李四,300,c,z\n合计,,600,,\n');
    writeFileSync(
      join(own, 'lists.yaml'),
      [
        'salesgrade: 1',
        'name: lists',
        'source:',
        '  fields:',
        '    rep: [rep]',
        '    amount: { headers: [amount], type: money }',
        '    date: { headers: [日期], type: date }',
        '    stage: [阶段]',
        'metrics:',
        '  revenue: { sum: amount, where: { stage: [赢单] } }',
        'kpis:',
        '  - { metric: revenue, weight: 100, target: 1000 }',
        'tiers:',
        '  - { id: a, min_score: 0 }',
        '',
      ].join('\n'),
    );
    const zh = run(own, ['--locale', 'zh-CN', 'inspect', 'lists.csv', '-r', 'lists.yaml']);
    expect(zh.status, zh.stderr).toBe(0);
    expect(zh.stdout).toContain('\n未对应    A deal_id、D 备注、E 来源\n');
    expect(zh.stdout).toContain('\n缺少      date、stage（没有匹配的列）\n');
    expect(zh.stdout).toContain('\n行数      读取行数 5 · 计入行数 2 · 排除行数 3（合计行 1，重复行 1，无销售代表 1）\n');
    const en = run(own, ['--locale', 'en', 'inspect', 'lists.csv', '-r', 'lists.yaml']);
    expect(en.stdout).toContain('\nUnmapped  A deal_id, D 备注, E 来源\n');
    expect(en.stdout).toContain('\nMissing   date, stage (no column matched)\n');
    expect(en.stdout).toContain('\nRows      read 5 · counted 2 · excluded 3 (totals row 1, duplicate 1, no rep 1)\n');
    rmSync(own, { recursive: true, force: true });
  });

  it('--roster: the export, then how the roster is read (rep, team, region, manager…, lines, problems)', () => {
    const r = run(dir, ['inspect', 'utf8.csv', '--roster', 'roster.csv']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const roster = r.stdout.slice(r.stdout.indexOf('\nRoster ') + 1);
    expect(r.stdout.startsWith('File      utf8.csv (')).toBe(true);
    expect(roster).toBe(
      [
        'Roster    roster.csv (CSV, utf-8, comma-delimited)',
        `sha256    ${before['roster.csv']}`,
        'Mapping   built-in roster aliases (no rubric given)',
        'Header    line 1',
        '',
        'Columns',
        '  col  header    field       matched alias  sample',
        '  A    姓名      rep         姓名           张三',
        '  B    团队      team        团队           华东一组',
        '  C    区域      region      区域           华东',
        '  D    经理      manager     经理           王经理',
        '  E    入职日期  start_date  入职日期       2024-03-01',
        '  F    等级      tier        等级           高级',
        '',
        'Unmapped  none',
        'Missing   region_manager (no column matched)',
        'Rows      read 5 · reps 3 · skipped 2 · teams 2 · regions 1 · managers 2',
        '',
        'Findings  2 errors, 1 warning',
        '  roster.csv:2:1  error    roster-duplicate  rep "张三" is listed again on line 5; this first entry is used',
        '  roster.csv:5:1  error    roster-duplicate  rep "张三" is listed again (first on line 2); the first entry is used',
        '  roster.csv:6:1  warning  roster-no-rep     rep: expected a name, found an empty cell; the roster line is skipped',
        '',
      ].join('\n'),
    );
  });

  it("--roster with -r: mapped by the rubric's roster.fields, tiers checked against the rubric's", () => {
    const j = JSON.parse(run(dir, ['inspect', '--roster', 'roster.csv', '-r', 'team.yaml', '-f', 'json']).stdout);
    expect(j.file).toBe('roster.csv');
    expect(j.rubric).toBe('team.yaml ("华东")');
    expect(j.columns.map((c: { field: string | null }) => c.field)).toEqual(['rep', 'team', 'region', 'manager', 'start_date', 'tier']);
    expect(j.rows).toEqual({ read: 5, entries: 3, skipped: 2 });
    expect(j.findings.map((f: { code: string; location: string }) => `${f.location} ${f.code}`)).toEqual([
      'roster.csv:2:1 roster-duplicate',
      'roster.csv:4:17 unknown-tier',
      'roster.csv:5:1 roster-duplicate',
      'roster.csv:6:1 roster-no-rep',
    ]);
  });

  it('a roster whose rep column is not found is shown, with the one rep-not-mapped line (evaluate refuses it)', () => {
    const r = run(dir, ['inspect', '--roster', 'roster-wrong.csv']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  A    Team    team    Team           East\n  B    Region  region  Region         CN\n');
    expect(r.stdout).toContain('Missing   rep, manager, region_manager, start_date, tier (no column matched)');
    expect(r.stdout).toContain('Rows      read 1 · reps 0 · skipped 1 · teams 0 · regions 0 · managers 0');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('  roster-wrong.csv'))).toEqual([
      '  roster-wrong.csv:1:1  error    rep-not-mapped  the rep column is not mapped (found columns: Team, Region); add one of the headers 销售代表, 姓名, 员工, 员工姓名, 销售, 销售人员, Sales Rep, Rep, Name, Employee, Owner to the rep column, or map it in roster.fields.rep; no roster line can be read without it',
    ]);
    const zh = run(dir, ['inspect', '--roster', 'roster-wrong.csv', '--locale', 'zh-CN']);
    expect(zh.stdout).toContain('rep-not-mapped  销售代表列（rep）未对应上（找到的列：Team, Region）；请把销售代表列的表头改为以下之一：销售代表, 姓名, 员工, 员工姓名, 销售, 销售人员, Sales Rep, Rep, Name, Employee, Owner，或在评分规则的 roster.fields.rep 中指定；否则花名册的任何一行都读不到');
  });

  it('an xlsx roster names its sheet; JSON with an export nests the roster under "roster"', () => {
    const j = JSON.parse(run(dir, ['inspect', 'utf8.csv', '--roster', 'roster.xlsx', '-f', 'json']).stdout);
    expect(j.file).toBe('utf8.csv');
    expect(j.roster).toMatchObject({ file: 'roster.xlsx', format: 'xlsx', sheet: 'Roster', headerRow: 1, rows: { read: 2, entries: 2, skipped: 0 }, findings: [] });
    expect(j.roster.columns.map((c: { header: string; field: string }) => `${c.header}→${c.field}`)).toEqual(['Sales Rep→rep', 'Team→team', 'Region→region', 'Manager→manager', 'Start Date→start_date', 'Tier→tier']);
  });

  it('neither an export nor --roster: a usage error, exit 2', () => {
    const r = run(dir, ['inspect']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('salesgrade: inspect needs an export, a roster (--roster FILE), or both (e.g. salesgrade inspect export.xlsx --roster roster.csv)\n');
  });
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

  // A column no field maps, made only of `1.23457E+11` (a CSV saved by Excel), was shown as `text?`
  // with nothing said: it is a number column whose digits may be lost.
  it('an unmapped column of numbers written with an exponent is a number column, and one warning at its first cell says so', () => {
    const own = mkdtempSync(join(tmpdir(), 'sg-inspect-exp-')); // not `dir`: its inputs are hashed before and after
    writeFileSync(join(own, 'exp-col.csv'), 'Owner,Date,Amount,Total Value,Note\nAnn,2026-07-01,100,1.23457E+11,x\nBob,2026-07-02,200,2.5E+05,1e3\n');
    const r = run(own, ['inspect', 'exp-col.csv']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ {2}D {4}Total Value {2}- {7}- {14}number\? {2}1\.23457E\+11\n/);
    expect(r.stdout).toMatch(/ {2}E {4}Note {9}- {7}- {14}text\? {4}x\n/);
    expect(r.stdout).toContain(
      '  exp-col.csv:2:20  warning  exponent-number  column D "Total Value" (not mapped) holds numbers written with an exponent ("1.23457E+11"), as a CSV saved by Excel writes a long number: it is a number column, and its values may have lost digits (format the column as a number without exponent and export again)',
    );
    const zh = run(own, ['--locale', 'zh-CN', 'inspect', 'exp-col.csv', '-f', 'json']);
    const j = JSON.parse(zh.stdout) as { columns: { column: string; inferred: string }[]; findings: { code: string; line: number; column: number; message: string; data: unknown }[] };
    expect(j.columns.map((c) => [c.column, c.inferred])).toEqual([['A', 'text'], ['B', 'date'], ['C', 'money'], ['D', 'number'], ['E', 'text']]);
    expect(j.findings.map((f) => [f.code, f.line, f.column, f.data])).toEqual([['exponent-number', 2, 20, { column: 'D', header: 'Total Value', value: '1.23457E+11', outcome: 'unmapped' }]]);
    expect(run(own, ['--locale', 'zh-CN', 'inspect', 'exp-col.csv']).stdout).toContain('exp-col.csv:2:20  警告  exponent-number  第 D 列 "Total Value"（未对应字段）是以科学计数法写成的数字（"1.23457E+11"）');
    rmSync(own, { recursive: true, force: true });
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
    // Los Angeles (UTC-7, spawned) against the suite's Pacific/Kiritimati (UTC+14, in-process): 21 hours
    // apart, wider than the Los Angeles / Shanghai pair this compared before, with two spawns fewer.
    const la = run(dir, ['inspect', 'date-formats.xlsx', '-f', 'json'], { TZ: 'America/Los_Angeles' });
    const ki = run(dir, ['inspect', 'date-formats.xlsx', '-f', 'json']);
    expect(la.status).toBe(0);
    expect(la.stdout).toBe(ki.stdout);
    expect(JSON.parse(la.stdout).dateRanges).toEqual([
      { field: 'date', min: '2026-07-01', max: '2026-07-01', rows: 1, empty: 0 },
      { field: 'close_date', min: '2026-07-01', max: '2026-07-01', rows: 1, empty: 0 },
    ]);
    const la2 = run(dir, ['inspect', 'sheets.xlsx', '-f', 'json'], { TZ: 'America/Los_Angeles' });
    const ki2 = run(dir, ['inspect', 'sheets.xlsx', '-f', 'json']);
    expect(la2.stdout).toBe(ki2.stdout);
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
