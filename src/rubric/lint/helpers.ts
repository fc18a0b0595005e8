/** What several rules walk over: every KPI list and tier list (rep level and `levels`), and every metric reference. */
import type { JsonPath } from '../locate.js';
import type { Kpi, LevelKpi, Rubric, Tier } from '../schema.js';

export interface KpiList {
  /** `rep`, `team` or `region`. */
  level: string;
  path: JsonPath;
  kpis: (Kpi | LevelKpi)[];
  tiers: Tier[];
  tiersPath: JsonPath;
}

export function kpiLists(r: Rubric): KpiList[] {
  const out: KpiList[] = [{ level: 'rep', path: ['kpis'], kpis: r.kpis, tiers: r.tiers, tiersPath: ['tiers'] }];
  for (const level of ['team', 'region'] as const) {
    const l = r.levels?.[level];
    if (l) out.push({ level, path: ['levels', level, 'kpis'], kpis: l.kpis, tiers: l.tiers, tiersPath: ['levels', level, 'tiers'] });
  }
  return out;
}

export interface MetricRef {
  metric: string;
  path: JsonPath;
  at: 'key' | 'value';
  /** Who refers: `KPI`, `gate`, `ratio`, `pacing.pipeline`, `quota.annual`. */
  by: string;
}

export function metricRefs(r: Rubric): MetricRef[] {
  const out: MetricRef[] = [];
  for (const list of kpiLists(r)) {
    list.kpis.forEach((k, i) => out.push({ metric: k.metric, path: [...list.path, i, 'metric'], at: 'value', by: 'KPI' }));
    list.tiers.forEach((t, i) =>
      t.gates.forEach((g, j) => out.push({ metric: g.metric, path: [...list.tiersPath, i, 'gates', j, 'metric'], at: 'value', by: 'gate' })),
    );
  }
  for (const [name, m] of Object.entries(r.metrics)) {
    if ('ratio' in m) m.ratio.forEach((op, i) => out.push({ metric: op, path: ['metrics', name, 'ratio', i], at: 'value', by: 'ratio' }));
  }
  if (r.pacing) out.push({ metric: r.pacing.pipeline, path: ['pacing', 'pipeline'], at: 'value', by: 'pacing.pipeline' });
  const annual = r.quota?.annual;
  if (annual && !('file' in annual && typeof annual.file === 'string')) {
    for (const k of Object.keys(annual)) out.push({ metric: k, path: ['quota', 'annual', k], at: 'key', by: 'quota.annual' });
  }
  return out;
}
