import { formatPath } from '../../locate.js';
import { kpiId } from '../../schema.js';
import { kpiLists } from '../helpers.js';
import { defineRule } from '../types.js';

/** A KPI is known by its `id`, else its metric: two KPIs on one metric need distinct ids. */
export const uniqueKpiIds = defineRule({
  meta: {
    id: 'unique-kpi-ids',
    description: 'KPI ids (the `id`, else the metric name) are unique within a KPI list.',
    defaultSeverity: 'error',
    messages: { dup: '{where}: KPI id "{id}" is already used by {first}; give one of them an `id:`' },
  },
  check(ctx) {
    for (const l of kpiLists(ctx.rubric)) {
      const seen = new Map<string, number>();
      l.kpis.forEach((k, i) => {
        const id = kpiId(k);
        const first = seen.get(id);
        if (first === undefined) {
          seen.set(id, i);
          return;
        }
        const path = k.id !== undefined ? [...l.path, i, 'id'] : [...l.path, i, 'metric'];
        ctx.report({ path, messageId: 'dup', data: { where: formatPath([...l.path, i]), id, first: formatPath([...l.path, first]) } });
      });
    }
  },
});
