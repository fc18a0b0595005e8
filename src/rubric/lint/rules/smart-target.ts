import { formatPath } from '../../locate.js';
import { metricAggregate } from '../../schema.js';
import { kpiLists } from '../helpers.js';
import { defineRule } from '../types.js';

/**
 * SMART completeness of every target. Specific (the KPI names a defined metric) and relevant (every
 * metric feeds a KPI) are `known-metric` and `unused-metric`; this rule checks the other two:
 * measurable — every rep gets a number; time-bound — the number is for a period, and rates
 * (ratio, avg, min, max) are not prorated across periods.
 */
export const smartTarget = defineRule({
  meta: {
    id: 'smart-target',
    description: 'Every target is measurable (each rep gets a number: `default`, `file`, or `by_tier` covering every tier) and time-bound (rates are not given `per` another period).',
    defaultSeverity: 'error',
    messages: {
      noNumber: '{where}: no `default` or `file`, and by_tier does not cover {missing}; reps there would have no target',
      partial: '{where}: no `default` or `file`; reps not listed in {keys} would have no target',
      ratePer: '{where}: {metric} is a rate ({aggregate}); a rate is not prorated, so `per: {per}` must be the rubric period ({period}) or absent',
      empty: '{where}: the target gives no number at all; set `default`, `by_tier` or `file`',
    },
  },
  check(ctx) {
    const r = ctx.rubric;
    for (const l of kpiLists(r)) {
      const tierIds = l.tiers.map((t) => t.id);
      l.kpis.forEach((k, i) => {
        const t = k.target;
        if (typeof t !== 'object') return;
        const path = [...l.path, i, 'target'];
        const where = formatPath(path);
        const m = r.metrics[k.metric];
        if (m && t.per !== undefined && t.per !== r.period) {
          const agg = metricAggregate(m);
          if (agg === 'ratio' || agg === 'avg' || agg === 'min' || agg === 'max') {
            ctx.report({ path: [...path, 'per'], messageId: 'ratePer', data: { where, metric: k.metric, aggregate: agg, per: t.per, period: r.period } });
          }
        }
        if (t.default !== undefined || t.file !== undefined) return;
        const byKeys = (['by_tier', 'by_team', 'by_region', 'by_rep'] as const).filter((b) => t[b] && Object.keys(t[b]!).length);
        if (byKeys.length === 0) {
          ctx.report({ path, messageId: 'empty', data: { where } });
          return;
        }
        if (t.by_tier) {
          const missing = tierIds.filter((id) => !(id in t.by_tier!));
          if (missing.length === 0) return;
          if (byKeys.length === 1) {
            ctx.report({ path, messageId: 'noNumber', data: { where, missing } });
            return;
          }
        }
        ctx.report({ path, messageId: 'partial', data: { where, keys: byKeys }, severity: 'warning' });
      });
    }
  },
});
