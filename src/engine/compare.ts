/**
 * What a rubric change does to people: two Evaluations of the same data and period (before, after)
 * compared rep by rep and group by group. Pure; the tier compared is the one the rep gets (after the
 * movement rules), and a change of the qualified tier that movement holds back is counted apart.
 */
import type { Decimal } from 'decimal.js';
import { ZERO } from './decimal.js';
import type { Evaluation, GroupEvaluation, RepEvaluation } from './types.js';

export interface Outcome {
  score: Decimal;
  tier: string;
  qualified: string;
}

export interface KpiMove {
  kpi: string;
  label: string;
  /** Points on each side (0 when the KPI is not in that rubric). */
  before: Decimal;
  after: Decimal;
  delta: Decimal;
}

export interface RepDelta {
  rep: string;
  team: string;
  region: string;
  /** Absent when the rep is graded on one side only (a roster change between the rubrics). */
  before?: Outcome;
  after?: Outcome;
  /** after − before; 0 when one side is missing. */
  delta: Decimal;
  tierChanged: boolean;
  /** The qualified tier changed but the movement rules kept the tier. */
  qualifiedOnly: boolean;
  /** The KPI whose points moved most (largest |Δ|; the earlier KPI of the new rubric on ties). */
  topKpi?: KpiMove;
}

export interface GroupDelta {
  name: string;
  before?: { score?: Decimal; tier?: string };
  after?: { score?: Decimal; tier?: string };
  delta: Decimal;
  tierChanged: boolean;
}

export interface Spread {
  min: Decimal;
  median: Decimal;
  max: Decimal;
}

export interface TierCount {
  tier: string;
  label: string;
  before: number;
  after: number;
}

export interface LevelDiff {
  level: 'team' | 'region';
  tierChanges: GroupDelta[];
  scoreMoved: GroupDelta[];
  distribution: TierCount[];
  scoreChange?: Spread;
}

export interface EvaluationDiff {
  period: string;
  reps: number;
  tierChanges: RepDelta[];
  /** Reps whose score moved and tier did not, largest |Δ| first. */
  scoreMoved: RepDelta[];
  /** Reps whose qualified tier changed but whose tier was held by the movement rules. */
  qualifiedOnly: RepDelta[];
  unchanged: number;
  /** Reps graded on one side only. */
  onlyBefore: string[];
  onlyAfter: string[];
  distribution: TierCount[];
  scoreChange?: Spread;
  levels: LevelDiff[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Min, median (mean of the two middle values for an even count) and max; undefined for none. */
export function spreadOf(values: Decimal[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a.comparedTo(b));
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : s[mid - 1]!.plus(s[mid]!).div(2);
  return { min: s[0]!, median, max: s[s.length - 1]! };
}

function byMove<T extends { delta: Decimal }>(name: (x: T) => string): (a: T, b: T) => number {
  return (a, b) => b.delta.abs().comparedTo(a.delta.abs()) || cmp(name(a), name(b));
}

function topKpi(a: RepEvaluation | undefined, b: RepEvaluation | undefined): KpiMove | undefined {
  const ids: string[] = [];
  for (const k of [...(b?.kpis ?? []), ...(a?.kpis ?? [])]) if (!ids.includes(k.kpi)) ids.push(k.kpi);
  let best: KpiMove | undefined;
  for (const id of ids) {
    const ka = a?.kpis.find((k) => k.kpi === id);
    const kb = b?.kpis.find((k) => k.kpi === id);
    const before = ka && !ka.excluded ? ka.points : ZERO;
    const after = kb && !kb.excluded ? kb.points : ZERO;
    const delta = after.minus(before);
    if (delta.isZero()) continue;
    if (!best || delta.abs().gt(best.delta.abs())) best = { kpi: id, label: (kb ?? ka)!.label, before, after, delta };
  }
  return best;
}

function outcome(r: RepEvaluation): Outcome {
  return { score: r.score, tier: r.decision.tier, qualified: r.decision.qualified };
}

function distribution(
  before: { id: string; label: string }[],
  after: { id: string; label: string }[],
  countBefore: (id: string) => number,
  countAfter: (id: string) => number,
): TierCount[] {
  const out: TierCount[] = [];
  for (const t of [...after, ...before]) {
    if (out.some((o) => o.tier === t.id)) continue;
    out.push({ tier: t.id, label: t.label, before: countBefore(t.id), after: countAfter(t.id) });
  }
  return out;
}

function compareGroups(
  level: 'team' | 'region',
  a: GroupEvaluation[],
  b: GroupEvaluation[],
  tiers: { before: { id: string; label: string }[]; after: { id: string; label: string }[] },
): LevelDiff {
  const names = [...new Set([...b.map((g) => g.name), ...a.map((g) => g.name)])];
  const deltas: GroupDelta[] = names.map((name) => {
    const ga = a.find((g) => g.name === name);
    const gb = b.find((g) => g.name === name);
    const side = (g: GroupEvaluation | undefined) =>
      g ? { ...(g.score !== undefined ? { score: g.score } : {}), ...(g.tier !== undefined ? { tier: g.tier } : {}) } : undefined;
    const d: GroupDelta = {
      name,
      delta: ga?.score && gb?.score ? gb.score.minus(ga.score) : ZERO,
      tierChanged: ga?.tier !== gb?.tier,
    };
    const sa = side(ga);
    const sb = side(gb);
    if (sa) d.before = sa;
    if (sb) d.after = sb;
    return d;
  });
  const sorted = byMove<GroupDelta>((g) => g.name);
  const both = deltas.filter((d) => d.before?.score && d.after?.score);
  const spread = spreadOf(both.map((d) => d.delta));
  return {
    level,
    tierChanges: deltas.filter((d) => d.tierChanged).sort(sorted),
    scoreMoved: deltas.filter((d) => !d.tierChanged && !d.delta.isZero()).sort(sorted),
    distribution: distribution(
      tiers.before,
      tiers.after,
      (id) => a.filter((g) => g.tier === id).length,
      (id) => b.filter((g) => g.tier === id).length,
    ),
    ...(spread ? { scoreChange: spread } : {}),
  };
}

export interface CompareOptions {
  /** The tiers of each side's `levels.team` / `levels.region`, highest first, for order and labels. */
  levelTiers?: Partial<Record<'team' | 'region', { before: { id: string; label: string }[]; after: { id: string; label: string }[] }>>;
}

/** Compare two evaluations of the same data and period. */
export function compareEvaluations(before: Evaluation, after: Evaluation, options: CompareOptions = {}): EvaluationDiff {
  const a = new Map(before.reps.map((r) => [r.rep, r]));
  const b = new Map(after.reps.map((r) => [r.rep, r]));
  const names = [...new Set([...after.reps.map((r) => r.rep), ...before.reps.map((r) => r.rep)])];
  const deltas: RepDelta[] = names.map((rep) => {
    const ra = a.get(rep);
    const rb = b.get(rep);
    const r = (rb ?? ra)!;
    const d: RepDelta = {
      rep,
      team: r.team,
      region: r.region,
      delta: ra && rb ? rb.score.minus(ra.score) : ZERO,
      tierChanged: Boolean(ra && rb && ra.decision.tier !== rb.decision.tier),
      qualifiedOnly: Boolean(ra && rb && ra.decision.tier === rb.decision.tier && ra.decision.qualified !== rb.decision.qualified),
    };
    if (ra) d.before = outcome(ra);
    if (rb) d.after = outcome(rb);
    const top = topKpi(ra, rb);
    if (top) d.topKpi = top;
    return d;
  });
  const both = deltas.filter((d) => d.before && d.after);
  const sorted = byMove<RepDelta>((d) => d.rep);
  const spread = spreadOf(both.map((d) => d.delta));
  const levels: LevelDiff[] = [];
  for (const level of ['team', 'region'] as const) {
    const tiers = options.levelTiers?.[level];
    const ga = level === 'team' ? before.teams : before.regions;
    const gb = level === 'team' ? after.teams : after.regions;
    if (!tiers && !ga.some((g) => g.score) && !gb.some((g) => g.score)) continue;
    levels.push(compareGroups(level, ga, gb, tiers ?? { before: [], after: [] }));
  }
  return {
    period: after.period.label,
    reps: both.length,
    tierChanges: both.filter((d) => d.tierChanged).sort(sorted),
    scoreMoved: both.filter((d) => !d.tierChanged && !d.delta.isZero()).sort(sorted),
    qualifiedOnly: both.filter((d) => d.qualifiedOnly).sort(sorted),
    unchanged: both.filter((d) => !d.tierChanged && d.delta.isZero()).length,
    onlyBefore: deltas.filter((d) => d.before && !d.after).map((d) => d.rep).sort(cmp),
    onlyAfter: deltas.filter((d) => d.after && !d.before).map((d) => d.rep).sort(cmp),
    distribution: distribution(
      before.tiers,
      after.tiers,
      (id) => before.reps.filter((r) => r.decision.tier === id).length,
      (id) => after.reps.filter((r) => r.decision.tier === id).length,
    ),
    ...(spread ? { scoreChange: spread } : {}),
    levels,
  };
}
