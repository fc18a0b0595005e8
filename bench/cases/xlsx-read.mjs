// The XLSX read on its own, beside exceljs's streaming reader of the same file's rows in the same run:
// the default command's 1M-row XLSX case also writes a workbook with a 1M-row data sheet (a second read
// of the export, and the writer), so these cases separate the read from the write. `xlsx-1m-rows` is
// the reader alone, rows only, as the exceljs baseline does it (bench/lib/xlsx-rows.mjs: openXlsx on the
// fast sheet path); `xlsx-1m-no-workbook` is the whole command without the workbook (the reader, the
// row rules, the aggregation, scoring, the JSON).
import { join } from 'node:path';
import { rubricPath, xlsx } from '../lib/data.mjs';

const exceljs = (file) => ({ label: 'exceljs streaming reader, rows only', node: [join('bench', 'baselines', 'exceljs-read.mjs'), file] });

export default [
  {
    id: 'xlsx-1m-rows',
    title: '1M-row XLSX, salesgrade reader alone, rows only',
    setup: async () => {
      const file = await xlsx(1_000_000);
      return { node: [join('bench', 'lib', 'xlsx-rows.mjs'), file], baseline: exceljs(file) };
    },
    bar: {},
  },
  {
    id: 'xlsx-1m-no-workbook',
    title: '1M-row XLSX, --no-workbook -f json',
    setup: async () => {
      const file = await xlsx(1_000_000);
      return { salesgrade: ['evaluate', file, '-r', rubricPath(), '--no-workbook', '-f', 'json', '-q'], baseline: exceljs(file) };
    },
    bar: {},
  },
];
