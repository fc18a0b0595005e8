import ExcelJS from 'exceljs';
import { calendarFileValid } from '../../../../src/rubric/lint/rules/calendar-file-valid.js';
import { runFileRuleTests } from '../file-rule-tester.js';
import { yaml } from '../rule-tester.js';

// Lines 1–13 as in base.ts; the quota section on lines 14–16, `file:` at 16:31.
const rubric = (file: string): string => yaml`
  salesgrade: 1
  name: t
  source:
    fields:
      date: [Date]
      amount: { headers: [Amount], type: money }
  metrics:
    revenue: { sum: amount }
  kpis:
    - { metric: revenue, weight: 100, target: 1000 }
  tiers:
    - { id: senior, min_score: 90 }
    - { id: junior, min_score: 0 }
  quota:
    annual: { revenue: 1000 }
    calendar: { base: cn, file: ${file} }
`;

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('2027');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const goodXlsx = await xlsx([['日期', '类型', '名称'], [new Date(Date.UTC(2027, 1, 6)), '休', '春节'], ['2027-02-20', '班', '春节调休']]);
const badXlsx = await xlsx([['date', 'kind'], ['2027-13-01', 'off'], ['2027-02-20', 'maybe']]);

runFileRuleTests(calendarFileValid, {
  valid: [
    { name: 'date, kind (off/work), name', files: { 'r.yaml': rubric('h.csv'), 'h.csv': 'date,kind,name\n2027-01-01,off,New Year\n2027-02-20,work,make-up day\n' } },
    { name: 'zh headers and kinds, an xlsx with real dates', files: { 'r.yaml': rubric('h.xlsx'), 'h.xlsx': goodXlsx } },
    { name: 'YAML lists', files: { 'r.yaml': rubric('h.yaml'), 'h.yaml': 'holidays: [2027-01-01]\nworkdays: [2027-02-20]\n' } },
    { name: 'a missing file is file-exists, not this rule', files: { 'r.yaml': rubric('nowhere.csv') } },
  ],
  invalid: [
    {
      name: 'a bad date and an unknown kind, each with its line:col in the file',
      files: { 'r.yaml': rubric('holidays-2027.csv'), 'holidays-2027.csv': 'date,kind,name\n2027-01-01,off,New Year\n2027-02-30,off,x\n2027-02-07,wrk,y\n' },
      errors: [
        { line: 16, column: 31, message: 'quota.calendar.file: holidays-2027.csv:3:1: date: expected a date like 2027-02-06, found "2027-02-30"' },
        { line: 16, column: 31, message: 'quota.calendar.file: holidays-2027.csv:4:12: kind: expected off or work, found "wrk"' },
      ],
    },
    {
      name: 'a date listed both off and work',
      files: { 'r.yaml': rubric('h.csv'), 'h.csv': 'date,kind\n2027-02-20,off\n2027-02-20,work\n' },
      errors: [{ line: 16, column: 31, message: 'quota.calendar.file: h.csv:3:12: 2027-02-20 is listed as work here and as off on line 2' }],
    },
    {
      name: 'no kind column',
      files: { 'r.yaml': rubric('h.csv'), 'h.csv': 'date,name\n2027-01-01,New Year\n' },
      errors: [{ line: 16, column: 31, message: /^quota\.calendar\.file: h\.csv: the calendar file needs a date column and a kind column \(off \| work\)/ }],
    },
    {
      name: 'an xlsx: problems at sheet!cell',
      files: { 'r.yaml': rubric('h.xlsx'), 'h.xlsx': badXlsx },
      errors: [
        { line: 16, column: 31, message: 'quota.calendar.file: h.xlsx 2027!A2: date: expected a date like 2027-02-06, found "2027-13-01"' },
        { line: 16, column: 31, message: 'quota.calendar.file: h.xlsx 2027!B3: kind: expected off or work, found "maybe"' },
      ],
    },
    {
      name: 'YAML: an entry that is not a date',
      files: { 'r.yaml': rubric('h.yaml'), 'h.yaml': 'holidays: [2027-01-01, soon]\n' },
      errors: [{ line: 16, column: 31, message: 'quota.calendar.file: h.yaml: holidays[1]: expected a date YYYY-MM-DD, found "soon"' }],
    },
  ],
});
