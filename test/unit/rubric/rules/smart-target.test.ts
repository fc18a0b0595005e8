import { smartTarget } from '../../../../src/rubric/lint/rules/smart-target.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

const kpis = (target: string) => withSections({ kpis: `kpis:\n  - metric: revenue\n    weight: 100\n    target: ${target}` });

runRuleTests(smartTarget, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'by_tier covers every tier', code: kpis('{ by_tier: { senior: 20, junior: 10 } }') },
    { name: 'default with per', code: kpis('{ default: 40, per: year }') },
    { name: 'file', code: kpis('{ file: targets.csv }') },
  ],
  invalid: [
    {
      name: 'by_tier misses a tier',
      code: kpis('{ by_tier: { senior: 20 } }'),
      errors: [{ line: 12, column: 13, message: 'kpis[0].target: no `default` or `file`, and by_tier does not cover junior; reps there would have no target' }],
    },
    {
      name: 'only by_rep (warning)',
      code: kpis('{ by_rep: { 张三: 20 } }'),
      errors: [{ line: 12, column: 13, severity: 'warning', message: 'kpis[0].target: no `default` or `file`; reps not listed in by_rep would have no target' }],
    },
    {
      name: 'no number at all',
      code: kpis('{ per: year }'),
      errors: [{ line: 12, column: 13, message: 'kpis[0].target: the target gives no number at all; set `default`, `by_tier` or `file`' }],
    },
    {
      name: 'a rate given per year',
      code: withSections({
        metrics: 'metrics:\n  revenue: { sum: amount }\n  n: { count: rows }\n  avg_deal: { ratio: [revenue, n] }',
        kpis: 'kpis:\n  - { metric: revenue, weight: 50, target: 10 }\n  - { metric: avg_deal, weight: 50, target: { default: 5, per: year } }',
      }),
      errors: [{ line: 13, column: 64, message: 'kpis[1].target: avg_deal is a rate (ratio); a rate is not prorated, so `per: year` must be the rubric period (quarter) or absent' }],
    },
  ],
});
