// A zh-CN rubric prints its data findings in Chinese: in the terminal's 数据问题 section, in the
// workbook's 数据问题 sheet (read back) and in JSON (`message` rendered, `data` beside it).
import { readFileSync } from 'node:fs';
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
    expect(r.stderr).toContain('wrote out.xlsx');
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
