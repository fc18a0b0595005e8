// A data sheet written elsewhere (`DataSheetInput.elsewhere`: the worker thread of
// cli/pipeline/raw-rows.ts builds it with `dataSheetModel` and encodes it with `sheetXmlPieces`, from a
// spec that crosses the thread) writes the workbook the sheet written here writes, byte for byte: two
// data sheets read as generators, with the findings' notes on both, number formats first met in the
// second (its styles numbered on from the table the first left), text that needs escaping and
// formula-like text (quoted styles).
import { describe, expect, it } from 'vitest';
import { sheetXmlPieces, workbookBytes } from '../../../src/io/xlsx-write.js';
import { buildEvaluationWorkbook, dataSheetModel, type DataRowInput, type DataSheetInput, type DataSheetSpec } from '../../../src/report/workbook.js';
import type { SheetXmlPiece } from '../../../src/shared/sheet-model.js';
import { zhDataSheets, zhEvaluation } from '../../fixtures/workbook/evaluations.js';

const DATE = new Date('2026-09-30T00:00:00Z');

function rosterRows(): DataRowInput[] {
  const src = (row: number) => ({ file: 'roster.xlsx', sheet: 'Sheet1', row });
  const rows: DataRowInput[] = [];
  for (let r = 2; r < 40; r++) {
    rows.push({
      source: src(r),
      raw: [r % 5 ? `Rep ${r}` : '=HYPERLINK("x")', { n: 46000 + r, fmt: r % 2 ? 'yyyy/m/d' : 'd-mmm' }, { n: r * 1.5, fmt: '#,##0.000' }, r % 7 ? 'a & <b>' : null, r % 3 === 0],
      annotation: r % 4 ? { metrics: ['revenue'] } : { excluded: 'bad-value', detail: `金额 "${r}"` },
    });
  }
  return rows;
}

/** The two data sheets, their rows from generators (as a second read gives them). */
function inputs(elsewhere: boolean, specs: DataSheetSpec[] = []): DataSheetInput[] {
  const [zh] = zhDataSheets();
  const sheets = [
    { ...zh!, rows: zh!.rows as DataRowInput[], source: { file: 'q3.xlsx', sheet: '商机明细' } },
    { name: 'Sheet1', headers: ['Rep', 'Start', 'Quota', 'Note', 'Flag'], headerRow: 1, rows: rosterRows(), source: { file: 'roster.xlsx', sheet: 'Sheet1' } },
  ];
  return sheets.map(({ rows, ...ds }) => {
    const batches = async function* () {
      yield rows.slice(0, 3);
      yield rows.slice(3);
    };
    const input: DataSheetInput = { ...ds, rows: (async function* () {
      for await (const b of batches()) yield* b;
    })(), batches: batches(), count: rows.length, width: 5 };
    if (!elsewhere) return input;
    return {
      ...input,
      // as the worker does it, from a spec that has crossed a thread
      elsewhere: (spec: DataSheetSpec): AsyncIterable<SheetXmlPiece> => {
        specs.push(spec);
        const crossed = structuredClone(spec);
        return sheetXmlPieces(dataSheetModel(crossed, batches()), crossed.sheetNo, crossed.styles);
      },
    };
  });
}

describe('a data sheet written elsewhere', () => {
  it('writes the workbook the data sheet written here writes, byte for byte', async () => {
    const here = await workbookBytes(buildEvaluationWorkbook(zhEvaluation(), { locale: 'zh-CN', dataSheets: inputs(false) }), DATE);
    const specs: DataSheetSpec[] = [];
    const there = await workbookBytes(buildEvaluationWorkbook(zhEvaluation(), { locale: 'zh-CN', dataSheets: inputs(true, specs) }), DATE);
    // both sheets were written elsewhere, the first with the findings' notes on it
    expect(specs.map((s) => s.sheetNo)).toEqual([6, 7]);
    expect(specs[0]!.sheet.notes.length).toBeGreaterThan(0);
    expect(specs[1]!.styles.xfs.length).toBeGreaterThan(specs[0]!.styles.xfs.length);
    expect(there.equals(here)).toBe(true);
  });

  it('the reference rows (`referenceRows`) are built here', async () => {
    const specs: DataSheetSpec[] = [];
    const ref = await workbookBytes(buildEvaluationWorkbook(zhEvaluation(), { locale: 'zh-CN', dataSheets: inputs(true, specs), referenceRows: true }), DATE);
    expect(specs).toEqual([]);
    expect(ref.equals(await workbookBytes(buildEvaluationWorkbook(zhEvaluation(), { locale: 'zh-CN', dataSheets: inputs(false) }), DATE))).toBe(true);
  });
});
