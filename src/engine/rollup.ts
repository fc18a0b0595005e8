/**
 * Team, region and company roll-ups: accumulators merged (sums add, distinct is the union), ratios
 * and averages recomputed from the merged parts, targets of additive metrics summed and of the others
 * averaged, and the `levels` KPIs scored on the group's values.
 */
import { SalesgradeError } from '../shared/errors.js';
import type { Decimal } from 'decimal.js';
import type { GroupEvaluation, KpiResult, RepEvaluation } from './types.js';
import { D, ZERO } from './decimal.js';
import { MAX_SCALED_SUM, scaled4 } from '../shared/scaled.js';
import { CountedValues, exactValues, isAdditive, mergeAcc, metricValues, newGroupAcc, type Acc, type CompiledMetric } from './metrics.js';
import { kpiIdOf, type KpiShape } from './rubric-shape.js';
import * as R from '../shared/rational.js';
import type { Rational } from '../shared/rational.js';
import type { ResolvedTarget } from './targets.js';
import { totalScore } from './scoring.js';
import { qualify, type OrderedTiers } from './tiers.js';

export { compareGroupNames, UNASSIGNED } from '../shared/groups.js';

export function mergeMembers(metrics: CompiledMetric[], members: (Acc | undefined)[][]): (Acc | undefined)[] {
  const out: (Acc | undefined)[] = metrics.map((m) => (m.ratio ? undefined : newGroupAcc(m.agg)));
  for (const accs of members) {
    for (let i = 0; i < metrics.length; i++) {
      const a = accs[i];
      if (a && out[i]) mergeAcc(out[i]!, a);
    }
  }
  return out;
}

/**
 * Σ of members' targets for sums and counts, their mean for the others; null when no member has one.
 * A distinct count has no members' target: the group's count is the union of the members' values,
 * which is at most the sum of their counts, so against the sum of their targets a group of members
 * who are all on target would look below target (an artefact of the roll-up, not of the team).
 */
export function combineTargets(metric: CompiledMetric, targets: (Decimal | null)[]): Decimal | null {
  if (metric.agg === 'distinct') return null;
  let n = 0;
  let scaled = 0;
  let sum = ZERO;
  for (const t of targets) {
    if (t === null) continue;
    n++;
    // Exact integer sums for targets with up to four decimals (one Decimal per group, not per member).
    const c = scaled4(t);
    if (c !== undefined && Math.abs(scaled + c) <= MAX_SCALED_SUM) scaled += c;
    else sum = sum.plus(t);
  }
  if (n === 0) return null;
  if (scaled !== 0) sum = sum.plus(new D(scaled).div(1e4));
  return isAdditive(metric) ? sum : sum.div(n);
}

/** A member's target as the level's `target: members` reads it: the value shown and, when that was rounded, the exact one. */
export interface MemberTarget {
  target: Decimal | null;
  exact?: Rational | undefined;
}

/**
 * `combineTargets` exactly: Σ of the members' exact targets (a prorated one's exact share, not its
 * 40-digit Decimal), or their mean; undefined when no member has a target or for a distinct count.
 */
export function combineExactTargets(metric: CompiledMetric, targets: readonly MemberTarget[]): Rational | undefined {
  if (metric.agg === 'distinct') return undefined;
  let n = 0;
  let sum = R.ZERO;
  for (const t of targets) {
    if (t.target === null) continue;
    n++;
    sum = R.add(sum, t.exact ?? R.rat(t.target));
  }
  if (n === 0) return undefined;
  return isAdditive(metric) ? sum : R.div(sum, R.ratio(n, 1));
}

/** Members' targets per rep KPI id, combined (members' KPIs are in rubric order: one pass, no lookups). */
export function groupTargets(
  kpis: KpiShape[],
  metricIndex: Map<string, number>,
  metrics: CompiledMetric[],
  reps: RepEvaluation[],
): Record<string, Decimal | null> {
  const out: Record<string, Decimal | null> = {};
  // Member by member (a packed rep builds its KPI results when read: engine/packed-rep.ts), then KPI by KPI.
  const ids = kpis.map(kpiIdOf);
  const targets = kpis.map(() => [] as (Decimal | null)[]);
  for (const r of reps) {
    const ks = r.kpis;
    for (let i = 0; i < ids.length; i++) {
      const k = ks[i];
      targets[i]!.push((k !== undefined && k.kpi === ids[i] ? k : ks.find((x) => x.kpi === ids[i]))?.target ?? null);
    }
  }
  kpis.forEach((k, i) => {
    out[ids[i]!] = combineTargets(metrics[metricIndex.get(k.metric)!]!, targets[i]!);
  });
  return out;
}

/** A member's result for the rubric's `i`-th KPI (id `id`). */
export function memberKpi(r: RepEvaluation, i: number, id: string): RepEvaluation['kpis'][number] | undefined {
  const k = r.kpis[i];
  return k !== undefined && k.kpi === id ? k : r.kpis.find((x) => x.kpi === id);
}

const NO_TARGET: MemberTarget = { target: null };

const distinctLevelKpis = new WeakMap<KpiShape, KpiShape>();

/**
 * A level KPI with `target: members` on a distinct metric, scored as `missing: exclude`: it has no
 * target (see combineTargets), and counting it as 0 points would grade the manager down for the
 * roll-up rule. `check` warns on it (rule distinct-members-target); give the level its own target.
 */
export function distinctMembersKpi(k: KpiShape): KpiShape {
  let out = distinctLevelKpis.get(k);
  if (!out) {
    out = { ...k, missing: 'exclude' };
    distinctLevelKpis.set(k, out);
  }
  return out;
}

export function tierCounts(reps: RepEvaluation[], tierIds: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of tierIds) out[t] = 0;
  for (const r of reps) out[r.decision.tier] = (out[r.decision.tier] ?? 0) + 1;
  return out;
}


export interface GroupRollUp {
  level: GroupEvaluation['level'];
  name: string;
  members: RepEvaluation[];
  /** Each member's accumulators in the evaluated period (the metric table's cells). */
  memberCells: (Acc | undefined)[][];
  /** The members' cells already merged (`score` consuming the table merges them as it grades): `memberCells` is then not read. */
  merged?: (Acc | undefined)[];
  metrics: CompiledMetric[];
  metricIndex: ReadonlyMap<string, number>;
  repKpis: KpiShape[];
  /** Metric id → the first rep KPI on it (for `target: members`). */
  repKpiOfMetric: ReadonlyMap<string, number>;
  tierIds: string[];
  /** The level's own KPIs and tiers (`levels.team` / `levels.region`); none for the company or `(unassigned)`. */
  levelRules: { kpis: KpiShape[]; tiers: OrderedTiers } | undefined;
  precision: number;
  /** A level KPI's own target (not `members`). */
  levelTarget(k: KpiShape): ResolvedTarget;
  /** A warehouse table's distinct count for the group (see `MetricTable.groupDistinct`). */
  groupCount?: (m: CompiledMetric) => number | undefined;
  /** Score one level KPI on the group's values. */
  scoreKpi(k: KpiShape, values: (Decimal | null)[], exact: (Rational | null)[], target: ResolvedTarget): KpiResult;
}

/**
 * One team, region or the company: the members' cells merged (sums add, distinct is the union), every
 * metric's value from the merged parts, the members' targets combined, the tier counts, and — with
 * `levels` — the level's KPIs scored on the group's values, its score and qualified tier.
 */
export function rollUpGroup(g: GroupRollUp): GroupEvaluation {
  const { metrics, metricIndex, members } = g;
  const merged = g.merged ?? mergeMembers(metrics, g.memberCells);
  if (g.groupCount) useGroupCounts(g, g.groupCount, merged);
  const values = metricValues(metrics, merged);
  const exact = exactValues(metrics, merged);
  const out: GroupEvaluation = {
    level: g.level,
    name: g.name,
    members: members.map((m) => m.rep).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    metrics: Object.fromEntries(metrics.map((m) => [m.id, values[m.index]!])),
    targets: groupTargets(g.repKpis, metricIndex as Map<string, number>, metrics, members),
    tierCounts: tierCounts(members, g.tierIds),
  };
  const lvl = g.levelRules;
  if (!lvl) return out;
  const graded = gradeLevel(g, lvl, values, exact, (ri) =>
    members.map((r): MemberTarget => {
      const k = memberKpi(r, ri, kpiIdOf(g.repKpis[ri]!));
      return k === undefined ? NO_TARGET : { target: k.target, exact: k.exact?.target };
    }),
  );
  out.kpis = graded.kpis;
  if (graded.score !== undefined) {
    out.score = graded.score;
    out.tier = graded.tier!;
  }
  return out;
}

/**
 * A table from a warehouse: the group's own distinct count, never a union of the members' placeholders
 * (with `only`, for those metrics alone).
 */
function useGroupCounts(g: Pick<GroupRollUp, 'metrics' | 'level' | 'name'>, count: NonNullable<GroupRollUp['groupCount']>, merged: (Acc | undefined)[], only?: ReadonlySet<number>): void {
  for (const m of g.metrics) {
    if (m.agg !== 'distinct' || m.ratio || (only !== undefined && !only.has(m.index))) continue;
    const n = count(m);
    if (n === undefined) {
      // No row of the query for the group: right only when none of its members has a value.
      if (merged[m.index]!.set!.size === 0) continue;
      throw new SalesgradeError('input-format', `metric table: no ${g.level} row for "${g.name}" whose distinct count ${m.id} the roll-up needs (was the table produced by this rubric's query, unfiltered?)`);
    }
    merged[m.index]!.set = new CountedValues(n);
  }
}

type LevelScoring = Pick<GroupRollUp, 'metrics' | 'metricIndex' | 'repKpis' | 'repKpiOfMetric' | 'precision' | 'levelTarget' | 'scoreKpi'>;

/**
 * A level's KPIs scored on the group's values, its score and qualified tier (none when every KPI was
 * left out). `memberTargets(ri)`: the members' targets of the rubric's `ri`-th rep KPI, for `target: members`.
 */
function gradeLevel(
  g: LevelScoring,
  lvl: NonNullable<GroupRollUp['levelRules']>,
  values: (Decimal | null)[],
  exact: (Rational | null)[],
  memberTargets: (ri: number) => readonly MemberTarget[],
): { kpis: KpiResult[]; score?: Decimal; tier?: string } {
  const { metrics, metricIndex } = g;
  const kpis = lvl.kpis.map((k) => {
    if (k.target !== 'members') {
      // The level's own target, scored on its exact value (a prorated one: the exact share, not the
      // 40-digit Decimal shown), as a rep's is.
      return g.scoreKpi(k, values, exact, g.levelTarget(k));
    }
    const ri = g.repKpiOfMetric.get(k.metric);
    const m = metrics[metricIndex.get(k.metric)!]!;
    if (m.agg === 'distinct') {
      // A distinct count rolls up as a union, never a sum: no members' target, out of the score.
      return g.scoreKpi(distinctMembersKpi(k), values, exact, { target: null, source: 'members (none for a distinct count)', origin: { from: { code: 'members', rule: 'distinct-none' } } });
    }
    const list = ri === undefined ? [] : memberTargets(ri);
    const target = ri === undefined ? null : combineTargets(m, list.map((t) => t.target));
    // scored on the exact sum (members' prorated targets exactly), shown as the Decimal sum
    const targetExact = target === null ? undefined : combineExactTargets(m, list);
    const resolved: ResolvedTarget = { target, source: isAdditive(m) ? 'members (sum)' : 'members (mean)', origin: { from: { code: 'members', rule: isAdditive(m) ? 'sum' : 'mean' } } };
    if (targetExact !== undefined) resolved.exact = targetExact;
    return g.scoreKpi(k, values, exact, resolved);
  });
  // Nothing left to score (e.g. only distinct counts against members): no score, rather than 0.
  if (!kpis.some((k) => !k.excluded)) return { kpis };
  const { score } = totalScore(kpis, g.precision);
  const valueOf = (id: string): Decimal | null => {
    const i = metricIndex.get(id);
    return i === undefined ? null : values[i]!;
  };
  return { kpis, score, tier: qualify(lvl.tiers, score, valueOf).qualified };
}

export interface LevelGradeInput extends LevelScoring {
  level: GroupEvaluation['level'];
  name: string;
  /** The members' cells merged, for the metrics in `needed` (a warehouse table's distinct counts are set here). */
  merged: (Acc | undefined)[];
  /** The metrics the level's grade reads (its KPIs' and gates' metrics, with a ratio's parts). */
  needed: ReadonlySet<number>;
  levelRules: NonNullable<GroupRollUp['levelRules']>;
  /** The members' targets of the rubric's `ri`-th rep KPI, in member order (what their KpiResults would hold). */
  memberTargets(ri: number): readonly MemberTarget[];
  groupCount?: GroupRollUp['groupCount'];
}

/**
 * A group's score and qualified tier alone — what `rollUpGroup` gives as `score` and `tier` — for the
 * earlier periods a manager's movement walks: from the members' cells merged for only the metrics the
 * level reads and the members' targets (no KpiResults), with nothing else of a GroupEvaluation built.
 * The KPIs are scored by the same code as the full roll-up (`gradeLevel`), so the grade is the same
 * exact one (test/unit/engine/level-walk.test.ts checks every walked period against the group graded
 * in that period). Undefined when the group has no score.
 */
export function levelGrade(g: LevelGradeInput): { score: Decimal; tier: string } | undefined {
  const { metrics, needed, merged } = g;
  if (g.groupCount) useGroupCounts(g, g.groupCount, merged, needed);
  const values = metricValues(metrics, merged, needed);
  const exact = exactValues(metrics, merged, needed);
  const r = gradeLevel(g, g.levelRules, values, exact, g.memberTargets);
  return r.score === undefined ? undefined : { score: r.score, tier: r.tier! };
}

/**
 * A group's managers from its members' roster lines (one name per member, or none): every name,
 * most members first, ties by name. The first is the group's manager.
 */
export function groupManagers(names: readonly (string | undefined)[]): string[] {
  const n = new Map<string, number>();
  for (const x of names) if (x !== undefined && x !== '') n.set(x, (n.get(x) ?? 0) + 1);
  return [...n].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).map(([name]) => name);
}
