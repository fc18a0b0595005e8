/**
 * The one list of the characters a spreadsheet reads a cell's text as the start of a formula with
 * (OWASP "CSV Injection"): `=`, `+`, `-`, `@`, tab, CR and LF, and the full-width `＝＋－＠` that
 * Excel and WPS fold to them. The CSV output (report/safe-text.ts: a leading apostrophe) and the
 * workbook writer (a quote-prefixed string cell) must agree on it: two copies had drifted (one
 * missed a leading LF).
 */
export const FORMULA_PREFIXES: readonly string[] = ['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠'];

const PREFIX = new Set(FORMULA_PREFIXES);

/** True when a spreadsheet would treat this text as a formula. */
export function looksLikeFormula(text: string): boolean {
  return text.length > 0 && PREFIX.has(text[0]!);
}
