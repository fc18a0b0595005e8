/**
 * Text normalisation for headers, identifiers and values read from exports.
 */

import { cleanIdentifier } from '../shared/text.js';

export { cleanIdentifier };

const PLAIN_ASCII = /^[\x21-\x7E]*(?: [\x21-\x7E]+)*$/;

/**
 * A header as it is matched against aliases: NFKC (full-width letters, digits and punctuation to
 * ASCII), lower case, no spaces, underscores, hyphens, dots, colons or asterisks.
 * `'Close Date'`, `'close_date'` and `'ＣＬＯＳＥ　ＤＡＴＥ'` all give `'closedate'`.
 */
export function normalizeHeader(text: string): string {
  return cleanIdentifier(text)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.:*#'"`]/g, '');
}

/** The header without a trailing unit in brackets: `金额(元)` → `金额`, `Amount [CNY]` → `Amount`. */
export function stripHeaderUnit(text: string): { base: string; unit?: string } {
  const m = /^(.*?)\s*[([（【]\s*([^()[\]（）【】]*?)\s*[)\]）】]\s*$/.exec(text.normalize('NFKC'));
  if (!m || !m[1]) return { base: text };
  return { base: m[1], unit: m[2] ?? '' };
}

/** NFKC, then trimmed: full-width digits, `￥`, `，` and `（）` become their ASCII forms. */
export function foldWidth(text: string): string {
  if (PLAIN_ASCII.test(text)) return text;
  return cleanIdentifier(text.normalize('NFKC'));
}

/** Spreadsheet column letters from a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** 0-based column index from letters: A → 0, AA → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}
