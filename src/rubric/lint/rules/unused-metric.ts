import { metricRefs } from '../helpers.js';
import { defineRule } from '../types.js';

/** The "relevant" in SMART: a metric nobody scores, gates or plans on is probably a leftover. */
export const unusedMetric = defineRule({
  meta: {
    id: 'unused-metric',
    description: 'Every metric is used by a KPI, a gate, a ratio or `quota.annual` (a warning).',
    defaultSeverity: 'warning',
    messages: { unused: 'metrics.{metric}: defined but not used by any KPI, gate, ratio or quota' },
  },
  check(ctx) {
    const used = new Set(metricRefs(ctx.rubric).map((r) => r.metric));
    for (const name of Object.keys(ctx.rubric.metrics)) {
      if (!used.has(name)) ctx.report({ path: ['metrics', name], at: 'key', messageId: 'unused', data: { metric: name } });
    }
  },
});
