import { quotaSplitTiers } from '../../../../src/rubric/lint/rules/quota-split-tiers.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

const q = (s: string) => withSections({ quota: `quota:\n  annual: { revenue: 1200 }\n  split: ${s}` });

runRuleTests(quotaSplitTiers, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'every tier weighted', code: q('{ by: roster, weights: { senior: 1.5, junior: 0.7 } }') },
    { name: 'headcount without weights', code: q('{ by: headcount }') },
  ],
  invalid: [
    {
      name: 'typo and a missing tier',
      code: q('{ by: roster, weights: { senor: 1.5 } }'),
      errors: [
        { line: 16, column: 33, message: 'quota.split.weights: no weight for tier "junior"; its reps would get no quota' },
        { line: 16, column: 33, message: 'quota.split.weights: no weight for tier "senior"; its reps would get no quota' },
        { line: 16, column: 35, message: 'quota.split.weights: "senor" is not a tier id; tiers: senior, junior; did you mean "senior"?' },
      ],
    },
    {
      name: 'weights with by: headcount (warning)',
      code: q('{ by: headcount, weights: { senior: 1, junior: 1 } }'),
      errors: [{ line: 16, column: 27, severity: 'warning', message: 'quota.split.weights: weights apply only with `by: roster`, got `by: headcount`' }],
    },
  ],
});
