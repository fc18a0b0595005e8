/**
 * Which decimal separator a currency's and a report locale's home convention writes. Used by the
 * reader (to break the tie for a number column whose values fit both readings) and by `check` (to
 * warn when the two disagree).
 */
export type Convention = '.' | ',';

// Currencies whose home convention writes a decimal comma / a decimal point.
const COMMA_CURRENCIES = new Set(['EUR', 'BRL', 'RUB', 'TRY', 'IDR', 'VND', 'ARS', 'CLP', 'COP', 'DKK', 'NOK', 'SEK', 'PLN', 'CZK', 'HUF', 'RON', 'UAH', 'BGN', 'ISK']);
const DOT_CURRENCIES = new Set(['CNY', 'USD', 'GBP', 'JPY', 'HKD', 'TWD', 'MOP', 'SGD', 'AUD', 'CAD', 'NZD', 'KRW', 'INR', 'MYR', 'THB', 'PHP', 'MXN', 'ILS', 'CHF']);
const DOT_LOCALES = new Set(['zh-CN', 'en']);

export function currencyConvention(currency: string | undefined): Convention | undefined {
  if (currency === undefined) return undefined;
  return COMMA_CURRENCIES.has(currency) ? ',' : DOT_CURRENCIES.has(currency) ? '.' : undefined;
}

export function localeConvention(locale: string | undefined): Convention | undefined {
  return locale !== undefined && DOT_LOCALES.has(locale) ? '.' : undefined;
}

/** The convention the currency and locale agree on (or the one that says anything), or undefined when they disagree or say nothing. */
export function tieBreak(currency: string | undefined, locale: string | undefined): Tie | undefined {
  const byCurrency = currencyConvention(currency);
  const byLocale = localeConvention(locale);
  if (byCurrency !== undefined && byLocale !== undefined && byCurrency !== byLocale) return undefined;
  const sep = byCurrency ?? byLocale;
  if (sep === undefined) return undefined;
  const why = [byCurrency !== undefined ? `currency ${currency}` : '', byLocale !== undefined ? `locale ${locale}` : ''].filter(Boolean).join(' and ');
  const tie: Tie = { sep, why };
  if (byCurrency !== undefined) tie.byCurrency = currency!;
  if (byLocale !== undefined) tie.byLocale = locale!;
  return tie;
}

/** The usual separator, why in English (`currency CNY and locale en`), and the facts it says that from. */
export interface Tie {
  sep: Convention;
  why: string;
  byCurrency?: string;
  byLocale?: string;
}
