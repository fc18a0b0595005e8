/**
 * Rows → MetricTable: the one pass over the data. `createAggregator(rubric, { asOf })` → `add` records as
 * they stream, `exclude` rows the reader dropped, `table()` → the MetricTable that `score` grades
 * (engine/score.ts), as many times as wanted; `classify` says what one row fed, for the annotated data
 * sheets. Pure: no files, clock or environment; the same records in any order give the same table.
 *
 * Nothing here scores: no target, weight or tier is read. What a row did is kept in a typed ledger
 * (per period: rows that fed a metric, rows that only a `where` or an empty value kept out, rows lost
 * to data problems), so the row accounting of any period can be read off the table after the fact.
 * The table's shape is documented in docs/metric-table.md.
 *
 * Several rubrics over the same rows (`diff`): an aggregator may borrow another's columns whose
 * definition is the same (`AggregateOptions.lender`, `columnKey`), so that a metric both rubrics define
 * alike is aggregated once and only the changed or added ones again; each keeps its own row ledger.
 */
import type { Decimal } from 'decimal.js';
import type { ActivityRecord, ExcludedRow, ExclusionReason, IsoDate, PeriodRef, RowAnnotation, SourceRef } from './types.js';
import { ZERO } from './decimal.js';
import { compareSource, compileMetrics, detach, numeric, pushSample, type CompiledMetric } from './metrics.js';
import { CellStore, PeriodCells } from './cell-store.js';
import type { DatedCount } from './coverage.js';
import { isValidIsoDate, periodOf } from './periods.js';
import { DataGroups, type GroupCursor } from './data-groups.js';
import { createWhereAudit, type WhereNearValue, type WhereValueFinding } from './where.js';
import type { RubricShape } from './rubric-shape.js';
import { isoDigits } from '../shared/calendar.js';
import { SalesgradeError } from '../shared/errors.js';

/**
 * One rep's cells: period label → one accumulator per compiled metric (by `CompiledMetric.index`; ratios
 * stay empty), read as views of the table's column store (engine/cell-store.ts).
 */
export interface RepCells {
  periods: PeriodCells;
  /** The rep's first row by source position, to point a finding at (absent in a table from elsewhere). */
  first?: SourceRef;
}

/** Rows whose date fields place them in several periods, or fed in one period and filtered in another. */
export interface MixedRows {
  /** Periods where the row fed a metric, sorted. */
  fed: string[];
  /** Periods where a `where` or an empty value kept it out of every metric it was dated for, sorted. */
  filtered: string[];
  /** Some date field lies after `asOf`. */
  future: boolean;
  rows: number;
}

/** Rows excluded for a data problem (no rep, bad value, no date) that would have fed a KPI in `periods`. */
export interface LossBucket {
  /** Sorted period labels; `ANY_PERIOD` when the row's period cannot be known (no date, a bad date). */
  periods: string[];
  rows: number;
  byReason: Partial<Record<ExclusionReason, number>>;
  /** Per money field summed by a KPI metric: the readable amounts those rows carried. */
  money: Map<string, Decimal>;
  unknownAmounts: number;
  sample: SourceRef[];
}

/**
 * Rows that passed a `sum` metric's `where` in a period but had no number in its field (an empty cell,
 * `N/A`, `-`): they add nothing to the sum. A won deal without an amount is a grade the data changed
 * without a word; scoring names these for the KPIs of the graded period (`sum-value-missing`).
 */
export interface EmptySumBucket {
  metric: string;
  field: string;
  period: string;
  rows: number;
  /** The first rows, sorted. */
  sample: SourceRef[];
}

/**
 * Where every row went, without a string-encoded key: a row fed one period (the common case), was
 * filtered in one period, had no date, lay after `asOf`, was dropped by the reader, or is one of the
 * rare mixed rows (several date fields in different periods).
 */
export interface RowLedger {
  /** Records handed to `add`. */
  added: number;
  /** Rows fed in exactly one period (and filtered in no other), by period. */
  fedIn: Map<string, number>;
  /** Rows that fed nothing and were filtered in exactly one period, by period. */
  filteredIn: Map<string, number>;
  mixed: MixedRows[];
  /** Records with no date in any date field a metric uses (and none after `asOf`). */
  noDate: number;
  /** Records dated only after `asOf`. */
  afterAsOf: number;
  /** Rows the reader excluded, by reason. */
  reader: Partial<Record<ExclusionReason, number>>;
  readerTotal: number;
  /**
   * Rows counted once per period they fall in beyond the first (a MetricTable's rows count a row in each
   * of its periods; `--engine duckdb` knows the files' real row count): taken off `read` and
   * `out-of-period`, where every such extra count lands.
   */
  overcounted?: number;
  losses: LossBucket[];
  /** Sum metrics' rows without a number, by metric and period (absent: not known, as from a warehouse). */
  emptySums?: EmptySumBucket[];
  /** The money fields summed by a KPI metric, sorted (the columns of `DataLoss.money`). */
  moneyFields: string[];
}

/** One distinct date value that placed rows in a period (for the data's own range and far-outside dates). */
export interface DateInfo extends DatedCount {
  future: boolean;
  sample: SourceRef[];
  /** The first date field it was seen in, for messages. */
  field: string;
}

/**
 * The aggregated data: per rep × period × metric an accumulator (value parts: the exact sum, row and
 * value counts, min/max, the distinct values), plus what scoring needs to say about the rows. Built by
 * `createAggregator`; read-only once built (`score` never changes it). Serialised by `tableToCells`.
 */
export interface MetricTable {
  /** The rubric the metrics were compiled from (the metric definitions and source fields that matter here). */
  periodKind: RubricShape['period'];
  fiscalYearStart: number;
  asOf?: IsoDate;
  /** The compiled metrics, sorted by id: column `i` of every cell array is `metrics[i]`. */
  metrics: readonly CompiledMetric[];
  /** rep → cells. */
  reps: ReadonlyMap<string, RepCells>;
  /** Every period a date placed a row in (label → period). */
  periods: ReadonlyMap<string, PeriodRef>;
  /** Periods in which some row fed a metric. */
  fedPeriods: ReadonlySet<string>;
  ledger: RowLedger;
  /** The dates that placed rows (none after `asOf`). */
  dates: readonly DateInfo[];
  /** Every rep name a record carried (dated or not). */
  seenReps: ReadonlySet<string>;
  /** Teams and regions named by the rows (source.fields `team` / `region`). */
  groups: DataGroups;
  /** `where` values no row holds. */
  whereUnmatched: readonly WhereValueFinding[];
  /** Data values that look like a `where` value without being it (absent: not known, as from a warehouse). */
  whereNear?: readonly WhereNearValue[];
  /** The date fields the metrics place rows by, sorted. */
  dateFields: readonly string[];
  /**
   * A table from a warehouse (engine/sql/to-table.ts): each group's distinct count as the query
   * computed it (`groupDistinctKey`), used by the roll-ups instead of the union of the rep cells' values,
   * which such a table does not have.
   */
  groupDistinct?: ReadonlyMap<string, number>;
  /** With `groupDistinct`: the reps the query counted in each group (same keys, metric ''), to check a roll-up's members against. */
  groupReps?: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * A table from a warehouse, which has no `dates`: the data's first and last date (the query's
   * per-period `first_date` / `last_date`), so coverage of a partly covered period is known as from the
   * rows. Far-outside dates cannot be told apart in it (no per-date counts).
   */
  dataRange?: { first: IsoDate; last: IsoDate };
}

export interface Aggregator {
  add(record: ActivityRecord): void;
  exclude(row: ExcludedRow): void;
  /** The table so far (cheap: the accumulators are shared, not copied). */
  table(): MetricTable;
  /** What a record fed in `period` (or why it counted for nothing there). */
  classify(record: ActivityRecord, period: string): RowAnnotation;
  /**
   * `classify` in two steps, for a caller that cannot keep the record until the period is known (the
   * data sheets' rows, annotated from one read): `rowCode` while the rows are fed — a small number per
   * row, the same for rows `classify` cannot tell apart (their periods per date field and which base
   * metrics they pass) — and `annotate` once the period is known: `annotate(rowCode(r), p)` equals
   * `classify(r, p)`. A record's code is taken after it was added (its dates are then known here).
   */
  rowCode(record: ActivityRecord): number;
  annotate(code: number, period: string): RowAnnotation;
  /**
   * Frees the table (every rep's cells, the teams the rows named, the reps seen) once it was scored for
   * the last time: `classify`, `rowCode` and `annotate` still answer (they read the rows' dates and
   * classes, kept apart), `add` and `table` refuse. Aggregators that borrowed this one's columns must be
   * done with them too (the caller releases them together).
   */
  release(): void;
  /**
   * No row is added after this (`add` refuses): what only feeding needs — the per-rep cursors, what it
   * lends to another aggregator — goes, so that `score` consuming the table frees each rep's cells.
   */
  seal(): void;
  /** The reps seen so far (0 once released). */
  repCount(): number;
}

export interface AggregateOptions {
  /** Rows dated after it are excluded (`after-as-of`). */
  asOf?: IsoDate;
  /** Source rows kept per accumulator (default 5). */
  sampleRows?: number;
  /**
   * An aggregator fed the same rows in the same run (`diff`: the old rubric's): each of its columns whose
   * definition equals one of this rubric's metrics (`columnKey`) is not aggregated again: this table's
   * cells of that metric are the lender's accumulators (the same objects). The row ledger, dates, teams
   * and `where` audit stay this rubric's own. Its calendar, `asOf` and `sampleRows` must be this one's
   * (`lendableColumns` > 0).
   */
  lender?: Aggregator;
  /** Called with the metric's id for each accumulator this aggregation creates (tests count them). */
  onNewAcc?: (metric: string) => void;
  /**
   * Feed rows through the straightforward per-row path (string-keyed Map lookups for the rep's period,
   * the data teams and the ledger, every `where` evaluated): the fast path's reference twin, which
   * test/unit/engine/aggregate-fast.test.ts holds the default path to, table for table.
   */
  reference?: boolean;
}

/** What an aggregator lends to another (`AggregateOptions.lender`): its columns and what they depend on. */
interface Lendable {
  kind: RubricShape['period'];
  fys: number;
  asOf: IsoDate | undefined;
  sampleLimit: number;
  /** Per metric index: `columnKey` of a column aggregated here (not itself borrowed), else null. */
  keys: readonly (string | null)[];
  reps: ReadonlyMap<string, RepCells>;
  /** Where its cells are stored. */
  store: CellStore;
  /** The date fields in the order rows are placed by (teams are tallied in it: equal lists tally alike). */
  dateFields: string;
  groups: DataGroups;
  /**
   * The row the lender last placed (`add`), and per metric index what it did there: 1 fed, 2 kept out
   * (`where`, or no value for a distinct, average, min or max), 3 (`EMPTY`) passed a sum's `where` without
   * a number to sum; written for each metric whose date placed the row. A borrower fed the same
   * record right after reads its borrowed metrics' outcome here instead of filtering the row again.
   */
  last: { record: ActivityRecord | null; ok: Uint8Array };
}
const lendables = new WeakMap<Aggregator, Lendable>();

/** A distinct date value's `DateInfo` and its period's small id. */
interface DateSlot {
  info: DateInfo;
  pid: number;
}

/** The fast path's per-rep state: the rep's cells, and its cell and data-team cursors by period id. */
interface RepState {
  rep: string;
  rd: RepCells;
  cells: (number | undefined)[];
  cursors: (GroupCursor | undefined)[];
}

/** JSON with object keys sorted (a `where` written in another key order is the same definition). */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => cmpStr(a, b))) : x,
  );
}

/**
 * What decides a base metric's accumulators, structurally (not its id or label): its kind, field, date
 * field, `where` and unit, and how the rubric's `source` maps each field it reads. Two metrics with the
 * same key, fed the same rows with the same calendar, `asOf` and sample size, hold equal accumulators.
 * Null for a ratio (derived when read, never aggregated).
 */
export function columnKey(m: CompiledMetric, rubric: RubricShape): string | null {
  if (m.ratio) return null;
  const fields = [...new Set([m.field, m.dateField, ...Object.keys(m.def.where ?? {})].filter((f): f is string => f !== undefined))].sort(cmpStr);
  return stableJson([m.agg, m.field ?? null, m.dateField, m.def.where ?? null, m.unit, fields.map((f) => [f, rubric.source.fields[f] ?? null])]);
}

/**
 * How many of `rubric`'s base metrics `lender` could lend (0 when the calendar, `asOf` or sample size
 * differ, or `lender` is not an aggregator of this module).
 */
export function lendableColumns(lender: Aggregator, rubric: RubricShape, options: Pick<AggregateOptions, 'asOf' | 'sampleRows'> = {}): number {
  const l = lendables.get(lender);
  if (!l || !compatible(l, rubric, options)) return 0;
  const have = new Set(l.keys.filter((k): k is string => k !== null));
  return compileMetrics(rubric).filter((m) => {
    const k = columnKey(m, rubric);
    return k !== null && have.has(k);
  }).length;
}

function compatible(l: Lendable, rubric: RubricShape, options: Pick<AggregateOptions, 'asOf' | 'sampleRows'>): boolean {
  const asOf = options.asOf !== undefined && isValidIsoDate(options.asOf) ? options.asOf : undefined;
  return l.kind === rubric.period && l.fys === rubric.fiscal_year_start && l.asOf === asOf && l.sampleLimit === (options.sampleRows ?? 5);
}

/** Rows kept per far-outside date, and per set of periods for rows lost to data problems. */
const DATE_SAMPLE = 3;
/** The rows a `sum-value-missing` finding names. */
const EMPTY_SAMPLE = 5;
/** `Lendable.last.ok`: the row passed the metric's `where` but had no number to sum. */
const EMPTY = 3;
export const LOSS_SAMPLE = 5;
/** A lost row's period cannot be known (no date, or a bad one): it counts for any evaluated period. */
export const ANY_PERIOD = '*';
/** In `badFields`: every field is unknown. */
const EVERY_FIELD = '*';

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Base metrics behind a KPI (rep or level KPIs, through ratios) or a tier gate. */
export function kpiBaseMetrics(rubric: RubricShape, metrics: readonly CompiledMetric[]): CompiledMetric[] {
  const metricIndex = new Map(metrics.map((m) => [m.id, m.index]));
  const want = new Set<number>();
  const visit = (id: string): void => {
    const i = metricIndex.get(id);
    if (i === undefined || want.has(i)) return;
    want.add(i);
    const m = metrics[i]!;
    if (m.ratio) for (const j of m.ratio) visit(metrics[j]!.id);
  };
  for (const k of rubric.kpis) visit(k.metric);
  for (const lvl of [rubric.levels?.team, rubric.levels?.region]) for (const k of lvl?.kpis ?? []) visit(k.metric);
  for (const t of rubric.tiers) for (const g of t.gates ?? []) visit(g.metric);
  return metrics.filter((m) => !m.ratio && want.has(m.index));
}

export function createAggregator(rubric: RubricShape, options: AggregateOptions = {}): Aggregator {
  const fys = rubric.fiscal_year_start;
  const kind = rubric.period;
  const sampleLimit = options.sampleRows ?? 5;
  const onNewAcc = options.onNewAcc;
  const metrics = compileMetrics(rubric);
  const base = metrics.filter((m) => !m.ratio);
  const asOf = options.asOf !== undefined && isValidIsoDate(options.asOf) ? options.asOf : undefined;

  // Columns lent by another aggregator fed the same rows: borrowed[i] is the lender's column for metric
  // i, or -1 (aggregated here). A borrowed metric is still classified per row (did the row pass its
  // `where`, has it a value) for this rubric's ledger, but not fed: its cells are the lender's.
  const keys = metrics.map((m) => columnKey(m, rubric));
  const lent = options.lender ? lendables.get(options.lender) : undefined;
  if (options.lender && (!lent || !compatible(lent, rubric, options))) {
    throw new SalesgradeError('internal', 'aggregate: the lender aggregates with another calendar, asOf or sample size');
  }
  const borrowed = keys.map((k) => (lent && k !== null ? lent.keys.indexOf(k) : -1));
  const pairs: [number, number][] = borrowed.flatMap((i, j) => (i >= 0 ? [[j, i] as [number, number]] : []));

  /** Per distinct date value: its period, whether it lies after `asOf`, and how many rows it placed. */
  const dateInfo = new Map<string, DateSlot | null>();
  const periodRefs = new Map<string, PeriodRef>();
  /** Period label → a small id (the fast path's arrays are indexed by it), and back. */
  const periodIds = new Map<string, number>();
  const periodLabels: string[] = [];
  const reps = new Map<string, RepCells>();
  /** The accumulators of every rep × period, by column (engine/cell-store.ts). */
  const store = new CellStore(metrics, sampleLimit > 0, options.reference ?? false);
  const fedPeriods = new Set<string>();
  const ledger: RowLedger = {
    added: 0,
    fedIn: new Map(),
    filteredIn: new Map(),
    mixed: [],
    noDate: 0,
    afterAsOf: 0,
    reader: {},
    readerTotal: 0,
    losses: [],
    moneyFields: [],
  };
  /** Mixed rows and loss buckets, grouped by their period sets (the sets are few). */
  const mixedBy = new Map<string, MixedRows>();
  const lossBy = new Map<string, LossBucket>();
  /** Per sum metric (by index): period label → its rows without a number. */
  const emptyBy: (Map<string, EmptySumBucket> | undefined)[] = [];
  const noteEmpty = (m: CompiledMetric, label: string, source: SourceRef): void => {
    let byLabel = emptyBy[m.index];
    if (byLabel === undefined) emptyBy[m.index] = byLabel = new Map();
    let b = byLabel.get(label);
    if (b === undefined) byLabel.set(label, (b = { metric: m.id, field: m.field!, period: label, rows: 0, sample: [] }));
    b.rows++;
    pushSample(b.sample, source, EMPTY_SAMPLE);
  };

  const slotOf = (v: unknown, field: string): DateSlot | null => {
    if (typeof v !== 'string') return null;
    let slot = dateInfo.get(v);
    if (slot === undefined) {
      if (isValidIsoDate(v)) {
        const p = periodOf(v, kind, fys);
        if (!periodRefs.has(p.label)) periodRefs.set(p.label, p);
        let pid = periodIds.get(p.label);
        if (pid === undefined) {
          pid = periodLabels.push(p.label) - 1;
          periodIds.set(p.label, pid);
        }
        const d = detach(v);
        slot = { info: { date: d, label: p.label, future: asOf !== undefined && v > asOf, n: 0, sample: [], field }, pid };
        dateInfo.set(d, slot);
      } else dateInfo.set(detach(v), (slot = null));
    }
    return slot;
  };
  const infoOf = (v: unknown, field: string): DateInfo | null => slotOf(v, field)?.info ?? null;
  /**
   * `slotOf` for the fast path: a `YYYY-MM-DD` text with a year from 1900 to 2155 is looked up by a
   * number read off its digits (injective over such texts) in an array, not hashed; any other value, and
   * a date's first sighting, go through `slotOf` (whose slot the array then holds).
   */
  const byDay: (DateSlot | null | undefined)[] = [];
  const slotFast = (v: unknown, field: string): DateSlot | null => {
    const n = typeof v === 'string' ? isoDigits(v) : -1;
    if (n < 0) return slotOf(v, field);
    const y = Math.floor(n / 10000) - 1900;
    const mo = Math.floor(n / 100) % 100;
    const d = n % 100;
    if (y < 0 || y > 255 || mo > 19 || d > 39) return slotOf(v, field);
    const k = (y * 20 + mo) * 40 + d;
    const hit = byDay[k];
    if (hit !== undefined) return hit;
    return (byDay[k] = slotOf(v, field));
  };
  /** The period a date places a row in; null for no date, or a date after `asOf`. */
  const labelOf = (v: unknown, field: string): string | null => {
    const info = infoOf(v, field);
    return info === null || info.future ? null : info.label;
  };

  // Per-record work is shared: one period lookup per distinct date field, one evaluation per
  // distinct `where` (revenue and deals_won usually filter alike).
  const dateFields = [...new Set(base.map((m) => m.dateField))];
  const dateSlot = base.map((m) => dateFields.indexOf(m.dateField));
  const whereKeys: string[] = [];
  const wherePreds: ((f: ActivityRecord['fields']) => boolean)[] = [];
  const whereSlot = base.map((m) => {
    if (!m.where) return -1;
    const key = JSON.stringify(m.def.where);
    let i = whereKeys.indexOf(key);
    if (i < 0) {
      i = whereKeys.push(key) - 1;
      wherePreds.push(m.where);
    }
    return i;
  });
  const labels: (string | null)[] = new Array(dateFields.length).fill(null);
  const whereAudit = createWhereAudit(base, { reference: options.reference ?? false });
  const whereState = new Int8Array(wherePreds.length);
  const fedBoxes = new Map<string, { n: number }>();
  const seenReps = new Set<string>();
  const dateFieldsKey = JSON.stringify(dateFields);
  // Teams and regions are tallied per row and per period its date fields place it in, in the order of
  // the date fields: a lender with the same date fields in the same order has tallied the rows alike.
  const sharedGroups = lent !== undefined && lent.dateFields === dateFieldsKey;
  const last: Lendable['last'] = { record: null, ok: new Uint8Array(metrics.length) };
  const lastOk = last.ok;
  const groups = sharedGroups ? lent.groups : new DataGroups();

  /** The reference path (`AggregateOptions.reference`). */
  const add = (record: ActivityRecord): void => {
    ledger.added++;
    const fields = record.fields;
    whereAudit.observe(fields, record.source);
    let hasDate = false;
    let future = false;
    let rowDate = '';
    for (let i = 0; i < dateFields.length; i++) {
      const info = infoOf(fields[dateFields[i]!], dateFields[i]!);
      if (info === null) labels[i] = null;
      else if (info.future) {
        labels[i] = null;
        future = true;
      } else {
        labels[i] = info.label;
        hasDate = true;
        if (info.date > rowDate) rowDate = info.date;
        info.n++;
        if (info.sample.length < DATE_SAMPLE) info.sample.push(record.source);
      }
    }
    if (!hasDate) {
      if (!seenReps.has(record.rep)) seenReps.add(detach(record.rep));
      if (future) ledger.afterAsOf++;
      else {
        ledger.noDate++;
        noteLoss(record.source, 'no-date', fields, undefined);
      }
      return;
    }
    whereState.fill(0);
    last.record = record;
    // The lender was fed this very record just before: its outcome for the borrowed metrics is theirs.
    const theirs = lent !== undefined && lent.last.record === record ? lent.last.ok : null;
    let rd = reps.get(record.rep);
    if (!rd) {
      rd = { periods: new PeriodCells(store), first: record.source };
      reps.set(detach(record.rep), rd);
    } else {
      // rows mostly come in file order: a later row of the same file and sheet cannot come first
      const src = record.source;
      const first = rd.first!;
      if ((src.row < first.row || src.file !== first.file || src.sheet !== first.sheet) && compareSource(src, first) < 0) rd.first = src;
    }
    if (!sharedGroups && (fields.team != null || fields.region != null)) {
      for (let i = 0; i < labels.length; i++) {
        const l = labels[i]!;
        if (l !== null && labels.indexOf(l) === i) groups.observe(record.rep, l, rowDate, fields, record.source);
      }
    }
    let fed: string | null = null;
    let filtered: string | null = null;
    let multi = false;
    let lastLabel: string | null = null;
    let cell = -1;
    for (let j = 0; j < base.length; j++) {
      const label = labels[dateSlot[j]!]!;
      if (label === null) continue;
      if (label !== lastLabel) {
        lastLabel = label;
        cell = rd.periods.cell(label) ?? rd.periods.add(label);
      }
      const m = base[j]!;
      const lentCol = borrowed[m.index]!;
      let ok = true;
      if (lentCol >= 0 && theirs !== null) ok = theirs[lentCol] === 1;
      else {
        const w = whereSlot[j]!;
        if (w >= 0) {
          let st = whereState[w]!;
          if (st === 0) whereState[w] = st = wherePreds[w]!(fields) ? 1 : 2;
          ok = st === 1;
        }
      }
      let empty = lentCol >= 0 && theirs !== null && theirs[lentCol] === EMPTY;
      if (ok && (lentCol < 0 || theirs === null)) {
        if (lentCol >= 0) ok = countsFor(m, fields);
        else {
          if (store.open(cell, m.index)) onNewAcc?.(m.id);
          ok = store.feed(cell, m, fields, record.source, sampleLimit);
        }
        empty = !ok && m.agg === 'sum';
      }
      if (empty) noteEmpty(m, label, record.source);
      lastOk[m.index] = ok ? 1 : empty ? EMPTY : 2;
      if (ok) {
        if (fed === null) fed = label;
        else if (fed !== label) multi = true;
      } else if (filtered === null) filtered = label;
      else if (filtered !== label) multi = true;
    }
    if (!future && !multi && fed !== null && (filtered === null || filtered === fed)) {
      // one lookup per row: a counter box per period
      const box = fedBoxes.get(fed);
      if (box !== undefined) box.n++;
      else {
        fedBoxes.set(fed, { n: 1 });
        fedPeriods.add(fed);
      }
    } else if (!future && !multi && fed === null && filtered !== null) {
      ledger.filteredIn.set(filtered, (ledger.filteredIn.get(filtered) ?? 0) + 1);
    } else mixedRow(fields, future);
  };

  /** Rare: several date fields placing the row in different periods (`labels` holds them). Recompute the sets. */
  const mixedRow = (fields: ActivityRecord['fields'], future: boolean): void => {
    const fedSet = new Set<string>();
    const filteredSet = new Set<string>();
    for (let j = 0; j < base.length; j++) {
      const label = labels[dateSlot[j]!]!;
      if (label === null) continue;
      const m = base[j]!;
      const w = whereSlot[j]!;
      // (a borrowed metric's `where` may not have been evaluated for this row)
      if (w >= 0 && whereState[w] === 0) whereState[w] = wherePreds[w]!(fields) ? 1 : 2;
      const pass = (w < 0 || whereState[w] === 1) && countsFor(m, fields);
      (pass ? fedSet : filteredSet).add(label);
    }
    for (const l of fedSet) fedPeriods.add(l);
    const fedList = [...fedSet].sort();
    const filteredList = [...filteredSet].sort();
    const key = `${fedList.join(',')}|${filteredList.join(',')}|${future ? 1 : 0}`;
    const entry = mixedBy.get(key);
    if (entry) entry.rows++;
    else mixedBy.set(key, { fed: fedList, filtered: filteredList, future, rows: 1 });
  };

  // ---- the fast path (the default): the same table as `add` above, with fewer lookups per row ------
  // A row's date slots carry their period's small id; a rep's accumulators, data-team cursors and the
  // ledger's per-period counters are arrays indexed by it, so a row costs one Map lookup (its rep)
  // beyond its dates. A `where` over one field is a function of that field's value: its last few text
  // values and their verdicts are remembered per `where` (text columns a `where` tests hold few values).
  const repStates = new Map<string, RepState>();
  const pids = new Int32Array(dateFields.length);
  const fedByPid: ({ n: number } | undefined)[] = [];
  const filteredBoxes = new Map<string, { n: number }>();
  const filteredByPid: ({ n: number } | undefined)[] = [];
  const whereMemo = whereKeys.map((key) => {
    const fieldsOf = Object.keys(JSON.parse(key) as Record<string, unknown>);
    return fieldsOf.length === 1 ? { field: fieldsOf[0]!, values: [] as string[], verdicts: [] as number[] } : null;
  });
  const WHERE_MEMO = 8;
  const whereOf = (w: number, fields: ActivityRecord['fields']): number => {
    const memo = whereMemo[w];
    if (memo === null || memo === undefined) return wherePreds[w]!(fields) ? 1 : 2;
    const v = fields[memo.field];
    if (typeof v !== 'string') return wherePreds[w]!(fields) ? 1 : 2;
    const values = memo.values;
    for (let k = 0; k < values.length; k++) if (values[k] === v) return memo.verdicts[k]!;
    const verdict = wherePreds[w]!(fields) ? 1 : 2;
    if (values.length < WHERE_MEMO) {
      values.push(detach(v));
      memo.verdicts.push(verdict);
    }
    return verdict;
  };

  const addFast = (record: ActivityRecord): void => {
    ledger.added++;
    const fields = record.fields;
    whereAudit.observe(fields, record.source);
    let hasDate = false;
    let future = false;
    let rowDate = '';
    for (let i = 0; i < dateFields.length; i++) {
      const slot = slotFast(fields[dateFields[i]!], dateFields[i]!);
      if (slot === null) {
        labels[i] = null;
        pids[i] = -1;
        continue;
      }
      const info = slot.info;
      if (info.future) {
        labels[i] = null;
        pids[i] = -1;
        future = true;
      } else {
        labels[i] = info.label;
        pids[i] = slot.pid;
        hasDate = true;
        if (info.date > rowDate) rowDate = info.date;
        info.n++;
        if (info.sample.length < DATE_SAMPLE) info.sample.push(record.source);
      }
    }
    if (!hasDate) {
      if (!seenReps.has(record.rep)) seenReps.add(detach(record.rep));
      if (future) ledger.afterAsOf++;
      else {
        ledger.noDate++;
        noteLoss(record.source, 'no-date', fields, undefined);
      }
      return;
    }
    whereState.fill(0);
    last.record = record;
    // The lender was fed this very record just before: its outcome for the borrowed metrics is theirs.
    const theirs = lent !== undefined && lent.last.record === record ? lent.last.ok : null;
    let st = repStates.get(record.rep);
    if (st === undefined) {
      const rep = detach(record.rep);
      const rd: RepCells = { periods: new PeriodCells(store), first: record.source };
      reps.set(rep, rd);
      repStates.set(rep, (st = { rep, rd, cells: [], cursors: [] }));
    } else {
      const src = record.source;
      const rd = st.rd;
      const first = rd.first!;
      if ((src.row < first.row || src.file !== first.file || src.sheet !== first.sheet) && compareSource(src, first) < 0) rd.first = src;
    }
    if (!sharedGroups && (fields.team != null || fields.region != null)) {
      for (let i = 0; i < pids.length; i++) {
        const pid = pids[i]!;
        if (pid < 0) continue;
        let k = 0;
        while (pids[k] !== pid) k++;
        if (k !== i) continue;
        let c = st.cursors[pid];
        if (c === undefined) c = st.cursors[pid] = groups.cursor(st.rep, periodLabels[pid]!);
        groups.observeAt(c, rowDate, fields, record.source);
      }
    }
    let fed = -1;
    let filtered = -1;
    let multi = false;
    let lastPid = -1;
    let cell = -1;
    for (let j = 0; j < base.length; j++) {
      const pid = pids[dateSlot[j]!]!;
      if (pid < 0) continue;
      if (pid !== lastPid) {
        lastPid = pid;
        const c = st.cells[pid];
        if (c === undefined) cell = st.cells[pid] = st.rd.periods.add(periodLabels[pid]!);
        else cell = c;
      }
      const m = base[j]!;
      const lentCol = borrowed[m.index]!;
      let ok = true;
      if (lentCol >= 0 && theirs !== null) ok = theirs[lentCol] === 1;
      else {
        const w = whereSlot[j]!;
        if (w >= 0) {
          let v = whereState[w]!;
          if (v === 0) whereState[w] = v = whereOf(w, fields);
          ok = v === 1;
        }
      }
      let empty = lentCol >= 0 && theirs !== null && theirs[lentCol] === EMPTY;
      if (ok && (lentCol < 0 || theirs === null)) {
        if (lentCol >= 0) ok = countsFor(m, fields);
        else {
          if (store.open(cell, m.index)) onNewAcc?.(m.id);
          ok = store.feed(cell, m, fields, record.source, sampleLimit);
        }
        empty = !ok && m.agg === 'sum';
      }
      if (empty) noteEmpty(m, periodLabels[pid]!, record.source);
      lastOk[m.index] = ok ? 1 : empty ? EMPTY : 2;
      if (ok) {
        if (fed < 0) fed = pid;
        else if (fed !== pid) multi = true;
      } else if (filtered < 0) filtered = pid;
      else if (filtered !== pid) multi = true;
    }
    if (!future && !multi && fed >= 0 && (filtered < 0 || filtered === fed)) {
      const box = fedByPid[fed];
      if (box !== undefined) box.n++;
      else {
        const label = periodLabels[fed]!;
        fedBoxes.set(label, (fedByPid[fed] = { n: 1 }));
        fedPeriods.add(label);
      }
    } else if (!future && !multi && fed < 0 && filtered >= 0) {
      const box = filteredByPid[filtered];
      if (box !== undefined) box.n++;
      else filteredBoxes.set(periodLabels[filtered]!, (filteredByPid[filtered] = { n: 1 }));
    } else mixedRow(fields, future);
  };

  const exclude = (row: ExcludedRow): void => {
    ledger.reader[row.reason] = (ledger.reader[row.reason] ?? 0) + 1;
    ledger.readerTotal++;
    // Without its fields (a ragged row, or a caller that does not pass them) nothing is known: it may
    // have fed any KPI in any period.
    if (row.reason === 'no-rep' || row.reason === 'bad-value') noteLoss(row.source, row.reason, row.fields ?? {}, row.fields ? row.badFields : [EVERY_FIELD]);
  };

  // ---- rows lost to data problems ----------------------------------------------------------------
  // A row excluded for no rep, a bad value or no date "would feed a KPI" when some base metric behind a
  // KPI (rep or level KPI, or a tier gate) would take it had the problem not been there: its date puts
  // it in a period (a bad date: any period), it passes `where` (a bad `where` field: assumed to), and
  // it has the metric's value (a bad value: assumed to). Kept by the set of periods it would feed, so
  // that scoring counts the rows of the evaluated period, plus those whose period cannot be known.
  const kpiBase = kpiBaseMetrics(rubric, metrics);
  const moneyFields = [...new Set(kpiBase.filter((m) => m.agg === 'sum' && m.unit === 'money' && m.field !== undefined).map((m) => m.field!))].sort();
  ledger.moneyFields = moneyFields;
  function noteLoss(source: SourceRef, reason: ExclusionReason, fields: ActivityRecord['fields'], bad: string[] | undefined): void {
    const isBad = (f: string | undefined): boolean => f !== undefined && bad !== undefined && (bad.includes(f) || bad[0] === EVERY_FIELD);
    const periods = new Set<string>();
    for (const m of kpiBase) {
      let label: string;
      if (reason === 'no-date' || isBad(m.dateField)) label = ANY_PERIOD;
      else {
        const l = labelOf(fields[m.dateField], m.dateField);
        if (l === null) continue;
        label = l;
      }
      if (m.where && !Object.keys(m.def.where ?? {}).some(isBad) && !m.where(fields)) continue;
      if (m.agg !== 'count' && !isBad(m.field) && !countsFor(m, fields)) continue;
      periods.add(label);
    }
    if (periods.size === 0) return;
    const list = [...periods].sort();
    const key = list.join(',');
    let b = lossBy.get(key);
    if (!b) lossBy.set(key, (b = { periods: list, rows: 0, byReason: {}, money: new Map(), unknownAmounts: 0, sample: [] }));
    b.rows++;
    b.byReason[reason] = (b.byReason[reason] ?? 0) + 1;
    if (b.sample.length < LOSS_SAMPLE) b.sample.push(source);
    let unknown = false;
    for (const f of moneyFields) {
      const v = fields[f];
      if (isBad(f)) unknown = true;
      else if (v !== null && v !== undefined && typeof v !== 'string') b.money.set(f, (b.money.get(f) ?? ZERO).plus(v));
    }
    if (unknown) b.unknownAmounts++;
  }

  const table = (): MetricTable => {
    // Borrowed cells: the lender's accumulators, where it has one (the same rows passed the same
    // definition there, so it has one exactly where this aggregation would).
    if (lent && pairs.length) {
      const theirCells = new Int32Array(store.size).fill(-1);
      for (const [rep, rd] of reps) {
        const theirs = lent.reps.get(rep);
        if (theirs === undefined) continue;
        for (const [label, cell] of rd.periods.cells()) theirCells[cell] = theirs.periods.cell(label) ?? -1;
      }
      for (const [j, i] of pairs) store.lend(j, lent.store, i, theirCells);
    }
    ledger.fedIn = new Map([...fedBoxes].map(([l, { n }]) => [l, n]));
    if (!options.reference) ledger.filteredIn = new Map([...filteredBoxes].map(([l, { n }]) => [l, n]));
    ledger.mixed = [...mixedBy.values()];
    ledger.losses = [...lossBy.values()];
    ledger.emptySums = emptyBy.flatMap((byLabel) => (byLabel === undefined ? [] : [...byLabel.values()].map((b) => ({ ...b, sample: [...b.sample] }))));
    const t: MetricTable = {
      periodKind: kind,
      fiscalYearStart: fys,
      metrics,
      reps,
      periods: new Map(periodRefs),
      fedPeriods: new Set(fedPeriods),
      ledger: { ...ledger, reader: { ...ledger.reader } },
      dates: [...dateInfo.values()].flatMap((x) => (x !== null && !x.info.future && x.info.n > 0 ? [x.info] : [])),
      seenReps,
      groups,
      whereUnmatched: whereAudit.unmatched(),
      whereNear: whereAudit.nearValues(),
      dateFields: [...dateFields].sort(),
    };
    if (asOf !== undefined) t.asOf = asOf;
    return t;
  };

  /** What `classify` and `annotate` found for a row, as its annotation: the metrics it fed, or why none. */
  const annotationOf = (fedIds: string[], filteredIds: string[], future: boolean, hasDate: boolean, otherPeriods: string[]): RowAnnotation => {
    if (fedIds.length) {
      const fedSet = new Set(fedIds);
      // Ratios fed through either part (to a fixed point, for ratios of ratios).
      let grew = true;
      while (grew) {
        grew = false;
        for (const m of metrics) {
          if (m.ratio && !fedSet.has(m.id) && (fedSet.has(metrics[m.ratio[0]]!.id) || fedSet.has(metrics[m.ratio[1]]!.id))) {
            fedSet.add(m.id);
            grew = true;
          }
        }
      }
      return { metrics: [...fedSet].sort(cmpStr) };
    }
    if (filteredIds.length) return { excluded: 'filtered', detail: filteredIds.join(', ') };
    if (future) return { excluded: 'after-as-of', detail: asOf! };
    if (hasDate) return { excluded: 'out-of-period', detail: otherPeriods.sort().join(', ') };
    return { excluded: 'no-date', detail: [...new Set(base.map((m) => m.dateField))].sort().join(', ') };
  };

  const classify = (record: ActivityRecord, target: string): RowAnnotation => {
    const fields = record.fields;
    const fedIds: string[] = [];
    const filteredIds: string[] = [];
    const otherPeriods: string[] = [];
    let hasDate = false;
    let future = false;
    for (const m of base) {
      const info = infoOf(fields[m.dateField], m.dateField);
      if (info === null) continue;
      if (info.future) {
        future = true;
        continue;
      }
      const label = info.label;
      hasDate = true;
      if (label !== target) {
        if (!otherPeriods.includes(label)) otherPeriods.push(label);
        continue;
      }
      if (m.where && !m.where(fields)) {
        filteredIds.push(m.id);
        continue;
      }
      if (countsFor(m, fields)) fedIds.push(m.id);
      else filteredIds.push(m.id);
    }
    return annotationOf(fedIds, filteredIds, future, hasDate, otherPeriods);
  };

  // ---- row codes (`rowCode` / `annotate`): what `classify` reads of a row, as a small number -------
  /** A class of rows: per date field its period id (-1: no date, -2: after asOf); per base metric 1 when it passes. */
  const rowClasses: { pids: Int32Array; pass: Uint8Array }[] = [];
  const classIds = new Map<number | string, number>();
  const codePids = new Int32Array(dateFields.length);
  const codePass = new Uint8Array(base.length);
  const codeWhere = new Int8Array(wherePreds.length);
  // A class's key: a number (12 bits a date field's period id + 2, a bit a base metric) while that fits
  // in 52 bits and the ids stay below 4,094; else a text.
  const numericKeys = dateFields.length * 12 + base.length <= 52;
  const rowCode = (record: ActivityRecord): number => {
    const fields = record.fields;
    let num = 0;
    let small = numericKeys;
    for (let i = 0; i < dateFields.length; i++) {
      const slot = slotFast(fields[dateFields[i]!], dateFields[i]!);
      const pid = slot === null ? -1 : slot.info.future ? -2 : slot.pid;
      codePids[i] = pid;
      if (pid + 2 >= 4096) small = false;
      num = num * 4096 + (pid + 2);
    }
    codeWhere.fill(0);
    for (let j = 0; j < base.length; j++) {
      let pass = 0;
      if (codePids[dateSlot[j]!]! >= 0) {
        const w = whereSlot[j]!;
        let ok = true;
        if (w >= 0) {
          let v = codeWhere[w]!;
          if (v === 0) codeWhere[w] = v = whereOf(w, fields);
          ok = v === 1;
        }
        if (ok && countsFor(base[j]!, fields)) pass = 1;
      }
      codePass[j] = pass;
      num = num * 2 + pass;
    }
    const key = small ? num : `${codePids.join(',')}|${codePass.join('')}`;
    let id = classIds.get(key);
    if (id === undefined) {
      id = rowClasses.push({ pids: codePids.slice(), pass: codePass.slice() }) - 1;
      classIds.set(key, id);
    }
    return id;
  };
  /** `classify`'s answer for a class of rows (mirrors it step by step; the property tests compare them). */
  const annotate = (code: number, target: string): RowAnnotation => {
    const c = rowClasses[code];
    if (c === undefined) throw new SalesgradeError('internal', `annotate: no row code ${code}`);
    const fedIds: string[] = [];
    const filteredIds: string[] = [];
    const otherPeriods: string[] = [];
    let hasDate = false;
    let future = false;
    for (let j = 0; j < base.length; j++) {
      const pid = c.pids[dateSlot[j]!]!;
      if (pid === -1) continue;
      if (pid === -2) {
        future = true;
        continue;
      }
      const label = periodLabels[pid]!;
      hasDate = true;
      if (label !== target) {
        if (!otherPeriods.includes(label)) otherPeriods.push(label);
        continue;
      }
      if (c.pass[j] === 1) fedIds.push(base[j]!.id);
      else filteredIds.push(base[j]!.id);
    }
    return annotationOf(fedIds, filteredIds, future, hasDate, otherPeriods);
  };

  const seal = (): void => {
    repStates.clear();
    last.record = null;
    lendables.delete(aggregator);
    aggregator.add = refuse('add');
  };
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    reps.clear();
    repStates.clear();
    store.release();
    seenReps.clear();
    groups.clear();
    mixedBy.clear();
    lossBy.clear();
    emptyBy.length = 0;
    last.record = null;
    lendables.delete(aggregator);
    aggregator.add = refuse('add');
    aggregator.table = refuse('table');
  };
  const refuse = (what: string) => (): never => {
    throw new SalesgradeError('internal', `aggregate: ${what}() after release()`);
  };
  const repCount = () => reps.size;
  const aggregator: Aggregator = { add: options.reference ? add : addFast, exclude, table, classify, rowCode, annotate, release, seal, repCount };
  lendables.set(aggregator, {
    kind,
    fys,
    asOf,
    sampleLimit,
    keys: keys.map((k, i) => (borrowed[i]! >= 0 ? null : k)),
    reps,
    store,
    dateFields: dateFieldsKey,
    groups,
    last,
  });
  return aggregator;
}

/** Whether a row that passed `where` counts for the metric (mirrors metrics.feed). */
export function countsFor(m: CompiledMetric, fields: ActivityRecord['fields']): boolean {
  if (m.agg === 'count') return true;
  const v = fields[m.field!];
  if (m.agg === 'distinct') return v !== null && v !== undefined && (typeof v === 'string' ? v.trim() !== '' : true);
  return numeric(v) !== null;
}

// ---- reading the ledger ------------------------------------------------------------------------

/** Rows that fed some metric, per period (for the default period). */
export function fedRowsByPeriod(ledger: RowLedger): Map<string, number> {
  const rows = new Map<string, number>(ledger.fedIn);
  for (const m of ledger.mixed) for (const l of m.fed) rows.set(l, (rows.get(l) ?? 0) + m.rows);
  return rows;
}

/** Where every row went, seen from one evaluated period: counted, or excluded with a reason. */
export function rowCounts(ledger: RowLedger, period: string): { read: number; counted: number; excluded: Partial<Record<ExclusionReason, number>> } {
  const excluded: Partial<Record<ExclusionReason, number>> = { ...ledger.reader };
  let counted = 0;
  const bump = (reason: ExclusionReason, n: number): void => {
    if (n > 0) excluded[reason] = (excluded[reason] ?? 0) + n;
  };
  for (const [label, n] of ledger.fedIn) {
    if (label === period) counted += n;
    else bump('out-of-period', n);
  }
  for (const [label, n] of ledger.filteredIn) bump(label === period ? 'filtered' : 'out-of-period', n);
  bump('no-date', ledger.noDate);
  bump('after-as-of', ledger.afterAsOf);
  for (const m of ledger.mixed) {
    if (m.fed.includes(period)) counted += m.rows;
    else if (m.filtered.includes(period)) bump('filtered', m.rows);
    else if (m.future) bump('after-as-of', m.rows);
    else bump('out-of-period', m.rows);
  }
  const over = Math.min(ledger.overcounted ?? 0, excluded['out-of-period'] ?? 0);
  if (over > 0) {
    if (excluded['out-of-period'] === over) delete excluded['out-of-period'];
    else excluded['out-of-period']! -= over;
  }
  const sorted: Partial<Record<ExclusionReason, number>> = {};
  for (const k of Object.keys(excluded).sort() as ExclusionReason[]) sorted[k] = excluded[k]!;
  return { read: ledger.added + ledger.readerTotal - over, counted, excluded: sorted };
}
