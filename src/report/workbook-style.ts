/**
 * Cell helpers for the workbook model (src/shared/sheet-model.ts): every text goes through `cleanText`
 * and is written as a string cell (never a formula), numbers as numbers with a number format, plus the
 * colours and formats used, and `SheetBuilder`, a random-access sheet for the small sheets.
 */
import type { Decimal } from 'decimal.js';
import { currencySymbol } from '../shared/format.js';
import { columnLetters, type CellModel, type CellStyle, type ConditionalRule, type FontStyle, type RowModel, type SheetModel, type SourceValue } from '../shared/sheet-model.js';
import { cleanText, isCleanCellText } from './safe-text.js';

/** A cell being built: the model's cell, its style an object (merged into by the helpers). */
export type Cell = Omit<CellModel, 's'> & { s?: CellStyle };

/** Merge `patch` into the cell's style (each key replaces the old one, like exceljs's setters). */
export function style(cell: Cell, patch: CellStyle): void {
  cell.s = cell.s ? { ...cell.s, ...patch } : patch;
}

/**
 * A sheet built cell by cell in any order (Summary, Teams, Findings …); `rows()` gives the rows in
 * order for the writer. For a sheet of many rows, generate `RowModel`s instead.
 */
export class SheetBuilder {
  private readonly grid = new Map<number, Cell[]>();
  readonly widths: Record<number, number> = {};
  readonly merges: string[] = [];
  readonly conditional: { ref: string; rule: ConditionalRule }[] = [];
  readonly columnStyles: Record<number, CellStyle> = {};
  /** Row → height in points, for rows of wrapped text (see `wrappedHeight`). */
  readonly heights = new Map<number, number>();
  frozen?: { rows: number; cols: number };
  autoFilter?: string;
  tabColor?: string;
  print?: SheetModel['print'];
  /** Merge rows r1..r2, columns c1..c2 (1-based). */
  merge(r1: number, c1: number, r2: number, c2: number): void {
    this.merges.push(`${columnLetters(c1)}${r1}:${columnLetters(c2)}${r2}`);
  }
  /** The autofilter over rows r1..r2, columns c1..c2. */
  filter(r1: number, c1: number, r2: number, c2: number): void {
    this.autoFilter = `${columnLetters(c1)}${r1}:${columnLetters(c2)}${r2}`;
  }
  cell(row: number, col: number): Cell {
    let r = this.grid.get(row);
    if (!r) this.grid.set(row, (r = []));
    return (r[col - 1] ??= {});
  }
  /** The cells of one row, for the header helpers. */
  row(row: number): { cell: (col: number) => Cell } {
    return { cell: (col) => this.cell(row, col) };
  }
  rows(): RowModel[] {
    return [...this.grid.keys()]
      .sort((a, b) => a - b)
      .map((r) => {
        const height = this.heights.get(r);
        return height === undefined ? { r, cells: this.grid.get(r)! } : { r, cells: this.grid.get(r)!, height };
      });
  }
  /** The sheet model, named `name`, with these rows (or `rows` given instead). */
  model(name: string, rows: SheetModel['rows'] = this.rows()): SheetModel {
    return {
      name,
      widths: this.widths,
      ...(Object.keys(this.columnStyles).length ? { columnStyles: this.columnStyles } : {}),
      ...(this.frozen ? { frozen: this.frozen } : {}),
      ...(this.autoFilter ? { autoFilter: this.autoFilter } : {}),
      ...(this.merges.length ? { merges: this.merges } : {}),
      ...(this.conditional.length ? { conditional: this.conditional } : {}),
      ...(this.tabColor ? { tabColor: this.tabColor } : {}),
      ...(this.print ? { print: this.print } : {}),
      rows,
    };
  }
}

export const COLORS = {
  headerFill: 'FFE7ECF3',
  titleFont: 'FF1F3864',
  border: 'FFB4BECC',
  greyFont: 'FF8C8C8C',
  greyFill: 'FFF2F2F2',
  badFill: 'FFFDE2E1',
  warnFill: 'FFFFF2CC',
  link: 'FF1F5FBF',
  scaleLow: 'FFF8696B',
  scaleMid: 'FFFFEB84',
  scaleHigh: 'FF63BE7B',
  dataBar: 'FF5B9BD5',
} as const;

// Default tier colours, highest tier first, when the rubric gives none.
const TIER_PALETTE = ['#2E7D32', '#1565C0', '#F9A825', '#EF6C00', '#C62828', '#6A1B9A', '#00838F', '#5D4037'];

/** `#2E7D32` → `FF2E7D32`. */
export function argb(hex: string): string {
  return `FF${hex.replace('#', '').toUpperCase()}`;
}

/** The colour of the tier at `index` (0 = highest). */
export function tierColor(color: string | undefined, index: number): string {
  return color ?? TIER_PALETTE[index % TIER_PALETTE.length]!;
}

/** A light tint of `hex` (mixed with white) for cell fills, keeping dark text readable. */
export function tint(hex: string, amount = 0.25): string {
  const h = hex.replace('#', '');
  const mix = (i: number) => {
    const c = parseInt(h.slice(i, i + 2), 16);
    return Math.round(255 - (255 - c) * amount)
      .toString(16)
      .toUpperCase()
      .padStart(2, '0');
  };
  return `FF${mix(0)}${mix(2)}${mix(4)}`;
}

/** Cell text: `cleanText`, with CR / CRLF as LF (an XML reader turns a bare CR into LF anyway). The reference of `cellText`. */
export function cellTextReference(text: string): string {
  return cleanText(text.replace(/\r\n?/g, '\n'));
}

/** `cellTextReference`, with text it would keep as it is returned at once (tied by test/unit/io/xlsx-write-text.test.ts). */
export function cellText(text: string): string {
  return isCleanCellText(text) ? text : cellTextReference(text);
}

/** Write text as an inert string cell: control characters stripped, capped at 32,767 characters. */
export function setText(cell: Cell, text: string | null | undefined): void {
  const clean = text === null || text === undefined ? '' : cellText(text);
  cell.v = clean === '' ? null : clean;
}

/** Write a number (or nothing) with a number format. */
export function setNumber(cell: Cell, value: Decimal | number | null | undefined, numFmt?: string): void {
  if (value === null || value === undefined) {
    cell.v = null;
    return;
  }
  const n = typeof value === 'number' ? value : value.toNumber();
  cell.v = Number.isFinite(n) ? n : null;
  if (numFmt) style(cell, numFmtStyle(numFmt));
}

const NUM_FMT_STYLES = new Map<string, CellStyle>();
/**
 * `{ numFmt }`, one frozen object per format: the workbook writer finds a style it has seen by identity,
 * and a fresh object per cell cost a content lookup (JSON key) and a WeakMap entry each — ~40 numbers
 * a Scorecard row (issue 10 item 16). Cell styles are never changed in place (`style` copies).
 */
export function numFmtStyle(numFmt: string): CellStyle {
  let s = NUM_FMT_STYLES.get(numFmt);
  if (!s) NUM_FMT_STYLES.set(numFmt, (s = Object.freeze({ numFmt })));
  return s;
}

/** A note (comment) on a cell, cleaned like any text. */
export function setNote(cell: Cell, lines: (string | undefined | null | false)[]): void {
  const text = noteText(lines);
  if (text) cell.note = text;
}

/** Note text from lines (empty ones dropped), cleaned; '' for none. */
export function noteText(lines: (string | undefined | null | false)[]): string {
  const text = lines.filter((l): l is string => typeof l === 'string' && l !== '').join('\n');
  return text ? cellText(text) : '';
}

/**
 * Write a raw value from a source sheet: strings stay strings, numbers numbers, a number with its
 * source's number format keeps it (a date stays a date cell).
 */
export function setRaw(cell: Cell, value: SourceValue | undefined): void {
  if (typeof value === 'string') setText(cell, value);
  else if (typeof value === 'number') cell.v = Number.isFinite(value) ? value : null;
  else if (typeof value === 'boolean') cell.v = value;
  else if (value !== null && value !== undefined) {
    cell.v = Number.isFinite(value.n) ? value.n : null;
    style(cell, { numFmt: value.fmt });
  } else cell.v = null;
}

function quoteLiteral(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** Number formats by display unit; money in the rubric's currency, with cents only when needed. */
export function unitFormat(unit: string, currency: string, needsDecimals: boolean): string {
  switch (unit) {
    case 'money': {
      const body = needsDecimals ? '#,##0.00' : '#,##0';
      const sym = quoteLiteral(currencySymbol(currency).trim());
      return `${sym}${body};-${sym}${body}`;
    }
    case 'percent':
      return '0.0%';
    case 'count':
      return needsDecimals ? '#,##0.00' : '#,##0';
    case 'score':
      return '0.00';
    default:
      return needsDecimals ? '#,##0.00' : '#,##0';
  }
}

export const PERCENT_FORMAT = '0.0%';
/** A multiple (pipeline coverage): `1.04×`. */
export const MULTIPLE_FORMAT = '0.00"×"';
export const POINTS_FORMAT = '0.00';

/** `0`, `0.0`, `0.00` … for `dp` decimal places. */
export function fixedFormat(dp: number): string {
  return dp > 0 ? `0.${'0'.repeat(dp)}` : '0';
}

/** Display width of text: CJK and full-width characters count double. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000 ? 2 : 1;
  }
  return w;
}

/**
 * The height (points) a row needs to show `text` wrapped in a column `width` characters wide, or
 * undefined when one line holds it. Explicit, because LibreOffice keeps the default height for a
 * wrapped cell of an .xlsx it opens (the text is cut), where Excel would grow the row.
 */
export function wrappedHeight(text: string, width: number, lineHeight = 15): number | undefined {
  // 85% of the column: a fallback font (DejaVu Sans where Calibri is missing) is wider than Calibri
  const room = Math.max(1, Math.floor((width - 1) * 0.85));
  let lines = 0;
  for (const line of text.split('\n')) lines += Math.max(1, Math.ceil(textWidth(line) / room));
  return lines > 1 ? lines * lineHeight : undefined;
}

/** Column widths from the widest text seen per column, within [min, max]. */
export class WidthTracker {
  private readonly widths: number[] = [];
  see(col: number, text: string | number | null | undefined): void {
    if (text === null || text === undefined) return;
    const w = textWidth(String(text));
    if ((this.widths[col] ?? 0) < w) this.widths[col] = w;
  }
  /** Set the widths; `wider` lifts the cap for some columns (column → its own max). */
  apply(widths: Record<number, number>, min = 8, max = 48, wider: Record<number, number> = {}): void {
    for (let c = 1; c < this.widths.length; c++) {
      widths[c] = Math.min(wider[c] ?? max, Math.max(min, (this.widths[c] ?? 0) + 2));
    }
  }
}

/** The header cells' style: bold, tinted, bordered, wrapped. */
export const HEADER_STYLE: CellStyle = { font: { bold: true }, fill: COLORS.headerFill, alignment: { vertical: 'middle', wrapText: true }, border: { bottom: COLORS.border } };

/** Style a header row: bold, tinted, bordered, wrapped. */
export function styleHeader(row: { cell: (col: number) => Cell }, from: number, to: number): void {
  for (let c = from; c <= to; c++) style(row.cell(c), HEADER_STYLE);
}

/** Right-align a (header) cell over a column of numbers, keeping its other alignment. */
export function alignRight(cell: Cell): void {
  const current = typeof cell.s === 'object' ? cell.s.alignment : undefined;
  style(cell, { alignment: { ...current, horizontal: 'right' } });
}
