// salesgrade's XLSX reader alone: every row of the first sheet, through openXlsx
// (the fast sheet path), doing nothing with them — what bench/baselines/exceljs-read.mjs does with
// exceljs. Needs `npm run build` (reads dist/).
//   node bench/lib/xlsx-rows.mjs <file.xlsx>
import { openXlsx } from '../../dist/io/xlsx-read.js';

const book = await openXlsx(process.argv[2]);
let rows = 0;
for await (const batch of book.batches(book.sheets[0].name)) rows += batch.length;
await book.close();
process.stdout.write(`${rows} rows\n`);
