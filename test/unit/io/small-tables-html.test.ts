// Rosters, targets, calendars and quota files saved as HTML tables (.xls) read the first table with
// rows: a cover table before the data ended the read ("no rep column", exit 2), and a second table
// with a matching header was dropped without a word. They now choose the table as an export does
// (io/html-choice.ts): the cover passed over, a second matching table a `sheet-ambiguous` error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCalendarFile } from '../../../src/io/calendar-file.js';
import { readAnnualTargets, readQuotaHistory, type QuotaColumnSpec } from '../../../src/io/quota-inputs.js';
import { readRoster } from '../../../src/io/roster.js';
import { readTargetFile, type TargetColumnSpec } from '../../../src/io/targets.js';
import type { Diagnostic } from '../../../src/shared/diagnostic.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-small-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(tables: string[]): string {
  const p = join(dir, `t${n++}.xls`);
  writeFileSync(p, `<html><head><meta charset="utf-8"></head><body>${tables.join('\n<br>\n')}</body></html>`);
  return p;
}
const table = (rows: string[][]) => `<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;
const COVER = table([['2026 年度 销售名单'], ['导出时间 2026-01-05']]);

const REVENUE_Q: QuotaColumnSpec = { id: 'revenue', headers: ['revenue', '回款'], unit: 'money' };
const REVENUE_T: TargetColumnSpec = { key: 'revenue', label: 'kpis[0] revenue', headers: ['revenue'] };

/** Each reader: its two data tables (A, then B), and what it read as plain values. */
const readers: { name: string; a: string; b: string; read: (p: string) => Promise<{ got: unknown; findings: Diagnostic[] }>; fromA: unknown; message: RegExp }[] = [
  {
    name: 'roster',
    a: table([['销售代表', '团队'], ['张三', '华东'], ['李四', '华东']]),
    b: table([['销售代表', '团队'], ['王五', '华南']]),
    read: async (p) => {
      const r = await readRoster(p, undefined, []);
      return { got: r.entries.map((e) => [e.rep, e.team]), findings: r.findings };
    },
    fromA: [
      ['张三', '华东'],
      ['李四', '华东'],
    ],
    message: /^read HTML table \d \(3 rows\), the first table whose header has rep and 1 more field \(team\); table \d \(2 rows\) has a matching header too and is not read, so its rows are not used/,
  },
  {
    name: 'targets',
    a: table([['团队', 'revenue'], ['华东', '1000']]),
    b: table([['团队', 'revenue'], ['华南', '2000']]),
    read: async (p) => {
      const r = await readTargetFile(p, { columns: [REVENUE_T] });
      return { got: Object.fromEntries(Object.entries(r.targets['revenue']!.byTeam ?? {}).map(([k, v]) => [k, String(v)])), findings: r.findings };
    },
    fromA: { 华东: '1000' },
    message: /the first table whose header has team and 1 more field \(kpis\[0\] revenue\); table \d \(2 rows\) has a matching header too/,
  },
  {
    name: 'calendar',
    a: table([['date', 'kind'], ['2027-02-06', 'off']]),
    b: table([['date', 'kind'], ['2027-10-01', 'off']]),
    read: async (p) => {
      const r = await readCalendarFile(p);
      return { got: r.holidays, findings: r.findings };
    },
    fromA: ['2027-02-06'],
    message: /the first table whose header has date and 1 more field \(kind\)/,
  },
  {
    name: 'quota annual targets',
    a: table([['团队', '回款'], ['华东', '5000']]),
    b: table([['团队', '回款'], ['华南', '6000']]),
    read: async (p) => {
      const r = await readAnnualTargets(p, 'team', [REVENUE_Q], { shown: 'annual.xls' });
      return { got: r.byEntity, findings: r.findings };
    },
    fromA: { 华东: { revenue: '5000' } },
    message: /the first table whose header has team and 1 more field \(revenue\)/,
  },
  {
    name: 'quota history',
    a: table([['销售代表', '月份', '回款'], ['张三', '2025-01', '10']]),
    b: table([['销售代表', '月份', '回款'], ['李四', '2025-02', '20']]),
    read: async (p) => {
      const r = await readQuotaHistory(p, [REVENUE_Q], 1, { shown: 'history.xls' });
      return { got: r.byRep, findings: r.findings };
    },
    fromA: { revenue: { 张三: '10' } },
    message: /the first table whose header has rep and 2 more fields \(month, revenue\)/,
  },
];

describe.each(readers)('$name saved as HTML', ({ a, b, read, fromA, message }) => {
  it('a cover table before the data is passed over', async () => {
    const r = await read(file([COVER, a]));
    expect(r.got).toEqual(fromA);
    expect(r.findings.map((f) => f.code)).toEqual([]);
  });

  it('a notes table after the data says nothing', async () => {
    const r = await read(file([a, COVER]));
    expect(r.got).toEqual(fromA);
    expect(r.findings.map((f) => f.code)).toEqual([]);
  });

  it('a second matching table: the first is read, a sheet-ambiguous error names the other', async () => {
    const r = await read(file([COVER, a, b]));
    expect(r.got).toEqual(fromA);
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([['sheet-ambiguous', 'error']]);
    expect(r.findings[0]!.message).toMatch(message);
    expect(r.findings[0]!.data).toMatchObject({ table: 2, use: 'small-table' });
  });
});

// A roster row hidden by a <style> class was read as visible without a word, as in exports.
it('a roster row hidden by a <style> class: read, with the hidden-rows warning; a selector not interpreted: html-hidden-unknown', async () => {
  const rows = '<tr><td>销售代表</td><td>团队</td></tr><tr><td>张三</td><td>华东</td></tr><tr class="gone"><td>李四</td><td>华南</td></tr>';
  const hidden = await readRoster(file([`<style>.gone{display:none}</style><table>${rows}</table>`]), undefined, []);
  expect(hidden.entries.map((e) => e.rep)).toEqual(['张三', '李四']);
  expect(hidden.findings.map((f) => [f.code, f.row, f.data])).toEqual([['hidden-rows', 3, { count: 1, first: 3 }]]);
  const unread = await readRoster(file([`<style>tbody > .gone{display:none}</style><table>${rows}</table>`]), undefined, []);
  expect(unread.entries.map((e) => e.rep)).toEqual(['张三', '李四']);
  expect(unread.findings.map((f) => [f.code, f.severity, f.data])).toEqual([['html-hidden-unknown', 'warning', { selectors: '"tbody > .gone"', count: 1 }]]);
});

// A `--metrics` MetricTable saved as HTML read its first table (readTable): a cover table ended the read
// (no column "level"), a second MetricTable was dropped without a word. It is chosen by level and rows.
describe('a MetricTable saved as HTML', () => {
  const metric = (rows: string[][]) => table([['level', 'rows', 'rep'], ...rows]);
  const cases: { name: string; tables: string[]; rows: [string, string | null][]; codes: string[] }[] = [
    { name: 'one table', tables: [metric([['rep', '3', '张三']])], rows: [['rep', '张三']], codes: [] },
    { name: 'a cover table first', tables: [COVER, metric([['rep', '3', '张三']])], rows: [['rep', '张三']], codes: [] },
    { name: 'a second MetricTable', tables: [metric([['rep', '3', '张三']]), metric([['rep', '4', '李四']])], rows: [['rep', '张三']], codes: ['sheet-ambiguous'] },
  ];
  it.each(cases)('$name', async ({ tables, rows, codes }) => {
    const { readMetricTableFile } = await import('../../../src/io/metric-table-file.js');
    const r = await readMetricTableFile(file(tables), 'm.xls');
    expect(r.rows.map((x) => [x.level, x.cells.get('rep') ?? null])).toEqual(rows);
    expect(r.findings.map((f) => [f.code, f.severity, f.source])).toEqual(codes.map((c) => [c, 'error', 'm.xls']));
  });
});
