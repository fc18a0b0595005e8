import { formatPath } from '../../locate.js';
import { kpiLists } from '../helpers.js';
import { defineRule } from '../types.js';

/** Every rep must land in some tier: the last one starts at 0 and has no gates. */
export const lowestTierReachable = defineRule({
  meta: {
    id: 'lowest-tier-reachable',
    description: 'The lowest tier is reachable from a score of 0: `min_score: 0` and no gates, so every rep gets a tier.',
    defaultSeverity: 'error',
    messages: {
      minScore: '{where}: the lowest tier must have min_score 0 so every score gets a tier, got {score}',
      gates: '{where}: the lowest tier must not have gates, or a rep failing them gets no tier',
    },
  },
  check(ctx) {
    for (const l of kpiLists(ctx.rubric)) {
      const i = l.tiers.length - 1;
      const t = l.tiers[i];
      if (!t) continue;
      if (t.min_score !== 0) {
        const path = [...l.tiersPath, i, 'min_score'];
        ctx.report({ path, messageId: 'minScore', data: { where: formatPath(path), score: t.min_score } });
      }
      if (t.gates.length) {
        const path = [...l.tiersPath, i, 'gates'];
        ctx.report({ path, messageId: 'gates', data: { where: formatPath(path) } });
      }
    }
  },
});
