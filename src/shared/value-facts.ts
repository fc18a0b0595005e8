/**
 * The facts of a cell value that could not be read (the types only): shared/value-problem.ts builds and
 * reads them, shared/value-words.ts words them.
 */
/** The type a field expected. */
export type ValueKind = 'number' | 'amount' | 'whole-number' | 'date' | 'percent' | 'text';

/**
 * What the cell held: `text` (a text, clipped to 40 characters), `true`/`false`, `number` (a number where
 * a date was expected), `error` (`#DIV/0!`), `formula` (no cached value), `either` (a number text that
 * fits both decimal readings `dot` and `comma`), `day-month` (a date that may be either order),
 * `stored-currency` (a stored number whose number format shows `foreign`), `text-currency` (a text
 * written with the currency `foreign`), `row-currency` (an amount whose row's currency column says `foreign`).
 */
export type FoundKind = 'text' | 'true' | 'false' | 'number' | 'error' | 'formula' | 'either' | 'day-month' | 'stored-currency' | 'text-currency' | 'row-currency';

/** The advice, if any. */
export type HintCode =
  | 'recalculate'
  | 'not-finite'
  | 'out-of-range'
  | 'too-long'
  | 'signs'
  | 'two-currency-signs'
  | 'one-currency'
  | 'yen-rate'
  | 'fx-rate'
  | 'percent-not'
  | 'exponent'
  | 'exponent-digits'
  | 'separator-mismatch'
  | 'declare-decimal'
  | 'declare-date-format';

/** Why a column refuses values that fit both decimal readings (see io/number-columns.ts). */
export interface SeparatorRefusal {
  /**
   * `most-values`: the column's values decided `sep` against the `usual`; `value-shows`: a value settled it;
   * `contradicted`: the column is read with the `usual` separator, but `votes` of its values use `sep` (too
   * few to overrule it): a value whose usual reading is a three-decimal fraction (`1.500` → 1.5 under ".")
   * may be one of theirs (1500) and is not read.
   */
  refuse: 'most-values' | 'value-shows' | 'contradicted';
  sep: '.' | ',';
  usual: '.' | ',';
  /**
   * `most-values`: how many of the sampled values settled the separator as `sep`, and how many as `usual`;
   * `contradicted`: how many values used `sep` against the usual one so far, and how many the usual one.
   */
  votes?: number;
  against?: number;
  /** How the column's separator had been chosen before (`value-shows` only). */
  how?: 'declared' | 'values' | 'usual';
  /** What made `usual` the usual one: the rubric's currency and/or locale. */
  byCurrency?: string;
  byLocale?: string;
}

export interface ValueProblem extends Partial<SeparatorRefusal> {
  expected: ValueKind;
  /** The rubric currency when an amount in it was expected (`foreign-currency`). */
  currency?: string;
  found: FoundKind;
  /** The text or stored value as found (clipped to 40 characters plus `…`). */
  text?: string;
  /** `either`: the two readings, signed. */
  dot?: string;
  comma?: string;
  /** The currency found: an ISO code, `several` (see `currencies`) or `yen` (¥ may be CNY or JPY). */
  foreign?: string;
  currencies?: string;
  hint?: HintCode;
  /** `exponent`: the largest exponent taken. */
  max?: number;
  /** `separator-mismatch`: the column's separator and the one this value uses. */
  columnSep?: '.' | ',';
  valueSep?: '.' | ',';
}
