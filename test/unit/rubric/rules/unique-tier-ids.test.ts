import { uniqueTierIds } from '../../../../src/rubric/lint/rules/unique-tier-ids.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

runRuleTests(uniqueTierIds, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'labels differ', code: withSections({ tiers: 'tiers:\n  - { id: s, label: 高级, min_score: 90 }\n  - { id: j, label: 初级, min_score: 0 }' }) },
  ],
  invalid: [
    {
      name: 'same id twice',
      code: withSections({ tiers: 'tiers:\n  - { id: senior, min_score: 90 }\n  - { id: senior, min_score: 50 }\n  - { id: junior, min_score: 0 }' }),
      errors: [{ line: 13, column: 11, message: 'tiers[1].id: tier id "senior" is already used by tiers[0]' }],
    },
    {
      name: 'same label twice',
      code: withSections({ tiers: 'tiers:\n  - { id: s, label: 高级, min_score: 90 }\n  - { id: j, label: 高级, min_score: 0 }' }),
      errors: [{ line: 13, column: 21, message: 'tiers[1].label: tier label "高级" is already used by tiers[0]; reports could not tell them apart' }],
    },
  ],
});
