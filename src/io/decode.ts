/**
 * Text encodings of CSV/TSV/HTML exports: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, and
 * GB18030 (a superset of GBK/GB2312, what Chinese Excel and WPS save as "CSV"). Detection is strict:
 * a file is decoded only in an encoding it is entirely valid in, never with silent U+FFFD
 * replacement; a file valid in neither UTF-8 nor GB18030 is an error naming the first bad byte's line.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { SalesgradeError, templatedError } from '../shared/errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface EncodingInfo {
  encoding: Encoding;
  /** Bytes of BOM to skip. */
  bom: number;
}

/** An incremental UTF-8 validator; `fail` is the absolute offset of the first bad byte. */
class Utf8Check {
  fail = -1;
  private need = 0;
  private lower = 0x80;
  private upper = 0xbf;
  private offset = 0;

  push(buf: Buffer): void {
    if (this.fail >= 0) {
      this.offset += buf.length;
      return;
    }
    // fast path: the chunk up to its last complete character is valid UTF-8 (native check); only the
    // bytes of a character cut at the chunk's end go through the loop below
    if (this.need === 0 && buf.length > 64) {
      let cut = buf.length;
      for (let back = 1; back <= 4 && back <= buf.length; back++) {
        const b = buf[buf.length - back]!;
        if (b < 0x80) break;
        if (b >= 0xc0) {
          const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
          if (len > back) cut = buf.length - back;
          break;
        }
      }
      if (isUtf8(buf.subarray(0, cut))) {
        this.offset += cut;
        this.pushSlow(buf.subarray(cut));
        return;
      }
    }
    this.pushSlow(buf);
  }

  private pushSlow(buf: Buffer): void {
    let need = this.need;
    let lower = this.lower;
    let upper = this.upper;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (need === 0) {
        if (b < 0x80) continue;
        if (b >= 0xc2 && b <= 0xdf) need = 1;
        else if (b >= 0xe0 && b <= 0xef) {
          need = 2;
          if (b === 0xe0) lower = 0xa0;
          else if (b === 0xed) upper = 0x9f;
        } else if (b >= 0xf0 && b <= 0xf4) {
          need = 3;
          if (b === 0xf0) lower = 0x90;
          else if (b === 0xf4) upper = 0x8f;
        } else {
          this.fail = this.offset + i;
          break;
        }
      } else {
        if (b < lower || b > upper) {
          this.fail = this.offset + i;
          break;
        }
        lower = 0x80;
        upper = 0xbf;
        need--;
      }
    }
    this.need = need;
    this.lower = lower;
    this.upper = upper;
    this.offset += buf.length;
  }

  end(): void {
    if (this.fail < 0 && this.need > 0) this.fail = this.offset;
  }
}

/** An incremental GB18030 byte-structure validator (1, 2 and 4 byte sequences). */
class Gb18030Check {
  fail = -1;
  private state = 0; // 0 start; 1 after lead; 2 after lead+digit; 3 after lead+digit+lead
  private start = 0;
  private offset = 0;

  push(buf: Buffer): void {
    if (this.fail >= 0) {
      this.offset += buf.length;
      return;
    }
    let state = this.state;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      switch (state) {
        case 0:
          if (b < 0x80) continue;
          if (b >= 0x81 && b <= 0xfe) {
            state = 1;
            this.start = this.offset + i;
            continue;
          }
          this.fail = this.offset + i;
          break;
        case 1:
          if ((b >= 0x40 && b <= 0x7e) || (b >= 0x80 && b <= 0xfe)) state = 0;
          else if (b >= 0x30 && b <= 0x39) state = 2;
          else this.fail = this.start;
          break;
        case 2:
          if (b >= 0x81 && b <= 0xfe) state = 3;
          else this.fail = this.start;
          break;
        case 3:
          if (b >= 0x30 && b <= 0x39) state = 0;
          else this.fail = this.start;
          break;
      }
      if (this.fail >= 0) break;
    }
    this.state = state;
    this.offset += buf.length;
  }

  end(): void {
    if (this.fail < 0 && this.state !== 0) this.fail = this.start;
  }
}

/** The encoding a BOM announces. */
export function bomEncoding(head: Buffer): EncodingInfo | undefined {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  return undefined;
}

/**
 * Find the encoding of a text file: the forced one, else its BOM, else UTF-8 if the whole file is valid
 * UTF-8, else GB18030 if it is valid GB18030; else a one-line error.
 */
export async function detectEncoding(path: string, head: Buffer, forced?: Encoding): Promise<EncodingInfo> {
  const bom = bomEncoding(head);
  if (forced) return { encoding: forced, bom: bom && bom.encoding === forced ? bom.bom : 0 };
  if (bom) return bom;
  // UTF-8 first (most files); GB18030 is checked only when the file is not UTF-8
  const utf8 = new Utf8Check();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    utf8.push(chunk);
    if (utf8.fail >= 0) break;
  }
  utf8.end();
  if (utf8.fail < 0) return { encoding: 'utf-8', bom: 0 };
  const gb = new Gb18030Check();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    gb.push(chunk);
    if (gb.fail >= 0) break;
  }
  gb.end();
  if (gb.fail < 0) return { encoding: 'gb18030', bom: 0 };
  const bad = Math.max(utf8.fail, gb.fail);
  const { line, byte } = await lineOfOffset(path, bad);
  const hex = byte.toString(16).toUpperCase().padStart(2, '0');
  throw new SalesgradeError('input-encoding', `not valid UTF-8 or GB18030 text: bad byte 0x${hex} on line ${line}`, {
    location: { file: path, line },
    hint: 'save the file as UTF-8 CSV, or pass --encoding',
    facts: { id: 'encoding-unknown', params: { byte: hex, line } },
  });
}

async function lineOfOffset(path: string, offset: number): Promise<{ line: number; byte: number }> {
  let line = 1;
  let pos = 0;
  let byte = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const end = Math.min(chunk.length, offset - pos);
    for (let i = 0; i < end; i++) if (chunk[i] === 0x0a) line++;
    if (offset - pos < chunk.length) {
      byte = chunk[offset - pos]!;
      break;
    }
    pos += chunk.length;
  }
  return { line, byte };
}

/** A streaming decoder that throws on invalid input instead of writing U+FFFD. */
export interface StrictDecoder {
  write(buf: Buffer): string;
  end(): string;
}

/**
 * The bytes at the end of `buf` that a streaming decoder holds back (an incomplete character), given
 * how many bytes came before it. Only used to locate an error: for a valid prefix it equals what the
 * decoder kept.
 */
function pendingTail(encoding: Encoding, buf: Buffer, before: number): number {
  const n = buf.length;
  if (encoding === 'utf-8') {
    for (let back = 1; back <= 3 && back <= n; back++) {
      const b = buf[n - back]!;
      if (b < 0x80) return 0;
      if (b >= 0xc0) return (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) > back ? back : 0;
    }
    return 0;
  }
  const odd = (before + n) % 2;
  const end = n - odd;
  if (end < 2) return odd;
  const unit = encoding === 'utf-16le' ? buf[end - 2]! | (buf[end - 1]! << 8) : (buf[end - 2]! << 8) | buf[end - 1]!;
  return unit >= 0xd800 && unit <= 0xdbff ? odd + 2 : odd;
}

/** Where the text stops being valid: the valid text before it, and the offset in `buf` of the bad character. */
function locateBad(encoding: Encoding, buf: Buffer): { text: string; bad: number } {
  const decodes = (k: number): boolean => {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(buf.subarray(0, k), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  // the first prefix that fails (a prefix of a valid prefix is valid): binary search, only on error
  let lo = 0;
  let hi = buf.length;
  if (decodes(hi)) return { text: new TextDecoder(encoding).decode(buf, { stream: true }), bad: buf.length };
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (decodes(mid)) lo = mid;
    else hi = mid;
  }
  const text = new TextDecoder(encoding, { fatal: true }).decode(buf.subarray(0, lo), { stream: true });
  // the bad character starts where the valid text ends
  return { text, bad: encoding === 'utf-8' ? Buffer.byteLength(text, 'utf8') : text.length * 2 };
}

/**
 * A strict streaming decoder. An invalid byte sequence is an error at its real place: the line and
 * column (in UTF-16 code units, as JavaScript counts) where the bad character starts, and its byte offset in the file (`offset` =
 * the file offset of the first byte written, e.g. the BOM's length).
 */
export function strictDecoder(encoding: Encoding, path: string, offset = 0): StrictDecoder {
  let line = 1;
  /** Characters on the current line so far. */
  let col = 0;
  let pos = offset;
  let tail: Buffer = Buffer.alloc(0);
  const advance = (s: string): string => {
    let nl = 0;
    let last = -1;
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
      nl++;
      last = i;
    }
    if (nl > 0) {
      line += nl;
      col = s.length - last - 1;
    } else col += s.length;
    return s;
  };
  const fail = (detail: 'no-gb18030' | 'ends-inside' | 'invalid-sequence', byteAt: number, byte: number | undefined): never => {
    const location = { file: path, line, column: col + 1 };
    const params = { encoding: encoding.toUpperCase(), line, column: col + 1, detail };
    if (byte === undefined) throw templatedError('input-encoding', 'encoding-invalid', params, { location });
    throw templatedError('input-encoding', 'encoding-invalid-byte', { ...params, byte: byte.toString(16).toUpperCase().padStart(2, '0'), offset: byteAt }, { location });
  };
  if (encoding === 'gb18030') {
    const dec = iconv.getDecoder('gb18030');
    const check = (s: string): string => {
      const bad = s.indexOf('\uFFFD');
      if (bad >= 0) {
        advance(s.slice(0, bad));
        fail('no-gb18030', pos, undefined);
      }
      return advance(s);
    };
    return { write: (b) => check(dec.write(b)), end: () => check(dec.end() ?? '') };
  }
  const td = new TextDecoder(encoding, { fatal: true });
  // on an error, decode again from the bytes the decoder held back (`tail`) to find the bad byte
  const locate = (chunk: Buffer, detail: 'ends-inside' | 'invalid-sequence'): never => {
    const buf = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
    const start = pos - tail.length;
    const { text, bad } = locateBad(encoding, buf);
    advance(text);
    if (bad >= buf.length) fail('ends-inside', start + buf.length, undefined);
    return fail(detail, start + bad, buf[bad]);
  };
  return {
    write: (b) => {
      let s: string;
      try {
        s = td.decode(b, { stream: true });
      } catch {
        return locate(b, 'invalid-sequence');
      }
      // what the decoder now holds back is decided by the last few bytes (a character may span chunks)
      const last = tail.length > 0 ? Buffer.concat([tail, b.subarray(Math.max(0, b.length - 4))]) : b.subarray(Math.max(0, b.length - 4));
      pos += b.length;
      const keep = pendingTail(encoding, last, pos - offset - last.length);
      tail = keep === 0 ? Buffer.alloc(0) : Buffer.from(last.subarray(last.length - keep));
      return advance(s);
    },
    end: () => {
      try {
        return advance(td.decode());
      } catch {
        return locate(Buffer.alloc(0), 'ends-inside');
      }
    },
  };
}

/** Something bytes can be streamed through (a `crypto.Hash`). */
export interface ByteSink {
  update(bytes: Buffer): unknown;
}

/**
 * Bytes read (and decoded) at a time. Small enough that a chunk's text stays an ordinary heap object:
 * V8 puts a string over 128 KB in its large-object space, freed only by a full collection, and every
 * field cut from a chunk keeps the whole chunk alive while its row is in flight. With 256 KB reads, the
 * 1M-row CSV's chunks and their read buffers piled up to ~50 MB each between full collections while the
 * data sheet was written (peak RSS 248–281 MB); 32 KB of any encoding decodes to at most 64 KB of text
 * (32K UTF-16 units), so the chunks die young instead (README, Performance: "The 1M-row default commands").
 */
export const READ_BYTES = 1 << 15;

/**
 * Decoded text chunks of a file, BOM skipped. With `hash`, every byte read (the BOM too) also goes
 * through it, in the same read: the digest is of the bytes decoded, with no second read.
 */
export async function* decodedChunks(path: string, info: EncodingInfo, onBytes?: (n: number) => void, hash?: ByteSink): AsyncGenerator<string> {
  const dec = strictDecoder(info.encoding, path, info.bom);
  const stream = createReadStream(path, { highWaterMark: READ_BYTES, start: hash ? 0 : info.bom });
  let skip = hash ? info.bom : 0;
  for await (const read of stream as AsyncIterable<Buffer>) {
    let chunk = read;
    if (hash) {
      hash.update(read);
      if (skip > 0) {
        const n = Math.min(skip, read.length);
        chunk = read.subarray(n);
        skip -= n;
      }
    }
    onBytes?.(read.length);
    const s = dec.write(chunk);
    if (s) yield s;
  }
  const tail = dec.end();
  if (tail) yield tail;
}
