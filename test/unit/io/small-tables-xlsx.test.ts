// A holiday calendar file saved as XLSX (`calendar: { base: cn, file: … }`): its hidden rows, hidden
// columns and a kind merged down over several dates were read without a word (exports report all three).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readCalendarFile } from '../../../src/io/calendar-file.js';
// @ts-expect-error: a plain .mjs script without types
import { rowXml, xlsxParts, zipBuffer } from '../../../scripts/make-fixtures-zip.mjs';

const dir = mkdtempSync(join(tmpdir(), 'sg-small-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('calendar XLSX: a hidden row is read with a hidden-rows warning, a hidden kind column with hidden-column, a merged kind names its range', async () => {
  const p = join(dir, 'holidays.xlsx');
  const rows = [
    rowXml(1, ['date', 'kind', 'name']),
    rowXml(2, ['2027-02-06', 'off', '春节']),
    rowXml(3, ['2027-02-07']),
    rowXml(4, ['2027-02-08']),
    rowXml(5, ['2027-02-20', 'work', '调休']).replace('<row r="', '<row hidden="1" r="'),
  ];
  writeFileSync(p, zipBuffer(xlsxParts([{ name: 'Cal', before: '<cols><col min="2" max="2" hidden="1"/></cols>', xml: rows.join(''), after: '<mergeCells count="1"><mergeCell ref="B2:B4"/></mergeCells>' }])));
  const r = await readCalendarFile(p, { shown: 'holidays.xlsx' });
  expect(r.holidays).toEqual(['2027-02-06']);
  expect(r.workdays).toEqual(['2027-02-20']);
  expect(r.findings.map((f) => [f.code, f.severity, f.cell, f.message])).toEqual([
    ['hidden-column', 'warning', 'B1', 'kind: column B "kind" is hidden in sheet "Cal"; it is read like every column (a hidden column is still in the file: unhide it to check it, or map the column you meant in source.fields)'],
    ['calendar-bad-kind', 'error', 'B3', 'kind: expected off or work, found an empty cell inside the merged range B2:B4 (a merged range keeps its value in B2 only); the date is not used (unmerge the cells and fill the kind down)'],
    ['calendar-bad-kind', 'error', 'B4', 'kind: expected off or work, found an empty cell inside the merged range B2:B4 (a merged range keeps its value in B2 only); the date is not used (unmerge the cells and fill the kind down)'],
    ['hidden-rows', 'warning', 'A5', '1 hidden row of sheet "Cal" (the first is row 5) was read as data like every other row: rows hidden by a filter or by Hide in Excel or WPS are still in the file (delete the rows that must not be counted, or unhide them to check them)'],
  ]);
});

// The same calendar saved as an HTML table (.xls): its hidden row, hidden column and a kind spanning
// three rows (`rowspan`: before, the rows below lost a cell and shifted left) say what the XLSX says.
it('calendar HTML: the same findings as the XLSX, at the table row and column', async () => {
  const p = join(dir, 'holidays.xls');
  writeFileSync(
    p,
    '<html><body><table><col><col style="display:none"><col>' +
      '<tr><td>date</td><td>kind</td><td>name</td></tr>' +
      '<tr><td>2027-02-06</td><td rowspan="3">off</td><td>春节</td></tr>' +
      '<tr><td>2027-02-07</td></tr>' +
      '<tr><td>2027-02-08</td></tr>' +
      '<tr style="display:none"><td>2027-02-20</td><td>work</td><td>调休</td></tr>' +
      '</table></body></html>',
  );
  const r = await readCalendarFile(p, { shown: 'holidays.xls' });
  expect(r.holidays).toEqual(['2027-02-06']);
  expect(r.workdays).toEqual(['2027-02-20']);
  const at = (f: { range?: { start: { line: number; character: number } } }) => (f.range ? `${f.range.start.line + 1}:${f.range.start.character + 1}` : undefined);
  expect(r.findings.map((f) => [f.code, f.severity, at(f), f.message])).toEqual([
    ['hidden-column', 'warning', '1:2', 'kind: column B "kind" is hidden in the HTML table; it is read like every column (a hidden column is still in the file: unhide it to check it, or map the column you meant in source.fields)'],
    ['calendar-bad-kind', 'error', '3:2', 'kind: expected off or work, found an empty cell inside the merged range B2:B4 (a merged range keeps its value in B2 only); the date is not used (unmerge the cells and fill the kind down)'],
    ['calendar-bad-kind', 'error', '4:2', 'kind: expected off or work, found an empty cell inside the merged range B2:B4 (a merged range keeps its value in B2 only); the date is not used (unmerge the cells and fill the kind down)'],
    ['hidden-rows', 'warning', '5:1', '1 hidden row of the HTML table (the first is row 5) was read as data like every other row: rows hidden by a filter or by Hide in Excel or WPS are still in the file (delete the rows that must not be counted, or unhide them to check them)'],
  ]);
});
