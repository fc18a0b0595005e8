// A zh-CN rubric prints its data findings in Chinese: in the terminal's 数据问题 section, in the
// workbook's 数据问题 sheet (read back) and in JSON (`message` rendered, `data` beside it).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpWorkbook } from '../unit/report/workbook-dump.js';
import { copyInto, run, workdir } from './evaluate-helpers.js';

const CSV = [
  '商机编号,销售代表,日期,结单日期,金额,阶段,客户名称,活动类型,满意度',
  'D1,张三,2026-07-01,2026-07-10,60000,赢单,甲公司,拜访,4',
  'D2,张三,2026-07-02,2026-08-20,20000,输单,乙公司,拜访,4',
  'D3,李四,2026-07-03,2026-07-11,abc,赢单,丙公司,拜访,4', // line 4: bad-number
  'D4,,2026-07-04,2026-07-12,5000,赢单,丁公司,拜访,4', // line 5: no-rep
  'D1,张三,2026-07-01,2026-07-10,60000,赢单,甲公司,拜访,4', // line 6: duplicate-row of line 2
  'D5,李四,2026-07-05,2026-07-15,7000,赢单,戊公司,,,多余', // line 7: ragged-row
  '合计,,,,92000,,,,', // line 8: totals-row
].join('\n');

let w: { dir: string; cleanup: () => void };
beforeAll(() => {
  w = workdir({ 'd.csv': `${CSV}\n` });
  copyInto(w.dir, 'rules/zh-CN-field-sales.yaml', 'r.yaml');
});
afterAll(() => w.cleanup());

// code → the Chinese message each finding must print (and the English text it must not)
const EXPECTED: [string, string, string][] = [
  ['bad-number', 'amount：应为金额，读到 "abc"；该行不计入', 'expected an amount'],
  ['no-rep', 'rep：应为姓名，却是空单元格；该行不计入', 'expected a name'],
  ['duplicate-row', '与第 2 行完全相同；重复行不计入', 'an exact duplicate'],
  ['ragged-row', '表头有 9 个字段，这一行有 10 个；该行不计入（多了分隔符或引号？）', 'fields as in the header'],
  ['totals-row', '合计行（"合计"）不计入', 'a totals row'],
  ['kpi-rows-lost', '2026-Q3 中有 3 行本应计入 KPI 的数据因数据问题未计入', 'were not counted because of data problems'],
  ['period-partly-covered', '周期 2026-Q3（2026-07-01 … 2026-09-30）的数据只覆盖到 2026-08-20 为止：按部分数据评分', 'is covered by the data only'],
];

describe('finding messages in the report language (zh-CN)', () => {
  it('terminal 数据问题 section and the workbook 数据问题 sheet print Chinese finding messages', async () => {
    const r = run(w.dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--as-of', '2026-09-30', '-w', 'out.xlsx', '--no-color'], { COLUMNS: '400' });
    expect(r.stderr).toContain('已写入 out.xlsx'); // the run's notes in the report language too
    const section = r.stdout.slice(r.stdout.indexOf('数据问题  错误'));
    for (const [code, zh, en] of EXPECTED) {
      const line = section.split('\n').find((l) => l.startsWith(`  ${code} `));
      expect(line, code).toBeDefined();
      // the terminal truncates long lines: compare the start of the message
      expect(line!, code).toContain(zh.slice(0, 12));
      expect(line!, code).not.toContain(en);
    }

    const dump = await dumpWorkbook(readFileSync(join(w.dir, 'out.xlsx')));
    const sheet = dump.find((s) => s.name === '数据问题');
    expect(sheet, dump.map((s) => s.name).join(', ')).toBeDefined();
    const rows = new Map<string, string>();
    for (const [addr, cell] of Object.entries(sheet!.cells)) {
      const m = /^B(\d+)$/.exec(addr);
      if (m && Number(m[1]) > 1) rows.set(String(cell.v), String(sheet!.cells[`C${m[1]}`]?.v));
    }
    for (const [code, zh, en] of EXPECTED) {
      expect(rows.get(code), code).toContain(zh);
      expect(rows.get(code), code).not.toContain(en);
    }
  });

  it('JSON: message in the rubric locale, code and data beside it', () => {
    const r = run(w.dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--as-of', '2026-09-30', '-f', 'json']);
    const doc = JSON.parse(r.stdout) as { findings: { code: string; message: string; data?: Record<string, unknown>; line?: number }[] };
    const byCode = new Map(doc.findings.map((f) => [f.code, f]));
    for (const [code, zh] of EXPECTED) expect(byCode.get(code)?.message, code).toContain(zh);
    expect(byCode.get('duplicate-row')).toMatchObject({ line: 6, data: { firstRow: 2 } });
    expect(byCode.get('bad-number')).toMatchObject({ line: 4, data: { field: 'amount', expected: 'amount', found: 'text', text: 'abc' } });
  });
});

// The rest of the data findings a run can make (issue 10, "findings in the report's language"): a
// date far outside the data, a sparse later period, a header repeated and one naming a unit, a roster
// team named (unassigned), a KPI without a target, a gap before the evaluated period in --history.
describe('more finding messages in zh-CN, from the facts the run records', () => {
  it('JSON messages of date-out-of-range, period-sparse, duplicate-header, header-unit, roster-reserved-group, target-missing, history-gap are Chinese', () => {
    const rows = ['销售代表,日期,金额（万元）,金额（万元）'];
    for (let i = 0; i < 40; i++) rows.push(`${i % 2 ? '张三' : '李四'},2026-0${1 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')},${i + 1},${i + 1}`);
    rows.push('张三,9999-12-31,5,5', '李四,2026-12-30,5,5');
    const rubric = `salesgrade: 1
name: 发现
locale: zh-CN
currency: CNY
period: quarter
source:
  fields:
    rep: [销售代表]
    date: { headers: [日期], type: date }
    amount: { headers: [金额], type: money }
roster:
  file: roster.csv
metrics:
  revenue: { sum: amount }
kpis:
  - { metric: revenue, weight: 100, target: { by_team: { 华东: 100 } } }
tiers:
  - { id: a, label: 甲, min_score: 100 }
  - { id: b, label: 乙, min_score: 0 }
`;
    const d = workdir({ 'f.csv': `${rows.join('\n')}\n`, 'f.yaml': rubric, 'roster.csv': '销售代表,团队\n张三,华东\n李四,(unassigned)\n' });
    try {
      const r = run(d.dir, ['evaluate', 'f.csv', '-r', 'f.yaml', '--period', '2026-Q1', '-f', 'json', '--no-workbook']);
      expect(r.status, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout) as { findings: { code: string; message: string }[] };
      const byCode = new Map(doc.findings.map((f) => [f.code, f.message]));
      const expected: [string, string][] = [
        ['date-out-of-range', 'date 9999-12-31 远在数据的日期范围之外'],
        ['duplicate-header', 'amount：第 3 列和第 4 列的表头都是 "金额（万元）"'],
        ['header-unit', 'amount：表头 "金额（万元）" 给出的单位是 万元'],
        ['roster-reserved-group', '团队："(unassigned)" 是给不在花名册中的销售代表使用的名称'],
        ['target-missing', 'KPI revenue 有 1 名销售代表没有目标：李四'],
      ];
      for (const [code, zh] of expected) expect(byCode.get(code), `${code}: ${[...byCode.keys()].join(', ')}`).toContain(zh);
      // the default period: 2026-Q4 (one row) is sparse next to 2026-Q1
      const dflt = run(d.dir, ['evaluate', 'f.csv', '-r', 'f.yaml', '-f', 'json', '--no-workbook', '-q']);
      const sparse = (JSON.parse(dflt.stdout) as { findings: { code: string; message: string }[] }).findings.filter((f) => f.code === 'period-sparse');
      expect(sparse.map((f) => f.message)).toContain('周期 2026-Q4 只有 1 行，不到最多的周期 2026-Q1（40 行）的十分之一：默认周期为 2026-Q1；要评估它，请用 --period 2026-Q4');
      // history: Q1's result, then Q3 graded from its rows only: 2026-Q2 is a gap
      writeFileSync(join(d.dir, 'q1.json'), r.stdout);
      writeFileSync(join(d.dir, 'q3.csv'), '销售代表,日期,金额\n张三,2026-07-01,5\n李四,2026-07-02,5\n');
      const gap = run(d.dir, ['evaluate', 'q3.csv', '-r', 'f.yaml', '--history', 'q1.json', '-f', 'json', '--no-workbook', '-q']);
      const gapMsg = (JSON.parse(gap.stdout) as { findings: { code: string; message: string }[] }).findings.find((f) => f.code === 'history-gap')?.message;
      expect(gapMsg).toBe('历史：2026-Q3 之前的 2026-Q2 既没有结果文件也没有数据：晋升和降级的连续计数会当作其间什么也没发生；请用 --history 补上缺少的结果文件');
    } finally {
      d.cleanup();
    }
  });
});
