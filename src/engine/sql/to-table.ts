/**
 * The SQL MetricTable (docs/sql.md: the rows `salesgrade sql` returns, as any engine exports them) →
 * the scoring MetricTable (engine/aggregate.ts), so `evaluate --metrics` grades it like a raw export.
 *
 * The bridge is small and says what it cannot carry:
 * - a `distinct` metric: the SQL table holds each level's count, not the values. A rep cell holds
 *   the count alone (`CountedValues`: its value is exact); each team, region and the company takes the
 *   SQL's own count for the group (`MetricTable.groupDistinct`), never the sum of its members' counts;
 * - row accounting: a rep row's `rows` are counted in its period (the SQL cannot tell a row that fed a
 *   metric from one a `where` kept out: both count as read in the period); `no-rep` and `no-date` rows
 *   become the losses a raw file's rows would (`kpi-rows-lost`, `rows.excluded`);
 * - no source rows (explain, samples), no dates (data range, coverage), no `where` values no row holds.
 * The input is checked by the reader (io/metric-table-file.ts); what is checked here is consistency.
 */
import type { Decimal } from 'decimal.js';
import { SalesgradeError } from '../../shared/errors.js';
import { D } from '../decimal.js';
import { compileMetrics, CountedValues, newAcc, type Acc, type CompiledMetric } from '../metrics.js';
import { CellStore, PeriodCells } from '../cell-store.js';
import { isValidIsoDate, parsePeriod } from '../periods.js';
import { DataGroups, type DataGroupEntry } from '../data-groups.js';
import { ANY_PERIOD, kpiBaseMetrics, type LossBucket, type MetricTable, type RepCells, type RowLedger } from '../aggregate.js';
import type { RubricShape } from '../rubric-shape.js';
import type { PeriodRef, SourceRef } from '../types.js';
import { UNASSIGNED } from '../rollup.js';
import { parsePartColumn, partColumn, type SqlLevel, type SqlTableAt, type SqlTableFile, type SqlTableRow } from '../../shared/sql-metric-table.js';
import { metricParts } from './compile.js';

const srcOf = (at: SqlTableAt): SourceRef => ({ file: at.file, row: at.line });

/** One row of the SQL MetricTable, converted: numbers as decimals, per base metric its parts. */
interface SqlMetricRow {
  at: SqlTableAt;
  source: SqlTableRow;
  level: SqlLevel;
  period: string | null;
  rep: string | null;
  team: string | null;
  region: string | null;
  rows: number;
  /** Rows that fed some metric (MetricTable v2; null in a v1 table). */
  fedRows: number | null;
  /** metric id → its parts (absent part: null). */
  parts: Record<string, { rows: number; sum: Decimal | null; min: Decimal | null; max: Decimal | null; distinct: number | null }>;
}

/** The key of a group's precomputed distinct count. */
export function groupDistinctKey(level: 'team' | 'region' | 'company', name: string, period: string, metric: string): string {
  return `${level}\u0000${level === 'company' ? '' : name}\u0000${period}\u0000${metric}`;
}

function bad(at: SqlTableAt, message: string, hint?: string): never {
  throw new SalesgradeError('input-format', `metric table: ${message}`, { location: { ...at }, ...(hint ? { hint } : {}) });
}

const PLAIN_COUNT = /^\d+$/;

const QUERY_HINT = 'run the query `salesgrade sql` prints for this rubric, and export every column';

/** The scoring table of a MetricTable file (checked by io/metric-table-file.ts) for `rubric`. */
export function tableFromSqlFile(rubric: RubricShape, file: SqlTableFile): MetricTable {
  const metrics = compileMetrics(rubric);
  const base = metrics.filter((m) => !m.ratio);
  const ids = new Set(base.map((m) => m.id));
  const fileAt = file.rows[0]?.at.file ?? '';
  for (const [name, at] of file.columns) {
    const p = parsePartColumn(name);
    if (p && !ids.has(p.metric)) bad(at, `column "${name}" is of metric ${p.metric}, which the rubric does not define (the table was produced by another rubric's query)`, QUERY_HINT);
  }
  for (const name of ['level', 'period', 'rep', 'team', 'region', 'rows', ...base.flatMap((m) => metricParts(m).map((p) => partColumn(m.id, p)))]) {
    if (!file.columns.has(name)) bad({ file: [...file.columns.values()][0]?.file ?? fileAt, line: [...file.columns.values()][0]?.line ?? 1 }, `no column "${name}"`, QUERY_HINT);
  }
  const dec = (r: SqlTableRow, name: string): Decimal | null => {
    const v = r.cells.get(name);
    return v === null || v === undefined ? null : new D(v);
  };
  const whole = (r: SqlTableRow, name: string): number => {
    // Plain digits (every count a query returns): read without a Decimal (exact below 2^53).
    const v = r.cells.get(name);
    if (v !== null && v !== undefined && v.length <= 15 && PLAIN_COUNT.test(v)) return Number(v);
    const d = dec(r, name) ?? new D(0);
    if (!d.isInteger() || d.isNegative()) bad({ ...r.at, ...(file.columns.get(name)?.column !== undefined ? { column: file.columns.get(name)!.column! } : {}) }, `${name}: "${d.toFixed()}" is not a whole number of rows`);
    return d.toNumber();
  };
  const text = (r: SqlTableRow, name: string): string | null => r.cells.get(name) ?? null;
  // Each base metric's part columns, named once (not per row).
  const partColumns = base.map((m) => ({ m, rows: partColumn(m.id, 'rows'), sum: partColumn(m.id, 'sum'), min: partColumn(m.id, 'min'), max: partColumn(m.id, 'max'), distinct: partColumn(m.id, 'distinct') }));
  const partsOf = (r: SqlTableRow): SqlMetricRow['parts'] => {
    const parts: SqlMetricRow['parts'] = {};
    for (const c of partColumns) {
      const agg = c.m.agg;
      parts[c.m.id] = {
        rows: whole(r, c.rows),
        sum: agg === 'sum' || agg === 'avg' ? dec(r, c.sum) : null,
        min: agg === 'min' ? dec(r, c.min) : null,
        max: agg === 'max' ? dec(r, c.max) : null,
        distinct: agg === 'distinct' ? whole(r, c.distinct) : null,
      };
    }
    return parts;
  };
  const colAt = (r: SqlTableRow, name: string): SqlTableAt => ({ ...r.at, ...(file.columns.get(name)?.column !== undefined ? { column: file.columns.get(name)!.column! } : {}) });
  // first_date / last_date (MetricTable v2): both or neither (a v1 table: the data's dates unknown).
  const hasDates = file.columns.has('first_date') || file.columns.has('last_date');
  if (hasDates) for (const name of ['first_date', 'last_date']) if (!file.columns.has(name)) bad([...file.columns.values()][0] ?? { file: fileAt, line: 1 }, `no column "${name}" (the table has its pair)`, QUERY_HINT);
  const rows: SqlMetricRow[] = file.rows.map((r) => ({
    at: r.at,
    source: r,
    level: r.level,
    period: text(r, 'period'),
    rep: text(r, 'rep'),
    team: text(r, 'team'),
    region: text(r, 'region'),
    rows: whole(r, 'rows'),
    fedRows: file.columns.has('fed_rows') ? whole(r, 'fed_rows') : null,
    parts: partsOf(r),
  }));
  const kind = rubric.period;
  const fys = rubric.fiscal_year_start ?? 1;
  const periods = new Map<string, PeriodRef>();
  // (the cell's place is made only for a message: `colAt` copies the row's location)
  const periodOf = (label: string, r: SqlTableRow, name: string): string => {
    if (!periods.has(label)) {
      let p: PeriodRef;
      try {
        p = parsePeriod(label, kind, fys);
      } catch {
        return bad(colAt(r, name), `period "${label}" is not a ${kind} period of this rubric's calendar`);
      }
      if (p.label !== label) bad(colAt(r, name), `period "${label}" is written ${p.label} in this rubric's calendar`);
      periods.set(label, p);
    }
    return label;
  };
  const reps = new Map<string, RepCells>();
  const store = new CellStore(metrics, false);
  const groupDistinct = new Map<string, number>();
  const groupReps = new Map<string, Set<string>>();
  const groupEntries: DataGroupEntry[] = [];
  const kpiBase = kpiBaseMetrics(rubric, metrics);
  const moneyFields = [...new Set(kpiBase.filter((m) => m.agg === 'sum' && m.unit === 'money' && m.field !== undefined).map((m) => m.field!))].sort();
  const ledger: RowLedger = { added: 0, fedIn: new Map(), filteredIn: new Map(), mixed: [], noDate: 0, afterAsOf: 0, reader: {}, readerTotal: 0, losses: [], moneyFields };
  const seenReps = new Set<string>();
  // The rows seen, by level, period, rep, team and region in nested maps (null a key like any other):
  // a row's five texts looked up as they are, not joined into a key string per row first.
  const seenKeys = new Map<SqlLevel, Map<string | null, Map<string | null, Map<string | null, Set<string | null>>>>>();
  const firstSighting = (r: SqlMetricRow): boolean => {
    const byPeriod = getOrAdd(seenKeys, r.level, () => new Map());
    const byRep = getOrAdd(byPeriod, r.period, () => new Map());
    const byTeam = getOrAdd(byRep, r.rep, () => new Map());
    const regions = getOrAdd(byTeam, r.team, () => new Set());
    if (regions.has(r.region)) return false;
    regions.add(r.region);
    return true;
  };
  // Each group's reps by period, level and name; `groupReps` (keyed by `groupDistinctKey`) made from it once.
  const repsByGroup = new Map<string, Map<'team' | 'region' | 'company', Map<string, Set<string>>>>();
  let dataFirst: string | undefined;
  let dataLast: string | undefined;
  for (const r of rows) {
    if (!firstSighting(r)) bad(r.at, `the ${r.level} row for ${r.rep ?? r.team ?? r.region ?? 'the company'} in ${r.period ?? 'no period'} is given twice`);
    const label = r.period === null ? null : periodOf(r.period, r.source, 'period');
    // The group's first and last date in the period: ISO dates inside the period, first ≤ last.
    let first: string | null = null;
    let last: string | null = null;
    if (hasDates) {
      first = text(r.source, 'first_date');
      last = text(r.source, 'last_date');
      for (const [name, v] of [['first_date', first], ['last_date', last]] as const) {
        if (v === null) continue;
        if (!isValidIsoDate(v)) bad(colAt(r.source, name), `${name}: "${v}" is not a date written YYYY-MM-DD`, QUERY_HINT);
        const p = label === null ? null : periods.get(label)!;
        if (p === null || v < p.start || v > p.end) bad(colAt(r.source, name), `${name}: ${v} is not in the row's period ${label ?? '(none)'}`, QUERY_HINT);
      }
      if ((first === null) !== (last === null) || (first !== null && last !== null && first > last)) bad(colAt(r.source, 'first_date'), `first_date ${first ?? '(empty)'} and last_date ${last ?? '(empty)'} do not make a range`, QUERY_HINT);
    }
    switch (r.level) {
      case 'rep': {
        if (r.rep === null || label === null) bad(r.at, 'a rep row needs its rep and period');
        seenReps.add(r.rep);
        let rd = reps.get(r.rep);
        if (!rd) reps.set(r.rep, (rd = { periods: new PeriodCells(store), first: srcOf(r.at) }));
        const cell = rd.periods.cell(label) ?? rd.periods.add(label);
        for (const m of base) store.put(cell, m.index, accOf(m, r));
        ledger.added += r.rows;
        if (r.fedRows === null) ledger.fedIn.set(label, (ledger.fedIn.get(label) ?? 0) + r.rows);
        else {
          // v2: the rows that fed some metric in the period (the engine's fed rows); the rest only a
          // where or an empty value kept out.
          if (r.fedRows > r.rows) bad(r.at, `fed_rows ${r.fedRows} is more than rows ${r.rows}`, QUERY_HINT);
          if (r.fedRows > 0) ledger.fedIn.set(label, (ledger.fedIn.get(label) ?? 0) + r.fedRows);
          if (r.rows > r.fedRows) ledger.filteredIn.set(label, (ledger.filteredIn.get(label) ?? 0) + r.rows - r.fedRows);
        }
        const byLevel = getOrAdd(repsByGroup, label, () => new Map());
        getOrAdd(getOrAdd(byLevel, 'team', () => new Map()), r.team ?? UNASSIGNED, () => new Set()).add(r.rep);
        getOrAdd(getOrAdd(byLevel, 'region', () => new Map()), r.region ?? UNASSIGNED, () => new Set()).add(r.rep);
        getOrAdd(getOrAdd(byLevel, 'company', () => new Map()), '', () => new Set()).add(r.rep);
        for (const [field, name] of [['team', r.team], ['region', r.region]] as const) {
          if (name === null || name === UNASSIGNED) continue;
          groupEntries.push({ rep: r.rep, period: label, field, name, rows: r.rows, first: srcOf(r.at), lastDate: '', last: srcOf(r.at) });
        }
        break;
      }
      case 'team':
      case 'region':
      case 'company': {
        if (label === null) bad(r.at, `a ${r.level} row needs its period`);
        if (r.level === 'company' && first !== null && last !== null) {
          if (dataFirst === undefined || first < dataFirst) dataFirst = first;
          if (dataLast === undefined || last > dataLast) dataLast = last;
        }
        const name = r.level === 'team' ? r.team : r.level === 'region' ? r.region : '';
        if (name === null) bad(r.at, `a ${r.level} row needs its ${r.level}`);
        for (const m of base) if (m.agg === 'distinct') groupDistinct.set(groupDistinctKey(r.level, name, label, m.id), r.parts[m.id]?.distinct ?? 0);
        break;
      }
      case 'no-rep':
      case 'no-date': {
        const reason = r.level;
        if (reason === 'no-rep') {
          ledger.reader['no-rep'] = (ledger.reader['no-rep'] ?? 0) + r.rows;
          ledger.readerTotal += r.rows;
        } else {
          if (r.rep !== null) seenReps.add(r.rep);
          ledger.added += r.rows;
          ledger.noDate += r.rows;
        }
        // A no-rep row without the date of a metric (period null) would not have fed it in any period: no
        // loss, as the row reader's no-rep rows (engine/aggregate.ts noteLoss) and docs/sql.md say.
        if (reason === 'no-rep' && label === null) break;
        // Rows that would have fed a KPI: the most any one KPI metric would have taken, at most the rows
        // (a no-date row counts the rows missing one metric's date, which may have another: an upper bound).
        const lost = Math.min(r.rows, kpiBase.reduce((n, m) => Math.max(n, r.parts[m.id]?.rows ?? 0), 0));
        if (lost === 0) break;
        const money = new Map<string, Decimal>();
        for (const m of kpiBase) if (m.agg === 'sum' && m.unit === 'money' && m.field !== undefined) money.set(m.field, (money.get(m.field) ?? new D(0)).plus(r.parts[m.id]?.sum ?? 0));
        const bucket: LossBucket = { periods: [label === null || reason === 'no-date' ? ANY_PERIOD : label], rows: lost, byReason: { [reason]: lost }, money, unknownAmounts: 0, sample: [srcOf(r.at)] };
        ledger.losses.push(bucket);
        break;
      }
    }
  }
  for (const [label, byLevel] of repsByGroup) for (const [lv, byName] of byLevel) for (const [name, set] of byName) groupReps.set(groupDistinctKey(lv, name, label, ''), set);
  const table: MetricTable = {
    periodKind: kind,
    fiscalYearStart: fys,
    metrics,
    reps,
    periods,
    fedPeriods: new Set(ledger.fedIn.keys()),
    ledger,
    dates: [],
    seenReps,
    groups: DataGroups.fromEntries(groupEntries),
    whereUnmatched: [],
    dateFields: [...new Set(base.map((m) => m.dateField))].sort(),
    groupDistinct,
    groupReps,
    ...(dataFirst !== undefined && dataLast !== undefined ? { dataRange: { first: dataFirst, last: dataLast } } : {}),
  };
  return table;
}

function getOrAdd<K, V>(m: Map<K, V>, k: K, make: () => V): V {
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = make()));
  return v;
}

/**
 * A rep cell's accumulator from its parts; a distinct count as the count alone (`CountedValues`: values
 * no other cell holds, so a union of cells adds their counts — until this change, that many placeholder
 * texts in a Set, 90,000 for the 1M-row bench's 2,000 rep cells, unioned again in every roll-up).
 */
function accOf(m: CompiledMetric, r: SqlMetricRow): Acc {
  const p = r.parts[m.id];
  const acc = newAcc(m.agg);
  if (!p) return acc;
  acc.rows = p.rows;
  switch (m.agg) {
    case 'sum':
    case 'avg':
      acc.sum = p.sum ?? new D(0);
      break;
    case 'min':
      acc.min = p.rows > 0 ? p.min : null;
      break;
    case 'max':
      acc.max = p.rows > 0 ? p.max : null;
      break;
    case 'distinct':
      acc.set = new CountedValues(p.distinct ?? 0);
      break;
    default:
      break;
  }
  return acc;
}
