/**
 * Tiers and movement.
 *
 * Qualification: tiers ordered highest first (by min_score, descending; rubric order on ties); the
 * qualified tier is the first whose min_score the rounded score reaches (inclusive) and whose gates all
 * pass (a gate on a metric with no value fails). When none qualifies, the lowest tier.
 *
 * Movement, walking a rep's periods oldest first (see README "Evaluation semantics").
 */
import type { Decimal } from 'decimal.js';
import type { Coverage, CoverageFact, DecisionFact, GateResult, Movement, MovementFact, PeriodRef, RepEvaluation, TierDecision, Unit } from './types.js';
import type { TierShape } from './rubric-shape.js';

export interface OrderedTiers {
  /** Highest first. */
  list: TierShape[];
  rank: Map<string, number>;
}

export function orderTiers(tiers: TierShape[]): OrderedTiers {
  const list = tiers
    .map((t, i) => ({ t, i }))
    .sort((a, b) => b.t.min_score - a.t.min_score || a.i - b.i)
    .map((x) => x.t);
  return { list, rank: new Map(list.map((t, i) => [t.id, i])) };
}

export interface Qualification {
  qualified: string;
  gates: { tier: string; results: GateResult[] }[];
  /** Tiers whose score was reached but a gate failed. */
  blocked: { tier: string; failed: GateResult[] }[];
}

export function qualify(
  tiers: OrderedTiers,
  score: Decimal,
  metricValue: (metric: string) => Decimal | null,
): Qualification {
  const gates: Qualification['gates'] = [];
  const blocked: Qualification['blocked'] = [];
  for (const t of tiers.list) {
    const results: GateResult[] = t.gates.map((g) => {
      const actual = metricValue(g.metric);
      const passed = actual !== null && (g.min === undefined || actual.gte(g.min)) && (g.max === undefined || actual.lte(g.max));
      const r: GateResult = { metric: g.metric, actual, passed };
      if (g.min !== undefined) r.min = g.min;
      if (g.max !== undefined) r.max = g.max;
      return r;
    });
    if (results.length) gates.push({ tier: t.id, results });
    if (score.gte(t.min_score)) {
      const failed = results.filter((r) => !r.passed);
      if (failed.length === 0) return { qualified: t.id, gates, blocked };
      blocked.push({ tier: t.id, failed });
    }
  }
  return { qualified: tiers.list[tiers.list.length - 1]!.id, gates, blocked };
}

/** Movement state carried from one period to the next. */
export interface MovementState {
  current?: string;
  promoteRun: number;
  demoteRun: number;
  /** Qualified tier ranks in the current promote / demote run. */
  promoteQualified: number[];
  demoteQualified: number[];
  /** Periods assessed so far. */
  seen: number;
}

export function initialState(current?: string): MovementState {
  const s: MovementState = { promoteRun: 0, demoteRun: 0, promoteQualified: [], demoteQualified: [], seen: 0 };
  if (current !== undefined) s.current = current;
  return s;
}

export interface MovementRules {
  promote_after: number;
  demote_after: number;
  grace_periods: number;
}

export interface Step {
  tier: string;
  movement: Movement;
  promoteRun: number;
  demoteRun: number;
  inGrace: boolean;
  /** Why, as facts; absent for an earlier period walked only for movement (never shown). */
  fact?: MovementFact;
}

/**
 * One period of movement. `tenure` is the number of periods the rep had before this one (for grace).
 * Mutates and returns the state's successor.
 */
export function step(
  state: MovementState,
  qualified: string,
  tiers: OrderedTiers,
  rules: MovementRules,
  tenure: number,
  explain = true,
): Step {
  // An earlier period walked only for movement: its reason is never shown, so no facts are kept.
  const why = (f: MovementFact): MovementFact | undefined => (explain ? f : undefined);
  const promoteAfter = Math.max(1, rules.promote_after);
  const demoteAfter = Math.max(1, rules.demote_after);
  const inGrace = tenure < rules.grace_periods;
  state.seen++;
  const q = tiers.rank.get(qualified)!;
  if (state.current === undefined || !tiers.rank.has(state.current)) {
    state.current = qualified;
    reset(state);
    return { tier: qualified, movement: 'new', promoteRun: 0, demoteRun: 0, inGrace, fact: why({ code: 'new', tier: qualified }) };
  }
  const c = tiers.rank.get(state.current)!;
  if (q === c) {
    reset(state);
    return { tier: state.current, movement: 'unchanged', promoteRun: 0, demoteRun: 0, inGrace, fact: why({ code: 'unchanged', tier: state.current }) };
  }
  if (q < c) {
    // Qualified above (a smaller rank is a higher tier).
    state.demoteRun = 0;
    state.demoteQualified = [];
    state.promoteRun++;
    state.promoteQualified.push(q);
    const run = state.promoteRun;
    if (run >= promoteAfter) {
      const to = tiers.list[state.promoteQualified.reduce((a, b) => Math.max(a, b), -Infinity)]!.id;
      state.current = to;
      reset(state);
      return { tier: to, movement: 'promoted', promoteRun: run, demoteRun: 0, inGrace, fact: why({ code: 'promoted', run, tier: to }) };
    }
    return { tier: state.current, movement: 'held', promoteRun: run, demoteRun: 0, inGrace, fact: why({ code: 'held-up', run, need: promoteAfter, tier: state.current }) };
  }
  state.promoteRun = 0;
  state.promoteQualified = [];
  state.demoteRun++;
  state.demoteQualified.push(q);
  const run = state.demoteRun;
  if (inGrace) {
    return { tier: state.current, movement: 'held', promoteRun: 0, demoteRun: run, inGrace, fact: why({ code: 'grace', tier: state.current, grace: rules.grace_periods }) };
  }
  if (run >= demoteAfter) {
    const to = tiers.list[state.demoteQualified.reduce((a, b) => Math.min(a, b), Infinity)]!.id;
    state.current = to;
    reset(state);
    return { tier: to, movement: 'demoted', promoteRun: 0, demoteRun: run, inGrace, fact: why({ code: 'demoted', run, tier: to }) };
  }
  return { tier: state.current, movement: 'held', promoteRun: 0, demoteRun: run, inGrace, fact: why({ code: 'held-down', run, need: demoteAfter, tier: state.current }) };
}

function reset(s: MovementState): void {
  s.promoteRun = 0;
  s.demoteRun = 0;
  s.promoteQualified = [];
  s.demoteQualified = [];
}

/** Replay a published history entry: its tier is taken as decided, its qualified tier drives the runs. */
export function replay(state: MovementState, qualified: string, tier: string, tiers: OrderedTiers): void {
  state.seen++;
  const q = tiers.rank.get(qualified);
  const before = state.current;
  if (before !== undefined && tier === before && q !== undefined && tiers.rank.has(before)) {
    const c = tiers.rank.get(before)!;
    if (q < c) {
      state.demoteRun = 0;
      state.demoteQualified = [];
      state.promoteRun++;
      state.promoteQualified.push(q);
    } else if (q > c) {
      state.promoteRun = 0;
      state.promoteQualified = [];
      state.demoteRun++;
      state.demoteQualified.push(q);
    } else reset(state);
  } else reset(state);
  state.current = tier;
}

/** What a result file stored about the movement state after one period (see HistoryEntry). */
export interface StoredState {
  qualified: string;
  tier: string;
  movement?: Movement;
  promoteRun?: number;
  demoteRun?: number;
  promoteRunTiers?: string[];
  demoteRunTiers?: string[];
  periodsAssessed?: number;
  partial?: boolean;
}

/**
 * Take a history entry as the state after its period. Files that stored the movement state (run
 * lengths, the tiers of the open runs, tenure) are restored exactly, so the last result file alone gives
 * the same state as the whole chain; older files are replayed from their qualified tier (`replay`).
 * A partly covered period that did not count is taken as holding the tier, runs untouched.
 */
export function restore(state: MovementState, h: StoredState, tiers: OrderedTiers): void {
  if (h.partial && h.movement !== 'new') {
    if (tiers.rank.has(h.tier)) state.current = h.tier;
    return;
  }
  if (h.movement === undefined || h.promoteRun === undefined || h.demoteRun === undefined) {
    replay(state, h.qualified, h.tier, tiers);
    return;
  }
  const replayed: MovementState = { ...state, promoteQualified: [...state.promoteQualified], demoteQualified: [...state.demoteQualified] };
  replay(replayed, h.qualified, h.tier, tiers);
  state.current = h.tier;
  state.seen = h.periodsAssessed ?? replayed.seen;
  if (h.movement !== 'held') {
    // new, unchanged, promoted and demoted all leave both runs empty
    reset(state);
    return;
  }
  const runTiers = (stored: string[] | undefined, run: number, fromReplay: number[]): number[] => {
    const ranks = stored?.map((id) => tiers.rank.get(id)).filter((r): r is number => r !== undefined);
    if (ranks && ranks.length === run) return ranks;
    // An older file: what the replay saw, padded at the front with the last qualified tier.
    const q = tiers.rank.get(h.qualified)!;
    const out = fromReplay.slice(-run);
    while (out.length < run) out.unshift(q);
    return out;
  };
  state.promoteRun = h.promoteRun;
  state.demoteRun = h.demoteRun;
  state.promoteQualified = runTiers(h.promoteRunTiers, h.promoteRun, replayed.promoteQualified);
  state.demoteQualified = runTiers(h.demoteRunTiers, h.demoteRun, replayed.demoteQualified);
}

/**
 * A period that does not count toward movement (partly covered): the tier stays, the runs and tenure
 * are untouched. A rep with no tier yet takes the qualified one (movement "new"), as there is nothing
 * else to hold.
 */
export function holdStep(state: MovementState, qualified: string, tiers: OrderedTiers, tenure: number, rules: MovementRules, coverage: CoverageFact): Step {
  const inGrace = tenure < rules.grace_periods;
  if (state.current === undefined || !tiers.rank.has(state.current)) {
    state.current = qualified;
    reset(state);
    state.seen++;
    return { tier: qualified, movement: 'new', promoteRun: 0, demoteRun: 0, inGrace, fact: { code: 'new-partial', tier: qualified, coverage } };
  }
  return { tier: state.current, movement: 'held', promoteRun: state.promoteRun, demoteRun: state.demoteRun, inGrace, fact: { code: 'partial', tier: state.current, coverage } };
}

/** How much of period `p` the data covers, as the facts of a reason. */
export function coverageFact(p: PeriodRef, c: Coverage): CoverageFact {
  const f: CoverageFact = { period: p.label };
  if (c.from !== undefined) f.from = c.from;
  if (c.until !== undefined) f.until = c.until;
  return f;
}

/** The open runs' tier ids, oldest first, for the decision (and the result file). */
export function runTiers(state: MovementState, tiers: OrderedTiers): { promoteRunTiers: string[]; demoteRunTiers: string[] } {
  return {
    promoteRunTiers: state.promoteQualified.map((r) => tiers.list[r]!.id),
    demoteRunTiers: state.demoteQualified.map((r) => tiers.list[r]!.id),
  };
}

/** The decision's reason, as facts: score and qualified tier, blocked gates, then movement. */
export function decisionFact(score: Decimal, qual: Qualification, st: Step, unitOf: (metric: string) => Unit, precision: number): DecisionFact {
  return {
    score: score.toFixed(precision),
    qualified: qual.qualified,
    blocked: qual.blocked.map((b) => ({
      tier: b.tier,
      failed: b.failed.map((g) => {
        const f: DecisionFact['blocked'][number]['failed'][number] = { metric: g.metric, value: g.actual, unit: unitOf(g.metric) };
        if (g.min !== undefined) f.min = g.min;
        if (g.max !== undefined) f.max = g.max;
        return f;
      }),
    })),
    movement: st.fact!,
  };
}

export function buildDecision(
  before: string | undefined,
  qual: Qualification,
  st: Step,
  reasonFacts: DecisionFact,
  after?: { state: MovementState; tiers: OrderedTiers; partial?: Coverage },
): TierDecision {
  const d: TierDecision = {
    qualified: qual.qualified,
    tier: st.tier,
    movement: st.movement,
    promoteRun: st.promoteRun,
    demoteRun: st.demoteRun,
    promoteRunTiers: after ? runTiers(after.state, after.tiers).promoteRunTiers : [],
    demoteRunTiers: after ? runTiers(after.state, after.tiers).demoteRunTiers : [],
    periodsAssessed: after?.state.seen ?? 0,
    inGrace: st.inGrace,
    gates: qual.gates,
    reasonFacts,
  };
  if (before !== undefined) d.current = before;
  if (after?.partial) d.partial = after.partial;
  return d;
}


// ---- the timeline walk ---------------------------------------------------------------------------

/** One entry of a rep's trail: an earlier period, from history or graded from the data. */
export type TrailEntry = NonNullable<RepEvaluation['trail']>[number];

/** What grading one period gives the walk. */
export interface Graded {
  score: Decimal;
  qualified: string;
}

export interface WalkInput<G extends Graded> {
  /** The rep's periods, oldest first: data periods it is assessed in and history periods. */
  ordered: readonly PeriodRef[];
  /** The evaluated period's label (the last step). */
  final: string;
  history: ReadonlyMap<string, StoredState> | undefined;
  /** The tier held before the first period (the roster's), if any. */
  initialTier: string | undefined;
  tiers: OrderedTiers;
  rules: MovementRules & { count_partial_periods?: boolean | undefined };
  /** Periods the rep had before `p` (for grace); undefined: the periods assessed so far. */
  tenureOf(p: PeriodRef): number | undefined;
  /** How much of `p` the data covers, when only in part. */
  partialOf(p: PeriodRef): Coverage | undefined;
  /** Grade one period; `before` is the tier held going into it; `final` for the evaluated period. */
  grade(p: PeriodRef, before: string | undefined, final: boolean): G;
}

export interface WalkResult<G extends Graded> {
  trail: TrailEntry[];
  /** The evaluated period's step, when the rep is graded in it. */
  last?: { before: string | undefined; graded: G; step: Step; state: MovementState; partial?: Coverage };
}

/**
 * Walk a rep's periods oldest first (README "Evaluation semantics"): a history entry restores the
 * state it stored; a data period is graded and steps the movement rules (a partly covered one does not
 * count unless `count_partial_periods`: an earlier one only joins the trail, the evaluated one holds the
 * tier). Earlier periods give only their score and qualified tier to the trail: no reason is kept for
 * them (`step` with explain off).
 */
export function walkTimeline<G extends Graded>(w: WalkInput<G>): WalkResult<G> {
  const state = initialState(w.initialTier);
  const trail: TrailEntry[] = [];
  const countPartial = w.rules.count_partial_periods === true;
  let last: WalkResult<G>['last'];
  for (const p of w.ordered) {
    const isFinal = p.label === w.final;
    const h = w.history?.get(p.label);
    const before = state.current;
    if (h && !isFinal) {
      restore(state, h, w.tiers);
      const t: TrailEntry = { period: p.label, source: 'history', qualified: h.qualified, tier: h.tier };
      if (before !== undefined) t.current = before;
      trail.push(t);
      continue;
    }
    const g = w.grade(p, before, isFinal);
    const tenure = w.tenureOf(p) ?? state.seen;
    const cov = w.partialOf(p);
    const skip = cov !== undefined && !countPartial;
    if (!isFinal && skip) {
      // A partly covered earlier period: graded for the trail, but no step (not even "new").
      const t: TrailEntry = { period: p.label, source: 'data', score: g.score, qualified: g.qualified, tier: before ?? g.qualified, partial: cov };
      if (before !== undefined) t.current = before;
      trail.push(t);
      continue;
    }
    const st = skip
      ? holdStep(state, g.qualified, w.tiers, tenure, w.rules, coverageFact(p, cov))
      : step(state, g.qualified, w.tiers, w.rules, tenure, isFinal);
    if (!isFinal) {
      const t: TrailEntry = { period: p.label, source: 'data', score: g.score, qualified: g.qualified, tier: st.tier, movement: st.movement };
      if (before !== undefined) t.current = before;
      trail.push(t);
      continue;
    }
    last = { before, graded: g, step: st, state, ...(skip ? { partial: cov } : {}) };
  }
  return last ? { trail, last } : { trail };
}
