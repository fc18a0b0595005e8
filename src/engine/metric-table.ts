/**
 * The MetricTable as plain data (JSON; the cells also as CSV columns): what `aggregate` produces and a
 * warehouse query can produce instead (docs/metric-table.md). `tableToJson` / `tableFromJson` round-trip
 * exactly: scoring the table read back gives the same Evaluation as scoring the table itself.
 *
 * A cell is one (level, rep, period, metric) with its value as an exact decimal string, the rows that fed
 * it, and what a roll-up needs beyond the value: the distinct values (a union, never a sum) and, for
 * an average, the number of values (the mean is recomputed exactly from sum ÷ n).
 */
import { SalesgradeError } from '../shared/errors.js';
import type { ExclusionReason, IsoDate, PeriodRef, SourceRef } from './types.js';
import { D } from './decimal.js';
import { accSum, compileMetrics, CountedValues, newAcc, type Acc, type CompiledMetric } from './metrics.js';
import { parsePeriod } from './periods.js';
import { CellStore, PeriodCells } from './cell-store.js';
import { DataGroups, type DataGroupEntry } from './data-groups.js';
import type { WhereNearValue, WhereValueFinding } from './where.js';
import type { RubricShape } from './rubric-shape.js';
import { kpiBaseMetrics, type DateInfo, type EmptySumBucket, type LossBucket, type MetricTable, type RepCells, type RowLedger } from './aggregate.js';
import { metricSignature } from './score.js';

export interface MetricCell {
  /** Only `rep` for now: teams, regions and the company are rolled up from the reps. */
  level: 'rep';
  rep: string;
  /** The period's label in the rubric's calendar (`2026-Q3`, `2026-07`, `2026-W27`). */
  period: string;
  metric: string;
  /**
   * Exact decimal string (no exponent, no rounding): sum → Σ values; count → rows; distinct → the
   * number of distinct values; avg → Σ values (the mean is value ÷ n); min / max → the value. null: no
   * value (min / max / avg with no value).
   */
  value: string | null;
  /** Rows that fed the metric. */
  rows: number;
  /** avg: the number of values (= rows: only a non-empty value feeds an average). */
  n?: number;
  /** distinct: the distinct values (trimmed text), sorted; a roll-up counts their union. */
  distinct?: string[];
  /** The first source rows (file, sheet, row) that fed it, for `explain`; absent from a warehouse. */
  sample?: SourceRef[];
}

export interface MetricTableJson {
  format: 'salesgrade-metric-table';
  version: 1;
  periodKind: PeriodRef['kind'];
  fiscalYearStart: number;
  asOf?: IsoDate;
  /** The base metrics the cells hold, with what decides their aggregation (checked against the rubric). */
  metrics: { id: string; agg: string; field?: string; date: string; where?: unknown }[];
  cells: MetricCell[];
  /** The rep's first source row, to point a finding at. */
  firstRows?: Record<string, SourceRef>;
  ledger: {
    added: number;
    fedIn: Record<string, number>;
    filteredIn: Record<string, number>;
    mixed: RowLedger['mixed'];
    noDate: number;
    afterAsOf: number;
    reader: Partial<Record<ExclusionReason, number>>;
    readerTotal: number;
    losses: (Omit<LossBucket, 'money'> & { money: Record<string, string> })[];
    emptySums?: EmptySumBucket[];
    moneyFields: string[];
  };
  dates?: { date: IsoDate; label: string; n: number; field: string; sample?: SourceRef[] }[];
  seenReps?: string[];
  groups?: DataGroupEntry[];
  whereUnmatched?: WhereValueFinding[];
  whereNear?: WhereNearValue[];
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The value of an accumulator as the cell stores it. */
function cellValue(m: CompiledMetric, acc: Acc): string | null {
  switch (m.agg) {
    case 'sum':
    case 'avg':
      return m.agg === 'avg' && acc.rows === 0 ? null : accSum(acc).toFixed();
    case 'count':
      return String(acc.rows);
    case 'distinct':
      return String(acc.set?.size ?? 0);
    case 'min':
      return acc.min === null ? null : acc.min.toFixed();
    case 'max':
      return acc.max === null ? null : acc.max.toFixed();
    default:
      return null;
  }
}

export function tableToJson(table: MetricTable): MetricTableJson {
  const base = table.metrics.filter((m) => !m.ratio);
  const cells: MetricCell[] = [];
  const firstRows: Record<string, SourceRef> = {};
  for (const rep of [...table.reps.keys()].sort(cmpStr)) {
    const rd = table.reps.get(rep)!;
    if (rd.first) firstRows[rep] = rd.first;
    for (const period of [...rd.periods.keys()].sort(cmpStr)) {
      const accs = rd.periods.get(period)!;
      let any = false;
      for (const m of base) {
        const acc = accs[m.index];
        if (!acc) continue;
        any = true;
        cells.push(cellOf(m, rep, period, acc));
      }
      // A rep dated in the period whose rows fed nothing is still graded there: one empty cell says so.
      if (!any && base[0]) cells.push(cellOf(base[0], rep, period, newAcc(base[0].agg)));
    }
  }
  const out: MetricTableJson = {
    format: 'salesgrade-metric-table',
    version: 1,
    periodKind: table.periodKind,
    fiscalYearStart: table.fiscalYearStart,
    metrics: base.map((m) => ({ id: m.id, agg: m.agg, ...(m.field !== undefined ? { field: m.field } : {}), date: m.dateField, ...(m.def.where ? { where: m.def.where } : {}) })),
    cells,
    firstRows,
    ledger: {
      added: table.ledger.added,
      fedIn: Object.fromEntries([...table.ledger.fedIn].sort(([a], [b]) => cmpStr(a, b))),
      filteredIn: Object.fromEntries([...table.ledger.filteredIn].sort(([a], [b]) => cmpStr(a, b))),
      mixed: table.ledger.mixed.map((x) => ({ ...x })),
      noDate: table.ledger.noDate,
      afterAsOf: table.ledger.afterAsOf,
      reader: { ...table.ledger.reader },
      readerTotal: table.ledger.readerTotal,
      losses: table.ledger.losses.map((b) => ({ ...b, money: Object.fromEntries([...b.money].map(([f, v]) => [f, v.toFixed()])) })),
      ...(table.ledger.emptySums ? { emptySums: table.ledger.emptySums.map((b) => ({ ...b, sample: [...b.sample] })) } : {}),
      moneyFields: [...table.ledger.moneyFields],
    },
    dates: table.dates.map((d) => ({ date: d.date, label: d.label, n: d.n, field: d.field, sample: d.sample })),
    seenReps: [...table.seenReps].sort(cmpStr),
    groups: table.groups.entries(),
    whereUnmatched: [...table.whereUnmatched],
    ...(table.whereNear ? { whereNear: table.whereNear.map((x) => ({ ...x, metrics: [...x.metrics] })) } : {}),
  };
  if (table.asOf !== undefined) out.asOf = table.asOf;
  return out;
}

function cellOf(m: CompiledMetric, rep: string, period: string, acc: Acc): MetricCell {
  const c: MetricCell = { level: 'rep', rep, period, metric: m.id, value: cellValue(m, acc), rows: acc.rows };
  if (m.agg === 'avg') c.n = acc.rows;
  if (m.agg === 'distinct') {
    // A warehouse table's count has no values to write (a MetricTable file of such a table is the query's own output).
    if (acc.set instanceof CountedValues) throw new SalesgradeError('internal', `metric ${m.id}: a warehouse table's distinct count has no values to write`);
    c.distinct = [...(acc.set ?? [])].sort(cmpStr);
  }
  if (acc.sample.length) c.sample = acc.sample;
  return c;
}

function bad(message: string): never {
  throw new SalesgradeError('input-format', `metric table: ${message}`);
}

function accOf(m: CompiledMetric, c: MetricCell): Acc {
  const acc = newAcc(m.agg);
  acc.rows = c.rows;
  const dec = (v: string | null): InstanceType<typeof D> | null => {
    if (v === null) return null;
    try {
      return new D(v);
    } catch {
      return bad(`${c.rep} ${c.period} ${c.metric}: value "${v}" is not a decimal number`);
    }
  };
  switch (m.agg) {
    case 'sum':
      acc.sum = dec(c.value) ?? bad(`${c.rep} ${c.period} ${c.metric}: a sum needs a value`);
      break;
    case 'avg':
      // Only non-empty values feed an average: its rows are its values.
      if ((c.n ?? c.rows) !== c.rows) bad(`${c.rep} ${c.period} ${c.metric}: n ${c.n} differs from rows ${c.rows} (an average is fed by its values only)`);
      if (c.rows > 0) acc.sum = dec(c.value) ?? bad(`${c.rep} ${c.period} ${c.metric}: an average needs its sum as the value`);
      break;
    case 'distinct':
      if (!c.distinct) bad(`${c.rep} ${c.period} ${c.metric}: a distinct count needs its values (a roll-up counts their union)`);
      acc.set = new Set(c.distinct);
      if (c.value !== null && Number(c.value) !== acc.set.size) bad(`${c.rep} ${c.period} ${c.metric}: value ${c.value} but ${acc.set.size} distinct values`);
      break;
    case 'min':
      acc.min = dec(c.value);
      break;
    case 'max':
      acc.max = dec(c.value);
      break;
    default:
      break;
  }
  if (c.sample) acc.sample = c.sample;
  return acc;
}

/**
 * A table from its JSON form, for `rubric` (whose base metrics must match the table's by id and
 * definition). Cells of metrics the rubric does not have are ignored.
 */
export function tableFromJson(json: MetricTableJson, rubric: RubricShape): MetricTable {
  if (json.format !== 'salesgrade-metric-table' || json.version !== 1) bad('not a salesgrade metric table (format, version 1)');
  if (json.periodKind !== rubric.period) bad(`by ${json.periodKind}, the rubric grades by ${rubric.period}`);
  const fys = json.fiscalYearStart;
  const metrics = compileMetrics(rubric);
  const byId = new Map(metrics.filter((m) => !m.ratio).map((m) => [m.id, m]));
  for (const d of json.metrics) {
    const m = byId.get(d.id);
    if (!m) continue;
    const sig = JSON.stringify([d.agg, d.field ?? null, d.date, d.where ?? null]);
    if (sig !== metricSignature(m)) bad(`metric ${d.id} was aggregated as ${sig}, the rubric defines it as ${metricSignature(m)}`);
  }
  const have = new Set(json.metrics.map((d) => d.id));
  for (const m of kpiBaseMetrics(rubric, metrics)) if (!have.has(m.id)) bad(`no column for metric ${m.id}, which the rubric's KPIs need`);
  const periods = new Map<string, PeriodRef>();
  const periodOfLabel = (label: string): string => {
    if (!periods.has(label)) {
      let p: PeriodRef;
      try {
        p = parsePeriod(label, json.periodKind, fys);
      } catch {
        return bad(`"${label}" is not a ${json.periodKind} period`);
      }
      if (p.label !== label) bad(`period "${label}" is written ${p.label} in this calendar`);
      periods.set(label, p);
    }
    return label;
  };
  const reps = new Map<string, RepCells>();
  const store = new CellStore(metrics, true);
  for (const c of json.cells) {
    if (c.level !== 'rep') bad(`level "${String(c.level)}": only rep cells are read`);
    const label = periodOfLabel(c.period);
    let rd = reps.get(c.rep);
    if (!rd) {
      rd = { periods: new PeriodCells(store) };
      const first = json.firstRows?.[c.rep];
      if (first) rd.first = first;
      reps.set(c.rep, rd);
    }
    const cell = rd.periods.cell(label) ?? rd.periods.add(label);
    const m = byId.get(c.metric);
    if (!m) continue;
    if (store.has(cell, m.index)) bad(`${c.rep} ${c.period} ${c.metric} is given twice`);
    store.put(cell, m.index, accOf(m, c));
  }
  const l = json.ledger;
  const ledger: RowLedger = {
    added: l.added,
    fedIn: new Map(Object.entries(l.fedIn)),
    filteredIn: new Map(Object.entries(l.filteredIn)),
    mixed: l.mixed.map((x) => ({ ...x })),
    noDate: l.noDate,
    afterAsOf: l.afterAsOf,
    reader: { ...l.reader },
    readerTotal: l.readerTotal,
    losses: l.losses.map((b) => ({ ...b, money: new Map(Object.entries(b.money).map(([f, v]) => [f, new D(v)])) })),
    moneyFields: [...l.moneyFields],
  };
  if (l.emptySums) ledger.emptySums = l.emptySums.map((b) => ({ ...b, period: periodOfLabel(b.period), sample: [...b.sample] }));
  const fedPeriods = new Set<string>([...ledger.fedIn.keys(), ...ledger.mixed.flatMap((x) => x.fed)].map(periodOfLabel));
  for (const x of [...ledger.filteredIn.keys(), ...ledger.mixed.flatMap((y) => y.filtered)]) periodOfLabel(x);
  const dates: DateInfo[] = (json.dates ?? []).map((d) => ({ date: d.date, label: periodOfLabel(d.label), n: d.n, field: d.field, future: false, sample: d.sample ?? [] }));
  const table: MetricTable = {
    periodKind: json.periodKind,
    fiscalYearStart: fys,
    metrics,
    reps,
    periods,
    fedPeriods,
    ledger,
    dates,
    seenReps: new Set(json.seenReps ?? []),
    groups: DataGroups.fromEntries(json.groups ?? []),
    whereUnmatched: json.whereUnmatched ?? [],
    dateFields: [...new Set(metrics.filter((m) => !m.ratio).map((m) => m.dateField))].sort(),
  };
  if (json.asOf !== undefined) table.asOf = json.asOf;
  if (json.whereNear) table.whereNear = json.whereNear.map((x) => ({ ...x, metrics: [...x.metrics] }));
  return table;
}
