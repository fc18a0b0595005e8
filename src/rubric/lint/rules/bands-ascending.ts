import { formatPath } from '../../locate.js';
import { kpiLists } from '../helpers.js';
import { defineRule } from '../types.js';

/** A pay curve: `at` strictly ascending, `factor` never decreasing (more attainment never pays less). */
export const bandsAscending = defineRule({
  meta: {
    id: 'bands-ascending',
    description: 'Band points have strictly ascending `at` and non-decreasing `factor`; bands replace floor/cap, so they are not combined.',
    defaultSeverity: 'error',
    messages: {
      at: '{where}: at {at} must be above the previous point\'s at {prev}; list band points in ascending order',
      factor: '{where}: factor {factor} is below the previous point\'s factor {prev}; more attainment would pay less',
      clamp: '{where}: `{key}` is ignored when `bands` is set (bands replace floor/cap clamping)',
    },
  },
  check(ctx) {
    for (const l of kpiLists(ctx.rubric)) {
      l.kpis.forEach((k, i) => {
        if (!k.bands) return;
        const pts = k.bands.points;
        pts.forEach((p, j) => {
          const prev = pts[j - 1];
          if (!prev) return;
          const base = [...l.path, i, 'bands', 'points', j];
          if (p.at <= prev.at) ctx.report({ path: [...base, 'at'], messageId: 'at', data: { where: formatPath(base), at: p.at, prev: prev.at } });
          if (p.factor < prev.factor) ctx.report({ path: [...base, 'factor'], messageId: 'factor', data: { where: formatPath(base), factor: p.factor, prev: prev.factor } });
        });
        for (const key of ['floor', 'cap'] as const) {
          if (k[key] !== undefined) {
            const path = [...l.path, i, key];
            ctx.report({ path, at: 'key', messageId: 'clamp', data: { where: formatPath([...l.path, i]), key }, severity: 'warning' });
          }
        }
      });
    }
  },
});
