/**
 * The decimal separator of one number column, decided from its own values (issue 9.2). A US export
 * writes `219.582` for 219.582, a German one `1.234` for 1234: no single value settles a text like
 * `1.234`, but its column usually does.
 *
 * The reader streams, so the decision is made from the header-scan sample (the first rows read to find
 * the header, and the rest of that first batch):
 * 1. a declared `source.decimal_separator` wins;
 * 2. else, when the rubric's currency and locale agree on a usual separator, it holds unless the values
 *    overrule it with a clear margin: at least OVERRULE_MIN (3) values settle the other separator (two
 *    `.` or `,` groups, `1,234.56` / `1.234,56`, a `,` decimal, a 1–2 or 4+ digit fraction) and they are
 *    at least three quarters of the values that settle it. Overruled, a value that fits both readings
 *    (`1,500` next to `12,5`) is not read: an `ambiguous-number` error at its cell (`refuse`). Not
 *    overruled, a value of the other convention is a bad value at its cell, and when such values are
 *    not outnumbered by the usual ones, a value whose usual reading is a three-decimal fraction (`1.500`
 *    → 1.5 under ".") is refused too (`contradicted`: it may be 1500), while a three-digit group read as
 *    thousands (`$17,160` → 17160) is read. A single `1.200,50` among `$17,160`s is one bad cell;
 * 3. else (currency and locale disagree, EUR with an English or Chinese report) the majority of the
 *    values decides; when nothing does, every value that fits both readings is an error, reported once
 *    for the column.
 * While a column is still undecided by its values, each later value is looked at: one that settles
 * the convention as the tie-break did confirms it; one that contradicts it is a bad value at its cell
 * until OVERRULE_MIN of them have been met, and that one switches the column and is an error naming the
 * earlier values that were read the other way. A column whose values all fit
 * both readings gets one finding at the end.
 */
import type { FindingData, Severity } from '../shared/diagnostic.js';
import type { FindingCode } from '../shared/finding-codes.js';
import type { FindingAt } from './findings.js';
import { tieBreak, type Convention, type Tie } from '../shared/currency.js';
import { clipValue, columnSeparatorEn, flatData, type ColumnSeparatorFacts, type SeparatorRefusal } from '../shared/value-problem.js';
import { numberEvidence } from './values.js';

export type { Convention };
export { tieBreak };

export type Report = (code: FindingCode, severity: Severity, message: string, at: FindingAt, data?: FindingData) => void;

/** A column-level finding: its English message and its facts, from one object. */
const say = (report: Report, severity: Severity, facts: ColumnSeparatorFacts, at: FindingAt): void =>
  report('ambiguous-number', severity, columnSeparatorEn(facts), at, flatData(facts));

/** Who made `tie.sep` the usual separator (the rubric's currency and/or locale), as facts. */
const usualBy = (tie: Tie | undefined): Pick<SeparatorRefusal, 'byCurrency' | 'byLocale'> => {
  const by: Pick<SeparatorRefusal, 'byCurrency' | 'byLocale'> = {};
  if (tie?.byCurrency !== undefined) by.byCurrency = tie.byCurrency;
  if (tie?.byLocale !== undefined) by.byLocale = tie.byLocale;
  return by;
};

const refusal = (sep: Convention, tie: Tie, votes: number, against: number): SeparatorRefusal => ({ refuse: 'most-values', sep, usual: tie.sep, votes, against, ...usualBy(tie) });
const contradicted = (sep: Convention, tie: Tie, votes: number, against: number): SeparatorRefusal => ({ refuse: 'contradicted', sep, usual: tie.sep, votes, against, ...usualBy(tie) });

/** The least number of values that can overrule the currency and locale's usual separator. */
export const OVERRULE_MIN = 3;

/**
 * Whether `other` values settling the other separator overrule the usual one against `usual` values
 * settling it: at least OVERRULE_MIN of them, and at least three quarters of the values that settle it.
 */
export function overrules(other: number, usual: number): boolean {
  return other >= OVERRULE_MIN && other >= 3 * usual;
}

export class NumberColumn {
  /** The separator values are read with now; undefined: values that fit both readings are errors. */
  sep: Convention | undefined;
  /** True while the column's own values have not decided (a later value is then looked at). */
  pending: boolean;
  /**
   * Set (to the reason) when the column's own values decided a separator other than the currency and
   * locale's usual one: a value that fits both readings (`1,500` next to `12,5`) is then an error at its
   * cell and its row is not counted, rather than silently read 1000 times smaller or larger.
   */
  refuse: SeparatorRefusal | undefined;
  private readonly howCode: 'declared' | 'values' | 'usual' | undefined;
  /** Whether the usual separator holds unless the values overrule it (a currency the rubric gives). */
  private readonly firm: boolean;
  private readonly tie: Tie | undefined;
  private readonly usual: Convention | undefined;
  private ambiguous = 0;
  private firstAmbiguous: { text: string; at: FindingAt; place: string } | undefined;
  private firstAny: { text: string; at: FindingAt; place: string } | undefined;
  /** Values that fit both readings whose separator is the one the column is read with (`1.234` read as 1.234). */
  private decimalReads = 0;
  private ambiguousErrors = 0;
  /** Values of the other convention than the usual one met after the sample, while the column was pending. */
  private against = 0;

  constructor(
    readonly field: string,
    sample: readonly string[],
    declared: Convention | undefined,
    tie: Tie | undefined,
    /** False when the currency is only the default one (`inspect` without a rubric): the values' majority decides. */
    firm = true,
  ) {
    this.firm = firm && tie !== undefined;
    this.usual = tie?.sep;
    this.tie = tie;
    this.refuse = undefined;
    if (declared !== undefined) {
      this.sep = declared;
      this.pending = false;
      this.howCode = 'declared';
      return;
    }
    let dot = 0;
    let comma = 0;
    for (const t of sample) {
      const e = numberEvidence(t);
      if (e === '.') dot++;
      else if (e === ',') comma++;
    }
    if (tie === undefined || !this.firm) {
      // no usual separator (EUR beside an English report), or only an assumed one: the majority decides
      if (dot !== comma) {
        this.sep = dot > comma ? '.' : ',';
        this.pending = false;
        this.howCode = 'values';
        if (tie !== undefined && tie.sep !== this.sep) this.refuse = refusal(this.sep, tie, Math.max(dot, comma), Math.min(dot, comma));
        return;
      }
      this.pending = true;
      this.sep = tie?.sep;
      this.howCode = tie ? 'usual' : undefined;
      return;
    }
    const other: Convention = tie.sep === '.' ? ',' : '.';
    const agree = tie.sep === '.' ? dot : comma;
    const against = tie.sep === '.' ? comma : dot;
    if (overrules(against, agree)) {
      // the values overrule the currency and locale with a clear margin (a genuinely European export)
      this.sep = other;
      this.pending = false;
      this.howCode = 'values';
      this.refuse = refusal(other, tie, against, agree);
      return;
    }
    // the usual separator holds; a value of the other convention is a bad value at its cell
    this.sep = tie.sep;
    if (against > 0 && against >= agree) this.refuse = contradicted(other, tie, against, agree);
    if (agree > 0 || against > 0) {
      this.pending = false;
      this.howCode = agree > 0 ? 'values' : 'usual';
      return;
    }
    this.pending = true;
    this.howCode = 'usual';
  }

  /** A text value of a pending column (before it is coerced). */
  observe(text: string, at: FindingAt, place: string, report: Report): void {
    const e = numberEvidence(text);
    if (e === undefined) return;
    if (e === 'either') {
      // refused at its cell (a three-decimal fraction read with the usual separator, in a contradicted column)
      if (this.refuse?.refuse === 'contradicted' && (this.sep === '.' ? /[.．]/ : /[,，]/).test(text)) return;
      this.ambiguous++;
      this.firstAny ??= { text, at, place };
      if (this.sep !== undefined && (this.sep === '.' ? /[.．]/ : /[,，]/).test(text)) {
        this.decimalReads++;
        this.firstAmbiguous ??= { text, at, place };
      }
      return;
    }
    // this value settles the column; one against the usual separator only when enough of them overrule it
    if (this.firm && this.usual !== undefined && this.usual !== e && this.tie !== undefined && !overrules(++this.against, 0)) {
      // the usual separator holds (this value is a bad value at its cell), but the values already read as
      // three-decimal fractions with it may be this convention's thousands: an error names them
      if (this.decimalReads > 0 && this.firstAmbiguous) {
        const f = this.firstAmbiguous;
        say(report, 'error', { column: 'contradicted', field: this.field, text: clipValue(text), sep: e, earlier: this.decimalReads, like: clipValue(f.text), at: f.place, readWith: this.usual, ...this.howFacts() }, at);
        this.ambiguous = 0;
        this.decimalReads = 0;
        this.firstAmbiguous = undefined;
        this.firstAny = undefined;
      }
      this.refuse = contradicted(e, this.tie, this.against, 0);
      return;
    }
    if (this.sep !== undefined && this.sep !== e && this.ambiguous > 0) {
      const f = this.firstAmbiguous ?? this.firstAny!;
      say(report, 'error', { column: 'contradicted', field: this.field, text: clipValue(text), sep: e, earlier: this.ambiguous, like: clipValue(f.text), at: f.place, readWith: this.sep, ...this.howFacts() }, at);
    }
    if (this.usual !== undefined && this.usual !== e) {
      this.refuse = { refuse: 'value-shows', sep: e, usual: this.usual, ...usualBy(this.tie) };
      if (this.howCode !== undefined) this.refuse.how = this.howCode;
    }
    this.sep = e;
    this.pending = false;
    this.ambiguous = 0;
    this.decimalReads = 0;
    this.firstAmbiguous = undefined;
    this.firstAny = undefined;
  }

  /** An `ambiguous-number` error at a cell (no convention at all): true when it is the column's first (report it). */
  ambiguousError(): boolean {
    return ++this.ambiguousErrors === 1;
  }

  /** The column's one finding when every value with a separator fitted both readings. */
  finish(report: Report): void {
    if (this.ambiguousErrors > 1) {
      say(report, 'error', { column: 'all-ambiguous', field: this.field, count: this.ambiguousErrors }, {});
    }
    // A three-digit group read as thousands (`1,234` under a decimal point) is how these exports write
    // amounts and is not reported; a value read as a three-decimal fraction is.
    if (!this.pending || this.sep === undefined || this.decimalReads === 0 || !this.firstAmbiguous) return;
    const f = this.firstAmbiguous;
    say(report, 'warning', { column: 'read-by-usage', field: this.field, count: this.decimalReads, like: clipValue(f.text), at: f.place, readWith: this.sep, ...this.howFacts() }, f.at);
  }

  /** How the column's separator was chosen, as facts (`how` in the English text). */
  private howFacts(): Pick<ColumnSeparatorFacts, 'how' | 'byCurrency' | 'byLocale'> {
    const out: Pick<ColumnSeparatorFacts, 'how' | 'byCurrency' | 'byLocale'> = {};
    if (this.howCode !== undefined) out.how = this.howCode;
    if (this.tie?.byCurrency !== undefined) out.byCurrency = this.tie.byCurrency;
    if (this.tie?.byLocale !== undefined) out.byLocale = this.tie.byLocale;
    return out;
  }
}
