// Big outputs: 1.2× the spread limit of this thread in reps through every renderer, and in rows into
// the workbook (test/spread-limit.ts): a spread over the reps or rows anywhere down the stack overflows.
// Item 14 of issue 10 (and 9.10): big exports crashed the renderers with "Maximum call stack size
// exceeded" (spreads over rows and reps into Math.max / push) after the report had gone to stdout, and
// a source value in column XFD crashed the workbook (the data sheet appends 3 columns). Every
// renderer here runs on more reps than a call can take as arguments, and the workbook on more source
// rows and on a sheet 16,384 columns wide, through the same functions the CLI calls.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Evaluation, RepEvaluation } from '../../../src/engine/types.js';
import { workbookBytes } from '../../../src/io/xlsx-write.js';
import { renderEvaluationCsv } from '../../../src/report/evaluation-csv.js';
import { renderEvaluationJsonChunks } from '../../../src/report/evaluation-json.js';
import { renderEvaluationMarkdown } from '../../../src/report/evaluation-md.js';
import { renderInspectTable, type InspectSummary } from '../../../src/report/inspect.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { buildEvaluationWorkbook, type DataRowInput, type DataSheetInput } from '../../../src/report/workbook.js';
import type { RowModel } from '../../../src/shared/sheet-model.js';
import { spreadLimit, spreadOverflows } from '../../big-inputs.js';
import { fixtureEvaluation } from './evaluation-fixture.js';

const LIMIT = spreadLimit();
const REPS = Math.ceil((LIMIT * 1.2) / 4) * 4;
const ROWS = Math.ceil(LIMIT * 1.2);

/** The fixture with `n` reps (copies of its four, renamed and ranked) and as many findings. */
function manyReps(n: number): Evaluation {
  const ev = fixtureEvaluation();
  const base = ev.reps;
  const reps: RepEvaluation[] = new Array<RepEvaluation>(n);
  for (let i = 0; i < n; i++) reps[i] = { ...base[i % base.length]!, rep: `rep${i}`, rank: i + 1 };
  const f = ev.findings[0]!;
  const findings = new Array(n);
  for (let i = 0; i < n; i++) findings[i] = { ...f, row: i + 2 };
  return { ...ev, reps, findings, distribution: ev.distribution.map((d) => ({ ...d, count: d.count * (n / 4) })) };
}

it('the sizes are past the spread limit of this thread', () => {
  expect([spreadOverflows(REPS), spreadOverflows(ROWS)]).toEqual([true, true]);
});

describe(`renderers on ${REPS.toLocaleString('en-US')} reps`, { timeout: 120_000 }, () => {
  const ev = manyReps(REPS);

  it('terminal: every rep on the leaderboard, no stack overflow', () => {
    const text = renderTerminal(ev, { color: false, locale: 'en' });
    expect(text).toContain(`rep${REPS - 1}`);
  });

  it('markdown: every rep in the table', () => {
    const md = renderEvaluationMarkdown(ev, { locale: 'en' });
    expect(md).toContain(`| rep${REPS - 1} |`);
  });

  it('csv: every rep', () => {
    const lines = renderEvaluationCsv(ev, { locale: 'en' }).split('\r\n').filter(Boolean);
    expect(lines.filter((l) => l.endsWith(',rep'))).toHaveLength(REPS);
    expect(lines).toHaveLength(REPS + 1 + ev.teams.length + ev.regions.length);
  });

  it('json: in pieces of one rep each, never one string (200,000 reps are over 500 MB, past V8\'s limit)', () => {
    // 20,000 of the reps keep this test's memory small; the pieces are the same shape at any count
    // and join to exactly the one-string JSON (shared/json-chunks.test.ts).
    // One KPI a rep (the fixture has four, ~45 MB of JSON at this count): the pieces' count and size
    // are the point, and a KPI adds the same text to every rep's piece.
    const n = Math.min(20_000, REPS);
    const kpi = ev.kpis[0]!.kpi;
    const reps = ev.reps.slice(0, n).map((r) => ({ ...r, kpis: r.kpis.filter((k) => k.kpi === kpi) }));
    expect(reps.at(-1)!.kpis).toHaveLength(1);
    const pieces = [...renderEvaluationJsonChunks({ ...ev, kpis: ev.kpis.slice(0, 1), reps, findings: [] })];
    expect(pieces.filter((p) => p.startsWith('{\n      "rep": "rep')).length).toBe(n);
    expect(pieces.reduce((m, p) => Math.max(m, p.length), 0)).toBeLessThan(100_000);
  });

  it(`inspect: ${REPS.toLocaleString('en-US')} columns and findings`, () => {
    const summary: InspectSummary = {
      layout: {
        file: 'wide.csv',
        format: 'csv',
        headerRow: 1,
        headerRows: 1,
        columns: Array.from({ length: REPS }, (_, i) => ({ index: i, letter: `C${i}`, header: `h${i}` })),
        missingFields: [],
      },
      sha256: 'a'.repeat(64),
      dateRanges: [],
      rows: { read: 1, counted: 1, excluded: {} },
      findings: ev.findings.slice(),
    };
    expect(renderInspectTable(summary, { color: false, maxFindings: REPS })).toContain(`h${REPS - 1}`);
  });
});

describe('workbook Scorecard', { timeout: 120_000 }, () => {
  it('20,001 reps (refused up to issue 12): a row each, generated on demand, again for the notes', async () => {
    // one KPI (the fixture has four): the count of rows is the point, and a KPI's cells and notes cost
    // the same for each rep (this case was half of the file's time with four)
    const ev = fixtureEvaluation();
    ev.kpis = ev.kpis.slice(0, 1);
    const base = { ...ev.reps[0]!, kpis: ev.reps[0]!.kpis.filter((k) => k.kpi === ev.kpis[0]!.kpi) };
    expect(base.kpis).toHaveLength(1);
    ev.reps = Array.from({ length: 20_001 }, (_, i) => ({ ...base, rep: `rep${i}`, rank: i + 1 }));
    const wb = buildEvaluationWorkbook(ev, { locale: 'en' });
    const sc = wb.sheets[1]!;
    expect(typeof sc.rows).toBe('function');
    const pass = () => {
      let n = 0;
      let last: RowModel | undefined;
      for (const row of (sc.rows as () => Iterable<RowModel>)()) {
        n++;
        last = row;
      }
      return { n, r: last?.r, rep: last?.cells[0]?.v };
    };
    expect(pass()).toEqual({ n: 20_003, r: 20_003, rep: 'rep20000' });
    expect(pass()).toEqual({ n: 20_003, r: 20_003, rep: 'rep20000' });
  });
});

describe('workbook data sheets', { timeout: 120_000 }, () => {
  it(`${ROWS.toLocaleString('en-US')} source rows: the data sheet is built, every row in place`, async () => {
    const ev = fixtureEvaluation();
    const rows: DataRowInput[] = new Array<DataRowInput>(ROWS);
    for (let i = 0; i < ROWS; i++) rows[i] = { source: { file: 'big.csv', row: i + 2 }, raw: [`rep${i % 1000}`, i], annotation: { metrics: ['revenue'] } };
    const wb = buildEvaluationWorkbook(ev, { locale: 'en', dataSheets: [{ name: 'big', headers: ['Owner', 'Amount'], rows }] });
    const ws = wb.sheets[wb.sheets.length - 1]!;
    let n = 0;
    let last: RowModel | undefined;
    for await (const row of ws.rows as AsyncIterable<RowModel>) {
      n++;
      last = row;
    }
    expect(n).toBe(ROWS + 1);
    expect(last?.r).toBe(ROWS + 1);
    expect(last?.cells[1]?.v).toBe(ROWS - 1);
  });

  it('a value in column XFD: the last source columns are cut, the annotations stay, Summary says so', async () => {
    const ev = fixtureEvaluation();
    const width = 16_384;
    const raw: (string | number | null)[] = new Array(width).fill(null);
    raw[0] = '张三';
    raw[width - 1] = 'in XFD';
    const headers = Array.from({ length: width }, (_, i) => `c${i + 1}`);
    const ds: DataSheetInput = {
      name: 'wide',
      headers,
      headerRow: 1,
      rows: [{ source: { file: 'wide.xlsx', sheet: 'wide', row: 2 }, raw, annotation: { excluded: 'bad-value', detail: 'x' } }],
    };
    const wb = buildEvaluationWorkbook(ev, { locale: 'en', dataSheets: [ds] });
    const buf = await workbookBytes(wb, new Date('2026-09-30T00:00:00Z'));
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(buf as unknown as ExcelJS.Buffer);
    const data = back.worksheets[back.worksheets.length - 1]!;
    expect(data.getCell('A2').value).toBe('张三');
    expect(data.getCell(1, 16_381).value).toBe('c16381');
    // the three annotation columns end at XFD
    expect(data.getCell(1, 16_384).value).toBe('Source row');
    expect(data.getCell(2, 16_384).value).toBe(2);
    expect(data.getCell(2, 16_383).value).toMatch(/^bad value/i);
    const summary = back.worksheets[0]!;
    const texts: string[] = [];
    summary.eachRow((row) => row.eachCell((c) => void texts.push(String(c.value))));
    expect(texts).toContain('Data sheet “wide”: source columns after XFA (3) are not shown: a sheet holds 16,384 columns, 3 of them for the notes');
  });
});
