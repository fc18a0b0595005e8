/**
 * Text a spreadsheet would run as a formula: it starts with `=`, `+`, `-`, `@`, a tab, CR or LF (a
 * cell's CR is written as LF), or the full-width `＝＋－＠` (OWASP "CSV Injection"). One set for the
 * CSV output (prefixes `'`) and the workbook writer (quote prefix on the cell's style); it was two
 * drifted copies (the writer's had LF, the CSV's did not).
 */
const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠]/;

/** True when a spreadsheet would treat this text as a formula (the reference of `looksLikeFormula`). */
export function looksLikeFormulaReference(text: string): boolean {
  return FORMULA_START.test(text);
}

/** `looksLikeFormulaReference` by the first character's code (asked once per text cell written). */
export function looksLikeFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c < 0x7f) return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d || c === 0x0a;
  return c === 0xff1d || c === 0xff0b || c === 0xff0d || c === 0xff20;
}
