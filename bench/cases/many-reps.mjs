// Issue 10 item 16: memory and time on many reps, and on many KPIs. `npm run bench -- many-reps many-kpis`.
// - 61,000 reps with one or two rows each (3.3 MB CSV, 91,630 rows, one month), a 10-KPI rubric, the
//   default command (terminal report + workbook with its data sheet), beside `-f json --no-workbook`
//   of the same file in the same run. Bar: ≤ 400 MB peak RSS (the run took 4.9 GB); the
//   time is linear in reps (test/unit/engine/scale.test.ts), its figure is in the README.
// - 7 rows and a 10,000-KPI rubric (`-f json --no-workbook`: a Scorecard has room for 4,093 KPIs):
//   268 s in the issue; bar ≤ 10 s.
// Data: bench/lib/many-reps-data.mjs (seeded, bench/.data/). Other sizes: bench/many-reps.bench.mjs.
import { join } from 'node:path';
import { DATA_DIR } from '../lib/data.mjs';
import { manyKpisRubricPath, manyRepsCsv, sevenRowsCsv } from '../lib/many-reps-data.mjs';

const REPS = 61_000;

export default [
  {
    id: 'many-reps-61k',
    title: '61,000 reps × 10 KPIs, default command (terminal + workbook)',
    setup: async () => {
      const file = manyRepsCsv(REPS);
      const rubric = manyKpisRubricPath(10);
      return {
        salesgrade: ['evaluate', file, '-r', rubric, '-q', '-w', join(DATA_DIR, 'out-many-reps.xlsx')],
        baseline: { label: 'the same, -f json --no-workbook', node: [join('bin', 'salesgrade.js'), 'evaluate', file, '-r', rubric, '-q', '-f', 'json', '--no-workbook', '-o', join(DATA_DIR, 'out-many-reps.json')] },
      };
    },
    bar: { rssMb: 400 },
  },
  {
    id: 'many-kpis-10k',
    title: '7 rows × 10,000 KPIs, -f json --no-workbook',
    setup: async () => ({ salesgrade: ['evaluate', sevenRowsCsv(), '-r', manyKpisRubricPath(10_000), '-q', '-f', 'json', '--no-workbook', '-o', join(DATA_DIR, 'out-many-kpis.json')] }),
    bar: { secs: 10 },
  },
];
