/**
 * Writes an in-memory workbook to disk: atomically (temp file in the same folder, then rename), never
 * over an input, and byte-for-byte reproducibly (fixed document dates, a re-packed zip with fixed
 * entry order and timestamps, and the random ids exceljs puts in data-bar rules replaced by stable ones).
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { SalesgradeError } from '../shared/errors.js';
import { hasXmlIllegal, xmlLegal } from '../shared/xml-text.js';
import { claimTempPath, releaseTempPath, removeStaleTempFiles } from './temp-files.js';
import { assertNotAnInput, preflightOutput, unwritable, WORKBOOK_OUTPUT } from './output-file.js';

export { assertNotAnInput };

export interface WriteWorkbookOptions {
  /** Every input the run read (data files, roster, rubric): the output may be none of them. */
  inputs: string[];
  /** The document date written into docProps/core.xml and the zip entries. */
  date: Date;
}

interface ZipEntry {
  name: string;
  data: Buffer;
}

// exceljs gives every data-bar rule a random GUID (x14:id / x14:cfRule id); make them stable.
const X14_ID = /(<x14:id>|<x14:cfRule\b[^>]*?\bid=")\{([0-9A-Fa-f-]{36})\}/g;

/** Replace the random rule ids in one sheet's XML by ids derived from the sheet and their order. */
export function stabiliseRuleIds(xml: string, sheetIndex: number): string {
  const ids = new Map<string, string>();
  return xml.replace(X14_ID, (_m, prefix: string, guid: string) => {
    let stable = ids.get(guid);
    if (stable === undefined) {
      const n = ids.size + 1;
      stable = `00000000-0000-4000-8000-${(sheetIndex * 1_000_000 + n).toString(16).toUpperCase().padStart(12, '0')}`;
      ids.set(guid, stable);
    }
    return `${prefix}{${stable}}`;
  });
}

const HYPERLINK = /<hyperlink\b[^>]*\/>/g;

/**
 * exceljs writes an in-document link with both an external relationship and a `location`; Excel then
 * tries to open a file named like the target. Keep only `location` (what the spec and Excel expect)
 * and drop the relationships that served those links. Returns the sheet XML and its rels XML.
 */
export function internalLinksOnly(sheetXml: string, relsXml: string | undefined): { sheet: string; rels: string | undefined } {
  const dropped = new Set<string>();
  const sheet = sheetXml.replace(HYPERLINK, (tag) => {
    if (!/\slocation="/.test(tag)) return tag;
    return tag.replace(/\sr:id="([^"]*)"/, (_m, id: string) => {
      dropped.add(id);
      return '';
    });
  });
  if (dropped.size === 0 || relsXml === undefined) return { sheet, rels: relsXml };
  const rels = relsXml.replace(/<Relationship\b[^>]*\/>/g, (tag) => {
    const id = /\bId="([^"]*)"/.exec(tag)?.[1];
    return id !== undefined && dropped.has(id) ? '' : tag;
  });
  return { sheet, rels };
}

// ------------------------------------------------------------------------------------------ notes
// exceljs renders each note through a deep-merged model and ~700 bytes of VML, which made notes ~80%
// of the time for a 500-rep scorecard, and it places <legacyDrawing> after <extLst> (schema order is
// the other way round). So notes are taken off the cells before exceljs writes, written here as
// comments + a compact VML drawing, and put back on the cells afterwards.

interface SheetNote {
  row: number; // 1-based
  col: number; // 1-based
  ref: string;
  text: string;
}

type NoteValue = string | { texts?: { text?: string }[] } | undefined;

function noteText(note: NoteValue): string {
  if (typeof note === 'string') return note;
  return (note?.texts ?? []).map((t) => t.text ?? '').join('');
}

/** Takes the notes off every cell; `restore()` puts them back. Empty when exceljs's internals differ. */
function detachNotes(wb: ExcelJS.Workbook): { bySheet: Map<number, SheetNote[]>; restore: () => void } {
  const taken: { cell: ExcelJS.Cell; note: NoteValue }[] = [];
  const bySheet = new Map<number, SheetNote[]>();
  const restore = () => {
    for (const t of taken) t.cell.note = t.note as string;
  };
  let ok = true;
  wb.eachSheet((ws) => {
    const notes: SheetNote[] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      row.eachCell({ includeEmpty: true }, (cell) => {
        const note = cell.note as NoteValue;
        if (note === undefined || !ok) return;
        const internal = cell as unknown as { _comment?: unknown; _value?: { model?: { comment?: unknown } } };
        if (!('_comment' in internal)) {
          ok = false;
          return;
        }
        taken.push({ cell, note });
        internal._comment = undefined;
        if (internal._value?.model) delete internal._value.model.comment;
        if (cell.note !== undefined) ok = false;
        notes.push({ row: Number(cell.row), col: Number(cell.col), ref: cell.address, text: noteText(note) });
      });
    });
    if (notes.length) bySheet.set(ws.id, notes);
  });
  if (!ok) {
    restore();
    return { bySheet: new Map(), restore: () => undefined };
  }
  return { bySheet, restore };
}

// OOXML reads `_xHHHH_` in a string as the character U+HHHH (Excel, openpyxl and our reader do), so
// a literal `_x0041_` must be written `_x005F_x0041_` to read back as itself. exceljs does not do it.
const OOXML_ESCAPE_LIKE = /_x([0-9A-Fa-f]{4})_/g;

function ooxmlLiteral(xmlText: string): string {
  return xmlText.indexOf('_x') >= 0 ? xmlText.replace(OOXML_ESCAPE_LIKE, '_x005F_x$1_') : xmlText;
}

function xmlText(s: string): string {
  return ooxmlLiteral(xmlLegal(s)).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function commentsXml(notes: readonly SheetNote[]): string {
  const list = notes
    .map((n) => `<comment ref="${n.ref}" authorId="0"><text><r><t xml:space="preserve">${xmlText(n.text)}</t></r></text></comment>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>salesgrade</author></authors><commentList>${list}</commentList></comments>`;
}

function vmlXml(notes: readonly SheetNote[]): string {
  const shapes = notes.map((n, i) => {
    // Box size from the text: ~36 half-width characters a line, at most 24 lines.
    let lines = 0;
    let w = 0;
    for (let k = 0; k <= n.text.length; k++) {
      const code = k < n.text.length ? n.text.charCodeAt(k) : 10;
      if (code === 10) {
        lines += Math.max(1, Math.ceil(w / 36));
        w = 0;
      } else w += code > 0x2e7f ? 2 : 1;
    }
    const height = Math.min(24, lines) + 1;
    const r0 = n.row - 1;
    const c0 = n.col - 1;
    return (
      // The box is placed by x:Anchor (from column+1 to column+4, `height` rows down); the style
      // only sizes it for programs that ignore the anchor.
      `<v:shape id="_x0000_s${1025 + i}" type="#_x0000_t202" style="position:absolute;width:216pt;height:${height * 15}pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
      '<v:shadow on="t" color="black" obscured="t"/><v:textbox style="mso-direction-alt:auto"/>' +
      `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${c0 + 1}, 15, ${r0}, 2, ${c0 + 4}, 15, ${r0 + height}, 2</x:Anchor>` +
      `<x:AutoFill>False</x:AutoFill><x:Row>${r0}</x:Row><x:Column>${c0}</x:Column></x:ClientData></v:shape>`
    );
  });
  return (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>' +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
    shapes.join('') +
    '</xml>'
  );
}

// Elements that must follow <legacyDrawing> in a worksheet (ECMA-376 CT_Worksheet order).
const AFTER_LEGACY = ['<legacyDrawingHF', '<drawingHF', '<picture', '<oleObjects', '<controls', '<webPublishItems', '<tableParts', '<extLst'];

function insertLegacyDrawing(sheetXml: string, rid: string): string {
  const from = Math.max(0, sheetXml.lastIndexOf('<pageMargins'), sheetXml.lastIndexOf('</conditionalFormatting>'), sheetXml.lastIndexOf('</sheetData>'));
  let at = sheetXml.lastIndexOf('</worksheet>');
  for (const tag of AFTER_LEGACY) {
    const i = sheetXml.indexOf(tag, from);
    if (i >= 0 && i < at) at = i;
  }
  return `${sheetXml.slice(0, at)}<legacyDrawing r:id="${rid}"/>${sheetXml.slice(at)}`;
}

const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function addNoteRels(relsXml: string | undefined, sheetId: number): { rels: string; vmlRid: string } {
  const base = relsXml ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  let max = 0;
  for (const m of base.matchAll(/\bId="rId(\d+)"/g)) max = Math.max(max, Number(m[1]));
  const comments = `<Relationship Id="rId${max + 1}" Type="${REL_NS}/comments" Target="../comments${sheetId}.xml"/>`;
  const vml = `<Relationship Id="rId${max + 2}" Type="${REL_NS}/vmlDrawing" Target="../drawings/vmlDrawing${sheetId}.vml"/>`;
  return { rels: base.replace('</Relationships>', `${comments}${vml}</Relationships>`), vmlRid: `rId${max + 2}` };
}

function addNoteContentTypes(xml: string, sheetIds: number[]): string {
  let out = xml;
  if (!/Extension="vml"/.test(out)) {
    out = out.replace('</Types>', '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/></Types>');
  }
  const overrides = sheetIds
    .map((id) => `<Override PartName="/xl/comments${id}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>`)
    .join('');
  return out.replace('</Types>', `${overrides}</Types>`);
}

/** Adds the detached notes to the zip entries (comments, VML, rels, legacyDrawing, content types). */
function injectNotes(entries: ZipEntry[], bySheet: Map<number, SheetNote[]>): ZipEntry[] {
  if (bySheet.size === 0) return entries;
  const out: ZipEntry[] = [];
  const byName = new Map(entries.map((e) => [e.name, e]));
  const ids = [...bySheet.keys()].sort((a, b) => a - b);
  const relsFor = new Map<number, { rels: string; vmlRid: string }>();
  for (const id of ids) relsFor.set(id, addNoteRels(byName.get(`xl/worksheets/_rels/sheet${id}.xml.rels`)?.data.toString('utf8'), id));
  for (const e of entries) {
    const sheet = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(e.name);
    const rels = /^xl\/worksheets\/_rels\/sheet(\d+)\.xml\.rels$/.exec(e.name);
    if (e.name === '[Content_Types].xml') {
      out.push({ name: e.name, data: Buffer.from(addNoteContentTypes(e.data.toString('utf8'), ids), 'utf8') });
    } else if (sheet && bySheet.has(Number(sheet[1]))) {
      const id = Number(sheet[1]);
      out.push({ name: e.name, data: Buffer.from(insertLegacyDrawing(e.data.toString('utf8'), relsFor.get(id)!.vmlRid), 'utf8') });
      if (!byName.has(`xl/worksheets/_rels/sheet${id}.xml.rels`)) for (const p of noteParts(id, relsFor.get(id)!.rels, bySheet.get(id)!)) out.push(p);
    } else if (rels && bySheet.has(Number(rels[1]))) {
      const id = Number(rels[1]);
      for (const p of noteParts(id, relsFor.get(id)!.rels, bySheet.get(id)!)) out.push(p);
    } else {
      out.push(e);
    }
  }
  return out;
}

function noteParts(id: number, rels: string, notes: SheetNote[]): ZipEntry[] {
  return [
    { name: `xl/worksheets/_rels/sheet${id}.xml.rels`, data: Buffer.from(rels, 'utf8') },
    { name: `xl/comments${id}.xml`, data: Buffer.from(commentsXml(notes), 'utf8') },
    { name: `xl/drawings/vmlDrawing${id}.vml`, data: Buffer.from(vmlXml(notes), 'utf8') },
  ];
}

// ---------------------------------------------------------------------------------- quote prefix
// A text cell that starts like a formula is already a string cell (t="s") and never runs. Excel's
// quotePrefix on its style also keeps it text when someone edits the cell and presses Enter — what a
// typed leading apostrophe does. exceljs cannot set it, so it is added here. Same set as
// report/safe-text.ts (io/ may not import report/).
const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠]/;

function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

/** Indexes of the shared strings that start like a formula. */
function formulaLikeStrings(sst: string): Set<number> {
  const out = new Set<number>();
  let i = 0;
  for (const m of sst.matchAll(/<si>([\s\S]*?)<\/si>/g)) {
    const text = decodeXml([...m[1]!.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join(''));
    if (FORMULA_START.test(text)) out.add(i);
    i++;
  }
  return out;
}

/** Gives formula-looking string cells a copy of their style with quotePrefix="1". */
function addQuotePrefix(entries: ZipEntry[]): ZipEntry[] {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const sst = byName.get('xl/sharedStrings.xml');
  const styles = byName.get('xl/styles.xml');
  if (!sst || !styles) return entries;
  const risky = formulaLikeStrings(sst.data.toString('utf8'));
  if (risky.size === 0) return entries;
  const stylesXml = styles.data.toString('utf8');
  const xfsMatch = /<cellXfs count="(\d+)">([\s\S]*?)<\/cellXfs>/.exec(stylesXml);
  if (!xfsMatch) return entries;
  const xfs = [...xfsMatch[2]!.matchAll(/<xf\b[^>]*?\/>|<xf\b[^>]*?>[\s\S]*?<\/xf>/g)].map((m) => m[0]);
  if (xfs.length !== Number(xfsMatch[1])) return entries;
  const clones = new Map<number, number>();
  const cloneOf = (s: number) => {
    let c = clones.get(s);
    if (c === undefined) {
      c = xfs.length;
      xfs.push(xfs[s]!.replace(/^<xf\b/, '<xf quotePrefix="1"'));
      clones.set(s, c);
    }
    return c;
  };
  const replaced = new Map<string, Buffer>();
  for (const e of entries) {
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(e.name)) continue;
    const xml = e.data.toString('utf8');
    const out = xml.replace(/<c r="([A-Z]+\d+)"(?: s="(\d+)")? t="s"><v>(\d+)<\/v><\/c>/g, (m, ref: string, s: string | undefined, v: string) => {
      if (!risky.has(Number(v))) return m;
      const style = s === undefined ? 0 : Number(s);
      return `<c r="${ref}" s="${cloneOf(style)}" t="s"><v>${v}</v></c>`;
    });
    if (out !== xml) replaced.set(e.name, Buffer.from(out, 'utf8'));
  }
  if (clones.size === 0) return entries;
  const newStyles = stylesXml.replace(xfsMatch[0], `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>`);
  replaced.set('xl/styles.xml', Buffer.from(newStyles, 'utf8'));
  return entries.map((e) => {
    const data = replaced.get(e.name);
    return data ? { name: e.name, data } : e;
  });
}

function readZip(buffer: Buffer): Promise<ZipEntry[]> {
  return new Promise((resolvePromise, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('zip: no file'));
      const entries: ZipEntry[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolvePromise(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('zip: no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

function dosDateTime(date: Date): { time: number; date: number } {
  // DOS dates start in 1980; UTC parts so the bytes do not depend on the time zone.
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/** A plain zip (deflate, no extra fields, UTF-8 names) whose bytes depend only on the entries and the date. */
export function packZip(entries: readonly ZipEntry[], date: Date): Buffer {
  const { time, date: day } = dosDateTime(date);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    // Level 3: a tenth larger than level 6 and twice as fast on the notes' VML; any level is deterministic.
    const deflated = deflateRawSync(entry.data, { level: 3 });
    const stored = deflated.length >= entry.data.length;
    const body = stored ? entry.data : deflated;
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by (MS-DOS, 2.0)
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(day, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/**
 * The last guard of a well-formed file: whatever text reached exceljs without going through the
 * report's cleaning (a property, a tooltip, a future sheet), no XML part leaves here with a character
 * XML 1.0 forbids. A lone surrogate cannot survive UTF-8 encoding (it is already U+FFFD here);
 * U+FFFE, U+FFFF and C0 controls can, and are dropped.
 */
function legalXmlEntry(e: ZipEntry): ZipEntry {
  if (!/\.(xml|rels|vml)$/.test(e.name)) return e;
  const text = e.data.toString('utf8');
  // Only string content lives in the shared strings: every `_xHHHH_` there is text.
  const sst = e.name === 'xl/sharedStrings.xml' ? ooxmlLiteral(text) : text;
  const legal = hasXmlIllegal(sst) ? xmlLegal(sst) : sst;
  return legal === text ? e : { name: e.name, data: Buffer.from(legal, 'utf8') };
}

/**
 * The workbook as deterministic .xlsx bytes: same workbook content and date → same bytes.
 * Sets the document's created/modified dates to `date` (the workbook object is changed accordingly).
 */
export async function workbookBytes(wb: ExcelJS.Workbook, date: Date): Promise<Buffer> {
  if (Number.isNaN(date.getTime())) throw new SalesgradeError('internal', 'workbook date is not a valid date');
  // Whole seconds: core.xml stores seconds and the zip 2-second steps; keep both stable.
  const fixed = new Date(Math.floor(date.getTime() / 1000) * 1000);
  wb.created = fixed;
  wb.modified = fixed;
  wb.creator = wb.creator || 'salesgrade';
  wb.lastModifiedBy = wb.lastModifiedBy || 'salesgrade';
  // exceljs's zip is re-packed below; let it store (not deflate) so nothing is compressed twice.
  const notes = detachNotes(wb);
  let raw: Buffer;
  try {
    raw = Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } } as ExcelJS.XlsxWriteOptions));
  } finally {
    notes.restore();
  }
  const entries = addQuotePrefix(injectNotes(await readZip(raw), notes.bySheet));
  const byName = new Map(entries.map((e) => [e.name, e]));
  const replaced = new Map<string, Buffer>();
  for (const e of entries) {
    const m = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(e.name);
    if (!m) continue;
    const relsName = `xl/worksheets/_rels/sheet${m[1]}.xml.rels`;
    const xml = e.data.toString('utf8');
    const links = internalLinksOnly(xml, byName.get(relsName)?.data.toString('utf8'));
    const sheet = stabiliseRuleIds(links.sheet, Number(m[1]));
    if (sheet !== xml) replaced.set(e.name, Buffer.from(sheet, 'utf8'));
    if (links.rels !== undefined && links.rels !== byName.get(relsName)?.data.toString('utf8')) {
      replaced.set(relsName, Buffer.from(links.rels, 'utf8'));
    }
  }
  const stable = entries.map((e) => legalXmlEntry(replaced.has(e.name) ? { name: e.name, data: replaced.get(e.name)! } : e));
  return packZip(stable, fixed);
}

async function realpathOrNull(p: string): Promise<string | null> {
  try {
    return await fs.realpath(p);
  } catch {
    return null;
  }
}

async function statOrNull(p: string): Promise<{ dev: number; ino: number; isDirectory: boolean } | null> {
  try {
    const s = await fs.stat(p);
    return { dev: s.dev, ino: s.ino, isDirectory: s.isDirectory() };
  } catch {
    return null;
  }
}

/**
 * Checks, before any input is read, that a workbook can be written at `outPath` (io/output-file.ts:
 * the folder exists and is writable, not a folder, none of `inputs`).
 */
export async function preflightWorkbook(outPath: string, inputs: readonly string[], shown = outPath): Promise<void> {
  await preflightOutput(outPath, inputs, shown, WORKBOOK_OUTPUT);
}

/** Above this many reps the workbook is not built: exceljs holds it in memory (~60 KB a rep). */
export const MAX_WORKBOOK_REPS = 20_000;

/**
 * Writes `wb` to `outPath`: refuses any path that is or links to an input (`output-is-input`), writes
 * a temp file beside it, fsyncs, then renames over the target; on any failure the temp file is removed
 * and the target is left as it was (`output-unwritable` with the reason). Same workbook and date →
 * byte-identical file.
 */
export async function writeWorkbookAtomic(wb: ExcelJS.Workbook, outPath: string, options: WriteWorkbookOptions): Promise<{ staleRemoved: string[] }> {
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
  const stale = await removeStaleTempFiles(dirname(abs));
  // The temp file is claimed before the (long) build, so that it is there — and removed — whenever the
  // run is interrupted; see io/temp-files.ts.
  const tmp = claimTempPath(abs);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', 0o644);
    const bytes = await workbookBytes(wb, options.date);
    await handle.writeFile(bytes);
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
