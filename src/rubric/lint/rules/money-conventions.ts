import { currencyConvention, localeConvention } from '../../../shared/currency.js';
import { defineRule } from '../types.js';

const SEPARATOR = { '.': 'a decimal point', ',': 'a decimal comma' };

export const moneyConventions = defineRule({
  meta: {
    id: 'money-conventions',
    description:
      'How amounts are read is unambiguous: `fx` does not rate the rubric currency itself, and when `currency` and `locale` write different decimal separators, `source.decimal_separator` says which the exports use.',
    defaultSeverity: 'warning',
    messages: {
      ownCurrency: 'fx.{code}: {code} is the rubric currency; its amounts need no rate (remove it)',
      tie: 'currency {currency} writes {byCurrency} but locale {locale} {byLocale}: a number column whose values fit both (1.234) is refused; declare source.decimal_separator',
    },
    // the separators (`.` / `,`) as words
    words: { byCurrency: SEPARATOR, byLocale: SEPARATOR },
  },
  check(ctx) {
    const { currency, locale, fx, source } = ctx.rubric;
    if (fx && Object.hasOwn(fx, currency)) ctx.report({ path: ['fx', currency], messageId: 'ownCurrency', data: { code: currency }, at: 'key' });
    const byCurrency = currencyConvention(currency);
    const byLocale = localeConvention(locale);
    if (source.decimal_separator === undefined && byCurrency !== undefined && byLocale !== undefined && byCurrency !== byLocale) {
      ctx.report({
        path: ctx.has(['currency']) ? ['currency'] : [],
        messageId: 'tie',
        data: { currency, locale, byCurrency, byLocale },
      });
    }
  },
});
