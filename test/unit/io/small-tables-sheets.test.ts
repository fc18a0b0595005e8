// Rosters, targets, calendars and quota files saved as XLSX read the first visible sheet: a cover sheet
// before the data ended the read (the reader's missing-column error, exit 2), and a second visible sheet
// with a matching header was dropped without a word. They now choose the sheet as their HTML tables do
// (io/html-choice.ts chooseByHeader): the cover passed over, a second matching sheet a `sheet-ambiguous`
// error located at the sheet read and naming the other; a sheet named in the options is read as before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readCalendarFile } from '../../../src/io/calendar-file.js';
import { readAnnualTargets, readQuotaHistory, type QuotaColumnSpec } from '../../../src/io/quota-inputs.js';
import { readRoster } from '../../../src/io/roster.js';
import { readTargetFile, type TargetColumnSpec } from '../../../src/io/targets.js';
import type { Diagnostic } from '../../../src/shared/diagnostic.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-small-sheets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Sheet = { name: string; rows: string[][]; hidden?: boolean };
let n = 0;
async function book(sheets: Sheet[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, s.hidden ? { state: 'hidden' } : {});
    for (const r of s.rows) ws.addRow(r);
  }
  const p = join(dir, `b${n++}.xlsx`);
  await wb.xlsx.writeFile(p);
  return p;
}
const COVER: Sheet = { name: '封面', rows: [['2026 年度 销售名单'], ['导出时间 2026-01-05']] };

const REVENUE_Q: QuotaColumnSpec = { id: 'revenue', headers: ['revenue', '回款'], unit: 'money' };
const REVENUE_T: TargetColumnSpec = { key: 'revenue', label: 'kpis[0] revenue', headers: ['revenue'] };

/** Each reader: its two data sheets' rows (A, then B), how it is read (`sheet`: one named), and what it read from A. */
const readers: { name: string; a: string[][]; b: string[][]; read: (p: string, sheet?: string) => Promise<{ got: unknown; findings: Diagnostic[] }>; fromA: unknown; fromB: unknown; message: RegExp }[] = [
  {
    name: 'roster',
    a: [['销售代表', '团队'], ['张三', '华东'], ['李四', '华东']],
    b: [['销售代表', '团队'], ['王五', '华南']],
    read: async (p, sheet) => {
      const r = await readRoster(p, sheet !== undefined ? { file: p, sheet, fields: {} } : undefined, []);
      return { got: r.entries.map((e) => [e.rep, e.team]), findings: r.findings };
    },
    fromA: [
      ['张三', '华东'],
      ['李四', '华东'],
    ],
    fromB: [['王五', '华南']],
    message: /^read sheet "A", the first visible sheet whose header has rep and 1 more field \(team\); "B" has a matching header too and is not read, so its rows are not used/,
  },
  {
    name: 'targets',
    a: [['团队', 'revenue'], ['华东', '1000']],
    b: [['团队', 'revenue'], ['华南', '2000']],
    read: async (p, sheet) => {
      const r = await readTargetFile(p, { columns: [REVENUE_T], ...(sheet !== undefined ? { sheet } : {}) });
      return { got: Object.fromEntries(Object.entries(r.targets['revenue']!.byTeam ?? {}).map(([k, v]) => [k, String(v)])), findings: r.findings };
    },
    fromA: { 华东: '1000' },
    fromB: { 华南: '2000' },
    message: /^read sheet "A", the first visible sheet whose header has team and 1 more field \(kpis\[0\] revenue\); "B" has a matching header too/,
  },
  {
    name: 'calendar',
    a: [['date', 'kind'], ['2027-02-06', 'off']],
    b: [['date', 'kind'], ['2027-10-01', 'off']],
    read: async (p, sheet) => {
      const r = await readCalendarFile(p, sheet !== undefined ? { sheet } : {});
      return { got: r.holidays, findings: r.findings };
    },
    fromA: ['2027-02-06'],
    fromB: ['2027-10-01'],
    message: /^read sheet "A", the first visible sheet whose header has date and 1 more field \(kind\)/,
  },
  {
    name: 'quota annual targets',
    a: [['团队', '回款'], ['华东', '5000']],
    b: [['团队', '回款'], ['华南', '6000']],
    read: async (p, sheet) => {
      const r = await readAnnualTargets(p, 'team', [REVENUE_Q], { shown: 'annual.xlsx', ...(sheet !== undefined ? { sheet } : {}) });
      return { got: r.byEntity, findings: r.findings };
    },
    fromA: { 华东: { revenue: '5000' } },
    fromB: { 华南: { revenue: '6000' } },
    message: /^read sheet "A", the first visible sheet whose header has team and 1 more field \(revenue\)/,
  },
  {
    name: 'quota history',
    a: [['销售代表', '月份', '回款'], ['张三', '2025-01', '10']],
    b: [['销售代表', '月份', '回款'], ['李四', '2025-02', '20']],
    read: async (p, sheet) => {
      const r = await readQuotaHistory(p, [REVENUE_Q], 1, { shown: 'history.xlsx', ...(sheet !== undefined ? { sheet } : {}) });
      return { got: r.byRep, findings: r.findings };
    },
    fromA: { revenue: { 张三: '10' } },
    fromB: { revenue: { 李四: '20' } },
    message: /^read sheet "A", the first visible sheet whose header has rep and 2 more fields \(month, revenue\)/,
  },
];

describe.each(readers)('$name saved as XLSX', ({ a, b, read, fromA, fromB, message }) => {
  it('a cover sheet before the data is passed over', async () => {
    const r = await read(await book([COVER, { name: 'A', rows: a }]));
    expect(r.got).toEqual(fromA);
    expect(r.findings.map((f) => f.code)).toEqual([]);
  });

  it('a notes sheet after the data, and a hidden matching sheet, say nothing', async () => {
    const r = await read(await book([{ name: 'A', rows: a }, COVER, { name: 'B', rows: b, hidden: true }]));
    expect(r.got).toEqual(fromA);
    expect(r.findings.map((f) => f.code)).toEqual([]);
  });

  it('a second matching sheet: the first is read, a sheet-ambiguous error at its sheet names the other', async () => {
    const r = await read(await book([COVER, { name: 'A', rows: a }, { name: 'B', rows: b }]));
    expect(r.got).toEqual(fromA);
    expect(r.findings.map((f) => [f.code, f.severity, f.sheet])).toEqual([['sheet-ambiguous', 'error', 'A']]);
    expect(r.findings[0]!.message).toMatch(message);
    expect(r.findings[0]!.data).toMatchObject({ sheet: 'A', others: '"B"', use: 'small-table' });
  });

  it('the only matching sheet hidden behind a cover: the run stops naming it (before: the cover was read, a missing-column error); named, it is read', async () => {
    for (const sheets of [
      [COVER, { name: 'B', rows: b, hidden: true }],
      [COVER, { name: '说明', rows: [['见隐藏的表']] }, { name: 'B', rows: b, hidden: true }],
    ]) {
      const p = await book(sheets);
      await expect(read(p)).rejects.toMatchObject({
        message: expect.stringMatching(/^no visible sheet has the table's header \("封面"(, "说明")? read\); the hidden sheet "B" has it$/),
        hint: "name it in the file's sheet setting to read it, or unhide it",
        facts: { id: 'table-sheet-hidden', params: { hidden: 'B' } },
      });
      expect((await read(p, 'B')).got).toEqual(fromB);
    }
  });

  it('the sheet named in the options is read, without a word about the other', async () => {
    const r = await read(await book([{ name: 'A', rows: a }, { name: 'B', rows: b }]), 'B');
    expect(r.got).toEqual(fromB);
    expect(r.findings.map((f) => f.code)).toEqual([]);
  });
});
