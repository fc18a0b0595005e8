/**
 * A batch of the data sheets' rows (`ReadOptions.rawOnly`: each row's place and values) packed into
 * typed arrays and one string, to cross from the reading worker (io/raw-rows-worker.ts) to the main
 * thread without a structured clone of each row's objects; `unpackRows` gives back the rows
 * `openExport` gave in the worker, value for value. test/unit/io/raw-rows-pack.test.ts round-trips
 * generated rows.
 */
import type { SourceRef } from '../engine/types.js';
import type { SourceValue } from '../shared/sheet-model.js';
import type { ReadRow } from './read-types.js';

// a value's kind
const K_NULL = 0;
const K_TEXT = 1;
const K_NUMBER = 2;
const K_TRUE = 3;
const K_FALSE = 4;
/** A number with its source's number format (`FormattedNumber`): the format by its index in `fmts`. */
const K_FORMATTED = 5;

export interface PackedRows {
  /** Each row's source row number. */
  rows: Float64Array;
  /** Each row's number of values; -1: the row has no values (`raw` absent). */
  widths: Int32Array;
  /** Each value's kind, row after row. */
  kinds: Uint8Array;
  /** A number's value (and a formatted number's), by value. */
  nums: Float64Array;
  /** A formatted number's format, as an index into the formats sent so far. */
  fmtOf: Int32Array;
  /** The texts, one after another, and where each ends. */
  text: string;
  ends: Int32Array;
  /** The formats first met in this batch (appended to those of the batches before). */
  fmts: string[];
  /** The rows' sheet (the same for every row of a reader), or undefined (a CSV). */
  sheet: string | undefined;
}

/** Packs batches of one reader, in order: a format's index holds for the batches after it. */
export class RowPacker {
  private readonly fmtIndex = new Map<string, number>();

  pack(batch: readonly ReadRow[]): PackedRows {
    const n = batch.length;
    let cells = 0;
    for (let i = 0; i < n; i++) cells += batch[i]!.raw?.length ?? 0;
    const rows = new Float64Array(n);
    const widths = new Int32Array(n);
    const kinds = new Uint8Array(cells);
    const nums = new Float64Array(cells);
    const fmtOf = new Int32Array(cells);
    const texts: string[] = [];
    const fmts: string[] = [];
    const sheet = n > 0 ? batch[0]!.source.sheet : undefined;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const row = batch[i]!;
      if (row.source.sheet !== sheet) throw new Error('raw rows: one reader gave rows of two sheets');
      rows[i] = row.source.row;
      const raw = row.raw;
      if (raw === undefined) {
        widths[i] = -1;
        continue;
      }
      widths[i] = raw.length;
      for (let j = 0; j < raw.length; j++, k++) {
        const v = raw[j];
        if (v === null || v === undefined) kinds[k] = K_NULL;
        else if (typeof v === 'string') {
          kinds[k] = K_TEXT;
          texts.push(v);
        } else if (typeof v === 'number') {
          kinds[k] = K_NUMBER;
          nums[k] = v;
        } else if (typeof v === 'boolean') kinds[k] = v ? K_TRUE : K_FALSE;
        else {
          kinds[k] = K_FORMATTED;
          nums[k] = v.n;
          let f = this.fmtIndex.get(v.fmt);
          if (f === undefined) {
            this.fmtIndex.set(v.fmt, (f = this.fmtIndex.size));
            fmts.push(v.fmt);
          }
          fmtOf[k] = f;
        }
      }
    }
    const ends = new Int32Array(texts.length);
    let at = 0;
    for (let t = 0; t < texts.length; t++) ends[t] = at += texts[t]!.length;
    return { rows, widths, kinds, nums, fmtOf, text: texts.join(''), ends, fmts, sheet };
  }
}

/** The buffers of a packed batch, to transfer rather than copy. */
export function transferList(p: PackedRows): ArrayBuffer[] {
  return [p.rows.buffer, p.widths.buffer, p.kinds.buffer, p.nums.buffer, p.fmtOf.buffer, p.ends.buffer] as ArrayBuffer[];
}

/** Unpacks the batches of one reader, in order (keeps the formats met so far). */
export class RowUnpacker {
  private readonly fmts: string[] = [];

  constructor(private readonly file: string) {}

  unpack(p: PackedRows): ReadRow[] {
    for (const f of p.fmts) this.fmts.push(f);
    const { rows, widths, kinds, nums, fmtOf, text, ends, sheet } = p;
    const fmts = this.fmts;
    const file = this.file;
    const n = rows.length;
    const out = new Array<ReadRow>(n);
    let k = 0;
    let t = 0;
    let from = 0;
    for (let i = 0; i < n; i++) {
      const source: SourceRef = sheet !== undefined ? { file, sheet, row: rows[i]! } : { file, row: rows[i]! };
      const w = widths[i]!;
      if (w < 0) {
        out[i] = { source };
        continue;
      }
      const raw = new Array<SourceValue>(w);
      for (let j = 0; j < w; j++, k++) {
        switch (kinds[k]) {
          case K_TEXT: {
            const to = ends[t++]!;
            raw[j] = text.slice(from, to);
            from = to;
            break;
          }
          case K_NUMBER:
            raw[j] = nums[k]!;
            break;
          case K_TRUE:
            raw[j] = true;
            break;
          case K_FALSE:
            raw[j] = false;
            break;
          case K_FORMATTED:
            raw[j] = { n: nums[k]!, fmt: fmts[fmtOf[k]!]! };
            break;
          default:
            raw[j] = null;
        }
      }
      out[i] = { source, raw };
    }
    return out;
  }
}
