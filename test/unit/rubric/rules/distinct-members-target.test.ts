import { distinctMembersTarget } from '../../../../src/rubric/lint/rules/distinct-members-target.js';
import { runRuleTests } from '../rule-tester.js';
import { withSections } from './base.js';

const metrics = 'metrics:\n  revenue: { sum: amount }\n  customers: { distinct: customer }';
const levels = (kpis: string, level = 'team'): string => `levels:\n  ${level}:\n    kpis:\n${kpis}\n    tiers: [{ id: a, min_score: 0 }]`;
const fields = 'source:\n  fields:\n    date: [Date]\n    amount: { headers: [Amount], type: money }\n    customer: [Customer]';

runRuleTests(distinctMembersTarget, {
  valid: [
    { name: 'members target on a sum', code: withSections({ source: fields, metrics, levels: levels('      - { metric: revenue, weight: 100, target: members }') }) },
    { name: 'a distinct metric with the level’s own target', code: withSections({ source: fields, metrics, levels: levels('      - { metric: customers, weight: 100, target: 40 }') }) },
    {
      name: 'a distinct metric with by_team targets',
      code: withSections({ source: fields, metrics, levels: levels('      - { metric: customers, weight: 100, target: { default: 40, by_team: { East: 55 } } }') }),
    },
  ],
  invalid: [
    {
      name: 'target: members on a distinct metric (team)',
      code: withSections({
        source: fields,
        metrics,
        levels: levels('      - { metric: revenue, weight: 60, target: members }\n      - { metric: customers, weight: 40, target: members }'),
      }),
      errors: [
        {
          line: 20,
          column: 50,
          message:
            'levels.team.kpis[1]: target: members on distinct metric "customers": a group counts the union of its members\' values, not their sum, so it has no members\' target and is left out of the team score; give the level its own target (default, by_team)',
        },
      ],
    },
    {
      name: 'and on a region',
      code: withSections({ source: fields, metrics, levels: levels('      - { metric: customers, weight: 100, target: members }', 'region') }),
      errors: [{ line: 19, column: 51, message: /^levels\.region\.kpis\[0\]: target: members on distinct metric "customers"/ }],
    },
  ],
});
