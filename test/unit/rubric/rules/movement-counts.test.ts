import { movementCounts } from '../../../../src/rubric/lint/rules/movement-counts.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

runRuleTests(movementCounts, {
  valid: [
    { name: 'base (defaults 1)', code: BASE },
    { name: 'two periods', code: withSections({ movement: 'movement: { promote_after: 2, demote_after: 2, grace_periods: 1 }' }) },
  ],
  invalid: [
    {
      name: 'zero and negative',
      code: withSections({ movement: 'movement:\n  promote_after: 0\n  demote_after: -1' }),
      errors: [
        { line: 15, column: 18, message: 'movement.promote_after: expected a whole number ≥ 1 (consecutive periods), got 0' },
        { line: 16, column: 17, message: 'movement.demote_after: expected a whole number ≥ 1 (consecutive periods), got -1' },
      ],
    },
  ],
});
