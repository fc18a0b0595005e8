import { rubricSize } from '../../../../src/rubric/lint/rules/rubric-size.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

/** `n` metrics and `n` KPIs on them (weights that sum to 100 do not matter to this rule). */
function sized(nMetrics: number, nKpis: number): string {
  const metrics = ['metrics:', ...Array.from({ length: nMetrics }, (_, i) => `  m${i}: { sum: amount }`)].join('\n');
  const kpis = ['kpis:', ...Array.from({ length: nKpis }, (_, i) => `  - { metric: m${i % nMetrics}, weight: 0.5, target: 10 }`)].join('\n');
  return withSections({ metrics, kpis });
}

runRuleTests(rubricSize, {
  valid: [
    { name: 'base', code: BASE },
    { name: '200 metrics and 200 KPIs', code: sized(200, 200) },
  ],
  invalid: [
    {
      name: '201 KPIs',
      code: sized(10, 201),
      errors: [{ line: 18, column: 1, message: 'kpis: 201 KPIs (more than 200); every rep is scored on each, and a report with that many columns is unreadable' }],
    },
    {
      name: '201 metrics (and KPIs)',
      code: sized(201, 201),
      errors: [
        { line: 7, column: 1, message: 'metrics: 201 metrics (more than 200); every rep × period keeps an accumulator for each' },
        { line: 209, column: 1, message: /^kpis: 201 KPIs/ },
      ],
    },
  ],
});
