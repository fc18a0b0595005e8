import { knownField } from '../../../../src/rubric/lint/rules/known-field.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

runRuleTests(knownField, {
  valid: [
    { name: 'base', code: BASE },
    {
      name: 'where, date and unique_key declared',
      code: withSections({
        source: 'source:\n  unique_key: deal_id\n  fields:\n    date: [Date]\n    close_date: { headers: [Close Date], type: date }\n    amount: { headers: [Amount], type: money }\n    stage: [Stage]\n    deal_id: [Deal ID]',
        metrics: 'metrics:\n  revenue: { sum: amount, where: { stage: Won }, date: close_date }',
      }),
    },
  ],
  invalid: [
    {
      name: 'aggregated field and where field',
      code: withSections({ metrics: 'metrics:\n  revenue: { sum: amont, where: { stage: Won } }' }),
      errors: [
        { line: 8, column: 19, message: 'metrics.revenue.sum: field "amont" is not declared in source.fields; declared: date, amount; did you mean "amount"?' },
        { line: 8, column: 35, message: /^metrics\.revenue\.where\.stage: field "stage" is not declared/ },
      ],
    },
    {
      name: 'no date field and no date:',
      code: withSections({ source: 'source:\n  fields:\n    amount: { headers: [Amount], type: money }' }),
      errors: [{ line: 7, column: 3, message: 'metrics.revenue: counts rows by the field "date" (no `date:` given), which is not declared in source.fields; declare it or set `date:`' }],
    },
  ],
});
