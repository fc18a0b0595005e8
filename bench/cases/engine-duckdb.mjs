// Issue 14's bars for `--engine duckdb`: the compiled query run in embedded DuckDB over the file, then
// graded — beside raw DuckDB running the same query over the same file (bench/baselines/duckdb-query.mjs).
//   npm run bench -- engine-duckdb
import { join } from 'node:path';
import { csv, DATA_DIR, rubricPath } from '../lib/data.mjs';
import { engineQuery, parquet } from '../lib/duckdb-data.mjs';

const evaluate = (file, out) => ['evaluate', file, '-r', rubricPath(), '--engine', 'duckdb', '-f', 'json', '-o', join(DATA_DIR, out), '-q'];
const baseline = (file) => ({ label: 'DuckDB running the same query on the same file', node: [join('bench', 'baselines', 'duckdb-query.mjs'), file, engineQuery()] });

export default [
  {
    id: 'engine-duckdb-csv-1m',
    title: '1M-row CSV, evaluate --engine duckdb -f json',
    setup: async () => {
      const file = await csv(1_000_000);
      return { salesgrade: evaluate(file, 'out-engine-csv-1m.json'), baseline: baseline(file) };
    },
    bar: { ratio: 1.3 },
  },
  {
    id: 'engine-duckdb-parquet-20m',
    title: '20M-row Parquet (10,000 reps, a year), evaluate --engine duckdb -f json',
    runs: 1,
    setup: async () => {
      const file = await parquet(20_000_000);
      return { salesgrade: evaluate(file, 'out-engine-parquet-20m.json'), baseline: baseline(file) };
    },
    bar: { secs: 30, rssMb: 2048 },
  },
];
