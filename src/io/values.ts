/**
 * Value coercion: what a cell or CSV field says → the typed value the engine works with. Pure.
 * Money and numbers are exact `Decimal`s built from the text as written (never via a binary float);
 * dates are `YYYY-MM-DD` calendar dates computed without `Date` local time, so they never shift with
 * the machine's time zone.
 */
import { Decimal } from 'decimal.js';
import type { FieldValue, IsoDate } from '../engine/types.js';
import type { FieldType } from '../rubric/schema.js';
import { cleanIdentifier, isPlainText } from '../shared/text.js';
import { foldWidth } from './normalize.js';

export { isPlainText };

/** A cell as read, before coercion. CSV fields are always `s`. */
export type RawCell =
  | { t: 's'; v: string } // text
  | { t: 'n'; v: string } // a number, as written in the file (exact)
  | { t: 'd'; v: string; serial: string } // a date-formatted number: v is the ISO date (or date time)
  | { t: 'b'; v: boolean }
  | { t: 'e'; v: string } // an error value (`#DIV/0!`), cached or typed
  | { t: 'f'; v: null }; // a formula with no cached value

export type DateFormat = 'YYYY-MM-DD' | 'MM/DD/YYYY' | 'DD/MM/YYYY' | 'YYYY/MM/DD' | 'DD.MM.YYYY';

export interface CoerceOptions {
  dateFormat?: string | undefined;
  decimalSeparator?: '.' | ',' | undefined;
}

export type Coerced = { ok: true; value: FieldValue } | { ok: false; code: string; expected: string; found: string; hint?: string };

const EMPTY_MARKERS = new Set(['', '-', '--', '—', '——', '–', '−', '/', 'n/a', 'N/A', '#N/A', 'null', 'NULL']);

/** The text a raw cell shows, for messages and raw output. */
export function cellText(cell: RawCell | undefined): string {
  if (!cell) return '';
  switch (cell.t) {
    case 's':
    case 'n':
    case 'd':
    case 'e':
      return cell.v;
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'f':
      return '';
  }
}

/** `cleanIdentifier`, with the common already-clean case decided by `isPlainText`. */
export function cleanText(text: string): string {
  return isPlainText(text) ? text : cleanIdentifier(text);
}

/** True when a cell holds nothing (or only spaces / an empty marker is *not* blank: `-` is a value). */
export function isBlankCell(cell: RawCell | undefined): boolean {
  if (!cell) return true;
  if (cell.t === 's') {
    const v = cell.v;
    const c = v.charCodeAt(0);
    if (c > 0x20 && c < 0x7f) return false;
    return cleanText(v) === '';
  }
  return false;
}

/**
 * The common cases of `coerce`, decided without building a result object: empty cells, clean text,
 * plain ISO dates and plain decimals written as text. `undefined` = not a common case, call `coerce`.
 */
export function coerceFast(cell: RawCell | undefined, type: FieldType, decimalSeparator?: '.' | ','): FieldValue | undefined {
  if (!cell) return null;
  if (cell.t !== 's') return cell.t === 'd' && type === 'date' ? cell.v.slice(0, 10) : undefined;
  const v = cell.v;
  switch (type) {
    case 'text':
      return isPlainText(v) ? (v === '' ? null : v) : undefined;
    case 'date':
      return plainIsoDate(v) ? v : undefined;
    case 'money':
    case 'number':
      if (decimalSeparator === ',') return undefined;
      if (isSmallWhole(v)) return new Decimal(+v); // exact: below 10^7; decimal.js stores it directly
      if (PLAIN_NUMBER.test(v) && !CONTINENTAL_GROUP.test(v)) return new Decimal(v);
      return undefined;
    default:
      return undefined;
  }
}

/** `0` or 1–7 digits without a leading zero (what PLAIN_NUMBER takes of whole numbers below 10^7). */
function isSmallWhole(v: string): boolean {
  const n = v.length;
  if (n === 0 || n > 7) return false;
  const c0 = v.charCodeAt(0);
  if (c0 === 48) return n === 1;
  if (c0 < 49 || c0 > 57) return false;
  for (let i = 1; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `YYYY-MM-DD` exactly, a real calendar date in years 1000–9999 (what `isoDate` would give back). */
function plainIsoDate(v: string): boolean {
  if (v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    y = y * 10 + d;
  }
  const m1 = v.charCodeAt(5) - 48;
  const m2 = v.charCodeAt(6) - 48;
  const d1 = v.charCodeAt(8) - 48;
  const d2 = v.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  return y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function quote(s: string): string {
  const short = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  return JSON.stringify(short);
}

/** Coerce a raw cell to a field type. */
export function coerce(cell: RawCell | undefined, type: FieldType, options: CoerceOptions = {}): Coerced {
  if (!cell) return { ok: true, value: null };
  if (cell.t === 'e') return { ok: false, code: 'formula-error', expected: withArticle(typeWord(type)), found: `the error value ${cell.v}` };
  if (cell.t === 'f') {
    return {
      ok: false,
      code: 'formula-no-value',
      expected: withArticle(typeWord(type)),
      found: 'a formula with no cached value',
      hint: 'open the file in Excel or WPS and save it again so the values are calculated',
    };
  }
  switch (type) {
    case 'text':
      return { ok: true, value: textValue(cell) };
    case 'date':
      return coerceDate(cell, options);
    case 'money':
    case 'number':
    case 'integer':
    case 'percent':
      return coerceNumberCell(cell, type, options);
  }
}

function withArticle(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function typeWord(type: FieldType): string {
  return type === 'money' ? 'amount' : type === 'integer' ? 'whole number' : type;
}

function textValue(cell: RawCell): string | null {
  const s = cleanText(cellText(cell));
  return s === '' ? null : s;
}

function coerceNumberCell(cell: RawCell, type: FieldType, options: CoerceOptions): Coerced {
  let value: Decimal | null;
  if (cell.t === 'n' || cell.t === 'd') {
    const text = cell.t === 'n' ? cell.v : cell.serial;
    try {
      value = new Decimal(text);
    } catch {
      return { ok: false, code: 'bad-number', expected: withArticle(typeWord(type)), found: quote(text) };
    }
  } else if (cell.t === 'b') {
    return { ok: false, code: 'bad-number', expected: withArticle(typeWord(type)), found: cell.v ? 'TRUE' : 'FALSE' };
  } else {
    const parsed = parseNumberText(cellText(cell), options.decimalSeparator);
    if (!parsed.ok) return { ...parsed, expected: withArticle(typeWord(type)) };
    value = parsed.value;
    // `12.5%` is a fraction whatever the type; a percent column without `%` holds fractions or whole percents
    if (value !== null && type === 'percent' && !parsed.percent && value.abs().gt(1)) value = value.div(100);
  }
  if (value !== null && type === 'integer' && !value.isInteger()) {
    return { ok: false, code: 'bad-number', expected: 'a whole number', found: quote(cellText(cell)) };
  }
  return { ok: true, value };
}

type ParsedNumber =
  | { ok: true; value: Decimal | null; percent: boolean }
  | { ok: false; code: string; expected: string; found: string; hint?: string };

const CURRENCY_PREFIX = /^(?:rmb|cny|usd|eur|gbp|hkd|jpy|hk\$|us\$|¥|\$|€|£|元)\s*/i;
const CURRENCY_SUFFIX = /\s*(?:rmb|cny|usd|eur|gbp|hkd|jpy|元|¥)$/i;

/**
 * Parse a number written as text: grouping, currency symbols and codes, `(1,234)` negatives, `%`,
 * `万` / `亿` multipliers, full-width digits. `1.234` (and `1.234,5`-style text) is ambiguous unless the
 * decimal separator is declared.
 */
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d{1,12})?$/;
const PLAIN_ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CONTINENTAL_GROUP = /^-?[1-9]\d{0,2}\.\d{3}$/;

export function parseNumberText(input: string, decimalSeparator?: '.' | ','): ParsedNumber {
  // fast path: a plain decimal that cannot be a continental thousands group
  if (decimalSeparator !== ',' && PLAIN_NUMBER.test(input) && !CONTINENTAL_GROUP.test(input)) {
    return { ok: true, value: new Decimal(input), percent: false };
  }
  const original = input;
  let s = foldWidth(input);
  if (EMPTY_MARKERS.has(s)) return { ok: true, value: null, percent: false };
  const bad = (hint?: string): ParsedNumber =>
    hint === undefined
      ? { ok: false, code: 'bad-number', expected: 'a number', found: quote(original) }
      : { ok: false, code: 'bad-number', expected: 'a number', found: quote(original), hint };
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    negative = true;
    s = paren[1]!.trim();
  }
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = !negative;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) s = s.slice(1).trim();
  s = s.replace(CURRENCY_PREFIX, '');
  if (s.startsWith('-') || s.startsWith('−')) {
    // `¥-1,234`
    negative = !negative;
    s = s.slice(1).trim();
  }
  s = s.replace(CURRENCY_SUFFIX, '');
  let percent = false;
  let scale = 0;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1).trim();
  } else if (s.endsWith('万元') || s.endsWith('万')) {
    scale = 4;
    s = s.replace(/万元?$/, '').trim();
  } else if (s.endsWith('亿元') || s.endsWith('亿')) {
    scale = 8;
    s = s.replace(/亿元?$/, '').trim();
  }
  if (s === '') return bad();
  let plain: string;
  if (/^\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(s) || /^\.\d+$/.test(s)) {
    // `1.234`: a decimal point, or a thousands separator in de-DE/fr-FR exports
    if (decimalSeparator === undefined && /^[1-9]\d{0,2}\.\d{3}$/.test(s) && !percent && scale === 0) {
      return {
        ok: false,
        code: 'ambiguous-number',
        expected: 'a number',
        found: `${quote(original)}, which may be ${s} or ${s.replace('.', '')}`,
        hint: 'declare source.decimal_separator in the rubric',
      };
    }
    plain = decimalSeparator === ',' ? s.replace('.', '') : s;
    if (decimalSeparator === ',' && !/^\d+$/.test(plain)) return bad();
  } else if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(s) && decimalSeparator !== ',') {
    plain = s.replace(/,/g, '');
  } else if (/^\d+,\d+$/.test(s) && decimalSeparator === ',') {
    plain = s.replace(',', '.');
  } else if (/^\d{1,3}(?:[. ]\d{3})+(?:,\d+)?$/.test(s) && decimalSeparator !== '.') {
    // `1.234.567,89` or `1 234,5`: unambiguous continental grouping
    plain = s.replace(/[. ]/g, '').replace(',', '.');
  } else if (/^\d{1,3}(?:,\d{3})+$/.test(s) && decimalSeparator === ',') {
    return bad('source.decimal_separator is "," but this number uses "," for thousands');
  } else {
    return bad();
  }
  let value: Decimal;
  try {
    value = new Decimal(plain);
  } catch {
    return bad();
  }
  if (scale) value = value.times(new Decimal(10).pow(scale));
  if (percent) value = value.div(100);
  if (negative) value = value.negated();
  return { ok: true, value, percent };
}

// ---------------------------------------------------------------------------------------------------------
// dates

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function daysInMonth(y: number, m: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** `YYYY-MM-DD` when y/m/d is a real calendar date, else undefined. */
export function isoDate(y: number, m: number, d: number): IsoDate | undefined {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return undefined;
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/**
 * An Excel serial day number → calendar date. The 1900 system counts 1900-01-01 as 1 and keeps
 * Lotus' phantom 1900-02-29 (serial 60); the 1904 system counts 1904-01-01 as 0. The fraction (time
 * of day) is dropped. Computed in UTC milliseconds, so no time zone can shift it.
 */
export function serialToIsoDate(serial: number, date1904 = false): IsoDate | undefined {
  if (!Number.isFinite(serial) || serial < 0) return undefined;
  const day = Math.floor(serial);
  let ms: number;
  if (date1904) ms = Date.UTC(1904, 0, 1) + day * 86_400_000;
  else if (day >= 61) ms = Date.UTC(1899, 11, 30) + day * 86_400_000;
  else if (day >= 1 && day < 60) ms = Date.UTC(1899, 11, 31) + day * 86_400_000;
  else return undefined; // 0 and the phantom 1900-02-29
  const d = new Date(ms);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The time of day of a serial, `HH:MM:SS`, or '' at midnight. */
export function serialTime(serial: number): string {
  const secs = Math.round((serial - Math.floor(serial)) * 86_400);
  if (secs <= 0 || secs >= 86_400) return '';
  return `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor((secs % 3600) / 60))}:${pad2(secs % 60)}`;
}

const MAX_SERIAL = 2_958_465; // 9999-12-31

function coerceDate(cell: RawCell, options: CoerceOptions): Coerced {
  if (cell.t === 'd') return { ok: true, value: cell.v.slice(0, 10) };
  if (cell.t === 'n') {
    const n = Number(cell.v);
    const iso = n >= 1 && n <= MAX_SERIAL ? serialToIsoDate(n) : undefined;
    return iso ? { ok: true, value: iso } : { ok: false, code: 'bad-date', expected: 'a date', found: `the number ${cell.v}` };
  }
  if (cell.t === 'b') return { ok: false, code: 'bad-date', expected: 'a date', found: cell.v ? 'TRUE' : 'FALSE' };
  const parsed = parseDateText(cellText(cell), options.dateFormat);
  return parsed;
}

/**
 * Parse a date written as text: `2026-07-01`, `2026/7/1`, `2026.7.1`, `2026年7月1日`, ISO with a time
 * (the date part as written; no time-zone conversion), `20260701`, an Excel serial, and `07/01/2026`
 * style dates when the format is declared or the day is above 12.
 */
export function parseDateText(input: string, dateFormat?: string): Coerced {
  if (plainIsoDate(input)) return { ok: true, value: input };
  const fast = PLAIN_ISO_DATE.exec(input);
  if (fast) {
    const iso = isoDate(Number(fast[1]), Number(fast[2]), Number(fast[3]));
    if (iso) return { ok: true, value: iso };
  }
  const s = foldWidth(input);
  if (EMPTY_MARKERS.has(s)) return { ok: true, value: null };
  const bad = (): Coerced => ({ ok: false, code: 'bad-date', expected: 'a date', found: quote(input) });
  const ok = (iso: IsoDate | undefined): Coerced => (iso ? { ok: true, value: iso } : bad());
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:[ T]|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|[AaPp][Mm])?)?$/.exec(s);
  if (m) return ok(isoDate(Number(m[1]), Number(m[2]), Number(m[3])));
  m = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(?:\s*\d{1,2}[:时].*)?$/.exec(s);
  if (m) return ok(isoDate(Number(m[1]), Number(m[2]), Number(m[3])));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso) return { ok: true, value: iso };
  }
  if (/^\d+(?:\.\d+)?$/.test(s)) {
    const n = Number(s);
    const iso = n >= 1 && n <= MAX_SERIAL ? serialToIsoDate(n) : undefined;
    if (iso) return { ok: true, value: iso };
    return bad();
  }
  m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?)?$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = Number(m[4]);
    const fmt = dateFormat?.toUpperCase();
    if (fmt === 'MM/DD/YYYY') return ok(isoDate(y, a, b));
    if (fmt === 'DD/MM/YYYY' || fmt === 'DD.MM.YYYY') return ok(isoDate(y, b, a));
    if (a > 12 && b <= 12) return ok(isoDate(y, b, a));
    if (b > 12 && a <= 12) return ok(isoDate(y, a, b));
    return {
      ok: false,
      code: 'ambiguous-date',
      expected: 'a date',
      found: `${quote(input)}, which may be month/day or day/month`,
      hint: 'declare source.date_format (MM/DD/YYYY or DD/MM/YYYY) in the rubric',
    };
  }
  return bad();
}
