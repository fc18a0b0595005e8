/**
 * Spreadsheet-safe text. A value that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
 * CR, and the full-width `＝＋－＠`) is made inert; control characters are stripped; a cell holds at
 * most 32,767 characters (Excel's limit). Used by the workbook writer and the CSV output alike.
 * See OWASP "CSV Injection".
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
// C0 controls except tab/newline, DEL, and C1 controls.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
export const MAX_CELL_CHARS = 32_767;

/** True when a spreadsheet would treat this text as a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** Strip control characters and cap the length; keep the text otherwise as it is. */
export function cleanText(text: string): string {
  const cleaned = text.replace(CONTROL, '');
  return cleaned.length > MAX_CELL_CHARS ? cleaned.slice(0, MAX_CELL_CHARS) : cleaned;
}

/**
 * For CSV: a leading apostrophe makes a formula-looking value inert in Excel, WPS and LibreOffice.
 * (In an .xlsx the cell is written with an explicit string type instead; see workbook writer.)
 */
export function csvSafe(text: string): string {
  const cleaned = cleanText(text);
  return looksLikeFormula(cleaned) ? `'${cleaned}`.slice(0, MAX_CELL_CHARS) : cleaned;
}
