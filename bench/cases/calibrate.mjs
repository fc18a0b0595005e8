// Issue 13's cost bar: `salesgrade calibrate` on the 1M-row generated export takes at most 1.5× one
// `evaluate` of it (each candidate is a score over the aggregated table, not a re-read); and `diff` with
// one changed metric (visits counting calls too), which reads the data once and aggregates for the new
// rubric only the changed metric. Both beside `evaluate -f json --no-workbook` of the same file, in the
// same run (calibrate and diff write no workbook either).
//   npm run bench -- calibrate-1m diff-1m
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csv, DATA_DIR, RUBRIC, rubricPath } from '../lib/data.mjs';

const evaluate = (file) => ({
  label: 'evaluate -f json --no-workbook, same file',
  node: [join('bin', 'salesgrade.js'), 'evaluate', file, '-r', rubricPath(), '-f', 'json', '--no-workbook', '-q'],
});

/** The bench rubric with one metric changed: visits count calls too. */
function changedRubric() {
  const from = 'visits: { count: rows, where: { kind: Visit } }';
  if (!RUBRIC.includes(from)) throw new Error('bench/cases/calibrate.mjs: the bench rubric no longer has the visits metric it changes');
  const p = join(DATA_DIR, 'bench-rubric-visits.yaml');
  writeFileSync(p, RUBRIC.replace('name: bench', 'name: bench visits').replace(from, 'visits: { count: rows, where: { kind: [Visit, Call] } }'));
  return p;
}

export default [
  {
    id: 'calibrate-1m',
    title: '1M-row CSV, calibrate (one period)',
    setup: async () => {
      const file = await csv(1_000_000);
      return {
        salesgrade: ['calibrate', rubricPath(), file, '--distribution', 'senior=20,intermediate=60,junior=20', '-f', 'json', '-q'],
        baseline: evaluate(file),
      };
    },
    bar: { ratio: 1.5 },
  },
  {
    id: 'diff-1m',
    title: '1M-row CSV, diff with one changed metric',
    setup: async () => {
      const file = await csv(1_000_000);
      return {
        salesgrade: ['diff', rubricPath(), changedRubric(), file, '-f', 'json', '-q'],
        baseline: evaluate(file),
      };
    },
    bar: { ratio: 1.5 },
  },
];
