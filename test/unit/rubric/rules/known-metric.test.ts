import { knownMetric } from '../../../../src/rubric/lint/rules/known-metric.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

const metrics = 'metrics:\n  revenue: { sum: amount }\n  won: { count: rows }\n  win_rate: { ratio: [won, closed] }';

runRuleTests(knownMetric, {
  valid: [
    { name: 'base', code: BASE },
    {
      name: 'gate, ratio and annual quota all defined',
      code: withSections({
        metrics: 'metrics:\n  revenue: { sum: amount }\n  won: { count: rows }\n  rate: { ratio: [won, revenue] }',
        tiers: 'tiers:\n  - { id: s, min_score: 90, gates: [{ metric: rate, min: 0.1 }] }\n  - { id: j, min_score: 0 }',
        quota: 'quota:\n  annual: { revenue: 100 }',
      }),
    },
  ],
  invalid: [
    {
      name: 'KPI with a typo',
      code: withSections({ kpis: 'kpis:\n  - { metric: revenu, weight: 100, target: 1000 }' }),
      errors: [{ line: 10, column: 15, message: 'kpis[0].metric: KPI refers to metric "revenu", which is not defined; did you mean "revenue"?' }],
    },
    {
      name: 'ratio operand, gate and annual key',
      code: withSections({
        metrics,
        tiers: 'tiers:\n  - { id: s, min_score: 90, gates: [{ metric: csat, min: 4 }] }\n  - { id: j, min_score: 0 }',
        quota: 'quota:\n  annual: { bookings: 100 }',
      }),
      errors: [
        { line: 10, column: 28, message: 'metrics.win_rate.ratio[1]: ratio refers to metric "closed", which is not defined; defined: revenue, won, win_rate' },
        { line: 14, column: 47, message: /^tiers\[0\]\.gates\[0\]\.metric: gate refers to metric "csat"/ },
        { line: 17, column: 13, message: /^quota\.annual\.bookings: quota\.annual refers to metric "bookings"/ },
      ],
    },
  ],
});
