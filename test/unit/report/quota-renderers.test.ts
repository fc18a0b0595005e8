import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { workbookBytes } from '../../../src/io/xlsx-write.js';
import { renderQuotaCsv } from '../../../src/report/quota-csv.js';
import { quotaToJson } from '../../../src/report/quota-json.js';
import { QUOTA_LABEL_KEYS, quotaCatalogue } from '../../../src/report/quota-labels.js';
import { renderQuotaTable } from '../../../src/report/quota-table.js';
import { buildQuotaWorkbook } from '../../../src/report/quota-workbook.js';
import { plan } from '../quota/helpers.js';

const p = plan({
  roster: [
    { rep: '=HYPERLINK("x")', team: 'T,1', region: 'R' },
    { rep: 'B', team: 'T,1', region: 'R', startDate: '2026-10-01' },
  ],
  by: 'quarter',
});

describe('quota renderers', () => {
  it('every quota label exists in both locales', () => {
    for (const k of QUOTA_LABEL_KEYS) {
      expect(quotaCatalogue('en')[k]).toBeTruthy();
      expect(quotaCatalogue('zh-CN')[k]).toBeTruthy();
    }
  });

  it('CSV: long rows, formula-looking names made inert, commas quoted', () => {
    const lines = renderQuotaCsv(p, { locale: 'en' }).split('\r\n');
    expect(lines[0]).toBe('entity,level,period,start,end,working_days,quota,metric,region,team');
    // A works all year: 60,000 by working days, month by month (Jan 5,058 + Feb 4,598 + Mar 5,058)
    expect(lines[1]).toBe('Company,company,2026-Q1,2026-01-01,2026-03-31,64,14714,revenue,,');
    expect(lines).toContain(`"'=HYPERLINK(""x"")",rep,2026-Q1,2026-01-01,2026-03-31,64,14714,revenue,R,"T,1"`);
    // 4 quarters × (company, region, team, 2 reps)
    expect(lines.filter(Boolean)).toHaveLength(1 + 4 * 5);
  });

  it('JSON: numbers, the ramp note, the plan header', () => {
    const j = quotaToJson(p, { salesgradeVersion: '0.1.0', rubric: { name: 'r', path: 'r.yaml', sha256: 'x' }, currency: 'CNY', locale: 'en' });
    expect(j).toMatchObject({ format: 'salesgrade-quota', version: 1, year: '2026', by: 'quarter' });
    const reps = j.reps as { name: string; rampNote?: string; amounts: { revenue: { year: number; periods: number[] } } }[];
    expect(reps[1]!.rampNote).toBe('starts 2026-10-01 · effective 25.3%');
    // B starts Oct 1: 66 of 261 working days of a 60,000 share = 15,172.4 → 15,172
    expect(reps[1]!.amounts.revenue.periods).toEqual([0, 0, 0, 15172]);
  });

  it('table: headers, a ramp mark and the detail hint, no colour codes', () => {
    const text = renderQuotaTable(p, { locale: 'en', currency: 'USD', color: false });
    expect(text).not.toContain('\u001b[');
    expect(text).toContain('B *');
    expect(text).toContain('  B: starts 2026-10-01 · effective 25.3%');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Per-quarter detail for every level: -o quotas.xlsx, -f csv or -f json');
  });

  it('workbook: formulas with cached results; a formula-looking name stays text', async () => {
    const model = buildQuotaWorkbook(p, { locale: 'en', currency: 'CNY' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await workbookBytes(model, new Date('2026-01-01T00:00:00Z'))) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Company', 'Regions', 'Teams', 'Reps', 'Notes']);
    const reps = wb.getWorksheet('Reps')!;
    expect(reps.getCell('A4').value).toBe('=HYPERLINK("x")');
    expect(reps.getCell('H6').value).toEqual({ formula: 'SUM(H4:H5)', result: Number(p.company.amounts.revenue!.year) });
  });
});
