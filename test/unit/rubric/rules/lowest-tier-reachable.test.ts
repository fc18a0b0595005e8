import { lowestTierReachable } from '../../../../src/rubric/lint/rules/lowest-tier-reachable.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

runRuleTests(lowestTierReachable, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'single tier at 0', code: withSections({ tiers: 'tiers: [{ id: all, min_score: 0 }]' }) },
  ],
  invalid: [
    {
      name: 'lowest at 40',
      code: withSections({ tiers: 'tiers:\n  - { id: senior, min_score: 90 }\n  - { id: junior, min_score: 40 }' }),
      errors: [{ line: 13, column: 30, message: 'tiers[1].min_score: the lowest tier must have min_score 0 so every score gets a tier, got 40' }],
    },
    {
      name: 'lowest with a gate',
      code: withSections({ tiers: 'tiers:\n  - { id: senior, min_score: 90 }\n  - { id: junior, min_score: 0, gates: [{ metric: revenue, min: 1 }] }' }),
      errors: [{ line: 13, column: 40, message: 'tiers[1].gates: the lowest tier must not have gates, or a rep failing them gets no tier' }],
    },
  ],
});
