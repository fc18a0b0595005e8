// A roster saved as XLSX read its first visible sheet: a cover sheet before it ended the run (no rep
// column, exit 2), and a second roster sheet was dropped without a word (its reps "not in the roster").
// The sheet is now chosen as an HTML roster's table is (io/html-choice.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, expect, it } from 'vitest';
import { oneKpiRubric, run, workdir } from './evaluate-helpers.js';

let w: { dir: string; cleanup: () => void } | undefined;
afterEach(() => w?.cleanup());

const RUBRIC = oneKpiRubric();
const DATA = 'Rep,Date,Amount\nAnn,2026-07-01,600\nAnn,2026-07-02,600\nBob,2026-07-31,300\n';
const HEAD = ['Rep', 'Team'];

type Out = { manifest: { roster: { rows: number } }; findings: { code: string; severity: string; message: string; sheet?: string }[]; reps: { rep: string; team: string }[] };

const rosterCases: { name: string; sheets: [string, string[][]][]; rows: number; teams: [string, string][]; codes: string[]; strict: number }[] = [
  {
    name: 'a cover sheet, then the roster',
    sheets: [
      ['Cover', [['Roster 2026'], ['exported 2026-01-05']]],
      ['Roster', [HEAD, ['Ann', 'East'], ['Bob', 'West']]],
    ],
    rows: 2,
    teams: [['Ann', 'East'], ['Bob', 'West']],
    codes: [],
    strict: 0,
  },
  {
    name: 'two roster sheets',
    sheets: [
      ['East', [HEAD, ['Ann', 'East']]],
      ['West', [HEAD, ['Bob', 'West']]],
    ],
    rows: 1,
    teams: [['Ann', 'East'], ['Bob', '(unassigned)']],
    codes: ['rep-not-in-roster', 'sheet-ambiguous'],
    strict: 1,
  },
];

it.each(rosterCases)('roster as XLSX, $name: the roster sheet chosen; findings; exit codes', async ({ sheets, rows, teams, codes, strict }) => {
  w = workdir({ 'r.yaml': RUBRIC, 'r-zh.yaml': RUBRIC.replace('locale: en', 'locale: zh-CN'), 'd.csv': DATA });
  const wb = new ExcelJS.Workbook();
  for (const [name, r] of sheets) wb.addWorksheet(name).addRows(r);
  await wb.xlsx.writeFile(join(w.dir, 'roster.xlsx'));
  const json = (rubric: string, ...more: string[]) => {
    const r = run(w!.dir, ['evaluate', 'd.csv', '-r', rubric, '--roster', 'roster.xlsx', '-f', 'json', '--no-workbook', '-q', ...more]);
    return { status: r.status, out: JSON.parse(r.stdout || '{}') as Out, stderr: r.stderr };
  };
  const plain = json('r.yaml');
  expect(plain.status, plain.stderr).toBe(0);
  expect(plain.out.manifest.roster.rows).toBe(rows);
  expect(plain.out.reps.map((r) => [r.rep, r.team])).toEqual(teams);
  expect(plain.out.findings.filter((f) => f.code !== 'period-partly-covered').map((f) => f.code)).toEqual(codes);
  const strictRun = json('r.yaml', '--strict');
  expect(strictRun.status).toBe(strict);
  if (codes.includes('sheet-ambiguous')) {
    expect(strictRun.stderr).toMatch(/--strict/);
    const en = plain.out.findings.find((f) => f.code === 'sheet-ambiguous');
    expect(en?.sheet).toBe('East');
    expect(en?.message).toMatch(/^read sheet "East", the first visible sheet whose header has rep and 1 more field \(team\); "West" has a matching header too and is not read, so its rows are not used/);
    const zh = json('r-zh.yaml').out.findings.find((f) => f.code === 'sheet-ambiguous');
    expect(zh?.message).toMatch(/^已读取工作表 "East"：第一个表头含销售代表及另外 1 个字段（team）的可见工作表；"West" 的表头也匹配，但未读取，其中的行未被使用/);
  }
});
