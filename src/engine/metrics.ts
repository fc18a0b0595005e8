/**
 * Metric accumulators: one per rep × period × (non-ratio) metric, updated per row in O(1) (plus a
 * set insert for `distinct`). Ratios are derived from the two metrics' values when read. Memory grows
 * with reps × periods × metrics (and the distinct values), never with rows. A MetricTable keeps its
 * accumulators by column (engine/cell-store.ts) and hands readers `Acc` views; an `Acc` object is what
 * roll-ups merge into and what `feed` below updates (the reference the column store is tested against).
 */
import { defaultMetricUnit } from '../shared/metric-unit.js';
import type { Decimal } from 'decimal.js';
import { SalesgradeError } from '../shared/errors.js';
import type { FieldValue, SourceRef } from './types.js';
import { addExact, exactValue, mergeExact, type ExactSum } from '../shared/scaled.js';
import { D, ZERO } from './decimal.js';
import { div, isZero, rat, type Rational } from '../shared/rational.js';
import { aggregateOf, fieldOf, type Aggregate, type MetricShape, type RubricShape } from './rubric-shape.js';
import { compileWhere, type Predicate } from './where.js';
import { compareSource } from './source-order.js';

export interface CompiledMetric {
  id: string;
  index: number;
  agg: Aggregate;
  /** Aggregated field (sum/distinct/avg/min/max). */
  field?: string;
  /** Date field that places a row in a period (non-ratio metrics). */
  dateField: string;
  where: Predicate | null;
  def: MetricShape;
  /** For ratios: metric indices of numerator and denominator. */
  ratio?: [number, number];
  /** Display unit. */
  unit: 'money' | 'count' | 'percent' | 'number' | 'score';
}

/**
 * A distinct count known only as a number: a warehouse MetricTable's cell (engine/sql/to-table.ts) holds
 * each level's count, not the values. It stands for `size` values that no other cell of its table
 * holds, so a union of such cells (a roll-up) has the sum of their sizes. No value is made: the 1M-row
 * bench's 2,000 rep cells were 90,000 placeholder texts in Sets, unioned again into every team, region
 * and the company (~40 CPU-ms of the run's grading). Not iterable: code that reads the values of a set
 * must handle it (there are none to read), never see an empty one.
 */
export class CountedValues {
  constructor(readonly size: number) {}
}

/** A distinct metric's values in one accumulator: the values, or only their count (a warehouse table). */
export type DistinctValues = Set<string> | CountedValues;

export interface Acc extends ExactSum {
  /** Rows that fed the metric (for sum and avg: the non-empty values, as an empty value feeds nothing). */
  rows: number;
  /* `sum + cents / 10^4` is the exact sum (shared/scaled.ts): values with up to four decimals add up as safe integers. */
  min: Decimal | null;
  max: Decimal | null;
  set: DistinctValues | null;
  /** The first rows by source position (file, sheet, row): independent of input order. */
  sample: SourceRef[];
}

/**
 * The sample of an accumulator no row was sampled into: one shared, frozen array (an empty array per
 * accumulator is 32 bytes × rep × period × metric — 80 MB for 10,000 reps × 36 months × 7 metrics).
 */
export const NO_SAMPLE: SourceRef[] = Object.freeze([]) as unknown as SourceRef[];

export function newAcc(agg: Aggregate): Acc {
  return { rows: 0, sum: ZERO, cents: 0, min: null, max: null, set: agg === 'distinct' ? new Set() : null, sample: NO_SAMPLE };
}

/**
 * An accumulator that roll-ups merge members' cells into: the same fields as `newAcc`'s, but its own
 * hidden class. A group's sums outgrow small integers (`cents` above 2^31 becomes a double); in V8 that
 * changes the field's representation for every object of the class, and the table's millions of cells
 * would each be migrated (and their `cents` boxed) the next time they are read.
 */
class GroupAcc implements Acc {
  rows = 0;
  sum: Decimal = ZERO;
  cents = 0;
  min: Decimal | null = null;
  max: Decimal | null = null;
  set: DistinctValues | null;
  sample: SourceRef[] = NO_SAMPLE;
  constructor(agg: Aggregate) {
    this.set = agg === 'distinct' ? new Set() : null;
  }
}

/** An empty accumulator for a roll-up to merge into (see GroupAcc). */
export function newGroupAcc(agg: Aggregate): Acc {
  return new GroupAcc(agg);
}

const NUMERIC_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A numeric field value as a Decimal; empty or non-numeric → null. */
export function numeric(v: FieldValue | undefined): Decimal | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') return v;
  const t = v.trim();
  return NUMERIC_RE.test(t) ? new D(t) : null;
}

/** The exact sum of an accumulator (as sequential Decimal additions give it: 40 digits). */
export const accSum: (acc: Acc) => Decimal = exactValue;

export { compareSource };

/**
 * A copy of a string that does not keep the text it was cut from alive. A reader's values are slices of
 * the chunk they were read from; one kept for the whole run (a distinct value, a rep name) would keep
 * that whole chunk, and with a value from most chunks, most of the file.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

/** Keep the `limit` smallest sources, sorted. */
export function pushSample(sample: SourceRef[], s: SourceRef, limit: number): void {
  if (limit <= 0) return;
  if (sample.length >= limit) {
    const last = sample[sample.length - 1]!;
    // rows come in file order: the common case, decided without the full comparison
    if (s.row >= last.row && s.file === last.file && s.sheet === last.sheet) return;
    if (compareSource(s, last) >= 0) return;
  }
  let i = sample.length;
  while (i > 0 && compareSource(s, sample[i - 1]!) < 0) i--;
  sample.splice(i, 0, s);
  if (sample.length > limit) sample.pop();
}

/**
 * Feed one row's value into an accumulator (`CellStore.feed` does the same on the table's columns; tested
 * alike in test/unit/engine/cell-store.test.ts). Returns false when the row does not count for the metric
 * (an empty or non-numeric value for sum/avg/min/max, an empty value for distinct).
 */
export function feed(acc: Acc, m: CompiledMetric, fields: Record<string, FieldValue>, source: SourceRef, sampleLimit: number): boolean {
  switch (m.agg) {
    case 'count':
      break;
    case 'distinct': {
      const v = fields[m.field!];
      if (v === null || v === undefined) return false;
      const key = typeof v === 'string' ? v.trim() : v.toString();
      if (key === '') return false;
      const set = acc.set!;
      if (set instanceof CountedValues) throw new SalesgradeError('internal', `metric ${m.id}: a row fed into a warehouse table's distinct count`);
      if (!set.has(key)) set.add(detach(key));
      break;
    }
    default: {
      const v = numeric(fields[m.field!]);
      if (v === null) return false;
      if (m.agg === 'sum' || m.agg === 'avg') {
        addExact(acc, v);
      } else if (m.agg === 'min') {
        if (acc.min === null || v.lt(acc.min)) acc.min = v;
      } else if (acc.max === null || v.gt(acc.max)) acc.max = v;
    }
  }
  acc.rows++;
  if (sampleLimit > 0) {
    if (acc.sample === NO_SAMPLE) acc.sample = [];
    pushSample(acc.sample, source, sampleLimit);
  }
  return true;
}

/** Merge accumulators (roll-ups): sums add, min/max combine, distinct is the union. */
export function mergeAcc(into: Acc, from: Acc): void {
  into.rows += from.rows;
  // Integer parts add as integers (no Decimal per merge: a company of 60,000 reps merges 600,000 times).
  mergeExact(into, from);
  if (from.min !== null && (into.min === null || from.min.lt(into.min))) into.min = from.min;
  if (from.max !== null && (into.max === null || from.max.gt(into.max))) into.max = from.max;
  if (into.set && from.set) into.set = unionInto(into.set, from.set);
}

/**
 * `into ∪ from`, into `into` when it holds values. Counted cells hold values no other cell holds: their
 * union is the sum of the counts (an empty Set of values adds nothing). Values and a count cannot be
 * told apart from each other (is a value among the counted ones?): refused, never guessed.
 */
function unionInto(into: DistinctValues, from: DistinctValues): DistinctValues {
  if (from instanceof CountedValues || into instanceof CountedValues) {
    if (into.size === 0) return from instanceof CountedValues ? from : new Set(from);
    if (from.size === 0) return into;
    if (into instanceof CountedValues && from instanceof CountedValues) return new CountedValues(into.size + from.size);
    throw new SalesgradeError('internal', 'a union of distinct values and a warehouse table\'s distinct count');
  }
  for (const v of from) into.add(v);
  return into;
}

/**
 * Counts as Decimals, shared: Decimals are immutable, and every rep's count and distinct values (one
 * per metric, kept in its KpiResults and traces) were each a new object of ~150 bytes.
 */
const SMALL_COUNTS: Decimal[] = Array.from({ length: 1024 }, (_, i) => new D(i));

function countValue(n: number): Decimal {
  return n < SMALL_COUNTS.length ? SMALL_COUNTS[n]! : new D(n);
}

/** The value of a non-ratio metric from its accumulator; null = no value. */
export function accValue(m: CompiledMetric, acc: Acc | undefined): Decimal | null {
  switch (m.agg) {
    case 'sum':
      return acc ? accSum(acc) : ZERO;
    case 'count':
      return countValue(acc ? acc.rows : 0);
    case 'distinct':
      return countValue(acc?.set ? acc.set.size : 0);
    case 'avg':
      return acc && acc.rows > 0 ? accSum(acc).div(acc.rows) : null;
    case 'min':
      return acc?.min ? new D(acc.min) : null;
    case 'max':
      return acc?.max ? new D(acc.max) : null;
    default:
      return null;
  }
}

/** Ratio from the parts; a zero or missing denominator (or missing numerator) gives no value. */
export function ratioValue(num: Decimal | null, den: Decimal | null): Decimal | null {
  if (num === null || den === null || den.isZero()) return null;
  return new D(num).div(den);
}

function defaultUnit(agg: Aggregate, field: string | undefined, rubric: RubricShape): CompiledMetric['unit'] {
  const spec = field === undefined ? undefined : rubric.source.fields[field];
  return defaultMetricUnit(agg, spec === undefined ? undefined : Array.isArray(spec) ? 'text' : (spec as { type: string }).type);
}

/**
 * Compile the rubric's metrics in a stable order (sorted by id), ratios checked to refer to known
 * metrics without cycles. Ratios of ratios are allowed (evaluated in dependency order).
 */
export function compileMetrics(rubric: RubricShape): CompiledMetric[] {
  const ids = Object.keys(rubric.metrics).sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const out = ids.map((id, i): CompiledMetric => {
    const def = rubric.metrics[id]!;
    const agg = aggregateOf(def);
    const field = fieldOf(def);
    const m: CompiledMetric = {
      id,
      index: i,
      agg,
      dateField: def.date ?? 'date',
      where: agg === 'ratio' ? null : compileWhere(def.where),
      def,
      unit: def.unit ?? defaultUnit(agg, field, rubric),
    };
    if (field !== undefined) m.field = field;
    if (agg === 'ratio') {
      const [a, b] = def.ratio!;
      const ia = index.get(a);
      const ib = index.get(b);
      if (ia === undefined || ib === undefined) {
        throw new SalesgradeError('rubric-invalid', `metrics.${id}: ratio refers to unknown metric "${ia === undefined ? a : b}"`);
      }
      m.ratio = [ia, ib];
    }
    return m;
  });
  // Detect ratio cycles.
  const state = new Map<number, number>();
  const visit = (i: number, path: string[]): void => {
    if (state.get(i) === 2) return;
    if (state.get(i) === 1) throw new SalesgradeError('rubric-invalid', `metrics: ratio cycle ${[...path, out[i]!.id].join(' → ')}`);
    state.set(i, 1);
    const r = out[i]!.ratio;
    if (r) for (const j of r) visit(j, [...path, out[i]!.id]);
    state.set(i, 2);
  };
  for (let i = 0; i < out.length; i++) visit(i, []);
  return out;
}

/**
 * Values of every metric given the accumulators of one rep (or group) in one period; with `only`, of
 * those metrics (a ratio computed from its parts), the others null.
 */
export function metricValues(metrics: CompiledMetric[], accs: readonly (Acc | undefined)[], only?: ReadonlySet<number>): (Decimal | null)[] {
  const values: (Decimal | null | undefined)[] = new Array(metrics.length).fill(undefined);
  const get = (i: number): Decimal | null => {
    const cached = values[i];
    if (cached !== undefined) return cached;
    const m = metrics[i]!;
    const v = m.ratio ? ratioValue(get(m.ratio[0]), get(m.ratio[1])) : accValue(m, accs[i]);
    values[i] = v;
    return v;
  };
  return metrics.map((_, i) => (only === undefined || only.has(i) ? get(i) : null));
}

/**
 * The exact value of every metric (a ratio or an average before any rounding; sums, counts, min and
 * max exactly as `metricValues` gives them); null = no value. What KPIs are scored on. `only`: as for
 * `metricValues`.
 */
export function exactValues(metrics: CompiledMetric[], accs: readonly (Acc | undefined)[], only?: ReadonlySet<number>): (Rational | null)[] {
  const values: (Rational | null | undefined)[] = new Array(metrics.length).fill(undefined);
  const get = (i: number): Rational | null => {
    const cached = values[i];
    if (cached !== undefined) return cached;
    const m = metrics[i]!;
    let v: Rational | null;
    if (m.ratio) {
      const num = get(m.ratio[0]);
      const den = get(m.ratio[1]);
      v = num === null || den === null || isZero(den) ? null : div(num, den);
    } else if (m.agg === 'count') v = rat(accs[i]?.rows ?? 0);
    else if (m.agg === 'distinct') v = rat(accs[i]?.set?.size ?? 0);
    else if (m.agg === 'avg') {
      const acc = accs[i];
      v = acc && acc.rows > 0 ? div(rat(accSum(acc)), rat(acc.rows)) : null;
    } else {
      const d = accValue(m, accs[i]);
      v = d === null ? null : rat(d);
    }
    values[i] = v;
    return v;
  };
  return metrics.map((_, i) => (only === undefined || only.has(i) ? get(i) : null));
}

export function isAdditive(m: CompiledMetric): boolean {
  return m.agg === 'sum' || m.agg === 'count' || m.agg === 'distinct';
}

/**
 * One metric's value as `metricValues` gives it, computing only what it needs (a gate's metric for an
 * earlier period: no value array for every metric).
 */
export function exactMetricValue(metrics: readonly CompiledMetric[], accs: readonly (Acc | undefined)[], i: number): Decimal | null {
  const m = metrics[i]!;
  if (!m.ratio) return accValue(m, accs[i]);
  return ratioValue(exactMetricValue(metrics, accs, m.ratio[0]), exactMetricValue(metrics, accs, m.ratio[1]));
}

/**
 * One metric's value as a double (null: no value), for the quick path of earlier periods. Zero exactly
 * when the exact value is zero (a sum's parts are added as a Decimal first when it has a Decimal part).
 */
export function floatValue(metrics: readonly CompiledMetric[], accs: readonly (Acc | undefined)[], i: number): number | null {
  const m = metrics[i]!;
  if (m.ratio) {
    const num = floatValue(metrics, accs, m.ratio[0]);
    const den = floatValue(metrics, accs, m.ratio[1]);
    return num === null || den === null || den === 0 ? null : num / den;
  }
  const acc = accs[i];
  switch (m.agg) {
    case 'sum':
      return acc ? sumFloat(acc) : 0;
    case 'count':
      return acc ? acc.rows : 0;
    case 'distinct':
      return acc?.set ? acc.set.size : 0;
    case 'avg':
      return acc && acc.rows > 0 ? sumFloat(acc) / acc.rows : null;
    case 'min':
      return acc?.min ? acc.min.toNumber() : null;
    case 'max':
      return acc?.max ? acc.max.toNumber() : null;
    default:
      return null;
  }
}

function sumFloat(acc: Acc): number {
  return acc.sum.isZero() ? acc.cents / 1e4 : accSum(acc).toNumber();
}
