import { floorLeCap } from '../../../../src/rubric/lint/rules/floor-le-cap.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

runRuleTests(floorLeCap, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'floor below cap', code: withSections({ kpis: 'kpis:\n  - { metric: revenue, weight: 100, target: 10, floor: 0.5, cap: 1.5 }' }) },
    { name: 'floor equals cap', code: withSections({ kpis: 'kpis:\n  - { metric: revenue, weight: 100, target: 10, floor: 1, cap: 1 }' }) },
  ],
  invalid: [
    {
      name: 'floor above cap',
      code: withSections({ kpis: 'kpis:\n  - { metric: revenue, weight: 100, target: 10, floor: 1.2, cap: 1.1 }' }),
      errors: [{ line: 10, column: 56, message: 'kpis[0]: floor 1.2 is above cap 1.1; attainment is clamped to [floor, cap]' }],
    },
  ],
});
