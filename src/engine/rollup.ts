/**
 * Team, region and company roll-ups: accumulators merged (sums add, distinct is the union), ratios
 * and averages recomputed from the merged parts, targets of additive metrics summed and of the others
 * averaged, and the `levels` KPIs scored on the group's values.
 */
import type { Decimal } from 'decimal.js';
import type { GroupEvaluation, RepEvaluation } from './types.js';
import { ZERO } from './decimal.js';
import { isAdditive, mergeAcc, metricValues, newAcc, type Acc, type CompiledMetric } from './metrics.js';
import { kpiIdOf, type KpiShape } from './rubric-shape.js';

export const UNASSIGNED = '(unassigned)';

/** Codepoint order with `(unassigned)` last. */
export function compareGroupNames(a: string, b: string): number {
  if (a === b) return 0;
  if (a === UNASSIGNED) return 1;
  if (b === UNASSIGNED) return -1;
  return a < b ? -1 : 1;
}

export function mergeMembers(metrics: CompiledMetric[], members: (Acc | undefined)[][]): (Acc | undefined)[] {
  const out: (Acc | undefined)[] = metrics.map((m) => (m.ratio ? undefined : newAcc(m.agg)));
  for (const accs of members) {
    for (let i = 0; i < metrics.length; i++) {
      const a = accs[i];
      if (a && out[i]) mergeAcc(out[i]!, a);
    }
  }
  return out;
}

/** Σ of members' targets for additive metrics, their mean otherwise; null when no member has one. */
export function combineTargets(metric: CompiledMetric, targets: (Decimal | null)[]): Decimal | null {
  const present = targets.filter((t): t is Decimal => t !== null);
  if (present.length === 0) return null;
  const sum = present.reduce((s, t) => s.plus(t), ZERO);
  return isAdditive(metric) ? sum : sum.div(present.length);
}

export interface GroupInput {
  level: GroupEvaluation['level'];
  name: string;
  reps: RepEvaluation[];
  accs: (Acc | undefined)[][];
}

export function groupValues(
  metrics: CompiledMetric[],
  input: GroupInput,
): { values: (Decimal | null)[]; merged: (Acc | undefined)[] } {
  const merged = mergeMembers(metrics, input.accs);
  return { values: metricValues(metrics, merged), merged };
}

/** Members' targets per rep KPI id, combined. */
export function groupTargets(
  kpis: KpiShape[],
  metricIndex: Map<string, number>,
  metrics: CompiledMetric[],
  reps: RepEvaluation[],
): Record<string, Decimal | null> {
  const out: Record<string, Decimal | null> = {};
  for (const k of kpis) {
    const id = kpiIdOf(k);
    const m = metrics[metricIndex.get(k.metric)!]!;
    out[id] = combineTargets(
      m,
      reps.map((r) => r.kpis.find((x) => x.kpi === id)?.target ?? null),
    );
  }
  return out;
}

export function tierCounts(reps: RepEvaluation[], tierIds: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of tierIds) out[t] = 0;
  for (const r of reps) out[r.decision.tier] = (out[r.decision.tier] ?? 0) + 1;
  return out;
}

