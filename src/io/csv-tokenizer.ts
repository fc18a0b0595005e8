/**
 * A streaming RFC 4180 tokenizer: text chunks in, records out, with the 1-based line and column where
 * each record and field starts. It reads what csv-parse reads with `relax_quotes`,
 * `relax_column_count` and `skip_empty_lines: false` (the options the reader used before), about eight
 * times faster, except where noted (test/unit/io/csv-differential.test.ts lists each difference):
 *
 * - every line break outside quotes (`\r\n`, `\n` or `\r`) ends a record. csv-parse takes the first
 *   line break met as the only record delimiter, so one stray LF in a CRLF file merged two records into
 *   one (and both rows were lost as a ragged row); here it ends the row, as Python's csv module and
 *   Excel read it. Inside quotes, line breaks are field text;
 * - a quote opens a quoted field only as the field's first character; inside, `""` is one quote and a
 *   quote followed by the delimiter, a line break or the end closes the field; any other quote
 *   is kept as text (`"ab"c` reads `"ab"c`, `a"b` reads `a"b`);
 * - an empty line is a record with one empty field; a final line break adds no record;
 * - a quoted field still open at the end is an error (`CsvQuoteError`).
 *
 * Lines are counted as an editor counts them: each `\r\n`, `\r` or `\n` is one line, inside a field's
 * text or not.
 */

/** A record: its fields, the line it starts on, and where each field starts. */
export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
  /** 1-based column where each field starts (of its opening quote, when quoted). */
  cols: number[];
  /** 1-based line where each field starts; undefined when every field starts on `line`. */
  lines: number[] | undefined;
  /** 1-based line where the record ends (> `line` when a quoted field holds line breaks). */
  end: number;
}

/** A quoted field still open at the end of the text. */
export class CsvQuoteError extends Error {
  constructor(readonly line: number) {
    super(`a quoted field opened on line ${line} is never closed`);
    this.name = 'CsvQuoteError';
  }
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

// field state
const START = 0; // nothing of the field read yet
const PLAIN = 1; // unquoted text (or text after a quote that did not close the field)
const QUOTED = 2; // inside quotes

export class CsvTokenizer {
  private readonly delim: number;
  private state = START;
  /** The current field's text so far (the part before `segStart` in the current buffer). */
  private text = '';
  private fields: string[] = [];
  private cols: number[] = [];
  private lines: number[] | undefined;
  private line = 1;
  private col = 1;
  private recLine = 1;
  private prevCR = false;
  /** Characters held back from the last chunk until the next one tells what they are. */
  private carry = '';

  constructor(delimiter: string) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
      throw new Error(`unsupported CSV delimiter ${JSON.stringify(delimiter)}`);
    }
    this.delim = delimiter.charCodeAt(0);
  }

  /** Tokenize a chunk; complete records are appended to `out`. */
  push(chunk: string, out: CsvRecord[]): void {
    const buf = this.carry === '' ? chunk : this.carry + chunk;
    this.carry = '';
    this.run(buf, false, out);
  }

  /** The end of the text: the last record (if any) is appended to `out`. Throws `CsvQuoteError`. */
  end(out: CsvRecord[]): void {
    const buf = this.carry;
    this.carry = '';
    this.run(buf, true, out);
    if (this.state === QUOTED) throw new CsvQuoteError(this.recLine);
    if (this.state !== START || this.fields.length > 0) {
      this.endField('');
      this.endRecord(out);
    }
  }

  /** The line the next record starts on (after `end`, one past the last line). */
  get currentLine(): number {
    return this.line;
  }

  private startField(): void {
    if (this.line !== this.recLine) {
      if (this.lines === undefined) this.lines = this.cols.map(() => this.recLine);
      this.lines.push(this.line);
    } else if (this.lines !== undefined) this.lines.push(this.line);
    this.cols.push(this.col);
  }

  private endField(tail: string): void {
    this.fields.push(this.text === '' ? tail : this.text + tail);
    this.text = '';
    this.state = START;
  }

  private endRecord(out: CsvRecord[]): void {
    out.push({ fields: this.fields, line: this.recLine, cols: this.cols, lines: this.lines, end: this.line });
    this.fields = [];
    this.cols = [];
    this.lines = undefined;
  }

  /** Length of a line break at `i` (`\r\n` is one); 0 = none; -1 = need more text to tell. */
  private rdAt(buf: string, i: number, final: boolean): number {
    const c = buf.charCodeAt(i);
    if (c === LF) return 1;
    if (c !== CR) return 0;
    if (i + 1 >= buf.length) return final ? 1 : -1;
    return buf.charCodeAt(i + 1) === LF ? 2 : 1;
  }

  /** Count a character of field text that is a line break. */
  private textBreak(c: number): void {
    if (c === CR) {
      this.line++;
      this.prevCR = true;
    } else {
      if (!this.prevCR) this.line++;
      this.prevCR = false;
    }
    this.col = 1;
  }

  private run(buf: string, final: boolean, out: CsvRecord[]): void {
    const n = buf.length;
    const delim = this.delim;
    const delimChar = String.fromCharCode(delim);
    let i = 0;
    let seg = 0; // start of the current field's text not yet in `this.text`
    // next delimiter, \n, \r and quote at or after the last search (n = none left)
    let nd = -1;
    let nl = -1;
    let nc = -1;
    let nq = -1;
    while (i < n) {
      const state = this.state;
      if (state === START) {
        if (this.fields.length === 0) this.recLine = this.line;
        this.startField();
        this.prevCR = false;
        const c = buf.charCodeAt(i);
        if (c === QUOTE) {
          this.state = QUOTED;
          i++;
          this.col++;
          seg = i;
          continue;
        }
        this.state = PLAIN;
        seg = i;
        // fall through to PLAIN with the same character
      }
      if (this.state === PLAIN) {
        // jump to the next delimiter or line break (native searches, each redone only once passed)
        if (nd < i) nd = findFrom(buf, delimChar, i);
        if (nl < i) nl = findFrom(buf, '\n', i);
        if (nc < i) nc = findFrom(buf, '\r', i);
        const from = i;
        i = nd < nl ? nd : nl;
        if (nc < i) i = nc;
        const c = i < n ? buf.charCodeAt(i) : 0;
        if (i > from) {
          this.col += i - from;
          this.prevCR = false;
        }
        if (i >= n) break;
        if (c === delim) {
          this.endField(buf.slice(seg, i));
          i++;
          this.col++;
          continue;
        }
        // a line break: the end of the record
        const len = this.rdAt(buf, i, final);
        if (len < 0) break;
        this.endField(buf.slice(seg, i));
        this.endRecord(out);
        i += len;
        this.line++;
        this.col = 1;
        this.prevCR = false;
        continue;
      }
      // QUOTED
      if (nq < i) nq = findFrom(buf, '"', i);
      if (nl < i) nl = findFrom(buf, '\n', i);
      if (nc < i) nc = findFrom(buf, '\r', i);
      const from = i;
      i = nq < nl ? nq : nl;
      if (nc < i) i = nc;
      const c = i < n ? buf.charCodeAt(i) : 0;
      if (i > from) {
        this.col += i - from;
        this.prevCR = false;
      }
      if (i >= n) break;
      if (c !== QUOTE) {
        this.textBreak(c);
        i++;
        continue;
      }
      // a quote inside quotes: escaped quote, closing quote, or (relaxed) text
      if (i + 1 >= n && !final) break;
      const next = i + 1 < n ? buf.charCodeAt(i + 1) : -1;
      if (next === QUOTE) {
        this.text += buf.slice(seg, i + 1);
        i += 2;
        seg = i;
        this.col += 2;
        this.prevCR = false;
        continue;
      }
      let closes = next === -1 || next === delim;
      if (!closes && (next === CR || next === LF)) {
        const len = this.rdAt(buf, i + 1, final);
        if (len < 0) break;
        closes = len > 0;
      }
      if (closes) {
        // the field's text is complete; what follows is the delimiter or the record delimiter
        this.text += buf.slice(seg, i);
        i++;
        this.col++;
        this.prevCR = false;
        if (next === -1) {
          // end of the text: end() closes the field
          this.state = PLAIN;
          seg = i;
          continue;
        }
        if (next === delim) {
          this.endField('');
          i++;
          this.col++;
          continue;
        }
        const len = this.rdAt(buf, i, final);
        this.endField('');
        this.endRecord(out);
        i += len;
        this.line++;
        this.col = 1;
        continue;
      }
      // relaxed: the opening quote and this one are kept as text, and the field goes on unquoted
      this.text = `"${this.text}${buf.slice(seg, i + 1)}`;
      i++;
      seg = i;
      this.col++;
      this.prevCR = false;
      this.state = PLAIN;
    }
    // keep what is read of the current field; hold back what could not be decided yet
    if (this.state !== START) this.text += buf.slice(seg, i);
    if (i < n) this.carry = buf.slice(i);
  }
}

/** The index of `ch` at or after `from`, or the text's length when there is none. */
function findFrom(buf: string, ch: string, from: number): number {
  const k = buf.indexOf(ch, from);
  return k < 0 ? buf.length : k;
}

/** Tokenize a whole text (tests, small inputs). */
export function tokenizeCsv(text: string, delimiter = ','): CsvRecord[] {
  const t = new CsvTokenizer(delimiter);
  const out: CsvRecord[] = [];
  t.push(text, out);
  t.end(out);
  return out;
}
