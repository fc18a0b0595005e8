import { formatPath } from '../../locate.js';
import { kpiLists } from '../helpers.js';
import { defineRule } from '../types.js';

export const gateBounds = defineRule({
  meta: {
    id: 'gate-bounds',
    description: 'A tier gate sets `min`, `max` or both, and `min` is not above `max`.',
    defaultSeverity: 'error',
    messages: {
      none: '{where}: a gate needs `min` or `max`, got neither',
      order: '{where}: min {min} is above max {max}; no value can pass',
    },
  },
  check(ctx) {
    for (const l of kpiLists(ctx.rubric)) {
      l.tiers.forEach((t, i) =>
        t.gates.forEach((g, j) => {
          const path = [...l.tiersPath, i, 'gates', j];
          if (g.min === undefined && g.max === undefined) ctx.report({ path, messageId: 'none', data: { where: formatPath(path) } });
          else if (g.min !== undefined && g.max !== undefined && g.min > g.max) ctx.report({ path, messageId: 'order', data: { where: formatPath(path), min: g.min, max: g.max } });
        }),
      );
    }
  },
});
