import { calendarYears } from '../../../../src/rubric/lint/rules/calendar-years.js';
import { runFileRuleTests } from '../file-rule-tester.js';
import { yaml } from '../rule-tester.js';

// Lines 1–13 as in base.ts; the quota section on lines 14–16, the calendar's value at 16:13.
const rubric = (calendar: string): string => yaml`
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
    calendar: ${calendar}
`;

const uncovered = (year: number): string =>
  `the cn calendar has official data for 2004–2026; ${year} is not covered, so evaluate, explain and quota refuse it: add its holidays and make-up workdays as calendar: { base: cn, file: holidays-${year}.csv }, or grade it Monday–Friday with --weekday-fallback`;

runFileRuleTests(calendarYears, {
  valid: [
    { name: 'cn, a year the shipped data covers', files: { 'r.yaml': rubric('cn') }, years: [2026] },
    { name: 'weekdays: no official data needed', files: { 'r.yaml': rubric('weekdays') }, years: [2027] },
    {
      name: 'a calendar file listing days of 2027 supplies it',
      files: { 'r.yaml': rubric('{ base: cn, file: h.csv }'), 'h.csv': 'date,kind,name\n2027-01-01,off,New Year\n2027-02-20,work,make-up day\n' },
      years: [2027],
    },
    { name: 'inline holidays of 2027 supply it', files: { 'r.yaml': rubric('{ base: cn, holidays: [2027-01-01] }') }, years: [2026, 2027] },
    { name: 'no years named (an editor, a test): silent', files: { 'r.yaml': rubric('cn') } },
  ],
  invalid: [
    { name: 'cn checked for 2027', files: { 'r.yaml': rubric('cn') }, years: [2027], errors: [{ line: 16, column: 13, message: uncovered(2027) }] },
    {
      name: 'a calendar file that lists 2027 only: 2028 is still uncovered, each year once, in order',
      files: { 'r.yaml': rubric('{ base: cn, file: h.csv }'), 'h.csv': 'date,kind\n2027-01-01,off\n' },
      years: [2028, 2027, 2028, 2003],
      errors: [
        { line: 16, column: 13, message: uncovered(2003) },
        { line: 16, column: 13, message: uncovered(2028) },
      ],
    },
  ],
});
