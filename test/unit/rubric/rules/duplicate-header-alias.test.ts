import { duplicateHeaderAlias } from '../../../../src/rubric/lint/rules/duplicate-header-alias.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

runRuleTests(duplicateHeaderAlias, {
  valid: [
    { name: 'base', code: BASE },
    { name: 'roster and source may share a header', code: withSections({ roster: 'roster:\n  file: roster.xlsx\n  fields: { rep: [Date] }' }) },
  ],
  invalid: [
    {
      name: 'one header, two fields (case and space folded)',
      code: withSections({ source: 'source:\n  fields:\n    date: [日期, Date]\n    close_date: { headers: [结单日期, " date "], type: date }\n    amount: { headers: [Amount], type: money }' }),
      errors: [{ line: 6, column: 35, message: 'source.fields.close_date.headers[1]: header " date " is also listed for field "date"; one column cannot be two fields' }],
    },
    {
      name: 'in the roster',
      code: withSections({ roster: 'roster:\n  file: roster.xlsx\n  fields:\n    team: [团队, Team]\n    region: [区域, team]' }),
      errors: [{ line: 18, column: 18, message: /^roster\.fields\.region\[1\]: header "team" is also listed for field "team"/ }],
    },
    // The rule used its own normalisation (spaces and underscores only) and drifted from the reader's:
    // the reader reads `Close-Date`, `close.date` and `Close\u200bDate` as the header `Close Date`.
    ...[
      ['a hyphen', 'Close-Date'],
      ['a dot', 'close.date'],
      ['a zero-width space', 'Close\u200bDate'],
      ['a colon and full-width letters', 'ＣＬＯＳＥ：ＤＡＴＥ'],
    ].map(([what, alias]) => ({
      name: `the reader's normalisation: ${what} (${JSON.stringify(alias)} = "Close Date")`,
      code: withSections({ source: `source:\n  fields:\n    date: [日期, Close Date]\n    close_date: { headers: [结单日期, ${JSON.stringify(alias)}], type: date }\n    amount: { headers: [Amount], type: money }` }),
      errors: [{ line: 6, column: 35, message: /^source\.fields\.close_date\.headers\[1\]: header ".*" is also listed for field "date"/ }],
    })),
  ],
});
