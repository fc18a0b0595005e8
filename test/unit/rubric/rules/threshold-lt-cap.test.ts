import { thresholdLtCap } from '../../../../src/rubric/lint/rules/threshold-lt-cap.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

runRuleTests(thresholdLtCap, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'threshold below cap', code: withSections({ kpis: 'kpis:\n  - { metric: revenue, weight: 100, target: 10, threshold: 0.5, cap: 1.5 }' }) },
  ],
  invalid: [
    {
      name: 'threshold at cap',
      code: withSections({ kpis: 'kpis:\n  - { metric: revenue, weight: 100, target: 10, threshold: 1.5, cap: 1.5 }' }),
      errors: [{ line: 10, column: 60, message: 'kpis[0]: threshold 1.5 must be below cap 1.5, or no attainment can earn points' }],
    },
    {
      name: 'threshold under the floor (warning)',
      code: withSections({ kpis: 'kpis:\n  - { metric: revenue, weight: 100, target: 10, threshold: 0.2, floor: 0.5 }' }),
      errors: [{ line: 10, column: 60, severity: 'warning', message: /^kpis\[0\]: threshold 0\.2 is below floor 0\.5/ }],
    },
  ],
});
