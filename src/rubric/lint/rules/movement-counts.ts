import { defineRule } from '../types.js';

export const movementCounts = defineRule({
  meta: {
    id: 'movement-counts',
    description: '`movement.promote_after` and `demote_after` are at least 1 (consecutive periods needed to move).',
    defaultSeverity: 'error',
    messages: { min: 'movement.{key}: expected a whole number ≥ 1 (consecutive periods), got {value}' },
  },
  check(ctx) {
    const m = ctx.rubric.movement;
    for (const key of ['promote_after', 'demote_after'] as const) {
      if (m[key] < 1) ctx.report({ path: ['movement', key], messageId: 'min', data: { key, value: m[key] } });
    }
  },
});
