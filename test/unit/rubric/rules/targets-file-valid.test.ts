import ExcelJS from 'exceljs';
import { targetsFileValid } from '../../../../src/rubric/lint/rules/targets-file-valid.js';
import { runFileRuleTests } from '../file-rule-tester.js';
import { yaml } from '../rule-tester.js';

// A 15-line rubric with two KPIs; both name the targets file: kpis[0] on line 11 (file at 11:67),
// kpis[1] on line 12 (file at 12:62).
const rubric = (file: string, extra = ''): string => yaml`
  salesgrade: 1
  name: t
  source:
    fields:
      date: [Date]
      amount: { headers: [Amount], type: money }
  metrics:
    revenue: { sum: amount }
    deals: { count: rows }
  kpis:
    - { metric: revenue, weight: 60, target: { default: 1000, file: ${file}${extra} } }
    - { metric: deals, weight: 40, target: { default: 4, file: ${file} } }
  tiers:
    - { id: senior, min_score: 90 }
    - { id: junior, min_score: 0 }
`;

const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('目标');
ws.addRow(['2026 目标']);
ws.addRow(['销售代表', '团队', 'revenue', 'deals']);
ws.addRow(['张三', null, 20000, 2]);
ws.addRow([null, '华东一组', -5, null]);
const xlsx = Buffer.from(await wb.xlsx.writeBuffer());

runFileRuleTests(targetsFileValid, {
  valid: [
    { name: 'rep and team rows, a column per KPI, a totals row', files: { 'r.yaml': rubric('t.csv'), 't.csv': 'rep,team,revenue,deals\nAnn,,"20,000",2\n,East,8000,\nTotal,,28000,2\n' } },
    { name: 'a missing file is file-exists, not this rule', files: { 'r.yaml': rubric('nowhere.csv') } },
    { name: 'target.column names the header', files: { 'r.yaml': rubric('t.csv', ', column: Umsatz'), 't.csv': 'rep,Umsatz,deals\nAnn,1,2\n' } },
  ],
  invalid: [
    {
      name: 'bad value, duplicate, no name: each at the file line:col, reported at the first KPI naming the file',
      files: { 'r.yaml': rubric('t.csv'), 't.csv': 'rep,revenue,deals\nAnn,100,1\nBob,TBD,1\nAnn,200,1\nAnn,100,1\n,7,1\n' },
      errors: [
        { line: 11, column: 67, message: /^kpis\[0\]\.target\.file: t\.csv:3:5: kpis\[0\] revenue: expected a target > 0, found "TBD"/ },
        { line: 11, column: 67, message: 'kpis[0].target.file: t.csv:4:1: rep "Ann" is listed again (first on line 2) with different targets; the first row is used' },
        { line: 11, column: 67, severity: 'warning', message: 'kpis[0].target.file: t.csv:5:1: rep "Ann" is listed again (first on line 2); the first row is used' },
        { line: 11, column: 67, message: "kpis[0].target.file: t.csv:6:1: expected a rep name, found empty cells; the row's targets are not used" },
      ],
    },
    {
      name: 'no column for the second KPI: reported at that KPI',
      files: { 'r.yaml': rubric('t.csv'), 't.csv': 'rep,revenue\nAnn,100\n' },
      errors: [{ line: 12, column: 62, message: 'kpis[1].target.file: t.csv: the targets file has no column for kpis[1] deals (tried: "deals")' }],
    },
    {
      name: 'no rep, team or region column',
      files: { 'r.yaml': rubric('t.csv'), 't.csv': 'who,revenue,deals\nAnn,100,1\n' },
      errors: [{ line: 11, column: 67, message: 'kpis[0].target.file: t.csv: the targets file has no rep, team or region column' }],
    },
    {
      name: 'an xlsx sheet: problems at sheet!cell',
      files: { 'r.yaml': rubric('t.xlsx', ', sheet: 目标'), 't.xlsx': xlsx },
      errors: [{ line: 11, column: 67, message: /^kpis\[0\]\.target\.file: t\.xlsx 目标!C4: kpis\[0\] revenue: expected a target > 0, found -5/ }],
    },
  ],
});
