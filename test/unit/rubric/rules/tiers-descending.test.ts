import { tiersDescending } from '../../../../src/rubric/lint/rules/tiers-descending.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

runRuleTests(tiersDescending, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'three tiers', code: withSections({ tiers: 'tiers:\n  - { id: s, min_score: 95 }\n  - { id: m, min_score: 75 }\n  - { id: j, min_score: 0 }' }) },
  ],
  invalid: [
    {
      name: 'ascending',
      code: withSections({ tiers: 'tiers:\n  - { id: junior, min_score: 0 }\n  - { id: senior, min_score: 90 }' }),
      errors: [{ line: 13, column: 30, message: 'tiers[1].min_score: min_score must be below the tier above (junior: 0), got 90; list tiers highest first' }],
    },
    {
      name: 'equal scores',
      code: withSections({ tiers: 'tiers:\n  - { id: s, min_score: 80 }\n  - { id: m, min_score: 80 }\n  - { id: j, min_score: 0 }' }),
      errors: [{ line: 13, column: 25 }],
    },
    {
      name: 'in a team level',
      code: withSections({ levels: 'levels:\n  team:\n    kpis: [{ metric: revenue, weight: 100, target: members }]\n    tiers:\n      - { id: b, min_score: 50 }\n      - { id: a, min_score: 90 }\n      - { id: c, min_score: 0 }' }),
      errors: [{ line: 19, column: 29, message: /^levels\.team\.tiers\[1\]\.min_score: / }],
    },
  ],
});
