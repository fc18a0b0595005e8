/**
 * A worksheet's rows from its XML: the reference reader (`SheetRows`, an `XmlHandler` fed by the
 * generic `XmlScanner`) and the cell values it gives (`readCellValue`). The fast path
 * (xlsx-sheet-fast.ts) reads the common row shapes itself and hands every other construct to this
 * handler, so the two share one state: the row being read, the last cell and the rows queued.
 */
import type { TemplatedErrorId } from '../shared/error-templates.js';
import { templatedError, type SalesgradeError } from '../shared/errors.js';
import type { MessageParams } from '../shared/message-template.js';
import { columnIndex, columnLetter } from '../shared/text.js';
import type { RawRow } from './csv.js';
import { serialTime, serialToIsoDate, type RawCell } from './values.js';
import { decodeXml, parseAttrs, type XmlHandler } from './xml.js';

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;
/** The longest cell value read (Excel's own limit is 32,767 characters). */
export const MAX_CELL_CHARS = 1024 * 1024;

function clip(s: string): string {
  return s.length > 20 ? `${s.slice(0, 20)}…` : s;
}

/** `1`…`1048576` (no sign, no leading zero, no exponent) → the number; anything else → 0. */
function rowNumber(s: string): number {
  if (!/^[1-9]\d{0,6}$/.test(s)) return 0;
  const n = Number(s);
  return n <= MAX_ROWS ? n : 0;
}

/** A `<col>`'s `min` / `max`: `1`…`16384` → the number; anything else → 0. */
function colNumber(s: string | undefined): number {
  const t = s?.trim();
  if (t === undefined || !/^[1-9]\d{0,4}$/.test(t)) return 0;
  const n = Number(t);
  return n <= MAX_COLS ? n : 0;
}

/** Whether column `col` (0-based) is in one of the hidden ranges. */
export function isHiddenColumn(ranges: readonly { min: number; max: number }[] | undefined, col: number): boolean {
  if (ranges === undefined) return false;
  for (const r of ranges) if (r.min <= col && col <= r.max) return true;
  return false;
}

/**
 * `B12` (letters in either case) → column index and row; undefined unless a cell of A1:XFD1048576.
 * The reference twin of `cellRef`: one regular expression (test/unit/io/xlsx-cell-ref.test.ts).
 */
export function cellRefReference(ref: string): { col: number; row: number } | undefined {
  const m = /^([A-Za-z]{1,3})([1-9]\d{0,6})$/.exec(ref);
  if (!m) return undefined;
  const col = columnIndex(m[1]!.toUpperCase());
  const row = Number(m[2]);
  return col < MAX_COLS && row <= MAX_ROWS ? { col, row } : undefined;
}

/** `cellRefReference` as one character loop (read once per cell: the regular expression and its match array were 3 % of an XLSX read). */
export function cellRef(ref: string): { col: number; row: number } | undefined {
  const n = ref.length;
  let i = 0;
  let col = 0;
  for (; i < n && i < 4; i++) {
    let c = ref.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (i === 0 || i > 3 || i === n) return undefined;
  const first = ref.charCodeAt(i);
  if (first < 49 || first > 57 || n - i > 7) return undefined;
  let row = 0;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    row = row * 10 + (c - 48);
  }
  col -= 1;
  return col < MAX_COLS && row <= MAX_ROWS ? { col, row } : undefined;
}

/** XML white space (not Unicode's: `<v>\u3000 1</v>` is not a number) trimmed from both ends. */
function xmlTrim(s: string): string {
  let a = 0;
  let b = s.length;
  const ws = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
  while (a < b && ws(s.charCodeAt(a))) a++;
  while (b > a && ws(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** An xsd:double as SpreadsheetML writes it: sign, digits, fraction, exponent; no Infinity, NaN or hex. */
const XSD_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,5})?$/;

/**
 * The number a `<v>` holds, as the shortest text that reads back as the same double — what Excel
 * shows and openpyxl gives: `261.95999999999998` → `261.96`, so exact sums carry no float noise.
 * Undefined when it is not a finite number (`Infinity`, `NaN`, `0x10`, `1e999`, or a non-zero
 * value so small it reads as 0): the cell is then an error value, never a number.
 */
export function xlsxNumber(text: string): string | undefined {
  if (text.length > 1000 || !XSD_DECIMAL.test(text)) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return undefined;
  if (n === 0) {
    const e = text.search(/[eE]/);
    if (/[1-9]/.test(e < 0 ? text : text.slice(0, e))) return undefined; // underflow
    return '0';
  }
  return String(n);
}

/** What a sheet's cells are read against: the workbook's shared strings and styles, and where the sheet is. */
export interface SheetContext {
  file: string;
  sheet: string;
  shared: string[];
  /** Per cell style (`s`): whether its number format shows a date. */
  dateStyles: boolean[];
  /** Per cell style: the currency its number format shows. */
  currencyStyles: (string | undefined)[];
  /** Per cell style: its number format (none for General and text), kept on the cell for the data sheets. */
  formatStyles: (string | undefined)[];
  date1904: boolean;
}

/** The cell `<c t=type s=style>` just closed; undefined when it holds nothing (an empty `<v/>` is empty, whatever its type). */
export function readCellValue(cx: SheetContext, type: string, v: string, hasV: boolean, hasF: boolean, hasIs: boolean, inline: string, style: number): RawCell | undefined {
  const text = hasV ? xmlTrim(v) : '';
  if (type === 'inlineStr') {
    if (hasIs) return { t: 's', v: decodeXml(inline) };
    // an inline string written as <v> (some writers): its text, not nothing
    return text !== '' ? { t: 's', v: decodeXml(v) } : hasF ? { t: 'f', v: null } : undefined;
  }
  if (text === '') {
    // str: an empty cached string is an empty string
    if (type === 'str' && hasV) return { t: 's', v: '' };
    return hasF ? { t: 'f', v: null } : undefined;
  }
  switch (type) {
    case 's': {
      const s = /^\d{1,10}$/.test(text) ? cx.shared[Number(text)] : undefined;
      // an index the shared strings do not have: an error value at its cell, never another string
      return s === undefined ? { t: 'e', v: '#REF!' } : { t: 's', v: s };
    }
    case 'str':
      return { t: 's', v: decodeXml(v) };
    case 'b': {
      const b = text.toLowerCase();
      if (b === '1' || b === 'true') return { t: 'b', v: true };
      if (b === '0' || b === 'false') return { t: 'b', v: false };
      return { t: 'e', v: '#VALUE!' };
    }
    case 'e':
      return { t: 'e', v: decodeXml(text).trim() || '#VALUE!' };
    case 'd':
      return { t: 's', v: decodeXml(text).trim() };
    case 'n': {
      const num = xlsxNumber(text);
      if (num === undefined) return { t: 'e', v: '#NUM!' };
      if (cx.dateStyles[style]) {
        const n = Number(num);
        const iso = serialToIsoDate(n, cx.date1904);
        if (iso) {
          const time = serialTime(n);
          return { t: 'd', v: time ? `${iso} ${time}` : iso, serial: num, fmt: cx.formatStyles[style] ?? 'yyyy-mm-dd' };
        }
      }
      const cur = cx.currencyStyles[style];
      const fmt = cx.formatStyles[style];
      if (fmt === undefined) return cur === undefined ? { t: 'n', v: num } : { t: 'n', v: num, cur };
      return cur === undefined ? { t: 'n', v: num, fmt } : { t: 'n', v: num, cur, fmt };
    }
    default:
      return { t: 'e', v: '#VALUE!' };
  }
}

/** Merged ranges kept per sheet (for the findings of empty cells inside them; more are not looked at). */
export const MAX_MERGED = 10_000;

/** An XML boolean attribute (`1`, `true`, spaces around allowed) is true. */
function isTrue(v: string | undefined): boolean {
  const t = v?.trim();
  return t === '1' || t === 'true';
}

/**
 * The reference reader of a sheet's rows: the elements `row`, `c`, `f`, `v`, `is`, `t` and `rPh`
 * as the generic scanner reports them. Rows with a value are queued (`queue`); rows written twice,
 * backwards, or cells out of order are refused, never guessed.
 */
export class SheetRows implements XmlHandler {
  queue: RawRow[] = [];
  rowNo = 0;
  cells: (RawCell | undefined)[] = [];
  inRow = false;
  /** Inside `<sheetData>`, the only place a worksheet holds rows; `sheetDataSeen` once it has opened. */
  inSheetData = false;
  sheetDataSeen = false;
  any = false;
  col = -1;
  ref = '';
  type = '';
  style = 0;
  hasF = false;
  hasV = false;
  hasIs = false;
  /** 1 = inside <v>, 2 = inside <t> inside <is>. */
  capture = 0;
  inIs = false;
  /** Depth inside <rPh> (phonetic hints). */
  skip = 0;
  v = '';
  inline = '';
  /** The open row is written `hidden="1"` (or `true`): hidden by a filter or by Hide in Excel/WPS. */
  rowHidden = false;
  /** Hidden rows with a value read so far (each is read as data), and the first one's number. */
  hiddenRows = 0;
  firstHidden = 0;
  /** The sheet's merged ranges (`<mergeCell ref="A2:A5"/>`, written after `<sheetData>`), as written; at most MAX_MERGED. */
  merged: string[] = [];
  /**
   * The columns hidden in Excel/WPS (`<col min="2" max="3" hidden="1"/>` in `<cols>`, written before
   * `<sheetData>`, so known before the first row): 0-based inclusive ranges, in the order written.
   */
  hiddenCols: { min: number; max: number }[] = [];

  constructor(readonly cx: SheetContext) {}

  /** Between rows inside `<sheetData>` with nothing captured: where the fast path may read the next row itself. */
  get clean(): boolean {
    return this.inSheetData && !this.inRow && this.capture === 0 && this.skip === 0 && !this.inIs;
  }

  private where(cell?: string): { file: string; sheet: string; cell?: string } {
    return cell ? { file: this.cx.file, sheet: this.cx.sheet, cell } : { file: this.cx.file, sheet: this.cx.sheet };
  }

  /**
   * The sheet's XML has ended: a row still open, or a construct cut short (`unfinished`), means rows
   * were lost — refused, never dropped without a word (a zip entry can be whole and its XML truncated
   * by whatever wrote it).
   */
  end(unfinished: boolean): void {
    if (this.inRow) throw this.refuse('sheet-xml-cut-in-row', { row: this.rowNo });
    if (unfinished) throw this.refuse('sheet-xml-cut-in-tag', {});
  }

  /** `input-format`, with the hint that the sheet XML is damaged or hand-made (every sheet-xml-* template has it). */
  private refuse(id: TemplatedErrorId, params: MessageParams, cell?: string): SalesgradeError {
    return templatedError('input-format', id, params, { location: this.where(cell) });
  }

  private tooLong(): SalesgradeError {
    return templatedError('input-too-large', 'cell-too-long', { max: MAX_CELL_CHARS }, { location: this.where(this.ref || `${columnLetter(Math.max(this.col, 0))}${this.rowNo}`) });
  }

  open(tag: string, attrs: string, self: boolean): void {
    switch (tag) {
      case 'sheetData':
        this.sheetDataSeen = true;
        this.inSheetData = !self;
        break;
      case 'col': {
        // <cols> comes before <sheetData> (a <col> elsewhere is no column's width or visibility)
        if (this.sheetDataSeen || this.hiddenCols.length >= MAX_COLS) break;
        const a = parseAttrs(attrs);
        if (!isTrue(a.hidden)) break;
        const min = colNumber(a.min);
        const max = colNumber(a.max);
        if (min > 0 && max >= min) this.hiddenCols.push({ min: min - 1, max: max - 1 });
        break;
      }
      case 'mergeCell': {
        if (this.inSheetData || this.merged.length >= MAX_MERGED) break;
        const ref = parseAttrs(attrs).ref;
        if (ref !== undefined) this.merged.push(ref);
        break;
      }
      case 'row': {
        const a = parseAttrs(attrs);
        // A <row> in <sheetPr>, an extension or after </sheetData> is no part of the table: read as data
        // it would add a row nobody sees in Excel (which repairs it away). Refused, never guessed.
        if (!this.inSheetData) {
          const where = this.sheetDataSeen ? 'after' : 'before';
          throw a.r === undefined ? this.refuse('sheet-xml-outside-data-unnumbered', { where }) : this.refuse('sheet-xml-outside-data', { value: clip(a.r), where });
        }
        let r = this.rowNo + 1;
        if (a.r !== undefined) {
          r = rowNumber(a.r);
          if (r === 0) throw this.refuse('sheet-xml-row-number', { value: clip(a.r), max: MAX_ROWS }, `A${this.rowNo + 1}`);
        }
        if (r > MAX_ROWS) throw this.refuse('sheet-xml-too-many-rows', { max: MAX_ROWS });
        // rows written twice or backwards would put values on the wrong row: refused, never guessed
        if (r <= this.rowNo) throw this.refuse('sheet-xml-row-order', { row: r, prev: this.rowNo }, `A${r}`);
        this.rowNo = r;
        this.cells = [];
        this.any = false;
        this.col = -1;
        this.inRow = !self;
        this.rowHidden = isTrue(a.hidden);
        break;
      }
      case 'c': {
        if (!this.inRow) break;
        const a = parseAttrs(attrs);
        let c = this.col + 1;
        const rowNo = this.rowNo;
        if (a.r !== undefined) {
          const ref = (this.ref = a.r);
          const at = cellRef(ref);
          if (!at) throw this.refuse('sheet-xml-cell-ref', { value: clip(ref), max: MAX_ROWS }, `${columnLetter(Math.min(c, MAX_COLS - 1))}${rowNo}`);
          if (at.row !== rowNo) throw this.refuse('sheet-xml-cell-row', { cell: ref, row: rowNo }, ref);
          c = at.col;
        } else this.ref = '';
        if (c >= MAX_COLS) throw this.refuse('sheet-xml-too-many-cells', { row: rowNo, max: MAX_COLS }, `XFD${rowNo}`);
        if (c <= this.col) {
          const here = this.ref || `${columnLetter(c)}${rowNo}`;
          throw c === this.col ? this.refuse('sheet-xml-cell-twice', { cell: here }, here) : this.refuse('sheet-xml-cell-order', { cell: here, prev: `${columnLetter(this.col)}${rowNo}` }, here);
        }
        this.col = c;
        this.type = a.t ?? 'n';
        this.style = a.s ? Number(a.s) : 0;
        this.hasF = false;
        this.hasV = false;
        this.hasIs = false;
        this.inIs = false;
        this.v = '';
        this.inline = '';
        if (self) this.finishCell();
        break;
      }
      case 'f':
        this.hasF = true;
        break;
      case 'v':
        if (!self) {
          this.capture = 1;
          this.hasV = true;
        }
        break;
      case 'is':
        this.inIs = true;
        this.hasIs = true;
        break;
      case 'rPh':
        if (!self) this.skip++;
        break;
      case 't':
        if (this.inIs && !this.skip && !self) this.capture = 2;
        break;
    }
  }

  close(tag: string): void {
    switch (tag) {
      case 'v':
      case 't':
        this.capture = 0;
        break;
      case 'rPh':
        this.skip = Math.max(0, this.skip - 1);
        break;
      case 'is':
        this.inIs = false;
        break;
      case 'c':
        if (this.inRow) this.finishCell();
        break;
      case 'row':
        if (this.any) {
          this.queue.push({ row: this.rowNo, cells: this.cells });
          if (this.rowHidden) this.countHidden(this.rowNo);
        }
        this.inRow = false;
        break;
      case 'sheetData':
        this.inSheetData = false;
        break;
    }
  }

  text(raw: string): void {
    if (this.capture === 1) {
      this.v += raw;
      if (this.v.length > MAX_CELL_CHARS) throw this.tooLong();
    } else if (this.capture === 2) {
      this.inline += raw;
      if (this.inline.length > MAX_CELL_CHARS) throw this.tooLong();
    }
  }

  /** A hidden row with a value was read (the fast path calls this too). */
  countHidden(row: number): void {
    if (this.hiddenRows++ === 0) this.firstHidden = row;
  }

  private finishCell(): void {
    const cell = readCellValue(this.cx, this.type, this.v, this.hasV, this.hasF, this.hasIs, this.inline, this.style);
    this.cells[this.col] = cell;
    if (cell) this.any = true;
  }
}
