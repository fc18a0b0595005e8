/**
 * CSV/TSV rows through the hand-written tokenizer (csv-tokenizer.ts), with the real line and column
 * of every record and field, delivered a decoded chunk at a time.
 */
import { once } from 'node:events';
import { parse as csvParse } from 'csv-parse';
import { parse as csvParseSync } from 'csv-parse/sync';
import { SalesgradeError, templatedError } from '../shared/errors.js';
import { CsvQuoteError, CsvTokenizer, type CsvRecord } from './csv-tokenizer.js';
import { decodedChunks, type ByteSink, type EncodingInfo } from './decode.js';
import type { RawCell } from './values.js';

/** A row before mapping: 1-based sheet row or CSV line where it starts, and its cells by column. */
export interface RawRow {
  row: number;
  cells: (RawCell | undefined)[];
  /** CSV only: 1-based [line, column] where each field starts. */
  positions?: [number, number][];
  /** CSV only: the number of fields the record had (for ragged-row findings). */
  width?: number;
}

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Count delimiter candidates outside quotes, line by line, in the first lines of the text. */
export function sniffDelimiter(text: string): Delimiter {
  const lines: Record<string, number>[] = [];
  let counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  let inQuotes = false;
  let nonEmpty = false;
  for (let i = 0; i < text.length && lines.length < 20; i++) {
    const ch = text[i]!;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (nonEmpty) lines.push(counts);
      counts = { ',': 0, ';': 0, '\t': 0, '|': 0 };
      nonEmpty = false;
    } else if (!inQuotes && ch in counts) {
      counts[ch]!++;
      nonEmpty = true;
    } else if (ch !== ' ') nonEmpty = true;
  }
  if (nonEmpty) lines.push(counts);
  // The header is the line with the most fields; prefer a delimiter that splits the header into the
  // most fields and keeps the same count on the lines below it.
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const per = lines.map((l) => l[d]!);
    const header = per.reduce((a, b) => Math.max(a, b), 0);
    if (header === 0) continue;
    const consistent = per.filter((n) => n === header).length;
    const score = header * 1000 + consistent;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

export interface CsvSource {
  delimiter: Delimiter;
  rows(): AsyncGenerator<RawRow>;
  /** The same rows, a decoded chunk's worth at a time (no async step per row). */
  batches(): AsyncGenerator<RawRow[]>;
}

/** Text tokenized per batch of rows (~300 rows of a typical export). */
const BATCH_CHARS = 1 << 15;

/** A CSV record as a row: field positions are built only when a message asks for one. */
export class CsvRow implements RawRow {
  row: number;
  cells: (RawCell | undefined)[];
  width: number;
  /** 1-based column where each field starts. */
  readonly cols: number[];
  /** 1-based line where each field starts; undefined when all start on `row`. */
  readonly lines: number[] | undefined;
  /** 1-based line where the record ends. */
  readonly endLine: number;
  private pos: [number, number][] | undefined;

  constructor(rec: CsvRecord) {
    const values = rec.fields;
    const cells: (RawCell | undefined)[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v !== '') cells[i] = { t: 's', v };
    }
    this.row = rec.line;
    this.cells = cells;
    this.width = values.length;
    this.cols = rec.cols;
    this.lines = rec.lines;
    this.endLine = rec.end;
  }

  get positions(): [number, number][] {
    if (this.pos === undefined) {
      const { cols, lines, row } = this;
      this.pos = cols.map((c, i) => [lines ? lines[i]! : row, c]);
    }
    return this.pos;
  }
}

/** The first 64 KB (or so) of decoded text; `complete` when that is the whole file. */
export async function readHeadText(path: string, enc: EncodingInfo): Promise<{ text: string; complete: boolean }> {
  let text = '';
  for await (const chunk of decodedChunks(path, enc)) {
    text += chunk;
    if (text.length >= 65_536) return { text, complete: false };
  }
  return { text, complete: true };
}

/** The quote characters a CSV may use: `"` is read by the tokenizer, `'` by csv-parse (the fallback). */
export type Quote = '"' | "'";

/** csv-parse with the options our tokenizer follows (see csv-tokenizer.ts). */
function csvParseOptions(delimiter: Delimiter, quote: Quote) {
  return { delimiter, quote, escape: quote, relax_quotes: true, relax_column_count: true, skip_empty_lines: false, info: true } as const;
}

/**
 * csv-parse records as rows. csv-parse gives the line where a record ends, counting a `\r\n` inside a
 * field as two lines; the start line is the line after the previous record, counted as an editor does
 * (one line per `\r\n`), so the fallback's lines agree with the tokenizer's. Field columns are not
 * known: findings name the row's line, column 1.
 */
class ParsedLines {
  private end = 0;
  private crlf = 0;

  row(record: string[], lines: number): RawRow {
    const cells: (RawCell | undefined)[] = new Array(record.length);
    for (let i = 0; i < record.length; i++) {
      const v = record[i]!;
      if (v !== '') cells[i] = { t: 's', v };
    }
    const row: RawRow = { row: this.end + 1 - this.crlf, cells, width: record.length };
    this.end = lines;
    for (const f of record) this.crlf += f.split('\r\n').length - 1;
    return row;
  }
}

/** The first `n` records of a text with a delimiter (a record cut by the end of an incomplete text is dropped). */
export function headRows(text: string, complete: boolean, delimiter: Delimiter, n: number, quote: Quote = '"'): RawRow[] {
  if (quote !== '"') {
    // the fallback dialect: csv-parse reads the head (an incomplete last record is dropped)
    let recs: { record: string[]; info: { lines: number } }[] = [];
    const cut = complete ? text : text.slice(0, Math.max(0, text.lastIndexOf('\n')));
    try {
      recs = csvParseSync(cut, csvParseOptions(delimiter, quote)) as unknown as typeof recs;
    } catch {
      recs = [];
    }
    const lines = new ParsedLines();
    return recs.slice(0, n).map((r) => lines.row(r.record, r.info.lines));
  }
  const t = new CsvTokenizer(delimiter);
  const recs: CsvRecord[] = [];
  t.push(text, recs);
  if (complete) {
    try {
      t.end(recs);
    } catch (e) {
      if (!(e instanceof CsvQuoteError)) throw e;
    }
  }
  return recs.slice(0, n).map((r) => new CsvRow(r));
}

/** Open a CSV: sniff the delimiter from the first 64 KB of decoded text, then stream rows. */
export async function openCsv(
  path: string,
  enc: EncodingInfo,
  options: { delimiter?: Delimiter; quote?: Quote; onBytes?: (n: number) => void; hash?: ByteSink } = {},
): Promise<CsvSource> {
  let delimiter = options.delimiter;
  if (!delimiter) delimiter = sniffDelimiter((await readHeadText(path, enc)).text);
  const d = delimiter;
  const quote = options.quote ?? '"';
  async function* batches(): AsyncGenerator<RawRow[]> {
    if (quote !== '"') {
      yield* parsedBatches(path, enc, d, quote, options);
      return;
    }
    const tokenizer = new CsvTokenizer(d);
    const recs: CsvRecord[] = [];
    const toRows = (): RawRow[] => {
      const out: RawRow[] = new Array(recs.length);
      for (let i = 0; i < recs.length; i++) out[i] = new CsvRow(recs[i]!);
      recs.length = 0;
      return out;
    };
    try {
      for await (const chunk of decodedChunks(path, enc, options.onBytes, options.hash)) {
        // small batches: the rows of a batch die young (a scavenge), not in the old generation
        for (let at = 0; at < chunk.length; at += BATCH_CHARS) {
          tokenizer.push(at === 0 && chunk.length <= BATCH_CHARS ? chunk : chunk.slice(at, at + BATCH_CHARS), recs);
          if (recs.length > 0) yield toRows();
        }
      }
      tokenizer.end(recs);
      if (recs.length > 0) yield toRows();
    } catch (e) {
      if (e instanceof CsvQuoteError) {
        throw new SalesgradeError('input-format', e.message, { location: { file: path, line: e.line }, facts: { id: 'csv-quote', params: { line: e.line } } });
      }
      throw e;
    }
  }
  async function* rows(): AsyncGenerator<RawRow> {
    for await (const batch of batches()) yield* batch;
  }
  return { delimiter: d, rows, batches };
}

/**
 * The fallback for a dialect the tokenizer declines (a quote character other than `"`): csv-parse,
 * streaming, with the same options and line counting.
 */
async function* parsedBatches(
  path: string,
  enc: EncodingInfo,
  delimiter: Delimiter,
  quote: Quote,
  options: { onBytes?: (n: number) => void; hash?: ByteSink },
): AsyncGenerator<RawRow[]> {
  const parser = csvParse(csvParseOptions(delimiter, quote));
  const feed = (async () => {
    try {
      for await (const chunk of decodedChunks(path, enc, options.onBytes, options.hash)) {
        if (!parser.write(chunk)) await once(parser, 'drain');
      }
      parser.end();
    } catch (e) {
      parser.destroy(e as Error);
    }
  })();
  const lines = new ParsedLines();
  let batch: RawRow[] = [];
  try {
    for await (const r of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      batch.push(lines.row(r.record, r.info.lines));
      if (batch.length >= 256) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } catch (e) {
    const err = e as { code?: string; lines?: number; message?: string };
    if (typeof err.code === 'string' && err.code.startsWith('CSV_')) {
      throw templatedError('input-format', 'csv-unreadable', { reason: err.message ?? err.code, quote }, { location: { file: path, ...(err.lines ? { line: err.lines } : {}) } });
    }
    throw e;
  } finally {
    parser.destroy();
    await feed;
  }
}
