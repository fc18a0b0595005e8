import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRoster, RESERVED_GROUP_NAMES } from '../../../src/io/roster.js';
// @ts-expect-error: a plain .mjs script without types
import { rowXml, xlsxParts, zipBuffer } from '../../../scripts/make-fixtures-zip.mjs';
import { labels } from '../../../src/report/labels.js';
import { readTable } from '../../../src/io/table.js';
import type { Rubric } from '../../../src/rubric/schema.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
import { fixture } from './helpers.js';

const tiers: Rubric['tiers'] = [
  { id: 'senior', label: '高级', labels: { en: 'Senior' }, min_score: 95, gates: [] },
  { id: 'intermediate', label: '中级', min_score: 75, gates: [] },
  { id: 'junior', label: '初级', min_score: 0, gates: [] },
];

describe('readRoster', () => {
  it('reads a zh CSV roster by the built-in aliases, mapping tier labels to ids', async () => {
    const path = fixture('roster.csv');
    const r = await readRoster(path, undefined, tiers);
    expect(r.entries.map(({ source, ...e }) => ({ ...e, row: source?.row }))).toEqual([
      { rep: '张三', team: '华东一组', region: '华东', manager: '王经理', startDate: '2024-03-01', tier: 'senior', row: 2 },
      { rep: '李四', team: '华东一组', region: '华东', manager: '王经理', startDate: '2026-05-06', tier: 'junior', row: 3 },
      { rep: '王五', team: '华东二组', region: '华东', manager: '赵经理', row: 4 },
    ]);
    expect(r.findings.map((f) => [f.code, f.severity, f.range!.start.line + 1, f.range!.start.character + 1, f.message])).toEqual([
      ['unknown-tier', 'warning', 4, 17, 'tier: expected one of senior (高级), intermediate (中级), junior (初级), found "专家"'],
      // A duplicate rep is an error at both roster lines (before: a warning at the second only).
      ['roster-duplicate', 'error', 2, 1, 'rep "张三" is listed again on line 5; this first entry is used'],
      ['roster-duplicate', 'error', 5, 1, 'rep "张三" is listed again (first on line 2); the first entry is used'],
      ['roster-no-rep', 'warning', 6, 1, 'rep: expected a name, found an empty cell; the roster line is skipped'],
    ]);
    expect(r.file).toEqual({ path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), rows: 5 });
  });

  it('one column may serve as both team and manager when the rubric names it under both; a region manager column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-roster-'));
    try {
      const path = join(dir, 'roster.csv');
      writeFileSync(path, '销售代表,主管,区域,区域经理\n张三,陈静,华东,周总\n李四,赵磊,华东,周总\n');
      const shared = await readRoster(path, { file: path, fields: { team: ['主管'], manager: ['主管'] } }, tiers);
      expect(shared.entries.map(({ source: _s, ...e }) => e)).toEqual([
        { rep: '张三', team: '陈静', manager: '陈静', region: '华东', regionManager: '周总' },
        { rep: '李四', team: '赵磊', manager: '赵磊', region: '华东', regionManager: '周总' },
      ]);
      // not named under both: the column is the manager's only (no team is made up)
      const plain = await readRoster(path, undefined, tiers);
      expect(plain.entries[0]).toMatchObject({ manager: '陈静' });
      expect(plain.entries[0]!.team).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a roster team or region named (unassigned) / （未分配） is kept apart from reps missing from the roster', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-roster-'));
    const path = join(dir, 'roster.csv');
    writeFileSync(path, 'Rep,Team,Region\nAnn,(unassigned),North\nBob,（未分配）,(Unassigned)\nCai,East,North\n');
    const r = await readRoster(path, undefined, tiers);
    expect(r.entries.map((e) => [e.rep, e.team, e.region])).toEqual([
      ['Ann', '(unassigned) [roster]', 'North'],
      ['Bob', '（未分配） [roster]', '(Unassigned) [roster]'],
      ['Cai', 'East', 'North'],
    ]);
    expect(r.findings.map((f) => [f.code, f.severity, f.range!.start.line + 1, f.range!.start.character + 1])).toEqual([
      ['roster-reserved-group', 'warning', 2, 5],
      ['roster-reserved-group', 'warning', 3, 5],
      ['roster-reserved-group', 'warning', 3, 11],
    ]);
    expect(r.findings[0]!.message).toBe(
      'team: "(unassigned)" is the name salesgrade gives reps missing from the roster; this roster team is reported as "(unassigned) [roster]" to keep the two apart (rename it in the roster)',
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('the reserved names are the report labels of the unassigned group', () => {
    expect([...RESERVED_GROUP_NAMES].sort()).toEqual([labels('en')('unassigned'), labels('zh-CN')('unassigned')].sort());
  });

  it('reads an xlsx roster with English headers and dates', async () => {
    const r = await readRoster(fixture('roster.xlsx'), undefined, tiers);
    expect(r.entries.map(({ source, ...e }) => ({ ...e, at: `${source?.sheet}!${source?.row}` }))).toEqual([
      { rep: 'Ann', team: 'East 1', region: 'East', manager: 'Mia', startDate: '2025-02-03', tier: 'senior', at: 'Roster!2' },
      { rep: 'Bob', team: 'East 2', region: 'East', manager: 'Mia', tier: 'intermediate', at: 'Roster!3' },
    ]);
    expect(r.findings).toEqual([]);
  });

  it('uses roster.fields before the built-in aliases', async () => {
    const r = await readRoster(fixture('roster.csv'), { file: 'roster.csv', fields: { team: ['区域'], region: ['团队'] } }, tiers);
    expect(r.entries[0]).toMatchObject({ rep: '张三', team: '华东', region: '华东一组' });
  });

  it('refuses a roster in the wrong shape with one line naming the missing column', async () => {
    const e = await readRoster(fixture('roster-wrong.csv'), undefined, tiers).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SalesgradeError);
    expect((e as SalesgradeError).code).toBe('roster-invalid');
    expect((e as SalesgradeError).message).toBe(
      'the roster has no rep column: expected one of "销售代表", "姓名", "员工", "员工姓名", "销售", "销售人员"; found "Team", "Region"',
    );
  });
});

describe('readTable', () => {
  it('reads a CSV table as header + string rows with their lines', async () => {
    const t = await readTable(fixture('blank-rows.csv'));
    expect(t).toEqual({
      headers: ['rep', 'amount'],
      rows: [
        { row: 2, values: ['A', '1'] },
        { row: 6, values: ['B', '2'] },
      ],
    });
  });

  it('reads an xlsx table: dates as YYYY-MM-DD, numbers as written, the sheet named', async () => {
    const t = await readTable(fixture('roster.xlsx'));
    expect(t.sheet).toBe('Roster');
    expect(t.headers).toEqual(['Sales Rep', 'Team', 'Region', 'Manager', 'Start Date', 'Tier']);
    expect(t.rows[0]).toEqual({ row: 2, values: ['Ann', 'East 1', 'East', 'Mia', '2025-02-03', 'Senior'] });
    expect(t.rows[1]).toEqual({ row: 3, values: ['Bob', 'East 2', 'East', 'Mia', null, 'intermediate'] });
  });
});

// Hidden rows and merged cells of an XLSX roster were read without a word (exports report both): a team
// merged down over its reps left every rep below the top cell with no team, silently.
describe('readRoster: XLSX hidden rows and merged cells', () => {
  it('one hidden-rows warning; a merged team cell says which rows got no team; a merged rep cell names its range', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-roster-merged-'));
    try {
      const p = join(dir, 'roster.xlsx');
      const hide = (xml: string): string => xml.replace('<row r="', '<row hidden="1" r="');
      const rows = [rowXml(1, ['Rep', 'Team']), rowXml(2, ['Ann', 'East']), rowXml(3, ['Bob']), rowXml(4, ['Cid']), rowXml(5, ['Eve', 'West']), rowXml(6, [null, 'West']), hide(rowXml(7, ['Dan', 'West']))];
      writeFileSync(p, zipBuffer(xlsxParts([{ name: 'Roster', xml: rows.join(''), after: '<mergeCells count="2"><mergeCell ref="B2:B4"/><mergeCell ref="A5:A6"/></mergeCells>' }])));
      const r = await readRoster(p, undefined, tiers, 'roster.xlsx');
      expect(r.entries.map((e) => [e.rep, e.team ?? null])).toEqual([['Ann', 'East'], ['Bob', null], ['Cid', null], ['Eve', 'West'], ['Dan', 'West']]);
      expect(r.findings.map((f) => [f.code, f.severity, f.cell, f.message])).toEqual([
        ['roster-no-rep', 'warning', 'A6', 'rep: expected a name, found an empty cell inside the merged range A5:A6 (a merged range keeps its value in A5 only); the roster line is skipped (unmerge the cells and fill the name down)'],
        ['hidden-rows', 'warning', 'A7', '1 hidden row of sheet "Roster" (the first is row 7) was read as data like every other row: rows hidden by a filter or by Hide in Excel or WPS are still in the file (delete the rows that must not be counted, or unhide them to check them)'],
        ['merged-cells', 'warning', 'B3', 'team: the cells B2:B4 are merged, so the value is in B2 only and rows 3–4 read an empty cell: no team from the roster (unmerge the cells and fill the value down)'],
      ]);
      // a hidden team column: read, said at its header
      const h = join(dir, 'hidden-team.xlsx');
      writeFileSync(h, zipBuffer(xlsxParts([{ name: 'Roster', before: '<cols><col min="2" max="2" hidden="1"/></cols>', xml: [rowXml(1, ['Rep', 'Team']), rowXml(2, ['Ann', 'East'])].join('') }])));
      const hidden = await readRoster(h, undefined, tiers, 'hidden-team.xlsx');
      expect(hidden.entries.map((e) => [e.rep, e.team])).toEqual([['Ann', 'East']]);
      expect(hidden.findings.map((f) => [f.code, f.cell, f.message])).toEqual([
        ['hidden-column', 'B1', 'team: column B "Team" is hidden in sheet "Roster"; it is read like every column (a hidden column is still in the file: unhide it to check it, or map the column you meant in source.fields)'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// A roster line with an empty team while the other reps have one put the rep in no team without a word:
// left out of the team's roll-up and its manager's grade.
describe('readRoster: an empty team or region among filled ones (roster-no-group)', () => {
  const read = async (csv: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-roster-group-'));
    try {
      const p = join(dir, 'r.csv');
      writeFileSync(p, csv);
      return await readRoster(p, undefined, tiers, 'r.csv');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  it.each([
    ['an empty team among filled ones', 'Rep,Team,Region\nAnn,East,N\nBob,,N\nCid,East,N\n', [['roster-no-group', 3, 'team: empty for rep "Bob", while 2 other roster reps have one; the rep is in no team (reported under (unassigned))']]],
    ['an empty region too, each said', 'Rep,Team,Region\nAnn,East,N\nBob,,\n', [['roster-no-group', 3, 'team: empty for rep "Bob", while 1 other roster rep has one; the rep is in no team (reported under (unassigned))'], ['roster-no-group', 3, 'region: empty for rep "Bob", while 1 other roster rep has one; the rep is in no region (reported under (unassigned))']]],
    ['a spaces-only cell is empty', 'Rep,Team\nAnn,East\nBob,  \n', [['roster-no-group', 3, 'team: empty for rep "Bob", while 1 other roster rep has one; the rep is in no team (reported under (unassigned))']]],
    ['a roster without teams says nothing', 'Rep,Team\nAnn,\nBob,\n', []],
    ['every team filled says nothing', 'Rep,Team\nAnn,East\nBob,West\n', []],
  ] as [string, string, [string, number, string][]][])('%s', async (_name, csv, expected) => {
    const r = await read(csv);
    expect(r.findings.map((f) => [f.code, f.row, f.message])).toEqual(expected);
  });
});
