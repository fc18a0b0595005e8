/**
 * A bounded, streaming .xlsx reader: the zip is opened with safety caps (zip.ts), then the workbook,
 * relationships, shared strings and styles are read, and a sheet's rows are streamed from its XML.
 * What we need that general readers get wrong for exports: the 1904 flag written as `1` or `true`;
 * formulas read as their cached values, with a cached error or a missing value kept as such (never 0);
 * rich text flattened (phonetic runs dropped); dates computed as calendar dates from the serial, with
 * no time zone involved; the `<dimension>` element ignored, so a lying one allocates nothing.
 */
import { SalesgradeError, templatedError } from '../shared/errors.js';
import type { RawRow } from './csv.js';
import { formatCurrency } from './values.js';
import { decodeXml, parseAttrs, XmlScanner, type XmlHandler } from './xml.js';
import { FastSheetScanner } from './xlsx-sheet-fast.js';
import { MAX_CELL_CHARS, SheetRows, type SheetContext } from './xlsx-sheet.js';
import { openSafeZip, type SafeZip, type ZipLimits } from './zip.js';

/**
 * How sheet XML is read: `fast` (xlsx-sheet-fast.ts: the common row shapes read directly, everything
 * else handed to the reference) or `reference` (the generic XmlScanner and SheetRows alone). The two
 * are tied by test/unit/io/xlsx-fast-differential.test.ts; the reference stays for that test.
 */
export type SheetScanner = 'fast' | 'reference';

let defaultScanner: SheetScanner = 'fast';

/** Tests only: the scanner `openXlsx` uses when none is passed (so whole reader suites run on each path); the one before. */
export function useSheetScanner(kind: SheetScanner): SheetScanner {
  const before = defaultScanner;
  defaultScanner = kind;
  return before;
}

export interface XlsxSheet {
  name: string;
  hidden: boolean;
  path: string;
  /** -1 until counted. */
  rows: number;
  /** Once the sheet was read to its end: its hidden rows holding a value (each read as data), and the first one's number. */
  hiddenRows?: { count: number; first: number } | undefined;
  /** Once the sheet was read to its end: its merged ranges as written (`A2:A5`). */
  merged?: string[] | undefined;
  /** Once its first rows were read (`<cols>` precedes the rows): the hidden columns, 0-based inclusive ranges. */
  hiddenCols?: { min: number; max: number }[] | undefined;
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

/** Bytes of a sheet's XML decoded to text at a time (see `batches`). */
const DECODE_BYTES = 1 << 15;

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
        throw templatedError('input-too-large', 'shared-string-too-long', { index: out.length, part: path, max: MAX_CELL_CHARS }, { location: { file } });
      }
    },
  }, file);
  return out;
}

export async function openXlsx(path: string, limits?: ZipLimits, scanner: SheetScanner = defaultScanner): Promise<XlsxBook> {
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
        facts: { id: 'zip-not-xlsx' },
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
      throw templatedError('input-format', 'workbook-no-sheet-listed', { part: wbPath }, { location: { file: path } });
    }
    const seenNames = new Set<string>();
    for (const sh of sheets) {
      // Excel compares sheet names without case; two of one name leave `source.sheet` a guess
      const key = sh.name.toLowerCase();
      if (seenNames.has(key)) {
        throw templatedError('input-format', 'sheet-name-twice', { name: sh.name }, { location: { file: path } });
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
      if (!s) throw templatedError('sheet-not-found', 'sheet-not-found', { name }, { location: { file: path } });
      return s;
    };

    async function* rows(name: string, onBytes?: (n: number) => void): AsyncGenerator<RawRow> {
      for await (const batch of batches(name, onBytes)) yield* batch;
    }

    async function* batches(name: string, onBytes?: (n: number) => void): AsyncGenerator<RawRow[]> {
      const sheet = byName(name);
      const cx: SheetContext = { file: path, sheet: name, shared, dateStyles, currencyStyles, formatStyles, date1904 };
      const rowsOf = new SheetRows(cx);
      // filled as <cols> is read, before the first row is handed on
      sheet.hiddenCols = rowsOf.hiddenCols;
      const location = { file: path, sheet: name };
      const sc = scanner === 'reference' ? new XmlScanner(rowsOf, location) : new FastSheetScanner(rowsOf, location);
      const dec = new TextDecoder('utf-8');
      for await (const chunk of zip.chunks(sheet.path)) {
        onBytes?.(chunk.length);
        // decoded a slice at a time: text over 128 KB would be a large V8 object, kept until a full
        // collection by every value cut from it (io/decode.ts READ_BYTES)
        for (let at = 0; at < chunk.length; at += DECODE_BYTES) sc.feed(dec.decode(at === 0 && chunk.length <= DECODE_BYTES ? chunk : chunk.subarray(at, at + DECODE_BYTES), { stream: true }));
        if (rowsOf.queue.length > 0) {
          const batch = rowsOf.queue;
          rowsOf.queue = [];
          yield batch;
        }
      }
      sc.feed(dec.decode());
      if (sc instanceof FastSheetScanner) sc.end();
      if (rowsOf.queue.length > 0) yield rowsOf.queue;
      rowsOf.queue = [];
      rowsOf.end(sc.unfinished);
      sheet.hiddenRows = rowsOf.hiddenRows > 0 ? { count: rowsOf.hiddenRows, first: rowsOf.firstHidden } : undefined;
      sheet.merged = rowsOf.merged.length > 0 ? rowsOf.merged : undefined;
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
