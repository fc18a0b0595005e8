import { moneyConventions } from '../../../../src/rubric/lint/rules/money-conventions.js';
import { runRuleTests } from '../rule-tester.js';
import { BASE, withSections } from './base.js';

runRuleTests(moneyConventions, {
  valid: [
    { name: 'base (CNY, en)', code: BASE },
    { name: 'rates for foreign currencies', code: withSections({ currency: 'currency: CNY', fx: 'fx: { USD: 7.2, EUR: 7.8 }' }) },
    { name: 'EUR with a declared decimal separator', code: withSections({ currency: 'currency: EUR', source: "source:\n  decimal_separator: ','\n  fields:\n    date: [Date]\n    amount: { headers: [Amount], type: money }" }) },
    { name: 'USD with en', code: withSections({ currency: 'currency: USD', locale: 'locale: en' }) },
  ],
  invalid: [
    {
      name: 'a rate for the rubric currency itself',
      code: withSections({ currency: 'currency: CNY', fx: 'fx:\n  USD: 7.2\n  CNY: 1' }),
      errors: [{ line: 17, column: 3, message: 'fx.CNY: CNY is the rubric currency; its amounts need no rate (remove it)' }],
    },
    {
      name: 'EUR beside the en locale, no decimal_separator',
      code: withSections({ currency: 'currency: EUR' }),
      errors: [
        {
          line: 14,
          column: 11,
          message: 'currency EUR writes a decimal comma but locale en a decimal point: a number column whose values fit both (1.234) is refused; declare source.decimal_separator',
        },
      ],
    },
  ],
});
