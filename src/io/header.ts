/**
 * Finding the header row (below title rows, possibly two rows with merged cells) and mapping its
 * columns to canonical fields by the rubric's headers and the built-in aliases.
 */
import type { FieldType, Source } from '../rubric/schema.js';
import { normalizeFieldSpec } from '../rubric/field-spec.js';
import { BUILTIN_FIELDS, type BuiltinField } from './aliases.js';
import type { RawRow } from './csv.js';
import { cleanIdentifier, columnLetter, normalizeHeader } from '../shared/text.js';
import { stripHeaderUnit } from './normalize.js';
import { cellText, type RawCell } from './values.js';

/** How many rows from the top are searched for the header. */
export const HEADER_SCAN_ROWS = 30;

export interface FieldRule {
  field: string;
  headers: string[];
  type: FieldType;
  dateFormat?: string | undefined;
  required: boolean;
  /** Headers after this index are built-in aliases. */
  ownHeaders: number;
}

export interface ColumnInfo {
  index: number;
  letter: string;
  header: string;
  field?: string;
  alias?: string;
  type?: FieldType;
  sample?: string;
  /** XLSX: the column is hidden in the sheet (`<col hidden="1">`). */
  hidden?: boolean;
}

export interface HeaderMatch {
  /** 1-based row (or CSV line) of the header's first row. */
  headerRow: number;
  /** 1 or 2 (a two-row header with merged group cells). */
  headerRows: number;
  /** Index into the scanned rows of the first data row. */
  dataIndex: number;
  columns: ColumnInfo[];
  /** field → column index */
  mapping: Map<string, number>;
  missingFields: string[];
  score: number;
}

/** The field naming a row's currency (ISO code or Chinese name), read beside the rubric's money fields. */
export const ROW_CURRENCY_FIELD = 'currency';

/**
 * The field rules: the rubric's fields (its headers first, then the built-in aliases of a field of the
 * same name); without rubric fields, every built-in field.
 */
export function fieldRules(
  source: Pick<Source, 'fields'> & Partial<Source> | undefined,
  builtins: Record<string, BuiltinField> = BUILTIN_FIELDS,
  allBuiltins = false,
): FieldRule[] {
  const own = source?.fields ?? {};
  const rules: FieldRule[] = [];
  const names = Object.keys(own).length > 0 ? Object.keys(own) : Object.keys(builtins);
  if (allBuiltins) for (const b of Object.keys(builtins)) if (!names.includes(b)) names.push(b);
  if (Object.keys(own).length > 0 && !names.includes('rep')) names.unshift('rep');
  // A rubric with money fields reads a row's currency column when the export has one (multi-currency
  // CRMs: Salesforce's "Opportunity Currency", 纷享销客's 币种): an amount in another currency is
  // converted by `fx` or refused, never summed as the rubric's currency.
  if (Object.keys(own).length > 0 && !names.includes(ROW_CURRENCY_FIELD) && builtins[ROW_CURRENCY_FIELD] && Object.values(own).some((f) => normalizeFieldSpec(f).type === 'money')) names.push(ROW_CURRENCY_FIELD);
  for (const field of names) {
    const spec = own[field] ? normalizeFieldSpec(own[field]) : undefined;
    const builtin = builtins[field];
    const headers = [...(spec?.headers ?? []), ...(builtin?.headers ?? [])];
    rules.push({
      field,
      headers,
      type: spec?.type ?? builtin?.type ?? 'text',
      dateFormat: spec?.date_format ?? (spec?.type === 'date' || builtin?.type === 'date' ? source?.date_format : undefined),
      required: field === 'rep' || Boolean(spec?.required),
      ownHeaders: spec?.headers.length ?? 0,
    });
  }
  // rep first: it claims its column before any other field can
  rules.sort((a, b) => (a.field === 'rep' ? -1 : b.field === 'rep' ? 1 : 0));
  return rules;
}

function textOf(cell: RawCell | undefined): string {
  return cell && cell.t !== 'f' && cell.t !== 'e' ? cleanIdentifier(cellText(cell)) : '';
}

interface Candidate {
  /** Display header per column. */
  headers: string[];
  /** Normalised names each column answers to, best first. */
  names: string[][];
}

function single(row: RawRow): Candidate {
  const headers = Array.from(row.cells, textOf);
  return { headers, names: headers.map(namesFor) };
}

function namesFor(h: string): string[] {
  if (!h) return [];
  const n = normalizeHeader(h);
  const { base } = stripHeaderUnit(h);
  const b = normalizeHeader(base);
  return b && b !== n ? [n, b] : [n];
}

/** Two rows: the top row's merged (blank) cells take the value to their left; a sub-header wins. */
function double(top: RawRow, sub: RawRow): Candidate {
  const width = Math.max(top.cells.length, sub.cells.length);
  const headers: string[] = [];
  const names: string[][] = [];
  let group = '';
  for (let i = 0; i < width; i++) {
    const t = textOf(top.cells[i]);
    const s = textOf(sub.cells[i]);
    if (t) group = t;
    else if (!s) group = '';
    const g = t || (s ? group : '');
    headers.push(g && s && g !== s ? `${g} / ${s}` : s || g);
    const n = [...namesFor(s), ...(g && s ? namesFor(`${g}${s}`) : []), ...namesFor(g)];
    names.push(n);
  }
  return { headers, names };
}

function looksLikeData(row: RawRow): boolean {
  return row.cells.some((c) => c !== undefined && (c.t === 'n' || c.t === 'd' || c.t === 'b'));
}

/** Each rule's aliases normalised, in the rule's order: once per detection, not once per row scanned. */
function normalizedAliases(rules: FieldRule[]): string[][] {
  return rules.map((rule) => rule.headers.map(normalizeHeader));
}

/** The columns in the order a field looks at them: every visible column, then the hidden ones (XLSX). */
function columnOrder(width: number, hidden: ((col: number) => boolean) | undefined): number[] {
  const all = Array.from({ length: width }, (_, i) => i);
  if (hidden === undefined) return all;
  return [...all.filter((i) => !hidden(i)), ...all.filter((i) => hidden(i))];
}

/** `match` by scanning every column for every alias: its reference (test/unit/io/header-match.test.ts). */
function matchReference(c: Candidate, rules: FieldRule[], normalized: string[][], hidden?: (col: number) => boolean): { mapping: Map<string, number>; aliases: Map<string, string>; score: number } {
  const mapping = new Map<string, number>();
  const aliases = new Map<string, string>();
  const taken = new Set<number>();
  // a header given twice, one copy hidden (an old column hidden beside the new one): the visible one
  const order = columnOrder(c.names.length, hidden);
  let score = 0;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    const ruleNames = normalized[r]!;
    // a rubric header beats a built-in alias; an exact name beats a name without its unit
    outer: for (let pass = 0; pass < 2; pass++) {
      for (let h = 0; h < rule.headers.length; h++) {
        const alias = rule.headers[h]!;
        const a = ruleNames[h]!;
        if (!a) continue;
        for (const col of order) {
          if (taken.has(col)) continue;
          const names = c.names[col]!;
          if (pass === 0 ? names[0] === a : names.includes(a)) {
            mapping.set(rule.field, col);
            aliases.set(rule.field, alias);
            taken.add(col);
            score += rule.field === 'rep' ? 1.5 : 1;
            break outer;
          }
        }
      }
    }
  }
  return { mapping, aliases, score };
}


type Match = ReturnType<typeof matchReference>;

/**
 * The columns answering to each name, in `order`: by a column's first name (an exact header) and by
 * any of its names (also the header without its unit).
 */
function columnsByName(c: Candidate, order: readonly number[]): { exact: Map<string, number[]>; any: Map<string, number[]> } {
  const exact = new Map<string, number[]>();
  const any = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, name: string, col: number) => {
    const cols = m.get(name);
    if (cols === undefined) m.set(name, [col]);
    else if (cols[cols.length - 1] !== col) cols.push(col);
  };
  for (const col of order) {
    const names = c.names[col]!;
    if (names.length === 0) continue;
    add(exact, names[0]!, col);
    for (const n of names) add(any, n, col);
  }
  return { exact, any };
}

/**
 * Each rule takes the first column (in `order`) not yet taken that answers to one of its headers:
 * a rubric header beats a built-in alias, an exact name beats a name without its unit. The same
 * result as `matchReference`, with each alias looked up by name instead of compared with every
 * column: a run scans up to 30 rows (and pairs of rows) against every built-in alias.
 */
function match(c: Candidate, rules: FieldRule[], normalized: string[][], hidden?: (col: number) => boolean): Match {
  const mapping = new Map<string, number>();
  const aliases = new Map<string, string>();
  const taken = new Set<number>();
  // a header given twice, one copy hidden (an old column hidden beside the new one): the visible one
  const byName = columnsByName(c, columnOrder(c.names.length, hidden));
  let score = 0;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    const ruleNames = normalized[r]!;
    outer: for (let pass = 0; pass < 2; pass++) {
      const index = pass === 0 ? byName.exact : byName.any;
      for (let h = 0; h < rule.headers.length; h++) {
        const a = ruleNames[h]!;
        if (!a) continue;
        const cols = index.get(a);
        if (cols === undefined) continue;
        for (const col of cols) {
          if (taken.has(col)) continue;
          mapping.set(rule.field, col);
          aliases.set(rule.field, rule.headers[h]!);
          taken.add(col);
          score += rule.field === 'rep' ? 1.5 : 1;
          break outer;
        }
      }
    }
  }
  return { mapping, aliases, score };
}

function build(row: number, rows: number, dataIndex: number, c: Candidate, rules: FieldRule[], m: Match, hidden?: (col: number) => boolean): HeaderMatch {
  const byCol = new Map<number, string>();
  for (const [f, col] of m.mapping) byCol.set(col, f);
  let width = c.headers.length;
  while (width > 0 && !c.headers[width - 1] && !byCol.has(width - 1)) width--;
  const columns: ColumnInfo[] = [];
  for (let i = 0; i < width; i++) {
    const info: ColumnInfo = { index: i, letter: columnLetter(i), header: c.headers[i] ?? '' };
    if (hidden?.(i)) info.hidden = true;
    const f = byCol.get(i);
    if (f !== undefined) {
      info.field = f;
      const alias = m.aliases.get(f);
      if (alias !== undefined) info.alias = alias;
      const rule = rules.find((r) => r.field === f);
      if (rule) info.type = rule.type;
    }
    columns.push(info);
  }
  return {
    headerRow: row,
    headerRows: rows,
    dataIndex,
    columns,
    mapping: m.mapping,
    missingFields: rules.filter((r) => !m.mapping.has(r.field) && !(r.field === ROW_CURRENCY_FIELD && r.ownHeaders === 0)).map((r) => r.field),
    score: m.score,
  };
}

/**
 * Find the header among the first rows: the row (or pair of rows) whose cells match the most fields;
 * ties go to the earlier row. `headerRow` (1-based) forces the row. Undefined when nothing matches.
 */
export function detectHeader(rows: RawRow[], rules: FieldRule[], headerRow?: number, hidden?: (col: number) => boolean): HeaderMatch | undefined {
  return detect(rows, rules, headerRow, hidden, match);
}

/** `detectHeader` with `matchReference`: what test/unit/io/header-match.test.ts compares it with. */
export function detectHeaderReference(rows: RawRow[], rules: FieldRule[], headerRow?: number, hidden?: (col: number) => boolean): HeaderMatch | undefined {
  return detect(rows, rules, headerRow, hidden, matchReference);
}

function detect(rows: RawRow[], rules: FieldRule[], headerRow: number | undefined, hidden: ((col: number) => boolean) | undefined, match: typeof matchReference): HeaderMatch | undefined {
  let best: HeaderMatch | undefined;
  const normalized = normalizedAliases(rules);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (headerRow !== undefined && r.row !== headerRow) continue;
    const c1 = single(r);
    const m1 = match(c1, rules, normalized, hidden);
    let cand = build(r.row, 1, i + 1, c1, rules, m1, hidden);
    const next = rows[i + 1];
    if (next && next.row === r.row + 1 && !looksLikeData(next) && next.cells.some((x) => textOf(x) !== '')) {
      const c2 = double(r, next);
      const m2 = match(c2, rules, normalized, hidden);
      const m1next = match(single(next), rules, normalized, hidden);
      if (m2.score > m1.score && m2.score > m1next.score) cand = build(r.row, 2, i + 2, c2, rules, m2, hidden);
    }
    if (cand.score > 0 && (!best || cand.score > best.score)) best = cand;
    if (headerRow !== undefined) return cand;
  }
  return best;
}
