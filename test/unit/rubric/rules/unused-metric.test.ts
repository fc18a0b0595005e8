import { unusedMetric } from '../../../../src/rubric/lint/rules/unused-metric.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

runRuleTests(unusedMetric, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'used by ratio and gate', code: withSections({ metrics: 'metrics:\n  revenue: { sum: amount }\n  n: { count: rows }\n  avg: { ratio: [revenue, n] }', tiers: 'tiers:\n  - { id: s, min_score: 90, gates: [{ metric: avg, min: 1 }] }\n  - { id: j, min_score: 0 }' }) },
  ],
  invalid: [
    {
      name: 'an extra count',
      code: withSections({ metrics: 'metrics:\n  revenue: { sum: amount }\n  visits: { count: rows }' }),
      errors: [{ line: 9, column: 3, message: 'metrics.visits: defined but not used by any KPI, gate, ratio or quota' }],
    },
  ],
});
