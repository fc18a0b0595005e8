// The data sheet's rows as `DenseRow`s (two arrays per row, encoded by the writer's byte path) against
// the reference: the same rows built cell object by cell object with setRaw/setText and written by
// the string writer. For generated source rows — text with XML-illegal characters, `_xHHHH_`,
// formula-like text, long text, CJK, surrogates; numbers, formatted numbers (dates), booleans, empty
// cells; rows ragged and wider than the header; excluded rows with and without detail; fed rows;
// findings' notes on some rows (the fixture's findings point at rows 41, 57 and 124 of this sheet) —
// every sheet's XML and styles.xml are the same text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sheetXmlTexts } from '../../../src/io/xlsx-write.js';
import { buildEvaluationWorkbook, type DataRowInput, type DataSheetInput } from '../../../src/report/workbook.js';
import { DenseRow, type RowModel, type SourceValue } from '../../../src/shared/sheet-model.js';
import type { ExclusionReason } from '../../../src/engine/types.js';
import { adversarialString, mutated } from '../shared/adversarial.js';
import { fixtureEvaluation } from './evaluation-fixture.js';

const SEEDS = ['Rep 212', 'Account 2443 Holdings Ltd', '123567.00', '张三', 'a_x0041_b', 'A & B', '<t>', '=1+1', '－1', '@x', ' lead', 'trail ', '\ud83d\ude00', 'lone \ud83d', 'nul\u0000', '\u0007bell', 'line\r\nbreak', '\ufffe'];
const text = fc.oneof(
  fc.constantFrom(...SEEDS),
  mutated(SEEDS),
  adversarialString(10),
  fc.constantFrom('x'.repeat(40_000), '张'.repeat(5_000), `${'a'.repeat(32_766)}\ud83d\ude00`),
);
const value: fc.Arbitrary<SourceValue> = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 1e21, NaN, Infinity)) },
  { weight: 1, arbitrary: fc.record({ n: fc.oneof(fc.integer({ min: 61, max: 60_000 }), fc.constant(NaN)), fmt: fc.constantFrom('yyyy-mm-dd', 'yyyy-mm-dd hh:mm', '#,##0.00') }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
);
const annotation: fc.Arbitrary<DataRowInput['annotation']> = fc.oneof(
  fc.constantFrom<string[]>(['revenue', 'deals_won'], [], ['visits']).map((metrics) => ({ metrics })),
  fc
    .constantFrom<ExclusionReason>('duplicate', 'out-of-period', 'blank', 'bad-value')
    .chain((excluded) => fc.option(text, { nil: undefined }).map((detail) => (detail === undefined ? { excluded } : { excluded, detail }))),
);
const rows = fc.array(fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(value, { maxLength: 8 }), annotation), { minLength: 1, maxLength: 60 });

const HEADERS = ['Deal ID', 'Owner', 'Date', 'Amount', 'Stage', 'Account'];
const FILE = { file: 'east-china-2026.xlsx', sheet: '商机明细' };

function inputs(list: [number, SourceValue[], DataRowInput['annotation']][]): DataRowInput[] {
  let row = 1;
  return list.map(([step, raw, annotation]) => {
    row += step;
    return { source: { ...FILE, row }, raw, annotation } as DataRowInput;
  });
}

async function sheets(rows: DataRowInput[], generator: boolean, reference: boolean): Promise<{ sheets: string[]; styles: string }> {
  const ds: DataSheetInput = generator
    ? { name: 'deals', headers: HEADERS, headerRow: 1, rows: (async function* () { yield* rows; })(), count: rows.length, width: Math.max(HEADERS.length, ...rows.map((r) => r.raw.length)), source: FILE }
    : { name: 'deals', headers: HEADERS, rows };
  const wb = buildEvaluationWorkbook(fixtureEvaluation(), { locale: 'en', dataSheets: [ds], ...(reference ? { referenceRows: true } : {}) });
  return sheetXmlTexts(wb, reference);
}

describe('data sheet rows as DenseRows', () => {
  it('give the XML of the cell-by-cell reference rows written by the string writer (property)', async () => {
    await fc.assert(
      fc.asyncProperty(rows, fc.boolean(), async (list, generator) => {
        const rs = inputs(list);
        const fast = await sheets(rs, generator, false);
        const ref = await sheets(rs, generator, true);
        expect(fast.sheets.at(-1)).toBe(ref.sheets.at(-1));
        expect(fast.sheets).toEqual(ref.sheets);
        expect(fast.styles).toBe(ref.styles);
      }),
      { numRuns: 60 },
    );
  });

  it('the notes of the fixture findings land on rows 41, 57 and 124, and the plain rows are DenseRows', async () => {
    const rs = inputs(Array.from({ length: 150 }, (_, i) => [1, [`D${i}`, `Rep ${i % 7}`, { n: 46_000 + i, fmt: 'yyyy-mm-dd' }, i * 10.5, 'Won', null], i % 9 ? { metrics: ['revenue'] } : { excluded: 'duplicate' }]));
    const wb = buildEvaluationWorkbook(fixtureEvaluation(), { locale: 'en', dataSheets: [{ name: 'deals', headers: HEADERS, headerRow: 1, rows: rs, source: FILE }] });
    const data = wb.sheets.at(-1)!;
    const byRow = new Map<number, RowModel>();
    for await (const row of data.rows as AsyncIterable<RowModel>) byRow.set(row.r, row);
    for (const r of [41, 57, 124]) {
      expect(byRow.get(r) instanceof DenseRow, `row ${r}`).toBe(false);
      expect(byRow.get(r)!.cells.some((c) => c?.note), `row ${r}`).toBe(true);
    }
    expect(byRow.get(2) instanceof DenseRow).toBe(true);
    expect([...byRow.values()].filter((r) => r instanceof DenseRow).length).toBe(150 - 3);
    const xml = (await sheetXmlTexts(buildEvaluationWorkbook(fixtureEvaluation(), { locale: 'en', dataSheets: [{ name: 'deals', headers: HEADERS, headerRow: 1, rows: rs, source: FILE }] }), false)).sheets.at(-1)!;
    expect(xml).toContain('<legacyDrawing r:id="rId2"/>');
  });
});
