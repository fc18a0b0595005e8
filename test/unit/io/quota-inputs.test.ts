// The quota plan's inputs (io/quota-inputs.ts): annual targets and --history read with the export rules
// (header below title rows, values coerced like export numbers, totals rows), every unused row located
// (CSV: line and character column).
// They were parsed in cli/ with a regex that dropped any currency sign and knew six totals labels.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { monthOfCell, readAnnualTargets, readQuotaHistory, type QuotaColumnSpec } from '../../../src/io/quota-inputs.js';
import { SalesgradeError } from '../../../src/shared/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-quota-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const REVENUE: QuotaColumnSpec = { id: 'revenue', headers: ['revenue', '回款'], unit: 'money' };
const DEALS: QuotaColumnSpec = { id: 'deals', headers: ['deals', '赢单数'], unit: 'count' };
const opts = (shown: string) => ({ shown, currency: 'CNY', locale: 'zh-CN' });
const located = (fs: { code: string; severity: string; range?: { start: { line: number; character: number } }; message: string }[]) =>
  fs.map((f) => `${f.severity} ${f.code} ${f.range ? `${f.range.start.line + 1}:${f.range.start.character + 1}` : '-'} ${f.message}`);

describe('readAnnualTargets', () => {
  it('finds the header below a title row, reads values like an export, and skips every kind of totals row with a located note', async () => {
    const p = csv('annual.csv', '2026 年度目标\n团队,回款 (元),赢单数\n华东一组,"¥20,000,000",40\n华东二组,1.2万,\n华南一组,25000000,50\nGrand Totals (3 records),"45,012,000",90\n');
    const r = await readAnnualTargets(p, 'team', [REVENUE, DEALS], opts('annual.csv'));
    expect(r.metricIds).toEqual(['revenue', 'deals']);
    expect(r.byEntity).toEqual({ 华东一组: { revenue: '20000000', deals: '40' }, 华东二组: { revenue: '12000' }, 华南一组: { revenue: '25000000', deals: '50' } });
    expect(located(r.findings)).toEqual(['info totals-row 6:1 a totals row ("Grand Totals (3 records)") is not read as a target']);
  });

  it('an unnamed row equal to the sums above is a totals row; an unnamed row that is not is an error at its cell', async () => {
    const p = csv('unnamed.csv', '团队,回款\nA,100\nB,200\n,300\nC,50\n,7\n');
    const r = await readAnnualTargets(p, 'team', [REVENUE], opts('unnamed.csv'));
    expect(r.byEntity).toEqual({ A: { revenue: '100' }, B: { revenue: '200' }, C: { revenue: '50' } });
    expect(located(r.findings)).toEqual([
      'info totals-row 4:1 a row with no name whose values equal the sums of the 2 rows above is read as a totals row, not a target',
      "error quota-no-name 6:1 expected a team name, found an empty cell; the row's targets are not used",
    ]);
  });

  // The cli/ parser stripped `$` and read "$1,200" as ¥1,200.
  it('another currency\'s sign is an error at the cell (it was read as the rubric\'s currency), a negative target too', async () => {
    const p = csv('fx.csv', '团队,回款\nA,"$1,200"\nB,-5\nC,300\n');
    const r = await readAnnualTargets(p, 'team', [REVENUE], opts('fx.csv'));
    expect(r.byEntity).toEqual({ A: {}, B: {}, C: { revenue: '300' } });
    expect(located(r.findings).map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual(['error quota-bad-value 2:3', 'error quota-bad-value 3:3']);
    expect(r.findings[0]!.message).toMatch(/^revenue: expected an annual target ≥ 0, found "\$1,200" \(USD\)/);
  });

  // `2.0E+07` in an annual-targets file was read as 20,000,000 without a word (exports warn).
  it('a target written with a short exponent is read as written, with an exponent-number warning at its cell; a long one is a bad value', async () => {
    const p = csv('exp.csv', '团队,回款,赢单数\nA,2.0E+07,4e1\nB,1.23457E+11,3\nC,500,2\n');
    const r = await readAnnualTargets(p, 'team', [REVENUE, DEALS], opts('exp.csv'));
    expect(r.byEntity).toEqual({ A: { revenue: '20000000', deals: '40' }, B: { deals: '3' }, C: { revenue: '500', deals: '2' } });
    expect(located(r.findings).map((l) => l.slice(0, 80))).toEqual([
      'warning exponent-number 2:3 revenue: "2.0E+07" is written with an exponent and r',
      'warning exponent-number 2:11 deals: "4e1" is written with an exponent and read a',
      'error quota-bad-value 3:3 revenue: expected an annual target ≥ 0, found "1.23457',
    ]);
    expect(r.findings[0]!.data).toEqual({ field: 'revenue', value: '2.0E+07', read: '20000000', outcome: 'none' });
  });

  it('a name listed twice: the targets are added, with a warning at the second row', async () => {
    const p = csv('dup.csv', '团队,回款\nA,100\nA,20\n');
    const r = await readAnnualTargets(p, 'team', [REVENUE], opts('dup.csv'));
    expect(r.byEntity).toEqual({ A: { revenue: '120' } });
    expect(located(r.findings)).toEqual(['warning quota-duplicate 3:1 team "A" is listed again (first on line 2); its targets are added']);
  });

  it('no level column, no metric column: one located error each', async () => {
    const p = csv('nolevel.csv', 'who,回款\nA,1\n');
    await expect(readAnnualTargets(p, 'team', [REVENUE], opts('nolevel.csv'))).rejects.toThrow(/the annual targets file has no team column/);
    const q = csv('nometric.csv', '团队,amount\nA,1\n');
    const e = await readAnnualTargets(q, 'team', [REVENUE], opts('nometric.csv')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SalesgradeError);
    expect((e as SalesgradeError).toLine()).toBe('nometric.csv: the annual targets file has no column named after a metric (revenue)');
  });
});

describe('readQuotaHistory', () => {
  it('sums per rep and per fiscal month; months in every written form; totals rows skipped', async () => {
    const p = csv('hist.csv', '销售代表,月份,amount\n张三,2025-01,100\n张三,2025年12月,300\n李四,2025/6/15,200\n,2025-06,600\n合计,,1200\n');
    const r = await readQuotaHistory(p, [REVENUE], 4, opts('hist.csv'));
    expect(r.byRep).toEqual({ revenue: { 张三: '400', 李四: '200' } });
    // fiscal year from April: January is month 10, June month 3, December month 9
    expect(r.months.revenue).toEqual(['0', '0', '200', '0', '0', '0', '0', '0', '300', '100', '0', '0']);
    expect(located(r.findings)).toEqual([
      'info totals-row 5:1 a row with no rep whose values equal the sums of the 3 rows above is read as a totals row, not counted',
      'info totals-row 6:1 a totals row ("合计") is not counted',
    ]);
  });

  // The cli/ parser counted a row whose month it could not read toward the rep's share but toward no
  // month, silently skewing the seasonality.
  it('a month it cannot read is an error at the cell, and the row is not counted at all', async () => {
    const p = csv('badmonth.csv', '销售代表,月份,回款\n张三,Q1,100\n李四,,50\n');
    const r = await readQuotaHistory(p, [REVENUE], 1, opts('badmonth.csv'));
    expect(r.byRep).toEqual({ revenue: {} });
    expect(located(r.findings)).toEqual([
      'error quota-bad-month 2:4 month: expected a month like 2025-01, found "Q1"; the row is not counted',
      'error quota-bad-month 3:4 month: expected a month like 2025-01, found an empty cell; the row is not counted',
    ]);
  });

  it('a history amount written with a short exponent is counted as written, with an exponent-number warning at its cell', async () => {
    const p = csv('exphist.csv', '销售代表,月份,回款\n张三,2025-01,1.5E+05\n李四,2025-02,100\n');
    const r = await readQuotaHistory(p, [REVENUE], 1, opts('exphist.csv'));
    expect(r.byRep).toEqual({ revenue: { 张三: '150000', 李四: '100' } });
    expect(located(r.findings).map((l) => l.slice(0, 60))).toEqual(['warning exponent-number 2:12 revenue: "1.5E+05" is written w']);
  });

  it.each([
    [{ t: 's', v: '2025-03' }, 3],
    [{ t: 's', v: '２０２５年３月' }, 3],
    [{ t: 'd', v: '2025-11-30', serial: '45991' }, 11],
    [{ t: 's', v: '2025-13' }, undefined],
    [{ t: 'n', v: '202503' }, undefined],
  ] as const)('monthOfCell(%j) → %s', (cell, month) => {
    expect(monthOfCell(cell)).toBe(month);
  });
});
