/**
 * The MetricTable's cells, stored by column (issue 11: 10,000 reps × 36 months × 7 metrics in well under
 * 500 MB). A cell — one rep × period — is a small integer; what its accumulators hold lives in the
 * store, not in an object per accumulator:
 *
 * - every number in one Float64Array chunk of 4,096 cells: per base metric its row count (stored as
 *   rows + 1, so 0 means "no accumulator": a metric no row of the cell was placed in and passed the
 *   `where` of allocates nothing), and for a sum or an average its exact sum's integer part
 *   (`ExactSum.cents`, ten-thousandths as a safe integer);
 * - a sum's Decimal part (a value with more than four decimals, or a partial sum flushed past 2^52) in
 *   a Map by cell, as few cells have one;
 * - per distinct metric a Set per cell, created with its first value; per min / max metric the value;
 *   the sampled source rows only when rows are sampled.
 *
 * 10,000 reps × 36 months × 6 base metrics: 2.2 M accumulator objects of 80 bytes and 360,000 cell
 * arrays of 104 bytes were 210 MB; as columns they are 23 MB.
 *
 * Readers see accumulators as before: `PeriodCells.get(label)` returns the cell as an array of `Acc`
 * (undefined where there is none), built when read — short-lived objects of the same shape `newAcc`
 * makes. They are read-only views: writing to one changes nothing in the table. Only the aggregator
 * writes (`open`, `feed`), and `put` copies an `Acc` in (a table read from JSON or a warehouse).
 */
import type { Decimal } from 'decimal.js';
import type { FieldValue, SourceRef } from './types.js';
import { addExact, type ExactSum } from '../shared/scaled.js';
import { ZERO } from './decimal.js';
import { SalesgradeError } from '../shared/errors.js';
import { compareSource, detach, NO_SAMPLE, numeric, type Acc, type CompiledMetric } from './metrics.js';

/** Cells per chunk of numbers (a power of two). */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;

/** Distinct values interned per store (see `CellStore.interned`). */
const INTERNED = 1 << 16;

/** A column lent by another store (`diff`: a metric both rubrics define alike, aggregated once). */
interface Borrowed {
  store: CellStore;
  /** The lender's metric index. */
  index: number;
  /** Per cell of this store, the lender's cell of the same rep and period, or -1. */
  cells: Int32Array;
}

/** Objects the store holds beyond its number chunks (what the density test counts). */
export interface CellCensus {
  cells: number;
  /** Accumulators (cell × metric with one), borrowed ones not counted. */
  accumulators: number;
  sets: number;
  decimals: number;
  extremes: number;
  samples: number;
}

/**
 * `pushSample` without changing `sample`: the same array when the row is not kept, else a new one of
 * exactly the new length (sorted by source, at most `limit`).
 */
export function withSample(sample: SourceRef[], s: SourceRef, limit: number): SourceRef[] {
  if (limit <= 0) return sample;
  if (sample.length >= limit) {
    const last = sample[sample.length - 1]!;
    if (s.row >= last.row && s.file === last.file && s.sheet === last.sheet) return sample;
    if (compareSource(s, last) >= 0) return sample;
  }
  let at = sample.length;
  while (at > 0 && compareSource(s, sample[at - 1]!) < 0) at--;
  const n = Math.min(sample.length + 1, limit);
  const out = new Array<SourceRef>(n);
  for (let k = 0, from = 0; k < n; k++) out[k] = k === at ? s : sample[from++]!;
  return out;
}

/** What a metric's column holds. */
const RATIO = 0;
const COUNT = 1;
const SUM = 2; // sum and avg: rows and the exact sum
const DISTINCT = 3;
const MIN = 4;
const MAX = 5;

/** The most rows a cell can count (rows + 1 is kept in an Int32Array). */
const MAX_ROWS = 0x7ffffffe;

export class CellStore {
  private readonly metrics: readonly CompiledMetric[];
  private readonly kind: Uint8Array;
  /** Per metric index: the offset of its row count in a cell's counts (-1 for a ratio). */
  private readonly rowSlot: Int32Array;
  /** Per metric index: the offset of its exact sum's integer part in a cell's cents (sum, avg), else -1. */
  private readonly centsSlot: Int32Array;
  private readonly rowStride: number;
  private readonly centsStride: number;
  /** Per chunk of cells: per cell and base metric, rows + 1 (0: no accumulator). Int32: read back as small integers. */
  private readonly counts: Int32Array[] = [];
  /** Per chunk of cells: per cell and sum / avg metric, `ExactSum.cents`. */
  private readonly cents: Float64Array[] = [];
  /** Per metric index: the Decimal parts of sums, by cell (sum, avg). */
  private readonly decimals: (Map<number, Decimal> | null)[];
  /** Per metric index: a distinct metric's value sets, by cell. */
  private readonly sets: ((Set<string> | undefined)[] | null)[];
  /** Per metric index: a min or max metric's value, by cell. */
  private readonly extremes: ((Decimal | null | undefined)[] | null)[];
  /** Per metric index: the sampled source rows, by cell (only when rows are sampled, or put with samples). */
  private readonly samples: ((SourceRef[] | undefined)[] | null)[];
  /** The object columns above that exist (each gets a slot per cell). */
  private readonly objectColumns: unknown[][];
  private readonly borrowed: (Borrowed | null)[];
  private anyBorrowed = false;
  private n = 0;
  /**
   * Distinct values, one string each: a customer named in many cells is kept once, not once per cell
   * (9 customer names were 75,000 strings at 10,000 reps). Up to `INTERNED` values; past that (a column
   * of ids) values are kept as they come, as the map would cost more than it saves.
   */
  private readonly interned = new Map<string, string>();
  /** The last sample made by `feed`: from which array, for which row and cell (shared when the next is the same). */
  private readonly lastSample: { source: SourceRef | null; cell: number; before: SourceRef[]; after: SourceRef[] } = { source: null, cell: -1, before: NO_SAMPLE, after: NO_SAMPLE };
  /**
   * The greatest source `feed` was given with a sample limit (`sampleBound`), while every sample in the
   * store is `feed`'s own made with that one limit (`samplesByFeed`): a cell's sample then holds
   * min(rows, limit) sources, none after this one. A row at or after it cannot enter a full sample, so
   * `feed` skips the sample's array (and its last source, both cache misses per row × metric) for it.
   * `put`, `drop`, `release` or a second limit end the shortcut; `reference` never takes it (the twin).
   */
  private sampleBound: SourceRef | null = null;
  private sampleBoundLimit = 0;
  private samplesByFeed: boolean;
  /** (`addExact` works on an `ExactSum`: one reused, so that a row allocates nothing.) */
  private readonly scratch: ExactSum = { sum: ZERO, cents: 0 };

  /** `samples`: keep the sampled source rows (an aggregator with `sampleRows` > 0, a table read from JSON). */
  constructor(metrics: readonly CompiledMetric[], samples: boolean, reference = false) {
    this.metrics = metrics;
    this.samplesByFeed = !reference;
    this.kind = Uint8Array.from(metrics, (m) =>
      m.ratio ? RATIO : m.agg === 'count' ? COUNT : m.agg === 'sum' || m.agg === 'avg' ? SUM : m.agg === 'distinct' ? DISTINCT : m.agg === 'min' ? MIN : m.agg === 'max' ? MAX : RATIO,
    );
    this.rowSlot = new Int32Array(metrics.length).fill(-1);
    this.centsSlot = new Int32Array(metrics.length).fill(-1);
    let rows = 0;
    let cents = 0;
    for (const m of metrics) {
      if (this.kind[m.index] === RATIO) continue;
      this.rowSlot[m.index] = rows++;
      if (this.kind[m.index] === SUM) this.centsSlot[m.index] = cents++;
    }
    this.rowStride = rows;
    this.centsStride = cents;
    this.decimals = metrics.map((m) => (this.kind[m.index] === SUM ? new Map() : null));
    this.sets = metrics.map((m) => (this.kind[m.index] === DISTINCT ? [] : null));
    this.extremes = metrics.map((m) => (this.kind[m.index] === MIN || this.kind[m.index] === MAX ? [] : null));
    this.samples = metrics.map((m) => (this.kind[m.index] !== RATIO && samples ? [] : null));
    this.objectColumns = ([...this.sets, ...this.extremes, ...this.samples] as (unknown[] | null)[]).filter((c): c is unknown[] => c !== null);
    this.borrowed = metrics.map(() => null);
  }

  /** Cells so far. */
  get size(): number {
    return this.n;
  }

  /** A new cell, with no accumulator. */
  newCell(): number {
    const c = this.n++;
    if ((c & CHUNK_MASK) === 0) {
      this.counts.push(new Int32Array(CHUNK * this.rowStride));
      if (this.centsStride > 0) this.cents.push(new Float64Array(CHUNK * this.centsStride));
    }
    // Object columns stay packed arrays (one slot per cell), never sparse.
    for (const col of this.objectColumns) col.push(undefined);
    return c;
  }

  /** Whether metric `i` has an accumulator in `cell` (a borrowed metric: in the lender's cell). */
  has(cell: number, i: number): boolean {
    const b = this.borrowed[i];
    if (b) {
      const c = cell < b.cells.length ? b.cells[cell]! : -1;
      return c >= 0 && b.store.has(c, b.index);
    }
    const rs = this.rowSlot[i]!;
    return rs >= 0 && this.counts[cell >>> CHUNK_BITS]![(cell & CHUNK_MASK) * this.rowStride + rs]! !== 0;
  }

  /** Create metric `i`'s accumulator in `cell` (no rows yet) if it has none; true when it was created. */
  open(cell: number, i: number): boolean {
    const counts = this.counts[cell >>> CHUNK_BITS]!;
    const o = (cell & CHUNK_MASK) * this.rowStride + this.rowSlot[i]!;
    if (counts[o] !== 0) return false;
    counts[o] = 1;
    return true;
  }

  /**
   * Feed one row's value into metric `m`'s (open) accumulator in `cell`: `metrics.feed` on the columns.
   * False when the row does not count for the metric (an empty or non-numeric value for sum / avg / min /
   * max, an empty value for distinct).
   */
  feed(cell: number, m: CompiledMetric, fields: Record<string, FieldValue>, source: SourceRef, sampleLimit: number): boolean {
    const i = m.index;
    switch (this.kind[i]) {
      case COUNT:
        break;
      case DISTINCT: {
        const v = fields[m.field!];
        if (v === null || v === undefined) return false;
        const key = typeof v === 'string' ? v.trim() : v.toString();
        if (key === '') return false;
        const sets = this.sets[i]!;
        let set = sets[cell];
        if (set === undefined) sets[cell] = set = new Set();
        if (!set.has(key)) set.add(this.intern(key));
        break;
      }
      case SUM: {
        const v = numeric(fields[m.field!]);
        if (v === null) return false;
        const decimals = this.decimals[i]!;
        const cents = this.cents[cell >>> CHUNK_BITS]!;
        const o = (cell & CHUNK_MASK) * this.centsStride + this.centsSlot[i]!;
        const s = this.scratch;
        const before = decimals.size === 0 ? ZERO : (decimals.get(cell) ?? ZERO);
        s.sum = before;
        s.cents = cents[o]!;
        addExact(s, v);
        cents[o] = s.cents;
        if (s.sum !== before) decimals.set(cell, s.sum);
        s.sum = ZERO;
        break;
      }
      default: {
        const v = numeric(fields[m.field!]);
        if (v === null) return false;
        const ext = this.extremes[i]!;
        const cur = ext[cell] ?? null;
        if (cur === null || (m.agg === 'min' ? v.lt(cur) : v.gt(cur))) ext[cell] = v;
      }
    }
    const counts = this.counts[cell >>> CHUNK_BITS]!;
    const o = (cell & CHUNK_MASK) * this.rowStride + this.rowSlot[i]!;
    const r = counts[o]!;
    if (r > MAX_ROWS) throw new SalesgradeError('internal', `metric ${m.id}: more than ${MAX_ROWS.toLocaleString('en-US')} rows in one rep's period`);
    counts[o] = r + 1;
    // r - 1 rows before this one: a full sample when at least the limit (see `sampleBound`).
    if (sampleLimit > 0 && !(this.atOrAfterEverySample(source, sampleLimit) && r - 1 >= sampleLimit)) {
      // Copied on change, exactly as long as it is (an array grown by push keeps 17 slots: ~150 bytes per
      // cell × metric); a row sampled into several metrics of a cell that held the same rows before is
      // one array for all of them (a count and a sum over one filter).
      const samples = this.samples[i]!;
      const before = samples[cell] ?? NO_SAMPLE;
      const last = this.lastSample;
      if (last.source === source && last.cell === cell && last.before === before) samples[cell] = last.after;
      else {
        const after = withSample(before, source, sampleLimit);
        if (after !== before) samples[cell] = after;
        last.source = source;
        last.cell = cell;
        last.before = before;
        last.after = after;
      }
    }
    return true;
  }

  /**
   * Whether `source` comes at or after every source any sample holds (and becomes the bound); false
   * once the shortcut is off (`samplesByFeed`). Rows are fed in read order, so this is one comparison
   * of the row's source object with the bound's for all its metrics, and three fields for a new row.
   */
  private atOrAfterEverySample(source: SourceRef, limit: number): boolean {
    if (!this.samplesByFeed) return false;
    const b = this.sampleBound;
    if (b === source) return true;
    if (b === null) {
      this.sampleBound = source;
      this.sampleBoundLimit = limit;
      return true;
    }
    if (limit !== this.sampleBoundLimit) {
      this.samplesByFeed = false;
      return false;
    }
    if ((source.file === b.file && source.sheet === b.sheet && source.row >= b.row) || compareSource(source, b) >= 0) {
      this.sampleBound = source;
      return true;
    }
    return false;
  }

  private intern(s: string): string {
    const hit = this.interned.get(s);
    if (hit !== undefined) return hit;
    const d = detach(s);
    if (this.interned.size < INTERNED) this.interned.set(d, d);
    return d;
  }

  /** Copy an accumulator into metric `i` of `cell` (a table read from JSON or from a warehouse). */
  put(cell: number, i: number, acc: Acc): void {
    const k = this.kind[i]!;
    if (k === RATIO) return;
    this.samplesByFeed = false;
    if (acc.rows > MAX_ROWS || acc.rows < 0 || !Number.isInteger(acc.rows)) throw new SalesgradeError('input-format', `metric ${this.metrics[i]!.id}: ${acc.rows} rows in one cell`);
    this.counts[cell >>> CHUNK_BITS]![(cell & CHUNK_MASK) * this.rowStride + this.rowSlot[i]!] = acc.rows + 1;
    if (k === SUM) {
      this.cents[cell >>> CHUNK_BITS]![(cell & CHUNK_MASK) * this.centsStride + this.centsSlot[i]!] = acc.cents;
      if (!acc.sum.isZero()) this.decimals[i]!.set(cell, acc.sum);
    }
    if (k === DISTINCT && acc.set && acc.set.size > 0) this.sets[i]![cell] = acc.set;
    if (k === MIN) this.extremes[i]![cell] = acc.min;
    if (k === MAX) this.extremes[i]![cell] = acc.max;
    if (acc.sample.length > 0) {
      const samples = this.samples[i];
      if (samples) samples[cell] = acc.sample;
    }
  }

  /** Metric `i`'s accumulator in `cell` as an `Acc` (a new read-only view), or undefined when it has none. */
  acc(cell: number, i: number): Acc | undefined {
    if (this.anyBorrowed) {
      const b = this.borrowed[i];
      if (b) {
        const c = cell < b.cells.length ? b.cells[cell]! : -1;
        return c < 0 ? undefined : b.store.acc(c, b.index);
      }
    }
    const k = this.kind[i]!;
    if (k === RATIO) return undefined;
    const r = this.counts[cell >>> CHUNK_BITS]![(cell & CHUNK_MASK) * this.rowStride + this.rowSlot[i]!]!;
    if (r === 0) return undefined;
    const samples = this.samples[i];
    const sample = samples ? (samples[cell] ?? NO_SAMPLE) : NO_SAMPLE;
    // The literals' keys in `newAcc`'s order: one hidden class for every accumulator a reader sees.
    switch (k) {
      case COUNT:
        return { rows: r - 1, sum: ZERO, cents: 0, min: null, max: null, set: null, sample };
      case SUM: {
        const decimals = this.decimals[i]!;
        const cents = this.cents[cell >>> CHUNK_BITS]![(cell & CHUNK_MASK) * this.centsStride + this.centsSlot[i]!]!;
        return { rows: r - 1, sum: decimals.size === 0 ? ZERO : (decimals.get(cell) ?? ZERO), cents, min: null, max: null, set: null, sample };
      }
      case DISTINCT:
        return { rows: r - 1, sum: ZERO, cents: 0, min: null, max: null, set: this.sets[i]![cell] ?? null, sample };
      case MIN:
        return { rows: r - 1, sum: ZERO, cents: 0, min: this.extremes[i]![cell] ?? null, max: null, set: null, sample };
      default:
        return { rows: r - 1, sum: ZERO, cents: 0, min: null, max: this.extremes[i]![cell] ?? null, set: null, sample };
    }
  }

  /** Every metric's accumulator in `cell`, by metric index (a new array of views). */
  view(cell: number): (Acc | undefined)[] {
    const out = new Array<Acc | undefined>(this.metrics.length);
    for (let i = 0; i < out.length; i++) out[i] = this.acc(cell, i);
    return out;
  }

  /**
   * Where metric `i`'s accumulator in `cell` is kept — this store's cell, or the lender's for a borrowed
   * metric — or undefined when it has none: an accumulator's identity (tests: a borrowed column is the
   * lender's accumulators, not a copy).
   */
  origin(cell: number, i: number): { store: CellStore; cell: number; index: number } | undefined {
    const b = this.borrowed[i];
    if (b) {
      const c = cell < b.cells.length ? b.cells[cell]! : -1;
      return c < 0 ? undefined : b.store.origin(c, b.index);
    }
    return this.has(cell, i) ? { store: this, cell, index: i } : undefined;
  }

  /** Metric `i` of this store reads `lender`'s metric `index`, at `cells[cell]` (set again as cells are added). */
  lend(i: number, lender: CellStore, index: number, cells: Int32Array): void {
    this.borrowed[i] = { store: lender, index, cells };
    this.anyBorrowed = true;
  }

  /** What the store holds (tests: a metric with no row in a cell allocates nothing). */
  /**
   * Lets go of what `cell` holds beyond numbers (its sets, extremes, samples, Decimal parts): `score`
   * consuming the table frees each rep's cells once the rep is graded. The cell reads as empty after.
   */
  drop(cell: number): void {
    this.samplesByFeed = false;
    for (const c of this.objectColumns) if (c[cell] !== undefined) c[cell] = undefined;
    for (const d of this.decimals) if (d !== null && d.size > 0) d.delete(cell);
  }

  /**
   * Drops every cell (the aggregator's `release`, once the table was scored for the last time): the
   * chunks of numbers and the object columns go; the store holds no cell after it.
   */
  release(): void {
    this.counts.length = 0;
    this.cents.length = 0;
    for (const d of this.decimals) d?.clear();
    for (const c of this.objectColumns) c.length = 0;
    this.borrowed.fill(null);
    this.anyBorrowed = false;
    this.interned.clear();
    this.samplesByFeed = false;
    this.n = 0;
  }

  census(): CellCensus {
    let accumulators = 0;
    for (let c = 0; c < this.n; c++) for (const m of this.metrics) if (!m.ratio && !this.borrowed[m.index] && this.has(c, m.index)) accumulators++;
    const live = (cols: ((unknown[] | null)[])): number => cols.reduce((k, col) => k + (col ? col.filter((x) => x !== undefined && x !== null).length : 0), 0);
    return {
      cells: this.n,
      accumulators,
      sets: live(this.sets),
      decimals: this.decimals.reduce((k, d) => k + (d ? d.size : 0), 0),
      extremes: live(this.extremes),
      samples: live(this.samples),
    };
  }
}

/**
 * One rep's cells: period label → cell. Reads as a `ReadonlyMap` of period label → accumulators by
 * metric index (`get`, iteration), whose arrays are views built when read (see the file's comment).
 */
export class PeriodCells implements Iterable<[string, (Acc | undefined)[]]> {
  readonly store: CellStore;
  /**
   * Most reps have rows in one period of an export: its label and cell are kept inline, and a Map made
   * for a second period (a Map per rep was ~200 bytes of a 61,000-rep table's ~3.7 KB per rep).
   */
  private label: string | undefined;
  private only = -1;
  private ids: Map<string, number> | undefined;

  constructor(store: CellStore) {
    this.store = store;
  }

  get size(): number {
    return this.ids !== undefined ? this.ids.size : this.label !== undefined ? 1 : 0;
  }

  has(label: string): boolean {
    return this.cell(label) !== undefined;
  }

  /** The period's cell, or undefined. */
  cell(label: string): number | undefined {
    if (this.ids !== undefined) return this.ids.get(label);
    return this.label === label ? this.only : undefined;
  }

  /** A new cell for the period (it has none: see `cell`). */
  add(label: string): number {
    const c = this.store.newCell();
    if (this.ids !== undefined) this.ids.set(label, c);
    else if (this.label === undefined) {
      this.label = label;
      this.only = c;
    } else {
      this.ids = new Map([[this.label, this.only], [label, c]]);
      this.label = undefined;
      this.only = -1;
    }
    return c;
  }

  /** The period's accumulators by metric index (a new array of read-only views), or undefined. */
  get(label: string): (Acc | undefined)[] | undefined {
    const c = this.cell(label);
    return c === undefined ? undefined : this.store.view(c);
  }

  keys(): IterableIterator<string> {
    return this.ids !== undefined ? this.ids.keys() : (this.label !== undefined ? [this.label] : []).values();
  }

  /** Period label → cell, in insertion order. */
  cells(): IterableIterator<[string, number]> {
    return this.ids !== undefined ? this.ids.entries() : (this.label !== undefined ? [[this.label, this.only] as [string, number]] : []).values();
  }

  *values(): IterableIterator<(Acc | undefined)[]> {
    for (const [, c] of this.cells()) yield this.store.view(c);
  }

  *entries(): IterableIterator<[string, (Acc | undefined)[]]> {
    for (const [l, c] of this.cells()) yield [l, this.store.view(c)];
  }

  [Symbol.iterator](): IterableIterator<[string, (Acc | undefined)[]]> {
    return this.entries();
  }
}
