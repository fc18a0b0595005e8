/**
 * The sheet XML as bytes, written straight into large buffers: the workbook writer's hot path for
 * rows (io/xlsx-write.ts `encodeRow`). A 100k-row data sheet is ~1.3 M cells and ~57 MB of XML; as
 * per-cell template strings joined into 64 KB strings and then encoded to UTF-8 it cost ~0.6 s of
 * main-thread CPU and most of the run's garbage. Here the fixed fragments (`<c r="`, the column
 * letters, ` s="29"`, `</t></is></c>` …) are encoded once and copied, row numbers and integers are
 * written digit by digit, and text is encoded to UTF-8 by the same character loop that checks that
 * it needs no escaping — text that does (`&<>"`, `_xHHHH_`, characters XML cannot carry) is written
 * as `xmlTextReference` gives it. Nothing here decides what a cell says: the string writer
 * (`rowXml` in io/xlsx-write.ts) stays the reference, and test/unit/io/xlsx-write-bytes.test.ts ties
 * the bytes to it.
 */

/** Buffers are handed out once this many bytes are waiting. */
export const CHUNK_BYTES = 1 << 16;
/** Room allocated per buffer: a chunk, plus any one cell (a cell's text is at most 32,767 units → 98 KB). */
const ALLOC_BYTES = 1 << 18;

/** ASCII text as bytes (fragments of markup: never cell text). */
export function ascii(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/** Collects XML as bytes in large buffers; `take()` hands out what is written so far. */
export class XmlBytes {
  private buf: Buffer = Buffer.allocUnsafe(ALLOC_BYTES);
  /** Next byte to write. */
  pos = 0;
  /** Start of the bytes not yet taken. */
  private start = 0;
  /** Bytes moved to a new buffer by `room` so far (growth stays linear in what is written). */
  copied = 0;

  /** Bytes waiting. */
  get size(): number {
    return this.pos - this.start;
  }

  /** ~64 KB are waiting: take them. */
  get full(): boolean {
    return this.pos - this.start >= CHUNK_BYTES;
  }

  /** Makes room for `n` more bytes (a fresh buffer when the current one cannot hold them). */
  room(n: number): Buffer {
    if (this.pos + n > this.buf.length) {
      const waiting = this.buf.subarray(this.start, this.pos);
      // doubled, not grown by `n`: a row wider than a buffer (16,384 columns) is not taken until its
      // end, and growing by one cell at a time copied it again per cell (5.6 s for one XFD-wide row)
      const next = Buffer.allocUnsafe(Math.max(ALLOC_BYTES, 2 * waiting.length + n));
      waiting.copy(next, 0);
      this.copied += waiting.length;
      this.buf = next;
      this.pos = waiting.length;
      this.start = 0;
    }
    return this.buf;
  }

  /** The bytes written since the last take (a view: the buffer's later bytes are never rewritten). */
  take(): Buffer {
    const out = this.buf.subarray(this.start, this.pos);
    this.start = this.pos;
    // a buffer nearly used up is left for a fresh one, so that the next cell rarely copies
    if (this.buf.length - this.pos < CHUNK_BYTES) {
      this.buf = Buffer.allocUnsafe(ALLOC_BYTES);
      this.pos = 0;
      this.start = 0;
    }
    return out;
  }

  /** Any string, as UTF-8 (markup built as text: the string path's output, sheet head and tail). */
  text(s: string): void {
    // a long text (a sheet's hyperlinks, a row of the string path) is measured rather than given 3× its length
    const buf = this.room(s.length > CHUNK_BYTES ? Buffer.byteLength(s, 'utf8') : s.length * 3);
    this.pos += buf.write(s, this.pos, 'utf8');
  }

  /** Pre-encoded bytes. */
  bytes(b: Uint8Array): void {
    const buf = this.room(b.length);
    let p = this.pos;
    for (let i = 0; i < b.length; i++) buf[p++] = b[i]!;
    this.pos = p;
  }

  /** A non-negative integer below 2^53, in decimal. */
  uint(n: number): void {
    const buf = this.room(16);
    if (n < 10) {
      buf[this.pos++] = 48 + n;
      return;
    }
    let digits = 0;
    for (let m = n; m >= 1; m = Math.floor(m / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    for (let m = n; m >= 1; m = Math.floor(m / 10)) buf[--p] = 48 + (m % 10);
  }

  /** A finite number as JavaScript prints it (`${v}`: what the string writer writes). */
  number(v: number): void {
    if (Number.isSafeInteger(v) && v >= 0) this.uint(v);
    else this.asciiText(String(v));
  }

  /** Text known to be ASCII (a number's digits, a formula's markup). */
  private asciiText(s: string): void {
    const buf = this.room(s.length);
    let p = this.pos;
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /**
   * Cell text that needs no escaping, as UTF-8: true when written. False — and nothing written —
   * when `s` is not such text (`&<>"`, `_x`, a C0 control but tab/LF/CR, a surrogate, U+FFFE/U+FFFF:
   * exactly what `plainXmlText` in io/xlsx-write.ts refuses); the caller then writes the reference's
   * escaped text with `text()`.
   */
  plainText(s: string): boolean {
    const n = s.length;
    const buf = this.room(n * 3);
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20) {
          if (c === 0x26 || c === 0x3c || c === 0x3e || c === 0x22) return false;
          if (c === 0x5f && s.charCodeAt(i + 1) === 0x78) return false;
        } else if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
        buf[p++] = c;
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 0x3f);
      } else {
        if ((c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe) return false;
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      }
    }
    this.pos = p;
    return true;
  }
}
