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
import { daysInMonth, pad2 } from '../shared/calendar.js';
import type { FindingCode } from '../shared/finding-codes.js';
import type { FindingData } from '../shared/diagnostic.js';
import { clipValue, expectedEn, type Conversion, foundEn, hintEn, valueFindingData, type HintCode, type SeparatorRefusal, type ValueKind, type ValueOutcome, type ValueProblem } from '../shared/value-problem.js';
import { foldWidth } from './normalize.js';

export { isPlainText };

/** A cell as read, before coercion. CSV fields are always `s`. */
export type RawCell =
  | { t: 's'; v: string } // text
  | { t: 'n'; v: string; cur?: string; fmt?: string } // a number, as written in the file (exact); cur: the currency its number format shows (see formatCurrency); fmt: its number format (XLSX, not General)
  | { t: 'd'; v: string; serial: string; fmt?: string } // a date-formatted number: v is the ISO date (or date time), fmt its date format
  | { t: 'b'; v: boolean }
  | { t: 'e'; v: string } // an error value (`#DIV/0!`), cached or typed
  | { t: 'f'; v: null }; // a formula with no cached value

type DateFormat = 'YYYY-MM-DD' | 'MM/DD/YYYY' | 'DD/MM/YYYY' | 'YYYY/MM/DD' | 'DD.MM.YYYY';

export interface CoerceOptions {
  dateFormat?: string | undefined;
  /** The column's decimal separator (declared, or decided from its values); undefined: `1.234` is ambiguous. */
  decimalSeparator?: '.' | ',' | undefined;
  /**
   * Set when the column's separator was decided from its own values against the currency and locale's
   * usual one: a value that fits both readings (`1,500`) is then an `ambiguous-number`, not read (the
   * text says why the column was read that way).
   */
  refuseEither?: SeparatorRefusal | undefined;
  /** The rubric's currency: a sign or code of another currency is an error unless `fx` has its rate. Undefined: not checked. */
  currency?: string | undefined;
  /** Units of `currency` per one unit of each foreign currency. */
  fx?: Readonly<Record<string, Decimal>> | undefined;
  /**
   * The row's currency from its currency column (an ISO code or `currencySign` key), when it is not the
   * rubric's: an amount written without a sign of its own is in it — converted by `fx`, else refused.
   */
  rowCurrency?: string | undefined;
}

/**
 * `conversion`: how the value was derived when that is worth telling (a currency conversion);
 * `exponent`: the text as written when it uses an exponent (`2.5E+05`) and was read (an `exponent-number` warning).
 */
export type Coerced = { ok: true; value: FieldValue; conversion?: Conversion; exponent?: string } | Failed;

/**
 * A number written with an exponent whose mantissa has this many digits or more (leading zeros not
 * counted) is what Excel writes for a long number it shortened (`1.23457E+11`, 6 digits): its other
 * digits are lost, so it is not read. One with fewer (`1e3`, `2.5E+05`) is read as written, with a warning.
 */
export const EXPONENT_LOST_DIGITS = 6;

/**
 * A value that could not be read: its code and facts (`problem`, shared/value-problem.ts), with the
 * English phrases `expected`, `found`, `hint` rendered from them for the messages io/ builds.
 */
export interface Failed {
  ok: false;
  code: FindingCode;
  problem: ValueProblem;
  expected: string;
  found: string;
  hint?: string;
}

function fail(code: FindingCode, problem: ValueProblem): Failed {
  const hint = hintEn(problem);
  const out: Failed = { ok: false, code, problem, expected: expectedEn(problem), found: foundEn(problem) };
  if (hint !== undefined) out.hint = hint;
  return out;
}

/** The same failure with another expected type (and the hints that name it re-rendered). */
function expecting(res: Failed, expected: ValueKind, currency?: string): Failed {
  const problem: ValueProblem = { ...res.problem, expected };
  if (currency !== undefined) problem.currency = currency;
  return fail(res.code, problem);
}

/** A failed coercion's finding data: the field, the problem's facts, and what became of the row. */
export function coercedData(field: string, res: Failed, outcome: ValueOutcome): FindingData {
  return valueFindingData(field, res.problem, outcome);
}

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
  if (cell.t === 'n') {
    // a number stored in an XLSX cell, plain and without a currency: what storedNumber gives (the
    // decimal separator is the file's, not the column's)
    if ((type === 'money' || type === 'number') && cell.cur === undefined) {
      if (isSmallWhole(cell.v)) return new Decimal(+cell.v);
      if (PLAIN_NUMBER.test(cell.v)) return new Decimal(cell.v);
    }
    return undefined;
  }
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
      if (PLAIN_NUMBER.test(v) && (decimalSeparator === '.' || !CONTINENTAL_GROUP.test(v))) return new Decimal(v);
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


/** Coerce a raw cell to a field type. */
export function coerce(cell: RawCell | undefined, type: FieldType, options: CoerceOptions = {}): Coerced {
  if (!cell) return { ok: true, value: null };
  if (cell.t === 'e') return fail('formula-error', { expected: kindOf(type), found: 'error', text: cell.v });
  if (cell.t === 'f') return fail('formula-no-value', { expected: kindOf(type), found: 'formula', hint: 'recalculate' });
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

function kindOf(type: FieldType): ValueKind {
  return type === 'money' ? 'amount' : type === 'integer' ? 'whole-number' : type;
}

function textValue(cell: RawCell): string | null {
  const s = cleanText(cellText(cell));
  return s === '' ? null : s;
}

// Arithmetic on read values is exact: a precision far above the longest number text accepted (64
// characters, exponents within ±40) times a rate, so nothing is ever rounded here.
const X = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -7, toExpPos: 21 });
/** Values at or beyond this magnitude are refused (no real amount, count or rate is that large). */
const MAX_ABS = new Decimal('1e18');
const MAX_NUMBER_TEXT = 64;
const MAX_EXPONENT = 40;

function coerceNumberCell(cell: RawCell, type: FieldType, options: CoerceOptions): Coerced {
  const expected = kindOf(type);
  let value: Decimal | null;
  let conversion: Conversion | undefined;
  let exponent: string | undefined;
  if (cell.t === 'n' || cell.t === 'd') {
    const text = cell.t === 'n' ? cell.v : cell.serial;
    const d = storedNumber(text);
    if (d === undefined) return fail('bad-number', { expected, found: 'text', text: clipValue(text), hint: 'not-finite' });
    value = d;
    // the cell's number format names its currency; else an amount is in its row's currency
    const own = cell.t === 'n' && cell.cur !== undefined && type !== 'percent' ? cell.cur : undefined;
    const sign = own ?? (type === 'money' ? options.rowCurrency : undefined);
    if (sign !== undefined && options.currency !== undefined) {
      const conv = convertCurrency(value, sign, options.currency, options.fx);
      if (!conv.ok) return fail('foreign-currency', { expected, currency: options.currency, found: own !== undefined ? 'stored-currency' : 'row-currency', text, ...conv.problem });
      value = conv.value;
      conversion = conv.conversion;
    }
  } else if (cell.t === 'b') {
    return fail('bad-number', { expected, found: cell.v ? 'true' : 'false' });
  } else {
    const parsed = parseNumberText(cellText(cell), options.decimalSeparator, options.refuseEither);
    if (!parsed.ok) return expecting(parsed, expected);
    value = parsed.value;
    if (parsed.percent && (type === 'money' || type === 'integer')) {
      return fail('bad-number', { expected, found: 'text', text: clipValue(cellText(cell)), hint: 'percent-not' });
    }
    // a sign or code written with the number wins over its row's currency
    const sign = parsed.currency ?? (type === 'money' ? options.rowCurrency : undefined);
    if (value !== null && sign !== undefined && options.currency !== undefined) {
      const conv = convertCurrency(value, sign, options.currency, options.fx);
      if (!conv.ok) return fail('foreign-currency', { expected, currency: options.currency, found: parsed.currency !== undefined ? 'text-currency' : 'row-currency', text: clipValue(cellText(cell)), ...conv.problem });
      value = conv.value;
      conversion = conv.conversion;
    }
    if (parsed.mantissaDigits !== undefined) {
      if (parsed.mantissaDigits >= EXPONENT_LOST_DIGITS) return fail('exponent-number', { expected, found: 'text', text: clipValue(cellText(cell)), hint: 'exponent-digits' });
      exponent = clipValue(cellText(cell));
    }
    // `12.5%` is a fraction whatever the type; a percent column without `%` holds fractions or whole percents
    if (value !== null && type === 'percent' && !parsed.percent && value.abs().gt(1)) value = new Decimal(new X(value).div(100));
  }
  if (value !== null && type === 'integer' && !value.isInteger()) {
    return fail('bad-number', { expected: 'whole-number', found: 'text', text: clipValue(cellText(cell)) });
  }
  const out: Coerced = conversion === undefined ? { ok: true, value } : { ok: true, value, conversion };
  if (exponent !== undefined) out.exponent = exponent;
  return out;
}

/** A number as stored in the file (`<v>` of an XLSX cell): a plain finite decimal within range, else undefined. */
function storedNumber(text: string): Decimal | undefined {
  const m = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE]([-+]?\d{1,4}))?$/.exec(text);
  if (!m || text.length > MAX_NUMBER_TEXT) return undefined;
  if (m[1] !== undefined && Math.abs(Number(m[1])) > 400) return undefined;
  const d = new Decimal(text);
  return d.abs().gte(MAX_ABS) ? undefined : d;
}

// ---------------------------------------------------------------------------------------------------------
// currencies

/** The rubric's `fx` as exact decimals (a YAML number is taken as its shortest decimal form: `7.8` is 7.8). */
export function fxRates(fx: Readonly<Record<string, number | string>> | undefined): Record<string, Decimal> | undefined {
  if (fx === undefined) return undefined;
  const out: Record<string, Decimal> = {};
  for (const [code, rate] of Object.entries(fx)) out[code] = new Decimal(rate);
  return out;
}

/** Currency signs and codes read around a number, as written (folded to NFKC and lower case). */
const CURRENCY_SIGNS: Record<string, string> = {
  rmb: 'CNY', cny: 'CNY', '元': '元', 'cn¥': 'CNY', 'rmb¥': 'CNY',
  usd: 'USD', 'us$': 'USD', eur: 'EUR', '€': 'EUR', gbp: 'GBP', '£': 'GBP',
  hkd: 'HKD', 'hk$': 'HKD', jpy: 'JPY', 'jp¥': 'JPY', '円': 'JPY', twd: 'TWD', 'nt$': 'TWD',
  sgd: 'SGD', 's$': 'SGD', aud: 'AUD', 'a$': 'AUD', cad: 'CAD', 'c$': 'CAD', nzd: 'NZD', chf: 'CHF',
  krw: 'KRW', '₩': 'KRW', inr: 'INR', '₹': 'INR', mop: 'MOP', myr: 'MYR', thb: 'THB',
  '¥': '¥', '$': '$',
};
const SIGN_ALT = Object.keys(CURRENCY_SIGNS)
  .sort((a, b) => b.length - a.length)
  .map((k) => k.replace(/[$]/g, '\\$'))
  .join('|');
const CURRENCY_PREFIX = new RegExp(`^(${SIGN_ALT})\\s*`, 'i');
const CURRENCY_SUFFIX = new RegExp(`\\s*(${SIGN_ALT})$`, 'i');
/**
 * The currency an XLSX number format shows, as a sign or ISO code `currencyOf` resolves: `"$"#,##0.00`
 * → `$`, `[$€-407] #,##0` → EUR, `[$USD] 0.00` → USD, `¥#,##0;[Red]-¥#,##0` → `¥`, `#,##0"元"` → CNY.
 * `[$-804]` (a locale, no symbol) and formats without a currency give undefined.
 */
export function formatCurrency(code: string): string | undefined {
  const found = new Set<string>();
  const add = (token: string): void => {
    const t = token.trim().toLowerCase();
    if (t === '') return;
    for (const k of [t, t.normalize('NFKC')]) {
      if (Object.hasOwn(CURRENCY_SIGNS, k)) {
        found.add(CURRENCY_SIGNS[k]!);
        return;
      }
    }
  };
  // [$SYMBOL-LCID] and [$CODE]
  for (const m of code.matchAll(/\[\$([^\]-]*)(?:-[^\]]*)?\]/g)) add(m[1]!);
  const rest = code.replace(/\[[^\]]*\]/g, '');
  // quoted literals: "$", "USD ", "元"
  for (const m of rest.matchAll(/"([^"]*)"/g)) add(m[1]!);
  // escaped characters: \$
  for (const m of rest.matchAll(/\\(.)/g)) add(m[1]!);
  // bare symbols, outside quotes and escapes
  for (const m of rest.replace(/"[^"]*"/g, '').replace(/\\./g, '').matchAll(/[$¥￥€£₩₹元円]/g)) add(m[0]);
  return found.size === 1 ? [...found][0] : found.size === 0 ? undefined : [...found].sort().join('|');
}

/** Chinese names of currencies a 币种 column holds. */
const CURRENCY_NAMES: Record<string, string> = {
  人民币: 'CNY', 美元: 'USD', 欧元: 'EUR', 英镑: 'GBP', 港币: 'HKD', 港元: 'HKD', 日元: 'JPY', 新台币: 'TWD', 台币: 'TWD',
  澳元: 'AUD', 澳币: 'AUD', 加元: 'CAD', 加币: 'CAD', 新加坡元: 'SGD', 新币: 'SGD', 瑞士法郎: 'CHF', 韩元: 'KRW', 澳门元: 'MOP', 澳门币: 'MOP',
};

/**
 * The currency a row's currency cell names, as `currencyOf` takes it: an ISO code or sign read as in an
 * amount (`USD`, `eur`, `RMB`, `€`), a Chinese name (`美元`), or another text as written (upper case: a
 * code `fx` may rate). Undefined for an empty cell.
 */
export function rowCurrencyCode(text: string): string | undefined {
  const t = text.normalize('NFKC').trim();
  if (t === '' || EMPTY_MARKERS.has(t)) return undefined;
  return CURRENCY_SIGNS[t.toLowerCase()] ?? CURRENCY_NAMES[t] ?? t.toUpperCase();
}

/** Currencies written with a bare `$`: under one of these, `$` is the rubric's own currency. */
const DOLLAR_CURRENCIES = new Set(['USD', 'HKD', 'SGD', 'AUD', 'CAD', 'NZD', 'TWD']);
/** Currencies whose amounts Chinese text writes with `元`: under one of these, `元` is the rubric's own currency. */
const YUAN_CURRENCIES = new Set(['CNY', 'TWD', 'HKD', 'MOP']);

/**
 * The ISO code a sign stands for under the rubric's currency. `¥` is both CNY and JPY: it is the rubric
 * currency when that is CNY or JPY; otherwise it is whichever of the two the rates name (neither or
 * both: refused). `$` is the rubric currency when that is a dollar, else USD; `元` the rubric currency
 * when that is CNY, TWD, HKD or MOP, else CNY.
 */
export function currencyOf(sign: string, rubricCurrency: string, fx?: Readonly<Record<string, Decimal>>): string | undefined {
  if (sign === '¥') {
    if (rubricCurrency === 'CNY' || rubricCurrency === 'JPY') return rubricCurrency;
    const cny = fx?.CNY !== undefined;
    const jpy = fx?.JPY !== undefined;
    return cny === jpy ? undefined : cny ? 'CNY' : 'JPY';
  }
  if (sign === '$') return DOLLAR_CURRENCIES.has(rubricCurrency) ? rubricCurrency : 'USD';
  if (sign === '元') return YUAN_CURRENCIES.has(rubricCurrency) ? rubricCurrency : 'CNY';
  return sign;
}

function convertCurrency(
  value: Decimal,
  sign: string,
  rubricCurrency: string,
  fx: Readonly<Record<string, Decimal>> | undefined,
): { ok: true; value: Decimal; conversion?: Conversion } | { ok: false; problem: Pick<ValueProblem, 'foreign' | 'currencies' | 'hint'> } {
  if (sign.includes('|')) return { ok: false, problem: { foreign: 'several', currencies: sign.split('|').join(', '), hint: 'one-currency' } };
  const code = currencyOf(sign, rubricCurrency, fx);
  if (code === undefined) return { ok: false, problem: { foreign: 'yen', hint: 'yen-rate' } };
  if (code === rubricCurrency) return { ok: true, value };
  const rate = fx?.[code];
  if (rate === undefined) return { ok: false, problem: { foreign: code, hint: 'fx-rate' } };
  const converted = new Decimal(new X(value).times(rate));
  return { ok: true, value: converted, conversion: { value: value.toString(), from: code, rate: rate.toString(), converted: converted.toString(), to: rubricCurrency } };
}

// ---------------------------------------------------------------------------------------------------------
// numbers written as text

/** `mantissaDigits`: the text uses an exponent (`2.5E+05`); the digits of its mantissa, leading zeros not counted. */
type ParsedNumber = { ok: true; value: Decimal | null; percent: boolean; currency?: string; evidence?: NumberEvidence; mantissaDigits?: number } | Failed;

/** What a number's text says about the column's decimal separator. `either`: it fits both readings. */
export type NumberEvidence = '.' | ',' | 'either';

/**
 * Parse a number written as text: grouping, currency signs and codes, `(1,234)` negatives, `%`,
 * `万` / `亿` multipliers, full-width digits and signs, U+2212. One sign at most (`--5`, `+-5`,
 * `(−5)` are refused); no hex, binary, `Infinity` or `NaN`; exponents within ±40 and magnitudes below
 * 10^18. `decimalSeparator` is the column's convention; without it a text that fits both readings
 * (`1.234`, `1,234`) is an `ambiguous-number`.
 */
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d{1,12})?$/;
const PLAIN_ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Plain numbers that fit both readings: `1.234` may be 1234. */
const CONTINENTAL_GROUP = /^-?[1-9]\d{0,2}\.\d{3}$/;

export function parseNumberText(input: string, decimalSeparator?: '.' | ',', refuseEither?: SeparatorRefusal): ParsedNumber {
  // fast path: a plain decimal that cannot be a continental thousands group
  if (decimalSeparator !== ',' && PLAIN_NUMBER.test(input)) {
    const either = CONTINENTAL_GROUP.test(input);
    if ((decimalSeparator === '.' && refuseEither === undefined) || !either) {
      const evidence: NumberEvidence | undefined = either ? 'either' : input.includes('.') ? '.' : undefined;
      return evidence === undefined ? { ok: true, value: new Decimal(input), percent: false } : { ok: true, value: new Decimal(input), percent: false, evidence };
    }
  }
  const original = input;
  let s = foldWidth(input);
  if (EMPTY_MARKERS.has(s)) return { ok: true, value: null, percent: false };
  const bad = (hint?: HintCode, more: Partial<ValueProblem> = {}): ParsedNumber =>
    fail('bad-number', hint === undefined ? { expected: 'number', found: 'text', text: clipValue(original) } : { expected: 'number', found: 'text', text: clipValue(original), hint, ...more });
  if (s.length > MAX_NUMBER_TEXT) return bad('too-long');
  let negative = false;
  let signs = 0;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    negative = true;
    s = paren[1]!.trim();
  }
  const takeSign = (): void => {
    const c = s[0];
    if (c === '-' || c === '−' || c === '+') {
      signs++;
      if (c !== '+') negative = !negative;
      s = s.slice(1).trim();
    }
  };
  takeSign();
  let currency: string | undefined;
  const pre = CURRENCY_PREFIX.exec(s);
  if (pre) {
    currency = CURRENCY_SIGNS[pre[1]!.toLowerCase()];
    s = s.slice(pre[0].length);
    takeSign(); // `¥-1,234`
  }
  if (signs > 1 || (paren && signs > 0) || /^[-−+]/.test(s)) return bad('signs');
  const suf = CURRENCY_SUFFIX.exec(s);
  if (suf && suf.index > 0) {
    if (currency !== undefined) return bad('two-currency-signs');
    currency = CURRENCY_SIGNS[suf[1]!.toLowerCase()];
    s = s.slice(0, suf.index);
  }
  let percent = false;
  let scale = 0;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1).trim();
  } else if (s.endsWith('万元') || s.endsWith('万')) {
    scale = 4;
    if (s.endsWith('元')) currency ??= '元';
    s = s.replace(/万元?$/, '').trim();
  } else if (s.endsWith('亿元') || s.endsWith('亿')) {
    scale = 8;
    if (s.endsWith('元')) currency ??= '元';
    s = s.replace(/亿元?$/, '').trim();
  }
  if (s === '') return bad();
  const body = readNumberBody(s);
  if (body === undefined) return bad();
  if (body === 'out-of-range') return bad('exponent', { max: MAX_EXPONENT });
  let plain: string;
  if (body.evidence === 'either') {
    // `contradicted`: only a value whose reading with the column's separator is a three-decimal fraction
    if (decimalSeparator === undefined || (refuseEither !== undefined && (refuseEither.refuse !== 'contradicted' || (decimalSeparator === '.' ? body.dot : body.comma).includes('.')))) {
      const sign = negative ? '-' : '';
      return fail('ambiguous-number', { expected: 'number', found: 'either', text: clipValue(original), dot: `${sign}${body.dot}`, comma: `${sign}${body.comma}`, hint: 'declare-decimal', ...refuseEither });
    }
    plain = decimalSeparator === '.' ? body.dot : body.comma;
  } else if (body.evidence !== undefined && decimalSeparator !== undefined && body.evidence !== decimalSeparator) {
    return bad('separator-mismatch', { columnSep: decimalSeparator, valueSep: body.evidence });
  } else plain = body.evidence === ',' ? body.comma : body.dot;
  let value = new X(plain);
  if (scale) value = value.times(new X(10).pow(scale));
  if (percent) value = value.div(100);
  if (negative) value = value.negated();
  if (value.abs().gte(MAX_ABS)) return bad('out-of-range');
  const out: ParsedNumber = { ok: true, value: new Decimal(value), percent };
  if (currency !== undefined) out.currency = currency;
  if (body.evidence !== undefined) out.evidence = body.evidence;
  if (body.mantissaDigits !== undefined) out.mantissaDigits = body.mantissaDigits;
  return out;
}

interface NumberBody {
  /** The plain decimal under each reading (the same when the text is unambiguous). */
  dot: string;
  comma: string;
  evidence?: NumberEvidence;
  /** Written with an exponent: the digits of the mantissa, leading zeros not counted. */
  mantissaDigits?: number;
}

const INT = /^\d+$/;
const COMMA_GROUPS = /^[1-9]\d{0,2}(?:,\d{3})+$/;
const DOT_GROUPS = /^[1-9]\d{0,2}(?:\.\d{3})+$/;
const DOT_DECIMAL = /^\d*\.\d+$/;
const COMMA_DECIMAL = /^\d*,\d+$/;
const COMMA_GROUPS_DOT_DECIMAL = /^[1-9]\d{0,2}(?:,\d{3})+\.\d+$/;
const DOT_GROUPS_COMMA_DECIMAL = /^[1-9]\d{0,2}(?:\.\d{3})+,\d+$/;
const SPACE_GROUPS = /^[1-9]\d{0,2}(?: \d{3})+(?:([.,])(\d+))?$/;
const EXPONENT = /^(\d+(?:\.\d+)?|\.\d+)[eE]([-+]?\d+)$/;

/** The digits and separators of a number (no sign, currency or suffix) → its readings, or undefined. */
function readNumberBody(s: string): NumberBody | 'out-of-range' | undefined {
  const same = (p: string, evidence?: NumberEvidence): NumberBody => (evidence === undefined ? { dot: p, comma: p } : { dot: p, comma: p, evidence });
  if (INT.test(s)) return same(s);
  if (COMMA_GROUPS.test(s)) {
    const p = s.replace(/,/g, '');
    return s.indexOf(',') === s.lastIndexOf(',') ? { dot: p, comma: s.replace(',', '.'), evidence: 'either' } : same(p, '.');
  }
  if (DOT_GROUPS.test(s)) {
    const p = s.replace(/\./g, '');
    return s.indexOf('.') === s.lastIndexOf('.') ? { dot: s, comma: p, evidence: 'either' } : same(p, ',');
  }
  if (DOT_DECIMAL.test(s)) return same(s, '.');
  if (COMMA_DECIMAL.test(s)) return same(s.replace(',', '.'), ',');
  if (COMMA_GROUPS_DOT_DECIMAL.test(s)) return same(s.replace(/,/g, ''), '.');
  if (DOT_GROUPS_COMMA_DECIMAL.test(s)) return same(s.replace(/\./g, '').replace(',', '.'), ',');
  const sp = SPACE_GROUPS.exec(s);
  if (sp) {
    const whole = s.replace(/ /g, '').replace(/[.,]\d+$/, '');
    return sp[1] === undefined ? same(whole) : same(`${whole}.${sp[2]!}`, sp[1] as '.' | ',');
  }
  const e = EXPONENT.exec(s);
  if (e) {
    if (e[2]!.replace(/^[-+]?0*/, '').length > 3 || Math.abs(Number(e[2])) > MAX_EXPONENT) return 'out-of-range';
    return { ...same(s, e[1]!.includes('.') ? '.' : undefined), mantissaDigits: e[1]!.replace('.', '').replace(/^0+/, '').length };
  }
  return undefined;
}

/**
 * What a text cell of a number column says about the column's decimal separator: `.` or `,` when it
 * settles it (two `.`, a `,` decimal, `1.234,56`, a 1–2 or 4+ digit fraction…), `either` when it fits
 * both readings (`1.234`, `1,234`), undefined when it says nothing (whole numbers, not a number).
 */
export function numberEvidence(text: string): NumberEvidence | undefined {
  const r = parseNumberText(text, undefined);
  if (r.ok) return r.evidence;
  return r.code === 'ambiguous-number' ? 'either' : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// dates


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
    return iso ? { ok: true, value: iso } : fail('bad-date', { expected: 'date', found: 'number', text: cell.v });
  }
  if (cell.t === 'b') return fail('bad-date', { expected: 'date', found: cell.v ? 'true' : 'false' });
  const parsed = parseDateText(cellText(cell), options.dateFormat);
  return parsed;
}

/**
 * Parse a date written as text: `2026-07-01`, `2026/7/1`, `2026.7.1`, `2026年7月1日`, ISO with a time
 * (the date part as written; no time-zone conversion), `20260701`, an Excel serial, `07/01/2026`
 * style dates when the format is declared or the day is above 12, and dates with an English month name
 * (`Jul 1, 2026`, `01-Jul-2026`, Excel's `1-Jul-26`).
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
  const bad = (): Coerced => fail('bad-date', { expected: 'date', found: 'text', text: clipValue(input) });
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
    return fail('ambiguous-date', { expected: 'date', found: 'day-month', text: clipValue(input), hint: 'declare-date-format' });
  }
  // An English month name settles the order: `Jul 1, 2026`, `July 01 2026` (Salesforce, Zoho), `1 Jul 2026`,
  // `01-Jul-2026`, and Excel's `1-Jul-26` (a two-digit year as Excel reads it: 00–29 → 20xx, 30–99 → 19xx).
  m = MONTH_FIRST.exec(s);
  if (m) {
    const month = MONTHS.get(m[1]!.toLowerCase());
    return month === undefined ? bad() : ok(isoDate(Number(m[3]), month, Number(m[2])));
  }
  m = DAY_FIRST.exec(s);
  if (m) {
    const month = MONTHS.get(m[2]!.toLowerCase());
    const y = m[3]!.length === 4 ? Number(m[3]) : Number(m[3]) + (Number(m[3]) < 30 ? 2000 : 1900);
    return month === undefined ? bad() : ok(isoDate(y, month, Number(m[1])));
  }
  return bad();
}

const MONTHS = new Map<string, number>(
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].flatMap((name, i) => [
    [name, i + 1],
    [name.slice(0, 3), i + 1],
    ...(name === 'september' ? [['sept', 9] as [string, number]] : []),
  ]),
);
/** A time after a date (`14:30`, `2:30:05 PM`), ignored as ISO's is. */
const TIME_AFTER = String.raw`(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?)?`;
const MONTH_FIRST = new RegExp(String.raw`^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})${TIME_AFTER}$`);
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})(?:\s+|-)([A-Za-z]{3,9})\.?(?:\s+|-)(\d{4}|\d{2})${TIME_AFTER}$`);
