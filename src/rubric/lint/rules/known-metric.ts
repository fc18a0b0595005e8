import { formatPath } from '../../locate.js';
import { suggest } from '../../schema-issues.js';
import { metricRefs } from '../helpers.js';
import { defineRule } from '../types.js';

/** KPIs, gates, ratio operands and annual quotas name metrics defined under `metrics:`. */
export const knownMetric = defineRule({
  meta: {
    id: 'known-metric',
    description: 'Every KPI, gate, ratio operand and `quota.annual` key names a metric defined under `metrics`.',
    defaultSeverity: 'error',
    messages: {
      unknown: '{where}: {by} refers to metric "{metric}", which is not defined; defined: {defined}',
      unknownDidYouMean: '{where}: {by} refers to metric "{metric}", which is not defined; did you mean "{suggestion}"?',
    },
    // who refers (helpers.ts MetricRef.by): written as it is in English
    words: { by: { KPI: 'KPI', gate: 'gate', ratio: 'ratio', 'pacing.pipeline': 'pacing.pipeline', 'quota.annual': 'quota.annual' } },
  },
  check(ctx) {
    const defined = Object.keys(ctx.rubric.metrics);
    for (const ref of metricRefs(ctx.rubric)) {
      if (ref.metric in ctx.rubric.metrics) continue;
      const s = suggest(ref.metric, defined);
      const data = { where: formatPath(ref.path), by: ref.by, metric: ref.metric, defined };
      if (s) ctx.report({ path: ref.path, at: ref.at, messageId: 'unknownDidYouMean', data: { ...data, suggestion: s } });
      else ctx.report({ path: ref.path, at: ref.at, messageId: 'unknown', data });
    }
  },
});
