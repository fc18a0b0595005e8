/**
 * Which table of an HTML file saved as .xls to read, chosen as an XLSX's sheet is: the first table whose
 * header is good (what the reader needs), else the best header found, else the first table. One
 * function for exports (open-source.ts) and for the small tables (rosters, targets, calendars, quota
 * files: table.ts), so a cover table is passed over and a second matching table is said alike.
 */
import type { FindingData } from '../shared/diagnostic.js';
import type { FindingCode } from '../shared/finding-codes.js';
import type { RawRow } from './csv.js';
import type { FindingAt } from './findings.js';
import { detectHeader, HEADER_SCAN_ROWS, type FieldRule, type HeaderMatch } from './header.js';
import { htmlHiddenColumn, type HtmlDocument, type NumberedHtmlTable } from './html.js';

/** A finding about the choice made, as an export's `Opened['notes']` holds one. */
export interface ChoiceNote {
  code: FindingCode;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Where (an XLSX small table's note: the sheet read). */
  at?: FindingAt;
  data?: FindingData;
}

export interface HtmlChoice {
  table: NumberedHtmlTable;
  match: HeaderMatch | undefined;
  /** `sheet-ambiguous`: later tables whose header is good too (their rows are not read). */
  ambiguous?: ChoiceNote;
}

/** What the tables are read for, in the `sheet-ambiguous` message: graded export rows, or a small table's. */
export type ChoiceUse = 'export' | 'small-table';

/** An export's header is good with rep and enough fields (as `firstGoodSheet` takes a sheet). */
export function exportHeaderGood(rules: readonly FieldRule[]): (m: HeaderMatch) => boolean {
  return (m) => m.mapping.has('rep') && (m.score >= 2.5 || rules.length === 1);
}

/**
 * The HTML table to read: the first table whose header is `good`, else the best header found, else the
 * first table (the reader's "no header" error). A title or cover table before the data is so passed
 * over; a later table with a good header too is an error (`sheet-ambiguous`, naming the tables and their
 * rows): its rows are not read. `label` names a field in the message (undefined: not named).
 */
export function chooseHtmlTable(
  tables: readonly NumberedHtmlTable[],
  rules: FieldRule[],
  headerRow: number | undefined,
  good: (m: HeaderMatch) => boolean,
  use: ChoiceUse = 'export',
  label: (field: string) => string | undefined = (f) => f,
): HtmlChoice {
  // source.header_row is a row number in document order, as every HTML row number is
  const c = chooseByHeader(
    tables.map((t) => ({ item: t, head: t.rows.slice(0, HEADER_SCAN_ROWS + 1), hidden: htmlHiddenColumn(t, []) })),
    rules,
    headerRow,
    good,
  );
  if (c.chosen) {
    const chosen = { table: c.chosen.item, match: c.chosen.match };
    return c.alsoGood.length > 0 ? { ...chosen, ambiguous: tableAmbiguous(chosen, c.alsoGood, use, label) } : chosen;
  }
  return c.fallback ? { table: c.fallback.item, match: c.fallback.match } : { table: tables[0]!, match: undefined };
}

/** A table or sheet to choose among, with its first rows (the header is looked for in them). */
export interface HeaderCandidate<T> {
  item: T;
  head: RawRow[];
  hidden?: ((col: number) => boolean) | undefined;
}

/**
 * The one choice behind HTML tables and a small table's XLSX sheets: the first candidate whose header is
 * `good`, the later ones whose header is good too (`alsoGood`: their rows are not read), and when none
 * is good the best header found (`fallback`, the reader's missing-column error names it).
 */
export function chooseByHeader<T>(
  candidates: readonly HeaderCandidate<T>[],
  rules: FieldRule[],
  headerRow: number | undefined,
  good: (m: HeaderMatch) => boolean,
): { chosen?: { item: T; match: HeaderMatch }; fallback?: { item: T; match: HeaderMatch }; alsoGood: T[] } {
  let chosen: { item: T; match: HeaderMatch } | undefined;
  let fallback: { item: T; match: HeaderMatch } | undefined;
  const alsoGood: T[] = [];
  for (const c of candidates) {
    const match = detectHeader(c.head, rules, headerRow, c.hidden);
    const ok = match !== undefined && good(match);
    if (chosen) {
      if (ok) alsoGood.push(c.item);
    } else if (ok) chosen = { item: c.item, match };
    else if (match && (!fallback || match.score > fallback.match.score)) fallback = { item: c.item, match };
  }
  return { ...(chosen ? { chosen } : fallback ? { fallback } : {}), alsoGood };
}

/** The fields a header has, as a message names them: its key (rep, else the first named) and the others. */
function namedFields(match: HeaderMatch, label: (field: string) => string | undefined): { key: string; fields: string[]; listed: string } {
  const named = [...match.mapping.keys()].flatMap((f) => {
    const l = label(f);
    return l === undefined ? [] : [l];
  });
  // rep when the header has it (an export's always does), else the first field named (a team's target, a date)
  const key = named.includes('rep') ? 'rep' : (named[0] ?? 'rep');
  const fields = named.filter((f) => f !== key);
  return { key, fields, listed: `${fields.slice(0, 4).join(', ')}${fields.length > 4 ? ', …' : ''}` };
}

/**
 * An error (a small table's XLSX: roster, targets, calendar, quota file): a later visible sheet has a
 * good header too, so its rows are not used. Worded as an export's `sheet-ambiguous` (open-source.ts).
 */
export function smallSheetAmbiguous(sheet: string, match: HeaderMatch, alsoGood: string[], label: (field: string) => string | undefined = (f) => f): ChoiceNote {
  const { key, fields, listed } = namedFields(match, label);
  const one = alsoGood.length === 1;
  const others = alsoGood.map((n) => `"${n}"`).join(', ');
  return {
    code: 'sheet-ambiguous',
    severity: 'error',
    message:
      `read sheet "${sheet}", the first visible sheet whose header has ${key} and ${fields.length} more field${fields.length === 1 ? '' : 's'} (${listed}); ` +
      `${others} ${one ? 'has' : 'have'} a matching header too and ${one ? 'is' : 'are'} not read, so ${one ? 'its' : 'their'} rows are not used (name the sheet to read in the file's sheet setting, or keep one sheet in the workbook, or merge the sheets into one)`,
    at: { sheet },
    data: { sheet, fields: listed, more: fields.length, others, ...(key !== 'rep' ? { key } : {}), use: 'small-table' },
  };
}

function tableName(t: NumberedHtmlTable): string {
  return `table ${t.ordinal} (${t.rows.length} row${t.rows.length === 1 ? '' : 's'})`;
}

/** An error: the rows of the other tables whose header matches are not read. */
function tableAmbiguous(chosen: { table: NumberedHtmlTable; match: HeaderMatch }, alsoGood: NumberedHtmlTable[], use: ChoiceUse, label: (field: string) => string | undefined): ChoiceNote {
  const { key, fields, listed } = namedFields(chosen.match, label);
  const others = alsoGood.map((t) => tableName(t)).join(', ');
  const one = alsoGood.length === 1;
  const outcome =
    use === 'export'
      ? `so ${one ? 'its' : 'their'} rows are not graded (save each table as its own file and give them all, or remove the tables not to grade)`
      : `so ${one ? 'its' : 'their'} rows are not used (keep one table in the file, or merge the tables into one)`;
  return {
    code: 'sheet-ambiguous',
    severity: 'error',
    message:
      `read HTML ${tableName(chosen.table)}, the first table whose header has ${key} and ${fields.length} more field${fields.length === 1 ? '' : 's'} (${listed}); ` +
      `${others} ${one ? 'has' : 'have'} a matching header too and ${one ? 'is' : 'are'} not read, ${outcome}`,
    data: {
      table: chosen.table.ordinal,
      tableRows: chosen.table.rows.length,
      fields: listed,
      more: fields.length,
      otherTables: alsoGood.map((t) => `${t.ordinal}:${t.rows.length}`).join(','),
      ...(key !== 'rep' ? { key } : {}),
      ...(use !== 'export' ? { use } : {}),
    },
  };
}

/**
 * A warning (an error under `--strict`): the document's `<style>` sheets hide elements with selectors
 * not interpreted (html-style.ts), so rows or columns they hide are read without `hidden-rows` /
 * `hidden-column`.
 */
export function styleNotes(doc: Pick<HtmlDocument, 'unreadStyles'>): ChoiceNote[] {
  const u = doc.unreadStyles;
  if (u.length === 0) return [];
  const shown = u.slice(0, 3).map((x) => JSON.stringify(x.length > 60 ? `${x.slice(0, 59)}…` : x));
  const selectors = `${shown.join(', ')}${u.length > 3 ? `, … (${u.length} in all)` : ''}`;
  return [
    {
      code: 'html-hidden-unknown',
      severity: 'warning',
      message: `the HTML file's <style> hides elements with ${u.length === 1 ? 'a selector' : 'selectors'} salesgrade does not interpret (${selectors}): rows or columns ${u.length === 1 ? 'it hides' : 'they hide'} are read like every row and column, without a hidden-rows or hidden-column finding (open the file in Excel to check what is hidden, or save it as .xlsx)`,
      data: { selectors, count: u.length },
    },
  ];
}
