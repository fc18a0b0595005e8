// The workbook's data sheet at scale (issue 12: "the workbook's data sheets scale"): the default
// command on the 100k- and 1M-row CSV exports, beside the same command with --no-workbook in the same
// run. The difference is what the workbook costs — mostly its data sheet, streamed: a second read of
// the export, annotated row by row, written through deflate to the file. Reported per 100k data rows;
// the peak RSS should not grow with the rows (the 1M case's bar is the 100k case's).
import { join } from 'node:path';
import { csv, DATA_DIR, rubricPath } from '../lib/data.mjs';

const evaluate = (file, ...extra) => ['evaluate', file, '-r', rubricPath(), '-f', 'json', '-q', ...extra];
const sg = (args) => [join('bin', 'salesgrade.js'), ...args];

const perRows = (rows) => (r) => {
  const extra = r.secs - r.baseSecs;
  return `${r.c.id}: the workbook adds ${extra.toFixed(2)} s to ${rows.toLocaleString('en-US')} rows = ${((extra * 100_000) / rows).toFixed(2)} s per 100k data rows; peak RSS ${r.rssMb.toFixed(0)} MB with it, ${r.baseRss.toFixed(0)} MB without`;
};

export default [
  {
    id: 'datasheet-100k',
    title: 'workbook with a 100k-row data sheet (CSV)',
    setup: async () => {
      const file = await csv(100_000);
      return {
        salesgrade: evaluate(file, '-o', join(DATA_DIR, 'out-wb-100k.xlsx')),
        baseline: { label: 'the same, --no-workbook', node: sg(evaluate(file, '--no-workbook')) },
      };
    },
    derived: perRows(100_000),
    bar: { rssMb: 300 },
  },
  {
    id: 'datasheet-1m',
    title: 'workbook with a 1M-row data sheet (CSV)',
    setup: async () => {
      const file = await csv(1_000_000);
      return {
        salesgrade: evaluate(file, '-o', join(DATA_DIR, 'out-wb-1m.xlsx')),
        baseline: { label: 'the same, --no-workbook', node: sg(evaluate(file, '--no-workbook')) },
      };
    },
    derived: perRows(1_000_000),
    bar: { rssMb: 300 },
  },
];
