// The workbook writer against two readers it does not share code with: what exceljs and SheetJS read
// back from the bytes equals the model that was written — values and their types, notes, in-document
// links and merges — for the evaluation workbook of the zh-CN fixture (every sheet, the data sheet
// streamed from a generator) and for random sheets (property).
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { workbookBytes } from '../../../src/io/xlsx-write.js';
import { buildEvaluationWorkbook, type DataRowInput, type DataSheetInput } from '../../../src/report/workbook.js';
import type { CellValue, RowModel, WorkbookModel } from '../../../src/shared/sheet-model.js';
import { columnLetters } from '../../../src/shared/sheet-model.js';
import { zhDataSheets, zhEvaluation } from '../../fixtures/workbook/evaluations.js';

const DATE = new Date('2026-09-30T00:00:00Z');

interface Expected {
  name: string;
  merges: string[];
  cells: Map<string, { v: CellValue; note?: string; link?: string }>;
}

/** The model's sheets as plain maps (this consumes the model's row generators). */
async function expectedOf(model: WorkbookModel): Promise<Expected[]> {
  const out: Expected[] = [];
  for (const sheet of model.sheets) {
    const cells = new Map<string, { v: CellValue; note?: string; link?: string }>();
    const take = (row: RowModel) => {
      row.cells.forEach((c, i) => {
        if (!c) return;
        const v = c.v === '' || c.v === undefined ? null : c.v;
        if (v === null && !c.note && !c.link) return;
        cells.set(`${columnLetters(i + 1)}${row.r}`, { v, ...(c.note ? { note: c.note } : {}), ...(c.link ? { link: c.link } : {}) });
      });
    };
    for await (const row of (typeof sheet.rows === 'function' ? sheet.rows() : sheet.rows) as AsyncIterable<RowModel>) take(row);
    out.push({ name: sheet.name, merges: [...(sheet.merges ?? [])].sort(), cells });
  }
  return out;
}

const decodeOoxml = (s: string) => s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

async function viaExceljs(buf: Buffer): Promise<Expected[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const out: Expected[] = [];
  wb.eachSheet((ws) => {
    const cells = new Map<string, { v: CellValue; note?: string; link?: string }>();
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: true }, (cell) => {
        if (cell.type === ExcelJS.ValueType.Merge) return; // shows its master's value
        const raw = cell.value as unknown;
        // exceljs does not decode `_xHHHH_` in inline strings (Excel and SheetJS do)
        const v: CellValue = typeof raw === 'string' ? decodeOoxml(raw) : typeof raw === 'number' || typeof raw === 'boolean' ? raw : null;
        const note = typeof cell.note === 'string' ? cell.note : cell.note ? cell.note.texts?.map((t) => t.text).join('') : undefined;
        if (v === null && !note) return;
        cells.set(cell.address, { v, ...(note ? { note } : {}) });
      });
    });
    const merges = Object.values((ws as unknown as { _merges: Record<string, { range: string }> })._merges).map((m) => m.range);
    out.push({ name: ws.name, merges: merges.sort(), cells });
  });
  return out;
}

function viaSheetJs(buf: Buffer): Expected[] {
  const wb = XLSX.read(buf, { type: 'buffer', cellDates: false, cellFormula: false, cellHTML: false });
  return wb.SheetNames.map((name) => {
    const ws = wb.Sheets[name]!;
    const cells = new Map<string, { v: CellValue; note?: string; link?: string }>();
    for (const [addr, cell] of Object.entries(ws)) {
      if (addr.startsWith('!')) continue;
      const c = cell as XLSX.CellObject & { c?: { t: string }[]; l?: { Target: string } };
      const v: CellValue = c.t === 'z' || c.v === undefined ? null : (c.v as CellValue);
      const note = c.c?.map((x) => x.t).join('');
      const link = c.l?.Target?.replace(/^#/, '');
      if (v === null && !note && !link) continue;
      cells.set(addr, { v: v === '' ? null : v, ...(note ? { note } : {}), ...(link ? { link } : {}) });
    }
    const merges = (ws['!merges'] ?? []).map((m) => XLSX.utils.encode_range(m)).sort();
    return { name, merges, cells };
  });
}

/** What exceljs can show: it reads no link targets, and no note on a cell without a value. */
function forExceljs(cells: Expected['cells']): Expected['cells'] {
  return new Map([...cells].filter(([, c]) => c.v !== null).map(([a, c]) => [a, { v: c.v, ...(c.note ? { note: c.note } : {}) }]));
}

/** The zh-CN fixture workbook, its data sheet given as an async generator like the CLI does. */
function fixtureModel(): WorkbookModel {
  const [ds] = zhDataSheets();
  const rows = ds!.rows as DataRowInput[];
  async function* stream(): AsyncGenerator<DataRowInput> {
    for (const r of rows) yield r;
  }
  const streamed: DataSheetInput = { ...ds!, rows: stream(), count: rows.length, width: Math.max(...rows.map((r) => r.raw.length)), source: rows[0]!.source };
  return buildEvaluationWorkbook(zhEvaluation(), { locale: 'zh-CN', dataSheets: [streamed] });
}

describe('the written workbook read back by exceljs and by SheetJS equals the model', () => {
  it('zh-CN evaluation workbook: every sheet, value, note, merge (data sheet streamed from a generator)', async () => {
    const expected = await expectedOf(fixtureModel());
    const buf = await workbookBytes(fixtureModel(), DATE);
    const byExcel = await viaExceljs(buf);
    const bySheetJs = viaSheetJs(buf);
    expect(byExcel.map((s) => s.name)).toEqual(expected.map((s) => s.name));
    expect(bySheetJs.map((s) => s.name)).toEqual(expected.map((s) => s.name));
    let notes = 0;
    let links = 0;
    expected.forEach((exp, i) => {
      expect(byExcel[i]!.cells, `exceljs ${exp.name}`).toEqual(forExceljs(exp.cells));
      expect(bySheetJs[i]!.cells, `SheetJS ${exp.name}`).toEqual(exp.cells);
      expect(byExcel[i]!.merges).toEqual(exp.merges);
      expect(bySheetJs[i]!.merges).toEqual(exp.merges);
      for (const c of exp.cells.values()) {
        if (c.note) notes++;
        if (c.link) links++;
      }
    });
    // the fixture exercises both
    expect(notes).toBeGreaterThan(50);
    expect(links).toBe(3);
  });

  it('property: random sheets of text, numbers, booleans and notes read back as written', async () => {
    const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('=1+1', '@x', '_x0041_', ' lead', 'trail ', '张三', 'a&b<c>"d"', '\n=1'));
    const value = fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean());
    const cell = fc.record({ v: value, note: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }) });
    const sheetRows = fc.array(fc.array(fc.option(cell, { nil: undefined }), { maxLength: 6 }), { minLength: 1, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(sheetRows, async (grid) => {
        const rows: RowModel[] = grid.map((cells, i) => ({
          r: i * 2 + 1,
          // what the report's helpers guarantee: text already clean (no control characters, CR as LF)
          cells: cells.map((c) =>
            c === undefined
              ? undefined
              : {
                  v: typeof c.v === 'string' ? c.v.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDFFF]/g, '').replace(/\r/g, '\n') : Object.is(c.v, -0) ? 0 : c.v,
                  ...(c.note ? { note: c.note.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\r]|[\uD800-\uDFFF]/g, '') || 'n' } : {}),
                },
          ),
        }));
        const model = (): WorkbookModel => ({ sheets: [{ name: 'P', rows }] });
        const expected = await expectedOf(model());
        const buf = await workbookBytes(model(), DATE);
        expect((await viaExceljs(buf))[0]!.cells).toEqual(forExceljs(expected[0]!.cells));
        expect(viaSheetJs(buf)[0]!.cells).toEqual(expected[0]!.cells);
      }),
      { numRuns: 60 },
    );
  });
});
