/**
 * CSV/TSV rows through csv-parse, with line numbers counted here: csv-parse's own line counter is off
 * inside quoted fields that hold CRLF, and messages must name the real line in the file.
 */
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { SalesgradeError } from '../shared/errors.js';
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
    const header = Math.max(0, ...per);
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

function countNewlines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (s.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

/** Where each field of a raw record starts, 1-based [line, col]. */
function fieldPositions(raw: string, delimiter: string, startLine: number): [number, number][] {
  const out: [number, number][] = [[startLine, 1]];
  let line = startLine;
  let col = 1;
  let inQuotes = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === '\n' || (ch === '\r' && raw[i + 1] !== '\n')) {
      if (!inQuotes) break;
      line++;
      col = 0;
    } else if (!inQuotes && ch === delimiter) out.push([line, col + 1]);
    col++;
  }
  return out;
}

export interface CsvSource {
  delimiter: Delimiter;
  rows(): AsyncGenerator<RawRow>;
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
  async function* rows(): AsyncGenerator<RawRow> {
    const parser = parse({
      delimiter: d,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      raw: true,
      bom: false,
    });
    Readable.from(decodedChunks(path, enc, options.onBytes)).on('error', (e) => parser.destroy(e)).pipe(parser);
    let line = 1;
    try {
      for await (const rec of parser as AsyncIterable<{ record: string[]; raw: string }>) {
        const values = rec.record;
        const cells: (RawCell | undefined)[] = new Array(values.length);
        let inner = 0;
        for (let i = 0; i < values.length; i++) {
          const v = values[i]!;
          if (v !== '') cells[i] = { t: 's', v };
          if (v.length > 0 && (v.includes('\n') || v.includes('\r'))) inner += countNewlines(v);
        }
        const row: RawRow = { row: line, cells, width: values.length };
        // without quotes, a field starts one delimiter after the previous one ends
        if (rec.raw.indexOf('"') < 0) {
          const pos: [number, number][] = new Array(values.length);
          let col = 1;
          for (let i = 0; i < values.length; i++) {
            pos[i] = [line, col];
            col += values[i]!.length + 1;
          }
          row.positions = pos;
        } else row.positions = fieldPositions(rec.raw, d, line);
        yield row;
        line += inner + 1;
      }
    } catch (e) {
      if (e instanceof SalesgradeError) throw e;
      const err = e as CsvError;
      const msg = err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? `a quoted field opened on line ${line} is never closed`
        : `cannot parse the CSV near line ${line}: ${err.message}`;
      throw new SalesgradeError('input-format', msg, { location: { file: path, line } });
    }
  }
  return { delimiter: d, rows };
}
