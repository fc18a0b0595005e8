// Rows that would feed a KPI but silently did not. A won deal whose amount is empty or N/A counts as won but adds nothing to the revenue: the run says so
// (`sum-value-missing`, a warning; exit 1 under --strict), in the rubric's language and in JSON's data.
// Before, the revenue was short by the missing amounts with no finding and exit 0 even under --strict.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyInto, run, workdir } from './evaluate-helpers.js';

const CSV = [
  '商机编号,销售代表,日期,结单日期,金额,阶段,客户名称,活动类型,满意度',
  'D1,张三,2026-07-01,2026-07-10,60000,赢单,甲公司,拜访,4',
  'D2,张三,2026-07-02,2026-07-20,N/A,赢单,乙公司,拜访,4', // line 3: won, no amount
  'D3,李四,2026-07-03,2026-07-11,,赢单,丙公司,拜访,4', // line 4: won, an empty amount
  'D4,李四,2026-07-04,2026-07-12,-,输单,丁公司,拜访,4', // lost: the revenue's where keeps it out
  'D5,李四,2026-07-05,2026-07-15,7000,赢单,戊公司,拜访,4',
].join('\n');

let w: { dir: string; cleanup: () => void };
beforeAll(() => {
  w = workdir({ 'd.csv': `${CSV}\n` });
  copyInto(w.dir, 'rules/zh-CN-field-sales.yaml', 'r.yaml');
});
afterAll(() => w.cleanup());

describe('sum-value-missing on the CLI', () => {
  it('a warning in the terminal, in Chinese for a zh-CN rubric; exit 0', () => {
    const out = run(w.dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook']);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/sum-value-missing +×1 +d\.csv +revenue：2026-Q3 中有 2 行符合其筛选条件但 amount 为空/);
  });

  it('JSON carries the facts; --locale en gives the English message', () => {
    const out = run(w.dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '-f', 'json', '--locale', 'en']);
    expect(out.status).toBe(0);
    const f = (JSON.parse(out.stdout) as { findings: { code: string; severity: string; message: string; data: unknown }[] }).findings.filter((x) => x.code === 'sum-value-missing');
    expect(f).toEqual([
      {
        code: 'sum-value-missing',
        severity: 'warning',
        message: 'revenue: 2 row(s) in 2026-Q3 pass its filter but have no amount (an empty cell or a marker such as N/A), so they add nothing to the sum; first at d.csv:3, d.csv:4',
        source: 'd.csv',
        data: { metric: 'revenue', field: 'amount', rows: 2, period: '2026-Q3', at: 'd.csv:3, d.csv:4' },
      },
    ]);
  });

  it('--strict fails the run (the grade may be too low)', () => {
    const out = run(w.dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '--strict', '-q']);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/^salesgrade: --strict: 1 data error found/);
  });
});

// A won deal typed "Closed Wonn" or "Closed-Won" is neither won nor lost to a filter naming "Closed Won":
// before, it left the revenue, the deals won and the deals closed with no finding and exit 0.
describe('where-value-near on the CLI', () => {
  const EN = [
    'Deal ID,Owner,Date,Close Date,Amount,Stage,Account,Activity Type,CSAT',
    'D1,Ann,2026-07-01,2026-07-10,60000,Closed Won,Acme,Visit,4',
    'D2,Ann,2026-07-02,2026-07-20,20000,Closed Won,Initech,Visit,4',
    'D3,Bob,2026-07-03,2026-07-11,30000,Closed Wonn,Globex,Visit,4', // line 4
    'D4,Bob,2026-07-04,2026-07-12,9000,Closed-Won,Hooli,Visit,4', // line 5
    'D5,Bob,2026-07-05,2026-07-15,7000,Closed Lost,Soylent,Visit,4',
  ].join('\n');
  let e: { dir: string; cleanup: () => void };
  beforeAll(() => {
    e = workdir({ 'e.csv': `${EN}\n` });
    copyInto(e.dir, 'rules/zh-CN-field-sales.yaml', 'r.yaml');
  });
  afterAll(() => e.cleanup());

  it('one warning per odd spelling at its first row; JSON in English with --locale en; --strict exits 1', () => {
    const out = run(e.dir, ['evaluate', 'e.csv', '-r', 'r.yaml', '--no-workbook', '-f', 'json', '--locale', 'en']);
    expect(out.status).toBe(0);
    const f = (JSON.parse(out.stdout) as { findings: { code: string; row?: number; message: string }[] }).findings.filter((x) => x.code === 'where-value-near');
    expect(f.map((x) => [x.row, x.message])).toEqual([
      [4, 'stage: "Closed Wonn" (1 row) is not "Closed Won" (2 rows), which the filters of deals_closed, deals_won, new_customers and revenue name: rows with it are not counted as "Closed Won"'],
      [5, 'stage: "Closed-Won" (1 row) is not "Closed Won" (2 rows), which the filters of deals_closed, deals_won, new_customers and revenue name: rows with it are not counted as "Closed Won"'],
    ]);
    const strict = run(e.dir, ['evaluate', 'e.csv', '-r', 'r.yaml', '--no-workbook', '--strict', '-q']);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/^salesgrade: --strict: 2 data errors found/);
  });

  it('in Chinese in the terminal for a zh-CN rubric', () => {
    const out = run(e.dir, ['evaluate', 'e.csv', '-r', 'r.yaml', '--no-workbook']);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/where-value-near +×2 +e\.csv:4 +stage："Closed Wonn"（1 行）不是 /);
  });
});

// A multi-currency export (Salesforce's Opportunity Currency, 纷享销客's 币种): before, a EUR amount was
// summed as the rubric's currency without a word.
describe('a row currency column on the CLI', () => {
  const CUR = [
    'Deal ID,Owner,Date,Close Date,Amount,Opportunity Currency,Stage,Account,Activity Type,CSAT',
    'D1,Ann,2026-07-01,2026-07-10,1000,CNY,赢单,Acme,拜访,4',
    'D2,Ann,2026-07-02,2026-07-11,2000,EUR,赢单,Initech,拜访,4', // line 3
    'D3,Ann,2026-07-03,2026-07-12,"¥300",欧元,赢单,Globex,拜访,4', // its own sign wins
    'D4,Ann,2026-07-04,2026-07-13,500,,赢单,Hooli,拜访,4', // no currency: the rubric's
  ].join('\n');
  let c: { dir: string; cleanup: () => void };
  beforeAll(() => {
    c = workdir({ 'c.csv': `${CUR}\n` });
    copyInto(c.dir, 'rules/zh-CN-field-sales.yaml', 'r.yaml');
    writeFileSync(join(c.dir, 'fx.yaml'), 'salesgrade: 1\nname: fx\nextends: r.yaml\nfx: { EUR: 7.5 }\n');
  });
  afterAll(() => c.cleanup());
  const revenue = (stdout: string): string => (JSON.parse(stdout) as { reps: { rep: string; kpis: { kpi: string; actual: string }[] }[] }).reps[0]!.kpis.find((k) => k.kpi === 'revenue')!.actual;

  it('another currency without a rate: foreign-currency at the cell, the row not counted', () => {
    const out = run(c.dir, ['evaluate', 'c.csv', '-r', 'r.yaml', '--no-workbook', '-f', 'json', '--locale', 'en']);
    const doc = JSON.parse(out.stdout) as { findings: { code: string; line?: number; row?: number; message: string }[] };
    expect(doc.findings.filter((f) => f.code === 'foreign-currency').map((f) => [f.row, f.message])).toEqual([[3, expect.stringMatching(/^amount: expected an amount in CNY, found "2000" in a row whose currency column says EUR; the row is not counted/)]]);
    expect(revenue(out.stdout)).toBe('1800');
  });

  it('with fx: converted (currency-converted), the other rows as they were', () => {
    const out = run(c.dir, ['evaluate', 'c.csv', '-r', 'fx.yaml', '--no-workbook', '-f', 'json']);
    expect(out.status).toBe(0);
    expect(revenue(out.stdout)).toBe('16800');
    expect((JSON.parse(out.stdout) as { findings: { code: string }[] }).findings.filter((f) => f.code === 'currency-converted')).toHaveLength(1);
  });
});
