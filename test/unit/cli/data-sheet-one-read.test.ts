// The data sheets' rows are annotated from what the first read found (a code per row: the evaluator's
// `rowCode` for a record, the reason and detail for an excluded row), and the second read takes only
// each row's values, without row rules, duplicate index or evaluator. Its reference twin
// (`rereadDataSheets`) runs every row through the row rules and `classify` again. Both must write the
// very same workbook: on random messy CSV exports (one or two files, rows the reader excludes for every
// reason, repeats across files, several periods, `where` filters, no date, after --as-of, a period given
// or defaulted) and on an XLSX export with number formats and date cells.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { runEvaluation, type EvaluateRequest } from '../../../src/cli/pipeline/evaluate.js';
import { writeEvaluationWorkbook } from '../../../src/cli/pipeline/evaluate-output.js';
import { rawRowsWorkersStarted } from '../../../src/cli/pipeline/raw-rows.js';
import { openXlsx } from '../../../src/io/xlsx-read.js';

const RUBRIC = `salesgrade: 1
name: one-read
locale: en
currency: USD
period: quarter
source:
  unique_key: deal_id
  fields:
    deal_id: [Deal ID]
    rep: [Owner]
    team: [Team]
    date: { headers: [Date], type: date }
    close_date: { headers: [Close Date], type: date }
    amount: { headers: [Amount], type: money }
    stage: [Stage]
    customer: [Account]
    kind: [Activity Type]
    csat: { headers: [CSAT], type: number }
metrics:
  revenue: { sum: amount, where: { stage: Won }, date: close_date }
  deals_won: { count: rows, where: { stage: Won }, date: close_date }
  deals_closed: { count: rows, where: { stage: [Won, Lost] }, date: close_date }
  win_rate: { ratio: [deals_won, deals_closed] }
  new_customers: { distinct: customer, where: { stage: Won }, date: close_date }
  visits: { count: rows, where: { kind: Visit } }
  csat: { avg: csat }
kpis:
  - { metric: revenue, weight: 50, target: 40000 }
  - { metric: win_rate, weight: 20, target: 0.3 }
  - { metric: new_customers, weight: 15, target: 4 }
  - { metric: visits, weight: 15, target: 4 }
tiers:
  - { id: senior, min_score: 95, gates: [{ metric: csat, min: 4.2 }] }
  - { id: junior, min_score: 0 }
`;
const HEADER = 'Deal ID,Owner,Team,Date,Close Date,Amount,Stage,Account,Activity Type,CSAT';

let dir: string;
let runs = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-one-read-'));
  writeFileSync(join(dir, 'salesgrade.yaml'), RUBRIC);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function memoryIo(): CliIo {
  const sink = { write: () => undefined, isTTY: false };
  return { stdout: sink, stderr: sink, env: {}, cwd: dir, now: () => new Date('2026-12-31T00:00:00Z') };
}

/**
 * The workbook's bytes, and its last sheet's (the last data sheet's) rows, from one path: counted on the
 * one-read path only (the reference twin's workbook is compared byte for byte with it).
 */
async function workbook(data: string[], extra: Partial<EvaluateRequest>, reference: boolean): Promise<{ bytes: Buffer; dataRows: number }> {
  const out = `out-${runs++}.xlsx`;
  const outcome = await runEvaluation({ io: memoryIo(), data, keepRows: 1_048_575, quiet: true, note: () => undefined, ...extra, ...(reference ? { rereadDataSheets: true } : {}) });
  await writeEvaluationWorkbook(outcome.evaluation, { cwd: dir, out, locale: 'en', inputs: data.map((d) => join(dir, d)), ...(outcome.dataSheets ? { dataSheets: outcome.dataSheets } : {}) });
  const bytes = readFileSync(join(dir, out));
  if (reference) {
    rmSync(join(dir, out));
    return { bytes, dataRows: NaN };
  }
  const book = await openXlsx(join(dir, out));
  let dataRows = 0;
  try {
    for await (const row of book.rows(book.sheets.at(-1)!.name)) if (row.row > 1) dataRows++;
  } finally {
    await book.close();
  }
  rmSync(join(dir, out));
  return { bytes, dataRows };
}

const day = (d: number): string => new Date(Date.UTC(2026, 0, 1) + d * 864e5).toISOString().slice(0, 10);

const rowArb = fc.record({
  shape: fc.constantFrom('deal', 'deal', 'deal', 'visit', 'visit', 'undated', 'bad-date', 'bad-amount', 'no-rep', 'totals', 'blank', 'repeat', 'key-repeat', 'ragged'),
  rep: fc.constantFrom('Ann', 'Bob', '张三', 'Cai'),
  team: fc.constantFrom('East', 'West', ''),
  date: fc.integer({ min: 0, max: 364 }),
  amount: fc.integer({ min: 0, max: 900_000 }),
  stage: fc.constantFrom('Won', 'Lost', 'Open', 'won '),
  customer: fc.constantFrom('Acme', 'Beta', ''),
  kind: fc.constantFrom('Visit', 'Call', ''),
  csat: fc.constantFrom('', '3.5', '4.8'),
  back: fc.integer({ min: 1, max: 20 }),
});
type Row = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;

/** CSV lines for the rows (ids from `base`): every kind of row the reader and the evaluator tell apart. */
function csvLines(rows: Row[], base: number): string[] {
  const lines: string[] = [];
  rows.forEach((r, i) => {
    const id = `D${base + i}`;
    const amount = (r.amount / 100).toFixed(2);
    let line: string;
    switch (r.shape) {
      case 'deal':
        line = `${id},${r.rep},${r.team},${day(r.date)},${day(Math.min(364, r.date + 10))},${amount},${r.stage},${r.customer},,`;
        break;
      case 'visit':
        line = `,${r.rep},${r.team},${day(r.date)},,,,${r.customer},${r.kind},${r.csat}`;
        break;
      case 'undated':
        line = `${id},${r.rep},${r.team},,,${amount},${r.stage},${r.customer},,`;
        break;
      case 'bad-date':
        line = `${id},${r.rep},${r.team},2026-13-45,,${amount},Won,${r.customer},,`;
        break;
      case 'bad-amount':
        line = `${id},${r.rep},${r.team},${day(r.date)},${day(r.date)},12abc,Won,${r.customer},,`;
        break;
      case 'no-rep':
        line = `${id},,${r.team},${day(r.date)},${day(r.date)},${amount},Won,${r.customer},,`;
        break;
      case 'totals':
        line = `,Total,,,,${amount},,,,`;
        break;
      case 'blank':
        line = ',,,,,,,,,';
        break;
      case 'repeat':
        // an exact copy of an earlier line (or a new deal when there is none)
        line = lines.length > 0 ? lines[Math.max(0, lines.length - r.back)]! : `${id},${r.rep},,${day(r.date)},${day(r.date)},${amount},Won,,,`;
        break;
      case 'key-repeat':
        line = `D${base + Math.max(0, i - r.back)},${r.rep},${r.team},${day(r.date)},${day(r.date)},${amount},${r.stage},${r.customer},,`;
        break;
      default:
        line = `${id},${r.rep},${r.team},${day(r.date)},${day(r.date)},${amount},Won,${r.customer},,,x`;
    }
    lines.push(line);
  });
  return lines;
}

describe('data sheets annotated from the first read', () => {
  it('write the workbook of the reference twin (every row through the row rules and classify again), byte for byte, on random exports', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 60 }),
        fc.array(rowArb, { maxLength: 25 }),
        fc.boolean(),
        fc.constantFrom(undefined, '2026-Q2', '2026-Q4'),
        fc.constantFrom(undefined, '2026-09-30'),
        async (rows, more, twoFiles, period, asOf) => {
          const first = csvLines(rows, 0);
          writeFileSync(join(dir, 'a.csv'), `${HEADER}\n${first.join('\n')}\n`);
          const data = ['a.csv'];
          if (twoFiles) {
            // the second file repeats some of the first's lines (a re-export): duplicates across files
            writeFileSync(join(dir, 'b.csv'), `${HEADER}\n${[...first.slice(0, 3), ...csvLines(more, 1000)].join('\n')}\n`);
            data.push('b.csv');
          }
          const extra: Partial<EvaluateRequest> = { ...(period ? { period } : {}), ...(asOf ? { asOf } : {}) };
          let one: { bytes: Buffer; dataRows: number };
          try {
            one = await workbook(data, extra, false);
          } catch (e) {
            // no rows to grade (or none in the period): both paths refuse alike
            await expect(workbook(data, extra, true)).rejects.toThrow((e as Error).message);
            return;
          }
          const two = await workbook(data, extra, true);
          expect(one.dataRows).toBe(twoFiles ? Math.min(3, first.length) + more.length : rows.length);
          // the same bytes: the same data rows
          expect(one.bytes.equals(two.bytes)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it('an HTML table saved as .xls (every kind of row): the same workbook on both paths', async () => {
    const rows = fc.sample(rowArb, { seed: 12, numRuns: 60 });
    const cell = (v: string) => `<td>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</td>`;
    const tr = (line: string, tag = 'td') => `<tr>${line.split(',').map((v) => (tag === 'td' ? cell(v) : `<th>${v}</th>`)).join('')}</tr>`;
    writeFileSync(join(dir, 'deals.xls'), `<html><head><meta charset="utf-8"></head><body><table>\n${tr(HEADER, 'th')}\n${csvLines(rows, 0).map((l) => tr(l)).join('\n')}\n</table></body></html>\n`);
    for (const extra of [{}, { period: '2026-Q3' }] as Partial<EvaluateRequest>[]) {
      const one = await workbook(['deals.xls'], extra, false);
      const two = await workbook(['deals.xls'], extra, true);
      expect(one.dataRows).toBeGreaterThan(40);
      expect(one.bytes.equals(two.bytes)).toBe(true);
    }
  });

  it('an XLSX export with number formats, date cells and rows of every kind: the same workbook on both paths', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Deals');
    ws.addRow(HEADER.split(','));
    const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
    const rows: unknown[][] = [
      ['D1', 'Ann', 'East', d('2026-04-02'), d('2026-04-20'), 1234.5, 'Won', 'Acme', null, null],
      ['D2', 'Bob', 'West', d('2026-05-02'), d('2026-06-20'), 99, 'Lost', 'Beta', null, null],
      [null, 'Ann', 'East', d('2026-05-03'), null, null, null, 'Acme', 'Visit', 4.5],
      ['D3', 'Cai', 'East', d('2026-01-03'), d('2026-02-03'), 10, 'Won', 'Acme', null, null],
      ['D4', 'Ann', null, null, null, 500, 'Won', 'Acme', null, null],
      ['D5', null, 'East', d('2026-04-02'), d('2026-04-20'), 7, 'Won', 'Acme', null, null],
      ['D1', 'Ann', 'East', d('2026-04-02'), d('2026-04-20'), 1234.5, 'Won', 'Acme', null, null],
      ['D2', 'Bob', 'West', d('2026-05-02'), d('2026-06-21'), 100, 'Lost', 'Beta', null, null],
      ['D6', 'Bob', 'West', d('2026-04-09'), d('2026-05-01'), 'abc', 'Won', 'Beta', null, null],
      [null, 'Total', null, null, null, 1850.5, null, null, null, null],
      ['D7', '张三', 'East', d('2026-10-02'), d('2026-11-20'), 5000, 'Won', 'Gamma', null, null],
    ];
    for (const r of rows) ws.addRow(r);
    ws.getColumn(6).numFmt = '#,##0.00';
    ws.getColumn(4).numFmt = 'yyyy-mm-dd';
    ws.getColumn(5).numFmt = 'yyyy/m/d';
    await wb.xlsx.writeFile(join(dir, 'deals.xlsx'));
    for (const extra of [{}, { period: '2026-Q2' }, { asOf: '2026-09-30' }] as Partial<EvaluateRequest>[]) {
      const one = await workbook(['deals.xlsx'], extra, false);
      const two = await workbook(['deals.xlsx'], extra, true);
      expect(one.dataRows).toBe(rows.length);
      expect(one.bytes.equals(two.bytes)).toBe(true);
    }
  });
});

// The values-only read in a worker thread (cli/pipeline/raw-rows.ts): the built worker script (`npm
// run build` first, as for the e2e tests) against the same read on the main thread.
const WORKER = new URL('../../../dist/cli/pipeline/raw-rows-worker.js', import.meta.url);

describe('the data sheets read in a worker thread', () => {
  it('write the workbook of the read on the main thread, byte for byte: random CSV exports, one or two files', async () => {
    const before = rawRowsWorkersStarted();
    let runsWithRows = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 80 }), fc.array(rowArb, { maxLength: 25 }), fc.boolean(), fc.constantFrom(undefined, '2026-Q2'), async (rows, more, twoFiles, period) => {
        const first = csvLines(rows, 0);
        writeFileSync(join(dir, 'w.csv'), `${HEADER}\n${first.join('\n')}\n`);
        const data = ['w.csv'];
        if (twoFiles) {
          writeFileSync(join(dir, 'x.csv'), `${HEADER}\n${[...first.slice(0, 3), ...csvLines(more, 1000)].join('\n')}\n`);
          data.push('x.csv');
        }
        const base: Partial<EvaluateRequest> = period ? { period } : {};
        let main: { bytes: Buffer; dataRows: number };
        try {
          main = await workbook(data, { ...base, dataSheetWorker: false }, false);
        } catch (e) {
          await expect(workbook(data, { ...base, dataSheetWorker: WORKER }, false)).rejects.toThrow((e as Error).message);
          return;
        }
        const worker = await workbook(data, { ...base, dataSheetWorker: WORKER }, false);
        runsWithRows++;
        expect(worker.dataRows).toBe(main.dataRows);
        expect(worker.bytes.equals(main.bytes)).toBe(true);
      }),
      { numRuns: 15 },
    );
    // the worker did read them (one per data sheet written)
    expect(rawRowsWorkersStarted() - before).toBeGreaterThanOrEqual(runsWithRows);
    expect(runsWithRows).toBeGreaterThan(0);
  }, 120_000);

  it('an XLSX export (number formats, date cells, a sheet name) and an HTML table: the same workbook', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Q2 明细');
    ws.addRow(HEADER.split(','));
    const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
    for (let i = 0; i < 300; i++) {
      ws.addRow([i % 7 ? `D${i}` : null, ['Ann', 'Bob', '张三'][i % 3], i % 5 ? 'East' : null, d(day(i % 180)), i % 4 ? d(day((i % 180) + 9)) : null, i % 11 ? (i * 37.5) / 7 : 'abc', ['Won', 'Lost', 'Open'][i % 3], 'Acme', i % 2 ? 'Visit' : null, i % 3 ? 4.5 : null]);
    }
    ws.getColumn(6).numFmt = '#,##0.00';
    ws.getColumn(4).numFmt = 'yyyy-mm-dd';
    ws.getColumn(5).numFmt = 'yyyy/m/d';
    await wb.xlsx.writeFile(join(dir, 'w.xlsx'));
    const rows = fc.sample(rowArb, { seed: 7, numRuns: 60 });
    const tr = (line: string) => `<tr>${line.split(',').map((v) => `<td>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</td>`).join('')}</tr>`;
    writeFileSync(join(dir, 'w.xls'), `<html><head><meta charset="utf-8"></head><body><table>\n${tr(HEADER)}\n${csvLines(rows, 0).map(tr).join('\n')}\n</table></body></html>\n`);
    for (const file of ['w.xlsx', 'w.xls']) {
      const main = await workbook([file], { dataSheetWorker: false }, false);
      const worker = await workbook([file], { dataSheetWorker: WORKER }, false);
      expect(main.dataRows).toBeGreaterThan(50);
      expect(worker.bytes.equals(main.bytes)).toBe(true);
    }
  });

  it('the thread loads none of the rubric\'s schema library (zod: ~0.1 CPU-s a thread, for one function of schema.ts)', () => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const walk = (file: URL): void => {
      if (seen.has(file.href)) return;
      seen.add(file.href);
      for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('.')) walk(new URL(spec, file));
        else packages.add(spec);
      }
    };
    walk(WORKER);
    expect(seen.size).toBeGreaterThan(20);
    expect([...packages]).toContain('csv-parse');
    expect([...packages].filter((p) => p === 'zod' || p.startsWith('zod/'))).toEqual([]);
  });

  it('a file changed or gone between the two reads: the worker refuses it as the main thread does, and no workbook is written', async () => {
    const lines = csvLines(fc.sample(rowArb, { seed: 3, numRuns: 40 }), 0);
    for (const change of ['shorter', 'gone', 'not csv'] as const) {
      const messages: string[] = [];
      for (const dataSheetWorker of [false, WORKER] as const) {
        writeFileSync(join(dir, 'c.csv'), `${HEADER}\n${lines.join('\n')}\n`);
        const outcome = await runEvaluation({ io: memoryIo(), data: ['c.csv'], keepRows: 1_048_575, quiet: true, note: () => undefined, dataSheetWorker });
        if (change === 'gone') rmSync(join(dir, 'c.csv'));
        else writeFileSync(join(dir, 'c.csv'), change === 'shorter' ? `${HEADER}\n${lines.slice(0, 20).join('\n')}\n` : '\u0000\u0001\u0002 not a table');
        const out = `changed-${runs++}.xlsx`;
        const err = await writeEvaluationWorkbook(outcome.evaluation, { cwd: dir, out, locale: 'en', inputs: [join(dir, 'c.csv')], ...(outcome.dataSheets ? { dataSheets: outcome.dataSheets } : {}) }).then(
          () => undefined,
          (e: unknown) => e as Error & { code?: string },
        );
        expect(err, `${change}, worker: ${dataSheetWorker !== false}`).toBeInstanceOf(Error);
        messages.push(`${err!.code}: ${err!.message}`);
        expect(existsSync(join(dir, out))).toBe(false);
      }
      expect(messages[1], change).toBe(messages[0]);
    }
  });
});
