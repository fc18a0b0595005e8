import { formatPath } from '../../locate.js';
import { defineRule } from '../types.js';

/**
 * A distinct count rolls up as the union of the members' values, which is at most the sum of their
 * counts: against the sum of the members' targets every team would look below target while every
 * member is on it. The engine gives such a KPI no target and leaves it out of the group's score.
 */
export const distinctMembersTarget = defineRule({
  meta: {
    id: 'distinct-members-target',
    description: 'A `levels` KPI on a `distinct` metric gives its own target, not `target: members` (a union is not a sum).',
    defaultSeverity: 'warning',
    messages: {
      distinct:
        '{where}: target: members on distinct metric "{metric}": a group counts the union of its members\' values, not their sum, so it has no members\' target and is left out of the {level} score; give the level its own target (default, by_{level})',
    },
  },
  check(ctx) {
    for (const level of ['team', 'region'] as const) {
      ctx.rubric.levels?.[level]?.kpis.forEach((k, i) => {
        const m = ctx.rubric.metrics[k.metric];
        if (k.target !== 'members' || !m || !('distinct' in m)) return;
        const path = ['levels', level, 'kpis', i, 'target'];
        ctx.report({ path, messageId: 'distinct', data: { where: formatPath(['levels', level, 'kpis', i]), metric: k.metric, level } });
      });
    }
  },
});
