/**
 * CSV/TSV rows through the hand-written tokenizer (csv-tokenizer.ts), with the real line and column
 * of every record and field, delivered a decoded chunk at a time.
 */
import { SalesgradeError } from '../shared/errors.js';
import { CsvQuoteError, CsvTokenizer, type CsvRecord } from './csv-tokenizer.js';
import { decodedChunks, type EncodingInfo } from './decode.js';
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
  }

  get positions(): [number, number][] {
    if (this.pos === undefined) {
      const { cols, lines, row } = this;
      this.pos = cols.map((c, i) => [lines ? lines[i]! : row, c]);
    }
    return this.pos;
  }
}

/** Open a CSV: sniff the delimiter from the first 64 KB of decoded text, then stream rows. */
export async function openCsv(
  path: string,
  enc: EncodingInfo,
  options: { delimiter?: Delimiter; onBytes?: (n: number) => void } = {},
): Promise<CsvSource> {
  let delimiter = options.delimiter;
  if (!delimiter) {
    let head = '';
    for await (const chunk of decodedChunks(path, enc)) {
      head += chunk;
      if (head.length >= 65_536) break;
    }
    delimiter = sniffDelimiter(head);
  }
  const d = delimiter;
  async function* batches(): AsyncGenerator<RawRow[]> {
    const tokenizer = new CsvTokenizer(d);
    const recs: CsvRecord[] = [];
    const toRows = (): RawRow[] => {
      const out: RawRow[] = new Array(recs.length);
      for (let i = 0; i < recs.length; i++) out[i] = new CsvRow(recs[i]!);
      recs.length = 0;
      return out;
    };
    try {
      for await (const chunk of decodedChunks(path, enc, options.onBytes)) {
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
        throw new SalesgradeError('input-format', e.message, { location: { file: path, line: e.line } });
      }
      throw e;
    }
  }
  async function* rows(): AsyncGenerator<RawRow> {
    for await (const batch of batches()) yield* batch;
  }
  return { delimiter: d, rows, batches };
}
