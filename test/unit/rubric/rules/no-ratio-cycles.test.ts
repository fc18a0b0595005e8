import { noRatioCycles } from '../../../../src/rubric/lint/rules/no-ratio-cycles.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

runRuleTests(noRatioCycles, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'ratio of ratios', code: withSections({ metrics: 'metrics:\n  revenue: { sum: amount }\n  n: { count: rows }\n  avg_deal: { ratio: [revenue, n] }\n  x: { ratio: [avg_deal, n] }' }) },
  ],
  invalid: [
    {
      name: 'self',
      code: withSections({ metrics: 'metrics:\n  revenue: { sum: amount }\n  r: { ratio: [r, revenue] }' }),
      errors: [{ line: 9, column: 15, message: 'metrics.r.ratio: the ratio depends on itself: r → r' }],
    },
    {
      name: 'two ratios in a loop, reported once',
      code: withSections({ metrics: 'metrics:\n  revenue: { sum: amount }\n  a: { ratio: [revenue, b] }\n  b: { ratio: [a, revenue] }' }),
      errors: [{ line: 9, column: 15, message: 'metrics.a.ratio: the ratio depends on itself: a → b → a' }],
    },
  ],
});
