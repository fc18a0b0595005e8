import { seasonalityShape } from '../../../../src/rubric/lint/rules/seasonality-shape.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

const q = (s: string) => withSections({ quota: `quota:\n  annual: { revenue: 1200 }\n  seasonality: ${s}` });

runRuleTests(seasonalityShape, {
  valid: [
    { name: 'base', code: BASE },
    { name: '12 months', code: q('{ months: [6, 6, 8, 8, 8, 9, 8, 8, 9, 9, 10, 11] }') },
    { name: '4 quarters with a zero', code: q('{ quarters: [0, 1, 1, 2] }') },
    { name: 'from history', code: q('{ from: history }') },
  ],
  invalid: [
    { name: '11 months', code: q('{ months: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] }'), errors: [{ line: 16, column: 26, message: 'quota.seasonality.months: expected 12 weights, got 11' }] },
    { name: 'negative quarter', code: q('{ quarters: [1, -1, 1, 1] }'), errors: [{ line: 16, column: 32, message: 'quota.seasonality.quarters[1]: a weight must not be negative, got -1' }] },
    { name: 'all zero', code: q('{ quarters: [0, 0, 0, 0] }'), errors: [{ line: 16, column: 28, message: 'quota.seasonality.quarters: all weights are 0; nothing could be allocated' }] },
  ],
});
