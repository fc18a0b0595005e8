// Baseline: exceljs's streaming reader reads every row of an XLSX (shared strings cached, styles and
// hyperlinks ignored) and does nothing with them: the rows-only cost of the usual Node library.
//   node bench/baselines/exceljs-read.mjs <file.xlsx>
import ExcelJS from 'exceljs';

const reader = new ExcelJS.stream.xlsx.WorkbookReader(process.argv[2], { sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
let rows = 0;
for await (const sheet of reader) for await (const _row of sheet) rows++;
process.stdout.write(`${rows} rows\n`);
