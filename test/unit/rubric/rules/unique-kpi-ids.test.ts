import { uniqueKpiIds } from '../../../../src/rubric/lint/rules/unique-kpi-ids.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

runRuleTests(uniqueKpiIds, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'one metric twice with ids', code: withSections({ kpis: 'kpis:\n  - { id: rev_q, metric: revenue, weight: 50, target: 10 }\n  - { id: rev_y, metric: revenue, weight: 50, target: { default: 40, per: year } }' }) },
  ],
  invalid: [
    {
      name: 'one metric twice',
      code: withSections({ kpis: 'kpis:\n  - { metric: revenue, weight: 50, target: 10 }\n  - { metric: revenue, weight: 50, target: 20 }' }),
      errors: [{ line: 11, column: 15, message: 'kpis[1]: KPI id "revenue" is already used by kpis[0]; give one of them an `id:`' }],
    },
    {
      name: 'explicit id clash',
      code: withSections({ kpis: 'kpis:\n  - { id: x, metric: revenue, weight: 50, target: 10 }\n  - { id: x, metric: revenue, weight: 50, target: 20 }' }),
      errors: [{ line: 11, column: 11 }],
    },
  ],
});
