/**
 * A bounded, streaming .xlsx reader: the zip is opened with safety caps (zip.ts), then the workbook,
 * relationships, shared strings and styles are read, and a sheet's rows are streamed from its XML.
 * What we need that general readers get wrong for exports: the 1904 flag written as `1` or `true`;
 * formulas read as their cached values, with a cached error or a missing value kept as such (never 0);
 * rich text flattened (phonetic runs dropped); dates computed as calendar dates from the serial, with
 * no time zone involved; the `<dimension>` element ignored, so a lying one allocates nothing.
 */
import { SalesgradeError } from '../shared/errors.js';
import type { RawRow } from './csv.js';
import { columnIndex, columnLetter } from '../shared/text.js';
import { formatCurrency, serialTime, serialToIsoDate, type RawCell } from './values.js';
import { decodeXml, parseAttrs, XmlScanner, type XmlHandler } from './xml.js';
import { openSafeZip, type SafeZip, type ZipLimits } from './zip.js';

const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;
/** The longest cell value read (Excel's own limit is 32,767 characters). */
export const MAX_CELL_CHARS = 1024 * 1024;

function clip(s: string): string {
  return s.length > 20 ? `${s.slice(0, 20)}…` : s;
}

/** `1`…`1048576` (no sign, no leading zero, no exponent) → the number; anything else → 0. */
function rowNumber(s: string): number {
  if (!/^[1-9]\d{0,6}$/.test(s)) return 0;
  const n = Number(s);
  return n <= MAX_ROWS ? n : 0;
}

/**
 * `B12` (letters in either case) → column index and row; undefined unless a cell of A1:XFD1048576.
 * The reference twin of `cellRef`: one regular expression (test/unit/io/xlsx-cell-ref.test.ts).
 */
export function cellRefReference(ref: string): { col: number; row: number } | undefined {
  const m = /^([A-Za-z]{1,3})([1-9]\d{0,6})$/.exec(ref);
  if (!m) return undefined;
  const col = columnIndex(m[1]!.toUpperCase());
  const row = Number(m[2]);
  return col < MAX_COLS && row <= MAX_ROWS ? { col, row } : undefined;
}

/** `cellRefReference` as one character loop (read once per cell: the regular expression and its match array were 3 % of an XLSX read). */
export function cellRef(ref: string): { col: number; row: number } | undefined {
  const n = ref.length;
  let i = 0;
  let col = 0;
  for (; i < n && i < 4; i++) {
    let c = ref.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (i === 0 || i > 3 || i === n) return undefined;
  const first = ref.charCodeAt(i);
  if (first < 49 || first > 57 || n - i > 7) return undefined;
  let row = 0;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    row = row * 10 + (c - 48);
  }
  col -= 1;
  return col < MAX_COLS && row <= MAX_ROWS ? { col, row } : undefined;
}

/** XML white space (not Unicode's: `<v>\u3000 1</v>` is not a number) trimmed from both ends. */
function xmlTrim(s: string): string {
  let a = 0;
  let b = s.length;
  const ws = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
  while (a < b && ws(s.charCodeAt(a))) a++;
  while (b > a && ws(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** An xsd:double as SpreadsheetML writes it: sign, digits, fraction, exponent; no Infinity, NaN or hex. */
const XSD_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,5})?$/;

/**
 * The number a `<v>` holds, as the shortest text that reads back as the same double — what Excel
 * shows and openpyxl gives: `261.95999999999998` → `261.96`, so exact sums carry no float noise.
 * Undefined when it is not a finite number (`Infinity`, `NaN`, `0x10`, `1e999`, or a non-zero
 * value so small it reads as 0): the cell is then an error value, never a number.
 */
export function xlsxNumber(text: string): string | undefined {
  if (text.length > 1000 || !XSD_DECIMAL.test(text)) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return undefined;
  if (n === 0) {
    const e = text.search(/[eE]/);
    if (/[1-9]/.test(e < 0 ? text : text.slice(0, e))) return undefined; // underflow
    return '0';
  }
  return String(n);
}

export interface XlsxSheet {
  name: string;
  hidden: boolean;
  path: string;
  /** -1 until counted. */
  rows: number;
}

export interface XlsxBook {
  sheets: XlsxSheet[];
  date1904: boolean;
  rows(sheet: string, onBytes?: (n: number) => void): AsyncGenerator<RawRow>;
  /** The same rows, a decompressed chunk's worth at a time (no async step per row). */
  batches(sheet: string, onBytes?: (n: number) => void): AsyncGenerator<RawRow[]>;
  countRows(sheet: string): Promise<number>;
  sheetBytes(sheet: string): number;
  close(): Promise<void>;
}

async function scanPart(zip: SafeZip, name: string, h: XmlHandler, file: string): Promise<void> {
  const dec = new TextDecoder('utf-8');
  const sc = new XmlScanner(h, { file });
  for await (const chunk of zip.chunks(name)) sc.feed(dec.decode(chunk, { stream: true }));
  sc.feed(dec.decode());
}

type Rels = Map<string, { target: string; type: string }>;

async function rels(zip: SafeZip, name: string, base: string, file: string): Promise<Rels> {
  const out: Rels = new Map();
  await scanPart(zip, name, {
    open(tag, attrs) {
      if (tag !== 'Relationship') return;
      const a = parseAttrs(attrs);
      if (a.Id && a.Target) out.set(a.Id, { target: resolvePath(base, a.Target), type: a.Type ?? '' });
    },
    close() {},
    text() {},
  }, file);
  return out;
}

function resolvePath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').filter(Boolean);
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

// Built-in number formats that show dates: 14–17, 22, 27–36 and 50–58 (East Asian date formats).
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * `s` without its `open…close` sections, as `s.replace(/"[^"]*"/g, '')` (or `/\[[^\]]*\]/g`) gives
 * it, in one pass: the expression rescanned to the end from every unclosed `[`.
 */
function withoutPairs(s: string, open: string, close: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const a = s.indexOf(open, i);
    const b = a < 0 ? -1 : s.indexOf(close, a + 1);
    if (b < 0) return i === 0 ? s : out + s.slice(i);
    out += s.slice(i, a);
    i = b + 1;
  }
}

/** True when an Excel number format code shows a date. */
export function isDateFormatCode(code: string): boolean {
  const stripped = withoutPairs(withoutPairs(code, '"', '"').replace(/\\./g, ''), '[', ']').replace(/_.|\*./g, '');
  if (/^general$/i.test(stripped.trim())) return false;
  if (/[yd]/i.test(stripped) || /[年月日]/.test(code)) return true;
  return /m/i.test(stripped) && !/[hs]/i.test(stripped) && !/[0#?]/.test(stripped);
}

/** For each cell style (`s`), whether its number format shows a date. */
// The built-in number formats a data sheet keeps, as codes our writer can write (dates as ISO dates:
// 14 follows the reader's locale, `m/d/yyyy` in Excel's en-US).
const BUILTIN_FORMAT_CODES: Record<number, string> = {
  1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'yyyy-mm-dd', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 22: 'yyyy-mm-dd hh:mm',
  37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00;(#,##0.00)', 40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mm:ss.0', 48: '##0.0E+0',
};

/**
 * For each cell style (`s`), whether its number format shows a date; `currencies` gets the currency a
 * format shows, `formats` the format code itself (none for General and text), for the data sheets.
 */
async function readStyles(zip: SafeZip, path: string | undefined, file: string, currencies?: (string | undefined)[], formats?: (string | undefined)[]): Promise<boolean[]> {
  if (!path || !zip.has(path)) return [];
  const custom = new Map<number, string>();
  const ids: number[] = [];
  let inNumFmts = false;
  let cellXfs = 0; // 1 inside the first <cellXfs>, 2 after it
  await scanPart(zip, path, {
    open(tag, attrs, self) {
      if (tag === 'numFmts') inNumFmts = !self;
      else if (tag === 'numFmt' && inNumFmts) {
        const a = parseAttrs(attrs);
        if (a.numFmtId !== undefined && a.formatCode !== undefined) custom.set(Number(a.numFmtId), a.formatCode);
      } else if (tag === 'cellXfs' && cellXfs === 0) cellXfs = self ? 2 : 1;
      else if (tag === 'xf' && cellXfs === 1) ids.push(Number(parseAttrs(attrs).numFmtId ?? 0));
    },
    close(tag) {
      if (tag === 'numFmts') inNumFmts = false;
      else if (tag === 'cellXfs' && cellXfs === 1) cellXfs = 2;
    },
    text() {},
  }, file);
  return ids.map((id, i) => {
    const code = custom.get(id);
    // the currency a custom format shows (the built-in currency formats 5–8 follow the reader's locale: no currency)
    if (code !== undefined && currencies !== undefined) currencies[i] = formatCurrency(code);
    const isDate = code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id);
    if (formats !== undefined) {
      const shown = code ?? BUILTIN_FORMAT_CODES[id] ?? (isDate ? 'yyyy-mm-dd' : undefined);
      formats[i] = shown === undefined || /^(general|@)$/i.test(shown.trim()) ? undefined : shown;
    }
    return isDate;
  });
}

async function readSharedStrings(zip: SafeZip, path: string | undefined, file: string): Promise<string[]> {
  const out: string[] = [];
  if (!path || !zip.has(path)) return out;
  let inSi = false;
  let inT = false;
  let skip = 0; // inside <rPh> (phonetic hints)
  let text = '';
  await scanPart(zip, path, {
    open(name, _a, self) {
      if (name === 'si') {
        inSi = true;
        text = '';
      } else if (name === 'rPh' && !self) skip++;
      else if (name === 't' && inSi && !skip && !self) inT = true;
    },
    close(name) {
      if (name === 'si') {
        out.push(decodeXml(text));
        inSi = false;
      } else if (name === 'rPh') skip = Math.max(0, skip - 1);
      else if (name === 't') inT = false;
    },
    text(raw) {
      if (!inT) return;
      text += raw;
      if (text.length > MAX_CELL_CHARS) {
        throw new SalesgradeError('input-too-large', `shared string ${out.length} (${path}) is over ${MAX_CELL_CHARS} characters`, { location: { file } });
      }
    },
  }, file);
  return out;
}

export async function openXlsx(path: string, limits?: ZipLimits): Promise<XlsxBook> {
  const zip = await openSafeZip(path, limits);
  try {
    let wbPath = 'xl/workbook.xml';
    if (zip.has('_rels/.rels')) {
      const root = await rels(zip, '_rels/.rels', '', path);
      for (const r of root.values()) if (r.type.endsWith('/officeDocument')) wbPath = r.target;
    }
    if (!zip.has(wbPath)) {
      throw new SalesgradeError('input-format', 'a zip file that is not an .xlsx workbook (no workbook part)', {
        location: { file: path },
        hint: 'export the data as .xlsx or .csv',
      });
    }
    const wbDir = wbPath.split('/').slice(0, -1).join('/');
    const relsPath = `${wbDir ? `${wbDir}/` : ''}_rels/${wbPath.split('/').pop()}.rels`;
    const wbRels = zip.has(relsPath) ? await rels(zip, relsPath, wbDir, path) : new Map<string, { target: string; type: string }>();
    let flag: string | undefined;
    const sheets: XlsxSheet[] = [];
    await scanPart(zip, wbPath, {
      open(tag, attrs) {
        if (tag === 'workbookPr' && flag === undefined) flag = (parseAttrs(attrs).date1904 ?? '').toLowerCase();
        else if (tag === 'sheet') {
          const a = parseAttrs(attrs);
          const rel = a.id ? wbRels.get(a.id) : undefined;
          if (!a.name || !rel) return;
          sheets.push({ name: a.name, hidden: a.state === 'hidden' || a.state === 'veryHidden', path: rel.target, rows: -1 });
        }
      },
      close() {},
      text() {},
    }, path);
    const date1904 = flag === '1' || flag === 'true';
    // No sheet listed is a damaged workbook part (cut short, or sheets without their relationship),
    // not "every sheet is hidden".
    if (sheets.length === 0) {
      throw new SalesgradeError('input-format', `the workbook lists no sheet: its part ${wbPath} is damaged or cut short`, {
        location: { file: path },
        hint: 'open and save it again in Excel or WPS, or export it again',
      });
    }
    const seenNames = new Set<string>();
    for (const sh of sheets) {
      // Excel compares sheet names without case; two of one name leave `source.sheet` a guess
      const key = sh.name.toLowerCase();
      if (seenNames.has(key)) {
        throw new SalesgradeError('input-format', `two sheets are named "${sh.name}"; which one is meant cannot be told`, {
          location: { file: path },
          hint: 'rename one of them in Excel or WPS',
        });
      }
      seenNames.add(key);
    }
    let ssPath: string | undefined;
    let stylesPath: string | undefined;
    for (const r of wbRels.values()) {
      if (r.type.endsWith('/sharedStrings')) ssPath = r.target;
      else if (r.type.endsWith('/styles')) stylesPath = r.target;
    }
    const currencyStyles: (string | undefined)[] = [];
    const formatStyles: (string | undefined)[] = [];
    const dateStyles = await readStyles(zip, stylesPath, path, currencyStyles, formatStyles);
    const shared = await readSharedStrings(zip, ssPath, path);
    const byName = (name: string): XlsxSheet => {
      const s = sheets.find((x) => x.name === name);
      if (!s) throw new SalesgradeError('sheet-not-found', `no sheet named "${name}"`, { location: { file: path } });
      return s;
    };

    async function* rows(name: string, onBytes?: (n: number) => void): AsyncGenerator<RawRow> {
      for await (const batch of batches(name, onBytes)) yield* batch;
    }

    async function* batches(name: string, onBytes?: (n: number) => void): AsyncGenerator<RawRow[]> {
      const sheet = byName(name);
      const where = (cell?: string): { file: string; sheet: string; cell?: string } => (cell ? { file: path, sheet: name, cell } : { file: path, sheet: name });
      const refuse = (message: string, cell?: string): SalesgradeError =>
        new SalesgradeError('input-format', message, { location: where(cell), hint: 'the sheet XML is damaged or hand-made; save the file again from Excel or WPS' });
      let queue: RawRow[] = [];
      let rowNo = 0;
      let cells: (RawCell | undefined)[] = [];
      let inRow = false;
      let any = false;
      let col = -1;
      let ref = '';
      let type = '';
      let style = 0;
      let hasF = false;
      let hasV = false;
      let hasIs = false;
      let capture = 0; // 1 = <v>, 2 = <t> inside <is>
      let inIs = false;
      let skip = 0;
      let v = '';
      let inline = '';
      const tooLong = (): SalesgradeError =>
        new SalesgradeError('input-too-large', `a cell value over ${MAX_CELL_CHARS} characters`, { location: where(ref || `${columnLetter(Math.max(col, 0))}${rowNo}`) });
      const handler: XmlHandler = {
        open(tag, attrs, self) {
          switch (tag) {
            case 'row': {
              const a = parseAttrs(attrs);
              let r = rowNo + 1;
              if (a.r !== undefined) {
                r = rowNumber(a.r);
                if (r === 0) throw refuse(`a row numbered "${clip(a.r)}": not a row number from 1 to ${MAX_ROWS}`, `A${rowNo + 1}`);
              }
              if (r > MAX_ROWS) throw refuse(`more than ${MAX_ROWS} rows`);
              // rows written twice or backwards would put values on the wrong row: refused, never guessed
              if (r <= rowNo) throw refuse(`row ${r} comes after row ${rowNo}: rows must be in ascending order, each once`, `A${r}`);
              rowNo = r;
              cells = [];
              any = false;
              col = -1;
              inRow = !self;
              break;
            }
            case 'c': {
              if (!inRow) break;
              const a = parseAttrs(attrs);
              let c = col + 1;
              if (a.r !== undefined) {
                ref = a.r;
                const at = cellRef(ref);
                if (!at) throw refuse(`a cell reference "${clip(ref)}" that is not a cell from A1 to XFD${MAX_ROWS}`, `${columnLetter(Math.min(c, MAX_COLS - 1))}${rowNo}`);
                if (at.row !== rowNo) throw refuse(`cell ${ref} is written inside row ${rowNo}`, ref);
                c = at.col;
              } else ref = '';
              if (c >= MAX_COLS) throw refuse(`row ${rowNo} has more than ${MAX_COLS} cells (the last column is XFD)`, `XFD${rowNo}`);
              if (c <= col) {
                const here = ref || `${columnLetter(c)}${rowNo}`;
                throw refuse(c === col ? `cell ${here} is written twice` : `cell ${here} comes after ${columnLetter(col)}${rowNo}: cells must be in column order, each once`, here);
              }
              col = c;
              type = a.t ?? 'n';
              style = a.s ? Number(a.s) : 0;
              hasF = false;
              hasV = false;
              hasIs = false;
              inIs = false;
              v = '';
              inline = '';
              if (self) finishCell();
              break;
            }
            case 'f':
              hasF = true;
              break;
            case 'v':
              if (!self) {
                capture = 1;
                hasV = true;
              }
              break;
            case 'is':
              inIs = true;
              hasIs = true;
              break;
            case 'rPh':
              if (!self) skip++;
              break;
            case 't':
              if (inIs && !skip && !self) capture = 2;
              break;
          }
        },
        close(tag) {
          switch (tag) {
            case 'v':
            case 't':
              capture = 0;
              break;
            case 'rPh':
              skip = Math.max(0, skip - 1);
              break;
            case 'is':
              inIs = false;
              break;
            case 'c':
              if (inRow) finishCell();
              break;
            case 'row':
              if (any) queue.push({ row: rowNo, cells });
              inRow = false;
              break;
          }
        },
        text(raw) {
          if (capture === 1) {
            v += raw;
            if (v.length > MAX_CELL_CHARS) throw tooLong();
          } else if (capture === 2) {
            inline += raw;
            if (inline.length > MAX_CELL_CHARS) throw tooLong();
          }
        },
      };
      function finishCell(): void {
        cells[col] = readCell();
        if (cells[col]) any = true;
      }
      /** The cell just closed; undefined when it holds nothing (an empty `<v/>` is empty, whatever its type). */
      function readCell(): RawCell | undefined {
        const text = hasV ? xmlTrim(v) : '';
        if (type === 'inlineStr') {
          if (hasIs) return { t: 's', v: decodeXml(inline) };
          // an inline string written as <v> (some writers): its text, not nothing
          return text !== '' ? { t: 's', v: decodeXml(v) } : hasF ? { t: 'f', v: null } : undefined;
        }
        if (text === '') {
          // str: an empty cached string is an empty string
          if (type === 'str' && hasV) return { t: 's', v: '' };
          return hasF ? { t: 'f', v: null } : undefined;
        }
        switch (type) {
          case 's': {
            const s = /^\d{1,10}$/.test(text) ? shared[Number(text)] : undefined;
            // an index the shared strings do not have: an error value at its cell, never another string
            return s === undefined ? { t: 'e', v: '#REF!' } : { t: 's', v: s };
          }
          case 'str':
            return { t: 's', v: decodeXml(v) };
          case 'b': {
            const b = text.toLowerCase();
            if (b === '1' || b === 'true') return { t: 'b', v: true };
            if (b === '0' || b === 'false') return { t: 'b', v: false };
            return { t: 'e', v: '#VALUE!' };
          }
          case 'e':
            return { t: 'e', v: decodeXml(text).trim() || '#VALUE!' };
          case 'd':
            return { t: 's', v: decodeXml(text).trim() };
          case 'n': {
            const num = xlsxNumber(text);
            if (num === undefined) return { t: 'e', v: '#NUM!' };
            if (dateStyles[style]) {
              const n = Number(num);
              const iso = serialToIsoDate(n, date1904);
              if (iso) {
                const time = serialTime(n);
                return { t: 'd', v: time ? `${iso} ${time}` : iso, serial: num, fmt: formatStyles[style] ?? 'yyyy-mm-dd' };
              }
            }
            const cur = currencyStyles[style];
            const fmt = formatStyles[style];
            if (fmt === undefined) return cur === undefined ? { t: 'n', v: num } : { t: 'n', v: num, cur };
            return cur === undefined ? { t: 'n', v: num, fmt } : { t: 'n', v: num, cur, fmt };
          }
          default:
            return { t: 'e', v: '#VALUE!' };
        }
      }
      const dec = new TextDecoder('utf-8');
      const sc = new XmlScanner(handler, where());
      for await (const chunk of zip.chunks(sheet.path)) {
        onBytes?.(chunk.length);
        sc.feed(dec.decode(chunk, { stream: true }));
        if (queue.length > 0) {
          const batch = queue;
          queue = [];
          yield batch;
        }
      }
      sc.feed(dec.decode());
      if (queue.length > 0) yield queue;
    }

    return {
      sheets,
      date1904,
      rows,
      batches,
      sheetBytes: (name) => zip.size(byName(name).path),
      async countRows(name) {
        let n = 0;
        for await (const batch of batches(name)) n += batch.length;
        byName(name).rows = n;
        return n;
      },
      async close() {
        zip.close();
      },
    };
  } catch (e) {
    zip.close();
    throw e;
  }
}
