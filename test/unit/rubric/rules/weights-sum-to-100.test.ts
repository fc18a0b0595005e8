import { weightsSumTo100 } from '../../../../src/rubric/lint/rules/weights-sum-to-100.js';
import { runRuleTests, yaml } from '../rule-tester.js';

const head = yaml`
  salesgrade: 1
  name: t
  source: { fields: { date: [Date], amount: { headers: [Amount], type: money } } }
  metrics: { revenue: { sum: amount }, deals: { count: rows } }
  tiers: [{ id: senior, min_score: 90 }, { id: junior, min_score: 0 }]
`;

runRuleTests(weightsSumTo100, {
  valid: [
    { name: 'one KPI at 100', code: `${head}kpis: [{ metric: revenue, weight: 100, target: 5 }]\n` },
    { name: 'thirds in hundredths', code: `${head}kpis:\n  - { id: a, metric: revenue, weight: 33.33, target: 5 }\n  - { id: b, metric: revenue, weight: 33.33, target: 5 }\n  - { metric: deals, weight: 33.34, target: 5 }\n` },
  ],
  invalid: [
    {
      name: 'sums to 90',
      code: `${head}kpis:\n  - { metric: revenue, weight: 60, target: 5 }\n  - { metric: deals, weight: 30, target: 5 }\n`,
      errors: [{ line: 7, column: 3, message: 'kpis: KPI weights must add up to 100, got 90 (60 + 30)' }],
    },
    {
      name: 'team level sums to 110',
      code: `${head}kpis: [{ metric: revenue, weight: 100, target: 5 }]\nlevels:\n  team:\n    kpis: [{ metric: revenue, weight: 60, target: members }, { metric: deals, weight: 50, target: 3 }]\n    tiers: [{ id: a, min_score: 0 }]\n`,
      errors: [{ line: 9, column: 11, message: 'levels.team.kpis: KPI weights must add up to 100, got 110 (60 + 50)' }],
    },
  ],
});
