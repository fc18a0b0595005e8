/**
 * `openExport`: a CRM export (CSV/TSV, XLSX, or an HTML table saved as .xls) → a stream of rows, each
 * either a coerced `ActivityRecord` with its source location or an excluded row with its reason, plus
 * the data findings met on the way. Memory does not grow with the number of rows (duplicate detection
 * keeps one 53-bit hash per row).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Decimal } from 'decimal.js';
import { addExact, exactValue, type ExactSum } from '../shared/scaled.js';
import type { ActivityRecord, ExclusionReason, FieldValue, SourceRef } from '../engine/types.js';
import type { Rubric } from '../rubric/schema.js';
import type { Diagnostic } from '../shared/diagnostic.js';
import type { FindingCode } from '../shared/finding-codes.js';
import { SalesgradeError } from '../shared/errors.js';
import { CsvRow, DELIMITERS, headRows, openCsv, readHeadText, sniffDelimiter, type Delimiter, type RawRow } from './csv.js';
import { detectEncoding, type Encoding, type EncodingInfo } from './decode.js';
import { sniffReadable } from './detect.js';
import { assertUnchanged, statOf } from './file-identity.js';
import { FindingList, type FindingAt } from './findings.js';
import { detectHeader, fieldRules, HEADER_SCAN_ROWS, type ColumnInfo, type FieldRule, type HeaderMatch } from './header.js';
import { openHtmlTable } from './html.js';
import { cleanIdentifier, columnLetter, normalizeHeader } from '../shared/text.js';
import { stripHeaderUnit } from './normalize.js';
import { NumberColumn, tieBreak, type Report } from './number-columns.js';
import { cellText, coerce, coercedData, coerceFast, isBlankCell, type CoerceOptions, type RawCell } from './values.js';
import { SeenRows } from './seen-rows.js';
import { TotalLabels } from './totals.js';
import { openXlsx, type XlsxBook } from './xlsx-read.js';

export type { ColumnInfo } from './header.js';
export { SeenRows } from './seen-rows.js';

export interface ReadOptions {
  /** Field specs (aliases, types), sheet, header_row, date_format, decimal_separator, unique_key. */
  source: Rubric['source'] | undefined;
  /** Overrides detection (and `source.encoding`). */
  encoding?: Encoding | undefined;
  /** Attach each row's values as read (for the workbook's data sheets). */
  keepRaw?: boolean;
  /** Bytes read so far, of the total. */
  onProgress?: (done: number, total: number) => void;
  /** Overrides `source.sheet`. */
  sheet?: string | undefined;
  /** For inspect: do not fail when `rep` (or a required field) has no column. */
  allowMissing?: boolean;
  /** For inspect: count the rows of every sheet (reads each sheet once). */
  countSheetRows?: boolean;
  /** The file's name in findings and source references (default: `path`). */
  displayName?: string;
  /**
   * The rows and unique keys of the run's earlier files: pass one `SeenRows` to every file of a run
   * so that a row repeated across files is excluded as a duplicate (default: this file alone).
   */
  seen?: SeenRows;
  /** The rubric's currency: other currencies' signs and codes are errors unless `fx` has a rate. Undefined: not checked. */
  currency?: string | undefined;
  /** Units of `currency` per one unit of a foreign currency (the rubric's `fx`). */
  fx?: Readonly<Record<string, Decimal>> | undefined;
  /** The rubric's locale (with `currency`, breaks the tie for a column whose values fit both decimal separators). */
  locale?: string | undefined;
}

const NUMBER_TYPES = new Set(['money', 'number', 'integer', 'percent']);
/** An id or name Excel turned into a float: `1.23457E+11`. */
const MANGLED_ID = /^[-+]?\d(?:\.\d+)?E\+\d{1,3}$/i;
function mangledId(v: string): boolean {
  const c = v.charCodeAt(0);
  return v.length >= 5 && ((c >= 48 && c <= 57) || c === 43 || c === 45) && MANGLED_ID.test(v);
}
/** A numeric cell of 16 or more digits: Excel keeps 15 significant digits, the rest of an id is gone. */
const LONG_NUMBER = /^-?(?:\d{16,}(?:\.\d*)?|\d(?:\.\d+)?e\+\d+)$/i;

/** True when a text holds a `.` or `,` (full-width too): only such a number says which is the decimal separator. */
function hasSeparator(v: string): boolean {
  return v.indexOf('.') >= 0 || v.indexOf(',') >= 0 || v.indexOf('．') >= 0 || v.indexOf('，') >= 0;
}

/** The text cells of one column in the sample rows. */
function sampleTexts(rows: RawRow[], col: number): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const c = r.cells[col];
    if (c !== undefined && c.t === 's') out.push(c.v);
  }
  return out;
}

export interface ExportLayout {
  file: string;
  format: 'csv' | 'xlsx' | 'html';
  encoding?: string;
  delimiter?: string;
  sheets?: { name: string; hidden: boolean; rows: number }[];
  sheet?: string;
  /** 1-based. */
  headerRow: number;
  /** 1, or 2 for a two-row header with merged group cells. */
  headerRows: number;
  columns: (ColumnInfo & { inferred?: string })[];
  missingFields: string[];
  /** XLSX: the workbook uses the 1904 date system. */
  date1904?: boolean;
}

export interface ReadRow {
  source: SourceRef;
  record?: ActivityRecord;
  excluded?: { reason: ExclusionReason; detail?: string };
  /**
   * no-rep and bad-value rows: the fields as read (a bad value as null) and the fields that were bad,
   * so the engine can tell whether money or counts that feed a KPI were lost.
   */
  lost?: { fields: Record<string, FieldValue>; badFields?: string[] };
  raw?: (string | number | boolean | null)[];
}

export interface ExportReader {
  layout: ExportLayout;
  /** Rows one at a time; `batches()` gives the same rows a chunk at a time (cheaper). Use one, once. */
  rows(): AsyncIterable<ReadRow>;
  batches(): AsyncIterable<ReadRow[]>;
  /** Complete once rows() is exhausted. */
  findings: Diagnostic[];
  /** Of the file's bytes, once rows() is exhausted. */
  sha256(): string;
}

export { isTotalLabel } from './totals.js';
export { fxRates } from './values.js';

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) h.update(chunk);
  return h.digest('hex');
}

interface Opened {
  layout: Omit<ExportLayout, 'headerRow' | 'headerRows' | 'columns' | 'missingFields'>;
  head: RawRow[];
  /** Rows read past the head with it (the rest of its batch). */
  extra: RawRow[];
  match: HeaderMatch;
  rest: AsyncGenerator<RawRow[]>;
  total: number;
  book?: XlsxBook;
  /** Findings about the choice made (another sheet that matches too). */
  notes: { code: FindingCode; severity: 'error' | 'warning' | 'info'; message: string }[];
  /** CSV: the sha256 of the bytes as the graded read streams them (no second read). */
  hashed?: { hash: Hash; bytes: number };
}

/** Batches → the first `n` rows, and the rest of the last batch read; the generator continues after. */
async function scan(gen: AsyncGenerator<RawRow[]>, n: number): Promise<{ head: RawRow[]; extra: RawRow[] }> {
  const head: RawRow[] = [];
  let extra: RawRow[] = [];
  while (head.length < n) {
    const r = await gen.next();
    if (r.done) break;
    const batch = r.value;
    const take = Math.min(batch.length, n - head.length);
    for (let i = 0; i < take; i++) head.push(batch[i]!);
    if (take < batch.length) extra = batch.slice(take);
  }
  return { head, extra };
}

/** One-row batches of a row generator (HTML tables: small, read whole). */
async function* oneByOne(gen: AsyncGenerator<RawRow>): AsyncGenerator<RawRow[]> {
  try {
    for await (const r of gen) yield [r];
  } finally {
    await gen.return(undefined);
  }
}

/** A delimiter as a message shows it. */
function showDelimiter(d: string): string {
  return d === '\t' ? 'tab' : `"${d}"`;
}

/**
 * The delimiter of a CSV: the rubric's (`source.delimiter`), else, of the delimiters met in its first
 * 64 KB, the one whose header row matches the fields best (a header with the rep column first, then
 * the match score); a tie keeps the sniffed one (most fields per line, consistently). Counting alone
 * chose `;` for an export whose first rows hold a Zoho multi-select list `a;b;c`.
 */
async function chooseDelimiter(
  path: string,
  enc: EncodingInfo,
  rules: FieldRule[],
  source: ReadOptions['source'],
): Promise<{ delimiter: Delimiter; tried: Delimiter[] }> {
  const declared = source?.delimiter;
  if (declared !== undefined) {
    const d = declared === 'tab' ? '\t' : declared;
    return { delimiter: d, tried: [d] };
  }
  const { text, complete } = await readHeadText(path, enc);
  const sniffed = sniffDelimiter(text);
  const tried = [sniffed, ...DELIMITERS.filter((d) => d !== sniffed && text.includes(d))];
  let best: { d: Delimiter; rep: boolean; score: number } | undefined;
  for (const d of tried) {
    const m = detectHeader(headRows(text, complete, d, HEADER_SCAN_ROWS + 1, source?.quote), rules, source?.header_row);
    if (!m) continue;
    const rep = m.mapping.has('rep');
    if (!best || (rep && !best.rep) || (rep === best.rep && m.score > best.score)) best = { d, rep, score: m.score };
  }
  return { delimiter: best?.d ?? sniffed, tried };
}

function headerNotFound(path: string, rules: FieldRule[], head: RawRow[], sheet?: string, delimiters?: Delimiter[]): SalesgradeError {
  const rep = rules.find((r) => r.field === 'rep');
  const seen = head.find((r) => r.cells.some((c) => c && c.t === 's'));
  const found = seen ? seen.cells.map((c) => cellText(c)).filter(Boolean).slice(0, 8).join(', ') : 'no text at all';
  return new SalesgradeError(
    'header-not-found',
    `no header row in the first ${HEADER_SCAN_ROWS} rows${delimiters ? ` (delimiter${delimiters.length > 1 ? 's' : ''} tried: ${delimiters.map(showDelimiter).join(', ')})` : ''}: expected a column like ${(rep?.headers ?? []).slice(0, 4).join(', ')}; found ${found}`,
    {
      location: sheet !== undefined ? { file: path, sheet } : { file: path },
      hint: `name the columns in source.fields, or set source.header_row${delimiters ? ' or source.delimiter' : ''}`,
    },
  );
}

async function openSource(path: string, options: ReadOptions, rules: FieldRule[]): Promise<Opened> {
  const sniff = await sniffReadable(path);
  const src = options.source;
  const forced = options.encoding ?? src?.encoding;
  const notes: Opened['notes'] = [];
  switch (sniff.kind) {
    case 'zip': {
      const book = await openXlsx(path);
      const sheets = book.sheets;
      let chosen: { name: string; head: RawRow[]; extra: RawRow[]; match: HeaderMatch; rest: AsyncGenerator<RawRow[]> } | undefined;
      const wanted = options.sheet ?? src?.sheet;
      if (wanted !== undefined) {
        const s = sheets.find((x) => x.name === wanted) ?? sheets.find((x) => x.name.trim().toLowerCase() === wanted.trim().toLowerCase());
        if (!s) {
          await book.close();
          throw new SalesgradeError('sheet-not-found', `no sheet named "${wanted}"; the sheets are ${sheets.map((x) => `"${x.name}"`).join(', ')}`, {
            location: { file: path },
          });
        }
        const gen = book.batches(s.name, progressCounter(options, book.sheetBytes(s.name)));
        const { head, extra } = await scan(gen, HEADER_SCAN_ROWS + 1);
        const match = detectHeader(head, rules, src?.header_row);
        if (!match) {
          await gen.return(undefined);
          await book.close();
          throw headerNotFound(path, rules, head, s.name);
        }
        chosen = { name: s.name, head, extra, match, rest: gen };
      } else {
        let fallback: typeof chosen;
        let firstHead: { head: RawRow[]; name: string } | undefined;
        // the first visible sheet whose header is good; the sheets after it are looked at too, so that
        // a second sheet with a good header is not ignored without a word
        const alsoGood: string[] = [];
        for (const s of sheets) {
          if (s.hidden) continue;
          const gen = book.batches(s.name, chosen ? undefined : progressCounter(options, book.sheetBytes(s.name)));
          const { head, extra } = await scan(gen, HEADER_SCAN_ROWS + 1);
          firstHead ??= { head, name: s.name };
          const match = detectHeader(head, rules, src?.header_row);
          const good = match && match.mapping.has('rep') && (match.score >= 2.5 || rules.length === 1);
          if (chosen) {
            await gen.return(undefined);
            if (good) alsoGood.push(s.name);
            continue;
          }
          if (match && good) {
            if (fallback) await fallback.rest.return(undefined);
            fallback = undefined;
            chosen = { name: s.name, head, extra, match, rest: gen };
            continue;
          }
          if (match && (!fallback || match.score > fallback.match.score)) {
            if (fallback) await fallback.rest.return(undefined);
            fallback = { name: s.name, head, extra, match, rest: gen };
          } else await gen.return(undefined);
        }
        if (chosen && alsoGood.length > 0) {
          const fields = [...chosen.match.mapping.keys()].filter((f) => f !== 'rep');
          notes.push({
            // an error: the rows of the other matching sheets (one sheet per month, say) are not graded
            code: 'sheet-ambiguous',
            severity: 'error',
            message:
              `read sheet "${chosen.name}", the first visible sheet whose header has rep and ${fields.length} more field${fields.length === 1 ? '' : 's'} (${fields.slice(0, 4).join(', ')}${fields.length > 4 ? ', …' : ''}); ` +
              `${alsoGood.map((n) => `"${n}"`).join(', ')} ${alsoGood.length === 1 ? 'has' : 'have'} a matching header too and ${alsoGood.length === 1 ? 'is' : 'are'} not read, so ${alsoGood.length === 1 ? 'its' : 'their'} rows are not graded (name the sheet to read in the rubric's source.sheet; to grade several sheets, save each as its own file and give them all)`,
          });
        }
        chosen ??= fallback;
        if (!chosen) {
          await book.close();
          if (!sheets.some((s) => !s.hidden)) throw new SalesgradeError('sheet-not-found', 'every sheet is hidden; name one in source.sheet', { location: { file: path } });
          throw headerNotFound(path, rules, firstHead?.head ?? [], firstHead?.name);
        }
      }
      const sheetList = sheets.map((s) => ({ name: s.name, hidden: s.hidden, rows: s.rows }));
      if (options.countSheetRows) {
        for (const s of sheetList) if (s.name !== chosen.name) s.rows = await book.countRows(s.name);
      }
      return {
        layout: { file: path, format: 'xlsx', sheets: sheetList, sheet: chosen.name, date1904: book.date1904 },
        head: chosen.head,
        extra: chosen.extra,
        match: chosen.match,
        rest: chosen.rest,
        total: book.sheetBytes(chosen.name),
        book,
        notes,
      };
    }
    case 'html':
    case 'text': {
      const enc = await detectEncoding(path, sniff.head, forced);
      let gen: AsyncGenerator<RawRow[]>;
      let delimiter: string | undefined;
      let hashed: Opened['hashed'];
      let tried: Delimiter[] | undefined;
      if (sniff.kind === 'html') gen = oneByOne(await openHtmlTable(path, enc));
      else {
        const h = createHash('sha256');
        hashed = { hash: h, bytes: 0 };
        const sink = hashed;
        const hash = { update: (b: Buffer) => { h.update(b); sink.bytes += b.length; } };
        const chosen = await chooseDelimiter(path, enc, rules, src);
        tried = chosen.tried;
        const csv = await openCsv(path, enc, { delimiter: chosen.delimiter, ...(src?.quote ? { quote: src.quote } : {}), onBytes: progressCounter(options, sniff.size), hash });
        delimiter = csv.delimiter;
        gen = csv.batches();
      }
      const { head, extra } = await scan(gen, HEADER_SCAN_ROWS + 1);
      const match = detectHeader(head, rules, src?.header_row);
      if (!match) {
        await gen.return(undefined);
        throw headerNotFound(path, rules, head, undefined, tried);
      }
      const layout: Opened['layout'] = { file: path, format: sniff.kind === 'html' ? 'html' : 'csv', encoding: enc.encoding + (enc.bom ? ' (BOM)' : '') };
      if (delimiter !== undefined) layout.delimiter = delimiter;
      return { layout, head, extra, match, rest: gen, total: sniff.size, notes, ...(hashed ? { hashed } : {}) };
    }
  }
}

function progressCounter(options: ReadOptions, total: number): ((n: number) => void) | undefined {
  const cb = options.onProgress;
  if (!cb) return undefined;
  let done = 0;
  return (n) => {
    done += n;
    cb(done, total);
  };
}

/**
 * A 53-bit hash of the strings (cyrb53: two 32-bit multiplicative hashes), as a number: a Map of
 * numbers stays small where a Set of whole rows would not. Two different rows collide with a
 * probability of about n²/2⁵⁴ (≈ 6·10⁻⁵ for a million rows).
 */
export function hash53(parts: string[]): number {
  const h = new Hash53();
  for (const p of parts) h.add(p);
  return h.value();
}

class Hash53 {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  /** Mix in a 32-bit integer (a column key). */
  mix(k: number): void {
    this.h1 = Math.imul(this.h1 ^ k, 2654435761);
    this.h2 = Math.imul(this.h2 ^ k, 1597334677);
  }

  add(p: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < p.length; i++) {
      const ch = p.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = Math.imul(h1 ^ 1, 2654435761);
    this.h2 = Math.imul(h2 ^ 1, 1597334677);
  }

  value(): number {
    const h1 = Math.imul(this.h1 ^ (this.h1 >>> 16), 2246822507) ^ Math.imul(this.h2 ^ (this.h2 >>> 13), 3266489909);
    const h2 = Math.imul(this.h2 ^ (this.h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  }
}

/**
 * How a file's rows are hashed for duplicate detection: each cell with the key of its column (its
 * normalised header, numbered when a header repeats), in the order of the keys. So a row repeated in
 * another export whose columns are in another order, or which has an extra empty column, is still the
 * same row.
 */
export interface RowKeys {
  /** Key per header column. */
  keys: Int32Array;
  /** The header columns in key order. */
  order: Int32Array;
}

export function rowKeys(headers: string[]): RowKeys {
  const seen = new Map<string, number>();
  const keys = new Int32Array(headers.length);
  headers.forEach((h, i) => {
    const n = normalizeHeader(h);
    const k = seen.get(n) ?? 0;
    seen.set(n, k + 1);
    keys[i] = hash53([n, String(k)]) % 4294967296 | 0;
  });
  const order = Int32Array.from(headers.keys()).sort((a, b) => keys[a]! - keys[b]! || a - b);
  return { keys, order };
}

/** The key of a column past the header (a ragged row's extra cells). */
function extraKey(col: number): number {
  return (0x5bd1e995 + col) | 0;
}

/**
 * The duplicate-detection hash of a row: every cell whose cleaned text is not empty, with its
 * column's key, in key order, then any cells past the header in column order. (An inlined twin of
 * this function was measured and deleted: 33 vs 52 ms CPU per 200,000 rows, about 1% of reading them.)
 */
export function rowHash(cells: (RawCell | undefined)[], rk: RowKeys): number {
  const h = new Hash53();
  const { keys, order } = rk;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const t = cleanIdentifier(cellText(cells[i]));
    if (t === '') continue;
    h.mix(keys[i]!);
    h.add(t);
  }
  for (let i = keys.length; i < cells.length; i++) {
    const t = cleanIdentifier(cellText(cells[i]));
    if (t === '') continue;
    h.mix(extraKey(i));
    h.add(t);
  }
  return h.value();
}

function rawValue(cell: RawCell | undefined): string | number | boolean | null {
  if (!cell) return null;
  switch (cell.t) {
    case 's':
    case 'd':
    case 'e':
      return cell.v;
    case 'n': {
      const n = Number(cell.v);
      return Number.isFinite(n) ? n : cell.v;
    }
    case 'b':
      return cell.v;
    case 'f':
      return null;
  }
}

function inferType(cells: (RawCell | undefined)[], rule: FieldRule | undefined): string {
  if (rule) return rule.type;
  const vals = cells.filter((c) => !isBlankCell(c)) as RawCell[];
  if (vals.length === 0) return 'empty';
  if (vals.every((c) => c.t === 'd' || (c.t === 's' && coerce(c, 'date').ok && /\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}/.test(c.v)))) return 'date';
  const isNumber = (c: RawCell): boolean => c.t === 'n' || (c.t === 's' && (coerce(c, 'money', { decimalSeparator: '.' }).ok || coerce(c, 'money', { decimalSeparator: ',' }).ok));
  if (vals.every(isNumber)) {
    return vals.some((c) => c.t === 's' && /[¥$€£元]|rmb|cny|usd/i.test(c.v)) ? 'money' : 'number';
  }
  if (vals.every((c) => c.t === 'b')) return 'boolean';
  return 'text';
}

/** Where a record's mapped fields are, shared by the records of one file. */
interface CellPlaces {
  csv: boolean;
  mapped: { field: string; col: number }[];
}

/**
 * A record whose cell references (`cells`) are worked out only when asked for: most records never
 * need them, and building a string per field per row was a good part of the reading time. It keeps
 * only the row number and, for a CSV, the record's field columns and lines (not the row's cells: the
 * evaluate pipeline may keep 200,000 records for the workbook).
 */
class ReadRecord implements ActivityRecord {
  readonly #places: CellPlaces;
  readonly #row: number;
  readonly #cols: number[] | undefined;
  readonly #lines: number[] | undefined;
  #cells: Record<string, string> | undefined;

  constructor(
    public rep: string,
    public fields: Record<string, FieldValue>,
    public source: SourceRef,
    row: RawRow,
    places: CellPlaces,
  ) {
    this.#places = places;
    this.#row = row.row;
    if (row instanceof CsvRow) {
      this.#cols = row.cols;
      this.#lines = row.lines;
    }
  }

  get cells(): Record<string, string> {
    if (this.#cells === undefined) {
      const cells: Record<string, string> = {};
      const row = this.#row;
      const cols = this.#cols;
      for (const m of this.#places.mapped) {
        if (!this.#places.csv) cells[m.field] = `${columnLetter(m.col)}${row}`;
        else if (cols !== undefined && m.col < cols.length) cells[m.field] = `${this.#lines ? this.#lines[m.col]! : row}:${cols[m.col]!}`;
        else cells[m.field] = `${row}:1`;
      }
      this.#cells = cells;
    }
    return this.#cells;
  }
}

/**
 * The lines inside a multi-line field that have exactly as many delimiters as a row of the header's
 * width: rows swallowed by a quote left open. Undefined when no field holds such a line.
 */
function swallowedRows(cells: (RawCell | undefined)[], delimiter: string, width: number): { col: number; count: number; sample: string } | undefined {
  for (let col = 0; col < cells.length; col++) {
    const c = cells[col];
    if (c === undefined || c.t !== 's' || (c.v.indexOf('\n') < 0 && c.v.indexOf('\r') < 0)) continue;
    const lines = c.v.split(/\r\n|\r|\n/);
    let count = 0;
    let sample = '';
    for (let i = 1; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.split(delimiter).length === width) {
        if (count++ === 0) sample = l.length > 60 ? `${l.slice(0, 60)}…` : l;
      }
    }
    if (count > 0) return { col, count, sample };
  }
  return undefined;
}

/** Errors name the file as the user did. */
function rename(e: unknown, path: string, name: string): unknown {
  if (e instanceof SalesgradeError && e.location?.file === path) e.location.file = name;
  return e;
}

/** Open an export: find its format, encoding, sheet and header; rows stream from `rows()`. */
export async function openExport(path: string, options: ReadOptions): Promise<ExportReader> {
  const src = options.source;
  const name = options.displayName ?? path;
  const rules = fieldRules(src);
  let opened: Opened;
  // the file as it was when the read began: it must be the same when the read ends
  const before = await statOf(path);
  try {
    opened = await openSource(path, options, rules);
  } catch (e) {
    throw rename(e, path, name);
  }
  const { match } = opened;
  const ruleOf = new Map(rules.map((r) => [r.field, r]));
  for (const r of rules) {
    if (r.required && !match.mapping.has(r.field) && !options.allowMissing) {
      await opened.rest.return(undefined);
      await opened.book?.close();
      throw rename(new SalesgradeError(
        'field-missing',
        `no column for ${r.field}: expected one of ${r.headers.slice(0, 6).map((h) => `"${h}"`).join(', ')}; found ${match.columns.map((c) => `"${c.header}"`).filter((h) => h !== '""').join(', ')}`,
        {
          location: opened.layout.sheet !== undefined ? { file: path, sheet: opened.layout.sheet } : { file: path, line: match.headerRow },
          hint: `add the header to source.fields.${r.field} in the rubric`,
        },
      ), path, name);
    }
  }
  const dataRows = opened.head.slice(match.dataIndex);
  const columns: ExportLayout['columns'] = match.columns.map((c) => {
    const cells = dataRows.map((r) => r.cells[c.index]);
    const first = cells.find((x) => !isBlankCell(x));
    const info: ColumnInfo & { inferred?: string } = { ...c, inferred: inferType(cells, c.field ? ruleOf.get(c.field) : undefined) };
    if (first) info.sample = cellText(first);
    return info;
  });
  const layout: ExportLayout = { ...opened.layout, file: name, headerRow: match.headerRow, headerRows: match.headerRows, columns, missingFields: match.missingFields };
  const findings = new FindingList(name);
  const resultFindings: Diagnostic[] = [];
  let digest: string | undefined;
  const isCsv = layout.format !== 'xlsx';
  const delimiter = layout.delimiter;
  const sheet = layout.sheet;
  const width = columns.length;
  // number columns: the decimal separator of each, from the declaration, its values in the header-scan
  // sample, or the rubric's currency and locale (see number-columns.ts)
  const sampleRows = opened.extra.length > 0 ? [...dataRows, ...opened.extra] : dataRows;
  const tie = tieBreak(options.currency ?? 'CNY', options.locale ?? 'en');
  const mapped = [...match.mapping.entries()].map(([field, col]) => {
    const rule = ruleOf.get(field)!;
    const numeric = NUMBER_TYPES.has(rule.type);
    const num = numeric ? new NumberColumn(field, sampleTexts(sampleRows, col), src?.decimal_separator, tie) : undefined;
    const coerceOptions: CoerceOptions = { decimalSeparator: num ? num.sep : src?.decimal_separator, refuseEither: num?.refuse, dateFormat: rule.dateFormat, currency: options.currency, fx: options.fx };
    return { field, col, rule, options: coerceOptions, num };
  });
  const repCol = match.mapping.get('rep');
  const amountField = match.mapping.has('amount') ? 'amount' : mapped.find((m) => m.rule.type === 'money')?.field;
  const uniqueKey = src?.unique_key;
  let consumed = false;

  const at = (row: RawRow, col?: number): FindingAt => {
    if (isCsv) {
      const p = col !== undefined ? row.positions?.[col] : undefined;
      return p ? { row: row.row, line: p[0], column: p[1] } : { row: row.row, line: row.row, column: 1 };
    }
    return col !== undefined ? { sheet, cell: `${columnLetter(col)}${row.row}`, row: row.row } : { sheet, row: row.row };
  };
  const cellRef = (row: RawRow, col: number): string => {
    if (isCsv) {
      const p = row.positions?.[col];
      return p ? `${p[0]}:${p[1]}` : `${row.row}:1`;
    }
    return `${columnLetter(col)}${row.row}`;
  };

  for (const n of opened.notes) findings.add(n.code, n.severity, n.message, sheet !== undefined ? { sheet } : {});
  const headerRaw = opened.head[match.dataIndex - 1];
  // a header that appears twice: the first column is read for the field, the other is compared row
  // by row (a difference is an error at the end of the read)
  const dupHeaders: { field: string; col: number; other: number; header: string; differ: number; first?: RawRow; a?: string; b?: string }[] = [];
  for (const m of mapped) {
    const n = normalizeHeader(columns[m.col]?.header ?? '');
    if (n === '') continue;
    for (const c of columns) {
      if (c.index === m.col || normalizeHeader(c.header) !== n) continue;
      const d = { field: m.field, col: m.col, other: c.index, header: columns[m.col]!.header, differ: 0 };
      dupHeaders.push(d);
      findings.add(
        'duplicate-header',
        'warning',
        `${m.field}: columns ${isCsv ? `${m.col + 1} and ${c.index + 1}` : `${columnLetter(m.col)} and ${c.letter}`} are both headed "${d.header}"; the first is read, the other is only compared with it (rename or delete one)`,
        headerRaw ? at(headerRaw, c.index) : {},
      );
    }
  }

  // a money or number column whose header names a unit of ten thousand etc. (`金额（万元）`)
  for (const m of mapped) {
    if (m.rule.type !== 'money' && m.rule.type !== 'number') continue;
    const header = columns[m.col]?.header ?? '';
    const unit = stripHeaderUnit(header.split(' / ').pop() ?? header).unit;
    if (unit && /万|千|百万|亿|^k|^m|thousand|million/i.test(unit)) {
      findings.add(
        'header-unit',
        'warning',
        `${m.field}: the header "${header}" gives the unit ${unit}; values are read as written, not scaled (convert the column, or write 12.5万 in the cells)`,
        headerRaw ? at(headerRaw, m.col) : {},
      );
    }
  }

  // duplicates are looked for across every file of the run (options.seen), or in this file alone
  const seen = options.seen ?? new SeenRows();
  const fileId = seen.addFile({ file: name, sheet, csv: isCsv });
  const keysOfRow = rowKeys(columns.map((c) => c.header));
  // running sums of the amount column, exact: four-decimal values add as scaled safe integers
  const grandSum: ExactSum = { sum: new Decimal(0), cents: 0 };
  const segmentSum: ExactSum = { sum: new Decimal(0), cents: 0 };
  let counted = 0;
  let segmentCount = 0;
  let seenRowsCount = 0;
  const uniqueCol = uniqueKey !== undefined ? match.mapping.get(uniqueKey) : undefined;
  const fieldCount = mapped.length;
  // the mapped fields other than the unique key, compared when a unique key repeats
  const otherFields = uniqueKey === undefined ? [] : mapped.map((m) => m.field).filter((f) => f !== uniqueKey);
  const contentOf = (fields: Record<string, FieldValue>): string[] => otherFields.map((f) => {
    const v = fields[f];
    return v === null || v === undefined ? '' : v.toString();
  });
  const fieldTemplate: Record<string, FieldValue> = {};
  for (const m of mapped) fieldTemplate[m.field] = null;
  /**
   * The record's fields from the coerced values, as one object literal of a fixed shape (the same keys
   * in the same order as the template; cheaper than a copy plus a keyed store per field). A field named
   * `__proto__` keeps the copy-and-store path.
   */
  const makeFields = mapped.some((m) => m.field === '__proto__')
    ? (vals: FieldValue[]): Record<string, FieldValue> => {
        const f: Record<string, FieldValue> = { ...fieldTemplate };
        for (let j = 0; j < fieldCount; j++) f[mapped[j]!.field] = vals[j]!;
        return f;
      }
    : (new Function('v', `return { ${mapped.map((m, j) => `[${JSON.stringify(m.field)}]: v[${j}]`).join(', ')} };`) as (vals: FieldValue[]) => Record<string, FieldValue>);
  const vals: FieldValue[] = new Array<FieldValue>(fieldCount).fill(null);

  const totals = new TotalLabels();

  // A CSV row wider than the header whose extra fields are all empty is read only when that width is
  // the file's own: the header line itself has that many fields (trailing empty headers), or most rows
  // of the header-scan sample are at least that wide (an export that ends every data line with a
  // delimiter). Otherwise the extra empty field is a sign that a value was split (`1,2345` unquoted),
  // which shifts every field after it: a `ragged-row` error, the row not counted.
  const headerWidth = isCsv ? (headerRaw?.width ?? width) : width;
  const wideOk = new Map<number, boolean>();
  const wideAccepted = (w: number): boolean => {
    if (w <= headerWidth) return true;
    let ok = wideOk.get(w);
    if (ok === undefined) {
      let rows = 0;
      let wide = 0;
      for (const r of sampleRows) {
        if (r.width === undefined || r.cells.every((c) => isBlankCell(c))) continue;
        rows++;
        if (r.width >= w) wide++;
      }
      ok = rows > 0 && wide * 2 > rows;
      wideOk.set(w, ok);
    }
    return ok;
  };

  const report: Report = (code, severity, message, where) => findings.add(code, severity, message, where);

  const excluded = (out: ReadRow, reason: ExclusionReason, detail?: string): ReadRow => {
    out.excluded = detail === undefined ? { reason } : { reason, detail };
    return out;
  };

  /** One row → a record or an exclusion (findings added on the way). Synchronous: called per batch. */
  const readRow = (row: RawRow): ReadRow => {
    seenRowsCount++;
    const rowCells = row.cells;
    const source: SourceRef = sheet !== undefined ? { file: name, sheet, row: row.row } : { file: name, row: row.row };
    const out: ReadRow = { source };
    if (options.keepRaw) {
      const raw: (string | number | boolean | null)[] = new Array(Math.max(width, rowCells.length));
      for (let i = 0; i < raw.length; i++) raw[i] = rawValue(rowCells[i]);
      out.raw = raw;
    }
    // blank and delimiter-only rows
    let blank = true;
    for (let i = 0; i < rowCells.length; i++) {
      if (!isBlankCell(rowCells[i])) {
        blank = false;
        break;
      }
    }
    if (blank) return excluded(out, 'blank');
    for (const d of dupHeaders) {
      const a = cleanIdentifier(cellText(rowCells[d.col]));
      const b = cleanIdentifier(cellText(rowCells[d.other]));
      if (a !== b && d.differ++ === 0) {
        d.first = row;
        d.a = a;
        d.b = b;
      }
    }
    // a quote left open swallows the rows below it into one field (CSV): the record is not counted,
    // and the finding says how many lines that look like rows went into it
    if (row instanceof CsvRow && row.endLine > row.row && width >= 4 && delimiter !== undefined) {
      const sw = swallowedRows(rowCells, delimiter, width);
      if (sw) {
        const from = row.lines ? row.lines[sw.col]! : row.row;
        findings.add(
          'unclosed-quote',
          'error',
          `a quoted field opened on line ${from} runs to line ${row.endLine} and holds ${sw.count} line${sw.count === 1 ? '' : 's'} that look${sw.count === 1 ? 's' : ''} like rows (${JSON.stringify(sw.sample)}): a quote is probably not closed; the record is not counted, nor are those lines`,
          at(row, sw.col),
        );
        return excluded(out, 'bad-value', `a quoted field spans lines ${from}–${row.endLine}`);
      }
    }
    // ragged rows (CSV)
    if (isCsv && row.width !== undefined && row.width !== width) {
      const extra = rowCells.slice(width).some((c) => !isBlankCell(c));
      if (row.width > width && extra) {
        findings.add('ragged-row', 'error', `expected ${width} fields as in the header, found ${row.width}; the row is not counted (a stray delimiter or quote?)`, at(row, width), { expected: width, found: row.width });
        return excluded(out, 'bad-value', `${row.width} fields, header has ${width}`);
      }
      if (row.width > width && !wideAccepted(row.width)) {
        findings.add(
          'ragged-row',
          'error',
          `expected ${width} fields as in the header, found ${row.width}, the last ${row.width - width === 1 ? 'one' : `${row.width - width}`} empty, unlike the header and most rows; the row is not counted (an unquoted value holding the delimiter, like 1,2345, shifts the fields after it)`,
          at(row, width),
          { expected: width, found: row.width },
        );
        return excluded(out, 'bad-value', `${row.width} fields, header has ${width}`);
      }
      if (row.width < width) findings.add('ragged-row', 'warning', `expected ${width} fields as in the header, found ${row.width}; the missing fields are read as empty`, at(row), { expected: width, found: row.width });
    }
    // totals and subtotals by label: in the rep column, or (when the rep cell is empty or itself a
    // label) in any column. A row whose rep cell holds a name is a deal even when another column reads
    // `Total` (an account named Total): it is read as data.
    let totalLabel: string | undefined;
    const repCell = repCol !== undefined ? rowCells[repCol] : undefined;
    const named = repCell !== undefined && !isBlankCell(repCell) && (repCell.t !== 's' || totals.of(repCell.v, true) === undefined);
    if (!named) {
      for (let i = 0; i < rowCells.length && totalLabel === undefined; i++) {
        const c = rowCells[i];
        if (c && c.t === 's') totalLabel = totals.of(c.v, i === repCol || i === 0);
      }
    }
    if (totalLabel !== undefined) {
      Object.assign(segmentSum, { sum: new Decimal(0), cents: 0 });
      segmentCount = 0;
      findings.add('totals-row', 'info', `a totals row ("${totalLabel}") is not counted`, at(row), { label: totalLabel });
      return excluded(out, 'totals-row', totalLabel);
    }
    // coerce the mapped fields (then one object of the fixed shape: see makeFields)
    let bad: string[] | undefined;
    for (let j = 0; j < fieldCount; j++) {
      const m = mapped[j]!;
      const cell = rowCells[m.col];
      const num = m.num;
      if (m.rule.type === 'text' && cell !== undefined && ((cell.t === 's' && mangledId(cell.v)) || (cell.t === 'n' && LONG_NUMBER.test(cell.v)))) {
        findings.add('mangled-id', 'warning', `${m.field}: ${JSON.stringify(cell.v)} looks like an id Excel stored as a number (shown as 1.23457E+11, or past 15 digits): its digits are lost, so different ${m.field} values may have become one (format the column as text before exporting)`, at(row, m.col));
      }
      // a column not yet decided by its values: a value with a separator may decide it
      if (num !== undefined && num.pending && cell !== undefined && cell.t === 's' && hasSeparator(cell.v)) {
        num.observe(cell.v, at(row, m.col), cellRef(row, m.col), report);
        m.options.decimalSeparator = num.sep;
        m.options.refuseEither = num.refuse;
      }
      const sep = m.options.decimalSeparator;
      // a column that refuses values fitting both readings: `1.234` must not take the fast path
      const fast = coerceFast(cell, m.rule.type, sep === '.' && m.options.refuseEither !== undefined ? undefined : sep);
      if (fast !== undefined) {
        vals[j] = fast;
        continue;
      }
      const res = coerce(cell, m.rule.type, m.options);
      if (res.ok) {
        vals[j] = res.value;
        if (res.note !== undefined) findings.add('currency-converted', 'info', `${m.field}: ${res.note}`, at(row, m.col));
      } else {
        vals[j] = null;
        (bad ??= []).push(m.field);
        if (res.code !== 'ambiguous-number' || num === undefined || num.ambiguousError()) {
          findings.add(res.code, 'error', `${m.field}: expected ${res.expected}, found ${res.found}; the row is not counted${res.hint ? ` (${res.hint})` : ''}`, at(row, m.col), coercedData(m.field, res, 'row-not-counted'));
        }
      }
    }
    const fields = makeFields(vals);
    const rep = fields.rep;
    if (typeof rep !== 'string' || rep === '') {
      const amount = amountField ? fields[amountField] : null;
      if (amount instanceof Decimal && counted > 0 && (amount.eq(exactValue(grandSum)) || (segmentCount > 0 && amount.eq(exactValue(segmentSum))))) {
        const which = segmentCount > 0 && amount.eq(exactValue(segmentSum)) && segmentCount !== counted ? segmentCount : counted;
        findings.add('totals-row', 'info', `a row with no rep whose ${amountField} ${amount.toString()} equals the sum of the ${which} rows above is read as a totals row and not counted`, at(row), { field: amountField!, amount: amount.toString(), rowsAbove: which });
        Object.assign(segmentSum, { sum: new Decimal(0), cents: 0 });
        segmentCount = 0;
        return excluded(out, 'totals-row', `sum of ${which} rows above`);
      }
      findings.add('no-rep', 'warning', `rep: expected a name, found an empty cell; the row is not counted`, repCol !== undefined ? at(row, repCol) : at(row), { field: 'rep' });
      out.lost = bad !== undefined ? { fields, badFields: bad } : { fields };
      return excluded(out, 'no-rep');
    }
    // exact duplicates, then repeated unique keys, in this file or an earlier one of the run
    const first = seen.rows.getOrSet(rowHash(rowCells, keysOfRow), seen.ref(fileId, row.row));
    if (first !== undefined) {
      const where = seen.describe(first, fileId);
      findings.add('duplicate-row', 'warning', `an exact duplicate of ${where}; the duplicate is not counted`, at(row), seen.place(first, fileId));
      return excluded(out, 'duplicate', `duplicate of ${where}`);
    }
    if (uniqueCol !== undefined) {
      const key = fields[uniqueKey!];
      if (key !== null && key !== undefined) {
        const ks = key.toString();
        const kh = hash53([ks]);
        const firstKey = seen.keys.get(kh);
        if (firstKey !== undefined) {
          const where = seen.describe(firstKey, fileId);
          // the first row counts; a repeat whose other fields differ is an error (which one is right
          // is not known: a later export may hold the deal's newer state), an identical one a warning
          // compared by field name: another export may map its fields in another order, or lack one
          const before = new Map<string, string>();
          for (const pair of (seen.keyContent.get(kh) ?? '').split('\u0000')) {
            const eq = pair.indexOf('\u0001');
            if (eq > 0) before.set(pair.slice(0, eq), pair.slice(eq + 1));
          }
          const now = contentOf(fields);
          const diffs: string[] = [];
          otherFields.forEach((f, j) => {
            const b = before.get(f);
            if (b !== undefined && b !== now[j]) diffs.push(`${f} ${b || '(empty)'} → ${now[j] || '(empty)'}`);
          });
          if (diffs.length > 0) {
            findings.add(
              'duplicate-unique-key',
              'error',
              `${uniqueKey} "${ks}" repeats ${where} with different values (${diffs.join(', ')}); only the first row (${where}) is counted — remove the stale row, or keep one export per period`,
              at(row, uniqueCol),
              { field: uniqueKey!, value: ks, changed: diffs.join(', '), ...seen.place(firstKey, fileId) },
            );
          } else {
            findings.add('duplicate-unique-key', 'warning', `${uniqueKey} "${ks}" repeats ${where}; the repeat is not counted`, at(row, uniqueCol), { field: uniqueKey!, value: ks, ...seen.place(firstKey, fileId) });
          }
          return excluded(out, 'duplicate', `${uniqueKey} ${ks} repeats ${where}`);
        }
        seen.keys.set(kh, seen.ref(fileId, row.row));
        seen.keyContent.set(kh, contentOf(fields).map((v, j) => `${otherFields[j]}\u0001${v}`).join('\u0000'));
      }
    }
    if (bad !== undefined) {
      out.lost = { fields, badFields: bad };
      return excluded(out, 'bad-value', bad.map((f) => `${f} at ${cellRef(row, match.mapping.get(f)!)}`).join(', '));
    }
    const amount = amountField ? fields[amountField] : null;
    if (amount instanceof Decimal) {
      addExact(grandSum, amount);
      addExact(segmentSum, amount);
    }
    counted++;
    segmentCount++;
    out.record = new ReadRecord(rep, fields, source, row, places);
    return out;
  };

  const places: CellPlaces = { csv: isCsv, mapped: mapped.map((m) => ({ field: m.field, col: m.col })) };

  async function* batches(): AsyncGenerator<ReadRow[]> {
    if (consumed) throw new Error('rows() can be iterated once');
    consumed = true;
    // a CSV is hashed as it is read; a zip is read by random access, so it is hashed by one
    // sequential read, and the size/mtime/inode check below makes sure both saw the same bytes
    const hashPromise = opened.hashed ? undefined : sha256File(path).catch(() => undefined);
    let complete = false;
    const readAll = (batch: RawRow[]): ReadRow[] => {
      const out: ReadRow[] = new Array(batch.length);
      for (let i = 0; i < batch.length; i++) out[i] = readRow(batch[i]!);
      return out;
    };
    try {
      const first = readAll(dataRows.length > 0 ? (opened.extra.length > 0 ? [...dataRows, ...opened.extra] : dataRows) : opened.extra);
      if (first.length > 0) yield first;
      for await (const batch of opened.rest) yield readAll(batch);
      complete = true;
    } catch (e) {
      throw rename(e, path, name);
    } finally {
      await opened.rest.return(undefined);
      await opened.book?.close();
      const chosen = layout.sheets?.find((s) => s.name === sheet);
      if (chosen) chosen.rows = match.dataIndex + seenRowsCount;
      for (const m of mapped) m.num?.finish(report);
      for (const d of dupHeaders) {
        if (d.differ === 0) continue;
        const cols = isCsv ? `${d.col + 1} and ${d.other + 1}` : `${columnLetter(d.col)} and ${columnLetter(d.other)}`;
        findings.add(
          'duplicate-header',
          'error',
          `${d.field}: columns ${cols}, both headed "${d.header}", differ on ${d.differ} row${d.differ === 1 ? '' : 's'} (first here: "${d.a}" vs "${d.b}"); the first column was read — which one is right cannot be told (rename or delete one)`,
          at(d.first!, d.other),
        );
      }
      findings.finish();
      for (const f of findings.items) resultFindings.push(f);
      if (hashPromise) digest = await hashPromise;
    }
    if (complete) {
      if (opened.hashed) digest = opened.hashed.hash.digest('hex');
      try {
        await assertUnchanged(path, name, before, opened.hashed?.bytes);
      } catch (e) {
        digest = undefined;
        throw e;
      }
    }
  }

  async function* rows(): AsyncGenerator<ReadRow> {
    for await (const batch of batches()) yield* batch;
  }

  return {
    layout,
    rows,
    batches,
    findings: resultFindings,
    sha256: () => {
      if (digest === undefined) throw new Error('sha256() is known once rows() is exhausted');
      return digest;
    },
  };
}

