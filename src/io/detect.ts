/**
 * What a file is, by its bytes rather than its extension: a zip (xlsx), an OLE2 compound file
 * (legacy .xls, or an xlsx encrypted with a password), an HTML table saved as .xls, text, or binary.
 */
import { open, stat } from 'node:fs/promises';
import { SalesgradeError, templatedError } from '../shared/errors.js';

export type FileKind = 'zip' | 'ole2' | 'html' | 'text' | 'binary' | 'empty';

export interface Sniffed {
  kind: FileKind;
  size: number;
  head: Buffer;
}

const SNIFF_BYTES = 16_384;

export async function readHead(path: string, bytes = SNIFF_BYTES): Promise<{ head: Buffer; size: number }> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new SalesgradeError('input-unreadable', 'is a directory, not a file', { location: { file: path }, facts: { id: 'is-directory' } });
    // A pipe (stdin, a FIFO) or a device: opening a FIFO blocks until a writer comes, and its size is
    // 0, which read as "the file is empty". Exports are read twice (hashed, then graded): a file only.
    if (!st.isFile()) {
      const what = st.isFIFO() ? 'pipe' : st.isCharacterDevice() || st.isBlockDevice() ? 'device' : st.isSocket() ? 'socket' : 'other';
      // evaluate, explain and inspect read an export piped in as `-` (spooled to a file): the hint says so
      throw templatedError('input-unreadable', 'not-a-regular-file', { what }, { location: { file: path } });
    }
    size = st.size;
  } catch (e) {
    if (e instanceof SalesgradeError) throw e;
    throw unreadableFile(e, path);
  }
  const fh = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    const reason = e.code ?? e.message;
    throw new SalesgradeError('input-unreadable', `cannot open the file (${reason})`, { location: { file: path }, facts: { id: 'cannot-open', params: { reason } } });
  });
  try {
    const buf = Buffer.alloc(Math.min(bytes, size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return { head: buf.subarray(0, bytesRead), size };
  } finally {
    await fh.close();
  }
}

/** Classify a file from its first bytes. */
export function classify(head: Buffer): FileKind {
  if (head.length === 0) return 'empty';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5 || head[2] === 7)) return 'zip';
  if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1) return 'ole2';
  const bom16 = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  if (bom16) {
    const text = new TextDecoder(head[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(head.subarray(2, 2048));
    return looksLikeHtml(text) ? 'html' : 'text';
  }
  const latin = head.subarray(0, 4096).toString('latin1');
  if (looksLikeHtml(latin)) return 'html';
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b === 0) return 'binary';
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) controls++;
  }
  return controls > head.length / 100 ? 'binary' : 'text';
}

function looksLikeHtml(text: string): boolean {
  const t = text.replace(/^\uFEFF/, '').trimStart().slice(0, 2048).toLowerCase();
  if (!t.startsWith('<')) return false;
  return /<(html|table|!doctype html)[\s>]/.test(t) || /<meta[^>]+(excel|mso|html)/.test(t);
}

/** Sniff the file and fail early, in one line, for the kinds no reader can take. */
export async function sniffFile(path: string): Promise<Sniffed> {
  const { head, size } = await readHead(path);
  const kind = classify(head);
  return { kind, size, head };
}

/** True when an OLE2 file holds an encrypted OOXML package (a password-protected .xlsx). */
export async function isEncryptedOoxml(path: string, size: number): Promise<boolean> {
  // The directory names are UTF-16LE; "EncryptionInfo" is the stream an encrypted package has.
  const needle = Buffer.from('EncryptionInfo', 'utf16le');
  const { head } = await readHead(path, Math.min(size, 8 * 1024 * 1024));
  return head.includes(needle);
}

/**
 * Sniffs a file and refuses, in one clear line, the kinds no reader takes: empty, binary, and OLE2 (a
 * legacy .xls, or an xlsx encrypted with a password). Returns the sniff for the kinds that can be read.
 */
export async function sniffReadable(path: string): Promise<Sniffed & { kind: 'zip' | 'html' | 'text' }> {
  const sniff = await sniffFile(path);
  switch (sniff.kind) {
    case 'empty':
      throw new SalesgradeError('no-data', 'the file is empty', { location: { file: path }, facts: { id: 'empty-file' } });
    case 'binary':
      // Parquet (issue 14): the row reader does not read it; the DuckDB engine does.
      if (sniff.head.subarray(0, 4).toString('latin1') === 'PAR1') {
        throw new SalesgradeError('input-format', 'a Parquet file: the default engine reads CSV and XLSX exports row by row', {
          location: { file: path },
          hint: 'grade it with --engine duckdb (needs the optional @duckdb/node-api), or export it as CSV',
          facts: { id: 'parquet' },
        });
      }
      throw new SalesgradeError('input-format', 'not a spreadsheet: the file holds binary data that is neither CSV nor XLSX', {
        location: { file: path },
        hint: 'export the data from the CRM as .xlsx or .csv',
        facts: { id: 'binary' },
      });
    case 'ole2':
      if (await isEncryptedOoxml(path, sniff.size)) {
        throw new SalesgradeError('input-password', 'the workbook is protected with a password', {
          location: { file: path },
          hint: 'open it in Excel or WPS, remove the password, and save it as .xlsx',
          facts: { id: 'password' },
        });
      }
      throw new SalesgradeError('input-format', 'a legacy Excel 97–2003 workbook (.xls) cannot be read', {
        location: { file: path },
        hint: 'open it in Excel or WPS and save it as .xlsx',
        facts: { id: 'legacy-xls' },
      });
    default:
      return sniff as Sniffed & { kind: 'zip' | 'html' | 'text' };
  }
}

/**
 * The one-line error for an input file that cannot be opened or read (`file not found`, `is a directory`,
 * `cannot read the file (CODE)`), worded alike whichever reader or engine (DuckDB, a MetricTable file)
 * met it.
 */
export function unreadableFile(e: unknown, shown: string): SalesgradeError {
  if (e instanceof SalesgradeError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new SalesgradeError('input-not-found', 'file not found', { location: { file: shown }, facts: { id: 'file-not-found' } });
  if (code === 'EISDIR') return new SalesgradeError('input-unreadable', 'is a directory, not a file', { location: { file: shown }, facts: { id: 'is-directory' } });
  const reason = code ?? String(e);
  return new SalesgradeError('input-unreadable', `cannot read the file (${reason})`, { location: { file: shown }, facts: { id: 'unreadable', params: { reason } } });
}
