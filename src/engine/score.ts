/**
 * MetricTable → Evaluation: `score(rubric, table, options)` grades every rep of one period from the
 * aggregated table (engine/aggregate.ts): targets, KPI points, the score rounded once, the qualified
 * tier, the movement walk over the rep's earlier periods and history, ranks, roll-ups and the findings
 * about the data that the table records. Pure and repeatable: it touches no row and never changes the
 * table, so one aggregation can be scored many times (other periods, other thresholds, other rubrics
 * whose metrics the table holds).
 */
import type { Decimal } from 'decimal.js';
import { compareDiagnostics, type Diagnostic, type FindingData } from '../shared/diagnostic.js';
import { SalesgradeError, templatedError } from '../shared/errors.js';
import type { FindingCode } from '../shared/finding-codes.js';
import type {
  Coverage,
  DataLoss,
  Evaluation,
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
  FormulaFact,
  SourceRef,
  Unit,
  ValueFact,
} from './types.js';
import { compact, D, ZERO } from './decimal.js';
import { formatMoney } from '../shared/format.js';
import { compareSource, compileMetrics, exactMetricValue, exactValues, floatValue, isAdditive, mergeAcc, metricValues, newGroupAcc, type Acc, type CompiledMetric } from './metrics.js';
import { coverageOf, dataDateRange, defaultPeriod, type DateRange } from './coverage.js';
import { comparePeriods, dayNumber, isValidIsoDate, parsePeriod, periodOf, periodsOverlapping, weekdaysBetween } from './periods.js';
import { compareGroupNames, groupManagers, levelGrade, mergeMembers, rollUpGroup, UNASSIGNED, type MemberTarget } from './rollup.js';
import { groupDistinctKey } from './sql/to-table.js';
import { countFacts, describeCounts, type GroupField } from './data-groups.js';
import type { WhereNearValue, WhereValueFinding } from './where.js';
import { kpiIdOf, metricLabelOf, tierLabelOf, type KpiShape, type RubricShape } from './rubric-shape.js';
import { attainmentOf, distanceToNext, quickKpi, quickRoundedScore, scoreKpi, totalScore, type QuickKpi } from './scoring.js';
import * as R from '../shared/rational.js';
import { rat, type Rational } from '../shared/rational.js';
import { makeCalendarDayProrate, pickTarget, type FileTargets, type ResolvedTarget } from './targets.js';
import { buildDecision, coverageFact, decisionFact, holdStep, initialState, orderTiers, qualify, step, walkTimeline, type Graded, type Qualification, type Step } from './tiers.js';
import { describeWhere } from './where.js';
import { pipelineCoverage } from './pipeline.js';
import { RepPacker } from './packed-rep.js';
import type { PeriodView } from './view.js';
import { ANY_PERIOD, fedRowsByPeriod, kpiBaseMetrics, LOSS_SAMPLE, rowCounts, type DateInfo, type EmptySumBucket, type MetricTable, type RepCells } from './aggregate.js';

export interface ScoreOptions {
  manifest: Omit<Manifest, 'period' | 'asOf'>;
  /**
   * Period label; default: the latest period holding at least a tenth as many rows as the busiest
   * period, among periods inside the data's own range (see coverage.ts `defaultPeriod`).
   */
  period?: string;
  /** Pacing inside an open period (the table should be aggregated with the same `asOf`). */
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
  /**
   * The period is a view (engine/view.ts; the rubric given is already re-shaped to its kind): no history
   * is read, no earlier period walked, and each tier is the qualified one with movement `view`.
   */
  view?: PeriodView;
  /**
   * The table is scored for the last time (its aggregator is done with it): each rep's cells, teams
   * and samples are let go of once the rep is graded, the roll-ups merging the members' cells as they go,
   * so the table and the Evaluation are not alive in full together. The table is spent after (a table
   * from a warehouse, with `groupDistinct`, is never consumed).
   */
  consume?: boolean;
}

/** A level's group in an earlier period, gathered over its members then (managers' movement). */
interface EarlierGroup {
  /** The members' cells merged, for the metrics the level reads (the others: none). */
  merged: (Acc | undefined)[];
  /** By rep KPI index: each member's target, in member order. */
  targets: Map<number, MemberTarget[]>;
  /** Members with a cell in the period (a warehouse table's distinct counts are checked against them). */
  withRows: string[];
}

/** A resolved target and its value as a double (the quick path). */
interface TargetEntry {
  resolved: ResolvedTarget;
  float: number | null;
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

/** Every KPI (rep and level) names a metric of the rubric. */
export function checkKpiMetrics(rubric: RubricShape): void {
  const ids = new Set(Object.keys(rubric.metrics));
  for (const [i, k] of rubric.kpis.entries()) {
    if (!ids.has(k.metric)) throw new SalesgradeError('rubric-invalid', `kpis[${i}]: unknown metric "${k.metric}"`);
  }
  for (const lvl of ['team', 'region'] as const) {
    for (const [i, k] of (rubric.levels?.[lvl]?.kpis ?? []).entries()) {
      if (!ids.has(k.metric)) throw new SalesgradeError('rubric-invalid', `levels.${lvl}.kpis[${i}]: unknown metric "${k.metric}"`);
    }
  }
}

/** What decides a base metric's accumulator: the same signature aggregates the same way. */
export function metricSignature(m: CompiledMetric): string {
  return JSON.stringify([m.agg, m.field ?? null, m.dateField, m.def.where ?? null]);
}

/**
 * How the scored rubric's metrics read the table's columns: null when they are the table's own (the
 * usual case), else for each metric index the table's column (ratios: -1). A base metric the table
 * lacks (or holds with another definition) is an internal error: the caller aggregated another rubric.
 */
export function columnsOf(metrics: readonly CompiledMetric[], table: MetricTable): number[] | null {
  const own = metrics.length === table.metrics.length && metrics.every((m, i) => m.id === table.metrics[i]!.id && (m.ratio ? !!table.metrics[i]!.ratio : metricSignature(m) === metricSignature(table.metrics[i]!)));
  if (own) return null;
  const bySig = new Map<string, number>();
  for (const t of table.metrics) if (!t.ratio) bySig.set(`${t.id}\u0000${metricSignature(t)}`, t.index);
  const bySigOnly = new Map<string, number>();
  for (const t of table.metrics) if (!t.ratio && !bySigOnly.has(metricSignature(t))) bySigOnly.set(metricSignature(t), t.index);
  return metrics.map((m) => {
    if (m.ratio) return -1;
    const sig = metricSignature(m);
    const col = bySig.get(`${m.id}\u0000${sig}`) ?? bySigOnly.get(sig);
    if (col === undefined) throw new SalesgradeError('internal', `metric ${m.id} is not in the metric table (aggregated from another rubric)`);
    return col;
  });
}

/** The sample of a trace with none (a ratio's, a metric no row fed): one shared, frozen array. */
const NO_TRACE_SAMPLE: SourceRef[] = Object.freeze([]) as unknown as SourceRef[];

export function score(rubric: RubricShape, table: MetricTable, options: ScoreOptions): Evaluation {
  /** A metric's `metric-rows` facts by period and row count, shared by every rep they describe. */
  const rowFacts = new Map<string, FormulaFact>();
  /** Samples made exact-length, by the table's array (an array several metrics share stays one). */
  const compactSamples = new WeakMap<SourceRef[], SourceRef[]>();
  /** Chooses the rubric's labels (`labels: { en: … }`); no prose is written here (report/evaluation-text.ts). */
  const locale = rubric.locale;
  const currency = rubric.currency;
  const fys = rubric.fiscal_year_start;
  const kind = rubric.period;
  if (kind !== table.periodKind || fys !== table.fiscalYearStart) {
    throw new SalesgradeError('internal', `the metric table is by ${table.periodKind} (fiscal year from month ${table.fiscalYearStart}), the rubric by ${kind} (from month ${fys})`);
  }
  checkKpiMetrics(rubric);
  const metrics = compileMetrics(rubric);
  const metricIndex = new Map(metrics.map((m) => [m.id, m.index]));
  const base = metrics.filter((m) => !m.ratio);
  const tiers = orderTiers(rubric.tiers);
  const prorate = options.prorate ?? makeCalendarDayProrate(fys);
  const asOf = options.asOf !== undefined && isValidIsoDate(options.asOf) ? options.asOf : undefined;
  const columns = columnsOf(metrics, table);
  const NO_CELLS: (Acc | undefined)[] = [];
  /** The rep's accumulators in a period, in this rubric's metric order. */
  const cellsOf = (rd: RepCells | undefined, label: string): (Acc | undefined)[] => {
    const accs = rd?.periods.get(label);
    if (!accs) return NO_CELLS;
    return columns === null ? accs : columns.map((c) => (c < 0 ? undefined : accs[c]));
  };
  const periodRefs = new Map(table.periods);
  const fedPeriods = table.fedPeriods;
  const reps = table.reps;
  const moneyFields = table.ledger.moneyFields;
  const range: DateRange<DateInfo> =
    table.dates.length === 0 && table.dataRange ? { first: table.dataRange.first, last: table.dataRange.last, outliers: [], outsideLabels: new Set() } : dataDateRange(table.dates);
  const fileTargetsOf = rubric.kpis.map((k) => options.fileTargets?.[kpiIdOf(k)]);
  const targetMemo = rubric.kpis.map(() => new Map<string, TargetEntry>());
  const kpiMetricIndex = rubric.kpis.map((k) => metricIndex.get(k.metric)!);
  // The quick path for earlier periods (see quickRoundedScore): every KPI's curve as doubles.
  const quickKpis = rubric.kpis.map(quickKpi);
  const quick = quickKpis.every((q) => q !== null) ? (quickKpis as QuickKpi[]) : null;
  const quickActual: (number | null)[] = new Array(rubric.kpis.length).fill(null);
  const quickTarget: (number | null)[] = new Array(rubric.kpis.length).fill(null);
  const scaleFactor = new D(10).pow(rubric.precision);
  const scoreOfScaled = new Map<number, Decimal>();
  /** Each tier's min_score as the smallest integer count of 10^-precision that reaches it. */
  const minScaled = tiers.list.map((t) => ceilOf(R.mul(rat(t.min_score), rat(10 ** rubric.precision))));

  const dataPeriods = [...fedPeriods].map((l) => periodRefs.get(l)!).sort(comparePeriods);
  const findings: Diagnostic[] = [...(options.findings ?? [])];
  const source = options.manifest.rubric.path;
  for (const u of table.whereUnmatched) findings.push(whereValueFinding(u, source, options.strict === true));
  /** The base metrics a KPI reads (directly, through a ratio or a gate): the data findings below are about them. */
  const kpiIds = new Set(kpiBaseMetrics(rubric, table.metrics).map((m) => m.id));
  if (table.whereNear?.length) {
    for (const x of table.whereNear) {
      const metrics = x.metrics.filter((id) => kpiIds.has(id));
      if (metrics.length) findings.push(whereNearFinding({ ...x, metrics }, options.manifest.inputs[0]?.path ?? source, options.strict === true));
    }
  }
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
      if (dataPeriods.length) {
        throw templatedError('no-data', 'no-rows-for-period', { period: period.label, start: period.start, end: period.end, covers: dataPeriods.map((p) => p.label) });
      }
      throw new SalesgradeError('no-data', `no rows fall in period ${period.label} (${period.start} … ${period.end})`, { hint: describeDateFields() });
    }
  } else {
    const chosen = defaultPeriod(dataPeriods, fedRowsByPeriod(table.ledger), range.outsideLabels);
    if (!chosen) {
      throw new SalesgradeError('no-data', 'no row could be placed in a period', {
        hint: table.ledger.afterAsOf > 0 ? `every dated row lies after --as-of ${asOf}` : describeDateFields(),
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

  // Coverage: which periods the data's own date range covers only in part.
  const coverageFor = (p: PeriodRef): Coverage | undefined => periodCoverage(p, range);
  const periodCoverageCache = new Map<string, Coverage | undefined>();
  const partialOf = (p: PeriodRef): Coverage | undefined => {
    if (!periodCoverageCache.has(p.label)) periodCoverageCache.set(p.label, coverageFor(p));
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
  const view = options.view;
  if (view) {
    // Said once, with the numbers: the header says it too (Evaluation.view).
    const files = new Set((options.history ?? []).map((h) => h.file ?? ''));
    // Tier gates are bounds, not targets: one on a sum or count is compared as written (said, not converted).
    const gateList: string[] = [];
    for (const list of [rubric.tiers, rubric.levels?.team?.tiers ?? [], rubric.levels?.region?.tiers ?? []]) {
      for (const t of list) {
        for (const g of t.gates) {
          const i = metricIndex.get(g.metric);
          if (i === undefined || !isAdditive(metrics[i]!)) continue;
          const text = `${g.metric}${g.min !== undefined ? ` ≥ ${g.min}` : ''}${g.max !== undefined ? ` ≤ ${g.max}` : ''}`;
          if (!gateList.includes(text)) gateList.push(text);
        }
      }
    }
    const gates = gateList.join(', ');
    findings.push(
      finding(
        'period-view',
        'info',
        `${period.label} is a ${view.kind} view of a rubric graded by ${view.of}: targets without per: are taken per ${view.of} and converted by the quota rules (rates kept as written); ` +
          `tiers are shown as qualified, promotion and demotion are decided per ${view.of} only` +
          (gates ? `; tier gates on sums and counts are compared as written, not converted (${gates})` : '') +
          (files.size ? `; ${files.size} history file(s) not used` : ''),
        undefined,
        source,
        { period: period.label, kind: view.kind, of: view.of, history: files.size, ...(gates ? { gates } : {}) },
      ),
    );
  }
  for (const h of view ? [] : options.history ?? []) {
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
      if (reps.has(e.rep) || table.seenReps.has(e.rep)) continue;
      findings.push(finding('roster-rep-no-data', 'info', `roster: rep "${e.rep}" has no row in the data (any period); graded on zeros`, e.source, source, { rep: e.rep }));
    }
  }
  const names = new Set<string>();
  for (const e of roster.values()) if (!e.startDate || e.startDate <= period.end) names.add(e.rep);
  for (const [rep, rd] of reps) if (rd.periods.has(period.label)) names.add(rep);
  const hasRoster = options.roster !== undefined;
  /** A rep's team or region: the roster's when it has one, else the one the rows of the period name most. */
  const placeRep = (rep: string, field: GroupField, fromRoster: string | undefined, label: string): string => {
    const data = table.groups.pick(rep, label, field);
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
  const pipelineSpec = pacing ? pipelineOf() : undefined;
  if (pacing && pipelineSpec) pacing.pipeline = { metric: pipelineSpec.metric, metricLabel: pipelineSpec.metricLabel, kpi: pipelineSpec.kpi, kpiLabel: pipelineSpec.kpiLabel, unit: pipelineSpec.unit };
  const results: RepEvaluation[] = [];
  const rosterFolded = new Map<string, string>();
  for (const name of [...roster.keys()].sort(cmpStr)) if (!rosterFolded.has(foldName(name))) rosterFolded.set(foldName(name), name);
  // Data reps off the roster whose names are equal but for case, width or spaces (`李　四` written to line
  // up with three-character names, beside `李四`): the first spelling of each, to name the others by
  const dataFolded = new Map<string, string>();
  for (const name of [...names].sort(cmpStr)) if (!roster.has(name) && reps.has(name) && !dataFolded.has(foldName(name))) dataFolded.set(foldName(name), name);
  const repKpiOfMetric = new Map<string, number>();
  rubric.kpis.forEach((k, i) => {
    if (!repKpiOfMetric.has(k.metric)) repKpiOfMetric.set(k.metric, i);
  });
  const levelTiers = { team: rubric.levels?.team ? orderTiers(rubric.levels.team.tiers) : undefined, region: rubric.levels?.region ? orderTiers(rubric.levels.region.tiers) : undefined };
  // The metrics a level's grade reads (its KPIs, tier gates, through ratios): an earlier period's roll-up
  // is walked for its grade only, so only these need the group's exact value there.
  const levelNeedCache = new Map<string, Set<number>>();
  const levelNeeds = (level: GroupEvaluation['level']): Set<number> => {
    let out = levelNeedCache.get(level);
    if (out) return out;
    out = new Set<number>();
    const lvl = level === 'company' ? undefined : rubric.levels?.[level];
    const add = (id: string): void => {
      const i = metricIndex.get(id);
      if (i === undefined || out!.has(i)) return;
      out!.add(i);
      const r = metrics[i]!.ratio;
      if (r) for (const j of r) add(metrics[j]!.id);
    };
    for (const k of lvl?.kpis ?? []) add(k.metric);
    for (const t of lvl?.tiers ?? []) for (const g of t.gates ?? []) add(g.metric);
    levelNeedCache.set(level, out);
    return out;
  };
  // Managers' movement: each level's groups in each earlier period, gathered as the reps are walked (in
  // name order, as the members of a roll-up): the merged cells of the metrics the level reads and the
  // members' targets for `target: members`. Kept per group and period, not per rep: the walk of a
  // level reads nothing else (10,000 reps × 36 months kept 360,000 member entries).
  const walkedLevels = (['team', 'region'] as const).filter((l) => rubric.levels?.[l] !== undefined);
  const earlierGroups = { team: new Map<string, Map<string, EarlierGroup>>(), region: new Map<string, Map<string, EarlierGroup>>() };
  /** The rep KPIs whose members' targets a level's `target: members` KPIs combine (distinct counts have none). */
  const memberTargetKpis = (level: 'team' | 'region'): number[] => {
    const out = new Set<number>();
    for (const k of rubric.levels![level]!.kpis) {
      const ri = repKpiOfMetric.get(k.metric);
      if (k.target === 'members' && ri !== undefined && metrics[metricIndex.get(k.metric)!]!.agg !== 'distinct') out.add(ri);
    }
    return [...out];
  };
  const levelWalkPlan = walkedLevels.map((level) => ({ level, base: [...levelNeeds(level)].filter((i) => !metrics[i]!.ratio).sort((a, b) => a - b), targets: memberTargetKpis(level) }));
  /** One member's cells and targets in an earlier period, added to its group then. */
  const gatherEarlier = (rep: string, name: (level: 'team' | 'region') => string, accs: (Acc | undefined)[], p: PeriodRef, ctx: { rep: string; team: string; region: string; tier: string | undefined }): void => {
    for (const plan of levelWalkPlan) {
      const groupName = name(plan.level);
      if (groupName === UNASSIGNED) continue; // never graded as a group
      let byName = earlierGroups[plan.level].get(p.label);
      if (byName === undefined) earlierGroups[plan.level].set(p.label, (byName = new Map()));
      let g = byName.get(groupName);
      if (g === undefined) {
        g = { merged: metrics.map((m) => (plan.base.includes(m.index) ? newGroupAcc(m.agg) : undefined)), targets: new Map(plan.targets.map((ri) => [ri, []])), withRows: [] };
        byName.set(groupName, g);
      }
      for (const i of plan.base) {
        const a = accs[i];
        if (a) mergeAcc(g.merged[i]!, a);
      }
      // the resolved target itself (shared by every rep it applies to): its value and exact value
      for (const [ri, list] of g.targets) list.push(targetOf(ri, rubric.kpis[ri]!, p, ctx).resolved);
      if (table.groupDistinct && accs.some((a) => a !== undefined)) g.withRows.push(rep);
    }
  };
  const missingTargets = new Map<string, string[]>();
  // A level's `target: members` reads the members' exact targets in the roll-ups: kept until then.
  const keepExact = rubric.levels?.team !== undefined || rubric.levels?.region !== undefined;
  const packer = new RepPacker();
  // Consuming the table: the evaluated period's cells merged per team, region and the company as the
  // reps are graded (what the roll-ups read), then the rep's cells freed.
  const consume = options.consume === true && !table.groupDistinct;
  const mergedBy = { team: new Map<string, (Acc | undefined)[]>(), region: new Map<string, (Acc | undefined)[]>(), company: new Map<string, (Acc | undefined)[]>() };
  const mergeInto = (level: GroupEvaluation['level'], name: string, accs: (Acc | undefined)[]): void => {
    let into = mergedBy[level].get(name);
    if (into === undefined) mergedBy[level].set(name, (into = metrics.map((m) => (m.ratio ? undefined : newGroupAcc(m.agg)))));
    for (let i = 0; i < accs.length; i++) {
      const a = accs[i];
      if (a && into[i]) mergeAcc(into[i]!, a);
    }
  };
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
      // not merged (which spelling is right cannot be told), but the money is split between two names
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
    // A view walks no earlier period: its movement is not decided (the roster's tier is shown as held before).
    const ordered = view ? [period] : [...timeline.values()].sort(comparePeriods);
    const initialTier = entry?.tier !== undefined && tiers.rank.has(entry.tier) ? entry.tier : undefined;
    let finalResult: PeriodResult | undefined;
    const walk = walkTimeline<Graded>({
      ordered,
      final: period.label,
      history: hist,
      initialTier,
      tiers,
      rules: rubric.movement,
      tenureOf: (p) => (startPeriod ? (p.start <= startPeriod.start ? 0 : periodsOverlapping(startPeriod.start, dayBefore(p.start), kind, fys).length) : undefined),
      partialOf,
      grade: (p, before, isFinal) => {
        const ctx = { rep, team, region, tier: before };
        if (!isFinal) {
          if (levelWalkPlan.length > 0) gatherEarlier(rep, (field) => entry?.[field] ?? table.groups.pick(rep, p.label, field)?.name ?? UNASSIGNED, cellsOf(rd, p.label), p, ctx);
          return pastPeriod(cellsOf(rd, p.label), p, ctx);
        }
        finalResult = evaluatePeriod(cellsOf(rd, p.label), p, ctx, pacing, true);
        return { score: finalResult.score, qualified: finalResult.qual.qualified };
      },
    });
    const last = walk.last;
    if (!last || !finalResult) continue;
    const r = finalResult;
    const st = view ? viewStep(r.qual.qualified, view) : last.step;
    const accs = cellsOf(rd, period.label);
    const reason = decisionFact(r.score, r.qual, st, unitOfMetric, rubric.precision);
    const ev: RepEvaluation = {
      rep,
      team,
      region,
      inRoster: entry !== undefined,
      kpis: r.kpis,
      metrics: traces(accs, r.values, period),
      score: r.score,
      rawScore: r.raw,
      exactRawScore: r.exactRaw,
      rank: 0,
      decision: view ? buildDecision(last.before, r.qual, st, reason) : buildDecision(last.before, r.qual, st, reason, { state: last.state, tiers, ...(last.partial ? { partial: last.partial } : {}) }),
      trail: walk.trail,
    };
    if (entry?.manager !== undefined) ev.manager = entry.manager;
    if (pipelineSpec) {
      const kr = r.kpis.find((x) => x.kpi === pipelineSpec.kpi);
      ev.pipeline = pipelineCoverage(ev.metrics[pipelineSpec.metric]?.value ?? null, kr?.target ?? null, kr?.actual ?? null);
    }
    const action = rubric.actions?.[st.tier];
    if (action) ev.action = { ...action };
    for (const k of r.kpis) {
      if (k.target === null && k.actual !== null) {
        const list = missingTargets.get(k.kpi) ?? [];
        list.push(rep);
        missingTargets.set(k.kpi, list);
      }
    }
    // The distance to the next tier reads the exact values; nothing else does past here but a level's
    // `target: members` (a member's exact target): without levels they go now (a Rational and two
    // bigints per rep × KPI, ~1.3 KB of a rep with 10 KPIs), and the rep is packed (engine/packed-rep.ts).
    const d = distanceToNext(ev, rubric.kpis, tiers, (id) => metrics[metricIndex.get(id)!]!.unit);
    if (d) ev.distanceToNext = d;
    if (!keepExact) {
      ev.exactRawScore = undefined;
      for (const k of r.kpis) k.exact = undefined;
    }
    results.push(keepExact ? ev : packer.pack(ev));
    if (consume) {
      mergeInto('team', team, accs);
      mergeInto('region', region, accs);
      mergeInto('company', '', accs);
      if (rd) {
        for (const [, cell] of rd.periods.cells()) rd.periods.store.drop(cell);
        (reps as Map<string, RepCells>).delete(rep);
      }
      table.groups.forget(rep);
    }
  }
  for (const [kpi, list] of [...missingTargets].sort((a, b) => cmpStr(a[0], b[0]))) {
    const reps = `${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''}`;
    findings.push(finding('target-missing', 'warning', `kpi ${kpi} has no target for ${list.length} rep(s): ${reps}; it scores 0 points (or is excluded with missing: exclude)`, undefined, source, { kpi, count: list.length, reps }));
  }

  // Ranking: score descending, then rep; competition ranks (1, 2, 2, 4).
  results.sort((a, b) => b.score.cmp(a.score) || cmpStr(a.rep, b.rep));
  results.forEach((r, i) => {
    r.rank = i > 0 && results[i - 1]!.score.eq(r.score) ? results[i - 1]!.rank : i + 1;
  });

  // Roll-ups.
  const rollUp = (level: GroupEvaluation['level'], name: string, members: RepEvaluation[], cells: (Acc | undefined)[][], p: PeriodRef, merged?: (Acc | undefined)[]): GroupEvaluation =>
    rollUpGroup({
      level,
      name,
      members,
      memberCells: cells,
      ...(merged ? { merged } : {}),
      metrics,
      metricIndex,
      repKpis: rubric.kpis,
      repKpiOfMetric,
      tierIds: tiers.list.map((t) => t.id),
      // `(unassigned)` gathers reps nobody manages: listed with its members' numbers, never graded as a team.
      levelRules: level === 'company' || name === UNASSIGNED ? undefined : rubric.levels?.[level] ? { kpis: rubric.levels[level]!.kpis, tiers: levelTiers[level]! } : undefined,
      precision: rubric.precision,
      levelTarget: (k) => levelTarget(level, name, k, p),
      scoreKpi: (k, values, exact, resolved) => scoreOne(k, values, exact, resolved, undefined),
      ...(table.groupDistinct ? { groupCount: (m: CompiledMetric) => warehouseCount(table, level, name, p.label, m, members.filter((_, i) => cells[i]?.some((a) => a !== undefined)).map((r) => r.rep), p.label === period.label || levelNeeds(level).has(m.index)) } : {}),
    });
  /** A level KPI's own target (not `members`) for a group in a period. */
  function levelTarget(level: GroupEvaluation['level'], name: string, k: KpiShape, p: PeriodRef): ResolvedTarget {
    const file = options.fileTargets?.[`levels.${level}:${kpiIdOf(k)}`];
    return pickTarget(k, {
      team: level === 'team' ? name : undefined,
      region: level === 'region' ? name : undefined,
      period: p,
      periodKind: kind,
      fiscalYearStart: fys,
      prorate,
      ...(file ? { file } : {}),
    } as Parameters<typeof pickTarget>[1]);
  }
  const group = (level: GroupEvaluation['level'], name: string, members: RepEvaluation[]): GroupEvaluation => {
    // The members' cells read again (views of the table's column store, engine/cell-store.ts), not kept
    // from the reps' walk: kept, 10,000 reps' cells outlived it as scattered garbage among the Evaluation.
    const merged = consume ? (mergedBy[level].get(level === 'company' ? '' : name) ?? mergeMembers(metrics, [])) : undefined;
    const g = rollUp(level, name, members, merged ? [] : members.map((m) => cellsOf(reps.get(m.rep), period.label)), period, merged);
    if (pipelineSpec) {
      // The level's own KPI when it grades the covered one; else the members' combined target.
      const lk = g.kpis?.find((x) => x.kpi === pipelineSpec.kpi && x.metric === pipelineSpec.kpiMetric);
      g.pipeline = pipelineCoverage(g.metrics[pipelineSpec.metric] ?? null, lk ? lk.target : (g.targets[pipelineSpec.kpi] ?? null), lk ? lk.actual : (g.metrics[pipelineSpec.kpiMetric] ?? null));
    }
    if (level !== 'company' && name !== UNASSIGNED) {
      const managers = groupManagers(members.map((m) => (level === 'team' ? roster.get(m.rep)?.manager : roster.get(m.rep)?.regionManager)));
      if (managers.length > 0) {
        g.manager = managers[0]!;
        g.managers = managers;
      }
      if (g.score !== undefined && g.tier !== undefined) {
        g.decision = levelMovement(level, name, g.score, g.tier, g.kpis ?? []);
        g.tier = g.decision.tier;
      }
    }
    return g;
  };

  /**
   * A group's grade in an earlier period (its members then): only its score and qualified tier, which
   * the movement walk reads — the same exact grade as the full roll-up (`levelGrade`), without building
   * the members' KpiResults, the group's other metrics or its explanations. Members' targets for
   * `target: members` are their resolved targets, as their KpiResults would hold them.
   */
  function earlierGrade(level: 'team' | 'region', name: string, g: EarlierGroup, p: PeriodRef): { score: Decimal; tier: string } | undefined {
    return levelGrade({
      level,
      name,
      merged: g.merged,
      needed: levelNeeds(level),
      metrics,
      metricIndex,
      repKpis: rubric.kpis,
      repKpiOfMetric,
      precision: rubric.precision,
      levelRules: { kpis: rubric.levels![level]!.kpis, tiers: levelTiers[level]! },
      levelTarget: (k) => levelTarget(level, name, k, p),
      memberTargets: (ri) => g.targets.get(ri)!,
      scoreKpi: (k, values, exact, resolved) => scoreOne(k, values, exact, resolved, undefined, false),
      ...(table.groupDistinct ? { groupCount: (m: CompiledMetric) => warehouseCount(table, level, name, p.label, m, g.withRows, levelNeeds(level).has(m.index)) } : {}),
    });
  }

  /**
   * The manager's movement, walked like a rep's over the fully covered earlier periods of the data in
   * which the group had members (its members then, by the roster or the rows of that period), then this
   * one: `levels.<level>.movement`, else the rubric's. No history file carries levels: the walk starts
   * at the group's first period in the data ("new").
   */
  function levelMovement(level: 'team' | 'region', name: string, score: Decimal, qualified: string, kpis: KpiResult[]): NonNullable<GroupEvaluation['decision']> {
    const lt = levelTiers[level]!;
    if (view) {
      const vs = viewStep(qualified, view);
      const values = (id: string): Decimal | null => kpis.find((k) => k.metric === id)?.actual ?? null;
      const qual = qualify(lt, score, values);
      return { qualified, tier: qualified, movement: 'view', promoteRun: 0, demoteRun: 0, reasonFacts: decisionFact(score, { ...qual, qualified }, vs, unitOfMetric, rubric.precision), trail: [] };
    }
    const rules = rubric.levels![level]!.movement ?? rubric.movement;
    const state = initialState(undefined);
    const trail: NonNullable<GroupEvaluation['decision']>['trail'] = [];
    for (const p of walkPeriods) {
      if (p.label === period.label || partialOf(p)) continue;
      const then = earlierGroups[level].get(p.label)?.get(name);
      if (then === undefined) continue;
      const g = earlierGrade(level, name, then, p);
      if (g === undefined) continue;
      const st = step(state, g.tier, lt, rules, state.seen, false);
      trail.push({ period: p.label, score: g.score, qualified: g.tier, tier: st.tier, movement: st.movement });
    }
    const before = state.current;
    const cov = partialOf(period);
    const st = cov !== undefined && !countPartial ? holdStep(state, qualified, lt, state.seen, rules, coverageFact(period, cov)) : step(state, qualified, lt, rules, state.seen);
    const values = (id: string): Decimal | null => kpis.find((k) => k.metric === id)?.actual ?? null;
    const qual = qualify(lt, score, values);
    const out: NonNullable<GroupEvaluation['decision']> = {
      qualified,
      tier: st.tier,
      movement: st.movement,
      promoteRun: st.promoteRun,
      demoteRun: st.demoteRun,
      reasonFacts: decisionFact(score, { ...qual, qualified }, st, unitOfMetric, rubric.precision),
      trail,
    };
    if (before !== undefined) out.current = before;
    return out;
  }

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
  const rows = rowCounts(table.ledger, period.label);

  const manifest: Manifest = { ...options.manifest, period: period.label };
  if (options.asOf !== undefined) manifest.asOf = options.asOf;
  const ev: Evaluation = {
    manifest,
    locale,
    currency,
    period,
    periods: dataPeriods,
    kpis: rubric.kpis.map((k) => kpiInfo(k)),
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
    rows,
  };
  if (rubric.levels?.team || rubric.levels?.region) ev.levels = levelsInfo();
  if (pacing) ev.pacing = pacing;
  if (range.first !== undefined && range.last !== undefined) ev.dataRange = { first: range.first, last: range.last };
  if (evaluatedCoverage) ev.coverage = evaluatedCoverage;
  if (view) ev.view = { code: 'period-view', kind: view.kind, of: view.of };
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
  const empties = emptySumsIn(period.label);
  if (empties.length) {
    for (const b of empties) {
      const at = b.sample.map(placeOf).join(', ');
      ev.findings.push(
        finding(
          'sum-value-missing',
          options.strict ? 'error' : 'warning',
          `${b.metric}: ${b.rows} row(s) in ${b.period} pass its filter but have no ${b.field} (an empty cell or a marker such as N/A), so they add nothing to the sum; first at ${at}`,
          // A summary of rows: on the file, not on one row's cell.
          undefined,
          b.sample[0]?.file ?? source,
          { metric: b.metric, field: b.field, rows: b.rows, period: b.period, at },
        ),
      );
    }
    ev.findings.sort(compareDiagnostics);
  }
  // The exact values scoring summed (and the distance to the next tier read) are not read past here:
  // kept per rep × KPI they were ~1.3 KB of every rep's ~10 KB (a Rational and its two bigints each).
  // The rounded score, the Decimals shown and the facts stay. Groups keep theirs (a few).
  if (keepExact) {
    results.forEach((r, i) => {
      r.exactRawScore = undefined;
      for (const k of r.kpis) k.exact = undefined;
      results[i] = packer.pack(r);
    });
  }
  return ev;
  /** The sum metrics a KPI reads (directly, through a ratio or a gate) whose rows in `label` had no number to sum. */
  function emptySumsIn(label: string): EmptySumBucket[] {
    const buckets = table.ledger.emptySums;
    if (!buckets?.length) return [];
    return buckets.filter((b) => b.period === label && kpiIds.has(b.metric)).sort((a, b) => (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
  }
  /** The rows lost to data problems that would have fed a KPI in `label` (or in a period that cannot be known). */
  function lossIn(label: string): DataLoss | undefined {
    let rows = 0;
    let unknownAmounts = 0;
    const byReason: Partial<Record<ExclusionReason, number>> = {};
    const money = new Map<string, Decimal>();
    let sample: SourceRef[] = [];
    for (const b of table.ledger.losses) {
      if (!b.periods.includes(label) && !b.periods.includes(ANY_PERIOD)) continue;
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

  /** The rubric's `levels` as the reports need them: KPI columns and tier labels. */
  function levelsInfo(): NonNullable<Evaluation['levels']> {
    const out: NonNullable<Evaluation['levels']> = {};
    for (const lvl of ['team', 'region'] as const) {
      const l = rubric.levels?.[lvl];
      if (!l) continue;
      out[lvl] = {
        kpis: l.kpis.map((k) => kpiInfo(k)),
        tiers: levelTiers[lvl]!.list.map((t) => {
          const o: Evaluation['tiers'][number] = { id: t.id, label: tierLabelOf(t, locale), minScore: t.min_score };
          if (t.color !== undefined) o.color = t.color;
          return o;
        }),
      };
    }
    return out;
  }

  /** A KPI as the reports list it (its column), with `distinct` when its metric is a distinct count. */
  function kpiInfo(k: KpiShape): Evaluation['kpis'][number] {
    const out: Evaluation['kpis'][number] = { kpi: kpiIdOf(k), metric: k.metric, label: kpiLabel(k), weight: k.weight, unit: unitOfMetric(k.metric) };
    const i = metricIndex.get(k.metric);
    if (i !== undefined && metrics[i]!.agg === 'distinct') out.distinct = true;
    return out;
  }

  function kpiLabel(k: KpiShape): string {
    return k.label ?? metricLabelOf(k.metric, rubric.metrics[k.metric], locale);
  }

  function valueOf(values: (Decimal | null)[], id: string): Decimal | null {
    const i = metricIndex.get(id);
    return i === undefined ? null : values[i]!;
  }

  /** For a ratio with no value: its numerator and denominator (the explanation says which was missing or zero). */
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
      // A sum or count accrues over the period; a ratio, average, min or max does not: its to-date
      // target is the full target (a 30 % win rate half-way is still 30 %, not 15 %).
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

  /** A KPI's target for a rep in a period (and as a double); shared by every rep when only the period and tier decide it. */
  function targetOf(i: number, k: KpiShape, p: PeriodRef, ctx: { rep: string; team: string; region: string; tier: string | undefined }): TargetEntry {
    const file = fileTargetsOf[i];
    const t = k.target;
    const shared = !file && (typeof t !== 'object' || (t.by_rep === undefined && t.by_team === undefined && t.by_region === undefined));
    let memo: Map<string, TargetEntry> | undefined;
    let key = '';
    if (shared) {
      memo = targetMemo[i]!;
      key = typeof t === 'object' && t.by_tier !== undefined && ctx.tier !== undefined ? `${p.label}\u0000${ctx.tier}` : p.label;
      const hit = memo.get(key);
      if (hit) return hit;
    }
    const tctx: Parameters<typeof pickTarget>[1] = { rep: ctx.rep, team: ctx.team, region: ctx.region, period: p, periodKind: kind, fiscalYearStart: fys, prorate };
    if (ctx.tier !== undefined) tctx.tier = ctx.tier;
    if (file) tctx.file = file;
    const r = pickTarget(k, tctx);
    const e: TargetEntry = { resolved: r, float: r.target === null ? null : r.target.isZero() ? 0 : r.target.toNumber() };
    memo?.set(key, e);
    return e;
  }

  /**
   * An earlier period, walked only for its rounded score and qualified tier: in doubles when that is
   * sure to give the exact answer (`quickRoundedScore`), else exactly; no KpiResult, no explanation.
   */
  function pastPeriod(accs: (Acc | undefined)[], p: PeriodRef, ctx: { rep: string; team: string; region: string; tier: string | undefined }): Graded {
    if (quick) {
      for (let i = 0; i < rubric.kpis.length; i++) {
        const k = rubric.kpis[i]!;
        quickActual[i] = floatValue(metrics, accs, kpiMetricIndex[i]!);
        quickTarget[i] = targetOf(i, k, p, ctx).float;
      }
      const scaled = quickRoundedScore(quick, quickActual, quickTarget, rubric.precision);
      if (scaled !== undefined) {
        let score = scoreOfScaled.get(scaled);
        if (!score) {
          score = new D(scaled).div(scaleFactor);
          if (scoreOfScaled.size < 100_000) scoreOfScaled.set(scaled, score);
        }
        return { score, qualified: quickQualified(scaled, accs) };
      }
    }
    const r = evaluatePeriod(accs, p, ctx, undefined, false);
    return { score: r.score, qualified: r.qual.qualified };
  }

  /** `qualify(...).qualified` for a score given as an integer count of 10^-precision. */
  function quickQualified(scaled: number, accs: (Acc | undefined)[]): string {
    for (let i = 0; i < tiers.list.length; i++) {
      const t = tiers.list[i]!;
      if (scaled < minScaled[i]!) continue;
      let pass = true;
      for (const g of t.gates) {
        const mi = metricIndex.get(g.metric)!;
        const v = floatValue(metrics, accs, mi);
        // A double decides unless it lies within rounding error of a bound; then the exact value does.
        if (v !== null && (g.min === undefined || Math.abs(v - g.min) > 1e-9 * Math.max(1, Math.abs(g.min))) && (g.max === undefined || Math.abs(v - g.max) > 1e-9 * Math.max(1, Math.abs(g.max)))) {
          if ((g.min !== undefined && v < g.min) || (g.max !== undefined && v > g.max)) pass = false;
        } else {
          const actual = exactMetricValue(metrics, accs, mi);
          if (actual === null || (g.min !== undefined && !actual.gte(g.min)) || (g.max !== undefined && !actual.lte(g.max))) pass = false;
        }
        if (!pass) break;
      }
      if (pass) return t.id;
    }
    return tiers.list[tiers.list.length - 1]!.id;
  }

  function evaluatePeriod(
    accs: (Acc | undefined)[],
    p: PeriodRef,
    ctx: { rep: string; team: string; region: string; tier: string | undefined },
    pacing: Evaluation['pacing'],
    final: boolean,
  ): PeriodResult {
    const values = metricValues(metrics, accs);
    if (final) {
      // Kept for the report (actuals and traces): sums, averages, min, max and ratios are parsed or
      // divided Decimals with spare digit slots; counts and distinct counts are shared small values.
      for (const m of metrics) {
        const v = values[m.index];
        if (v && (m.ratio || (m.agg !== 'count' && m.agg !== 'distinct'))) values[m.index] = compact(v);
      }
    }
    const exact = exactValues(metrics, accs);
    const kpis = rubric.kpis.map((k, i) => {
      const t = targetOf(i, k, p, ctx).resolved;
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
      // Shared with the accumulator (not fed after finish()), made exactly as long as it is: a sample
      // grown by insertion keeps 17 slots (~180 bytes per rep × metric, kept as long as the Evaluation).
      let sample = acc ? acc.sample : NO_TRACE_SAMPLE;
      if (acc && sample.length > 0) {
        let compacted = compactSamples.get(sample);
        if (compacted === undefined) compactSamples.set(sample, (compacted = sample.slice()));
        sample = compacted;
      }
      let formulaFacts: FormulaFact;
      if (m.ratio) {
        const [a, b] = m.ratio;
        rows = (accs[a]?.rows ?? 0) + (accs[b]?.rows ?? 0);
        sample = NO_TRACE_SAMPLE;
        formulaFacts = { code: 'metric-ratio', unit: m.unit, num: { metric: metrics[a]!.id, value: values[a]!, unit: metrics[a]!.unit }, den: { metric: metrics[b]!.id, value: values[b]!, unit: metrics[b]!.unit } };
      } else {
        // The same facts for every rep with as many rows: shared (facts are never changed once made).
        const key = `${m.index}\u0000${p.label}\u0000${rows}`;
        const known = rowFacts.get(key);
        if (known) formulaFacts = known;
        else {
          formulaFacts = { code: 'metric-rows', unit: m.unit, agg: m.agg, dateField: m.dateField, period: p.label, rows };
          if (m.agg !== 'count') formulaFacts.field = m.field!;
          const where = describeWhere(m.def.where);
          if (where) formulaFacts.where = where;
          rowFacts.set(key, formulaFacts);
        }
      }
      out[m.id] = { metric: m.id, value, rows, sample, formulaFacts };
    }
    return out;
  }

  /**
   * The rubric's `pacing: { pipeline, covers }` when both resolve (the lint rule pacing-pipeline refuses a
   * rubric where they do not) and the covered KPI is higher-is-better (lower-is-better has no remaining target).
   */
  function pipelineOf(): { metric: string; metricLabel: string; kpi: string; kpiLabel: string; kpiMetric: string; unit: Unit } | undefined {
    const spec = rubric.pacing;
    if (!spec) return undefined;
    const k = rubric.kpis.find((x) => kpiIdOf(x) === spec.covers);
    const mi = metricIndex.get(spec.pipeline);
    if (!k || mi === undefined || k.direction === 'lower') return undefined;
    return { metric: spec.pipeline, metricLabel: metricLabelOf(spec.pipeline, rubric.metrics[spec.pipeline], locale), kpi: spec.covers, kpiLabel: kpiLabel(k), kpiMetric: k.metric, unit: metrics[mi]!.unit };
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

}

/** A view period's step: the qualified tier, no run, no movement decided (engine/view.ts). */
function viewStep(qualified: string, view: PeriodView): Step {
  return { tier: qualified, movement: 'view', promoteRun: 0, demoteRun: 0, inGrace: false, fact: { code: 'view', tier: qualified, per: view.of } };
}

/** `file:row`, or `file!sheet:row`, for messages. */
/**
 * A table from a warehouse: the query's distinct count for a group, when the roll-up's members with
 * rows in the period are exactly the reps the query counted; else (a past period's grade of a team from
 * its current members, a roster other than the query's) the count is not in the table: refused, never
 * approximated.
 */
function warehouseCount(table: MetricTable, level: GroupEvaluation['level'], name: string, period: string, m: CompiledMetric, withRows: readonly string[], needed: boolean): number | undefined {
  const counted = table.groupReps?.get(groupDistinctKey(level, name, period, '')) ?? new Set<string>();
  if (needed && (withRows.length !== counted.size || withRows.some((r) => !counted.has(r)))) {
    const missing = [...counted].filter((r) => !withRows.includes(r)).sort(cmpStr);
    const extra = withRows.filter((r) => !counted.has(r)).sort(cmpStr);
    throw new SalesgradeError(
      'input-format',
      `metric table: the ${level} ${name === '' ? '' : `"${name}" `}in ${period} is rolled up from other reps than the query grouped` +
        `${missing.length ? ` (the query also counted ${missing.slice(0, 5).join(', ')})` : ''}${extra.length ? ` (the query did not count ${extra.slice(0, 5).join(', ')})` : ''}: ` +
        `its distinct count ${m.id} is not in the table (a distinct count cannot be re-derived for a subset of a group)`,
      { hint: 'a team\'s earlier periods are graded from its current members, and a roster other than the one the query inlined changes the teams: grade levels with distinct KPIs from the export, or give the query the same roster' },
    );
  }
  // Not needed (an earlier period's value no grade reads): the query's count for the group, or none.
  return table.groupDistinct!.get(groupDistinctKey(level, name, period, m.id)) ?? (needed ? undefined : 0);
}

function placeOf(r: SourceRef): string {
  return `${r.file}${r.sheet !== undefined ? `!${r.sheet}` : ''}:${r.row}`;
}

/** The smallest integer ≥ x. */
function ceilOf(x: Rational): number {
  const q = x.n / x.d;
  return Number(x.n > 0n && q * x.d !== x.n ? q + 1n : q);
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

function whereNearFinding(x: WhereNearValue, fallback: string, strict: boolean): Diagnostic {
  const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`;
  const names = x.metrics.length === 1 ? x.metrics[0]! : `${x.metrics.slice(0, -1).join(', ')} and ${x.metrics[x.metrics.length - 1]!}`;
  return finding(
    'where-value-near',
    strict ? 'error' : 'warning',
    `${x.field}: "${x.value}" (${rows(x.rows)}) is not "${x.like}" (${rows(x.likeRows)}), which the ${x.metrics.length === 1 ? `filter of ${names} names` : `filters of ${names} name`}: rows with it are not counted as "${x.like}"`,
    x.first,
    fallback,
    { field: x.field, value: x.value, rows: x.rows, like: x.like, likeRows: x.likeRows, metrics: x.metrics.join(', ') },
  );
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

