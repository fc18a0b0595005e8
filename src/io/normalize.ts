/**
 * Text normalisation that only the readers need: units in headers, full-width folding of values.
 * Identifier cleaning, header normalisation and column letters are in shared/text.ts.
 */
import { cleanIdentifier } from '../shared/text.js';

const PLAIN_ASCII = /^[\x21-\x7E]*(?: [\x21-\x7E]+)*$/;

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
