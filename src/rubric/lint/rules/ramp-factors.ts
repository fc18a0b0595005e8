import { defineRule } from '../types.js';

/** A new hire's ramp: the share of a full quota per month of tenure, in (0, 1], never falling. */
export const rampFactors = defineRule({
  meta: {
    id: 'ramp-factors',
    description: '`quota.ramp.months` factors are in (0, 1] and non-decreasing.',
    defaultSeverity: 'error',
    messages: {
      range: 'quota.ramp.months[{index}]: a ramp factor must be in (0, 1], got {value}',
      order: 'quota.ramp.months[{index}]: factor {value} is below the month before ({prev}); ramp never goes down',
      empty: 'quota.ramp.months: expected at least one factor, got none',
    },
  },
  check(ctx) {
    const ramp = ctx.rubric.quota?.ramp;
    if (!ramp) return;
    if (ramp.months.length === 0) ctx.report({ path: ['quota', 'ramp', 'months'], messageId: 'empty' });
    ramp.months.forEach((v, i) => {
      const path = ['quota', 'ramp', 'months', i];
      if (!(v > 0 && v <= 1)) ctx.report({ path, messageId: 'range', data: { index: i, value: v } });
      const prev = ramp.months[i - 1];
      if (prev !== undefined && v < prev) ctx.report({ path, messageId: 'order', data: { index: i, value: v, prev } });
    });
  },
});
