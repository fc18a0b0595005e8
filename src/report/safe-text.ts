/**
 * Spreadsheet-safe text. A value that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
 * CR, and the full-width `＝＋－＠`) is made inert; control characters are stripped; a cell holds at
 * most 32,767 characters (Excel's limit). Used by the workbook writer and the CSV output alike.
 * See OWASP "CSV Injection".
 */
import { looksLikeFormula } from '../shared/formula-text.js';
import { xmlLegal } from '../shared/xml-text.js';

export { looksLikeFormula };
// C0 controls except tab/newline, DEL, and C1 controls.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
export const MAX_CELL_CHARS = 32_767;


/**
 * Strip control characters and what XML cannot carry (U+FFFE, U+FFFF; a lone surrogate becomes
 * U+FFFD), and cap the length; keep the text otherwise as it is.
 */
export function cleanText(text: string): string {
  const cleaned = xmlLegal(text.replace(CONTROL, ''));
  return capCell(cleaned);
}

/**
 * True when `cleanText(text)` is `text` and it holds no CR: at most 32,767 units of tab, LF, printable
 * ASCII and BMP characters outside C1 controls, surrogates, U+FFFE and U+FFFF. A character loop, so the
 * cells of a data sheet (nearly all such text) skip the regular expressions.
 */
export function isCleanCellText(text: string): boolean {
  if (text.length > MAX_CELL_CHARS) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a) return false;
    } else if (c <= 0x9f || (c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe) return false;
  }
  return true;
}

/** At most 32,767 UTF-16 units, never ending on half of a surrogate pair. */
function capCell(text: string): string {
  if (text.length <= MAX_CELL_CHARS) return text;
  const last = text.charCodeAt(MAX_CELL_CHARS - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? MAX_CELL_CHARS - 1 : MAX_CELL_CHARS);
}

/**
 * For CSV: a leading apostrophe makes a formula-looking value inert in Excel, WPS and LibreOffice.
 * (In an .xlsx the cell is written with an explicit string type instead; see workbook writer.)
 */
export function csvSafe(text: string): string {
  const cleaned = cleanText(text);
  return looksLikeFormula(cleaned) ? capCell(`'${cleaned}`) : cleaned;
}

// Excel refuses these in sheet names; a name may not start or end with an apostrophe.
const SHEET_FORBIDDEN = /[[\]:*?/\\]/g;
export const MAX_SHEET_NAME = 31;

/**
 * A sheet name Excel, WPS and LibreOffice accept, unique among `taken` (compared case-insensitively,
 * as Excel does); the chosen name is added to `taken`. `[]:*?/\` become `_`, control characters go,
 * the name is cut to 31 characters (UTF-16 units, as Excel counts), and a clash gets ` (2)`, ` (3)`… inside the limit.
 */
export function safeSheetName(name: string, taken: Set<string>, fallback = 'Sheet'): string {
  let base = xmlLegal(name.replace(CONTROL, '')).replace(/[\t\r\n]/g, ' ').replace(SHEET_FORBIDDEN, '_').trim();
  base = base.replace(/^'+|'+$/g, '').trim();
  if (base === '' || base.toLowerCase() === 'history') base = base === '' ? fallback : `${base}_`;
  // Excel counts UTF-16 units; never split a surrogate pair, never end on an apostrophe.
  const cut = (s: string, n: number) => {
    let out = '';
    for (const ch of s) {
      if (out.length + ch.length > n) break;
      out += ch;
    }
    return out.trimEnd().replace(/'+$/, '');
  };
  let candidate = cut(base, MAX_SHEET_NAME);
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    candidate = `${cut(base, MAX_SHEET_NAME - suffix.length)}${suffix}`;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** A sheet name quoted for a cell reference: `'Q3 deals'!A1`, with `'` doubled. */
export function quoteSheetRef(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

// ---------------------------------------------------------------------------------------- terminal
// Text from the rubric (its name, KPI and tier labels, actions) and from data reaches the terminal.
// An escape sequence there could set the window title, clear the screen or hide lines; a bidi
// override could reorder what is shown. All of them go: C0 controls but newline, ESC, DEL, C1
// (including the one-byte CSI U+009B), bidi embeddings/overrides/isolates, and what XML cannot carry.
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const TERMINAL_UNSAFE_TEST = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Text safe to print on a terminal: controls and bidi overrides removed, a tab as a space. */
export function terminalText(text: string): string {
  if (!TERMINAL_UNSAFE_TEST.test(text)) return text;
  return xmlLegal(text.replace(/\t/g, ' ').replace(TERMINAL_UNSAFE, ''));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * `value` with every string in it (in plain objects and arrays, at any depth) passed through `clean`;
 * other objects (Decimal, Date…) are kept as they are. Copies only what changed: clean input comes
 * back as the same object.
 */
export function cleanStrings<T>(value: T, clean: (s: string) => string = terminalText): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return clean(v);
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const c = walk(v[i]);
        if (c !== v[i]) (out ??= v.slice())[i] = c;
      }
      return out ?? v;
    }
    if (isPlainObject(v)) {
      let out: Record<string, unknown> | undefined;
      for (const k of Object.keys(v)) {
        const c = walk(v[k]);
        if (c !== v[k]) (out ??= { ...v })[k] = c;
      }
      return out ?? v;
    }
    return v;
  };
  return walk(value) as T;
}

// ---------------------------------------------------------------------------------------- Markdown
/**
 * Text for a Markdown table cell or heading: raw HTML (`<img onerror=…>`, `<!--`) and entities are
 * escaped, Markdown's own syntax (links, images, emphasis, code, tables) is backslash-escaped, line
 * breaks become spaces. What is shown is the text as written, nothing runs or loads.
 */
export function markdownText(text: string): string {
  return terminalText(text)
    .replace(/\r\n?|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`);
}
