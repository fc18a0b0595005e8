import { suggest } from '../../schema-issues.js';
import { defineRule } from '../types.js';

/** `quota.split.weights` weighs reps by tier: its keys are tier ids, and every tier gets a weight. */
export const quotaSplitTiers = defineRule({
  meta: {
    id: 'quota-split-tiers',
    description: '`quota.split.weights` names only defined tiers and gives every tier a weight (a tier without one gets no quota).',
    defaultSeverity: 'error',
    messages: {
      unknown: 'quota.split.weights: "{tier}" is not a tier id; tiers: {tiers}',
      unknownDidYouMean: 'quota.split.weights: "{tier}" is not a tier id; tiers: {tiers}; did you mean "{suggestion}"?',
      missing: 'quota.split.weights: no weight for tier "{tier}"; its reps would get no quota',
      notRoster: 'quota.split.weights: weights apply only with `by: roster`, got `by: {by}`',
    },
  },
  check(ctx) {
    const split = ctx.rubric.quota?.split;
    if (!split?.weights) return;
    const ids = ctx.rubric.tiers.map((t) => t.id);
    if (split.by !== 'roster') ctx.report({ path: ['quota', 'split', 'weights'], at: 'key', messageId: 'notRoster', data: { by: split.by }, severity: 'warning' });
    for (const k of Object.keys(split.weights)) {
      if (ids.includes(k)) continue;
      const s = suggest(k, ids);
      const path = ['quota', 'split', 'weights', k];
      if (s) ctx.report({ path, at: 'key', messageId: 'unknownDidYouMean', data: { tier: k, tiers: ids, suggestion: s } });
      else ctx.report({ path, at: 'key', messageId: 'unknown', data: { tier: k, tiers: ids } });
    }
    for (const id of ids) {
      if (!(id in split.weights)) ctx.report({ path: ['quota', 'split', 'weights'], messageId: 'missing', data: { tier: id } });
    }
  },
});
