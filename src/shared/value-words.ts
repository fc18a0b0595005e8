/**
 * The words for a cell value that could not be read (shared/value-problem.ts facts), one catalog per
 * language with the same keys: what was expected, what was found (one entry per `FoundKind`), the advice
 * (one per `HintCode`). io/ builds each finding's English message from `VALUE_WORDS.en` (io cannot import
 * report/); report/finding-messages.ts renders zh-CN from `VALUE_WORDS['zh-CN']`. The mapped types make
 * a missing key a type error; test/unit/shared/value-words.test.ts checks both catalogs key by key.
 */
import type { FoundKind, HintCode, SeparatorRefusal, ValueKind, ValueProblem } from './value-facts.js';

export interface ValueWords {
  kind: Record<ValueKind, string>;
  expected: (p: Pick<ValueProblem, 'expected' | 'currency'>) => string;
  foreign: (p: ValueProblem) => string;
  found: { [K in FoundKind]: (p: ValueProblem) => string };
  /** What made a decimal separator the usual one: the rubric's currency and/or locale. */
  usualWhy: (r: Pick<SeparatorRefusal, 'byCurrency' | 'byLocale'>) => string;
  refusal: (r: Partial<SeparatorRefusal>) => string | undefined;
  hint: { [K in HintCode]: (p: ValueProblem) => string };
}

const q = (s: string | undefined): string => JSON.stringify(s ?? '');

const en: ValueWords = {
  kind: { number: 'a number', amount: 'an amount', 'whole-number': 'a whole number', date: 'a date', percent: 'a percent', text: 'a text' },
  expected: (p) => `${en.kind[p.expected]}${p.currency !== undefined ? ` in ${p.currency}` : ''}`,
  foreign: (p) => (p.foreign === 'several' ? `several currencies (${p.currencies ?? ''})` : p.foreign === 'yen' ? '¥ may be CNY or JPY' : (p.foreign ?? '')),
  found: {
    text: (p) => q(p.text),
    true: () => 'TRUE',
    false: () => 'FALSE',
    number: (p) => `the number ${p.text ?? ''}`,
    error: (p) => `the error value ${p.text ?? ''}`,
    formula: () => 'a formula with no cached value',
    either: (p) => `${q(p.text)}, which may be ${p.dot ?? ''} or ${p.comma ?? ''}`,
    'day-month': (p) => `${q(p.text)}, which may be month/day or day/month`,
    'stored-currency': (p) => `${p.text ?? ''} shown as ${en.foreign(p)} by the cell's number format`,
    'text-currency': (p) => `${q(p.text)} (${en.foreign(p)})`,
    'row-currency': (p) => `${q(p.text)} in a row whose currency column says ${en.foreign(p)}`,
  },
  usualWhy: (r) => [r.byCurrency !== undefined ? `currency ${r.byCurrency}` : '', r.byLocale !== undefined ? `locale ${r.byLocale}` : ''].filter(Boolean).join(' and '),
  refusal: (r) => {
    if (r.refuse === 'most-values') {
      const n = r.votes === undefined ? '' : ` (${r.votes} value${r.votes === 1 ? '' : 's'} against ${r.against ?? 0})`;
      return `the values of this column that settle the decimal separator use "${r.sep}"${n}, not "${r.usual}" as usual for ${en.usualWhy(r)}`;
    }
    if (r.refuse === 'value-shows') {
      const how = r.how === 'usual' ? `as usual for ${en.usualWhy(r)}` : (r.how ?? '');
      return `a value of this column shows that its decimal separator is "${r.sep}", not the usual "${r.usual}" (${how})`;
    }
    if (r.refuse === 'contradicted') {
      const n = r.votes ?? 0;
      return `this column is read with "${r.usual}" as usual for ${en.usualWhy(r)}, but ${n} value${n === 1 ? '' : 's'} of it use${n === 1 ? 's' : ''} "${r.sep}" (against ${r.against ?? 0}), so this one may be written that way too`;
    }
    return undefined;
  },
  hint: {
    recalculate: () => 'open the file in Excel or WPS and save it again so the values are calculated',
    'not-finite': () => 'not a finite number within ±10^18',
    'out-of-range': () => 'out of range (10^18 or more)',
    'too-long': () => 'too long for a number',
    signs: () => 'more than one sign',
    'two-currency-signs': () => 'two currency signs',
    'one-currency': () => 'one amount must be in one currency',
    'yen-rate': () => 'give fx a rate for exactly one of CNY and JPY, or write the code',
    'fx-rate': (p) => `convert the amounts, or give a rate in the rubric: fx: { ${p.foreign ?? ''}: <${p.currency ?? ''} per 1 ${p.foreign ?? ''}> }`,
    'percent-not': (p) => `a percentage is not ${en.expected({ expected: p.expected })}`,
    exponent: (p) => `the exponent is beyond ±${p.max ?? ''}`,
    'exponent-digits': () => 'written with an exponent and 6 or more digits, as Excel writes a long number it shortened: its other digits are lost; format the column as a number without exponent and export again',
    'separator-mismatch': (p) => `this column's decimal separator is "${p.columnSep ?? ''}", but this number uses "${p.valueSep ?? ''}" as one`,
    'declare-decimal': (p) => {
      const why = en.refusal(p);
      return `${why !== undefined ? `${why}; ` : ''}declare source.decimal_separator in the rubric`;
    },
    'declare-date-format': () => 'declare source.date_format (MM/DD/YYYY or DD/MM/YYYY) in the rubric',
  },
};

const zh: ValueWords = {
  kind: { number: '数字', amount: '金额', 'whole-number': '整数', date: '日期', percent: '百分比', text: '文本' },
  expected: (p) => `${p.currency !== undefined ? `${p.currency} ` : ''}${zh.kind[p.expected]}`,
  foreign: (p) => (p.foreign === 'several' ? `多种货币（${p.currencies ?? ''}）` : p.foreign === 'yen' ? '¥ 可能是 CNY 也可能是 JPY' : (p.foreign ?? '')),
  found: {
    text: (p) => q(p.text),
    true: () => 'TRUE',
    false: () => 'FALSE',
    number: (p) => `数字 ${p.text ?? ''}`,
    error: (p) => `错误值 ${p.text ?? ''}`,
    formula: () => '没有缓存值的公式',
    either: (p) => `${q(p.text)}，可能是 ${p.dot ?? ''}，也可能是 ${p.comma ?? ''}`,
    'day-month': (p) => `${q(p.text)}，可能是月/日，也可能是日/月`,
    'stored-currency': (p) => `${p.text ?? ''}（单元格数字格式显示为 ${zh.foreign(p)}）`,
    'text-currency': (p) => `${q(p.text)}（${zh.foreign(p)}）`,
    'row-currency': (p) => `${q(p.text)}（该行的币种列为 ${zh.foreign(p)}）`,
  },
  usualWhy: (r) => [r.byCurrency !== undefined ? `货币 ${r.byCurrency}` : '', r.byLocale !== undefined ? `语言 ${r.byLocale}` : ''].filter(Boolean).join('、'),
  refusal: (r) => {
    if (r.refuse === 'most-values') {
      const n = r.votes === undefined ? '' : `（${r.votes} 个值对 ${r.against ?? 0} 个）`;
      return `该列能确定小数点的值用 "${r.sep}" 作小数点${n}，而不是${zh.usualWhy(r)}通常用的 "${r.usual}"`;
    }
    if (r.refuse === 'value-shows') {
      const how = r.how === 'usual' ? `按${zh.usualWhy(r)} 的惯例` : r.how === 'declared' ? '已声明' : r.how === 'values' ? '按该列的值' : '';
      return `该列有值表明小数点是 "${r.sep}"，而不是通常的 "${r.usual}"${how ? `（此前${how}）` : ''}`;
    }
    if (r.refuse === 'contradicted') {
      return `该列按${zh.usualWhy(r)}的惯例以 "${r.usual}" 作小数点读取，但其中 ${r.votes ?? 0} 个值用 "${r.sep}"（对 ${r.against ?? 0} 个），此值也可能是那样写的`;
    }
    return undefined;
  },
  hint: {
    recalculate: () => '请用 Excel 或 WPS 打开文件并重新保存，让数值计算出来',
    'not-finite': () => '不是 ±10^18 以内的有限数',
    'out-of-range': () => '超出范围（10^18 及以上）',
    'too-long': () => '作为数字过长',
    signs: () => '正负号多于一个',
    'two-currency-signs': () => '有两个货币符号',
    'one-currency': () => '一个金额只能用一种货币',
    'yen-rate': () => '请在 fx 中只给 CNY 和 JPY 其中之一的汇率，或写明货币代码',
    'fx-rate': (p) => `请换算金额，或在评分规则中给出汇率：fx: { ${p.foreign ?? ''}: <每 1 ${p.foreign ?? ''} 合多少 ${p.currency ?? ''}> }`,
    'percent-not': (p) => `百分比不是${zh.kind[p.expected]}`,
    exponent: (p) => `指数超出 ±${p.max ?? ''}`,
    'exponent-digits': () => '以科学计数法写成且有 6 位或更多有效数字，这是 Excel 缩短长数字的写法：其余数字已丢失；请把该列设为不带指数的数字格式后重新导出',
    'separator-mismatch': (p) => `该列的小数点是 "${p.columnSep ?? ''}"，但这个数用 "${p.valueSep ?? ''}" 作小数点`,
    'declare-decimal': (p) => {
      const why = zh.refusal(p);
      return `${why !== undefined ? `${why}；` : ''}请在评分规则中声明 source.decimal_separator`;
    },
    'declare-date-format': () => '请在评分规则中声明 source.date_format（MM/DD/YYYY 或 DD/MM/YYYY）',
  },
};

export const VALUE_WORDS: Readonly<Record<'en' | 'zh-CN', ValueWords>> = { en, 'zh-CN': zh };
