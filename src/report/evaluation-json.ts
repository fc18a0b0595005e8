/**
 * The JSON result of `salesgrade evaluate -f json`: a stable, versioned shape documented by
 * `schema/evaluation.schema.json`. Exact numbers (money, attainment, points, scores) are decimal
 * strings, so nothing is lost to binary floats; counts, weights and thresholds from the rubric are
 * JSON numbers. Keys are emitted in a fixed order and arrays are sorted, so the same inputs give
 * byte-identical output. The same file read back with `--history` gives the tier history.
 */
import { jsonPieces, LazyArray } from '../shared/json-chunks.js';
import { Decimal } from 'decimal.js';
import type {
  Evaluation,
  GroupEvaluation,
  HistoryEntry,
  KpiResult,
  MetricTrace,
  PipelineCoverage,
  RepEvaluation,
  SourceRef,
} from '../engine/types.js';
import type { Diagnostic } from '../shared/diagnostic.js';
import { SalesgradeError } from '../shared/errors.js';
import { findingMessage } from './finding-messages.js';
import { compareGroups } from './groups.js';
import type { ReportLocale } from './labels.js';
import { formulaText, groupReason, kpiExplanation, repReason, targetSourceText } from './evaluation-text.js';

export const EVALUATION_FORMAT = 'salesgrade-evaluation';
/** Bumped on any incompatible change of the shape; additions keep the version. */
export const EVALUATION_FORMAT_VERSION = 1;

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const dec = (d: Decimal | null | undefined): string | null => (d === null || d === undefined ? null : d.toFixed());

function byKey<T>(key: (x: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

function sortedRecord<V>(rec: Record<string, V>, map: (v: V) => Json): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(rec).sort()) out[k] = map(rec[k] as V);
  return out;
}

function source(s: SourceRef): Json {
  const o: { [k: string]: Json } = { file: s.file };
  if (s.sheet !== undefined) o.sheet = s.sheet;
  o.row = s.row;
  return o;
}

/**
 * Facts (engine/types.ts `KpiFact`, `DecisionFact`, `FormulaFact`, shared/proration-facts.ts) as JSON:
 * codes, ids and numbers as built, Decimals as exact decimal strings; the same in every locale.
 */
function factJson(v: unknown): Json {
  if (v === null || v === undefined) return null;
  // (a text or number leaf, most of them, as it is: before `isDecimal`, which looks for a property on it)
  if (typeof v !== 'object') return v as Json;
  if (Array.isArray(v)) return v.map(factJson);
  if (Decimal.isDecimal(v)) return (v as Decimal).toFixed();
  const o: { [k: string]: Json } = {};
  const rec = v as Record<string, unknown>;
  for (const k of Object.keys(rec)) {
    const x = rec[k];
    if (x !== undefined) o[k] = factJson(x);
  }
  return o;
}

/** The words of a result: rendered text in the report's language (README "Output formats"). */
interface Words {
  locale: ReportLocale;
  currency: string;
}

function kpiJson(k: KpiResult, w: Words): Json {
  return {
    kpi: k.kpi,
    metric: k.metric,
    label: k.label,
    weight: k.weight,
    direction: k.direction,
    actual: dec(k.actual),
    target: dec(k.target),
    targetSource: targetSourceText(k, w.locale),
    attainment: dec(k.attainment),
    points: dec(k.points),
    excluded: k.excluded,
    capped: k.capped,
    floored: k.floored,
    belowThreshold: k.belowThreshold,
    explanation: kpiExplanation(k, w.currency, w.locale),
    pacing: k.pacing
      ? { target: dec(k.pacing.target), attainment: dec(k.pacing.attainment), projected: dec(k.pacing.projected), projectedAttainment: dec(k.pacing.projectedAttainment) }
      : null,
    targetProration: factJson(k.targetProration),
    explanationFacts: factJson(k.explanationFacts),
  };
}

function traceJson(t: MetricTrace, w: Words): Json {
  return { value: dec(t.value), rows: t.rows, formula: formulaText(t, w.currency, w.locale), sample: t.sample.map(source), formulaFacts: factJson(t.formulaFacts) };
}

function repJson(r: RepEvaluation, ev: Evaluation): Json {
  const w: Words = { locale: ev.locale, currency: ev.currency };
  const d = r.decision;
  const o: { [k: string]: Json } = {
    rep: r.rep,
    team: r.team,
    region: r.region,
    manager: r.manager ?? null,
    inRoster: r.inRoster,
    rank: r.rank,
    score: dec(r.score),
    rawScore: dec(r.rawScore),
    decision: {
      current: d.current ?? null,
      qualified: d.qualified,
      tier: d.tier,
      movement: d.movement,
      promoteRun: d.promoteRun,
      demoteRun: d.demoteRun,
      promoteRunTiers: d.promoteRunTiers ?? [],
      demoteRunTiers: d.demoteRunTiers ?? [],
      periodsAssessed: d.periodsAssessed ?? null,
      partial: d.partial ? { from: d.partial.from ?? null, until: d.partial.until ?? null } : null,
      inGrace: d.inGrace,
      gates: d.gates.map((g) => ({
        tier: g.tier,
        results: g.results.map((x) => ({
          metric: x.metric,
          min: x.min ?? null,
          max: x.max ?? null,
          actual: dec(x.actual),
          passed: x.passed,
        })),
      })),
      reason: repReason(ev, d.reasonFacts, ev.locale),
      reasonFacts: factJson(d.reasonFacts),
    },
    kpis: r.kpis.map((k) => kpiJson(k, w)),
    metrics: sortedRecord(r.metrics, (t) => traceJson(t, w)),
    distanceToNext: r.distanceToNext
      ? {
          tier: r.distanceToNext.tier,
          points: dec(r.distanceToNext.points),
          kpi: r.distanceToNext.kpi
            ? { kpi: r.distanceToNext.kpi.kpi, metric: r.distanceToNext.kpi.metric, amount: dec(r.distanceToNext.kpi.amount) }
            : null,
        }
      : null,
    action: r.action
      ? {
          bonusMultiplier: r.action.bonus_multiplier ?? null,
          training: r.action.training ?? null,
          note: r.action.note ?? null,
        }
      : null,
    // the tier history: the earlier periods walked for movement, oldest first (data or --history)
    trail: (r.trail ?? []).map((x) => ({
      period: x.period,
      source: x.source,
      score: dec(x.score),
      current: x.current ?? null,
      qualified: x.qualified,
      tier: x.tier,
      movement: x.movement ?? null,
      partial: x.partial ? { from: x.partial.from ?? null, until: x.partial.until ?? null } : null,
    })),
  };
  // Only with the rubric's pacing and --as-of: the shape stays as it was otherwise.
  if (r.pipeline) o.pipeline = pipelineJson(r.pipeline);
  return o;
}

function groupJson(g: GroupEvaluation, ev: Evaluation): Json {
  const lvl = g.level === 'company' ? undefined : ev.levels?.[g.level];
  const label = (id: string | undefined): string | null => (id === undefined ? null : (lvl?.tiers.find((x) => x.id === id)?.label ?? id));
  const d = g.decision;
  return {
    level: g.level,
    name: g.name,
    manager: g.manager ?? null,
    managers: g.managers ?? [],
    members: g.members.slice().sort(),
    metrics: sortedRecord(g.metrics, dec),
    targets: sortedRecord(g.targets, dec),
    kpis: g.kpis ? g.kpis.map((k) => kpiJson(k, { locale: ev.locale, currency: ev.currency })) : null,
    score: dec(g.score),
    tier: g.tier ?? null,
    tierLabel: label(g.tier),
    decision: d
      ? {
          current: d.current ?? null,
          qualified: d.qualified,
          tier: d.tier,
          movement: d.movement,
          promoteRun: d.promoteRun,
          demoteRun: d.demoteRun,
          reason: groupReason(ev, g, d.reasonFacts, ev.locale),
          reasonFacts: factJson(d.reasonFacts),
          trail: d.trail.map((x) => ({ period: x.period, score: dec(x.score), qualified: x.qualified, tier: x.tier, movement: x.movement })),
        }
      : null,
    tierCounts: sortedRecord(g.tierCounts, (n) => n),
    // Only with the rubric's pacing and --as-of: the shape stays as it was otherwise.
    ...(g.pipeline ? { pipeline: pipelineJson(g.pipeline) } : {}),
  };
}

function pipelineJson(p: PipelineCoverage): Json {
  return { open: dec(p.open), remaining: dec(p.remaining), coverage: dec(p.coverage) };
}

function levelsJson(ev: Evaluation): Json {
  const out: { [k: string]: Json } = {};
  for (const lvl of ['team', 'region'] as const) {
    const l = ev.levels?.[lvl];
    if (!l) continue;
    out[lvl] = {
      kpis: l.kpis.map((k) => ({ kpi: k.kpi, metric: k.metric, label: k.label, weight: k.weight, unit: k.unit })),
      tiers: l.tiers.map((t) => ({ id: t.id, label: t.label, minScore: t.minScore })),
    };
  }
  return out;
}

function findingJson(d: Diagnostic, locale: ReportLocale): Json {
  const o: { [k: string]: Json } = { code: d.code, severity: d.severity, message: findingMessage(d, locale), source: d.source };
  if (d.sheet !== undefined) o.sheet = d.sheet;
  if (d.cell !== undefined) o.cell = d.cell;
  if (d.row !== undefined) o.row = d.row;
  if (d.range) o.line = d.range.start.line + 1;
  if (d.range) o.column = d.range.start.character + 1;
  if (d.data !== undefined) o.data = { ...d.data };
  return o;
}

/** The evaluation as a plain JSON value (see schema/evaluation.schema.json). */
export function evaluationToJson(ev: Evaluation): Json {
  return evaluationJsonOf(ev, (reps) => reps.map((r) => repJson(r, ev)));
}

/** The evaluation's JSON value, its reps (in output order) made by `repsOf`. */
function evaluationJsonOf<R>(ev: Evaluation, repsOf: (sorted: RepEvaluation[]) => R): { [k: string]: Json | R } {
  const m = ev.manifest;
  const manifest: { [k: string]: Json } = {
    salesgradeVersion: m.salesgradeVersion,
    rubric: { name: m.rubric.name, path: m.rubric.path, sha256: m.rubric.sha256 },
    inputs: m.inputs.map((f) => ({ path: f.path, sha256: f.sha256, rows: f.rows })),
    roster: m.roster ? { path: m.roster.path, sha256: m.roster.sha256, rows: m.roster.rows } : null,
    files: (m.files ?? []).map((f) => ({ role: f.role, path: f.path, sha256: f.sha256 })),
    period: m.period,
    asOf: m.asOf ?? null,
  };
  // Only when some year was counted Monday–Friday by --weekday-fallback: the shape stays as it was otherwise.
  if (m.calendar) manifest.calendar = { name: m.calendar.name, weekdayFallback: m.calendar.weekdayFallback };
  if (m.fx !== undefined) manifest.fx = { ...m.fx };
  const reps = ev.reps.slice().sort((a, b) => a.rank - b.rank || byKey<RepEvaluation>((r) => r.rep)(a, b));
  return {
    format: EVALUATION_FORMAT,
    formatVersion: EVALUATION_FORMAT_VERSION,
    manifest,
    locale: ev.locale,
    currency: ev.currency,
    period: { kind: ev.period.kind, label: ev.period.label, start: ev.period.start, end: ev.period.end },
    periods: ev.periods.map((p) => p.label),
    pacing: ev.pacing
      ? {
          elapsedWorkdays: ev.pacing.elapsedWorkdays,
          totalWorkdays: ev.pacing.totalWorkdays,
          fraction: dec(ev.pacing.fraction),
          ...(ev.pacing.pipeline ? { pipeline: { ...ev.pacing.pipeline } } : {}),
        }
      : null,
    kpis: ev.kpis.map((k) => ({ kpi: k.kpi, metric: k.metric, label: k.label, weight: k.weight, unit: k.unit })),
    tiers: ev.tiers.map((t) => ({ id: t.id, label: t.label, minScore: t.minScore })),
    levels: levelsJson(ev),
    rows: {
      read: ev.rows.read,
      counted: ev.rows.counted,
      excluded: sortedRecord(ev.rows.excluded as Record<string, number>, (n) => n),
    },
    dataRange: ev.dataRange ? { first: ev.dataRange.first, last: ev.dataRange.last } : null,
    coverage: ev.coverage ? { from: ev.coverage.from ?? null, until: ev.coverage.until ?? null } : null,
    view: ev.view ? { code: ev.view.code, kind: ev.view.kind, of: ev.view.of } : null,
    dataLoss: ev.dataLoss
      ? {
          rows: ev.dataLoss.rows,
          byReason: sortedRecord(ev.dataLoss.byReason as Record<string, number>, (n) => n),
          money: ev.dataLoss.money.map((x) => ({ field: x.field, amount: dec(x.amount) })),
          unknownAmounts: ev.dataLoss.unknownAmounts,
          sample: ev.dataLoss.sample.map(source),
        }
      : null,
    distribution: ev.distribution.map((d) => ({ tier: d.tier, label: d.label, count: d.count, share: d.share })),
    reps: repsOf(reps),
    teams: ev.teams.slice().sort(compareGroups).map((g) => groupJson(g, ev)),
    regions: ev.regions.slice().sort(compareGroups).map((g) => groupJson(g, ev)),
    company: groupJson(ev.company, ev),
    findings: ev.findings.map((d) => findingJson(d, ev.locale)),
  };
}

/** The evaluation as JSON text: 2-space indented, newline-terminated, byte-stable. */
export function renderEvaluationJson(ev: Evaluation): string {
  return `${JSON.stringify(evaluationToJson(ev), null, 2)}\n`;
}

/**
 * The same text in pieces (one per rep, finding, group…), for output too large for one string, made
 * as they are taken: `[...renderEvaluationJsonChunks(ev)].join('') === renderEvaluationJson(ev)`.
 */
export function* renderEvaluationJsonChunks(ev: Evaluation): Generator<string> {
  // Each rep's JSON value is made as its piece is written (LazyArray): 61,000 reps kept the whole JSON
  // tree and its text (580 MB) in memory beside the Evaluation (issue 10 item 16).
  yield* jsonPieces(
    evaluationJsonOf(ev, (reps) => new LazyArray(reps.length, (i) => repJson(reps[i]!, ev))),
    2,
  );
  yield '\n';
}

/**
 * Tier history from an earlier result file (`--history a.json`): one entry per rep with the period,
 * the tier qualified for and the tier held after movement. Throws `history-invalid` naming the file.
 */
export function historyFromJson(text: string, file: string): HistoryEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new SalesgradeError('history-invalid', `not JSON: ${(e as Error).message}`, { location: { file } });
  }
  const o = doc as { format?: unknown; formatVersion?: unknown; period?: { label?: unknown }; reps?: unknown };
  if (typeof o !== 'object' || o === null || o.format !== EVALUATION_FORMAT) {
    throw new SalesgradeError('history-invalid', `expected a salesgrade evaluation result (format "${EVALUATION_FORMAT}")`, {
      location: { file },
      hint: 'write one with: salesgrade evaluate … -f json > result.json',
    });
  }
  if (typeof o.formatVersion !== 'number' || o.formatVersion > EVALUATION_FORMAT_VERSION) {
    throw new SalesgradeError('history-invalid', `unsupported formatVersion ${String(o.formatVersion)} (this salesgrade reads ${EVALUATION_FORMAT_VERSION})`, {
      location: { file },
    });
  }
  const period = o.period?.label;
  if ((o as { view?: unknown }).view) {
    // A view (another period kind than the rubric's) decided no movement: its tiers are not history.
    throw new SalesgradeError('history-invalid', `${typeof period === 'string' ? period : 'this result'} is a view period (period kind other than the rubric's): it decided no tier, so it cannot be history`, {
      location: { file },
      hint: 'give the result files of the rubric\'s own periods',
    });
  }
  if (typeof period !== 'string' || !Array.isArray(o.reps)) {
    throw new SalesgradeError('history-invalid', 'missing period.label or reps', { location: { file } });
  }
  const MOVEMENTS = new Set(['new', 'promoted', 'demoted', 'held', 'unchanged']);
  const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const ids = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);
  return o.reps.map((r: unknown, i: number) => {
    const x = r as { rep?: unknown; decision?: Record<string, unknown> };
    const d = x?.decision;
    if (typeof x?.rep !== 'string' || typeof d?.qualified !== 'string' || typeof d.tier !== 'string') {
      throw new SalesgradeError('history-invalid', `reps[${i}]: expected rep, decision.qualified and decision.tier`, { location: { file } });
    }
    const h: HistoryEntry = { rep: x.rep, period, qualified: d.qualified, tier: d.tier, file };
    // The movement state after that period, so that the last file alone resumes the runs (files
    // written before these were stored are replayed from their qualified tiers instead).
    const promoteRun = count(d.promoteRun);
    const demoteRun = count(d.demoteRun);
    if (typeof d.movement === 'string' && MOVEMENTS.has(d.movement) && promoteRun !== undefined && demoteRun !== undefined) {
      h.movement = d.movement as NonNullable<HistoryEntry['movement']>;
      h.promoteRun = promoteRun;
      h.demoteRun = demoteRun;
      const up = ids(d.promoteRunTiers);
      const down = ids(d.demoteRunTiers);
      if (up) h.promoteRunTiers = up;
      if (down) h.demoteRunTiers = down;
      const seen = count(d.periodsAssessed);
      if (seen !== undefined) h.periodsAssessed = seen;
      if (d.partial !== null && typeof d.partial === 'object') h.partial = true;
    }
    return h;
  });
}
