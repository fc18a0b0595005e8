// The data sheet's rows a batch at a time (issue 12: one async step per batch instead of two per row):
// `DataSheetInput.batches` read by the data sheet, and `SheetModel.batches` read by the writer. Their
// twin is the row-at-a-time path (an input that gives `rows` only, and a sheet whose writer reads
// `rows`): for generated rows, cut into batches of random sizes (empty ones too), with the fixture's
// findings noting rows 41, 57 and 124, the workbooks are the same bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workbookBytes } from '../../../src/io/xlsx-write.js';
import { buildEvaluationWorkbook, type DataRowInput, type DataSheetInput } from '../../../src/report/workbook.js';
import type { SourceValue } from '../../../src/shared/sheet-model.js';
import { fixtureEvaluation } from './evaluation-fixture.js';

const HEADERS = ['Deal ID', 'Owner', 'Date', 'Amount', 'Stage', 'Account'];
const FILE = { file: 'east-china-2026.xlsx', sheet: '商机明细' };
const DATE = new Date('2026-09-30T00:00:00Z');

const value: fc.Arbitrary<SourceValue> = fc.oneof(
  fc.constantFrom('Rep 212', '张三', 'A & B', '=1+1', ' lead', 'a_x0041_b', ''),
  fc.integer(),
  fc.record({ n: fc.integer({ min: 61, max: 60_000 }), fmt: fc.constantFrom('yyyy-mm-dd', '#,##0.00') }),
  fc.constant(null),
);
const annotation: fc.Arbitrary<DataRowInput['annotation']> = fc.oneof(
  fc.constantFrom<string[]>(['revenue'], [], ['visits', 'deals_won']).map((metrics) => ({ metrics })),
  fc.constantFrom({ excluded: 'duplicate' as const, detail: 'same as row 7' }, { excluded: 'out-of-period' as const }),
);
// rows 2… with random gaps (up to ~180, past the noted rows), and the cut points of the batches
const sheetRows = fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.array(value, { maxLength: 7 }), annotation), { minLength: 1, maxLength: 90 });
const cuts = fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 30 });

function inputs(list: [number, SourceValue[], DataRowInput['annotation']][]): DataRowInput[] {
  let row = 1;
  return list.map(([step, raw, a]) => {
    row += step;
    return { source: { ...FILE, row }, raw, annotation: a };
  });
}

/** `rows` cut into batches of the given sizes in turn (0: an empty batch), the rest as one batch. */
async function* inBatches(rows: DataRowInput[], sizes: number[]): AsyncGenerator<DataRowInput[]> {
  let at = 0;
  for (let k = 0; at < rows.length; k++) {
    const n = k < sizes.length ? sizes[k]! : rows.length - at;
    yield rows.slice(at, at + n);
    at += n;
  }
}

function input(rows: DataRowInput[], batches: AsyncIterable<DataRowInput[]> | undefined): DataSheetInput {
  const width = Math.max(HEADERS.length, ...rows.map((r) => r.raw.length));
  const base = { name: 'deals', headers: HEADERS, headerRow: 1, count: rows.length, width, source: FILE };
  if (!batches) return { ...base, rows: (async function* () { yield* rows; })() };
  return { ...base, rows: (async function* () { for await (const b of batches) yield* b; })(), batches };
}

async function bytes(ds: DataSheetInput, writerReadsRows: boolean): Promise<Buffer> {
  const wb = buildEvaluationWorkbook(fixtureEvaluation(), { locale: 'en', dataSheets: [ds] });
  const data = wb.sheets.at(-1)!;
  expect(data.batches).toBeDefined();
  if (writerReadsRows) delete data.batches;
  return workbookBytes(wb, DATE);
}

describe('data sheet rows a batch at a time', () => {
  it('write the same workbook as the row-at-a-time path, for any cut into batches (property)', async () => {
    await fc.assert(
      fc.asyncProperty(sheetRows, cuts, async (list, sizes) => {
        const rs = inputs(list);
        const batched = await bytes(input(rs, inBatches(rs, sizes)), false);
        const oneByOne = await bytes(input(rs, undefined), true);
        expect(batched.equals(oneByOne)).toBe(true);
      }),
      { numRuns: 40 },
    );
  }, 120_000); // ~3 s idle; over vitest's 30 s at load 16 (a fresh-clone CI run beside four builds)

  it('the writer reads the sheet a batch at a time: `rows` is never touched when `batches` is given', async () => {
    const rs = inputs(Array.from({ length: 150 }, (_, i) => [1, [`D${i}`, `Rep ${i % 7}`, { n: 46_000 + i, fmt: 'yyyy-mm-dd' }, i * 10, 'Won', null], i % 9 ? { metrics: ['revenue'] } : { excluded: 'duplicate' }]));
    let batchesRead = 0;
    const counted = (async function* () {
      for await (const b of inBatches(rs, [0, 40, 0, 60])) {
        batchesRead++;
        yield b;
      }
    })();
    const ds: DataSheetInput = {
      ...input(rs, counted),
      rows: (async function* () {
        throw new Error('rows read');
        yield* [];
      })(),
    };
    const got = await bytes(ds, false);
    expect(batchesRead).toBe(5);
    expect(got.equals(await bytes(input(rs, undefined), true))).toBe(true);
  });
});
