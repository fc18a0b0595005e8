import { formatPath } from '../../locate.js';
import { metricAggregate } from '../../schema.js';
import { kpiLists } from '../helpers.js';
import { defineRule } from '../types.js';

/**
 * A rubric that changes `period` from the file it extends (`extends` + `period: year` over a quarterly
 * base) re-reads every target without `per:` as a target of the new period: a quarterly 1,200,000
 * becomes a yearly 1,200,000, silently a quarter of what it meant. Warn at each such target of a sum,
 * count or distinct count (a rate is the same in any period). To grade a quarterly rubric by year, ask
 * it for the year (`--period 2026`: a view, the targets converted by the quota rules) instead.
 */
export const extendsPeriod = defineRule({
  meta: {
    id: 'extends-period',
    description: 'A rubric that changes `period` from the file it extends gives `per:` to every target of a sum or count (else the base\'s targets are silently re-read as targets of the new period).',
    defaultSeverity: 'warning',
    messages: {
      noPer:
        '{where}: period is {period} here but {base} in the file it extends, and this target has no `per:`: {metric} is now read as a {period} target; ' +
        'write `per: {base}` to keep the base\'s meaning (converted by the quota rules), or `per: {period}` if the number is for a {period} (or keep period: {base} and ask for --period of a {period}: a view)',
    },
  },
  check(ctx) {
    const base = ctx.extendsPeriod;
    const r = ctx.rubric;
    if (base === undefined || base === r.period) return;
    for (const l of kpiLists(r)) {
      l.kpis.forEach((k, i) => {
        const t = k.target;
        if (t === 'members') return;
        if (typeof t === 'object' && t.per !== undefined) return;
        const m = r.metrics[k.metric];
        if (!m) return;
        const agg = metricAggregate(m);
        if (agg !== 'sum' && agg !== 'count' && agg !== 'distinct') return;
        const path = [...l.path, i, 'target'];
        ctx.report({ path, messageId: 'noPer', data: { where: formatPath(path), period: r.period, base, metric: k.metric } });
      });
    }
  },
});
