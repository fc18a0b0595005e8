/**
 * Small tables (target files, quota annual files, calendar CSVs, rosters): CSV/TSV, XLSX or an HTML
 * table → raw rows, with the same format, encoding and zip-safety handling as exports.
 */
import { SalesgradeError } from '../shared/errors.js';
import { openCsv, type RawRow } from './csv.js';
import { detectEncoding, type Encoding } from './decode.js';
import { sniffReadable } from './detect.js';
import { htmlHiddenColumn, openHtmlTable } from './html.js';
import type { FindingAt } from './findings.js';
import { cleanIdentifier, columnLetter } from '../shared/text.js';
import { isBlankCell, type RawCell } from './values.js';
import { openXlsx } from './xlsx-read.js';
import { isHiddenColumn } from './xlsx-sheet.js';

export interface RawTable {
  format: 'csv' | 'xlsx' | 'html';
  sheet?: string;
  /** xlsx: every sheet of the workbook (row counts unknown: -1). */
  sheets?: { name: string; hidden: boolean }[];
  /** csv, html: the text encoding read. */
  encoding?: string;
  /** csv: the delimiter read. */
  delimiter?: string;
  rows: AsyncGenerator<RawRow>;
  /** xlsx, once the first rows were read (`<cols>` precedes them); html: whether a column (0-based) is hidden. */
  hiddenColumn?: (col: number) => boolean;
  /** xlsx, html, once `rows` is exhausted: the sheet's hidden rows holding a value and its merged ranges. */
  finished?: () => { hiddenRows?: { count: number; first: number } | undefined; merged?: string[] | undefined };
}

/** Open any supported table file; for an xlsx, `sheet` or the first visible sheet. */
export async function openRawTable(path: string, options: { sheet?: string | undefined; encoding?: Encoding | undefined } = {}): Promise<RawTable> {
  const sniff = await sniffReadable(path);
  switch (sniff.kind) {
    case 'zip': {
      const book = await openXlsx(path);
      const sheet = options.sheet !== undefined ? book.sheets.find((s) => s.name === options.sheet) : book.sheets.find((s) => !s.hidden);
      if (!sheet) {
        await book.close();
        const sheets = book.sheets.map((s) => `"${s.name}"`);
        throw new SalesgradeError(
          'sheet-not-found',
          options.sheet !== undefined ? `no sheet named "${options.sheet}"; the sheets are ${sheets.join(', ')}` : 'the workbook has no visible sheet',
          { location: { file: path }, facts: options.sheet !== undefined ? { id: 'sheet-missing', params: { name: options.sheet, sheets } } : { id: 'no-visible-sheet' } },
        );
      }
      const gen = book.rows(sheet.name);
      const rows = (async function* () {
        try {
          yield* gen;
        } finally {
          await book.close();
        }
      })();
      return {
        format: 'xlsx',
        sheet: sheet.name,
        sheets: book.sheets.map((s) => ({ name: s.name, hidden: s.hidden })),
        rows,
        hiddenColumn: (col: number) => isHiddenColumn(sheet.hiddenCols, col),
        finished: () => ({ hiddenRows: sheet.hiddenRows, merged: sheet.merged }),
      };
    }
    case 'html': {
      const enc = await detectEncoding(path, sniff.head, options.encoding);
      const { rows, table } = await openHtmlTable(path, enc);
      // hidden by a <col>, or by its cell in the first row holding a value (a small table's header)
      const header = table.firstRow;
      const hidden = htmlHiddenColumn(table, header !== undefined ? [header] : []);
      return {
        format: 'html',
        encoding: enc.encoding + (enc.bom ? ' (BOM)' : ''),
        rows,
        ...(hidden ? { hiddenColumn: hidden } : {}),
        finished: () => ({ hiddenRows: table.hiddenRows, merged: table.merged }),
      };
    }
    case 'text': {
      const enc = await detectEncoding(path, sniff.head, options.encoding);
      const csv = await openCsv(path, enc);
      return { format: 'csv', encoding: enc.encoding + (enc.bom ? ' (BOM)' : ''), delimiter: csv.delimiter, rows: csv.rows() };
    }
  }
}

/**
 * Where a cell of a table is, for a finding: `Sheet!C4` in a workbook, line:column in a CSV (the
 * field's own line and column, so a quoted newline earlier in the record does not shift it), the table
 * row and column in an HTML table.
 */
export function cellAt(table: Pick<RawTable, 'format' | 'sheet'>, r: RawRow, c?: number): FindingAt {
  return table.format === 'xlsx'
    ? { sheet: table.sheet, row: r.row, cell: c !== undefined ? `${columnLetter(c)}${r.row}` : undefined }
    : { row: r.row, line: r.positions?.[c ?? 0]?.[0] ?? r.row, column: r.positions?.[c ?? 0]?.[1] ?? (table.format === 'html' ? (c ?? 0) + 1 : 1) };
}

/** A cell as text: dates as `YYYY-MM-DD`, numbers as written, errors as their code; blank → null. */
export function cellString(cell: RawCell | undefined): string | null {
  if (!cell || isBlankCell(cell)) return null;
  switch (cell.t) {
    case 's':
      return cleanIdentifier(cell.v);
    case 'n':
      return cell.v;
    case 'd':
      return cell.v;
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'e':
      return cell.v;
    case 'f':
      return null;
  }
}

/**
 * Read a small table: the first non-blank row is the header; every later non-blank row is returned with
 * its 1-based row (sheet row or CSV line).
 */
export async function readTable(
  path: string,
  options?: { sheet?: string },
): Promise<{ headers: string[]; rows: { row: number; values: (string | null)[] }[]; sheet?: string }> {
  const t = await openRawTable(path, { sheet: options?.sheet });
  let headers: string[] | undefined;
  const rows: { row: number; values: (string | null)[] }[] = [];
  for await (const r of t.rows) {
    if (r.cells.every((c) => isBlankCell(c))) continue;
    if (!headers) {
      headers = Array.from(r.cells, (c) => cellString(c) ?? "");
      while (headers.length && headers[headers.length - 1] === '') headers.pop();
      continue;
    }
    const values: (string | null)[] = [];
    for (let i = 0; i < Math.max(headers.length, r.cells.length); i++) values.push(cellString(r.cells[i]));
    rows.push({ row: r.row, values });
  }
  if (!headers) throw new SalesgradeError('no-data', 'the table has no header row', { location: { file: path }, facts: { id: 'table-no-header' } });
  return t.sheet !== undefined ? { headers, rows, sheet: t.sheet } : { headers, rows };
}
