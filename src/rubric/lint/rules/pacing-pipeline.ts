import { defaultMetricUnit } from '../../../shared/metric-unit.js';
import { suggest } from '../../schema-issues.js';
import { kpiId, metricAggregate, metricField, type Metric, type Rubric } from '../../schema.js';
import { normalizeFieldSpec } from '../../field-spec.js';
import { defineRule } from '../types.js';

function unitOf(m: Metric, r: Rubric): string {
  if (m.unit !== undefined) return m.unit;
  const field = metricField(m);
  const spec = field === undefined ? undefined : r.source.fields[field];
  return defaultMetricUnit(metricAggregate(m), spec === undefined ? undefined : normalizeFieldSpec(spec).type);
}

const additive = (m: Metric): boolean => 'sum' in m || 'count' in m;

/**
 * `pacing: { pipeline, covers }`: open pipeline ÷ (target − actual) of a KPI. That quotient means
 * something only when both sides add up over the period (a sum or a count), are in one unit, and the KPI
 * is higher-is-better (a lower-is-better KPI has nothing left to close). The metric's existence is
 * known-metric's.
 */
export const pacingPipeline = defineRule({
  meta: {
    id: 'pacing-pipeline',
    description: '`pacing.covers` names a rep KPI, and `pacing.pipeline` is a sum or count in the same unit as that KPI\'s metric.',
    defaultSeverity: 'error',
    messages: {
      unknownKpi: 'pacing.covers: KPI "{kpi}" is not defined; KPIs: {defined}',
      unknownKpiDidYouMean: 'pacing.covers: KPI "{kpi}" is not defined; did you mean "{suggestion}"?',
      notAdditive: 'pacing.{key}: metric "{metric}" is {agg}: pipeline coverage compares amounts that add up over the period (a sum or a count)',
      lower: 'pacing.covers: KPI "{kpi}" is lower-is-better: it has no remaining target for a pipeline to cover',
      units: 'pacing.pipeline: metric "{metric}" is in {unit}, KPI "{kpi}" (metric "{kpiMetric}") in {kpiUnit}: the coverage would divide one unit by another',
    },
  },
  check(ctx) {
    const r = ctx.rubric;
    const p = r.pacing;
    if (!p) return;
    const ids = r.kpis.map(kpiId);
    const k = r.kpis.find((x) => kpiId(x) === p.covers);
    if (!k) {
      const s = suggest(p.covers, ids);
      if (s) ctx.report({ path: ['pacing', 'covers'], messageId: 'unknownKpiDidYouMean', data: { kpi: p.covers, suggestion: s } });
      else ctx.report({ path: ['pacing', 'covers'], messageId: 'unknownKpi', data: { kpi: p.covers, defined: ids } });
    } else if (k.direction === 'lower') {
      ctx.report({ path: ['pacing', 'covers'], messageId: 'lower', data: { kpi: p.covers } });
    }
    const pm = r.metrics[p.pipeline];
    if (pm && !additive(pm)) ctx.report({ path: ['pacing', 'pipeline'], messageId: 'notAdditive', data: { key: 'pipeline', metric: p.pipeline, agg: metricAggregate(pm) } });
    const km = k ? r.metrics[k.metric] : undefined;
    if (k && km && !additive(km)) ctx.report({ path: ['pacing', 'covers'], messageId: 'notAdditive', data: { key: 'covers', metric: k.metric, agg: metricAggregate(km) } });
    if (k && pm && km && additive(pm) && additive(km) && unitOf(pm, r) !== unitOf(km, r)) {
      ctx.report({ path: ['pacing', 'pipeline'], messageId: 'units', data: { metric: p.pipeline, unit: unitOf(pm, r), kpi: p.covers, kpiMetric: k.metric, kpiUnit: unitOf(km, r) } });
    }
  },
});
