/**
 * A metric's display unit when the rubric gives none: from its aggregate and the aggregated field's type.
 * One rule for the engine (engine/metrics.ts) and the rubric lint (pacing-pipeline compares units).
 */
export type MetricUnit = 'money' | 'count' | 'percent' | 'number' | 'score';

export function defaultMetricUnit(agg: 'sum' | 'count' | 'distinct' | 'avg' | 'min' | 'max' | 'ratio', fieldType: string | undefined): MetricUnit {
  if (agg === 'count' || agg === 'distinct') return 'count';
  if (agg === 'ratio') return 'percent';
  if (fieldType === 'money') return 'money';
  if (fieldType === 'percent') return 'percent';
  return 'number';
}
