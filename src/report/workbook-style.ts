/**
 * Cell helpers for the workbook: every text goes through `cleanText` and is written as a string cell
 * (never a formula), numbers as numbers with a number format, plus the colours and formats used.
 */
import type ExcelJS from 'exceljs';
import type { Decimal } from 'decimal.js';
import { currencySymbol } from '../shared/format.js';
import { cleanText } from './safe-text.js';

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

export function solidFill(argbColor: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb: argbColor } };
}

/** Cell text: `cleanText`, with CR / CRLF as LF (an XML reader turns a bare CR into LF anyway). */
export function cellText(text: string): string {
  return cleanText(text.replace(/\r\n?/g, '\n'));
}

/** Write text as an inert string cell: control characters stripped, capped at 32,767 characters. */
export function setText(cell: ExcelJS.Cell, text: string | null | undefined): void {
  const clean = text === null || text === undefined ? '' : cellText(text);
  cell.value = clean === '' ? null : clean;
}

/** Write a number (or nothing) with a number format. */
export function setNumber(cell: ExcelJS.Cell, value: Decimal | number | null | undefined, numFmt?: string): void {
  if (value === null || value === undefined) {
    cell.value = null;
    return;
  }
  const n = typeof value === 'number' ? value : value.toNumber();
  cell.value = Number.isFinite(n) ? n : null;
  if (numFmt) cell.numFmt = numFmt;
}

/** A note (comment) on a cell, cleaned like any text. */
export function setNote(cell: ExcelJS.Cell, lines: (string | undefined | null | false)[]): void {
  const text = lines.filter((l): l is string => typeof l === 'string' && l !== '').join('\n');
  if (text) cell.note = cellText(text);
}

/** Write a raw value from a source sheet: strings stay strings, numbers numbers. */
export function setRaw(cell: ExcelJS.Cell, value: string | number | boolean | null | undefined): void {
  if (typeof value === 'string') setText(cell, value);
  else if (typeof value === 'number') cell.value = Number.isFinite(value) ? value : null;
  else if (typeof value === 'boolean') cell.value = value;
  else cell.value = null;
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

/** Column widths from the widest text seen per column, within [min, max]. */
export class WidthTracker {
  private readonly widths: number[] = [];
  see(col: number, text: string | number | null | undefined): void {
    if (text === null || text === undefined) return;
    const w = textWidth(String(text));
    if ((this.widths[col] ?? 0) < w) this.widths[col] = w;
  }
  /** Set the widths; `wider` lifts the cap for some columns (column → its own max). */
  apply(ws: ExcelJS.Worksheet, min = 8, max = 48, wider: Record<number, number> = {}): void {
    for (let c = 1; c < this.widths.length; c++) {
      ws.getColumn(c).width = Math.min(wider[c] ?? max, Math.max(min, (this.widths[c] ?? 0) + 2));
    }
  }
}

/** Style a header row: bold, tinted, bordered, wrapped. */
export function styleHeader(row: ExcelJS.Row, from: number, to: number): void {
  for (let c = from; c <= to; c++) {
    const cell = row.getCell(c);
    cell.font = { bold: true };
    cell.fill = solidFill(COLORS.headerFill);
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.border = { bottom: { style: 'thin', color: { argb: COLORS.border } } };
  }
}
