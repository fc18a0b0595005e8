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

const thin = (year: number, holidays: number): string =>
  `quota.calendar gives ${year} too few holidays to be its whole schedule (weekday holidays: ${holidays}; an official cn year has at least 16): every other weekday of ${year} would count as a working day; list the whole year`;

// A plausible whole 2027 (17 weekday holidays): New Year, Spring Festival, Qingming, Labour Day,
// Dragon Boat, Mid-Autumn, National Day, with two make-up Saturdays.
const FULL_2027 = [
  'date,kind,name',
  '2027-01-01,off,New Year',
  ...['08', '09', '10', '11', '12'].map((d) => `2027-02-${d},off,Spring Festival`),
  '2027-02-20,work,make-up day',
  '2027-04-05,off,Qingming',
  ...['03', '04', '05'].map((d) => `2027-05-${d},off,Labour Day`),
  '2027-06-09,off,Dragon Boat',
  '2027-09-15,off,Mid-Autumn',
  ...['01', '04', '05', '06', '07'].map((d) => `2027-10-${d},off,National Day`),
  '2027-10-09,work,make-up day',
].join('\n');

runFileRuleTests(calendarYears, {
  valid: [
    { name: 'cn, a year the shipped data covers', files: { 'r.yaml': rubric('cn') }, years: [2026] },
    { name: 'weekdays: no official data needed', files: { 'r.yaml': rubric('weekdays') }, years: [2027] },
    { name: 'a calendar file listing the whole of 2027 supplies it', files: { 'r.yaml': rubric('{ base: cn, file: h.csv }'), 'h.csv': FULL_2027 }, years: [2027] },
    {
      name: 'inline holidays of 2027 supply it (8 on weekdays: half the fewest official year)',
      files: { 'r.yaml': rubric('{ base: cn, holidays: [2027-01-01, 2027-02-08, 2027-02-09, 2027-02-10, 2027-02-11, 2027-02-12, 2027-04-05, 2027-06-09] }') },
      years: [2026, 2027],
    },
    {
      name: 'a thin year not checked is not reported (2026 is official)',
      files: { 'r.yaml': rubric('{ base: cn, file: h.csv }'), 'h.csv': 'date,kind\n2027-01-01,off\n' },
      years: [2026],
    },
    { name: 'no years named (an editor, a test): silent', files: { 'r.yaml': rubric('cn') } },
  ],
  invalid: [
    { name: 'cn checked for 2027', files: { 'r.yaml': rubric('cn') }, years: [2027], errors: [{ line: 16, column: 13, message: uncovered(2027) }] },
    {
      name: 'a calendar file that lists 2027 only: 2028 is still uncovered, each year once, in order',
      files: { 'r.yaml': rubric('{ base: cn, file: h.csv }'), 'h.csv': 'date,kind\n2027-01-01,off\n' },
      years: [2028, 2027, 2028, 2003],
      errors: [
        { line: 16, column: 13, message: thin(2027, 1) },
        { line: 16, column: 13, message: uncovered(2003) },
        { line: 16, column: 13, message: uncovered(2028) },
      ],
    },
    {
      name: 'a calendar file that gives 2027 only its make-up days and a weekend festival: thin (0 weekday holidays)',
      files: { 'r.yaml': rubric('{ base: cn, file: h.csv }'), 'h.csv': 'date,kind\n2027-02-06,off\n2027-02-07,off\n2027-02-20,work\n' },
      years: [2027],
      errors: [{ line: 16, column: 13, message: thin(2027, 0) }],
    },
    {
      name: 'inline and file holidays add up; 7 weekday holidays is still thin',
      files: { 'r.yaml': rubric('{ base: cn, holidays: [2027-01-01, 2027-02-08], file: h.csv }'), 'h.csv': 'date,kind\n2027-02-09,off\n2027-02-10,off\n2027-02-11,off\n2027-02-12,off\n2027-04-05,off\n2027-02-08,off\n' },
      years: [2027],
      errors: [{ line: 16, column: 13, message: thin(2027, 7) }],
    },
  ],
});
