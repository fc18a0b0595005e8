import { kpiLists } from '../helpers.js';
import { defineRule } from '../types.js';

/** KPI weights are percentages: a rep on target everywhere scores exactly 100. */
export const weightsSumTo100 = defineRule({
  meta: {
    id: 'weights-sum-to-100',
    description: 'The weights of a KPI list (rep level and each `levels` entry) add up to exactly 100.',
    defaultSeverity: 'error',
    messages: { sum: '{where}: KPI weights must add up to 100, got {sum} ({terms})' },
  },
  check(ctx) {
    for (const l of kpiLists(ctx.rubric)) {
      // Sum in hundredths so 33.33 + 33.33 + 33.34 is exactly 100.
      const cents = l.kpis.reduce((s, k) => s + Math.round(k.weight * 100), 0);
      if (cents !== 10000) {
        ctx.report({
          path: l.path,
          messageId: 'sum',
          data: { where: l.path.join('.'), sum: cents / 100, terms: l.kpis.map((k) => k.weight).join(' + ') },
        });
      }
    }
  },
});
