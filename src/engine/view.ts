/**
 * Views: a rubric graded by one period kind asked for a period of another kind (a quarter rubric for
 * `--period 2026`, `2026-H1`, `2026-07` or `2026-W27`).
 *
 * The rows are aggregated in the asked period (the rubric is re-shaped to that kind). Every target of an
 * additive metric (sum, count, distinct) that says no `per:` is taken as given per the rubric's own
 * kind, and converted by the injected `Prorate` (the quota rules: seasonality × working days) like any
 * target with `per:`; a rate (ratio, avg, min, max) keeps its target as written, never prorated. Tiers
 * are qualified as usual, but movement is decided only at the rubric's own kind: in a view the tier is
 * the qualified one and no promotion or demotion is decided (engine/score.ts `view`).
 */
import { aggregateOf, type KpiShape, type PeriodKind, type RubricShape } from './rubric-shape.js';
import { periodKindOf } from './periods.js';

/** The view's facts: the asked period's kind, and the rubric's own kind (`of`). */
export interface PeriodView {
  code: 'period-view';
  kind: PeriodKind;
  of: PeriodKind;
}

/** The view a period label asks for: undefined when it is of the rubric's own kind (or of no kind). */
export function viewOf(rubric: Pick<RubricShape, 'period' | 'fiscal_year_start'>, label: string): PeriodView | undefined {
  const kind = periodKindOf(label, rubric.fiscal_year_start);
  if (kind === undefined || kind === rubric.period) return undefined;
  return { code: 'period-view', kind, of: rubric.period };
}

/** True when a metric's target accrues over time (sum, count, distinct): a target of it is prorated. */
export function isAdditiveMetric(rubric: Pick<RubricShape, 'metrics'>, metric: string): boolean {
  const m = rubric.metrics[metric];
  if (!m) return false;
  const agg = aggregateOf(m);
  return agg === 'sum' || agg === 'count' || agg === 'distinct';
}

function viewKpi(rubric: RubricShape, k: KpiShape): KpiShape {
  const t = k.target;
  if (t === 'members') return k;
  if (!isAdditiveMetric(rubric, k.metric)) {
    // A rate is never prorated: its target, as written, is the view's too (a `per:` equal to the
    // rubric's kind, the only one the lint allows on a rate, is dropped so it is not converted).
    if (typeof t === 'object' && t.per !== undefined) {
      const { per: _per, ...rest } = t;
      return { ...k, target: rest };
    }
    return k;
  }
  if (typeof t === 'number') return { ...k, target: { default: t, per: rubric.period } };
  if (t.per !== undefined) return k;
  return { ...k, target: { ...t, per: rubric.period } };
}

/** The rubric re-shaped to grade a period of `view.kind`: targets given per the rubric's own kind. */
export function viewRubric(rubric: RubricShape, view: PeriodView): RubricShape {
  const levels = rubric.levels;
  const out: RubricShape = { ...rubric, period: view.kind, kpis: rubric.kpis.map((k) => viewKpi(rubric, k)) };
  if (levels) {
    out.levels = {
      ...(levels.team ? { team: { ...levels.team, kpis: levels.team.kpis.map((k) => viewKpi(rubric, k)) } } : {}),
      ...(levels.region ? { region: { ...levels.region, kpis: levels.region.kpis.map((k) => viewKpi(rubric, k)) } } : {}),
    };
  }
  return out;
}
