import { pacingPipeline } from '../../../../src/rubric/lint/rules/pacing-pipeline.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

const metrics = (open: string): string => `metrics:\n  revenue: { sum: amount }\n  open_pipeline: ${open}`;
const pacing = (p: string): string => `pacing: ${p}`;

runRuleTests(pacingPipeline, {
  valid: [
    { name: 'no pacing key', code: BASE },
    { name: 'a money sum covering a money KPI', code: withSections({ metrics: metrics('{ sum: amount, where: { stage: { not_in: [Won, Lost] } } }'), pacing: pacing('{ pipeline: open_pipeline, covers: revenue }') }) },
    { name: 'a declared unit that agrees', code: withSections({ metrics: metrics('{ sum: amount, unit: money }'), pacing: pacing('{ pipeline: open_pipeline, covers: revenue }') }) },
    { name: 'an unknown metric is known-metric\'s, not this rule\'s', code: withSections({ pacing: pacing('{ pipeline: nope, covers: revenue }') }) },
  ],
  invalid: [
    {
      name: 'covers names no KPI (a near id suggested)',
      code: withSections({ metrics: metrics('{ sum: amount }'), pacing: pacing('{ pipeline: open_pipeline, covers: revenu }') }),
      errors: [{ line: 15, column: 44, message: 'pacing.covers: KPI "revenu" is not defined; did you mean "revenue"?' }],
    },
    {
      name: 'covers names no KPI (the KPIs listed)',
      code: withSections({ metrics: metrics('{ sum: amount }'), pacing: pacing('{ pipeline: open_pipeline, covers: bookings }') }),
      errors: [{ line: 15, column: 44, message: 'pacing.covers: KPI "bookings" is not defined; KPIs: revenue' }],
    },
    {
      name: 'units disagree: a count of open deals against a money KPI',
      code: withSections({ metrics: metrics('{ count: rows }'), pacing: pacing('{ pipeline: open_pipeline, covers: revenue }') }),
      errors: [{ line: 15, column: 21, message: 'pacing.pipeline: metric "open_pipeline" is in count, KPI "revenue" (metric "revenue") in money: the coverage would divide one unit by another' }],
    },
    {
      name: 'a pipeline that does not add up',
      code: withSections({ metrics: metrics('{ avg: amount }'), pacing: pacing('{ pipeline: open_pipeline, covers: revenue }') }),
      errors: [{ line: 15, column: 21, message: /^pacing\.pipeline: metric "open_pipeline" is avg: pipeline coverage compares amounts that add up/ }],
    },
    {
      name: 'a covered KPI that does not add up, and is lower-is-better',
      code: withSections({
        metrics: 'metrics:\n  revenue: { sum: amount }\n  cycle: { avg: amount }\n  open_pipeline: { sum: amount }',
        kpis: 'kpis:\n  - { metric: revenue, weight: 60, target: 1000 }\n  - { metric: cycle, weight: 40, target: 30, direction: lower }',
        pacing: pacing('{ pipeline: open_pipeline, covers: cycle }'),
      }),
      errors: [
        { line: 17, column: 44, message: 'pacing.covers: KPI "cycle" is lower-is-better: it has no remaining target for a pipeline to cover' },
        { line: 17, column: 44, message: /^pacing\.covers: metric "cycle" is avg/ },
      ],
    },
  ],
});
