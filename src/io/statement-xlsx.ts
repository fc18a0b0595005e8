/**
 * A statement (report/statement.ts) as a one-sheet workbook: the title, then each section — a bold
 * title row, a header row for a table, its rows — with widths to fit, landscape and fit to the page
 * width. Written by the project's workbook writer (`workbookBytes`: deterministic bytes); every value
 * is a text cell, never a formula.
 */
import type { CellModel, RowModel, WorkbookModel } from '../shared/sheet-model.js';
import { workbookBytes } from './xlsx-write.js';

/** The shape of report/statement.ts's Statement (io/ does not import report/). */
export interface StatementSheet {
  title: string;
  /** Lines under the title (e.g. a view period's converted targets), bold, one row each. */
  notes?: string[];
  sections: { title: string; header?: string[]; rows: string[][] }[];
}

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

/** A column's widest: a longer text wraps in it (a 60-wide column printed the page unreadably small). */
const MAX_WIDTH = 36;

/** The statement as a workbook model (one sheet). */
export function statementModel(st: StatementSheet, sheetName: string): WorkbookModel {
  // widths first (every table's text), then the rows: a text wider than its column wraps, and its
  // row is as tall as its lines (LibreOffice keeps the default height of a wrapped .xlsx row)
  const widths: Record<number, number> = {};
  const see = (col: number, text: string) => {
    widths[col] = Math.max(widths[col] ?? 8, Math.min(MAX_WIDTH, width(text) + 2));
  };
  for (const s of st.sections) {
    s.header?.forEach((h, i) => see(i + 1, h));
    for (const row of s.rows) row.forEach((v, i) => see(i + 1, v));
  }
  // lines of `v` in column `col` (85% of the width: a fallback font is wider than Calibri)
  const lines = (v: string, col: number) => {
    const room = Math.max(1, Math.floor(((widths[col] ?? 8) - 1) * 0.85));
    return v.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(width(l) / room)), 0);
  };
  const rows: RowModel[] = [];
  let r = 1;
  rows.push({ r, cells: [{ v: st.title, s: 'title' }] });
  r += 2;
  // (left out of the widths: a note runs over the empty cells to its right)
  if (st.notes?.length) {
    for (const n of st.notes) rows.push({ r: r++, cells: [{ v: n, s: 'note' }] });
    r++;
  }
  for (const s of st.sections) {
    rows.push({ r: r++, cells: [{ v: s.title, s: 'section' }] });
    if (s.header) rows.push({ r: r++, cells: s.header.map((h): CellModel => ({ v: h, s: 'header' })) });
    for (const row of s.rows) {
      let tallest = 1;
      const cells = row.map((v, i): CellModel => {
        const n = lines(v, i + 1);
        if (n > tallest) tallest = n;
        return { v, s: !s.header && i === 0 ? 'label' : n > 1 ? 'wrap' : 'text' };
      });
      rows.push(tallest > 1 ? { r: r++, cells, height: tallest * 15 } : { r: r++, cells });
    }
    r++;
  }
  return {
    title: st.title,
    styles: {
      title: { font: { bold: true, size: 14 } },
      section: { font: { bold: true, size: 12 } },
      note: { font: { bold: true, color: 'FF1F4E79' } },
      header: { font: { bold: true }, fill: 'FFE7ECF3' },
      label: { font: { bold: true }, alignment: { vertical: 'top' } },
      text: { alignment: { vertical: 'top' } },
      wrap: { alignment: { vertical: 'top', wrapText: true } },
    },
    sheets: [{ name: sheetName.replace(/[\\/?*[\]:]/g, '_').slice(0, 31) || 'Statement', widths, print: { landscape: true, fitToWidth: true }, rows }],
  };
}

export async function statementBytes(st: StatementSheet, sheetName: string, date: Date): Promise<Buffer> {
  return workbookBytes(statementModel(st, sheetName), date);
}
