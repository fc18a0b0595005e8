/**
 * The evaluation engine: `createEvaluator(rubric, options)` → `add` records as they stream, `exclude`
 * rows the reader dropped, `finish()` → the Evaluation, then `classify` rows for the annotated data
 * sheets. Pure: no files, clock or environment; the same records in any order give the same output.
 */
import type { Decimal } from 'decimal.js';
import { compareDiagnostics, type Diagnostic, type FindingData } from '../../../../src/shared/diagnostic.js';
import { SalesgradeError } from '../../../../src/shared/errors.js';
import type { FindingCode } from '../../../../src/shared/finding-codes.js';
import type {
  ActivityRecord,
  Coverage,
  DataLoss,
  Evaluation,
  ExcludedRow,
  ExclusionReason,
  GroupEvaluation,
  HistoryEntry,
  IsoDate,
  KpiResult,
  Manifest,
  MetricTrace,
  PeriodRef,
  Prorate,
  RepEvaluation,
  RosterEntry,
  RowAnnotation,
  SourceRef,
} from '../../../../src/engine/types.js';
import { D, HUNDRED, ZERO } from '../../../../src/engine/decimal.js';
import { formatMoney } from '../../../../src/shared/format.js';
import type { FormulaFact, Unit, ValueFact } from '../../../../src/engine/types.js';
import { describeWhere } from '../../../../src/engine/where.js';
import {
  compareSource,
  detach,
  compileMetrics,
  exactValues,
  feed,
  isAdditive,
  metricValues,
  newAcc,
  numeric,
  type Acc,
  type CompiledMetric,
} from '../../../../src/engine/metrics.js';
import { coverageOf, dataDateRange, defaultPeriod, type DateRange, type DatedCount, type DefaultPeriod } from '../../../../src/engine/coverage.js';
import { comparePeriods, dayNumber, isoOfDay, isValidIsoDate, parsePeriod, periodOf, periodsOverlapping, weekdaysBetween } from '../../../../src/engine/periods.js';
import { compareGroupNames, distinctMembersKpi, groupTargets, memberKpi, mergeMembers, tierCounts, UNASSIGNED, combineTargets, combineExactTargets } from '../../../../src/engine/rollup.js';
import { DataGroups, countFacts, describeCounts, type GroupField } from '../../../../src/engine/data-groups.js';
import { createWhereAudit, type WhereValueFinding } from '../../../../src/engine/where.js';
import { kpiIdOf, metricLabelOf, tierLabelOf, type KpiShape, type RubricShape } from '../../../../src/engine/rubric-shape.js';
import { attainmentOf, excludeScale, neededAttainment, scoreKpi, totalScore } from '../../../../src/engine/scoring.js';
import * as R from '../../../../src/shared/rational.js';
import { rat, type Rational } from '../../../../src/shared/rational.js';
import { makeCalendarDayProrate, pickTarget, type FileTargets, type ResolvedTarget } from '../../../../src/engine/targets.js';
import {
  buildDecision,
  coverageFact,
  decisionFact,
  holdStep,
  initialState,
  orderTiers,
  qualify,
  restore,
  step,
  type MovementState,
  type Qualification,
} from '../../../../src/engine/tiers.js';

export { UNASSIGNED } from '../../../../src/engine/rollup.js';

export interface EvaluatorOptions {
  manifest: Omit<Manifest, 'period' | 'asOf'>;
  /**
   * Period label; default: the latest period holding at least a tenth as many rows as the busiest
   * period, among periods inside the data's own range (see `choosePeriod`).
   */
  period?: string;
  /** Pacing inside an open period; rows dated after it are excluded (`after-as-of`). */
  asOf?: IsoDate;
  /**
   * `--strict`: rows that would feed a KPI but were excluded for a data problem are an error finding
   * (`kpi-rows-lost`), not a warning; so are a `where` value no row matches (`where-value-unmatched`)
   * and a data rep that differs from a roster name only by case, width or spaces (`rep-not-in-roster`).
   */
  strict?: boolean;
  roster?: RosterEntry[];
  history?: HistoryEntry[];
  /** Default: by calendar days. */
  prorate?: Prorate;
  /** For pacing; default Mon–Fri. */
  workdays?: (from: IsoDate, to: IsoDate) => number;
  /** Targets read from `target: { file }`, by KPI id; a level KPI's under `levels.team:<id>` / `levels.region:<id>`. */
  fileTargets?: Record<string, FileTargets>;
  /** Reader findings, carried into Evaluation.findings. */
  findings?: Diagnostic[];
  /** Source rows kept per metric trace (default 5). */
  sampleRows?: number;
}

export interface Evaluator {
  add(record: ActivityRecord): void;
  exclude(row: ExcludedRow): void;
  finish(): Evaluation;
  classify(record: ActivityRecord): RowAnnotation;
}

interface RepData {
  periods: Map<string, (Acc | undefined)[]>;
  first: SourceRef;
}

interface PeriodResult {
  values: (Decimal | null)[];
  kpis: KpiResult[];
  raw: Decimal;
  exactRaw: Rational;
  score: Decimal;
  qual: Qualification;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pushUnique(arr: string[], v: string): void {
  if (!arr.includes(v)) arr.push(v);
}

export function createEvaluator(rubric: RubricShape, options: EvaluatorOptions): Evaluator {
  const locale = rubric.locale;
  const currency = rubric.currency;
  const fys = rubric.fiscal_year_start;
  const kind = rubric.period;
  const sampleLimit = options.sampleRows ?? 5;
  const metrics = compileMetrics(rubric);
  const metricIndex = new Map(metrics.map((m) => [m.id, m.index]));
  const base = metrics.filter((m) => !m.ratio);
  const tiers = orderTiers(rubric.tiers);
  const prorate = options.prorate ?? makeCalendarDayProrate(fys);
  for (const [i, k] of rubric.kpis.entries()) {
    if (!metricIndex.has(k.metric)) throw new SalesgradeError('rubric-invalid', `kpis[${i}]: unknown metric "${k.metric}"`);
  }
  for (const lvl of ['team', 'region'] as const) {
    for (const [i, k] of (rubric.levels?.[lvl]?.kpis ?? []).entries()) {
      if (!metricIndex.has(k.metric)) {
        throw new SalesgradeError('rubric-invalid', `levels.${lvl}.kpis[${i}]: unknown metric "${k.metric}"`);
      }
    }
  }

  // ---- streaming state -------------------------------------------------------------------------
  const asOf = options.asOf !== undefined && isValidIsoDate(options.asOf) ? options.asOf : undefined;
  /** Per distinct date value: its period, whether it lies after `asOf`, and how many rows it placed. */
  const dateInfo = new Map<string, DateInfo | null>();
  const periodRefs = new Map<string, PeriodRef>();
  const reps = new Map<string, RepData>();
  /** Row signatures: `fed periods | filtered periods | had a date` → count. */
  const signatures = new Map<string, number>();
  const fedPeriods = new Set<string>();
  let added = 0;
  const readerExcluded: Partial<Record<ExclusionReason, number>> = {};
  let readerExcludedTotal = 0;
  let finished: { period: PeriodRef } | null = null;

  const infoOf = (v: unknown, field: string): DateInfo | null => {
    if (typeof v !== 'string') return null;
    let info = dateInfo.get(v);
    if (info === undefined) {
      if (isValidIsoDate(v)) {
        const p = periodOf(v, kind, fys);
        if (!periodRefs.has(p.label)) periodRefs.set(p.label, p);
        info = { date: v, label: p.label, future: asOf !== undefined && v > asOf, n: 0, sample: [], field };
      } else info = null;
      dateInfo.set(v, info);
    }
    return info;
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
  const whereAudit = createWhereAudit(base);
  const whereState = new Int8Array(wherePreds.length);
  /** Records that fed exactly one period (and were filtered in no other), by period. */
  const singleFed = new Map<string, { n: number }>();
  /** Records that fed nothing and were filtered in exactly one period. */
  const singleFiltered = new Map<string, number>();
  let noDate = 0;
  let afterAsOf = 0;
  /** Every rep name a record carried (dated or not), for roster reps never seen in the data. */
  const seenReps = new Set<string>();
  /** Teams and regions the rows name (source.fields `team` / `region`), for reps the roster does not place. */
  const dataGroups = new DataGroups();

  const add = (record: ActivityRecord): void => {
    if (finished) throw new SalesgradeError('internal', 'add() after finish()');
    added++;
    const fields = record.fields;
    whereAudit.observe(fields);
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
      if (future) afterAsOf++;
      else {
        noDate++;
        noteLoss(record.source, 'no-date', fields, undefined);
      }
      return;
    }
    whereState.fill(0);
    let rd = reps.get(record.rep);
    if (!rd) {
      rd = { periods: new Map(), first: record.source };
      reps.set(detach(record.rep), rd);
    } else {
      // rows mostly come in file order: a later row of the same file and sheet cannot come first
      const src = record.source;
      const first = rd.first;
      if ((src.row < first.row || src.file !== first.file || src.sheet !== first.sheet) && compareSource(src, first) < 0) rd.first = src;
    }
    if (fields.team != null || fields.region != null) {
      for (let i = 0; i < labels.length; i++) {
        const l = labels[i]!;
        if (l !== null && labels.indexOf(l) === i) dataGroups.observe(record.rep, l, rowDate, fields, record.source);
      }
    }
    let fed: string | null = null;
    let filtered: string | null = null;
    let multi = false;
    let lastLabel: string | null = null;
    let accs: (Acc | undefined)[] | undefined;
    for (let j = 0; j < base.length; j++) {
      const label = labels[dateSlot[j]!]!;
      if (label === null) continue;
      if (label !== lastLabel) {
        lastLabel = label;
        accs = rd.periods.get(label);
        if (!accs) {
          accs = new Array(metrics.length).fill(undefined);
          rd.periods.set(label, accs);
        }
      }
      const m = base[j]!;
      const w = whereSlot[j]!;
      let ok = true;
      if (w >= 0) {
        let st = whereState[w]!;
        if (st === 0) whereState[w] = st = wherePreds[w]!(fields) ? 1 : 2;
        ok = st === 1;
      }
      if (ok) {
        const acc = (accs![m.index] ??= newAcc(m.agg));
        ok = feed(acc, m, fields, record.source, sampleLimit);
      }
      if (ok) {
        if (fed === null) fed = label;
        else if (fed !== label) multi = true;
      } else if (filtered === null) filtered = label;
      else if (filtered !== label) multi = true;
    }
    if (!future && !multi && fed !== null && (filtered === null || filtered === fed)) {
      // one lookup per row: a counter box per period
      const box = singleFed.get(fed);
      if (box !== undefined) box.n++;
      else {
        singleFed.set(fed, { n: 1 });
        fedPeriods.add(fed);
      }
    } else if (!future && !multi && fed === null && filtered !== null) {
      singleFiltered.set(filtered, (singleFiltered.get(filtered) ?? 0) + 1);
    } else {
      // Rare: several date fields placing the row in different periods. Recompute the sets.
      const fedSet = new Set<string>();
      const filteredSet = new Set<string>();
      for (let j = 0; j < base.length; j++) {
        const label = labels[dateSlot[j]!]!;
        if (label === null) continue;
        const m = base[j]!;
        const w = whereSlot[j]!;
        const pass = (w < 0 || whereState[w] === 1) && countsFor(m, fields);
        (pass ? fedSet : filteredSet).add(label);
      }
      for (const l of fedSet) fedPeriods.add(l);
      const key = `${[...fedSet].sort().join(',')}|${[...filteredSet].sort().join(',')}|1|${future ? 1 : 0}`;
      signatures.set(key, (signatures.get(key) ?? 0) + 1);
    }
  };

  const exclude = (row: ExcludedRow): void => {
    readerExcluded[row.reason] = (readerExcluded[row.reason] ?? 0) + 1;
    readerExcludedTotal++;
    // Without its fields (a ragged row, or a caller that does not pass them) nothing is known: it may
    // have fed any KPI in any period.
    if (row.reason === 'no-rep' || row.reason === 'bad-value') noteLoss(row.source, row.reason, row.fields ?? {}, row.fields ? row.badFields : [EVERY_FIELD]);
  };

  // ---- rows lost to data problems ----------------------------------------------------------------
  // A row excluded for no rep, a bad value or no date "would feed a KPI" when some base metric behind a
  // KPI (rep or level KPI, or a tier gate) would take it had the problem not been there: its date puts
  // it in a period (a bad date: any period), it passes `where` (a bad `where` field: assumed to), and
  // it has the metric's value (a bad value: assumed to). Kept by the set of periods it would feed, so
  // that `finish` counts the rows of the evaluated period, plus those whose period cannot be known.
  const kpiBase = kpiBaseMetrics();
  const moneyFields = [...new Set(kpiBase.filter((m) => m.agg === 'sum' && m.unit === 'money' && m.field !== undefined).map((m) => m.field!))].sort();
  const lossBuckets = new Map<string, LossBucket>();
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
    const key = [...periods].sort().join(',');
    let b = lossBuckets.get(key);
    if (!b) lossBuckets.set(key, (b = { rows: 0, byReason: {}, money: new Map(), unknownAmounts: 0, sample: [] }));
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

  // ---- finish ----------------------------------------------------------------------------------
  const finish = (): Evaluation => {
    if (finished) throw new SalesgradeError('internal', 'finish() called twice');
    const dataPeriods = [...fedPeriods].map((l) => periodRefs.get(l)!).sort(comparePeriods);
    const findings: Diagnostic[] = [...(options.findings ?? [])];
    const source = options.manifest.rubric.path;
    for (const u of whereAudit.unmatched()) findings.push(whereValueFinding(u, source, options.strict === true));
    const range = dateRange();
    for (const info of range.outliers) {
      const rows = info.sample.map(placeOf).join(', ');
      findings.push(
        finding(
          'date-out-of-range',
          'warning',
          `${info.field} ${info.date} lies far outside the data's dates (middle half ${range.q1} … ${range.q3}): ${info.n} row(s)${info.n > info.sample.length ? ', first' : ''} at ${rows}; a typo? ` +
            `Its period ${info.label} is not chosen by default and is left out of the data's range`,
          info.sample[0],
          source,
          { field: info.field, date: info.date, q1: range.q1 ?? '', q3: range.q3 ?? '', rows: info.n, at: rows, period: info.label },
        ),
      );
    }
    let period: PeriodRef;
    if (options.period !== undefined) {
      period = parsePeriod(options.period, kind, fys);
      if (!fedPeriods.has(period.label)) {
        throw new SalesgradeError(
          'no-data',
          `no rows fall in period ${period.label} (${period.start} … ${period.end})`,
          { hint: dataPeriods.length ? `the data covers ${dataPeriods.map((p) => p.label).join(', ')}` : describeDateFields() },
        );
      }
    } else {
      const chosen = choosePeriod(dataPeriods, range);
      if (!chosen) {
        throw new SalesgradeError('no-data', 'no row could be placed in a period', {
          hint: afterAsOf > 0 ? `every dated row lies after --as-of ${asOf}` : describeDateFields(),
        });
      }
      period = chosen.period;
      for (const p of chosen.skipped) {
        findings.push(
          finding(
            'period-sparse',
            'warning',
            `period ${p.label} holds ${p.rows} row(s), under a tenth of the busiest period ${chosen.busiest.label} (${chosen.busiest.rows})` +
              `${p.outside ? ' and lies outside the data\'s range' : ''}: the default period is ${period.label}; evaluate it with --period ${p.label}`,
            undefined,
            source,
            { period: p.label, rows: p.rows, busiest: chosen.busiest.label, busiestRows: chosen.busiest.rows, outside: p.outside, chosen: period.label },
          ),
        );
      }
    }
    finished = { period };

    // Coverage: which periods the data's own date range covers only in part.
    const coverageOf = (p: PeriodRef): Coverage | undefined => periodCoverage(p, range);
    const periodCoverageCache = new Map<string, Coverage | undefined>();
    const partialOf = (p: PeriodRef): Coverage | undefined => {
      if (!periodCoverageCache.has(p.label)) periodCoverageCache.set(p.label, coverageOf(p));
      return periodCoverageCache.get(p.label);
    };
    const countPartial = rubric.movement.count_partial_periods === true;
    const evaluatedCoverage = partialOf(period);
    for (const p of dataPeriods.filter((x) => x.start <= period.start)) {
      const c = partialOf(p);
      if (!c || range.outsideLabels.has(p.label)) continue;
      const what = [c.from !== undefined ? `from ${c.from}` : '', c.until !== undefined ? `until ${c.until}` : ''].filter(Boolean).join(' and ');
      const isEvaluated = p.label === period.label;
      findings.push(
        finding(
          'period-partly-covered',
          isEvaluated ? 'warning' : 'info',
          (c.inProgress !== undefined
            ? `period ${p.label} (${p.start} … ${p.end}) is in progress until --as-of ${c.inProgress}` + (c.until !== c.inProgress || c.from !== undefined ? ` (covered by the data only ${what})` : '')
            : `period ${p.label} (${p.start} … ${p.end}) is covered by the data only ${what}`) +
            (isEvaluated ? ': it is graded on partial data' : '') +
            (countPartial ? '; it counts toward promotion and demotion (movement.count_partial_periods)' : '; it does not count toward promotion or demotion runs (set movement.count_partial_periods: true to count it)'),
          undefined,
          source,
          { period: p.label, start: p.start, end: p.end, ...(c.from !== undefined ? { from: c.from } : {}), ...(c.until !== undefined ? { until: c.until } : {}), ...(c.inProgress !== undefined ? { inProgress: c.inProgress } : {}), graded: isEvaluated, countPartial },
        ),
      );
    }

    // Roster.
    const roster = new Map<string, RosterEntry>();
    for (const e of options.roster ?? []) if (!roster.has(e.rep)) roster.set(e.rep, e);
    for (const e of roster.values()) {
      if (e.tier !== undefined && !tiers.rank.has(e.tier)) {
        findings.push(finding('roster-unknown-tier', 'warning', `roster: tier "${e.tier}" of ${e.rep} is not a tier of the rubric; ignored`, e.source, source, { tier: e.tier, rep: e.rep }));
      }
    }

    // History, by rep.
    const history = new Map<string, Map<string, HistoryEntry>>();
    const laterHistory = new Set<string>();
    for (const h of options.history ?? []) {
      let p: PeriodRef;
      try {
        p = parsePeriod(h.period, kind, fys);
      } catch {
        throw new SalesgradeError('history-invalid', `history: "${h.period}" (rep ${h.rep}) is not a ${kind} period of this rubric`);
      }
      if (p.start >= period.start) {
        // Not before the evaluated period: it cannot be history for it. Said once per file and period.
        const key = `${h.file ?? ''}|${p.label}`;
        if (!laterHistory.has(key)) {
          laterHistory.add(key);
          findings.push(
            finding('history-not-before', 'warning', `history: ${h.file ? `${h.file} is` : 'an entry is'} for ${p.label}, not before the evaluated ${period.label}; ignored`, undefined, h.file ?? source, {
              ...(h.file ? { file: h.file } : {}),
              period: p.label,
              evaluated: period.label,
            }),
          );
        }
        continue;
      }
      if (!tiers.rank.has(h.tier) || !tiers.rank.has(h.qualified)) {
        const tier = !tiers.rank.has(h.tier) ? h.tier : h.qualified;
        findings.push(finding('history-unknown-tier', 'warning', `history: tier "${tier}" of ${h.rep} in ${p.label} is not a tier of the rubric; entry ignored`, undefined, source, { tier, rep: h.rep, period: p.label }));
        continue;
      }
      if (!periodRefs.has(p.label)) periodRefs.set(p.label, p);
      let m = history.get(h.rep);
      if (!m) history.set(h.rep, (m = new Map()));
      const prior = m.get(p.label);
      if (prior && (prior.tier !== h.tier || prior.qualified !== h.qualified)) {
        // Two published decisions for one rep and period: which was announced? Not guessed silently.
        findings.push(
          finding(
            'history-conflict',
            'error',
            `history: ${h.rep} in ${p.label} is ${prior.tier} (qualified ${prior.qualified})${prior.file ? ` in ${prior.file}` : ''} but ${h.tier} (qualified ${h.qualified})${h.file ? ` in ${h.file}` : ''}; the later file is used`,
            undefined,
            h.file ?? source,
            {
              rep: h.rep,
              period: p.label,
              tier: prior.tier,
              qualified: prior.qualified,
              ...(prior.file ? { file: prior.file } : {}),
              laterTier: h.tier,
              laterQualified: h.qualified,
              ...(h.file ? { laterFile: h.file } : {}),
            },
          ),
        );
      }
      m.set(p.label, h);
    }

    // Who is evaluated in the period: roster reps (started by its end) and reps with rows in it.
    const walkPeriods = dataPeriods.filter((p) => p.start <= period.start);
    if (history.size > 0) {
      // A gap between the history and the evaluated period: the runs would carry over it unseen.
      const known = new Set<string>(walkPeriods.map((p) => p.label));
      let earliest: PeriodRef | undefined;
      for (const m of history.values()) {
        for (const l of m.keys()) {
          known.add(l);
          const p = periodRefs.get(l)!;
          if (!earliest || p.start < earliest.start) earliest = p;
        }
      }
      const missing = earliest ? periodsOverlapping(earliest.start, dayBefore(period.start), kind, fys).filter((p) => !known.has(p.label)) : [];
      if (missing.length) {
        const names = missing.map((p) => p.label);
        findings.push(
          finding(
            'history-gap',
            'warning',
            `history: no result and no data for ${names.length > 6 ? `${names.slice(0, 6).join(', ')}, … (${names.length} periods)` : names.join(', ')} before ${period.label}: ` +
              `promotion and demotion runs carry over the gap as if nothing happened; add the missing result file${names.length > 1 ? 's' : ''} with --history`,
            undefined,
            source,
            { periods: names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', '), count: names.length, period: period.label },
          ),
        );
      }
    }
    if (options.roster) {
      for (const e of roster.values()) {
        if (reps.has(e.rep) || seenReps.has(e.rep)) continue;
        findings.push(finding('roster-rep-no-data', 'info', `roster: rep "${e.rep}" has no row in the data (any period); graded on zeros`, e.source, source, { rep: e.rep }));
      }
    }
    const names = new Set<string>();
    for (const e of roster.values()) if (!e.startDate || e.startDate <= period.end) names.add(e.rep);
    for (const [rep, rd] of reps) if (rd.periods.has(period.label)) names.add(rep);
    const hasRoster = options.roster !== undefined;
    /** A rep's team or region: the roster's when it has one, else the one the rows of the period name most. */
    const placeRep = (rep: string, field: GroupField, fromRoster: string | undefined, label: string): string => {
      const data = dataGroups.pick(rep, label, field);
      if (fromRoster !== undefined) {
        const other = data?.counts.filter((c) => c.name !== fromRoster);
        if (data && other!.length > 0) {
          findings.push(
            finding('roster-team-mismatch', 'info', `rep "${rep}": the roster puts them in ${field} ${fromRoster}, the data's ${field} column names ${describeCounts(data.counts)} in ${label}; the roster is used`, other![0]!.first, source, { rep, field, roster: fromRoster, ...countFacts(data.counts), period: label }),
          );
        }
        return fromRoster;
      }
      if (!data) return UNASSIGNED;
      if (data.counts.length > 1) {
        findings.push(
          finding(
            'rep-team-conflict',
            'warning',
            `rep "${rep}": the rows of ${label} name several ${field === 'team' ? 'teams' : 'regions'} (${describeCounts(data.counts)}); counted under ${data.name} (the most rows; a tie goes to the latest row)`,
            data.counts[1]!.first,
            source,
            { rep, field, name: data.name, ...countFacts(data.counts), period: label },
          ),
        );
      }
      return data.name;
    };

    const pacing = computePacing(period);
    const results: RepEvaluation[] = [];
    const rosterFolded = new Map<string, string>();
    for (const name of [...roster.keys()].sort(cmpStr)) if (!rosterFolded.has(foldName(name))) rosterFolded.set(foldName(name), name);
    // (added with the engine's rep-name-variants: data reps off the roster named alike but for case, width or spaces)
    const dataFolded = new Map<string, string>();
    for (const name of [...names].sort(cmpStr)) if (!roster.has(name) && reps.has(name) && !dataFolded.has(foldName(name))) dataFolded.set(foldName(name), name);
    const repAccs = new Map<string, (Acc | undefined)[]>();
    const missingTargets = new Map<string, string[]>();
    for (const rep of [...names].sort(cmpStr)) {
      const entry = roster.get(rep);
      const rd = reps.get(rep);
      const placed = (field: GroupField): string => placeRep(rep, field, entry?.[field], period.label);
      const team = placed('team');
      const region = placed('region');
      if (hasRoster && !entry) {
        // A roster name equal but for case, width or spaces: not merged (which spelling is right cannot
        // be told), but named, and an error under --strict — the money is split between two people.
        const near = rosterFolded.get(foldName(rep));
        const under = team === UNASSIGNED ? UNASSIGNED : `team ${team} from the data`;
        findings.push(
          finding(
            'rep-not-in-roster',
            near !== undefined && options.strict ? 'error' : 'warning',
            `rep "${rep}" is in the data but not in the roster; counted under ${under}` + (near !== undefined ? ` (did you mean "${near}"?)` : ''),
            rd?.first,
            source,
            { rep, ...(team === UNASSIGNED ? {} : { team }), ...(near !== undefined ? { near } : {}) },
          ),
        );
      }
      const twin = entry ? undefined : dataFolded.get(foldName(rep));
      if (twin !== undefined && twin !== rep && !(hasRoster && rosterFolded.has(foldName(rep)))) {
        findings.push(
          finding(
            'rep-name-variants',
            options.strict ? 'error' : 'warning',
            `rep "${rep}" and rep "${twin}" differ only in case, width or spaces; they are graded as two people, each with part of the rows (write one spelling in the export)`,
            rd?.first,
            source,
            { rep, near: twin },
          ),
        );
      }
      // Periods this rep is assessed in, oldest first.
      const startPeriod = entry?.startDate && isValidIsoDate(entry.startDate) ? periodOf(entry.startDate, kind, fys) : undefined;
      const firstData = entry ? undefined : walkPeriods.find((p) => rd?.periods.has(p.label));
      const own = walkPeriods.filter((p) => {
        if (startPeriod && p.start < startPeriod.start) return false;
        if (!entry && firstData && p.start < firstData.start) return false;
        return true;
      });
      const hist = history.get(rep);
      const timeline = new Map<string, PeriodRef>();
      for (const p of own) timeline.set(p.label, p);
      if (hist) for (const l of hist.keys()) timeline.set(l, periodRefs.get(l)!);
      const ordered = [...timeline.values()].sort(comparePeriods);
      const initialTier = entry?.tier !== undefined && tiers.rank.has(entry.tier) ? entry.tier : undefined;
      const state: MovementState = initialState(initialTier);
      let final: RepEvaluation | undefined;
      const trail: NonNullable<RepEvaluation['trail']> = [];
      for (const p of ordered) {
        const h = hist?.get(p.label);
        if (h && p.label !== period.label) {
          const before = state.current;
          restore(state, h, tiers);
          const t: (typeof trail)[number] = { period: p.label, source: 'history', qualified: h.qualified, tier: h.tier };
          if (before !== undefined) t.current = before;
          trail.push(t);
          continue;
        }
        const before = state.current;
        const ctx = { rep, team, region, tier: before };
        const isFinal = p.label === period.label;
        const r = evaluatePeriod(rd?.periods.get(p.label) ?? [], p, ctx, isFinal ? pacing : undefined, isFinal);
        const tenure = startPeriod
          ? p.start <= startPeriod.start
            ? 0
            : periodsOverlapping(startPeriod.start, dayBefore(p.start), kind, fys).length
          : state.seen;
        const cov = partialOf(p);
        const skip = cov !== undefined && !countPartial;
        if (!isFinal && skip) {
          // A partly covered earlier period: graded for the trail, but no step (not even "new").
          const t: (typeof trail)[number] = { period: p.label, source: 'data', score: r.score, qualified: r.qual.qualified, tier: before ?? r.qual.qualified, partial: cov };
          if (before !== undefined) t.current = before;
          trail.push(t);
          continue;
        }
        const st = skip
          ? holdStep(state, r.qual.qualified, tiers, tenure, rubric.movement, coverageFact(p, cov))
          : step(state, r.qual.qualified, tiers, rubric.movement, tenure);
        if (p.label !== period.label) {
          const t: (typeof trail)[number] = { period: p.label, source: 'data', score: r.score, qualified: r.qual.qualified, tier: st.tier, movement: st.movement };
          if (before !== undefined) t.current = before;
          trail.push(t);
          continue;
        }
        const accs = rd?.periods.get(p.label) ?? [];
        repAccs.set(rep, accs);
        const reason = decisionFact(r.score, r.qual, st, unitOfMetric, rubric.precision);
        const ev: RepEvaluation = {
          rep,
          team,
          region,
          inRoster: entry !== undefined,
          kpis: r.kpis,
          metrics: traces(accs, r.values, p),
          score: r.score,
          rawScore: r.raw,
          exactRawScore: r.exactRaw,
          rank: 0,
          decision: buildDecision(before, r.qual, st, reason, { state, tiers, ...(skip ? { partial: cov } : {}) }),
          trail,
        };
        if (entry?.manager !== undefined) ev.manager = entry.manager;
        const action = rubric.actions?.[st.tier];
        if (action) ev.action = { ...action };
        for (const k of r.kpis) {
          if (k.target === null && k.actual !== null) {
            const list = missingTargets.get(k.kpi) ?? [];
            list.push(rep);
            missingTargets.set(k.kpi, list);
          }
        }
        final = ev;
      }
      if (final) results.push(final);
    }
    for (const [kpi, list] of [...missingTargets].sort((a, b) => cmpStr(a[0], b[0]))) {
      const reps = `${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''}`;
      findings.push(finding('target-missing', 'warning', `kpi ${kpi} has no target for ${list.length} rep(s): ${reps}; it scores 0 points (or is excluded with missing: exclude)`, undefined, source, { kpi, count: list.length, reps }));
    }

    // Ranking: score descending, then rep; competition ranks (1, 2, 2, 4).
    results.sort((a, b) => b.score.cmp(a.score) || cmpStr(a.rep, b.rep));
    results.forEach((r, i) => {
      r.rank = i > 0 && results[i - 1]!.score.eq(r.score) ? results[i - 1]!.rank : i + 1;
      const d = distanceToNext(r);
      if (d) r.distanceToNext = d;
    });

    // Roll-ups.
    const repKpiOfMetric = new Map<string, number>();
    rubric.kpis.forEach((k, i) => {
      if (!repKpiOfMetric.has(k.metric)) repKpiOfMetric.set(k.metric, i);
    });
    const group = (level: GroupEvaluation['level'], name: string, members: RepEvaluation[]): GroupEvaluation => {
      const merged = mergeMembers(metrics, members.map((m) => repAccs.get(m.rep) ?? []));
      const values = metricValues(metrics, merged);
      const exact = exactValues(metrics, merged);
      const g: GroupEvaluation = {
        level,
        name,
        members: members.map((m) => m.rep).sort(cmpStr),
        metrics: Object.fromEntries(metrics.map((m) => [m.id, values[m.index]!])),
        targets: groupTargets(rubric.kpis, metricIndex, metrics, members),
        tierCounts: tierCounts(members, tiers.list.map((t) => t.id)),
      };
      // `(unassigned)` gathers reps nobody manages: listed with its members' numbers, never graded as a team.
      const lvl = level === 'company' || name === UNASSIGNED ? undefined : rubric.levels?.[level];
      if (lvl) {
        const lvlTiers = orderTiers(lvl.tiers);
        const kpis = lvl.kpis.map((k) => {
          let target: Decimal | null;
          let targetSource: string;
          let origin: ResolvedTarget['origin'];
          // issue 15: a level's target is scored on its exact value (members: their exact targets summed)
          let targetExact: ResolvedTarget['exact'];
          if (k.target === 'members') {
            const ri = repKpiOfMetric.get(k.metric);
            const m = metrics[metricIndex.get(k.metric)!]!;
            if (m.agg === 'distinct') {
              // A distinct count rolls up as a union, never a sum: no members' target, out of the score.
              return scoreOne(distinctMembersKpi(k), values, exact, { target: null, source: 'members (none for a distinct count)', origin: { from: { code: 'members', rule: 'distinct-none' } } }, undefined);
            }
            target = ri === undefined ? null : combineTargets(m, members.map((r) => memberKpi(r, ri, kpiIdOf(rubric.kpis[ri]!))?.target ?? null));
            if (ri !== undefined && target !== null) {
              targetExact = combineExactTargets(
                m,
                members.map((r) => {
                  const mk = memberKpi(r, ri, kpiIdOf(rubric.kpis[ri]!));
                  return mk ? { target: mk.target, exact: mk.exact?.target } : { target: null };
                }),
              );
            }
            targetSource = isAdditive(m) ? 'members (sum)' : 'members (mean)';
            origin = { from: { code: 'members', rule: isAdditive(m) ? 'sum' : 'mean' } };
          } else {
            const file = options.fileTargets?.[`levels.${level}:${kpiIdOf(k)}`];
            const t = pickTarget(k, {
              team: level === 'team' ? name : undefined,
              region: level === 'region' ? name : undefined,
              period,
              periodKind: kind,
              fiscalYearStart: fys,
              prorate,
              ...(file ? { file } : {}),
            } as Parameters<typeof pickTarget>[1]);
            target = t.target;
            targetSource = t.source;
            origin = t.origin;
            targetExact = t.exact;
          }
          const resolved: ResolvedTarget = origin ? { target, source: targetSource, origin } : { target, source: targetSource };
          if (targetExact !== undefined) resolved.exact = targetExact;
          return scoreOne(k, values, exact, resolved, undefined);
        });
        g.kpis = kpis;
        // Nothing left to score (e.g. only distinct counts against members): no score, rather than 0.
        if (kpis.some((k) => !k.excluded)) {
          const { score } = totalScore(kpis, rubric.precision);
          g.score = score;
          g.tier = qualify(lvlTiers, score, (id) => valueOf(values, id)).qualified;
        }
      }
      return g;
    };
    const byKey = (key: (r: RepEvaluation) => string, level: 'team' | 'region'): GroupEvaluation[] => {
      const m = new Map<string, RepEvaluation[]>();
      for (const r of results) {
        const k = key(r);
        const list = m.get(k) ?? [];
        list.push(r);
        m.set(k, list);
      }
      return [...m.keys()].sort(compareGroupNames).map((k) => group(level, k, m.get(k)!));
    };
    const teams = byKey((r) => r.team, 'team');
    const regions = byKey((r) => r.region, 'region');
    const company = group('company', rubric.name, results);

    const total = results.length;
    const distribution = tiers.list.map((t) => {
      const count = results.filter((r) => r.decision.tier === t.id).length;
      return { tier: t.id, label: tierLabelOf(t, locale), count, share: total ? count / total : 0 };
    });

    // Row counts for the evaluated period.
    const excluded: Partial<Record<ExclusionReason, number>> = { ...readerExcluded };
    let counted = 0;
    const bump = (reason: ExclusionReason, n: number): void => {
      if (n > 0) excluded[reason] = (excluded[reason] ?? 0) + n;
    };
    for (const [label, { n }] of singleFed) {
      if (label === period.label) counted += n;
      else bump('out-of-period', n);
    }
    for (const [label, n] of singleFiltered) bump(label === period.label ? 'filtered' : 'out-of-period', n);
    bump('no-date', noDate);
    bump('after-as-of', afterAsOf);
    for (const [key, n] of signatures) {
      const [fed = '', filtered = '', hasDate, future] = key.split('|');
      const reason = rowReason(fed, filtered, hasDate === '1', future === '1', period.label);
      if (reason === null) counted += n;
      else bump(reason, n);
    }
    const sortedExcluded: Partial<Record<ExclusionReason, number>> = {};
    for (const k of Object.keys(excluded).sort() as ExclusionReason[]) sortedExcluded[k] = excluded[k]!;

    const manifest: Manifest = { ...options.manifest, period: period.label };
    if (options.asOf !== undefined) manifest.asOf = options.asOf;
    const ev: Evaluation = {
      manifest,
      locale,
      currency,
      period,
      periods: dataPeriods,
      kpis: rubric.kpis.map((k) => ({
        kpi: kpiIdOf(k),
        metric: k.metric,
        label: kpiLabel(k),
        weight: k.weight,
        unit: unitOfMetric(k.metric),
        // (added with the distinct roll-up legend: the flag the reports read)
        ...(metrics[metricIndex.get(k.metric) ?? -1]?.agg === 'distinct' ? { distinct: true as const } : {}),
      })),
      tiers: tiers.list.map((t) => {
        const out: Evaluation['tiers'][number] = { id: t.id, label: tierLabelOf(t, locale), minScore: t.min_score };
        if (t.color !== undefined) out.color = t.color;
        return out;
      }),
      reps: results,
      teams,
      regions,
      company,
      distribution,
      findings: findings.sort(compareDiagnostics),
      rows: { read: added + readerExcludedTotal, counted, excluded: sortedExcluded },
    };
    if (pacing) ev.pacing = pacing;
    if (range.first !== undefined && range.last !== undefined) ev.dataRange = { first: range.first, last: range.last };
    if (evaluatedCoverage) ev.coverage = evaluatedCoverage;
    const loss = lossIn(period.label);
    if (loss) {
      ev.dataLoss = loss;
      const reasons = Object.entries(loss.byReason).map(([r, n]) => `${r} ${n}`).join(', ');
      const money = loss.money.filter((m) => !m.amount.isZero()).map((m) => `${m.field} ${formatMoney(m.amount.toFixed(), currency)}`).join(', ');
      const at = loss.sample.map(placeOf).join(', ');
      ev.findings.push(
        finding(
          'kpi-rows-lost',
          options.strict ? 'error' : 'warning',
          `${loss.rows} row(s) that would feed a KPI in ${period.label} were not counted because of data problems (${reasons})` +
            `${money ? `; not counted: ${money}` : ''}${loss.unknownAmounts ? `; ${loss.unknownAmounts} of them with an unreadable amount` : ''}; first at ${at}`,
          // A summary of rows that each carry their own finding: on the file, not on one row's cell.
          undefined,
          loss.sample[0]?.file ?? source,
          { rows: loss.rows, period: period.label, reasons, money, unknownAmounts: loss.unknownAmounts, at },
        ),
      );
      ev.findings.sort(compareDiagnostics);
    }
    return ev;
  };

  /** The rows lost to data problems that would have fed a KPI in `label` (or in a period that cannot be known). */
  function lossIn(label: string): DataLoss | undefined {
    let rows = 0;
    let unknownAmounts = 0;
    const byReason: Partial<Record<ExclusionReason, number>> = {};
    const money = new Map<string, Decimal>();
    let sample: SourceRef[] = [];
    for (const [key, b] of lossBuckets) {
      const ps = key.split(',');
      if (!ps.includes(label) && !ps.includes(ANY_PERIOD)) continue;
      rows += b.rows;
      unknownAmounts += b.unknownAmounts;
      for (const [r, n] of Object.entries(b.byReason) as [ExclusionReason, number][]) byReason[r] = (byReason[r] ?? 0) + n;
      for (const [f, v] of b.money) money.set(f, (money.get(f) ?? ZERO).plus(v));
      sample = [...sample, ...b.sample];
    }
    if (rows === 0) return undefined;
    sample.sort(compareSource);
    const sortedReasons: Partial<Record<ExclusionReason, number>> = {};
    for (const k of Object.keys(byReason).sort() as ExclusionReason[]) sortedReasons[k] = byReason[k]!;
    return {
      rows,
      byReason: sortedReasons,
      money: moneyFields.map((field) => ({ field, amount: money.get(field) ?? ZERO })),
      unknownAmounts,
      sample: sample.slice(0, LOSS_SAMPLE),
    };
  }

  // ---- helpers that need the rubric -----------------------------------------------------------
  /** Base metrics behind a KPI (rep or level KPIs, through ratios) or a tier gate. */
  function kpiBaseMetrics(): CompiledMetric[] {
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
    return base.filter((m) => want.has(m.index));
  }

  /** The data's own date range (see coverage.ts), from the dates that placed rows (after `asOf`: none). */
  function dateRange(): DateRange<DateInfo> {
    return dataDateRange([...dateInfo.values()].filter((x): x is DateInfo => x !== null && !x.future && x.n > 0));
  }

  /** The default period (see coverage.ts), from the rows that fed a metric per period. */
  function choosePeriod(dataPeriods: PeriodRef[], range: DateRange<DateInfo>): DefaultPeriod | undefined {
    const rows = new Map<string, number>();
    for (const [l, { n }] of singleFed) rows.set(l, (rows.get(l) ?? 0) + n);
    for (const [key, n] of signatures) {
      const fed = key.split('|')[0]!;
      if (fed) for (const l of fed.split(',')) rows.set(l, (rows.get(l) ?? 0) + n);
    }
    return defaultPeriod(dataPeriods, rows, range.outsideLabels);
  }

  function periodCoverage(p: PeriodRef, range: DateRange<DateInfo>): Coverage | undefined {
    return coverageOf(p, range, asOf, options.workdays ?? weekdaysBetween);
  }

  function describeDateFields(): string {
    const fields = [...new Set(base.map((m) => m.dateField))].sort();
    return `metrics place rows in periods by ${fields.join(', ')}; check that the export has ${fields.length > 1 ? 'these date columns' : 'this date column'} with dates`;
  }

  function unitOfMetric(id: string): Unit {
    const i = metricIndex.get(id);
    return i === undefined ? 'number' : metrics[i]!.unit;
  }

  function kpiLabel(k: KpiShape): string {
    return k.label ?? metricLabelOf(k.metric, rubric.metrics[k.metric], locale);
  }

  function valueOf(values: (Decimal | null)[], id: string): Decimal | null {
    const i = metricIndex.get(id);
    return i === undefined ? null : values[i]!;
  }

  function noValueRatio(values: (Decimal | null)[], m: CompiledMetric): { num: ValueFact; den: ValueFact } | undefined {
    if (!m.ratio) return undefined;
    const num = metrics[m.ratio[0]]!;
    const den = metrics[m.ratio[1]]!;
    return { num: { metric: num.id, value: values[num.index] ?? null, unit: num.unit }, den: { metric: den.id, value: values[den.index] ?? null, unit: den.unit } };
  }

  function scoreOne(
    k: KpiShape,
    values: (Decimal | null)[],
    exact: (Rational | null)[],
    resolved: ResolvedTarget,
    pacing: Evaluation['pacing'],
    explain = true,
  ): KpiResult {
    const m = metrics[metricIndex.get(k.metric)!]!;
    const actual = values[m.index]!;
    const { target, source: targetSource } = resolved;
    const why = actual === null && explain ? noValueRatio(values, m) : undefined;
    const input: Parameters<typeof scoreKpi>[0] = {
      kpi: k,
      id: kpiIdOf(k),
      label: kpiLabel(k),
      unit: m.unit,
      actual,
      target,
      actualExact: exact[m.index]!,
      targetSource,
      explain,
    };
    if (resolved.exact !== undefined) input.targetExact = resolved.exact;
    if (resolved.origin !== undefined) input.targetOrigin = resolved.origin;
    if (resolved.proration !== undefined) input.targetProration = resolved.proration;
    if (why !== undefined) input.noValueRatio = why;
    const r = scoreKpi(input);
    if (pacing && !pacing.fraction.isZero()) {
      const ptdTarget = target === null ? null : isAdditive(m) ? target.mul(pacing.fraction) : target;
      const projected = actual === null ? null : isAdditive(m) ? actual.div(pacing.fraction) : actual;
      r.pacing = {
        target: ptdTarget,
        attainment: attainmentOf(k, actual, ptdTarget),
        projected,
        projectedAttainment: attainmentOf(k, projected, target),
      };
    }
    return r;
  }

  function evaluatePeriod(
    accs: (Acc | undefined)[],
    p: PeriodRef,
    ctx: { rep: string; team: string; region: string; tier: string | undefined },
    pacing: Evaluation['pacing'],
    final: boolean,
  ): PeriodResult {
    const values = metricValues(metrics, accs);
    const exact = exactValues(metrics, accs);
    const kpis = rubric.kpis.map((k) => {
      const tctx: Parameters<typeof pickTarget>[1] = {
        rep: ctx.rep,
        team: ctx.team,
        region: ctx.region,
        period: p,
        periodKind: kind,
        fiscalYearStart: fys,
        prorate,
      };
      if (ctx.tier !== undefined) tctx.tier = ctx.tier;
      const file = options.fileTargets?.[kpiIdOf(k)];
      if (file) tctx.file = file;
      const t = pickTarget(k, tctx);
      return scoreOne(k, values, exact, t, pacing, final);
    });
    const total = totalScore(kpis, rubric.precision);
    const qual = qualify(tiers, total.score, (id) => valueOf(values, id));
    return { values, kpis, raw: total.raw, exactRaw: total.exact, score: total.score, qual };
  }

  function traces(accs: (Acc | undefined)[], values: (Decimal | null)[], p: PeriodRef): Record<string, MetricTrace> {
    const out: Record<string, MetricTrace> = {};
    for (const m of metrics) {
      const acc = accs[m.index];
      const value = values[m.index]!;
      let rows = acc?.rows ?? 0;
      let sample = acc ? acc.sample : []; // shared: an accumulator is not fed after finish()
      let formulaFacts: FormulaFact;
      if (m.ratio) {
        const [a, b] = m.ratio;
        rows = (accs[a]?.rows ?? 0) + (accs[b]?.rows ?? 0);
        sample = [];
        formulaFacts = { code: 'metric-ratio', unit: m.unit, num: { metric: metrics[a]!.id, value: values[a]!, unit: metrics[a]!.unit }, den: { metric: metrics[b]!.id, value: values[b]!, unit: metrics[b]!.unit } };
      } else {
        formulaFacts = { code: 'metric-rows', unit: m.unit, agg: m.agg, dateField: m.dateField, period: p.label, rows };
        if (m.agg !== 'count') formulaFacts.field = m.field!;
        const where = describeWhere(m.def.where);
        if (where) formulaFacts.where = where;
      }
      out[m.id] = { metric: m.id, value, rows, sample, formulaFacts };
    }
    return out;
  }

  function computePacing(p: PeriodRef): Evaluation['pacing'] {
    const asOf = options.asOf;
    if (asOf === undefined || !isValidIsoDate(asOf) || asOf < p.start || asOf >= p.end) return undefined;
    const wd = options.workdays ?? weekdaysBetween;
    const elapsed = wd(p.start, asOf);
    const total = wd(p.start, p.end);
    if (total <= 0) return undefined;
    return { elapsedWorkdays: elapsed, totalWorkdays: total, fraction: new D(elapsed).div(total) };
  }

  /** Points to the tier above the qualified one, and what the heaviest KPI alone would need. */
  function distanceToNext(r: RepEvaluation): RepEvaluation['distanceToNext'] {
    const qi = tiers.rank.get(r.decision.qualified)!;
    if (qi === 0) return undefined;
    const next = tiers.list[qi - 1]!;
    const gap = new D(next.min_score).minus(r.score);
    const out: NonNullable<RepEvaluation['distanceToNext']> = { tier: next.id, points: gap.isNegative() ? ZERO : gap };
    const failing = r.decision.gates.find((g) => g.tier === next.id)?.results.filter((x) => !x.passed).map((x) => x.metric);
    if (failing?.length) out.blockedBy = failing;
    if (!gap.isPositive()) return out;
    // Heaviest KPI: largest weight, first in rubric order on ties.
    let hi = 0;
    rubric.kpis.forEach((k, i) => {
      if (k.weight > rubric.kpis[hi]!.weight) hi = i;
    });
    const k = rubric.kpis[hi]!;
    const res = r.kpis[hi]!;
    if (res.excluded || res.actual === null || res.target === null) return out;
    const scale = excludeScale(r.kpis);
    const exact = { actual: res.exact?.actual ?? rat(res.actual), target: res.exact?.target ?? rat(res.target), points: res.exact?.points ?? rat(res.points) };
    const raw = r.exactRawScore ?? rat(r.rawScore);
    // From the exact unrounded score, so that rounding does not ask for more than needed.
    const need = R.add(exact.points, R.div(R.sub(rat(next.min_score), raw), scale));
    const a = neededAttainment(k, need);
    if (a === null) return out;
    const m = metrics[metricIndex.get(k.metric)!]!;
    let amount: Rational;
    if (k.direction === 'lower') {
      if (R.isZero(a)) return out;
      amount = R.sub(exact.actual, R.div(exact.target, a));
    } else amount = R.sub(R.mul(a, exact.target), exact.actual);
    if (R.sign(amount) <= 0) return out;
    const dp = m.unit === 'count' ? 0 : m.unit === 'money' ? 2 : 4;
    out.kpi = { kpi: res.kpi, metric: k.metric, amount: new D(R.toFixedUp(amount, dp)) };
    return out;
  }

  // ---- classify --------------------------------------------------------------------------------
  const classify = (record: ActivityRecord): RowAnnotation => {
    if (!finished) throw new SalesgradeError('internal', 'classify() before finish()');
    const target = finished.period.label;
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
        pushUnique(otherPeriods, label);
        continue;
      }
      if (m.where && !m.where(fields)) {
        filteredIds.push(m.id);
        continue;
      }
      if (countsFor(m, fields)) fedIds.push(m.id);
      else filteredIds.push(m.id);
    }
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

  return { add, exclude, finish, classify };
}

/** Whether a row that passed `where` counts for the metric (mirrors metrics.feed). */
function countsFor(m: CompiledMetric, fields: ActivityRecord['fields']): boolean {
  if (m.agg === 'count') return true;
  const v = fields[m.field!];
  if (m.agg === 'distinct') return v !== null && v !== undefined && (typeof v === 'string' ? v.trim() !== '' : true);
  return numeric(v) !== null;
}

function rowReason(fed: string, filtered: string, hasDate: boolean, future: boolean, period: string): ExclusionReason | null {
  if (fed.split(',').includes(period)) return null;
  if (filtered.split(',').includes(period)) return 'filtered';
  if (future) return 'after-as-of';
  return hasDate ? 'out-of-period' : 'no-date';
}

/** `file:row`, or `file!sheet:row`, for messages. */
function placeOf(r: SourceRef): string {
  return `${r.file}${r.sheet !== undefined ? `!${r.sheet}` : ''}:${r.row}`;
}

/** Rows kept per far-outside date, and per set of periods for rows lost to data problems. */
const DATE_SAMPLE = 3;
const LOSS_SAMPLE = 5;
/** A lost row's period cannot be known (no date, or a bad one): it counts for any evaluated period. */
const ANY_PERIOD = '*';
/** In `badFields`: every field is unknown. */
const EVERY_FIELD = '*';

interface DateInfo extends DatedCount {
  future: boolean;
  sample: SourceRef[];
  /** The first date field it was seen in, for messages. */
  field: string;
}

interface LossBucket {
  rows: number;
  byReason: Partial<Record<ExclusionReason, number>>;
  money: Map<string, Decimal>;
  unknownAmounts: number;
  sample: SourceRef[];
}

function dayBefore(d: IsoDate): IsoDate {
  const n = dayNumber(d) - 1;
  const dt = new Date(n * 86_400_000);
  return dt.toISOString().slice(0, 10);
}

/** `metrics.deals_closed.where.stage: "Lsot" matches no row (did you mean "Lost"?); the column holds "Won" (120 rows), …`. */
/** An error under `--strict`: a value no row matches can zero a metric for everyone, so grades could be affected. */
function whereValueFinding(u: WhereValueFinding, rubricPath: string, strict: boolean): Diagnostic {
  const holds = u.top.length
    ? `the column holds ${u.top.map((t) => `"${t.value}" (${t.rows} row${t.rows === 1 ? '' : 's'})`).join(', ')}${u.top.length === 5 ? ', …' : ''}`
    : `no row has a ${u.field} value`;
  return {
    code: 'where-value-unmatched' satisfies FindingCode,
    severity: strict ? 'error' : 'warning',
    message: `metrics.${u.metric}.where.${u.field}: "${u.value}" matches no row${u.near !== undefined ? ` (did you mean "${u.near}"?)` : ''}; ${holds}`,
    source: rubricPath,
    path: ['metrics', u.metric, 'where', u.field],
    data: {
      metric: u.metric,
      field: u.field,
      value: u.value,
      ...(u.near !== undefined ? { near: u.near } : {}),
      top: u.top.map((t) => `"${t.value}" ×${t.rows}`).join(', '),
      more: u.top.length === 5,
    },
  };
}

/** A rep name compared loosely, for "did you mean": NFKC (width), lower case, no whitespace. */
function foldName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** `data`: the message's facts, from which report/ renders it in the report's language. */
function finding(code: FindingCode, severity: Diagnostic['severity'], message: string, at: SourceRef | undefined, fallback: string, data?: FindingData): Diagnostic {
  const d: Diagnostic = { code, severity, message, source: at?.file ?? fallback };
  if (at?.sheet !== undefined) d.sheet = at.sheet;
  if (at) d.row = at.row;
  if (data !== undefined) d.data = data;
  return d;
}

/** Types callers may need alongside the evaluator. */
export type { RubricShape } from '../../../../src/engine/rubric-shape.js';
export type { FileTargets } from '../../../../src/engine/targets.js';
