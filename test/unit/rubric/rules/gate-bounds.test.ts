import { gateBounds } from '../../../../src/rubric/lint/rules/gate-bounds.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

runRuleTests(gateBounds, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'min and max', code: withSections({ tiers: 'tiers:\n  - { id: s, min_score: 90, gates: [{ metric: revenue, min: 1, max: 5 }] }\n  - { id: j, min_score: 0 }' }) },
  ],
  invalid: [
    {
      name: 'no bound',
      code: withSections({ tiers: 'tiers:\n  - { id: s, min_score: 90, gates: [{ metric: revenue }] }\n  - { id: j, min_score: 0 }' }),
      errors: [{ line: 12, column: 37, message: 'tiers[0].gates[0]: a gate needs `min` or `max`, got neither' }],
    },
    {
      name: 'min above max',
      code: withSections({ tiers: 'tiers:\n  - { id: s, min_score: 90, gates: [{ metric: revenue, min: 5, max: 1 }] }\n  - { id: j, min_score: 0 }' }),
      errors: [{ line: 12, column: 37, message: 'tiers[0].gates[0]: min 5 is above max 1; no value can pass' }],
    },
  ],
});
