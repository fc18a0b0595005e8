// An HTML table saved as .xls (src/io/html.ts), through the CLI: a table nested in a cell dropped every
// outer row after it (two `ragged-row` warnings, exit 0); a second data table was ignored without a
// word; a title table before the data ended the run ("no header row", exit 2).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { oneKpiRubric, run, workdir } from './evaluate-helpers.js';

let w: { dir: string; cleanup: () => void } | undefined;
afterEach(() => w?.cleanup());

const RUBRIC = oneKpiRubric();
const HEAD = '<tr><th>Rep</th><th>Date</th><th>Amount</th></tr>';
const row = (rep: string, date: string, amount: string) => `<tr><td>${rep}</td><td>${date}</td><td>${amount}</td></tr>`;
const DATA = `<table>${HEAD}${row('<table><tr><td>Ann</td></tr></table>', '2026-07-01', '600')}${row('Ann', '2026-07-02', '600')}${row('Bob', '2026-07-31', '300')}</table>`;
const TITLE = '<table><tr><td>July sales</td></tr></table>';
const OTHER = `<table>${HEAD}${row('Cy', '2026-07-03', '5')}${row('Cy', '2026-07-04', '5')}</table>`;

type Out = { manifest: { inputs: { rows: number }[] }; findings: { code: string; severity: string; message: string }[]; reps: { rep: string; score: string }[] };

/** `evaluate d.xls -r rubric -f json` in the current workdir, the JSON parsed. */
function json(rubric: string, ...more: string[]) {
  const r = run(w!.dir, ['evaluate', 'd.xls', '-r', rubric, '-f', 'json', '--no-workbook', '-q', ...more]);
  return { status: r.status, out: JSON.parse(r.stdout) as Out, stderr: r.stderr };
}

/** Exit 0, the three data rows read, Ann's two 600s and Bob's 300 scored against the target of 1000. */
function expectAllThreeRows(plain: ReturnType<typeof json>) {
  expect(plain.status, plain.stderr).toBe(0);
  expect(plain.out.manifest.inputs.map((i) => i.rows)).toEqual([3]);
  expect(plain.out.reps.map((r) => [r.rep, r.score])).toEqual([
    ['Ann', '120'],
    ['Bob', '30'],
  ]);
}

const cases: { name: string; body: string; codes: string[]; strict: number }[] = [
  { name: 'a table nested in a cell', body: DATA, codes: [], strict: 0 },
  { name: 'a title table before the data', body: `${TITLE}${DATA}`, codes: [], strict: 0 },
  { name: 'a second data table', body: `${DATA}${OTHER}`, codes: ['sheet-ambiguous'], strict: 1 },
];

it.each(cases)('$name: every row of the data table is read; exit codes', ({ body, codes, strict }) => {
  w = workdir({ 'r.yaml': RUBRIC, 'r-zh.yaml': RUBRIC.replace('locale: en', 'locale: zh-CN') });
  writeFileSync(join(w.dir, 'd.xls'), `<html><head><meta charset="utf-8"></head><body>${body}</body></html>`);
  const plain = json('r.yaml');
  expectAllThreeRows(plain);
  const data = plain.out.findings.filter((f) => f.code !== 'period-partly-covered');
  expect(data.map((f) => [f.code, f.severity])).toEqual(codes.map((c) => [c, 'error']));
  if (codes.length > 0) expect(data[0]!.message).toMatch(/^read HTML table 1 \(4 rows\), .*; table 2 \(3 rows\) has a matching header too and is not read/);
  expect(json('r.yaml', '--strict').status).toBe(strict);
  if (codes.length > 0) {
    const zh = json('r-zh.yaml').out.findings.find((f) => f.code === 'sheet-ambiguous');
    expect(zh?.message).toMatch(/^已读取 HTML 第 1 个表格（4 行）：.*；第 2 个表格（3 行）的表头也匹配，但未读取/);
  }
});

// A roster saved as HTML read the first table: a cover table before it ended the run ("no rep column",
// exit 2), and a second roster table was dropped without a word (its reps "not in the roster"). It is
// now chosen as the export's table is.
const ROSTER = (reps: [string, string][]) => `<table><tr><th>Rep</th><th>Team</th></tr>${reps.map(([r, t]) => `<tr><td>${r}</td><td>${t}</td></tr>`).join('')}</table>`;
const rosterCases: { name: string; body: string; rows: number; teams: [string, string][]; codes: string[]; strict: number }[] = [
  { name: 'a cover table, then the roster', body: `${TITLE}${ROSTER([['Ann', 'East'], ['Bob', 'West']])}`, rows: 2, teams: [['Ann', 'East'], ['Bob', 'West']], codes: [], strict: 0 },
  {
    name: 'two roster tables',
    body: `${ROSTER([['Ann', 'East']])}${ROSTER([['Bob', 'West']])}`,
    rows: 1,
    teams: [['Ann', 'East'], ['Bob', '(unassigned)']],
    codes: ['rep-not-in-roster', 'sheet-ambiguous'],
    strict: 1,
  },
];

it.each(rosterCases)('roster as HTML, $name: the roster table chosen; findings; exit codes', ({ body, rows, teams, codes, strict }) => {
  w = workdir({ 'r.yaml': RUBRIC, 'r-zh.yaml': RUBRIC.replace('locale: en', 'locale: zh-CN') });
  writeFileSync(join(w.dir, 'd.xls'), `<html><body>${DATA}</body></html>`);
  writeFileSync(join(w.dir, 'roster.xls'), `<html><head><meta charset="utf-8"></head><body>${body}</body></html>`);
  const json = (rubric: string, ...more: string[]) => {
    const r = run(w!.dir, ['evaluate', 'd.xls', '-r', rubric, '--roster', 'roster.xls', '-f', 'json', '--no-workbook', '-q', ...more]);
    return { status: r.status, out: JSON.parse(r.stdout || '{}') as Omit<Out, 'reps'> & { manifest: { roster: { rows: number } }; reps: { rep: string; team: string }[] }, stderr: r.stderr };
  };
  const plain = json('r.yaml');
  expect(plain.status, plain.stderr).toBe(0);
  expect(plain.out.manifest.roster.rows).toBe(rows);
  expect(plain.out.reps.map((r) => [r.rep, r.team])).toEqual(teams);
  expect(plain.out.findings.filter((f) => f.code !== 'period-partly-covered').map((f) => f.code)).toEqual(codes);
  expect(json('r.yaml', '--strict').status).toBe(strict);
  if (codes.includes('sheet-ambiguous')) {
    const en = plain.out.findings.find((f) => f.code === 'sheet-ambiguous');
    expect(en?.message).toMatch(/^read HTML table 1 \(2 rows\), the first table whose header has rep and 1 more field \(team\); table 2 \(2 rows\) has a matching header too and is not read, so its rows are not used/);
    const zh = json('r-zh.yaml').out.findings.find((f) => f.code === 'sheet-ambiguous');
    expect(zh?.message).toMatch(/^已读取 HTML 第 1 个表格（2 行）：第一个表头含销售代表及另外 1 个字段（team）的表格；第 2 个表格（2 行）的表头也匹配，但未读取，其中的行未被使用/);
  }
});

// A row hidden by a class of the <style> sheet was read as visible without a word; a hiding rule whose
// selector is not interpreted is now said too. Both are read and counted; --strict fails on both.
const styleCases: { name: string; css: string; tr: string; code: string; zh: RegExp }[] = [
  { name: 'a class hiding a row', css: '<!--\n.xl65\n\t{mso-style-parent:style0;\n\tdisplay:none;}\n-->', tr: '<tr class="x xl65">', code: 'hidden-rows', zh: /^HTML 表格有 1 个隐藏行（第一个是第 3 行）/ },
  { name: 'a selector not interpreted', css: 'table tr.h { display: none }', tr: '<tr class="h">', code: 'html-hidden-unknown', zh: /^HTML 文件的 <style> 用 salesgrade 无法解读的选择器（"table tr.h"）隐藏了元素/ },
];

it.each(styleCases)('HTML export, $name: every row read and counted; $code; exit 0, --strict 1', ({ css, tr, code, zh }) => {
  w = workdir({ 'r.yaml': RUBRIC, 'r-zh.yaml': RUBRIC.replace('locale: en', 'locale: zh-CN') });
  const body = `<table>${HEAD}${row('Ann', '2026-07-01', '600')}${tr}<td>Ann</td><td>2026-07-02</td><td>600</td></tr>${row('Bob', '2026-07-31', '300')}</table>`;
  writeFileSync(join(w.dir, 'd.xls'), `<html><head><meta charset="utf-8"><style>${css}</style></head><body>${body}</body></html>`);
  const plain = json('r.yaml');
  expectAllThreeRows(plain);
  expect(plain.out.findings.filter((f) => f.code !== 'period-partly-covered').map((f) => [f.code, f.severity])).toEqual([[code, 'warning']]);
  const strict = json('r.yaml', '--strict');
  expect(strict.status).toBe(1);
  expect(strict.stderr).toMatch(/--strict/);
  expect(json('r-zh.yaml').out.findings.find((f) => f.code === code)?.message).toMatch(zh);
});
