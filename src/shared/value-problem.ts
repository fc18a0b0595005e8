/**
 * Why a cell value could not be read, as facts: what was expected, what was found, and the advice, each
 * a code with its values (names, values and currency codes only — no prose). io/values.ts produces
 * them; a finding carries them flat in its `data` (plus `field` and `outcome`), and report/ renders
 * them in the report's language (report/finding-messages.ts). The English rendering lives here because
 * io/ builds each finding's English `message` from the same facts (io cannot import report/).
 */
import type { FindingData } from './diagnostic.js';
import { VALUE_WORDS } from './value-words.js';
import type { FoundKind, SeparatorRefusal, ValueProblem } from './value-facts.js';

export type { FoundKind, HintCode, SeparatorRefusal, ValueKind, ValueProblem } from './value-facts.js';

const FOUND_KINDS: ReadonlySet<string> = new Set<FoundKind>(['text', 'true', 'false', 'number', 'error', 'formula', 'either', 'day-month', 'stored-currency', 'text-currency', 'row-currency']);

export const clipValue = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

const q = (s: string | undefined): string => JSON.stringify(s ?? '');

export function expectedEn(p: Pick<ValueProblem, 'expected' | 'currency'>): string {
  return VALUE_WORDS.en.expected(p);
}

export function foundEn(p: ValueProblem): string {
  return VALUE_WORDS.en.found[p.found](p);
}

export function hintEn(p: ValueProblem): string | undefined {
  return p.hint === undefined ? undefined : VALUE_WORDS.en.hint[p.hint](p);
}

const usualWhyEn = (r: Pick<SeparatorRefusal, 'byCurrency' | 'byLocale'>): string => VALUE_WORDS.en.usualWhy(r);

/** What became of the row: not counted (a data row), or nothing (a roster's start date). */
export type ValueOutcome = 'row-not-counted' | 'none';

/**
 * A value finding's data: the field, the outcome and the problem's facts, flat. The English message
 * prints the hint only with the row's outcome, so the data carries it only then.
 */
export function valueFindingData(field: string, p: ValueProblem, outcome: ValueOutcome): FindingData {
  const data: Record<string, string | number> = { field, outcome };
  for (const [k, v] of Object.entries(p)) if (v !== undefined) data[k] = v as string | number;
  if (outcome === 'none') {
    for (const k of ['hint', 'max', 'columnSep', 'valueSep', 'refuse', 'sep', 'usual', 'how', 'byCurrency', 'byLocale']) delete data[k];
  }
  return data;
}

/** A problem's facts back from a finding's data (`expected` and `found` known), or undefined. */
export function problemOf(d: FindingData): ValueProblem | undefined {
  if (typeof d.expected !== 'string' || typeof d.found !== 'string') return undefined;
  if (!Object.hasOwn(VALUE_WORDS.en.kind, d.expected) || !FOUND_KINDS.has(d.found)) return undefined;
  return d as unknown as ValueProblem;
}

/** The facts back from a finding's data (report/), or undefined when the data is not a value problem. */
export function valueProblemOf(d: FindingData): (ValueProblem & { field: string; outcome: ValueOutcome }) | undefined {
  if (typeof d.field !== 'string') return undefined;
  return problemOf(d) as (ValueProblem & { field: string; outcome: ValueOutcome }) | undefined;
}

/** `found …` as the readers of targets, quota and calendar files print it: what was found, and the hint in brackets. */
export function foundWithHintEn(p: ValueProblem): string {
  const hint = hintEn(p);
  return `${foundEn(p)}${hint !== undefined ? ` (${hint})` : ''}`;
}

/** The English message: `amount: expected an amount, found "abc"; the row is not counted (…)`. */
export function valueMessageEn(field: string, p: ValueProblem, outcome: ValueOutcome): string {
  const hint = hintEn(p);
  return `${field}: expected ${expectedEn(p)}, found ${foundEn(p)}${outcome === 'row-not-counted' ? `; the row is not counted${hint !== undefined ? ` (${hint})` : ''}` : ''}`;
}

// ---------------------------------------------------------------------------------------------------------
// the other findings about a column's values: a currency conversion, an id stored as a number, and the
// column-level decimal-separator findings (io/number-columns.ts)

/** A currency conversion (`currency-converted`): `value from × rate (fx) = converted to`. */
export interface Conversion {
  value: string;
  from: string;
  rate: string;
  converted: string;
  to: string;
}

export function conversionEn(field: string, c: Conversion): string {
  return `${field}: ${c.value} ${c.from} × ${c.rate} (fx) = ${c.converted} ${c.to}`;
}

/** An id Excel stored as a number (`mangled-id`). */
export function mangledIdEn(field: string, value: string): string {
  return `${field}: ${JSON.stringify(value)} looks like an id Excel stored as a number (shown as 1.23457E+11, or past 15 digits): its digits are lost, so different ${field} values may have become one (format the column as text before exporting)`;
}

/** A rep cell left empty by a merged range (`no-rep`): the name is in the range's top cell only. */
export function mergedNoRepEn(range: string, top: string): string {
  return `rep: expected a name, found an empty cell inside the merged range ${range} (a merged range keeps its value in ${top} only); the row is not counted (unmerge the cells and fill the name down)`;
}

/** A roster line whose rep cell a merged range left empty (`roster-no-rep`). */
export function mergedRosterNoRepEn(range: string, top: string): string {
  return `rep: expected a name, found an empty cell inside the merged range ${range} (a merged range keeps its value in ${top} only); the roster line is skipped (unmerge the cells and fill the name down)`;
}

/** A calendar-file row whose kind cell a merged range left empty (`calendar-bad-kind`). */
export function mergedKindEn(range: string, top: string): string {
  return `kind: expected off or work, found an empty cell inside the merged range ${range} (a merged range keeps its value in ${top} only); the date is not used (unmerge the cells and fill the kind down)`;
}

/** A targets-file row whose name cells a merged range left empty (`targets-no-name`). */
export function mergedTargetsNoNameEn(levels: string, range: string, top: string): string {
  return `expected a ${levels.split(',').join(' or ')} name, found an empty cell inside the merged range ${range} (a merged range keeps its value in ${top} only); the row's targets are not used (unmerge the cells and fill the name down)`;
}

/** What an empty cell under a merged range means: no roster field; no target; a targets row read at a broader level. */
export type MergedEffect = 'roster-field' | 'target' | 'target-name';

/**
 * Cells of a roster or targets file a merged range left empty (`merged-cells`): `field` the column's
 * field (`team`, `kpis[0] revenue`), `rows` the rows below the top cell (`3–5`), `effect` what their
 * empty cell means there.
 */
export function mergedCellsEn(range: string, top: string, field: string, rows: string, effect: MergedEffect): string {
  const what =
    effect === 'target'
      ? 'no target from this file (the next rule — team, region, tier or default — applies)'
      : effect === 'target-name'
        ? `their targets were read as those of the ${field === 'rep' ? 'team or region' : 'region'} the row names, not of the ${field} in ${top}`
        : `no ${field} from the roster`;
  const lines = /[–,]/.test(rows) ? `rows ${rows} read an empty cell` : `row ${rows} reads an empty cell`;
  return `${field}: the cells ${range} are merged, so the value is in ${top} only and ${lines}: ${what} (unmerge the cells and fill the value down)`;
}

/** A row under a merged rep range read as a totals row (its amount equals the sum above): `totals-row`, a warning. */
export function mergedTotalsEn(range: string, top: string, field: string, amount: string): string {
  return `a row with an empty rep cell inside the merged range ${range} (a merged range keeps its value in ${top} only) has ${field} ${amount}, the sum of the rows above, and was read as a totals row, not counted; it is probably a deal of the rep in ${top} (unmerge the cells and fill the name down)`;
}

/** `inspect`: a column no field maps holds numbers written with an exponent (`exponent-number`, a warning); `value`: the first. */
export function exponentColumnEn(letter: string, header: string, value: string): string {
  return `column ${letter} ${JSON.stringify(header)} (not mapped) holds numbers written with an exponent (${JSON.stringify(value)}), as a CSV saved by Excel writes a long number: it is a number column, and its values may have lost digits (format the column as a number without exponent and export again)`;
}

/** A column read for a field that is hidden in its XLSX sheet (`hidden-column`). */
export function hiddenColumnEn(field: string, letter: string, header: string, sheet: string | undefined): string {
  return `${field}: column ${letter} ${JSON.stringify(header)} is hidden in ${sheet !== undefined ? `sheet ${JSON.stringify(sheet)}` : 'the HTML table'}; it is read like every column (a hidden column is still in the file: unhide it to check it, or map the column you meant in source.fields)`;
}

/** Hidden rows of an XLSX sheet (or an HTML table: `sheet` undefined) that were read as data (`hidden-rows`). */
export function hiddenRowsEn(sheet: string | undefined, count: number, first: number): string {
  return `${count === 1 ? '1 hidden row' : `${count} hidden rows`} of ${sheet !== undefined ? `sheet "${sheet}"` : 'the HTML table'} (the first is row ${first}) ${count === 1 ? 'was' : 'were'} read as data like every other row: rows hidden by a filter or by Hide in Excel or WPS are still in the file (delete the rows that must not be counted, or unhide them to check them)`;
}

/** A number written with an exponent that was read as written (`exponent-number` warning); `read`: the value read. */
export function exponentEn(field: string, value: string, read: string): string {
  return `${field}: ${JSON.stringify(value)} is written with an exponent and read as ${read}; a CSV saved by Excel writes a long number this way and may have lost digits (format the column as a number without exponent and export again)`;
}

/**
 * A column-level `ambiguous-number` finding. `contradicted`: the value `text` settled the separator
 * `sep`, but `earlier` values like `like` (first at `at`) were read with `readWith`; `all-ambiguous`:
 * `count` values in all fit both readings (rows not counted); `read-by-usage`: no value settled it and
 * `count` values fitting both readings, like `like` (first at `at`), were read with `readWith`.
 */
export interface ColumnSeparatorFacts {
  column: 'contradicted' | 'all-ambiguous' | 'read-by-usage';
  field: string;
  text?: string;
  sep?: '.' | ',';
  readWith?: '.' | ',';
  earlier?: number;
  count?: number;
  like?: string;
  at?: string;
  how?: 'declared' | 'values' | 'usual';
  byCurrency?: string;
  byLocale?: string;
}

function howEn(f: Pick<ColumnSeparatorFacts, 'how' | 'byCurrency' | 'byLocale'>): string {
  return f.how === 'usual' ? `as usual for ${usualWhyEn(f)}` : (f.how ?? '');
}

export function columnSeparatorEn(f: ColumnSeparatorFacts): string {
  const shown = (s: string | undefined): string => JSON.stringify(clipValue(s ?? ''));
  switch (f.column) {
    case 'contradicted': {
      const n = f.earlier ?? 0;
      return `${f.field}: ${shown(f.text)} shows that this column's decimal separator is "${f.sep}", but ${n} earlier value${n === 1 ? '' : 's'} like ${shown(f.like)} (first at ${f.at}) ${n === 1 ? 'was' : 'were'} read with "${f.readWith}" (${howEn(f)}); those amounts are wrong (declare source.decimal_separator: "${f.sep}" in the rubric)`;
    }
    case 'all-ambiguous':
      return `${f.field}: ${f.count} values in all fit both readings of "." and ","; their rows are not counted (declare source.decimal_separator in the rubric)`;
    case 'read-by-usage':
      return `${f.field}: no value of this column settles its decimal separator, and ${f.count} fit both readings, like ${shown(f.like)} (first at ${f.at}); read with ${f.readWith === '.' ? 'a decimal point' : 'a decimal comma'}, ${howEn(f)} (declare source.decimal_separator to confirm)`;
  }
}

/** Facts as finding data (flat, undefined keys left out). */
export function flatData(facts: object): FindingData {
  const data: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(facts)) if (v !== undefined) data[k] = v as string | number | boolean;
  return data;
}
