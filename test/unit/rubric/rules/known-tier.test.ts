import { knownTier } from '../../../../src/rubric/lint/rules/known-tier.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

runRuleTests(knownTier, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'actions and by_tier', code: withSections({ kpis: 'kpis:\n  - { metric: revenue, weight: 100, target: { default: 10, by_tier: { senior: 20 } } }', actions: 'actions:\n  senior: { bonus_multiplier: 1.5 }\n  junior: { training: 基础培训 }' }) },
  ],
  invalid: [
    {
      name: 'action for a typo',
      code: withSections({ actions: 'actions:\n  senoir: { bonus_multiplier: 1.5 }\n  expert: { bonus_multiplier: 2 }' }),
      errors: [
        { line: 15, column: 3, message: 'actions.senoir: "senoir" is not a tier id; did you mean "senior"?' },
        { line: 16, column: 3, message: 'actions.expert: "expert" is not a tier id; tiers: senior, junior' },
      ],
    },
    {
      name: 'by_tier key',
      code: withSections({ kpis: 'kpis:\n  - { metric: revenue, weight: 100, target: { default: 10, by_tier: { lead: 20 } } }' }),
      errors: [{ line: 10, column: 71 }],
    },
  ],
});
