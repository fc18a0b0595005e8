// The targets-file reader (io/targets.ts): wide format (rep | team | region + one column per KPI),
// located findings for every row not used, and the same header / value / totals rules as exports.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readTargetFile, unknownNames, type TargetColumnSpec } from '../../../src/io/targets.js';
// @ts-expect-error: a plain .mjs script without types
import { rowXml, xlsxParts, zipBuffer } from '../../../scripts/make-fixtures-zip.mjs';
import { SalesgradeError } from '../../../src/shared/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-targets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const REVENUE: TargetColumnSpec = { key: 'revenue', label: 'kpis[0] revenue', headers: ['revenue', 'Revenue', '销售额'] };
const DEALS: TargetColumnSpec = { key: 'deals', label: 'kpis[1] deals', headers: ['deals'] };

function plain(t: Record<string, { toString(): string }> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(t ?? {}).map(([k, v]) => [k, v.toString()]));
}

describe('readTargetFile: CSV', () => {
  it('reads rep, team and region rows below a title row, values coerced like exports, each value located', async () => {
    const p = csv('ok.csv', '2026 targets\n销售代表,团队,区域,销售额 (元),deals\n张三,华东一组,,"¥20,000",2\n,华东一组,,1.2万,\n,,华东,50000,8\n');
    const r = await readTargetFile(p, { columns: [REVENUE, DEALS], shown: 'ok.csv', currency: 'CNY', locale: 'zh-CN' });
    expect(r.findings).toEqual([]);
    expect(plain(r.targets.revenue!.byRep)).toEqual({ 张三: '20000' });
    expect(plain(r.targets.revenue!.byTeam)).toEqual({ 华东一组: '12000' });
    expect(plain(r.targets.revenue!.byRegion)).toEqual({ 华东: '50000' });
    expect(plain(r.targets.deals!.byRep)).toEqual({ 张三: '2' });
    expect(plain(r.targets.deals!.byTeam)).toEqual({}); // an empty cell: no target at that level
    expect(r.targets.revenue!.cells!.rep!['张三']).toBe('ok.csv:3:10');
    expect(r.targets.revenue!.cells!.region!['华东']).toBe('ok.csv:5:6');
    expect(r.file).toMatchObject({ path: 'ok.csv', rows: 3 });
    expect(r.entries.map((e) => [e.level, e.name])).toEqual([
      ['rep', '张三'],
      ['team', '华东一组'],
      ['region', '华东'],
    ]);
  });

  // Each row of the file on the left; the finding it gives (code, severity, line, column, message).
  const cases: { name: string; rows: string; findings: [string, string, number, number, string][] }[] = [
    {
      name: 'a value that is not a number',
      rows: 'Ann,abc,1',
      findings: [['targets-bad-value', 'error', 2, 5, 'kpis[0] revenue: expected a target > 0, found "abc"; rep "Ann" is not given this target (the next rule — team, region, tier or default — applies)']],
    },
    {
      name: 'a zero or negative target',
      rows: 'Ann,0,-2',
      findings: [
        ['targets-bad-value', 'error', 2, 5, 'kpis[0] revenue: expected a target > 0, found 0; rep "Ann" is not given this target (the next rule — team, region, tier or default — applies)'],
        ['targets-bad-value', 'error', 2, 7, 'kpis[1] deals: expected a target > 0, found -2; rep "Ann" is not given this target (the next rule — team, region, tier or default — applies)'],
      ],
    },
    {
      name: 'a rep listed twice with the same targets',
      rows: 'Ann,100,1\nAnn,100,1',
      findings: [['targets-duplicate', 'warning', 3, 1, 'rep "Ann" is listed again (first on line 2); the first row is used']],
    },
    {
      name: 'a rep listed twice with different targets',
      rows: 'Ann,100,1\nAnn,200,1',
      findings: [['targets-duplicate', 'error', 3, 1, 'rep "Ann" is listed again (first on line 2) with different targets; the first row is used']],
    },
    {
      name: 'a row with no name',
      rows: 'Ann,100,1\n,300,1',
      findings: [['targets-no-name', 'error', 3, 1, "expected a rep name, found empty cells; the row's targets are not used"]],
    },
    {
      name: 'a totals row by label (合计), never a rep',
      rows: 'Ann,100,1\n合计,100,1',
      findings: [['totals-row', 'info', 3, 1, 'a totals row ("合计") is not read as a target']],
    },
    {
      name: 'a totals row with no label: the sums of the rows above',
      rows: 'Ann,100,1\nBob,50,2\n,150,3',
      findings: [['totals-row', 'info', 4, 1, 'a row with no name whose values equal the sums of the 2 rows above is read as a totals row, not a target']],
    },
  ];
  for (const c of cases) {
    it(`finding: ${c.name}`, async () => {
      const p = csv(`case-${cases.indexOf(c)}.csv`, `rep,revenue,deals\n${c.rows}\n`);
      const r = await readTargetFile(p, { columns: [REVENUE, DEALS], shown: 'case.csv' });
      expect(r.findings.map((f) => [f.code, f.severity, f.range!.start.line + 1, f.range!.start.character + 1, f.message])).toEqual(c.findings);
      expect(r.findings.every((f) => f.source === 'case.csv')).toBe(true);
    });
  }

  it('values follow the export rules: another currency is a bad value (unless fx converts it), 1,500 read by currency and locale', async () => {
    const p = csv('money.csv', 'rep,revenue\nAnn,"$20,000"\nBob,"¥1,500"\nCid,"2,000"\n');
    const r = await readTargetFile(p, { columns: [REVENUE], shown: 'money.csv', currency: 'CNY', locale: 'zh-CN' });
    expect(plain(r.targets.revenue!.byRep)).toEqual({ Bob: '1500', Cid: '2000' });
    expect(r.findings.map((f) => [f.code, f.range!.start.line + 1, f.range!.start.character + 1])).toEqual([['targets-bad-value', 2, 5]]);
    expect(r.findings[0]!.message).toMatch(/^kpis\[0\] revenue: expected a target > 0, found "\$20,000" \(USD/);
    const withFx = await readTargetFile(p, { columns: [REVENUE], currency: 'CNY', locale: 'zh-CN', fx: { USD: new Decimal('7.2') } });
    expect(plain(withFx.targets.revenue!.byRep)).toMatchObject({ Ann: '144000', Bob: '1500' });
  });

  // A short exponent (`1.2E+04`, as Excel's General format writes 12,345 in a narrow column) was read
  // without a word; exports warn (`exponent-number`), and so do targets files now. A mantissa of 6 or
  // more digits is what Excel writes for a number it shortened: a bad value, the target not used.
  it.each([
    ['1.2E+04', '12000', [['exponent-number', 'warning', 2, 5, 'kpis[0] revenue: "1.2E+04" is written with an exponent and read as 12000; a CSV saved by Excel writes a long number this way and may have lost digits (format the column as a number without exponent and export again)']]],
    ['2.5e3', '2500', [['exponent-number', 'warning', 2, 5, 'kpis[0] revenue: "2.5e3" is written with an exponent and read as 2500; a CSV saved by Excel writes a long number this way and may have lost digits (format the column as a number without exponent and export again)']]],
    ['1.23457E+11', undefined, [['targets-bad-value', 'error', 2, 5, expect.stringMatching(/^kpis\[0\] revenue: expected a target > 0, found "1\.23457E\+11" \(written with an exponent and 6 or more digits/)]]],
    ['12000', '12000', []],
  ])('exponent target %s: read as %s, with the export rule\'s finding', async (text, read, findings) => {
    const p = csv(`exp-${text}.csv`, `rep,revenue\nAnn,${text}\n`);
    const r = await readTargetFile(p, { columns: [REVENUE], shown: 'exp.csv', currency: 'CNY', locale: 'zh-CN' });
    expect(plain(r.targets.revenue!.byRep)).toEqual(read === undefined ? {} : { Ann: read });
    expect(r.findings.map((f) => [f.code, f.severity, f.range!.start.line + 1, f.range!.start.character + 1, f.message])).toEqual(findings);
    if (read !== undefined && findings.length) expect(r.findings[0]!.data).toEqual({ field: 'kpis[0] revenue', value: text, read, outcome: 'none' });
  });

  it('the first of two rows for the same rep is used', async () => {
    const p = csv('dup.csv', 'rep,revenue,deals\nAnn,100,1\nAnn,200,1\n');
    const r = await readTargetFile(p, { columns: [REVENUE, DEALS] });
    expect(plain(r.targets.revenue!.byRep)).toEqual({ Ann: '100' });
  });

  it('a lone KPI takes a "target" column; `column` names the header exactly', async () => {
    const p = csv('lone.csv', 'Team,Target,Stretch\nEast,100,150\n');
    const a = await readTargetFile(p, { columns: [{ key: 'x', label: 'kpis[0] x', headers: ['x'] }] });
    expect(plain(a.targets.x!.byTeam)).toEqual({ East: '100' });
    const b = await readTargetFile(p, { columns: [{ key: 'x', label: 'kpis[0] x', headers: ['x'], column: 'Stretch' }] });
    expect(plain(b.targets.x!.byTeam)).toEqual({ East: '150' });
  });

  it('refuses a file with no rep/team/region column, or with no column for a KPI, in one line', async () => {
    const noKey = csv('nokey.csv', 'who,revenue\nAnn,1\n');
    await expect(readTargetFile(noKey, { columns: [REVENUE], shown: 'nokey.csv' })).rejects.toThrow(SalesgradeError);
    await expect(readTargetFile(noKey, { columns: [REVENUE], shown: 'nokey.csv' })).rejects.toMatchObject({
      code: 'targets-invalid',
      message: 'the targets file has no rep, team or region column',
    });
    const noCol = csv('nocol.csv', 'rep,revenue\nAnn,1\n');
    await expect(readTargetFile(noCol, { columns: [REVENUE, DEALS], shown: 'nocol.csv' })).rejects.toMatchObject({
      code: 'targets-invalid',
      message: 'the targets file has no column for kpis[1] deals (tried: "deals")',
    });
    await expect(readTargetFile(join(dir, 'missing.csv'), { columns: [REVENUE] })).rejects.toMatchObject({ code: 'input-not-found' });
  });

  it('unknownNames: a name nobody answers to is a located warning, with a near miss suggested', async () => {
    const p = csv('unknown.csv', 'rep,team,revenue\nAnn,,1\nann chen,,2\n,Eastt,3\n');
    const r = await readTargetFile(p, { columns: [REVENUE], shown: 'unknown.csv' });
    const found = unknownNames(r, { rep: new Set(['Ann', 'Ann Chen']), team: new Set(['East']), region: new Set() }, '2026-Q3');
    expect(found.map((f) => [f.code, f.severity, f.range!.start.line + 1, f.range!.start.character + 1, f.message])).toEqual([
      ['targets-unknown-name', 'warning', 3, 1, 'rep "ann chen" has a target but is not on the roster nor evaluated in 2026-Q3 (did you mean "Ann Chen"?); the target is not used'],
      ['targets-unknown-name', 'warning', 4, 2, 'team "Eastt" has a target but is not on the roster nor evaluated in 2026-Q3; the target is not used'],
    ]);
  });
});

describe('readTargetFile: XLSX', () => {
  it('reads the named sheet, numbers as numbers and text, findings at Sheet!cell', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['not this one']);
    const ws = wb.addWorksheet('Targets');
    ws.addRow(['Sales Rep', 'Region', 'revenue']);
    ws.addRow(['Ann', 'North', 12000]);
    ws.addRow(['Bob', 'North', '8,000']);
    ws.addRow(['Cid', 'South', 'n/a?']);
    ws.addRow(['Total', '', 20000]);
    const p = join(dir, 'targets.xlsx');
    await wb.xlsx.writeFile(p);
    const r = await readTargetFile(p, { sheet: 'Targets', columns: [REVENUE], shown: 'targets.xlsx', currency: 'USD', locale: 'en' });
    expect(plain(r.targets.revenue!.byRep)).toEqual({ Ann: '12000', Bob: '8000' });
    expect(r.targets.revenue!.cells!.rep!.Ann).toBe('targets.xlsx Targets!C2');
    expect(r.findings.map((f) => [f.code, f.severity, f.sheet, f.cell])).toEqual([
      ['targets-bad-value', 'error', 'Targets', 'C4'],
      ['totals-row', 'info', 'Targets', 'A5'],
    ]);
  });
});

// Hidden rows and merged cells of an XLSX targets file were read without a word (exports report both).
describe('readTargetFile: XLSX hidden rows and merged cells', () => {
  const hide = (xml: string): string => xml.replace('<row r="', '<row hidden="1" r="');
  const xlsx = (name: string, rows: string[], merges: string[]): string => {
    const p = join(dir, name);
    const after = `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`;
    writeFileSync(p, zipBuffer(xlsxParts([{ name: 'Targets', xml: rows.join(''), after }])));
    return p;
  };
  it('a hidden row is read with one hidden-rows warning; a merged value cell and a merged name cell say which range left them empty', async () => {
    const p = xlsx('merged.xlsx', [rowXml(1, ['Rep', 'revenue']), rowXml(2, ['Ann', 20000]), rowXml(3, ['Bob']), rowXml(4, ['Cid', 500]), rowXml(5, [null, 700]), hide(rowXml(6, ['Dan', 900]))], ['A1:B1', 'B2:B3', 'A4:A5']);
    const r = await readTargetFile(p, { columns: [REVENUE], shown: 'merged.xlsx' });
    expect(plain(r.targets.revenue!.byRep)).toEqual({ Ann: '20000', Cid: '500', Dan: '900' });
    expect(r.findings.map((f) => [f.code, f.severity, f.cell, f.message, f.data])).toEqual([
      ['targets-no-name', 'error', 'A5', 'expected a rep name, found an empty cell inside the merged range A4:A5 (a merged range keeps its value in A4 only); the row\'s targets are not used (unmerge the cells and fill the name down)', { levels: 'rep', merged: 'A4:A5', top: 'A4' }],
      ['hidden-rows', 'warning', 'A6', '1 hidden row of sheet "Targets" (the first is row 6) was read as data like every other row: rows hidden by a filter or by Hide in Excel or WPS are still in the file (delete the rows that must not be counted, or unhide them to check them)', { sheet: 'Targets', count: 1, first: 6 }],
      ['merged-cells', 'warning', 'B3', 'kpis[0] revenue: the cells B2:B3 are merged, so the value is in B2 only and row 3 reads an empty cell: no target from this file (the next rule — team, region, tier or default — applies) (unmerge the cells and fill the value down)', { field: 'kpis[0] revenue', merged: 'B2:B3', top: 'B2', rows: '3', effect: 'target' }],
    ]);
  });
  it('a file without hidden rows or merged data cells says nothing (a merged title row is the header\'s own)', async () => {
    const p = xlsx('clean.xlsx', [rowXml(1, ['2026 targets']), rowXml(2, ['Rep', 'revenue']), rowXml(3, ['Ann', 20000])], ['A1:B1']);
    const r = await readTargetFile(p, { columns: [REVENUE], shown: 'clean.xlsx' });
    expect(r.findings).toEqual([]);
  });
});
