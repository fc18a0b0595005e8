import { bandsAscending } from '../../../../src/rubric/lint/rules/bands-ascending.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

const kpi = (points: string, extra = '') =>
  withSections({ kpis: `kpis:\n  - metric: revenue\n    weight: 100\n    target: 10${extra}\n    bands:\n      mode: stepped\n      points:\n${points}` });

runRuleTests(bandsAscending, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'ascending', code: kpi('        - { at: 0.5, factor: 0.5 }\n        - { at: 1, factor: 1 }\n        - { at: 1.2, factor: 1.5 }') },
  ],
  invalid: [
    {
      name: 'at out of order and factor falling',
      code: kpi('        - { at: 1, factor: 1 }\n        - { at: 0.8, factor: 0.5 }'),
      errors: [
        { line: 17, column: 17, message: 'kpis[0].bands.points[1]: at 0.8 must be above the previous point\'s at 1; list band points in ascending order' },
        { line: 17, column: 30, message: 'kpis[0].bands.points[1]: factor 0.5 is below the previous point\'s factor 1; more attainment would pay less' },
      ],
    },
    {
      name: 'cap with bands (warning)',
      code: kpi('        - { at: 1, factor: 1 }', '\n    cap: 1.5'),
      errors: [{ line: 13, column: 5, severity: 'warning', message: 'kpis[0]: `cap` is ignored when `bands` is set (bands replace floor/cap clamping)' }],
    },
  ],
});
