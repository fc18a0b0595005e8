/**
 * The workbook as plain data: what report/ builds and `io/xlsx-write.ts` writes. No library types, no
 * XML: a workbook is a list of sheets, a sheet is a list of rows in ascending row order, a row is a
 * sparse list of cells. Everything is 1-based like Excel (row 1, column 1 = A1).
 *
 * ```ts
 * const wb: WorkbookModel = {
 *   title: 'Q3',
 *   styles: { header: { font: { bold: true }, fill: 'FFE7ECF3' } },    // optional named styles
 *   sheets: [{
 *     name: 'Scorecard',
 *     widths: { 1: 24, 2: 12 },                                       // column → width in characters
 *     frozen: { rows: 2, cols: 1 },                                   // panes frozen above/left
 *     autoFilter: 'A2:X7', merges: ['D1:G1'],
 *     conditional: [{ ref: 'F3:F7', rule: { type: 'colorScale', stops: [...] } }],
 *     rows: [{ r: 1, cells: [{ v: 'Rep', s: 'header' }, { v: 1.5, s: { numFmt: '0.0%' }, note: 'why' }] }],
 *   }],
 * };
 * ```
 *
 * - `rows` may be an array, any iterable or an async iterable (a generator over a file): the writer
 *   pulls one row at a time and never holds a sheet's rows, so a 1,048,575-row sheet costs no more
 *   memory than a 10-row one. Notes (`Cell.note`) become the comments part's XML as the sheet
 *   streams, kept deflated past 1 MB until the sheet ends (the Scorecard, a note on every number: ~20×
 *   smaller than its text). `rows` may also be a function returning the rows; it is called once.
 * - `widths` (and the other settings) are read once the first row has been pulled, the filter and
 *   merges after the last: a generator may settle them from a look-ahead.
 * - A cell's style is a `CellStyle` object or the name of one in `WorkbookModel.styles`; equal styles
 *   share one entry in styles.xml. Reuse one object for a style used on many cells (it is looked up
 *   by identity first, then by content).
 * - Strings are written as they are (inline strings, never formulas). The writer makes them
 *   XML-legal, escapes `_xHHHH_`, and gives a string that starts like a formula (`= + - @`…) Excel's
 *   quote prefix, so it stays text when edited. Cleaning for display (control characters, the
 *   32,767-character cap) is the report's job (`report/workbook-style.ts` `cellText`).
 * - A formula (`f`, without `=`) is written with `v` as its cached result; only report code that
 *   builds its own formulas (the quota workbook's SUM rows) uses it — never text from an input.
 * - `link` is an in-document target (`'Data q3'!D7`), shown as a hyperlink on the cell.
 */
import { columnLetter } from './text.js';
import { dayNumber } from './calendar.js';

/** `FF1F3864`-style colour: alpha, red, green, blue in hex. */
export type Argb = string;

export interface FontStyle {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  /** Points; default 11. */
  size?: number;
  color?: Argb;
}

export interface CellStyle {
  /** Excel number format code, e.g. `#,##0`, `0.0%`, `"¥"#,##0.00`. */
  numFmt?: string;
  font?: FontStyle;
  /** Solid fill colour. */
  fill?: Argb;
  alignment?: { horizontal?: 'left' | 'center' | 'right'; vertical?: 'top' | 'middle' | 'bottom'; wrapText?: boolean };
  /** A thin border line on these sides, in this colour. */
  border?: { top?: Argb; bottom?: Argb };
}

export type CellValue = string | number | boolean | null;

/** A number with the number format its source cell had (`#,##0`; a date: the serial with a date format). */
export interface FormattedNumber {
  n: number;
  fmt: string;
}

/**
 * A calendar date `YYYY-MM-DD` → its Excel serial (1900 system: a date cell's value), or undefined
 * when `iso` is not a real calendar date, or is before 1900-03-01 (the serials around Lotus' phantom
 * 1900-02-29).
 */
export function isoDateToSerial(iso: string): number | undefined {
  // Excel's serial 0 is 1899-12-30 = day -25569 since 1970-01-01
  const serial = dayNumber(iso) + 25_569;
  return serial >= 61 ? serial : undefined;
}

/** A source cell's value as a workbook's data sheet copies it. */
export type SourceValue = CellValue | FormattedNumber;

export interface CellModel {
  /** The value; `null`/absent writes a styled empty cell (or nothing without a style). */
  v?: CellValue;
  /** A formula without the leading `=`; `v` is its cached result. */
  f?: string;
  /** A style or the name of one in `WorkbookModel.styles`. */
  s?: CellStyle | string;
  /** A note (comment) shown on hover. */
  note?: string;
  /** An in-document hyperlink target such as `'Data q3'!D7`. */
  link?: string;
  /** The link's tooltip. */
  tooltip?: string;
}

export interface RowModel {
  /** 1-based row number; rows come in ascending order, each at most once. */
  r: number;
  /** Cells by column: `cells[0]` is column A. Holes and `undefined` are skipped. */
  cells: readonly (CellModel | undefined)[];
  /**
   * Row height in points, for a row of wrapped text: LibreOffice does not size such rows itself when
   * it opens an .xlsx. Absent: the default height (the common case).
   */
  height?: number;
}

/**
 * A row of plain cells given as two arrays — each column's value and style — instead of an object per
 * cell: a data sheet's rows (up to a million, each as wide as its source). To any reader it is a
 * `RowModel` (`cells` builds the cell objects when asked: a column with a value or a style has a
 * cell `{ v, s }`); the workbook writer encodes the arrays without them. No notes, links, formulas or
 * height: a row with any of those is an ordinary `RowModel`.
 */
export class DenseRow implements RowModel {
  constructor(
    readonly r: number,
    /** Values by column (`values[0]` is column A); undefined: no value. */
    readonly values: readonly (CellValue | undefined)[],
    /** Styles by column; undefined: none. */
    readonly styles: readonly (CellStyle | string | undefined)[],
  ) {}

  get cells(): (CellModel | undefined)[] {
    const n = Math.max(this.values.length, this.styles.length);
    const cells = new Array<CellModel | undefined>(n);
    for (let i = 0; i < n; i++) {
      const v = this.values[i];
      const s = this.styles[i];
      if (v === undefined && s === undefined) continue;
      const c: CellModel = {};
      if (v !== undefined) c.v = v;
      if (s !== undefined) c.s = s;
      cells[i] = c;
    }
    return cells;
  }
}

export type ColorScaleStop = { type: 'num'; value: number; color: Argb } | { type: 'min' | 'max'; color: Argb };

export type ConditionalRule =
  | { type: 'colorScale'; stops: readonly ColorScaleStop[] }
  /** A solid data bar from `min` (a number) to the range's maximum. */
  | { type: 'dataBar'; min: number; color: Argb };

export interface SheetModel {
  name: string;
  /** Column number → width in characters. */
  widths?: Record<number, number>;
  /** Column number → a default style for the column's empty cells. */
  columnStyles?: Record<number, CellStyle | string>;
  frozen?: { rows: number; cols: number };
  autoFilter?: string;
  /** Merged ranges such as `D1:G1`; the first cell carries the value. */
  merges?: readonly string[];
  /** In order; each rule's priority is its position across the sheet (1, 2, …). */
  conditional?: readonly { ref: string; rule: ConditionalRule }[];
  tabColor?: Argb;
  /** Landscape A4, fit to one page wide; `printTitleRows` repeats those rows (`1:2`) on every page. */
  print?: { landscape?: boolean; fitToWidth?: boolean; printTitleRows?: string };
  rows: RowSource | (() => RowSource);
  /**
   * The same rows as `rows`, a batch at a time: the writer reads these instead when given, with one
   * async step per batch rather than per row (a 1M-row data sheet's rows crossed two async generators
   * one at a time: ~0.35 CPU-s). `rows` and `batches` share one pass: read one of them, once.
   */
  batches?: AsyncIterable<readonly RowModel[]>;
  /**
   * The sheet's XML written elsewhere (a worker thread: cli/pipeline/raw-rows.ts), instead of from
   * `rows`: called as the writer reaches the sheet, with the workbook's style table as it stands; the
   * pieces are the sheet's XML in order with the notes and links met in them, the last one with the
   * style table as the sheet left it (its styles numbered on from `styles`, as the writer would have).
   */
  xml?: (styles: StyleTableState, sheetNo: number) => AsyncIterable<SheetXmlPiece>;
}

/** A writer's style table, as data that crosses a thread (io/xlsx-write.ts `StyleBook`). */
export interface StyleTableState {
  xfs: string[];
  keys: [string, number][];
  fonts: [string, number][];
  fills: [string, number][];
  borders: [string, number][];
  numFmts: [string, number][];
}

/** A piece of a sheet's XML written elsewhere (`SheetModel.xml`). */
export interface SheetXmlPiece {
  /** The XML's bytes, in order (views; every view of a buffer under them is in this piece). */
  bytes: Uint8Array[];
  /** The notes in these bytes, in order. */
  notes: { row: number; col: number; text: string }[];
  links: { ref: string; location: string; tooltip?: string }[];
  /** Rows in these bytes. */
  rows: number;
  /** On the last piece: the style table once the sheet is written. */
  styles?: StyleTableState;
}

export type RowSource = Iterable<RowModel> | AsyncIterable<RowModel>;

export interface WorkbookModel {
  /** Document title (docProps/core.xml). */
  title?: string;
  styles?: Record<string, CellStyle>;
  sheets: readonly SheetModel[];
}

/** `1` → `A`, `28` → `AB` (1-based; the 0-based `columnLetter` of shared/text.ts is the one implementation). */
export function columnLetters(n: number): string {
  return columnLetter(n - 1);
}

/** Excel's limits: rows and columns per sheet. */
export const MAX_SHEET_ROWS = 1_048_576;
export const MAX_SHEET_COLS = 16_384;
