/**
 * A statement (report/statement.ts) as a one-sheet workbook: the title, then each section — a bold
 * title row, a header row for a table, its rows — with widths to fit. Written with the project's
 * workbook writer (`workbookBytes`: deterministic bytes); every value is a text cell, never a formula.
 */
import ExcelJS from 'exceljs';
import { workbookBytes } from './xlsx-write.js';

/** The shape of report/statement.ts's Statement (io/ does not import report/). */
export interface StatementSheet {
  title: string;
  sections: { title: string; header?: string[]; rows: string[][] }[];
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF3' } };

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

export async function statementBytes(st: StatementSheet, sheetName: string, date: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName.replace(/[\\/?*[\]:]/g, '_').slice(0, 31) || 'Statement');
  const widths: number[] = [];
  const see = (col: number, text: string) => {
    widths[col] = Math.max(widths[col] ?? 8, Math.min(60, width(text) + 2));
  };
  let r = 1;
  const title = ws.getCell(r, 1);
  title.value = st.title;
  title.font = { bold: true, size: 14 };
  r += 2;
  for (const s of st.sections) {
    const head = ws.getCell(r, 1);
    head.value = s.title;
    head.font = { bold: true, size: 12 };
    r++;
    if (s.header) {
      s.header.forEach((h, i) => {
        const c = ws.getCell(r, i + 1);
        c.value = h;
        c.font = { bold: true };
        c.fill = HEADER_FILL;
        see(i + 1, h);
      });
      r++;
    }
    for (const row of s.rows) {
      row.forEach((v, i) => {
        const c = ws.getCell(r, i + 1);
        c.value = v;
        if (!s.header && i === 0) c.font = { bold: true };
        c.alignment = { vertical: 'top', wrapText: width(v) > 60 };
        see(i + 1, v);
      });
      r++;
    }
    r++;
  }
  widths.forEach((w, i) => {
    if (w !== undefined) ws.getColumn(i).width = w;
  });
  ws.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  return workbookBytes(wb, date);
}
