/**
 * Number formatting for explanations and reports, the same in every renderer. Pure; numbers arrive
 * as decimal strings (Decimal#toString / toFixed) or JS numbers.
 */
const CURRENCY_SYMBOL: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', GBP: '£', JPY: '¥', HKD: 'HK$', TWD: 'NT$' };

export function currencySymbol(currency: string): string {
  return CURRENCY_SYMBOL[currency] ?? `${currency} `;
}

/**
 * `body.split('.')`'s first two parts, without the array and the other parts: the integer part, and
 * the fraction (undefined without a '.'). On a 40-digit decimal, called per KPI and rep by the
 * explanations, the split was most of these functions' time (README Performance, duck16).
 */
function intAndFrac(body: string): [string, string | undefined] {
  const dot = body.indexOf('.');
  if (dot < 0) return [body, undefined];
  const next = body.indexOf('.', dot + 1);
  return [body.slice(0, dot), next < 0 ? body.slice(dot + 1) : body.slice(dot + 1, next)];
}

/**
 * Group the integer part of a plain decimal string: `-1234567.5` → `-1,234,567.5`. (Its reference twin,
 * the `split` and regex it was, is test/unit/shared/reference/format-reference.ts.)
 */
export function groupDigits(plain: string): string {
  const neg = plain.startsWith('-');
  const body = neg ? plain.slice(1) : plain;
  const [int, frac] = intAndFrac(body);
  // (three characters or fewer: the regex inserts no comma)
  const grouped = int.length <= 3 ? int : int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/** Round half-up to `dp` places on the decimal string, without going through binary floats. */
export function toFixedHalfUp(value: string | number, dp: number): string {
  const s = typeof value === 'number' ? numberToPlain(value) : value.trim();
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const [int, fracOrNone] = intAndFrac(body);
  const frac = fracOrNone ?? '';
  if (frac.length <= dp) {
    const out = dp > 0 ? `${int}.${frac.padEnd(dp, '0')}` : int;
    return neg && /[1-9]/.test(out) ? `-${out}` : out;
  }
  const keep = int + frac.slice(0, dp);
  const roundUp = frac.charCodeAt(dp) >= 53; // '5'
  let digits = keep;
  if (roundUp) {
    const arr = digits.split('');
    let i = arr.length - 1;
    while (i >= 0) {
      if (arr[i] === '9') {
        arr[i] = '0';
        i--;
      } else {
        arr[i] = String(Number(arr[i]) + 1);
        break;
      }
    }
    digits = (i < 0 ? '1' : '') + arr.join('');
  }
  const intLen = digits.length - dp;
  const out = dp > 0 ? `${digits.slice(0, intLen) || '0'}.${digits.slice(intLen)}` : digits;
  const normalized = out.replace(/^0+(?=\d)/, '');
  return neg && /[1-9]/.test(normalized) ? `-${normalized}` : normalized;
}

function numberToPlain(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** `¥1,284,300` (whole units when the amount is whole, else 2 places). */
export function formatMoney(value: string | number, currency: string): string {
  const plain = typeof value === 'number' ? numberToPlain(value) : value;
  const fixed = /\.\d*[1-9]/.test(plain) ? toFixedHalfUp(plain, 2) : toFixedHalfUp(plain, 0);
  const neg = fixed.startsWith('-');
  return `${neg ? '-' : ''}${currencySymbol(currency)}${groupDigits(neg ? fixed.slice(1) : fixed)}`;
}

/** A fraction as a percentage: `1.07` → `107.0%`. */
export function formatPercent(fraction: string | number, dp = 1): string {
  const plain = typeof fraction === 'number' ? numberToPlain(fraction) : fraction;
  // shift the decimal point two places right on the string
  const neg = plain.startsWith('-');
  const body = neg ? plain.slice(1) : plain;
  const [int, fracOrNone] = intAndFrac(body);
  const padded = (fracOrNone ?? '').padEnd(2, '0');
  const shifted = `${int}${padded.slice(0, 2)}${padded.length > 2 ? `.${padded.slice(2)}` : ''}`.replace(/^0+(?=\d)/, '');
  return `${neg ? '-' : ''}${toFixedHalfUp(shifted, dp)}%`;
}

/** A multiple, e.g. pipeline coverage: `1.0389…` → `1.04×`. */
export function formatMultiple(value: string | number, dp = 2): string {
  return `${formatNumber(value, dp)}×`;
}

/** A count or plain number with grouping: `12345.5` → `12,345.5`. */
export function formatNumber(value: string | number, dp?: number): string {
  const plain = typeof value === 'number' ? numberToPlain(value) : value;
  return groupDigits(dp === undefined ? plain : toFixedHalfUp(plain, dp));
}
