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
import { columnIndex } from './normalize.js';
import { serialTime, serialToIsoDate, type RawCell } from './values.js';
import { decodeXml, parseAttrs, XmlScanner, type XmlHandler } from './xml.js';
import { openSafeZip, type SafeZip, type ZipLimits } from './zip.js';

/**
 * `r`, `t` and `s` of a `<c>` or `<row>` tag, read as `parseAttrs` reads them, without a regular
 * expression when the attributes are the plain `name="value"` list every spreadsheet writes (one per
 * cell: this was a good part of reading a sheet); anything else goes through `parseAttrs`.
 */
function cellAttrs(attrs: string): { r?: string; t?: string; s?: string } {
  const out: { r?: string; t?: string; s?: string } = {};
  const n = attrs.length;
  let i = 0;
  while (i < n) {
    while (i < n && attrs.charCodeAt(i) === 32) i++;
    if (i >= n || (attrs.charCodeAt(i) === 47 && i === n - 1)) break;
    const eq = attrs.indexOf('=', i);
    if (eq < 0 || attrs.charCodeAt(eq + 1) !== 34) return parseAttrs(attrs);
    const close = attrs.indexOf('"', eq + 2);
    if (close < 0) return parseAttrs(attrs);
    let name = attrs.slice(i, eq);
    for (let k = 0; k < name.length; k++) {
      const c = name.charCodeAt(k);
      // [\w:.-] only
      if (!((c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45)) return parseAttrs(attrs);
    }
    const colon = name.indexOf(':');
    if (colon >= 0) name = name.slice(colon + 1);
    if (name === 'r' || name === 't' || name === 's') {
      const v = attrs.slice(eq + 2, close);
      out[name] = v.indexOf('&') >= 0 || v.indexOf('_x') >= 0 ? decodeXml(v) : v;
    }
    i = close + 1;
    if (i < n && attrs.charCodeAt(i) !== 32 && attrs.charCodeAt(i) !== 47) return parseAttrs(attrs);
  }
  return out;
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

/** Text of a small part (workbook, rels, styles): capped at 64 MB inflated. */
async function partText(zip: SafeZip, name: string): Promise<string> {
  const dec = new TextDecoder('utf-8');
  let s = '';
  for await (const chunk of zip.chunks(name)) {
    s += dec.decode(chunk, { stream: true });
    if (s.length > 64 * 1024 * 1024) throw new SalesgradeError('input-too-large', `${name} is over 64 MB`);
  }
  return s + dec.decode();
}

async function scanPart(zip: SafeZip, name: string, h: XmlHandler, onBytes?: (n: number) => void): Promise<void> {
  const dec = new TextDecoder('utf-8');
  const sc = new XmlScanner(h);
  for await (const chunk of zip.chunks(name)) {
    onBytes?.(chunk.length);
    sc.feed(dec.decode(chunk, { stream: true }));
  }
  sc.feed(dec.decode());
}

function rels(xml: string, base: string): Map<string, { target: string; type: string }> {
  const out = new Map<string, { target: string; type: string }>();
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const a = parseAttrs(m[1]!);
    if (!a.Id || !a.Target) continue;
    out.set(a.Id, { target: resolvePath(base, a.Target), type: a.Type ?? '' });
  }
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

/** True when an Excel number format code shows a date. */
export function isDateFormatCode(code: string): boolean {
  const stripped = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/_.|\*./g, '');
  if (/^general$/i.test(stripped.trim())) return false;
  if (/[yd]/i.test(stripped) || /[年月日]/.test(code)) return true;
  return /m/i.test(stripped) && !/[hs]/i.test(stripped) && !/[0#?]/.test(stripped);
}

async function readStyles(zip: SafeZip, path: string | undefined): Promise<boolean[]> {
  if (!path || !zip.has(path)) return [];
  const xml = await partText(zip, path);
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)>/g)) {
    const a = parseAttrs(m[1]!);
    if (a.numFmtId !== undefined && a.formatCode !== undefined) custom.set(Number(a.numFmtId), a.formatCode);
  }
  const out: boolean[] = [];
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml);
  if (!xfs) return out;
  for (const m of xfs[1]!.matchAll(/<(?:\w+:)?xf\b([^>]*?)\/?>/g)) {
    const id = Number(parseAttrs(m[1]!).numFmtId ?? 0);
    const code = custom.get(id);
    out.push(code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id));
  }
  return out;
}

async function readSharedStrings(zip: SafeZip, path: string | undefined): Promise<string[]> {
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
      if (inT) text += raw;
    },
  });
  return out;
}

export async function openXlsx(path: string, limits?: ZipLimits): Promise<XlsxBook> {
  const zip = await openSafeZip(path, limits);
  try {
    let wbPath = 'xl/workbook.xml';
    if (zip.has('_rels/.rels')) {
      const root = rels(await partText(zip, '_rels/.rels'), '');
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
    const wbRels = zip.has(relsPath) ? rels(await partText(zip, relsPath), wbDir) : new Map<string, { target: string; type: string }>();
    const wbXml = await partText(zip, wbPath);
    const pr = /<(?:\w+:)?workbookPr\b([^>]*)>/.exec(wbXml);
    const flag = pr ? (parseAttrs(pr[1]!).date1904 ?? '').toLowerCase() : '';
    const date1904 = flag === '1' || flag === 'true';
    const sheets: XlsxSheet[] = [];
    for (const m of wbXml.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)) {
      const a = parseAttrs(m[1]!);
      const rel = a.id ? wbRels.get(a.id) : undefined;
      if (!a.name || !rel) continue;
      sheets.push({ name: a.name, hidden: a.state === 'hidden' || a.state === 'veryHidden', path: rel.target, rows: -1 });
    }
    let ssPath: string | undefined;
    let stylesPath: string | undefined;
    for (const r of wbRels.values()) {
      if (r.type.endsWith('/sharedStrings')) ssPath = r.target;
      else if (r.type.endsWith('/styles')) stylesPath = r.target;
    }
    const dateStyles = await readStyles(zip, stylesPath);
    const shared = await readSharedStrings(zip, ssPath);
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
      let capture = 0; // 1 = <v>, 2 = <t> inside <is>
      let inIs = false;
      let skip = 0;
      let v = '';
      let inline = '';
      const handler: XmlHandler = {
        open(tag, attrs, self) {
          switch (tag) {
            case 'row': {
              const a = cellAttrs(attrs);
              const r = a.r ? Number(a.r) : rowNo + 1;
              rowNo = Number.isInteger(r) && r > 0 ? r : rowNo + 1;
              cells = [];
              any = false;
              col = -1;
              inRow = !self;
              if (self) inRow = false;
              break;
            }
            case 'c': {
              if (!inRow) break;
              const a = cellAttrs(attrs);
              ref = a.r ?? '';
              let end = 0;
              while (end < ref.length && ref.charCodeAt(end) >= 65 && ref.charCodeAt(end) <= 90) end++;
              col = end > 0 ? columnIndex(ref.slice(0, end)) : col + 1;
              type = a.t ?? 'n';
              style = a.s ? Number(a.s) : 0;
              hasF = false;
              hasV = false;
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
              hasV = true;
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
          if (capture === 1) v += raw;
          else if (capture === 2) inline += raw;
        },
      };
      function finishCell(): void {
        if (col < 0 || col > 16_383) return;
        let cell: RawCell | undefined;
        switch (type) {
          case 's': {
            const s = shared[Number(v)];
            cell = s === undefined ? undefined : { t: 's', v: s };
            break;
          }
          case 'inlineStr':
            cell = { t: 's', v: decodeXml(inline) };
            break;
          case 'str':
            cell = hasV ? { t: 's', v: decodeXml(v) } : hasF ? { t: 'f', v: null } : undefined;
            break;
          case 'b':
            cell = hasV ? { t: 'b', v: v.trim() === '1' || v.trim().toLowerCase() === 'true' } : hasF ? { t: 'f', v: null } : undefined;
            break;
          case 'e':
            cell = { t: 'e', v: decodeXml(v).trim() || '#VALUE!' };
            break;
          case 'd':
            cell = hasV ? { t: 's', v: decodeXml(v).trim() } : undefined;
            break;
          default: {
            const text = v.trim();
            if (!hasV || text === '') {
              cell = hasF ? { t: 'f', v: null } : undefined;
              break;
            }
            if (dateStyles[style]) {
              const n = Number(text);
              const iso = serialToIsoDate(n, date1904);
              if (iso) {
                const time = serialTime(n);
                cell = { t: 'd', v: time ? `${iso} ${time}` : iso, serial: text };
                break;
              }
            }
            cell = { t: 'n', v: text };
          }
        }
        col = col < 0 ? 0 : col;
        if (cell) {
          cells[col] = cell;
          any = true;
        }
      }
      const dec = new TextDecoder('utf-8');
      const sc = new XmlScanner(handler);
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
