/**
 * Text a spreadsheet would run as a formula: it starts with `=`, `+`, `-`, `@`, a tab, CR or LF (a
 * cell's CR is written as LF), or the full-width `＝＋－＠` (OWASP "CSV Injection"). One set for the
 * CSV output (prefixes `'`) and the workbook writer (quote prefix on the cell's style); it was two
 * drifted copies (the writer's had LF, the CSV's did not).
 */
const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠]/;

/** True when a spreadsheet would treat this text as a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}
