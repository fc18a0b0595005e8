/**
 * Every data-finding code a run can report (`inspect`, `evaluate`): what users filter on in the JSON
 * output and the workbook. One `docs/findings/<code>.md` per code; a test keeps the two one-to-one and
 * keeps these codes apart from the rubric's lint rule ids (`salesgrade check`).
 */
export const FINDING_CODES = [
  // reading an export
  'sheet-ambiguous',
  'duplicate-header',
  'header-unit',
  'ragged-row',
  'unclosed-quote',
  'totals-row',
  'mangled-id',
  'exponent-number',
  'hidden-rows',
  'hidden-column',
  'html-hidden-unknown',
  'merged-cells',
  'currency-converted',
  'no-rep',
  'rep-not-mapped',
  'duplicate-row',
  'duplicate-unique-key',
  // cell values
  'bad-number',
  'ambiguous-number',
  'foreign-currency',
  'bad-date',
  'ambiguous-date',
  'formula-error',
  'formula-no-value',
  // roster
  'roster-no-rep',
  'roster-duplicate',
  'roster-no-group',
  'roster-reserved-group',
  'unknown-tier',
  'roster-unknown-tier',
  'roster-rep-no-data',
  'rep-not-in-roster',
  'rep-name-variants',
  'rep-team-conflict',
  'roster-team-mismatch',
  // targets files
  'targets-no-name',
  'targets-duplicate',
  'targets-bad-value',
  'targets-unknown-name',
  'target-missing',
  // quota inputs (annual targets, history)
  'quota-no-name',
  'quota-duplicate',
  'quota-bad-value',
  'quota-bad-month',
  // calendar files and the built-in calendar
  'calendar-bad-date',
  'calendar-bad-kind',
  'calendar-conflict',
  'calendar-weekday-fallback',
  'calendar-year-thin',
  // evaluation
  'date-out-of-range',
  'period-sparse',
  'period-view',
  'period-partly-covered',
  'where-value-unmatched',
  'where-value-near',
  'history-unknown-tier',
  'history-not-before',
  'history-conflict',
  'history-gap',
  'kpi-rows-lost',
  'sum-value-missing',
  'metric-table-limits',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(FINDING_CODES);

export function isFindingCode(code: string): code is FindingCode {
  return KNOWN.has(code);
}

/**
 * Reader warnings that are errors under `--strict` (as the engine's `rep-name-variants` or
 * `where-value-unmatched` are): the value or row was counted, but the grade it feeds may not be what
 * the export meant — a number Excel may have shortened to its exponent form (`2.5E+05` for 250,123 in a
 * narrow General column), rows hidden in the sheet (left by a filter) that were read and counted, a
 * hidden column read for a field, an HTML `<style>` rule hiding what is not interpreted, cells of a
 * roster or targets file left empty by a merged range.
 */
export const STRICT_ERROR_READER_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>(['exponent-number', 'hidden-rows', 'hidden-column', 'html-hidden-unknown', 'merged-cells', 'roster-no-group']);
