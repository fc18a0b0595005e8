// Issue 10 ("findings in the report's language"): the targets-file reader, the quota-input readers
// (annual targets, --history) and the calendar-file reader produced their value findings as English
// prose only ("found \"abc\"", "an empty cell", "(USD)"), so a zh-CN report printed them in English.
// Each finding they can produce now carries its facts; report/ renders it in zh-CN with no Latin prose
// left once names, values and codes are taken out, and the English message is unchanged.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCalendarFile } from '../../../src/io/calendar-file.js';
import { readAnnualTargets, readQuotaHistory, type QuotaColumnSpec } from '../../../src/io/quota-inputs.js';
import { readTargetFile } from '../../../src/io/targets.js';
import { findingMessage } from '../../../src/report/finding-messages.js';
import type { Diagnostic } from '../../../src/shared/diagnostic.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-reader-locale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Codes, keys and notations a zh-CN message may quote as they are. */
const VERBATIM = ['kind', 'off', 'work', 'YYYY-MM-DD', '2027-02-06', '2025-01', 'fx', 'CNY', 'JPY', 'USD', 'EUR', 'TRUE', 'FALSE'];

/** The zh-CN text with every data value and verbatim code removed: what must hold no Latin letter. */
function prose(zh: string, d: Diagnostic): string {
  const values = Object.values(d.data ?? {}).map(String).concat(Object.values(d.data ?? {}).map((v) => JSON.stringify(String(v))));
  let s = zh;
  for (const v of [...values, ...VERBATIM].filter((v) => v !== '').sort((a, b) => b.length - a.length)) s = s.split(v).join(' ');
  return s;
}

function expectChinese(findings: Diagnostic[], codes: string[]): void {
  expect([...new Set(findings.map((f) => f.code))].sort()).toEqual([...codes].sort());
  for (const d of findings) {
    const zh = findingMessage(d, 'zh-CN');
    expect(zh, `${d.code}: ${d.message}`).not.toBe(d.message);
    expect(prose(zh, d), `${d.code}: ${zh}`).not.toMatch(/[A-Za-z]/);
    expect(findingMessage(d, 'en'), d.code).toBe(d.message);
  }
}

const REVENUE: QuotaColumnSpec = { id: 'revenue', headers: ['revenue', '回款'], unit: 'money' };
const DEALS: QuotaColumnSpec = { id: 'deals', headers: ['deals', '赢单数'], unit: 'count' };
const quotaOpts = (shown: string) => ({ shown, currency: 'CNY', locale: 'zh-CN' });

describe('reader findings render in zh-CN from their facts', () => {
  it('targets file: bad values (text, a foreign currency, ≤ 0), a row with no name, a name twice, a totals row', async () => {
    const p = file('t.csv', 'rep,revenue,deals\nAnn,abc,3\nBob,"$1,200",0\n,500,2\nAnn,100,3\nCat,-5,1\n合计,1000,9\n');
    const r = await readTargetFile(p, {
      shown: 't.csv',
      currency: 'CNY',
      columns: [
        { key: 'revenue', label: 'kpis[0] revenue', headers: ['revenue'] },
        { key: 'deals', label: 'kpis[1] deals', headers: ['deals'] },
      ],
    });
    expectChinese(r.findings, ['targets-bad-value', 'targets-no-name', 'targets-duplicate', 'totals-row']);
    const foreign = r.findings.find((f) => f.message.includes('$1,200'))!;
    expect(findingMessage(foreign, 'zh-CN')).toBe(
      'kpis[0] revenue：目标应大于 0，读到 "$1,200"（USD）（请换算金额，或在评分规则中给出汇率：fx: { USD: <每 1 USD 合多少 CNY> }）；销售代表 "Bob" 不使用此目标（改用下一条规则：团队、区域、级别或默认值）',
    );
  });

  it('annual targets: a bad value, a negative value, a row with no name, a name twice', async () => {
    const p = file('a.csv', '团队,回款\nA,abc\nB,-3\n,7\nA,100\n');
    const r = await readAnnualTargets(p, 'team', [REVENUE], quotaOpts('a.csv'));
    expectChinese(r.findings, ['quota-bad-value', 'quota-no-name', 'quota-duplicate']);
    expect(r.findings.map((f) => findingMessage(f, 'zh-CN'))).toContain('revenue：应为 ≥ 0 的年度目标，读到 "abc"');
  });

  it('history export: a bad month, an empty month, a bad amount, a totals row by sums and by label', async () => {
    const p = file('h.csv', 'rep,month,revenue,deals\nAnn,Q1,100,1\nAnn,,100,1\nAnn,2025-02,1.2.3,1\nBob,2025-03,50,2\nCat,2025-03,50,2\n,,100,5\n合计,,100,5\n');
    const r = await readQuotaHistory(p, [REVENUE, DEALS], 1, quotaOpts('h.csv'));
    expectChinese(r.findings, ['quota-bad-month', 'quota-bad-value', 'totals-row']);
    expect(r.findings.map((f) => findingMessage(f, 'zh-CN'))).toEqual(
      expect.arrayContaining(['月份：应为 2025-01 这样的月份，读到 "Q1"；该行不计入', '月份：应为 2025-01 这样的月份，读到 空单元格；该行不计入', '没有销售代表、各值等于上方 3 行之和的一行视为合计行，不计入']),
    );
  });

  it('calendar file (CSV): a bad date, an empty date, a bad kind, a date listed both ways', async () => {
    const p = file('c.csv', 'date,kind,name\n2027-13-45,off,x\n,off,y\n2027-02-06,maybe,z\n2027-02-07,off,a\n2027-02-07,work,b\n');
    const r = await readCalendarFile(p, { shown: 'c.csv' });
    expectChinese(r.findings, ['calendar-bad-date', 'calendar-bad-kind', 'calendar-conflict']);
    expect(r.findings.map((f) => findingMessage(f, 'zh-CN'))).toEqual(expect.arrayContaining(['日期：应为 2027-02-06 这样的日期，读到 "2027-13-45"', '日期：应为 2027-02-06 这样的日期，读到 空单元格']));
  });

  it('calendar file (YAML): a list that is not one, a bad date, a date in both lists', async () => {
    const p = file('c.yaml', 'holidays: [2027-02-06, soon]\nworkdays: [2027-02-06]\n');
    const r = await readCalendarFile(p, { shown: 'c.yaml' });
    expectChinese(r.findings, ['calendar-bad-date', 'calendar-conflict']);
    expect(r.findings.map((f) => findingMessage(f, 'zh-CN'))).toEqual(['holidays[1]：应为 YYYY-MM-DD 格式的日期，读到 "soon"', 'workdays[0]：2027-02-06 也列在 holidays 中']);
    const q = file('c2.yaml', 'holidays: 2027-02-06\n');
    const r2 = await readCalendarFile(q, { shown: 'c2.yaml' });
    expect(r2.findings.map((f) => findingMessage(f, 'zh-CN'))).toEqual(['holidays：应为日期列表（YYYY-MM-DD）']);
  });
});
