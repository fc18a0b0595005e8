import { fileExists } from '../../../../src/rubric/lint/rules/file-exists.js';
import { runFileRuleTests } from '../file-rule-tester.js';
import { yaml } from '../rule-tester.js';

// Lines 1–13 as in base.ts; the referenced files are added below line 13.
const rubric = (extra: string, target = '1000'): string => yaml`
  salesgrade: 1
  name: t
  source:
    fields:
      date: [Date]
      amount: { headers: [Amount], type: money }
  metrics:
    revenue: { sum: amount }
  kpis:
    - { metric: revenue, weight: 100, target: ${target} }
  tiers:
    - { id: senior, min_score: 90 }
    - { id: junior, min_score: 0 }
` + extra;

const CAL = 'date,kind,name\n2027-01-01,off,New Year\n';

runFileRuleTests(fileExists, {
  valid: [
    { name: 'no referenced file', files: { 'r.yaml': rubric('') } },
    {
      name: 'every referenced file exists (relative to the rubric)',
      files: {
        'r.yaml': rubric('roster: { file: data/roster.csv }\nquota:\n  annual: { file: annual.csv }\n  calendar: { base: cn, file: h.csv }\n', '{ default: 1000, file: t.csv }'),
        'data/roster.csv': 'Rep,Team\nAnn,East\n',
        't.csv': 'rep,revenue\nAnn,1\n',
        'annual.csv': 'rep,revenue\nAnn,1\n',
        'h.csv': CAL,
      },
    },
  ],
  invalid: [
    {
      name: 'a missing roster, targets, annual targets and calendar file, each at its key',
      files: {
        'r.yaml': rubric('roster: { file: roster.csv }\nquota:\n  annual: { file: annual.xlsx }\n  calendar: { base: cn, file: holidays-2027.csv }\n', '{ default: 1000, file: targets.xlsx }'),
      },
      errors: [
        { line: 10, column: 68, message: 'kpis[0].target.file: the targets file "targets.xlsx" does not exist' },
        { line: 14, column: 17, message: 'roster.file: the roster file "roster.csv" does not exist' },
        { line: 16, column: 19, message: 'quota.annual.file: the annual targets file "annual.xlsx" does not exist' },
        { line: 17, column: 31, message: 'quota.calendar.file: the calendar file "holidays-2027.csv" does not exist' },
      ],
    },
    {
      name: 'a team-level KPI target file',
      files: {
        'r.yaml': rubric('levels:\n  team:\n    kpis:\n      - { metric: revenue, weight: 100, target: { file: team.csv } }\n    tiers: [{ id: a, min_score: 0 }]\n'),
      },
      errors: [{ line: 17, column: 57, message: 'levels.team.kpis[0].target.file: the targets file "team.csv" does not exist' }],
    },
    {
      name: 'a folder, not a file',
      files: { 'r.yaml': rubric('roster: { file: data }\n'), 'data/x.csv': 'x\n' },
      errors: [{ line: 14, column: 17, message: /^roster\.file: the roster file "data" cannot be read \(.*data: a directory, not a file\)$/ }],
    },
    {
      name: 'a path in a base is reported in the base, resolved from the base',
      files: {
        'r.yaml': 'extends: base/base.yaml\n' + rubric('').replace('salesgrade: 1\n', 'salesgrade: 1\n'),
        'base/base.yaml': 'roster:\n  file: ../people/roster.csv\n',
      },
      errors: [{ source: 'base/base.yaml', line: 2, column: 9, message: 'roster.file: the roster file "people/roster.csv" does not exist' }],
    },
  ],
});
