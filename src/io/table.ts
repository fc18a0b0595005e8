/**
 * Small tables (target files, quota annual files, calendar CSVs, rosters): CSV/TSV, XLSX or an HTML
 * table → raw rows, with the same format, encoding and zip-safety handling as exports.
 */
import { SalesgradeError } from '../shared/errors.js';
import { openCsv, type RawRow } from './csv.js';
import { detectEncoding, type Encoding } from './decode.js';
import { sniffReadable } from './detect.js';
import { htmlHiddenColumn, openHtmlTables } from './html.js';
import { chooseByHeader, chooseHtmlTable, smallSheetAmbiguous, styleNotes, type ChoiceNote, type HeaderCandidate, type HtmlChoice } from './html-choice.js';
import type { FindingAt, FindingList } from './findings.js';
import { HEADER_SCAN_ROWS, type FieldRule, type HeaderMatch } from './header.js';
import { cleanIdentifier, columnLetter } from '../shared/text.js';
import { isBlankCell, type RawCell } from './values.js';
import { openXlsx, type XlsxBook, type XlsxSheet } from './xlsx-read.js';
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
  /** xlsx, html: findings about the sheet or table chosen (another whose header is good too: `sheet-ambiguous`); html: the `<style>` rules not interpreted. */
  notes?: ChoiceNote[];
}

/**
 * What a small table's reader needs of a header, for choosing an HTML file's table as exports do
 * (html-choice.ts): its fields, whether a header is good (a roster's has rep, a calendar's date and kind),
 * and each field's name in a message (undefined: not named).
 */
export interface TableHeaderSpec {
  rules: FieldRule[];
  good: (m: HeaderMatch) => boolean;
  label?: (field: string) => string | undefined;
}

/**
 * Open any supported table file: an xlsx's `sheet` when named; else an xlsx's visible sheet or an HTML
 * file's table whose header `header` finds good (a cover sheet or title table before it passed over; a
 * later good one is a `sheet-ambiguous` note); without `header`, the first visible sheet or table with rows.
 */
export async function openRawTable(
  path: string,
  options: { sheet?: string | undefined; encoding?: Encoding | undefined; header?: TableHeaderSpec | undefined } = {},
): Promise<RawTable> {
  const sniff = await sniffReadable(path);
  switch (sniff.kind) {
    case 'zip': {
      const book = await openXlsx(path);
      let sheet = options.sheet !== undefined ? book.sheets.find((s) => s.name === options.sheet) : book.sheets.find((s) => !s.hidden);
      let notes: ChoiceNote[] | undefined;
      if (sheet && options.sheet === undefined && options.header) {
        const chosen = await chooseSheet(book, options.header, path);
        sheet = chosen.sheet;
        notes = chosen.notes;
      }
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
        ...(notes ? { notes } : {}),
      };
    }
    case 'html': {
      const enc = await detectEncoding(path, sniff.head, options.encoding);
      const doc = await openHtmlTables(path, enc);
      const h = options.header;
      const choice: HtmlChoice = h ? chooseHtmlTable(doc.tables, h.rules, undefined, h.good, 'small-table', h.label) : { table: doc.tables[0]!, match: undefined };
      const notes = [...(choice.ambiguous ? [choice.ambiguous] : []), ...styleNotes(doc)];
      const table = choice.table;
      // hidden by a <col>, or by its cell in the header row (found), else the first row holding a value
      const header = choice.match?.headerRow ?? table.firstRow;
      const hidden = htmlHiddenColumn(table, header !== undefined ? [header] : []);
      const all = table.rows;
      return {
        format: 'html',
        encoding: enc.encoding + (enc.bom ? ' (BOM)' : ''),
        rows: (async function* () {
          yield* all;
        })(),
        ...(hidden ? { hiddenColumn: hidden } : {}),
        finished: () => ({ hiddenRows: table.hiddenRows, merged: table.merged }),
        ...(notes.length > 0 ? { notes } : {}),
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
 * A small table's sheet when none is named, chosen as an HTML file's table is (html-choice.ts): the first
 * visible sheet whose header is good (a cover sheet before it passed over), else the best header found,
 * else the first visible sheet; a later visible sheet with a good header too is a `sheet-ambiguous` note.
 * When no visible sheet has a good header but a hidden one does (the table behind a cover sheet), the
 * run stops naming it, as an export's header-not-found does: a hidden sheet is read only when named.
 * Each sheet's first rows are read (these files are small).
 */
async function chooseSheet(book: XlsxBook, header: TableHeaderSpec, path: string): Promise<{ sheet: XlsxSheet | undefined; notes?: ChoiceNote[] }> {
  const visible = book.sheets.filter((s) => !s.hidden);
  const hidden = book.sheets.filter((s) => s.hidden);
  if (visible.length === 0 || (visible.length === 1 && hidden.length === 0)) return { sheet: visible[0] };
  const candidate = async (s: XlsxSheet): Promise<HeaderCandidate<XlsxSheet>> => {
    const head: RawRow[] = [];
    const gen = book.rows(s.name);
    for await (const r of gen) {
      head.push(r);
      if (head.length > HEADER_SCAN_ROWS) break;
    }
    // the sheet's <cols> precede its rows: read by now
    return { item: s, head, hidden: (col: number) => isHiddenColumn(s.hiddenCols, col) };
  };
  const candidates: HeaderCandidate<XlsxSheet>[] = [];
  for (const s of visible) candidates.push(await candidate(s));
  const c = chooseByHeader(candidates, header.rules, undefined, header.good);
  if (!c.chosen) {
    for (const s of hidden) {
      const h = chooseByHeader([await candidate(s)], header.rules, undefined, header.good);
      if (!h.chosen) continue;
      await book.close();
      throw new SalesgradeError(
        'sheet-not-found',
        `no visible sheet has the table's header (${visible.map((v) => `"${v.name}"`).join(', ')} read); the hidden sheet "${s.name}" has it`,
        { location: { file: path }, hint: 'name it in the file\'s sheet setting to read it, or unhide it', facts: { id: 'table-sheet-hidden', params: { hidden: s.name, visible: visible.map((v) => `"${v.name}"`) } } },
      );
    }
    return { sheet: c.fallback?.item ?? visible[0] };
  }
  const sheet = c.chosen.item;
  return c.alsoGood.length > 0 ? { sheet, notes: [smallSheetAmbiguous(sheet.name, c.chosen.match, c.alsoGood.map((s) => s.name), header.label)] } : { sheet };
}

/** The findings about the table read (an XLSX's other matching sheets, an HTML file's other matching tables), for its reader's list. */
export function tableNotes(findings: FindingList, table: Pick<RawTable, 'notes'>): void {
  for (const n of table.notes ?? []) findings.add(n.code, n.severity, n.message, n.at ?? {}, n.data);
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
 * its 1-based row (sheet row or CSV line). With `header`, an XLSX's sheet or an HTML file's table is
 * chosen by it (`openRawTable`), and `notes` holds the findings about the choice (`sheet-ambiguous`).
 */
export async function readTable(
  path: string,
  options?: { sheet?: string; header?: TableHeaderSpec },
): Promise<{ headers: string[]; rows: { row: number; values: (string | null)[] }[]; sheet?: string; notes?: ChoiceNote[] }> {
  const t = await openRawTable(path, { sheet: options?.sheet, header: options?.header });
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
  return { headers, rows, ...(t.sheet !== undefined ? { sheet: t.sheet } : {}), ...(t.notes ? { notes: t.notes } : {}) };
}
