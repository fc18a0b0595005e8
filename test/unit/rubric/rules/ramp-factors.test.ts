import { rampFactors } from '../../../../src/rubric/lint/rules/ramp-factors.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

const q = (s: string) => withSections({ quota: `quota:\n  annual: { revenue: 1200 }\n  ramp: { months: ${s} }` });

runRuleTests(rampFactors, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'ramping to 1', code: q('[0.25, 0.5, 0.75, 1]') },
    { name: 'flat', code: q('[0.5, 0.5]') },
  ],
  invalid: [
    { name: 'zero and above one', code: q('[0, 0.5, 1.2]'), errors: [{ line: 16, column: 20, message: 'quota.ramp.months[0]: a ramp factor must be in (0, 1], got 0' }, { line: 16, column: 28, message: 'quota.ramp.months[2]: a ramp factor must be in (0, 1], got 1.2' }] },
    { name: 'decreasing', code: q('[0.5, 0.25]'), errors: [{ line: 16, column: 25, message: 'quota.ramp.months[1]: factor 0.25 is below the month before (0.5); ramp never goes down' }] },
    { name: 'empty', code: q('[]'), errors: [{ line: 16, column: 19, message: 'quota.ramp.months: expected at least one factor, got none' }] },
  ],
});
