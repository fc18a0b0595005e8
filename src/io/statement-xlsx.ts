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
  sections: { title: string; header?: string[]; rows: string[][] }[];
}

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

/** The statement as a workbook model (one sheet). */
export function statementModel(st: StatementSheet, sheetName: string): WorkbookModel {
  const rows: RowModel[] = [];
  const widths: Record<number, number> = {};
  const see = (col: number, text: string) => {
    widths[col] = Math.max(widths[col] ?? 8, Math.min(60, width(text) + 2));
  };
  let r = 1;
  rows.push({ r, cells: [{ v: st.title, s: 'title' }] });
  r += 2;
  for (const s of st.sections) {
    rows.push({ r: r++, cells: [{ v: s.title, s: 'section' }] });
    if (s.header) {
      rows.push({ r: r++, cells: s.header.map((h, i): CellModel => (see(i + 1, h), { v: h, s: 'header' })) });
    }
    for (const row of s.rows) {
      rows.push({
        r: r++,
        cells: row.map((v, i): CellModel => {
          see(i + 1, v);
          return { v, s: !s.header && i === 0 ? 'label' : width(v) > 60 ? 'wrap' : 'text' };
        }),
      });
    }
    r++;
  }
  return {
    title: st.title,
    styles: {
      title: { font: { bold: true, size: 14 } },
      section: { font: { bold: true, size: 12 } },
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
