import { formatPath } from '../../locate.js';
import { kpiLists } from '../helpers.js';
import { defineRule } from '../types.js';

export const thresholdLtCap = defineRule({
  meta: {
    id: 'threshold-lt-cap',
    description: 'A KPI\'s `threshold` (below it: 0 points) is below its `cap`, and not below its `floor`.',
    defaultSeverity: 'error',
    messages: {
      cap: '{where}: threshold {threshold} must be below cap {cap}, or no attainment can earn points',
      floor: '{where}: threshold {threshold} is below floor {floor}; the floor already pays more, so the threshold never applies',
    },
  },
  check(ctx) {
    for (const l of kpiLists(ctx.rubric)) {
      l.kpis.forEach((k, i) => {
        if (k.threshold === undefined) return;
        const path = [...l.path, i, 'threshold'];
        const where = formatPath([...l.path, i]);
        if (k.cap !== undefined && k.threshold >= k.cap) ctx.report({ path, messageId: 'cap', data: { where, threshold: k.threshold, cap: k.cap } });
        if (k.floor !== undefined && k.threshold < k.floor) {
          ctx.report({ path, messageId: 'floor', data: { where, threshold: k.threshold, floor: k.floor }, severity: 'warning' });
        }
      });
    }
  },
});
