import { defineRule } from '../types.js';

/** Seasonality weights are relative and normalised: 12 months or 4 quarters, ≥ 0, not all zero. */
export const seasonalityShape = defineRule({
  meta: {
    id: 'seasonality-shape',
    description: '`quota.seasonality` has 12 monthly or 4 quarterly weights, none negative, not all zero.',
    defaultSeverity: 'error',
    messages: {
      count: 'quota.seasonality.{unit}: expected {expected} weights, got {got}',
      negative: 'quota.seasonality.{unit}[{index}]: a weight must not be negative, got {value}',
      zero: 'quota.seasonality.{unit}: all weights are 0; nothing could be allocated',
    },
  },
  check(ctx) {
    const s = ctx.rubric.quota?.seasonality;
    if (!s || 'from' in s) return;
    const unit = 'months' in s ? 'months' : 'quarters';
    const values = 'months' in s ? s.months : s.quarters;
    const expected = unit === 'months' ? 12 : 4;
    const path = ['quota', 'seasonality', unit];
    if (values.length !== expected) ctx.report({ path, messageId: 'count', data: { unit, expected, got: values.length } });
    values.forEach((v, i) => {
      if (v < 0) ctx.report({ path: [...path, i], messageId: 'negative', data: { unit, index: i, value: v } });
    });
    if (values.length && values.every((v) => v === 0)) ctx.report({ path, messageId: 'zero', data: { unit } });
  },
});
