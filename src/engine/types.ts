/**
 * The data model shared by the readers (io/), the engine and the renderers (report/).
 * io/ and report/ import only types from here.
 */
import type { Decimal } from 'decimal.js';
import type { Diagnostic } from '../shared/diagnostic.js';
import type { Rational } from '../shared/rational.js';
import type { TargetProration } from '../shared/proration-facts.js';

/** A calendar date, `YYYY-MM-DD`. Never a JS Date: calendar dates must not shift with time zones. */
export type IsoDate = string;

/**
 * A coerced field value. By the rubric's field type:
 * text → string; date → IsoDate; money/number/integer/percent → Decimal (percent as a fraction:
 * `12.5%` → 0.125); empty → null.
 */
export type FieldValue = string | Decimal | null;

/** Where a row came from. `row` is the 1-based sheet row, or the 1-based CSV line where the record starts. */
export interface SourceRef {
  file: string;
  sheet?: string;
  row: number;
}

export interface ActivityRecord {
  /** Normalised rep identifier (trimmed, full-width spaces and control characters removed). */
  rep: string;
  /** Canonical field → coerced value; fields absent from the export are missing from this map. */
  fields: Record<string, FieldValue>;
  source: SourceRef;
  /** Canonical field → A1 cell (`D12`) or CSV `line:col`, for pointing at a value. */
  cells?: Record<string, string>;
}

/** Why a source row was not counted. The reader excludes the first five; the engine the rest. */
export type ExclusionReason =
  | 'totals-row'
  | 'duplicate'
  | 'no-rep'
  | 'blank'
  | 'bad-value'
  | 'out-of-period'
  | 'filtered'
  | 'no-date'
  /** Dated after `--as-of` (in every date field that would place it). */
  | 'after-as-of';

export interface ExcludedRow {
  source: SourceRef;
  reason: ExclusionReason;
  detail?: string;
  /**
   * For rows excluded for a data problem (no rep, bad value): the row's fields as read (a bad value as
   * null) and the fields whose value was bad, so the engine can tell whether money or counts that feed
   * a KPI were lost.
   */
  fields?: Record<string, FieldValue>;
  badFields?: string[];
}

/** One roster line: who is evaluated and the hierarchy above them. */
export interface RosterEntry {
  rep: string;
  team?: string;
  region?: string;
  manager?: string;
  /** The manager of the rep's region (roster `region_manager`). */
  regionManager?: string;
  startDate?: IsoDate;
  /** Current tier id (a label in the roster is mapped to its id by the loader). */
  tier?: string;
  source?: SourceRef;
}

/** A period: kind plus label (`2026-Q3`, `2026-07`, `2026-W27`, `FY2026-Q1`, `2026-H2`, `2026`). */
export interface PeriodRef {
  kind: 'week' | 'month' | 'quarter' | 'half' | 'year';
  label: string;
  start: IsoDate;
  /** Inclusive last day. */
  end: IsoDate;
}

/** A tier a rep held or qualified for in an earlier period (from `--history` files or earlier data). */
export interface HistoryEntry {
  rep: string;
  period: string;
  qualified: string;
  tier: string;
  /**
   * The movement state the result file stored after that period (files written since run lengths are
   * kept): read back so that the last result file alone gives the same tier as the whole chain.
   */
  movement?: Movement;
  promoteRun?: number;
  demoteRun?: number;
  /** Tier ids qualified for in the open promote / demote run, oldest first. */
  promoteRunTiers?: string[];
  demoteRunTiers?: string[];
  /** Periods assessed up to and including that one (tenure, for `grace_periods`). */
  periodsAssessed?: number;
  /** That period was partly covered and did not count toward the runs. */
  partial?: boolean;
  /** The file it came from, for findings. */
  file?: string;
}

/**
 * Prorates a target given for one period kind to another period, e.g. a yearly revenue target to
 * 2026-Q3. Injected by the caller (quota rules: seasonality × working days); the engine's default is
 * by calendar days.
 */
export type Prorate = (amount: Decimal, per: PeriodRef['kind'], to: PeriodRef) => { amount: Decimal; facts: TargetProration; exact?: Rational };

/** A metric's display unit. */
export type Unit = 'money' | 'count' | 'percent' | 'number' | 'score';

// ---- facts: what the engine says besides its numbers, as codes and data (no prose, no locale) -------
// report/evaluation-text.ts words them in the report's language; nothing else writes these sentences.

/** A value in its unit (the renderer formats it: `¥1,284,300`, `30.0%`, or "no value" for null). */
export interface ValueFact {
  metric: string;
  value: Decimal | null;
  unit: Unit;
}

/**
 * A step of a KPI's pay curve that changed the points: below the threshold `at` (0 points); below the
 * lowest band point `at`; the stepped band reached at `at` paying `factor`; the linear band's
 * interpolated `factor`; the floor `at`; the cap `at`. `at` is the attainment bound as written (a
 * rubric number) or its exact value; `factor` is the exact factor.
 */
export type CurveFact =
  | { code: 'below-threshold'; at: number }
  | { code: 'below-bands'; at: Decimal }
  | { code: 'band'; at: Decimal; factor: Decimal }
  | { code: 'linear-band'; factor: Decimal }
  | { code: 'floored'; at: Decimal }
  | { code: 'capped'; at: number };

/**
 * Why a KPI scored what it did (its `explanation`, as facts). The result's own label, actual, target,
 * attainment, weight and points complete them.
 * - `kpi-no-value`: no actual; `ratio` says why when the metric is a ratio (its numerator and denominator).
 * - `kpi-no-target`: an actual but no target. `kpi-no-attainment`: no attainment all the same (a target
 *   of 0; an actual of 0 on a lower-is-better KPI with no cap or band to count it as).
 * - `kpi-points`: attainment → points. `perfect`: a lower-is-better KPI with an actual of 0, counted as
 *   the curve's best; `curve`: the curve steps that applied; `factor` the factor of the weight paid
 *   (`bands`: a band factor, else a share of the weight shown as a percent).
 * `excluded`: `missing: exclude` took the KPI out of the score. `unit`: the metric's unit.
 */
export type KpiFact =
  | { code: 'kpi-no-value'; unit: Unit; excluded: boolean; ratio?: { num: ValueFact; den: ValueFact } }
  | { code: 'kpi-no-target'; unit: Unit; excluded: boolean }
  | { code: 'kpi-no-attainment'; unit: Unit; excluded: boolean }
  | { code: 'kpi-points'; unit: Unit; perfect: boolean; curve: CurveFact[]; factor: Decimal; bands: boolean };

/** A period covered by the data only in part: from / until these dates. */
export interface CoverageFact {
  period: string;
  from?: IsoDate;
  until?: IsoDate;
}

/**
 * The movement rule that decided the tier (tier ids; the renderer shows their labels):
 * `new` (no earlier tier), `unchanged`, `promoted` / `demoted` after `run` periods, `held-up` /
 * `held-down` with `run` of `need` periods, `grace` (no demotion in the first `grace` periods),
 * `partial` (a partly covered period holds the tier), `new-partial` (a new rep in a partly covered period).
 */
export type MovementFact =
  | { code: 'new'; tier: string }
  | { code: 'unchanged'; tier: string }
  | { code: 'promoted'; run: number; tier: string }
  | { code: 'held-up'; run: number; need: number; tier: string }
  | { code: 'demoted'; run: number; tier: string }
  | { code: 'held-down'; run: number; need: number; tier: string }
  | { code: 'grace'; tier: string; grace: number }
  | { code: 'partial'; tier: string; coverage: CoverageFact }
  | { code: 'new-partial'; tier: string; coverage: CoverageFact }
  /** A view period (engine/view.ts): the qualified tier is shown; movement is decided only per `per`. */
  | { code: 'view'; tier: string; per: 'week' | 'month' | 'quarter' | 'half' | 'year' };

/** A gate that failed: the metric's bound and its value. */
export interface FailedGateFact extends ValueFact {
  min?: number;
  max?: number;
}

/**
 * Why the tier (a decision's `reason`, as facts): the score (rounded, as text to the rubric's
 * precision), the qualified tier, the tiers whose score was reached but a gate failed, and the movement.
 */
export interface DecisionFact {
  score: string;
  qualified: string;
  blocked: { tier: string; failed: FailedGateFact[] }[];
  movement: MovementFact;
}

/**
 * How a metric's value was computed (a trace's `formula`, as facts): a ratio of two metrics, or rows
 * of the period aggregated (`agg` of `field`, `where` the filter as written, placed by `dateField`).
 */
export type FormulaFact =
  | { code: 'metric-ratio'; unit: Unit; num: ValueFact; den: ValueFact }
  | { code: 'metric-rows'; unit: Unit; agg: string; field?: string; where?: string; dateField: string; period: string; rows: number };

/** `view`: a period of another kind than the rubric's, where no movement is decided (engine/view.ts). */
export type Movement = 'new' | 'promoted' | 'demoted' | 'held' | 'unchanged' | 'view';

export interface KpiResult {
  kpi: string;
  metric: string;
  label: string;
  weight: number;
  direction: 'higher' | 'lower';
  /** Metric value; null = no value (e.g. ratio with a zero denominator, avg of nothing). */
  actual: Decimal | null;
  target: Decimal | null;
  /**
   * Where the target came from: `default`, `by_tier.senior`, `by_rep.张三`, `file targets.csv!B4`, and
   * for a prorated target `default, per year` with `targetProration` saying how (rendered after it).
   */
  targetSource: string;
  /** `targetSource` as facts, for report/ to word in the report's language (`targetSource` is its English form). */
  targetOrigin?: TargetOrigin;
  targetProration?: TargetProration;
  attainment: Decimal | null;
  points: Decimal;
  /** True when `missing: exclude` took this KPI out of the score. */
  excluded: boolean;
  capped: boolean;
  floored: boolean;
  belowThreshold: boolean;
  /**
   * Why, as facts; report/evaluation-text.ts `kpiExplanation` words them (`回款 ¥1,284,300 ÷ 目标
   * ¥1,200,000 = 107.0%；封顶 150.0%；…`). Absent for results no report shows (earlier periods).
   */
  explanationFacts?: KpiFact;
  /**
   * The exact points the score is summed from (`points` above is this to 40 significant digits, for
   * display), and the exact actual and target when the Decimals above are not exact (a ratio or an
   * average; a prorated target). Set by the engine; absent in hand-built results.
   */
  exact?: { points: Rational; actual?: Rational; target?: Rational };
  /**
   * With `asOf` inside the period: the period-to-date target (additive metrics: target × workday
   * fraction; ratios and averages: the target itself), attainment
   * against it, the projected actual at period end (additive metrics: actual ÷ fraction; others: the
   * actual as is) and the projected attainment against the full target.
   */
  pacing?: {
    target: Decimal | null;
    attainment: Decimal | null;
    projected: Decimal | null;
    projectedAttainment: Decimal | null;
  };
}

/** How much of a period the data covers: `from` / `until` are set when it starts late / ends early. */
export interface Coverage {
  from?: IsoDate;
  until?: IsoDate;
  /** The `--as-of` date when the period ends after it (in progress). */
  inProgress?: IsoDate;
}

export interface GateResult {
  metric: string;
  min?: number;
  max?: number;
  actual: Decimal | null;
  passed: boolean;
}

export interface TierDecision {
  /** Tier held before this period (from history or roster); undefined for a new rep. */
  current?: string;
  /** Tier the score and gates qualify for this period. */
  qualified: string;
  /** Tier after movement rules. */
  tier: string;
  movement: Movement;
  promoteRun: number;
  demoteRun: number;
  /** Tier ids qualified for in the run still open after this period, oldest first (empty when none). */
  promoteRunTiers?: string[];
  demoteRunTiers?: string[];
  /** Periods assessed up to and including this one (tenure, for `grace_periods`). */
  periodsAssessed?: number;
  /**
   * Set when the period was only partly covered by the data (see README "Periods and history"): it was
   * graded, but it did not count toward promotion or demotion runs (unless `movement.count_partial_periods`).
   */
  partial?: Coverage;
  inGrace: boolean;
  /** Gates per tier checked from the top down to the qualified tier. */
  gates: { tier: string; results: GateResult[] }[];
  /** Why, as facts; report/evaluation-text.ts `decisionReason` words them. */
  reasonFacts: DecisionFact;
}

export interface MetricTrace {
  metric: string;
  value: Decimal | null;
  /** Rows that fed it: the count and the first few. */
  rows: number;
  sample: SourceRef[];
  /** How, as facts; report/evaluation-text.ts `formulaText` words them. */
  formulaFacts: FormulaFact;
}

export interface RepEvaluation {
  rep: string;
  team: string;
  region: string;
  manager?: string;
  inRoster: boolean;
  kpis: KpiResult[];
  metrics: Record<string, MetricTrace>;
  /** Score rounded once to the rubric's precision (half-up). */
  score: Decimal;
  /** The unrounded score to 40 significant digits (display); `exactRawScore` is its exact value. */
  rawScore: Decimal;
  exactRawScore?: Rational;
  rank: number;
  decision: TierDecision;
  distanceToNext?: {
    tier: string;
    points: Decimal;
    /** In the heaviest KPI's own unit: how much more of it would close the gap alone. */
    kpi?: { kpi: string; metric: string; amount: Decimal };
    /** Metrics whose gate on that tier fails now (points alone will not reach it). */
    blockedBy?: string[];
  };
  action?: { bonus_multiplier?: number; training?: string; note?: string };
  /**
   * The earlier periods walked for movement, oldest first: computed from the data (`source: 'data'`,
   * with the score) or taken from `--history` files (`source: 'history'`).
   */
  trail?: {
    period: string;
    source: 'data' | 'history';
    score?: Decimal;
    current?: string;
    qualified: string;
    tier: string;
    movement?: Movement;
    /** Partly covered: graded, but not counted toward the runs (unless the rubric says so). */
    partial?: Coverage;
  }[];  /** With `asOf` inside the period and the rubric's `pacing`: open pipeline against the remaining target. */
  pipeline?: PipelineCoverage;
}

/**
 * Open pipeline against the rest of a KPI's target (the rubric's `pacing: { pipeline, covers }`), with
 * `asOf` inside the period: how many times the deals still open would cover what is left to close.
 */
export interface PipelineCoverage {
  /** The open-pipeline metric's value in the period; null: no value. */
  open: Decimal | null;
  /** The covered KPI's full-period target less its actual (none yet counts as 0), never below 0; null without a target. */
  remaining: Decimal | null;
  /** open ÷ remaining; null when nothing remains (the target is met) or either is unknown. */
  coverage: Decimal | null;
}

export interface GroupEvaluation {
  level: 'team' | 'region' | 'company';
  name: string;
  /**
   * Who the group's grade is about: the roster's `manager` of the team's members (`region_manager` for
   * a region), the most members' first when they name several (all of them, most members first, in
   * `managers`). Absent when no member names one.
   */
  manager?: string;
  managers?: string[];
  members: string[];
  metrics: Record<string, Decimal | null>;
  targets: Record<string, Decimal | null>;
  /** Present when the rubric has `levels.<level>`. */
  kpis?: KpiResult[];
  score?: Decimal;
  /** The tier after the movement rules (the qualified tier when there is no decision). */
  tier?: string;
  /**
   * The manager's movement, as a rep's: the level's tier qualified for in each period of the data,
   * walked with `levels.<level>.movement` (else the rubric's `movement`). Present when graded.
   */
  decision?: {
    current?: string;
    qualified: string;
    tier: string;
    movement: Movement;
    promoteRun: number;
    demoteRun: number;
    /** Why, as facts (tier ids of the level's tiers); report/evaluation-text.ts `decisionReason` words them. */
    reasonFacts: DecisionFact;
    /** The earlier periods walked, oldest first. */
    trail: { period: string; score?: Decimal; qualified: string; tier: string; movement: Movement }[];
  };
  tierCounts: Record<string, number>;
  /** Open pipeline against the members' remaining target (the level's own KPI target when it has that KPI). */
  pipeline?: PipelineCoverage;
}

export interface InputFile {
  path: string;
  sha256: string;
  rows: number;
}

/** A file other than the data that decided the result, with its role. */
export interface ManifestFile {
  role: 'rubric' | 'extends' | 'roster' | 'target' | 'calendar' | 'history' | 'query';
  path: string;
  sha256: string;
}

export interface Manifest {
  salesgradeVersion: string;
  rubric: { name: string; path: string; sha256: string };
  inputs: InputFile[];
  roster?: InputFile;
  /** Every file besides the data that decided the result: the rubric, what it extends, roster, targets, calendar, history. */
  files?: ManifestFile[];
  period: string;
  asOf?: IsoDate;
  /** Set when working days of some year were counted Monday–Friday by `--weekday-fallback`. */
  calendar?: { name: string; weekdayFallback: number[] };
  /** The rubric's exchange rates (units of the rubric currency per 1 unit), as written; only when it gives any. */
  fx?: Record<string, string>;
}

export interface RowCounts {
  read: number;
  counted: number;
  excluded: Partial<Record<ExclusionReason, number>>;
}

/**
 * Rows that would have fed a KPI of the evaluated period but were excluded for a data problem (no rep,
 * a bad value, no date): the grades may be wrong by this much. Present only when there are such rows.
 */
export interface DataLoss {
  rows: number;
  byReason: Partial<Record<ExclusionReason, number>>;
  /** Per money field summed by a KPI metric: the amount those rows carried (readable amounts only). */
  money: { field: string; amount: Decimal }[];
  /** Rows whose amount itself was unreadable (not in `money`). */
  unknownAmounts: number;
  /** The first few rows, for the report. */
  sample: SourceRef[];
}

export interface Evaluation {
  manifest: Manifest;
  locale: 'zh-CN' | 'en';
  currency: string;
  period: PeriodRef;
  /** Every period present in the data, oldest first. */
  periods: PeriodRef[];
  /**
   * `distinct`: the KPI's metric is a distinct count, so a team's, region's or the company's value is
   * the union of the members' and the roll-up gives it no members' target (no group attainment unless
   * the level gives its own target; engine/rollup.ts combineTargets).
   */
  kpis: { kpi: string; metric: string; label: string; weight: number; unit: string; distinct?: true }[];
  tiers: { id: string; label: string; minScore: number; color?: string }[];
  reps: RepEvaluation[];
  teams: GroupEvaluation[];
  regions: GroupEvaluation[];
  company: GroupEvaluation;
  distribution: { tier: string; label: string; count: number; share: number }[];
  findings: Diagnostic[];
  rows: RowCounts;
  /** Rows lost to data problems that would have fed a KPI (see DataLoss); absent when none. */
  dataLoss?: DataLoss;
  /** The data's own date range (far-outside dates and dates after `asOf` left out); absent when no row is dated. */
  dataRange?: { first: IsoDate; last: IsoDate };
  /** Set when the evaluated period is only partly covered by the data. */
  coverage?: Coverage;
  /**
   * The rubric's `levels`: each level's own KPIs and tiers (ids as in GroupEvaluation.tier), so a
   * report shows a manager's tier by its label and the level's KPI columns.
   */
  levels?: Partial<Record<'team' | 'region', { kpis: Evaluation['kpis']; tiers: Evaluation['tiers'] }>>;
  /** Pacing when `asOf` falls inside the period. */
  pacing?: {
    elapsedWorkdays: number;
    totalWorkdays: number;
    fraction: Decimal;
    /**
     * The rubric's `pacing: { pipeline, covers }`: the open-pipeline metric (its label and unit) and the
     * KPI whose remaining target it covers; each rep and group then carries `pipeline`.
     */
    pipeline?: { metric: string; metricLabel: string; kpi: string; kpiLabel: string; unit: Unit };
  };
  /**
   * Set when the period is of another kind than the rubric's (a view, engine/view.ts): `kind` the
   * period's, `of` the rubric's. Targets were converted from `of`; tiers are qualified, not moved.
   */
  view?: { code: 'period-view'; kind: PeriodRef['kind']; of: PeriodRef['kind'] };
}

/** What happened to one source row in the evaluated period: the metrics it fed, or why it was left out. */
export type RowAnnotation = { metrics: string[] } | { excluded: ExclusionReason; detail?: string };

/**
 * Where a KPI's target came from, as facts: a rubric key (`default`, `by_rep.张三`), a targets-file cell
 * at a level, the members' roll-up, or none; `per` when it was given per another period kind and
 * prorated. report/evaluation-text.ts words it; in English it reads exactly as `targetSource`.
 */
export interface TargetOrigin {
  from:
    | { code: 'rubric'; key: string }
    | { code: 'file'; where: string; level: 'rep' | 'team' | 'region'; name: string }
    | { code: 'members'; rule?: 'sum' | 'mean' | 'distinct-none' }
    | { code: 'none' };
  per?: 'week' | 'month' | 'quarter' | 'half' | 'year';
}
