import { formatPath } from '../../locate.js';
import { kpiLists } from '../helpers.js';
import { defineRule } from '../types.js';

/** Tiers are listed highest first; the first tier whose min_score is reached wins. */
export const tiersDescending = defineRule({
  meta: {
    id: 'tiers-descending',
    description: 'Tiers are listed highest first, with strictly descending `min_score`.',
    defaultSeverity: 'error',
    messages: {
      order: '{where}: min_score must be below the tier above ({above}: {aboveScore}), got {score}; list tiers highest first',
    },
  },
  check(ctx) {
    for (const l of kpiLists(ctx.rubric)) {
      l.tiers.forEach((t, i) => {
        const above = l.tiers[i - 1];
        if (above && t.min_score >= above.min_score) {
          const path = [...l.tiersPath, i, 'min_score'];
          ctx.report({ path, messageId: 'order', data: { where: formatPath(path), above: above.id, aboveScore: above.min_score, score: t.min_score } });
        }
      });
    }
  },
});
