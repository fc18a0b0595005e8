/**
 * Writes a `WorkbookModel` (src/shared/sheet-model.ts) as an .xlsx: SpreadsheetML of our own, zipped
 * by yazl. Streaming: each sheet's rows are pulled one at a time from the model (an array, a generator
 * or an async generator) and written through the zip to the file, so memory does not grow with the row
 * count; only a sheet's links and its comments part (deflated past 1 MB) are kept until the sheet ends. Deterministic: fixed part
 * order, fixed compression, every zip timestamp and the document dates from `date`, style ids in
 * first-use order — the same model and date give the same bytes, in any time zone.
 *
 * Part order: _rels/.rels, docProps, xl/workbook.xml and its rels, then per sheet its XML followed by
 * its rels, comments and VML drawing (when it has notes), then xl/styles.xml (styles are numbered as
 * the sheets use them) and [Content_Types].xml last (it lists the comment parts, known only once each
 * sheet has streamed). Readers find parts through the zip's central directory, so the order is free.
 *
 * Also here: atomic writing (temp file, fsync, rename), the never-over-an-input guard and the preflight.
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import yazl from 'yazl';
import { SalesgradeError } from '../shared/errors.js';
import { pushAll } from '../shared/iter.js';
import { looksLikeFormula } from '../shared/formula-text.js';
import { columnLetters, DenseRow, type CellModel, type CellValue, type CellStyle, type ConditionalRule, type RowModel, type SheetModel, type SheetXmlPiece, type StyleTableState, type WorkbookModel } from '../shared/sheet-model.js';
import { xmlLegal } from '../shared/xml-text.js';
import { isSpecialFile, writeSpecialFile } from './atomic-write.js';
import { claimTempPath, releaseTempPath, removeStaleTempFiles } from './temp-files.js';
import { useNativeCrc32 } from './zip-crc.js';
import { ascii, XmlBytes } from './xlsx-write-bytes.js';
import { assertNotAnInput, preflightOutput, statOrNull, unwritable, WORKBOOK_OUTPUT } from './output-file.js';

export { assertNotAnInput };

// every entry's CRC-32 by zlib.crc32 instead of a JavaScript loop (io/zip-crc.ts)
useNativeCrc32();

export interface WriteWorkbookOptions {
  /** Every input the run read (data files, roster, rubric): the output may be none of them. */
  inputs: string[];
  /** The document date written into docProps/core.xml and the zip entries. */
  date: Date;
  /** Called after each sheet is written with its name and row count (progress). */
  onSheet?: (name: string, rows: number) => void;
  /** Collections for a big workbook (`WriteTuning.collect`). */
  collect?: CollectHooks;
}

// ------------------------------------------------------------------------------------------- text

// OOXML reads `_xHHHH_` in a string as the character U+HHHH (Excel, openpyxl and our reader do), so
// a literal `_x0041_` must be written `_x005F_x0041_` to read back as itself.
const OOXML_ESCAPE_LIKE = /_x([0-9A-Fa-f]{4})_/g;
const NEEDS_ESCAPE = /[&<>"]/;

function escapeXml(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : s;
}

/** Text content or attribute value: XML-legal, `_xHHHH_` kept literal, escaped (the reference of `xmlText`). */
export function xmlTextReference(s: string): string {
  const legal = xmlLegal(s);
  return escapeXml(legal.indexOf('_x') >= 0 ? legal.replace(OOXML_ESCAPE_LIKE, '_x005F_x$1_') : legal);
}

/**
 * True when `xmlTextReference(s)` is `s` itself: no `&<>"`, no `_x`, no character XML cannot carry
 * (C0 controls but tab, LF and CR; U+FFFE, U+FFFF), no surrogate (a pair is legal, but is left to the
 * reference). One character loop instead of three regular expressions: nearly every cell of a data
 * sheet is such text.
 */
function plainXmlText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) {
      if (c === 0x26 || c === 0x3c || c === 0x3e || c === 0x22) return false;
      if (c === 0x5f && s.charCodeAt(i + 1) === 0x78) return false;
    } else if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
    } else if ((c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe) return false;
  }
  return true;
}

/** `xmlTextReference` with a fast path for text that needs nothing (tied by test/unit/io/xlsx-write-text.test.ts). */
export function xmlText(s: string): string {
  return plainXmlText(s) ? s : xmlTextReference(s);
}

/** An attribute value that is not cell text (no `_xHHHH_` meaning): XML-legal and escaped. */
function attr(s: string): string {
  return escapeXml(xmlLegal(s));
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

// ----------------------------------------------------------------------------------------- styles

const BUILTIN_FORMATS: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '@': 49 };

/** The style table: cell styles are interned in first-use order, so ids depend only on the model. */
class StyleBook {
  private readonly named: Record<string, CellStyle>;
  private readonly byObject = new WeakMap<object, number>();
  private readonly byObjectQuoted = new WeakMap<object, number>();
  private readonly byKey = new Map<string, number>();
  private readonly xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly fonts = new Map<string, number>([['', 0]]);
  private readonly fills = new Map<string, number>();
  private readonly borders = new Map<string, number>([['', 0]]);
  private readonly numFmts = new Map<string, number>();

  constructor(named: Record<string, CellStyle> = {}) {
    this.named = named;
    this.byKey.set('{}', 0);
  }

  /** The xf id of a cell's style (0 for none); `quoted` adds Excel's quote prefix. */
  id(s: CellStyle | string | undefined, quoted: boolean): number {
    if (s === undefined && !quoted) return 0;
    const style = typeof s === 'string' ? this.named[s] : s;
    if (typeof s === 'string' && style === undefined) throw new SalesgradeError('internal', `workbook: no style named "${s}"`);
    const obj = style ?? StyleBook.EMPTY;
    const cache = quoted ? this.byObjectQuoted : this.byObject;
    const hit = cache.get(obj);
    if (hit !== undefined) return hit;
    const id = this.intern(obj, quoted);
    cache.set(obj, id);
    return id;
  }

  private static readonly EMPTY: CellStyle = {};

  private intern(style: CellStyle, quoted: boolean): number {
    const key = JSON.stringify([style.numFmt, style.font, style.fill, style.alignment, style.border, quoted]);
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    let numFmtId = 0;
    if (style.numFmt !== undefined) {
      numFmtId = BUILTIN_FORMATS[style.numFmt] ?? this.numFmts.get(style.numFmt) ?? 164 + this.numFmts.size;
      if (BUILTIN_FORMATS[style.numFmt] === undefined) this.numFmts.set(style.numFmt, numFmtId);
    }
    const f = style.font;
    const fontXml = f
      ? `${f.bold ? '<b/>' : ''}${f.italic ? '<i/>' : ''}${f.underline ? '<u/>' : ''}<sz val="${f.size ?? 11}"/>${f.color ? `<color rgb="${attr(f.color)}"/>` : ''}`
      : '';
    const fontId = this.slot(this.fonts, fontXml === '<sz val="11"/>' ? '' : fontXml);
    const fillId = style.fill ? 2 + this.slot(this.fills, style.fill) : 0;
    const b = style.border;
    const borderXml = b && (b.top || b.bottom) ? `<left/><right/>${b.top ? `<top style="thin"><color rgb="${attr(b.top)}"/></top>` : '<top/>'}${b.bottom ? `<bottom style="thin"><color rgb="${attr(b.bottom)}"/></bottom>` : '<bottom/>'}<diagonal/>` : '';
    const borderId = this.slot(this.borders, borderXml);
    const a = style.alignment;
    const alignXml = a
      ? `<alignment${a.horizontal ? ` horizontal="${a.horizontal}"` : ''}${a.vertical ? ` vertical="${a.vertical === 'middle' ? 'center' : a.vertical}"` : ''}${a.wrapText ? ' wrapText="1"' : ''}/>`
      : '';
    const applies =
      (numFmtId ? ' applyNumberFormat="1"' : '') + (fontId ? ' applyFont="1"' : '') + (fillId ? ' applyFill="1"' : '') + (borderId ? ' applyBorder="1"' : '') + (alignXml ? ' applyAlignment="1"' : '');
    const open = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"${applies}${quoted ? ' quotePrefix="1"' : ''}`;
    const id = this.xfs.length;
    this.xfs.push(alignXml ? `${open}>${alignXml}</xf>` : `${open}/>`);
    this.byKey.set(key, id);
    return id;
  }

  /** The table as data (`SheetModel.xml`: a sheet written elsewhere numbers its styles on from here). */
  state(): StyleTableState {
    return { xfs: [...this.xfs], keys: [...this.byKey], fonts: [...this.fonts], fills: [...this.fills], borders: [...this.borders], numFmts: [...this.numFmts] };
  }

  /**
   * Takes `state` as the table: a table it was made from (`state()`) and then continued. The ids known
   * here stay as they are, so the ids already looked up by object hold.
   */
  adopt(state: StyleTableState): void {
    if (state.xfs.length < this.xfs.length || state.xfs.some((x, i) => i < this.xfs.length && x !== this.xfs[i])) {
      throw new SalesgradeError('internal', 'workbook: a sheet written elsewhere gave back a style table that does not continue this one');
    }
    this.xfs.length = 0;
    for (const x of state.xfs) this.xfs.push(x);
    for (const [map, entries] of [
      [this.byKey, state.keys],
      [this.fonts, state.fonts],
      [this.fills, state.fills],
      [this.borders, state.borders],
      [this.numFmts, state.numFmts],
    ] as const) {
      map.clear();
      for (const [k, v] of entries) map.set(k, v);
    }
  }

  private slot(map: Map<string, number>, key: string): number {
    let n = map.get(key);
    if (n === undefined) {
      n = map.size;
      map.set(key, n);
    }
    return n;
  }

  xml(): string {
    const numFmts = [...this.numFmts].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${attr(code)}"/>`);
    const fonts = [...this.fonts.keys()].map((k) => `<font>${k === '' ? '<sz val="11"/>' : k}<name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`);
    const fills = [
      '<fill><patternFill patternType="none"/></fill>',
      '<fill><patternFill patternType="gray125"/></fill>',
      ...[...this.fills.keys()].map((c) => `<fill><patternFill patternType="solid"><fgColor rgb="${attr(c)}"/><bgColor indexed="64"/></patternFill></fill>`),
    ];
    const borders = [...this.borders.keys()].map((k) => `<border>${k === '' ? '<left/><right/><top/><bottom/><diagonal/>' : k}</border>`);
    return (
      `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
      (numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>` : '') +
      `<fonts count="${fonts.length}">${fonts.join('')}</fonts>` +
      `<fills count="${fills.length}">${fills.join('')}</fills>` +
      `<borders count="${borders.length}">${borders.join('')}</borders>` +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0"/></styleSheet>'
    );
  }
}

// ------------------------------------------------------------------------------------------ sheets

/**
 * Comment XML kept as plain text per sheet, in bytes, before its pieces are kept deflated instead
 * (1 MB: a small sheet's comments cost nothing to hold; a Scorecard with a note on every number of
 * 61,000 reps has ~470 MB of comment XML, ~23 MB deflated).
 */
const NOTE_BUDGET = 1 << 20;
/** A piece of comment XML is taken (and, past the budget, deflated) at this many UTF-16 units. */
const COMMENT_PIECE = 1 << 18;

/**
 * A sheet's comments part, built as its notes are met while the sheet streams — one pass over the
 * rows (issue 10 item 16: the Scorecard's rows, each with ~47 notes at 10 KPIs, were generated a
 * second time for this part: 2.8 M notes at 61,000 reps, twice, most of the workbook's garbage).
 * The part must follow the sheet in the zip, so its bytes wait here: in ~256 KB pieces, as they are
 * up to `budget` bytes, then each deflated on its own (level 1, ~20× on comment XML, ~0.2 CPU-s per
 * 100 MB) and inflated again as the part is written (yazl deflates the same bytes for the zip).
 */
class CommentSink {
  private parts: string[] = [];
  private size = 0;
  private readonly pieces: { bytes: Buffer; deflated: boolean }[] = [];
  private kept = 0;
  constructor(private readonly budget: number) {}
  add(row: number, col: number, text: string): void {
    if (this.pieces.length === 0 && this.parts.length === 0) this.parts.push(`${XML_HEAD}<comments xmlns="${NS_MAIN}"><authors><author>salesgrade</author></authors><commentList>`);
    const xml = `<comment ref="${letters(col)}${row}" authorId="0"><text><r><t xml:space="preserve">${xmlText(text)}</t></r></text></comment>`;
    this.parts.push(xml);
    this.size += xml.length;
    if (this.size >= COMMENT_PIECE) this.take();
  }
  /** A piece's UTF-8 is encoded here before it is deflated: no 256 KB buffer of garbage per piece. */
  private scratch = Buffer.alloc(0);
  private take(): void {
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    // at most 3 bytes of UTF-8 per UTF-16 unit
    if (this.scratch.length < 3 * text.length) this.scratch = Buffer.allocUnsafe(Math.max(3 * text.length, 3 * COMMENT_PIECE + 4096));
    const raw = this.scratch.subarray(0, this.scratch.write(text, 'utf8'));
    if (this.kept + raw.length <= this.budget) {
      this.kept += raw.length;
      this.pieces.push({ bytes: Buffer.from(raw), deflated: false });
    } else this.pieces.push({ bytes: deflateRawSync(raw, { level: 1 }), deflated: true });
  }
  /** The part's bytes, piece by piece (once: each piece is released as it is given). */
  *xml(): Generator<Buffer> {
    this.parts.push('</commentList></comments>');
    this.take();
    const pieces = this.pieces;
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i]!;
      pieces[i] = { bytes: EMPTY, deflated: false };
      yield p.deflated ? inflateRawSync(p.bytes) : p.bytes;
    }
  }
  /** Bytes held now (raw and deflated pieces): for tests. */
  get held(): number {
    return this.pieces.reduce((n, p) => n + p.bytes.length, 0);
  }
}
const EMPTY = Buffer.alloc(0);

interface SheetState {
  /** The comments part, built as the notes are met. */
  comments: Pick<CommentSink, 'add'>;
  noteCount: number;
  /** Every note's row, column and box height, for the drawing: it needs no pass over the rows. */
  boxes: Pick<NoteBoxes, 'push'>;
  links: { ref: string; location: string; tooltip?: string }[];
  rows: number;
}

/** A sheet's state as the writer keeps it (its comments part and drawing written after the sheet). */
interface WrittenSheetState extends SheetState {
  comments: CommentSink;
  boxes: NoteBoxes;
}

/**
 * A note's place and box height (in rows): what the VML drawing of a sheet's notes needs. Kept while
 * the sheet streams so that a Scorecard with a note on every KPI cell of 61,000 reps is not generated
 * again for its drawing (issue 10 item 16). 7 bytes a note (row, column ≤ 16,384, height ≤ 25) in
 * fixed chunks of 65,536 notes: 20 MB for 2.8 M notes, none copied as they grow (one array of 12
 * bytes a note doubled as it grew: 50 MB at 2.8 M, 75 MB while the last doubling copied).
 */
export class NoteBoxes {
  private static readonly CHUNK = 1 << 16;
  private readonly rows: Int32Array[] = [];
  private readonly cols: Uint16Array[] = [];
  private readonly heights: Uint8Array[] = [];
  length = 0;
  push(row: number, col: number, height: number): void {
    const at = this.length % NoteBoxes.CHUNK;
    if (at === 0) {
      this.rows.push(new Int32Array(NoteBoxes.CHUNK));
      this.cols.push(new Uint16Array(NoteBoxes.CHUNK));
      this.heights.push(new Uint8Array(NoteBoxes.CHUNK));
    }
    const c = this.rows.length - 1;
    this.rows[c]![at] = row;
    this.cols[c]![at] = col;
    this.heights[c]![at] = height;
    this.length++;
  }
  row(i: number): number {
    return this.rows[i >>> 16]![i & 0xffff]!;
  }
  col(i: number): number {
    return this.cols[i >>> 16]![i & 0xffff]!;
  }
  height(i: number): number {
    return this.heights[i >>> 16]![i & 0xffff]!;
  }
  /** Bytes held (for tests). */
  get bytes(): number {
    return this.rows.length * NoteBoxes.CHUNK * 7;
  }
}

/** A note box's height in rows, from its text: ~36 half-width characters a line, at most 24 lines, plus one. */
function noteHeight(text: string): number {
  let lines = 0;
  let w = 0;
  for (let k = 0; k <= text.length; k++) {
    const code = k < text.length ? text.charCodeAt(k) : 10;
    if (code === 10) {
      lines += Math.max(1, Math.ceil(w / 36));
      w = 0;
    } else w += code > 0x2e7f ? 2 : 1;
  }
  return Math.min(24, lines) + 1;
}

/** Collects XML text into ~64 KB buffers. */
class Chunker {
  private parts: string[] = [];
  private size = 0;
  push(s: string): void {
    this.parts.push(s);
    this.size += s.length;
  }
  /** ~64 KB are waiting: take them. */
  get full(): boolean {
    return this.size >= 1 << 16;
  }
  take(): Buffer {
    const b = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.size = 0;
    return b;
  }
}

function isAsync<T>(rows: Iterable<T> | AsyncIterable<T>): rows is AsyncIterable<T> {
  return typeof (rows as Iterable<T>)[Symbol.iterator] !== 'function';
}

function cellXml(c: CellModel, ref: string, col: number, row: number, styles: StyleBook, state: SheetState): string {
  if (c.note) {
    state.noteCount++;
    state.boxes.push(row, col, noteHeight(c.note));
    state.comments.add(row, col, c.note);
  }
  if (c.link) state.links.push({ ref, location: c.link, ...(c.tooltip ? { tooltip: c.tooltip } : {}) });
  const v = c.v;
  if (c.f !== undefined) {
    const s = styles.id(c.s, false);
    const cached = typeof v === 'number' && Number.isFinite(v) ? `<v>${v}</v>` : '';
    return `<c r="${ref}"${s ? ` s="${s}"` : ''}><f>${attr(c.f)}</f>${cached}</c>`;
  }
  if (typeof v === 'string' && v !== '') {
    const s = styles.id(c.s, looksLikeFormula(v));
    const text = xmlText(v);
    const space = text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32 ? ' xml:space="preserve"' : '';
    return `<c r="${ref}"${s ? ` s="${s}"` : ''} t="inlineStr"><is><t${space}>${text}</t></is></c>`;
  }
  const s = styles.id(c.s, false);
  const sAttr = s ? ` s="${s}"` : '';
  if (typeof v === 'number' && Number.isFinite(v)) return `<c r="${ref}"${sAttr}><v>${v}</v></c>`;
  if (typeof v === 'boolean') return `<c r="${ref}"${sAttr} t="b"><v>${v ? 1 : 0}</v></c>`;
  return s || c.note || c.link ? `<c r="${ref}"${sAttr}/>` : '';
}

/** Column letters for the first 16,384 columns, computed once. */
const LETTERS: string[] = [];
function letters(col: number): string {
  return (LETTERS[col] ??= columnLetters(col));
}

function rowXml(row: RowModel, styles: StyleBook, state: SheetState): string {
  const r = row.r;
  let out = row.height === undefined ? `<row r="${r}">` : `<row r="${r}" ht="${row.height}" customHeight="1">`;
  const cells = row.cells;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c === undefined) continue;
    out += cellXml(c, `${letters(i + 1)}${r}`, i + 1, r, styles, state);
  }
  return `${out}</row>`;
}

// The row's bytes (io/xlsx-write-bytes.ts): `rowXml` above is the reference, tied by
// test/unit/io/xlsx-write-bytes.test.ts.
const ROW_OPEN = ascii('<row r="');
const ROW_OPEN_END = ascii('">');
const ROW_CLOSE = ascii('</row>');
const INLINE_OPEN = ascii(' t="inlineStr"><is><t>');
const INLINE_OPEN_SPACE = ascii(' t="inlineStr"><is><t xml:space="preserve">');
const INLINE_CLOSE = ascii('</t></is></c>');
const NUMBER_OPEN = ascii('><v>');
const VALUE_CLOSE = ascii('</v></c>');
const BOOL_TRUE = ascii(' t="b"><v>1</v></c>');
const BOOL_FALSE = ascii(' t="b"><v>0</v></c>');
const EMPTY_CLOSE = ascii('/>');
/** `<c r="` and the column's letters, by column. */
const CELL_OPEN: Uint8Array[] = [];
/** The end of the cell's reference and its style: `"` for none, `" s="29"`, by style id. */
const STYLE_ATTR: Uint8Array[] = [];
const rowDigits = new Uint8Array(8);

/** Per column, the last style asked for and its ids (plain, quoted): a long sheet's columns keep their styles. */
class StyleMemo {
  private readonly style: (CellStyle | string | undefined)[] = [];
  private readonly plain: number[] = [];
  private readonly quoted: number[] = [];
  constructor(private readonly book: StyleBook) {}
  id(col: number, s: CellStyle | string | undefined, quoted: boolean): number {
    if (s === undefined && !quoted) return 0;
    if (this.style[col] !== s) {
      this.style[col] = s;
      this.plain[col] = -1;
      this.quoted[col] = -1;
    }
    const ids = quoted ? this.quoted : this.plain;
    let id = ids[col];
    if (id === undefined || id < 0) ids[col] = id = this.book.id(s, quoted);
    return id;
  }
}

/** The open tag of a row, and the row number's digits for its cells' references (returned). */
function openRow(r: number, height: number | undefined, out: XmlBytes): Uint8Array {
  if (height !== undefined) out.text(`<row r="${r}" ht="${height}" customHeight="1">`);
  else {
    out.bytes(ROW_OPEN);
    out.uint(r);
    out.bytes(ROW_OPEN_END);
  }
  let digits = 0;
  for (let m = r; m >= 1; m = Math.floor(m / 10)) digits++;
  for (let m = r, k = digits; k > 0; m = Math.floor(m / 10)) rowDigits[--k] = 48 + (m % 10);
  return rowDigits.subarray(0, digits);
}

/**
 * A cell `{ v, s }` (no note, link or formula) in row `r` as `cellXml` writes it, from pre-encoded
 * fragments; text that needs escaping is taken back and written by `cellXml` itself.
 */
function encodeCell(v: CellValue | undefined, st: CellStyle | string | undefined, col: number, r: number, rd: Uint8Array, out: XmlBytes, memo: StyleMemo, styles: StyleBook, state: SheetState): void {
  if (typeof v === 'string' && v !== '') {
    const s = memo.id(col, st, looksLikeFormula(v));
    // room for the whole cell first, so that a text that needs escaping can be taken back
    out.room(96 + 3 * v.length);
    const mark = out.pos;
    out.bytes((CELL_OPEN[col] ??= ascii(`<c r="${letters(col)}`)));
    out.bytes(rd);
    out.bytes((STYLE_ATTR[s] ??= ascii(s ? `" s="${s}"` : '"')));
    out.bytes(v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32 ? INLINE_OPEN_SPACE : INLINE_OPEN);
    if (out.plainText(v)) out.bytes(INLINE_CLOSE);
    else {
      out.pos = mark;
      out.text(cellXml(st === undefined ? { v } : { v, s: st }, `${letters(col)}${r}`, col, r, styles, state));
    }
    return;
  }
  const s = memo.id(col, st, false);
  const number = typeof v === 'number' && Number.isFinite(v);
  if (!number && typeof v !== 'boolean' && !s) return;
  out.bytes((CELL_OPEN[col] ??= ascii(`<c r="${letters(col)}`)));
  out.bytes(rd);
  out.bytes((STYLE_ATTR[s] ??= ascii(s ? `" s="${s}"` : '"')));
  if (number) {
    out.bytes(NUMBER_OPEN);
    out.number(v);
    out.bytes(VALUE_CLOSE);
  } else if (typeof v === 'boolean') out.bytes(v ? BOOL_TRUE : BOOL_FALSE);
  else out.bytes(EMPTY_CLOSE);
}

/**
 * `rowXml(row)` written as UTF-8 into `out`, with the same bookkeeping (notes, links, styles in
 * first-use order). A cell with a note, a link or a formula, and text that needs escaping, are
 * written by the string path (`cellXml`); every other cell from pre-encoded fragments. A `DenseRow`
 * is encoded from its arrays, without cell objects.
 */
function encodeRow(row: RowModel, out: XmlBytes, memo: StyleMemo, styles: StyleBook, state: SheetState): void {
  const r = row.r;
  if (row instanceof DenseRow) {
    const rd = openRow(r, undefined, out);
    const { values, styles: st } = row;
    const n = Math.max(values.length, st.length);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      const s = st[i];
      if (v === undefined && s === undefined) continue;
      encodeCell(v, s, i + 1, r, rd, out, memo, styles, state);
    }
    out.bytes(ROW_CLOSE);
    return;
  }
  const rd = openRow(r, row.height, out);
  const cells = row.cells;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c === undefined) continue;
    const col = i + 1;
    if (c.note || c.link || c.f !== undefined) out.text(cellXml(c, `${letters(col)}${r}`, col, r, styles, state));
    else encodeCell(c.v, c.s, col, r, rd, out, memo, styles, state);
  }
  out.bytes(ROW_CLOSE);
}

function colsXml(sheet: SheetModel, styles: StyleBook): string {
  const cols = new Set<number>([...Object.keys(sheet.widths ?? {}), ...Object.keys(sheet.columnStyles ?? {})].map(Number));
  if (cols.size === 0) return '';
  const parts = [...cols]
    .sort((a, b) => a - b)
    .map((c) => {
      const width = sheet.widths?.[c];
      const style = sheet.columnStyles?.[c];
      const s = style === undefined ? 0 : styles.id(style, false);
      return `<col min="${c}" max="${c}"${width !== undefined ? ` width="${width}" customWidth="1"` : ''}${s ? ` style="${s}"` : ''}/>`;
    });
  return `<cols>${parts.join('')}</cols>`;
}

/** A stable GUID for the n-th data bar of sheet `sheet` (Excel pairs the rule with its x14 twin by id). */
function dataBarId(sheet: number, n: number): string {
  return `{00000000-0000-4000-8000-${(sheet * 1_000_000 + n).toString(16).toUpperCase().padStart(12, '0')}}`;
}

function conditionalXml(sheet: SheetModel, sheetNo: number): { main: string; ext: string } {
  let main = '';
  const ext: string[] = [];
  (sheet.conditional ?? []).forEach(({ ref, rule }: { ref: string; rule: ConditionalRule }, i) => {
    const priority = i + 1;
    if (rule.type === 'colorScale') {
      const cfvo = rule.stops.map((s) => (s.type === 'num' ? `<cfvo type="num" val="${s.value}"/>` : `<cfvo type="${s.type}"/>`)).join('');
      const colors = rule.stops.map((s) => `<color rgb="${attr(s.color)}"/>`).join('');
      main += `<conditionalFormatting sqref="${attr(ref)}"><cfRule type="colorScale" priority="${priority}"><colorScale>${cfvo}${colors}</colorScale></cfRule></conditionalFormatting>`;
    } else {
      const id = dataBarId(sheetNo, ext.length + 1);
      main +=
        `<conditionalFormatting sqref="${attr(ref)}"><cfRule type="dataBar" priority="${priority}"><dataBar><cfvo type="num" val="${rule.min}"/><cfvo type="max"/><color rgb="${attr(rule.color)}"/></dataBar>` +
        `<extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:id>${id}</x14:id></ext></extLst></cfRule></conditionalFormatting>`;
      ext.push(
        `<x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:cfRule type="dataBar" id="${id}"><x14:dataBar minLength="0" maxLength="100" gradient="0">` +
          `<x14:cfvo type="num"><xm:f>${rule.min}</xm:f></x14:cfvo><x14:cfvo type="max"/></x14:dataBar></x14:cfRule><xm:sqref>${attr(ref)}</xm:sqref></x14:conditionalFormatting>`,
      );
    }
  });
  const extXml = ext.length
    ? `<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:conditionalFormattings>${ext.join('')}</x14:conditionalFormattings></ext></extLst>`
    : '';
  return { main, ext: extXml };
}

/**
 * The worksheet XML, streamed: rows are pulled from the model one at a time. The first row is pulled
 * before anything is written (a generator may settle `widths` from a look-ahead), and the filter,
 * merges and conditional formats are read after the last.
 */
async function* sheetXml(sheet: SheetModel, sheetNo: number, styles: StyleBook, state: SheetState, reference = false): AsyncGenerator<Buffer> {
  if (sheet.xml) {
    yield* writtenElsewhere(sheet, sheet.xml(styles.state(), sheetNo), styles, state);
    return;
  }
  const out = new XmlBytes();
  const memo = new StyleMemo(styles);
  // `batches` when given (a batch at a time); else the rows one at a time
  const batchIterator = sheet.batches?.[Symbol.asyncIterator]();
  let firstBatch: readonly RowModel[] = [];
  if (batchIterator) {
    for (;;) {
      const next = await batchIterator.next();
      if (next.done) break;
      if (next.value.length > 0) {
        firstBatch = next.value;
        break;
      }
    }
  }
  const source: Iterable<RowModel> | AsyncIterable<RowModel> = batchIterator ? [] : rowsOf(sheet);
  const iterator: AsyncIterator<RowModel> | Iterator<RowModel> = isAsync(source) ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const first = batchIterator ? ({ done: true, value: undefined } as const) : await iterator.next();
  const fit = sheet.print?.fitToWidth === true;
  const sheetPr = sheet.tabColor || fit ? `<sheetPr>${sheet.tabColor ? `<tabColor rgb="${attr(sheet.tabColor)}"/>` : ''}${fit ? '<pageSetUpPr fitToPage="1"/>' : ''}</sheetPr>` : '';
  let view = '<sheetView workbookViewId="0"/>';
  const fr = sheet.frozen;
  if (fr && (fr.rows > 0 || fr.cols > 0)) {
    const top = `${letters(fr.cols + 1)}${fr.rows + 1}`;
    const pane = fr.rows > 0 && fr.cols > 0 ? 'bottomRight' : fr.rows > 0 ? 'bottomLeft' : 'topRight';
    view =
      `<sheetView workbookViewId="0"><pane${fr.cols > 0 ? ` xSplit="${fr.cols}"` : ''}${fr.rows > 0 ? ` ySplit="${fr.rows}"` : ''} topLeftCell="${top}" activePane="${pane}" state="frozen"/>` +
      `<selection pane="${pane}" activeCell="${top}" sqref="${top}"/></sheetView>`;
  }
  out.text(`${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">${sheetPr}<sheetViews>${view}</sheetViews><sheetFormatPr defaultRowHeight="15"/>${colsXml(sheet, styles)}<sheetData>`);
  let last = 0;
  const emit = (row: RowModel): void => {
    if (!(row.r > last) || row.r > 1_048_576 || !Number.isInteger(row.r)) {
      throw new SalesgradeError('internal', `workbook sheet "${sheet.name}": row ${row.r} after row ${last} (rows must ascend, at most 1,048,576)`);
    }
    last = row.r;
    state.rows++;
    if (reference) out.text(rowXml(row, styles, state));
    else encodeRow(row, out, memo, styles, state);
  };
  if (batchIterator) {
    let batch: readonly RowModel[] | undefined = firstBatch;
    while (batch) {
      for (let i = 0; i < batch.length; i++) {
        emit(batch[i]!);
        if (out.full) yield out.take();
      }
      const next = await batchIterator.next();
      batch = next.done ? undefined : next.value;
    }
  } else if (!first.done) {
    emit(first.value);
    if (out.full) yield out.take();
    if (isAsync(source)) {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        emit(next.value);
        if (out.full) yield out.take();
      }
    } else {
      const sync = iterator as Iterator<RowModel>;
      for (;;) {
        const next = sync.next();
        if (next.done) break;
        emit(next.value);
        if (out.full) yield out.take();
      }
    }
  }
  out.text('</sheetData>');
  if (sheet.autoFilter) out.text(`<autoFilter ref="${attr(sheet.autoFilter)}"/>`);
  if (sheet.merges?.length) out.text(`<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${attr(m)}"/>`).join('')}</mergeCells>`);
  const cf = conditionalXml(sheet, sheetNo);
  out.text(cf.main);
  if (state.links.length) {
    out.text(
      `<hyperlinks>${state.links.map((l) => `<hyperlink ref="${l.ref}" location="${attr(l.location)}"${l.tooltip ? ` tooltip="${attr(l.tooltip.slice(0, 255))}"` : ''} display="${attr(l.location)}"/>`).join('')}</hyperlinks>`,
    );
  }
  out.text('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>');
  if (sheet.print?.landscape || fit) out.text(`<pageSetup paperSize="9"${sheet.print?.landscape ? ' orientation="landscape"' : ''}${fit ? ' fitToWidth="1" fitToHeight="0"' : ''}/>`);
  if (state.noteCount) out.text('<legacyDrawing r:id="rId2"/>');
  out.text(`${cf.ext}</worksheet>`);
  yield out.take();
}

/**
 * The XML of a sheet written elsewhere (`SheetModel.xml`), with its notes and links kept as if its
 * rows had been written here, and the style table it left taken as this one.
 */
async function* writtenElsewhere(sheet: SheetModel, pieces: AsyncIterable<SheetXmlPiece>, styles: StyleBook, state: SheetState): AsyncGenerator<Buffer> {
  let ended = false;
  for await (const p of pieces) {
    if (ended) throw new SalesgradeError('internal', `workbook sheet "${sheet.name}": XML after its last piece`);
    for (const n of p.notes) {
      state.noteCount++;
      state.boxes.push(n.row, n.col, noteHeight(n.text));
      state.comments.add(n.row, n.col, n.text);
    }
    for (const l of p.links) state.links.push(l);
    state.rows += p.rows;
    if (p.styles) {
      styles.adopt(p.styles);
      ended = true;
    }
    for (const b of p.bytes) if (b.length > 0) yield Buffer.from(b.buffer, b.byteOffset, b.length);
  }
  if (!ended) throw new SalesgradeError('internal', `workbook sheet "${sheet.name}": its XML ended before its style table came back`);
}

/** Bytes of a sheet's XML gathered into one piece (`sheetXmlPieces`) before it is handed on. */
const PIECE_BYTES = 1 << 20;

/**
 * A sheet's XML written here for a writer elsewhere (`SheetModel.xml`: the worker thread's side),
 * numbering its styles on from `styles`: pieces of ~1 MB with the notes and links met in them; the last
 * piece carries the style table once the sheet is written. A piece's bytes are views of the writer's
 * buffers (`XmlBytes`) that it has left for good, so that their `ArrayBuffer`s can be transferred
 * rather than copied (`pieceBuffers`). `writeXlsx` on a model whose sheet gives these pieces writes the
 * bytes it writes from the sheet's rows.
 */
export async function* sheetXmlPieces(sheet: SheetModel, sheetNo: number, styles: StyleTableState): AsyncGenerator<SheetXmlPiece> {
  const book = new StyleBook();
  book.adopt(styles);
  let notes: SheetXmlPiece['notes'] = [];
  const state: SheetState = {
    comments: { add: (row, col, text) => void notes.push({ row, col, text }) },
    noteCount: 0,
    boxes: { push: () => undefined },
    links: [],
    rows: 0,
  };
  // views of buffers the writer has left (ready), and of the one it still writes into (open)
  let ready: Uint8Array[] = [];
  let readySize = 0;
  let open: Uint8Array[] = [];
  let rows = 0;
  const piece = (bytes: Uint8Array[]): SheetXmlPiece => {
    const p: SheetXmlPiece = { bytes, notes, links: state.links, rows: state.rows - rows };
    notes = [];
    state.links = [];
    rows = state.rows;
    return p;
  };
  for await (const b of sheetXml(sheet, sheetNo, book, state)) {
    if (open.length > 0 && open[0]!.buffer !== b.buffer) {
      for (const v of open) readySize += v.length;
      pushAll(ready, open);
      open = [];
    }
    open.push(b);
    if (readySize >= PIECE_BYTES) {
      yield piece(ready);
      ready = [];
      readySize = 0;
    }
  }
  pushAll(ready, open);
  yield { ...piece(ready), styles: book.state() };
}

/** The `ArrayBuffer`s under a piece's bytes, each once (to transfer the piece to another thread). */
export function pieceBuffers(p: SheetXmlPiece): ArrayBuffer[] {
  return [...new Set(p.bytes.map((b) => b.buffer as ArrayBuffer))];
}

// ------------------------------------------------------------------------------------------ notes

/** The rows of a sheet (a factory is called for a fresh pass). */
function rowsOf(sheet: SheetModel): Iterable<RowModel> | AsyncIterable<RowModel> {
  return typeof sheet.rows === 'function' ? sheet.rows() : sheet.rows;
}

const VML_HEAD = ascii(
  '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>' +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>',
);
const VML_SHAPE = ascii('<v:shape id="_x0000_s');
const VML_HEIGHT = ascii('" type="#_x0000_t202" style="position:absolute;width:216pt;height:');
const VML_Z = ascii('pt;z-index:');
const VML_ANCHOR = ascii(
  ';visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:shadow on="t" color="black" obscured="t"/><v:textbox style="mso-direction-alt:auto"/>' +
    '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>',
);
const VML_15 = ascii(', 15, ');
const VML_2 = ascii(', 2, ');
const VML_ROW = ascii(', 2</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>');
const VML_COL = ascii('</x:Row><x:Column>');
const VML_END = ascii('</x:Column></x:ClientData></v:shape>');
const VML_TAIL = ascii('</xml>');

/**
 * The VML drawing of a sheet's notes (one hidden box per note, placed and sized from `boxes`), written
 * as bytes: pre-encoded fragments and the numbers' digits (issue 10 item 16: 2.8 M notes at 61,000
 * reps are 1.35 GB of VML, made as template strings and encoded 64 KB at a time before). The same
 * bytes as `vmlXmlReference`.
 */
export function* vmlXml(boxes: NoteBoxes): Generator<Buffer> {
  const out = new XmlBytes();
  const put = (b: Uint8Array): void => {
    const buf = out.room(b.length);
    buf.set(b, out.pos);
    out.pos += b.length;
  };
  put(VML_HEAD);
  for (let i = 0; i < boxes.length; i++) {
    const height = boxes.height(i);
    const r0 = boxes.row(i) - 1;
    const c0 = boxes.col(i) - 1;
    put(VML_SHAPE);
    out.uint(1025 + i);
    put(VML_HEIGHT);
    out.uint(height * 15);
    put(VML_Z);
    out.uint(i + 1);
    put(VML_ANCHOR);
    out.uint(c0 + 1);
    put(VML_15);
    out.uint(r0);
    put(VML_2);
    out.uint(c0 + 4);
    put(VML_15);
    out.uint(r0 + height);
    put(VML_ROW);
    out.uint(r0);
    put(VML_COL);
    out.uint(c0);
    put(VML_END);
    if (out.full) yield out.take();
  }
  put(VML_TAIL);
  yield out.take();
}

/** The VML drawing of a sheet's notes, as strings: the reference `vmlXml` is tied to (xlsx-write.test.ts). */
export function* vmlXmlReference(boxes: NoteBoxes): Generator<Buffer> {
  const out = new Chunker();
  out.push(
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
      '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>' +
      '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>',
  );
  for (let i = 0; i < boxes.length; i++) {
    // Box size from the text (noteHeight).
    const height = boxes.height(i);
    const r0 = boxes.row(i) - 1;
    const c0 = boxes.col(i) - 1;
    // The box is placed by x:Anchor (from column+1 to column+4, `height` rows down); the style only
    // sizes it for programs that ignore the anchor.
    out.push(
      `<v:shape id="_x0000_s${1025 + i}" type="#_x0000_t202" style="position:absolute;width:216pt;height:${height * 15}pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
        '<v:shadow on="t" color="black" obscured="t"/><v:textbox style="mso-direction-alt:auto"/>' +
        `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${c0 + 1}, 15, ${r0}, 2, ${c0 + 4}, 15, ${r0 + height}, 2</x:Anchor>` +
        `<x:AutoFill>False</x:AutoFill><x:Row>${r0}</x:Row><x:Column>${c0}</x:Column></x:ClientData></v:shape>`,
    );
    if (out.full) yield out.take();
  }
  out.push('</xml>');
  yield out.take();
}

// -------------------------------------------------------------------------------------- package

function coreXml(title: string | undefined, date: Date): string {
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:creator>salesgrade</dc:creator>${title ? `<dc:title>${attr(title)}</dc:title>` : ''}<cp:lastModifiedBy>salesgrade</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${iso}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${iso}</dcterms:modified></cp:coreProperties>`
  );
}

function appXml(names: readonly string[]): string {
  return (
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
    `<Application>salesgrade</Application><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${names.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${names.length}" baseType="lpstr">${names.map((n) => `<vt:lpstr>${attr(n)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts></Properties>`
  );
}

function quotedSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function workbookXml(sheets: readonly SheetModel[]): string {
  const defined: string[] = [];
  sheets.forEach((s, i) => {
    const titles = s.print?.printTitleRows;
    if (titles) {
      const [from, to = from] = titles.split(':');
      defined.push(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${attr(`${quotedSheet(s.name)}!$${from}:$${to}`)}</definedName>`);
    }
  });
  return (
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><workbookPr/><bookViews><workbookView activeTab="0"/></bookViews><sheets>` +
    sheets.map((s, i) => `<sheet name="${attr(s.name)}" sheetId="${i + 1}" r:id="rId${i + 3}"/>`).join('') +
    `</sheets>${defined.length ? `<definedNames>${defined.join('')}</definedNames>` : ''}<calcPr calcId="191029"/></workbook>`
  );
}

function workbookRels(count: number): string {
  const rels = [
    `<Relationship Id="rId1" Type="${NS_R}/styles" Target="styles.xml"/>`,
    // rId2 is kept free (a theme in other writers): sheets are rId3…
  ];
  for (let i = 1; i <= count; i++) rels.push(`<Relationship Id="rId${i + 2}" Type="${NS_R}/worksheet" Target="worksheets/sheet${i}.xml"/>`);
  return `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">${rels.join('')}</Relationships>`;
}

function contentTypes(count: number, withNotes: readonly number[]): string {
  const parts = [
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
    '<Default Extension="xml" ContentType="application/xml"/>',
    '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>',
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>',
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>',
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>',
  ];
  for (let i = 1; i <= count; i++) parts.push(`<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`);
  for (const i of withNotes) parts.push(`<Override PartName="/xl/comments${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>`);
  return `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${parts.join('')}</Types>`;
}

const ROOT_RELS =
  `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/>` +
  `<Relationship Id="rId2" Type="${NS_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${NS_R}/extended-properties" Target="docProps/app.xml"/></Relationships>`;

function sheetRels(i: number): string {
  return `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_R}/comments" Target="../comments${i}.xml"/><Relationship Id="rId2" Type="${NS_R}/vmlDrawing" Target="../drawings/vmlDrawing${i}.vml"/></Relationships>`;
}

/** Whole seconds, valid: the zip stores 2-second steps, core.xml seconds. */
function fixedDate(date: Date): Date {
  if (Number.isNaN(date.getTime())) throw new SalesgradeError('internal', 'workbook date is not a valid date');
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** Knobs for tests. */
/**
 * zlib's level for every entry. Measured on the 1M-row CSV's data sheet (589 MB of sheet XML, one
 * deflate on libuv's pool): level 3 71.5 MB in 2.94 s of CPU, 2 79.6 MB in 1.79 s, 1 87.0 MB in 1.68 s;
 * the whole default command 15.4 → 14.2 CPU-s at level 2. Level 2: 40 % less deflate for a file 11 %
 * larger (level 1 saves little more for twice the growth).
 */
const DEFLATE_LEVEL = 2;

export interface WriteTuning {
  /** Comment XML kept as plain bytes per sheet before its pieces are kept deflated (default 1 MB). */
  noteBudget?: number;
  /** Rows written by the string writer (`rowXml`, the reference) instead of the byte writer. */
  reference?: boolean;
  /**
   * Collections for a big workbook, both run while a sheet's notes parts are written. `young` (V8's
   * scavenge) every YOUNG_COLLECT_BYTES of a notes part's bytes (its comments, inflated again, and its
   * VML drawing): those parts make buffers and almost no objects, so nothing fills the young generation
   * and V8 scavenges only once its young buffers pass 2 × 16 MB — the comments of 61,000 reps (~470 MB)
   * kept ~30–50 MB of dead buffers alive at the workbook's peak; each forced scavenge finds almost
   * nothing alive (a few ms). `full` once the notes parts are written: the sheet's comments (deflated)
   * and note boxes, ~43 MB at 61,000 reps, are old by then and would wait for V8's next full collection
   * through the sheets after it.
   */
  collect?: CollectHooks;
}

/** Garbage collections a writer may ask for (`WriteTuning.collect`). */
export interface CollectHooks {
  young: () => void;
  full: () => void;
}

/** A notes part's bytes between two young collections (`WriteTuning.collect`). */
export const YOUNG_COLLECT_BYTES = 4 << 20;

/** `source`'s buffers as they are, `collect` run after every `every` bytes of them. */
function* collectingEvery(source: Iterable<Buffer>, every: number, collect: (() => void) | undefined): Generator<Buffer> {
  if (!collect) return yield* source;
  let since = 0;
  for (const b of source) {
    yield b;
    since += b.length;
    if (since >= every) {
      since = 0;
      collect();
    }
  }
}

/**
 * Writes `model` as .xlsx bytes into `out` (a file stream, a PassThrough …), streaming; resolves
 * when everything is written. The same model and date give the same bytes.
 */
export async function writeXlsx(
  model: WorkbookModel,
  out: Writable,
  date: Date,
  onSheet?: (name: string, rows: number) => void,
  tuning: WriteTuning = {},
): Promise<void> {
  const noteBudget = tuning.noteBudget ?? NOTE_BUDGET;
  const fixed = fixedDate(date);
  // yazl stores DOS timestamps in local time: hand it a date whose local parts are the UTC parts, and
  // no extended (Unix-time) field, so the bytes do not depend on the time zone.
  const mtime = new Date(fixed.getUTCFullYear(), fixed.getUTCMonth(), fixed.getUTCDate(), fixed.getUTCHours(), fixed.getUTCMinutes(), fixed.getUTCSeconds());
  const entry = { mtime, mode: 0o100644, compress: true, compressionLevel: DEFLATE_LEVEL, forceDosTimestamp: true };
  const zip = new yazl.ZipFile();
  const written = pipeline(zip.outputStream, out);
  // On a failure mid-way, stop the zip so the output pipeline settles (with the error).
  let failed: unknown;
  const addText = (name: string, text: string) => zip.addBuffer(Buffer.from(text, 'utf8'), name, entry);
  const addStream = (name: string, source: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<void> => {
    const readable = Readable.from(source, { objectMode: false });
    const through = new PassThrough();
    const done = new Promise<void>((res, rej) => {
      readable.on('error', (err) => {
        failed ??= err;
        rej(err);
      });
      through.on('end', res);
    });
    readable.pipe(through);
    zip.addReadStream(through, name, entry);
    return done;
  };
  try {
    const sheets = model.sheets;
    if (sheets.length === 0) throw new SalesgradeError('internal', 'a workbook needs at least one sheet');
    const styles = new StyleBook(model.styles);
    addText('_rels/.rels', ROOT_RELS);
    addText('docProps/core.xml', coreXml(model.title, fixed));
    addText('docProps/app.xml', appXml(sheets.map((s) => s.name)));
    addText('xl/workbook.xml', workbookXml(sheets));
    addText('xl/_rels/workbook.xml.rels', workbookRels(sheets.length));
    const withNotes: number[] = [];
    for (let i = 0; i < sheets.length; i++) {
      const sheet = sheets[i]!;
      const state: WrittenSheetState = { comments: new CommentSink(noteBudget), noteCount: 0, boxes: new NoteBoxes(), links: [], rows: 0 };
      await addStream(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(sheet, i + 1, styles, state, tuning.reference === true));
      if (state.noteCount) {
        withNotes.push(i + 1);
        addText(`xl/worksheets/_rels/sheet${i + 1}.xml.rels`, sheetRels(i + 1));
        await addStream(`xl/comments${i + 1}.xml`, collectingEvery(state.comments.xml(), YOUNG_COLLECT_BYTES, tuning.collect?.young));
        await addStream(`xl/drawings/vmlDrawing${i + 1}.vml`, collectingEvery(vmlXml(state.boxes), YOUNG_COLLECT_BYTES, tuning.collect?.young));
        state.boxes = new NoteBoxes();
        tuning.collect?.full();
      }
      onSheet?.(sheet.name, state.rows);
    }
    addText('xl/styles.xml', styles.xml());
    addText('[Content_Types].xml', contentTypes(sheets.length, withNotes));
    zip.end();
  } catch (err) {
    failed ??= err;
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  }
  try {
    await written;
  } catch (err) {
    throw failed ?? err;
  }
  if (failed) throw failed;
}

/**
 * Every sheet's XML and styles.xml as text, written by the byte writer or (`reference`) the string
 * writer — what test/unit/io/xlsx-write-bytes.test.ts compares. Consumes the model's row generators.
 */
export async function sheetXmlTexts(model: WorkbookModel, reference: boolean): Promise<{ sheets: string[]; styles: string }> {
  const styles = new StyleBook(model.styles);
  const sheets: string[] = [];
  for (let i = 0; i < model.sheets.length; i++) {
    const sheet = model.sheets[i]!;
    const state: SheetState = { comments: new CommentSink(NOTE_BUDGET), noteCount: 0, boxes: new NoteBoxes(), links: [], rows: 0 };
    const parts: Buffer[] = [];
    for await (const b of sheetXml(sheet, i + 1, styles, state, reference)) parts.push(Buffer.from(b));
    sheets.push(Buffer.concat(parts).toString('utf8'));
  }
  return { sheets, styles: styles.xml() };
}

/** The workbook as .xlsx bytes in memory (tests, small workbooks); `tuning` is for tests. */
export async function workbookBytes(model: WorkbookModel, date: Date, tuning: WriteTuning = {}): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  await writeXlsx(model, sink, date, undefined, tuning);
  return Buffer.concat(chunks);
}

/**
 * Checks, before any input is read, that a workbook can be written at `outPath` (io/output-file.ts:
 * the folder exists and is writable, not a folder, none of `inputs`).
 */
export async function preflightWorkbook(outPath: string, inputs: readonly string[], shown = outPath): Promise<void> {
  await preflightOutput(outPath, inputs, shown, WORKBOOK_OUTPUT);
}

/**
 * Writes the workbook `model` to `outPath`: refuses any path that is or links to an input
 * (`output-is-input`), streams into a temp file beside it, fsyncs, then renames over the target; on
 * any failure (also one raised by a row generator of the model) the temp file is removed and the
 * target is left as it was (`output-unwritable` with the reason). Same model and date → same bytes.
 */
export async function writeWorkbookAtomic(model: WorkbookModel, outPath: string, options: WriteWorkbookOptions): Promise<{ staleRemoved: string[] }> {
  await assertNotAnInput(outPath, options.inputs);
  const abs = resolve(outPath);
  const existing = await statOrNull(abs);
  if (existing?.isDirectory) throw unwritable(outPath, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  if (existing) {
    try {
      await fs.access(abs, fsConstants.W_OK);
    } catch (err) {
      throw unwritable(outPath, err);
    }
  }
  if (await isSpecialFile(abs)) {
    // a device or pipe (`-w /dev/null`): written in place, never replaced by a regular file
    await writeSpecialFile(
      abs,
      async (file) => {
        const sink = new Writable({
          write(chunk: Buffer, _enc, done) {
            file.write(chunk).then(() => done(), done);
          },
        });
        await writeXlsx(model, sink, options.date, options.onSheet);
      },
      (err) => (err instanceof SalesgradeError ? err : unwritable(outPath, err)),
    );
    return { staleRemoved: [] };
  }
  const stale = await removeStaleTempFiles(dirname(abs));
  // The temp file is claimed before the (long) write, so that it is there — and removed — whenever the
  // run is interrupted; see io/temp-files.ts.
  const tmp = claimTempPath(abs);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', 0o644);
    const file = handle;
    // The zip arrives as many small pieces (headers, descriptors, each entry's deflate output): what
    // queues while one write is in flight goes out as one writev, not a write (and a promise) each.
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        file.write(chunk).then(() => done(), done);
      },
      writev(chunks: { chunk: Buffer }[], done) {
        file.writev(chunks.map((c) => c.chunk)).then(() => done(), done);
      },
    });
    await writeXlsx(model, sink, options.date, options.onSheet, options.collect ? { collect: options.collect } : {});
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, abs);
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    if (err instanceof SalesgradeError) throw err;
    throw unwritable(outPath, err);
  } finally {
    releaseTempPath(tmp);
  }
  return { staleRemoved: stale };
}

/**
 * The date to stamp a reproducible document with: `SOURCE_DATE_EPOCH` (seconds) when set, else the
 * as-of date, else the period's last day (both at 00:00 UTC).
 */
export function documentDate(options: { sourceDateEpoch?: string | undefined; asOf?: string | undefined; periodEnd: string }): Date {
  const epoch = options.sourceDateEpoch?.trim();
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  const day = options.asOf ?? options.periodEnd;
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw new SalesgradeError('internal', `not a date: ${day}`);
  return d;
}
