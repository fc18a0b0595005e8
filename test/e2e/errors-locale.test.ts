// The one-line fatal errors in the run's language (issue 10, "findings users can filter on"): with
// --locale zh-CN, or a rubric that declares `locale: zh-CN` (even one the schema refuses), a YAML syntax
// error, a broken `extends`, an invalid rubric with more problems, a bad --period, a period without rows,
// a pipe, a quota run without a roster and a roster without its rep column print in Chinese; with
// --locale en each prints exactly the English line it printed before. Same exit code, same place.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyInto, run, workdir } from './evaluate-helpers.js';

let w: { dir: string; cleanup: () => void };
beforeAll(() => {
  w = workdir({
    'd.csv': '商机编号,销售代表,日期,结单日期,金额,阶段,客户名称,活动类型,满意度\nD1,张三,2026-07-01,2026-07-10,60000,赢单,甲公司,拜访,4\n',
    'syn.yaml': 'salesgrade: 1\nlocale: zh-CN\nname: [a\n',
    'ext.yaml': 'salesgrade: 1\nlocale: zh-CN\nextends: nothere.yaml\n',
    'many.yaml': 'salesgrade: 1\nlocale: zh-CN\nlocal: x\nkpis: 3\n',
    'people.csv': 'Foo,Bar\n1,2\n',
    'hdr.csv': 'Owner,Amount\n1,2\n',
    'bad.csv': '商机编号,销售代表,日期,结单日期,金额,阶段,客户名称,活动类型,满意度\nD1,张三,x,y,60000,赢单,甲公司,拜访,4\nD2,张三,x,y,1,赢单,甲公司,拜访,4\n',
  });
  copyInto(w.dir, 'rules/zh-CN-field-sales.yaml', 'r.yaml');
  execFileSync('mkfifo', [join(w.dir, 'pipe.csv')]);
});
afterAll(() => w.cleanup());

const ROSTER_HEADERS = '"销售代表", "姓名", "员工", "员工姓名", "销售", "销售人员"';
const cases: { name: string; args: string[]; zh: string; en: string; declared?: boolean }[] = [
  {
    name: 'a YAML syntax error',
    args: ['evaluate', 'd.csv', '-r', 'syn.yaml'],
    zh: 'syn.yaml:4:1: YAML 语法错误：缩进不正确 [yaml-syntax]（请运行：salesgrade check syn.yaml）',
    en: 'syn.yaml:4:1: Flow sequence in block collection must be sufficiently indented and end with a ] [yaml-syntax] (run: salesgrade check syn.yaml)',
  },
  {
    name: 'a broken extends',
    args: ['evaluate', 'd.csv', '-r', 'ext.yaml'],
    zh: 'ext.yaml:3:10: extends：无法读取 "nothere.yaml"（nothere.yaml）：文件不存在 [extends]（请运行：salesgrade check ext.yaml）',
    en: 'ext.yaml:3:10: extends: cannot read "nothere.yaml" (nothere.yaml): no such file [extends] (run: salesgrade check ext.yaml)',
    declared: true,
  },
  {
    name: 'an invalid rubric with 4 more problems',
    args: ['evaluate', 'd.csv', '-r', 'many.yaml'],
    zh: 'many.yaml:1:1: (root)：缺少必填键 "metrics" [schema]（另有 4 个问题；请运行：salesgrade check many.yaml）',
    en: 'many.yaml:1:1: (root): missing required key "metrics" [schema] (4 more; run: salesgrade check many.yaml)',
    declared: true,
  },
  {
    name: 'a --period that is no quarter',
    args: ['evaluate', 'd.csv', '-r', 'r.yaml', '--period', '2026-13', '--no-workbook'],
    zh: 'd.csv: "2026-13" 不是有效的季度（请写成 2026-Q3 这样）',
    en: 'd.csv: "2026-13" is not a quarter period (write it like 2026-Q3)',
    declared: true,
  },
  {
    name: 'a period without rows',
    args: ['evaluate', 'd.csv', '-r', 'r.yaml', '--period', '2024-Q1', '--no-workbook'],
    zh: 'd.csv: 周期 2024-Q1（2024-01-01 … 2024-03-31）内没有数据行（数据覆盖 2026-Q3）',
    en: 'd.csv: no rows fall in period 2024-Q1 (2024-01-01 … 2024-03-31) (the data covers 2026-Q3)',
    declared: true,
  },
  {
    name: 'a named pipe for an export',
    args: ['evaluate', 'pipe.csv', '-r', 'r.yaml', '--no-workbook'],
    zh: 'pipe.csv: 无法从管道（标准输入或命名管道）读取：salesgrade 只从文件读取导出（请先保存为文件；通过管道传入的导出用 - 读取：… | salesgrade evaluate -）',
    en: 'pipe.csv: cannot read from a pipe (standard input or a named pipe): salesgrade reads exports from files (save it to a file first; an export piped in is read as -: … | salesgrade evaluate -)',
    declared: true,
  },
  {
    name: 'quota without a roster',
    args: ['quota', '-r', 'r.yaml', '--year', '2026'],
    zh: '配额需要名单才能分配目标（请给出 --roster roster.xlsx，或在规则文件中设置 roster.file）',
    en: 'quota needs a roster to split the target over (give --roster roster.xlsx or roster.file in the rubric)',
    declared: true,
  },
  {
    name: 'a roster without a rep column',
    args: ['quota', '-r', 'r.yaml', '--year', '2026', '--roster', 'people.csv'],
    zh: `people.csv: 名单文件没有销售代表列：应为 ${ROSTER_HEADERS.replace(/, /g, '、')} 之一；实际为 "Foo"、"Bar"（请在 roster.fields.rep 中写明该列）`,
    en: `people.csv: the roster has no rep column: expected one of ${ROSTER_HEADERS}; found "Foo", "Bar" (name the column in roster.fields.rep)`,
    declared: true,
  },
  {
    name: 'columns the metrics need, missing from the export',
    args: ['evaluate', 'hdr.csv', '-r', 'r.yaml', '--no-workbook'],
    zh: 'hdr.csv: 没有字段 "close_date" 的列（尝试过：结单日期、成交日期、Close Date），指标 revenue、deals_won、deals_closed、new_customers 需要它；另外还缺少：csat、customer、date、kind、stage（第 1 行表头为：Owner、Amount）',
    en: 'hdr.csv: no column for field "close_date" (tried: 结单日期, 成交日期, Close Date), needed by metric revenue, deals_won, deals_closed, new_customers; also missing: csat, customer, date, kind, stage (header row 1 has: Owner, Amount)',
    declared: true,
  },
  {
    name: 'every row excluded',
    args: ['evaluate', 'bad.csv', '-r', 'r.yaml', '--no-workbook'],
    zh: 'bad.csv: 2 行数据都无法评分：每一行都被排除了（bad-value 2）（运行 salesgrade inspect bad.csv 可查看每一行被排除的原因）',
    en: 'bad.csv: none of the 2 rows can be graded: every row was excluded (bad-value 2) (salesgrade inspect bad.csv lists each excluded row and why)',
    declared: true,
  },
  {
    name: 'calibrate: a --distribution share for no tier',
    args: ['calibrate', 'r.yaml', 'd.csv', '--distribution', 'foo=100'],
    zh: '--distribution："foo" 不是规则文件中的等级（等级：senior、intermediate、junior）',
    en: '--distribution: "foo" is not a tier of the rubric (tiers: senior, intermediate, junior)',
    declared: true,
  },
  {
    name: 'explain: a rep not in the period',
    args: ['explain', 'd.csv', '-r', 'r.yaml', '--rep', '无此人'],
    zh: '2026-Q3 中没有销售代表 "无此人"（销售代表：张三）',
    en: 'no rep "无此人" in 2026-Q3 (reps: 张三)',
    declared: true,
  },
];

/** The error line (the last on stderr: explain notes its period first), without `salesgrade: ` and the working directory. */
const line = (stderr: string): string => stderr.replaceAll(`${w.dir}/`, '').trimEnd().split('\n').at(-1)!.replace(/^salesgrade: /, '');

describe('fatal errors in the run language', () => {
  it.each(cases)('$name: zh-CN with --locale zh-CN, English with --locale en, the same exit code', ({ args, zh, en }) => {
    const z = run(w.dir, ['--locale', 'zh-CN', ...args]);
    const e = run(w.dir, ['--locale', 'en', ...args]);
    expect([z.status, line(z.stderr)]).toEqual([2, zh]);
    expect([e.status, line(e.stderr)]).toEqual([2, en]);
    expect(z.stdout).toBe(e.stdout);
  });

  it.each(cases)('$name: without --locale, the language the rubric declares (English when its YAML does not parse)', ({ args, zh, en, declared }) => {
    const r = run(w.dir, args);
    expect(line(r.stderr)).toBe(declared ? zh : en);
  });
});

describe('a zh LANG alone does not change an error (only --help)', () => {
  it('a YAML error in a rubric that never parsed stays English with LANG=zh_CN.UTF-8', () => {
    writeFileSync(join(w.dir, 'syn2.yaml'), 'salesgrade: 1\nname: [a\n');
    const r = run(w.dir, ['evaluate', 'd.csv', '-r', 'syn2.yaml'], { LANG: 'zh_CN.UTF-8' });
    expect(line(r.stderr)).toMatch(/^syn2\.yaml:3:1: Flow sequence/);
  });
});
