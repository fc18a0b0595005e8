// Issue 12's cases for the default command (`salesgrade evaluate`: terminal report + workbook) on
// generated exports, each beside its baseline where the issue names one.
import { join } from 'node:path';
import { csv, DATA_DIR, rubricPath, xlsx } from '../lib/data.mjs';

const evaluate = (file, out, ...extra) => ['evaluate', file, '-r', rubricPath(), ...(out ? ['-o', join(DATA_DIR, out)] : []), '-q', ...extra];

export default [
  {
    id: 'csv-100k',
    title: '100k-row CSV, default command (workbook with the data sheet)',
    setup: async () => ({ salesgrade: evaluate(await csv(100_000), 'out-csv-100k.xlsx') }),
    bar: { secs: 3, rssMb: 300 },
  },
  {
    id: 'xlsx-100k',
    title: '100k-row XLSX, default command (workbook with the data sheet)',
    setup: async () => ({ salesgrade: evaluate(await xlsx(100_000), 'out-xlsx-100k.xlsx') }),
    bar: { secs: 3, rssMb: 300 },
  },
  {
    id: 'csv-1m',
    title: '1M-row CSV, default command',
    setup: async () => {
      const file = await csv(1_000_000);
      return {
        salesgrade: evaluate(file, 'out-csv-1m.xlsx'),
        baseline: { label: 'DuckDB read_csv + the same GROUP BY', node: [join('bench', 'baselines', 'duckdb.mjs'), file] },
      };
    },
    bar: { ratio: 1.5, rssMb: 250 },
  },
  {
    id: 'csv-1m-no-workbook',
    title: '1M-row CSV, --no-workbook',
    setup: async () => {
      const file = await csv(1_000_000);
      return {
        salesgrade: evaluate(file, undefined, '--no-workbook'),
        baseline: { label: 'DuckDB read_csv + the same GROUP BY', node: [join('bench', 'baselines', 'duckdb.mjs'), file] },
      };
    },
    bar: {},
  },
  {
    id: 'xlsx-1m',
    title: '1M-row XLSX, default command',
    setup: async () => {
      const file = await xlsx(1_000_000);
      return {
        salesgrade: evaluate(file, 'out-xlsx-1m.xlsx'),
        baseline: { label: 'exceljs streaming reader, rows only', node: [join('bench', 'baselines', 'exceljs-read.mjs'), file] },
      };
    },
    bar: { ratio: 0.3, rssMb: 250 },
  },
];
