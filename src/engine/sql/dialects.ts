/**
 * What differs between the SQL engines salesgrade compiles to: quoting, literals, types, the regular
 * expression test, date parts and ISO weeks. Everything else the compiler writes is common SQL
 * (CASE, COALESCE, GROUPING SETS, GROUPING(), ROW_NUMBER(), UNION ALL) that all five run.
 */

import { CLEANED_RANGES } from '../../shared/text.js';

export const DIALECTS = ['duckdb', 'spark', 'postgres', 'bigquery', 'snowflake'] as const;
export type DialectName = (typeof DIALECTS)[number];

export interface Dialect {
  name: DialectName;
  /** A quoted identifier (column or alias). */
  ident(name: string): string;
  /** A string literal. */
  str(s: string): string;
  text: string;
  int: string;
  decimal(scale: number): string;
  /** True when `e` (text) matches the regular expression `re` as a whole (anchors included in `re`). */
  matches(e: string, re: string, caseInsensitive?: boolean): string;
  /** `YYYY-MM-DD` text of a DATE. */
  isoDate(d: string): string;
  /** ISO week-numbering year and ISO week of a DATE, as integers. */
  isoYear(d: string): string;
  isoWeek(d: string): string;
  /** Binary (code point) order for `<`/`>` between texts, where the engine's default may be a locale collation. */
  binary(e: string): string;
  /** An inline table of text rows with the given column names. */
  inlineTable(columns: string[], rows: (string | null)[][]): string;
  /**
   * Text cleaned as the reader cleans it (shared/text.ts `cleanIdentifier`): invisible characters
   * removed, every kind of space turned into one ASCII space, runs collapsed, trimmed.
   */
  clean(e: string): string;
}

const hex = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
/** A regular-expression character class of the ranges, each code point written by `esc`. */
function charClass(kind: 'space' | 'invisible', esc: (n: number) => string, skip: (n: number) => boolean = () => false): string {
  const parts: string[] = [];
  for (const [lo, hi, k] of CLEANED_RANGES) {
    if (k !== kind) continue;
    let a = lo;
    while (a <= hi && skip(a)) a++;
    if (a > hi) continue;
    parts.push(a === hi ? esc(a) : `${esc(a)}-${esc(hi)}`);
  }
  return `[${parts.join('')}]`;
}
/** RE2 (DuckDB, BigQuery) and Java (Spark) write a code point as \x{HHHH}. */
const braceEsc = (n: number): string => `\\x{${hex(n)}}`;
const RE2_INVISIBLE = charClass('invisible', braceEsc);
const RE2_SPACES = `${charClass('space', braceEsc)}+`;

const dq = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const bq = (name: string): string => '`' + name.replace(/`/g, '``') + '`';
/** Standard SQL: only the quote doubles. */
const stdStr = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** Engines that read backslash escapes in string literals (Spark, BigQuery): escape both. */
const backslashStr = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function valuesTable(d: Pick<Dialect, 'str' | 'text' | 'ident'>, columns: string[], rows: (string | null)[][]): string {
  const lit = (v: string | null): string => (v === null ? `CAST(NULL AS ${d.text})` : d.str(v));
  if (rows.length === 0) {
    // An empty roster: one row of NULLs filtered out, so the columns still have their types.
    return `(SELECT ${columns.map((c) => `CAST(NULL AS ${d.text}) AS ${d.ident(c)}`).join(', ')}) AS sg_empty WHERE 1 = 0`;
  }
  return `(VALUES ${rows.map((r) => `(${r.map(lit).join(', ')})`).join(',\n    ')}) AS sg_values(${columns.map((c) => d.ident(c)).join(', ')})`;
}

const duckdb: Dialect = {
  name: 'duckdb',
  ident: dq,
  str: stdStr,
  text: 'VARCHAR',
  int: 'INTEGER',
  decimal: (s) => `DECIMAL(38, ${s})`,
  matches: (e, re, ci) => `regexp_full_match(${e}, ${stdStr(re)}${ci ? ", 'i'" : ''})`,
  isoDate: (d) => `strftime(${d}, '%Y-%m-%d')`,
  isoYear: (d) => `CAST(isoyear(${d}) AS INTEGER)`,
  isoWeek: (d) => `CAST(weekofyear(${d}) AS INTEGER)`,
  binary: (e) => e,
  inlineTable(columns, rows) {
    return valuesTable(this, columns, rows);
  },
  // Fast path (most values): printable ASCII (as many bytes as characters, no control character)
  // without a leading, trailing or doubled space is already clean; only other values take the two
  // Unicode-class replacements (they cost ~4× a scan on 1M rows).
  clean: (e) =>
    `CASE WHEN strlen(${e}) = length(${e}) AND NOT regexp_matches(${e}, '[\\x00-\\x1F\\x7F]|  |^ | $') THEN ${e} ` +
    `ELSE TRIM(regexp_replace(regexp_replace(${e}, ${stdStr(RE2_INVISIBLE)}, '', 'g'), ${stdStr(RE2_SPACES)}, ' ', 'g')) END`,
};

const spark: Dialect = {
  name: 'spark',
  ident: bq,
  str: backslashStr,
  text: 'STRING',
  int: 'INT',
  decimal: (s) => `DECIMAL(38, ${s})`,
  // RLIKE finds a match anywhere: the pattern carries its anchors.
  matches: (e, re, ci) => `(${e} RLIKE ${backslashStr((ci ? '(?i)' : '') + re)})`,
  isoDate: (d) => `date_format(${d}, 'yyyy-MM-dd')`,
  isoYear: (d) => `CAST(EXTRACT(YEAROFWEEK FROM ${d}) AS INT)`,
  isoWeek: (d) => `CAST(EXTRACT(WEEK FROM ${d}) AS INT)`,
  binary: (e) => e,
  inlineTable(columns, rows) {
    return valuesTable(this, columns, rows);
  },
  clean: (e) => `TRIM(regexp_replace(regexp_replace(${e}, ${backslashStr(RE2_INVISIBLE)}, ''), ${backslashStr(RE2_SPACES)}, ' '))`,
};

const postgres: Dialect = {
  name: 'postgres',
  ident: dq,
  str: stdStr,
  text: 'TEXT',
  int: 'INTEGER',
  decimal: (s) => `NUMERIC(38, ${s})`,
  matches: (e, re, ci) => `(${e} ${ci ? '~*' : '~'} ${stdStr(re)})`,
  isoDate: (d) => `to_char(${d}, 'YYYY-MM-DD')`,
  isoYear: (d) => `CAST(EXTRACT(ISOYEAR FROM ${d}) AS INTEGER)`,
  isoWeek: (d) => `CAST(EXTRACT(WEEK FROM ${d}) AS INTEGER)`,
  binary: (e) => `(${e}) COLLATE "C"`,
  inlineTable(columns, rows) {
    return valuesTable(this, columns, rows);
  },
  // Postgres text cannot hold NUL; its ARE writes a code point as \uHHHH.
  clean: (e) =>
    `TRIM(regexp_replace(regexp_replace(${e}, ${stdStr(charClass('invisible', (n) => `\\u${hex(n)}`, (n) => n === 0))}, '', 'g'), ${stdStr(`${charClass('space', (n) => `\\u${hex(n)}`)}+`)}, ' ', 'g'))`,
};

const bigquery: Dialect = {
  name: 'bigquery',
  ident: bq,
  str: backslashStr,
  text: 'STRING',
  int: 'INT64',
  // NUMERIC keeps at most 9 decimals and 29 integer digits; BIGNUMERIC(38, s) is the DECIMAL(38, s).
  decimal: (s) => `BIGNUMERIC(38, ${s})`,
  matches: (e, re, ci) => `REGEXP_CONTAINS(${e}, ${backslashStr((ci ? '(?i)' : '') + re)})`,
  isoDate: (d) => `FORMAT_DATE('%Y-%m-%d', ${d})`,
  isoYear: (d) => `EXTRACT(ISOYEAR FROM ${d})`,
  isoWeek: (d) => `EXTRACT(ISOWEEK FROM ${d})`,
  binary: (e) => e,
  inlineTable(columns, rows) {
    // No VALUES in BigQuery's FROM: an array of structs.
    if (rows.length === 0) return valuesTable(this, columns, rows);
    const lit = (v: string | null): string => (v === null ? 'CAST(NULL AS STRING)' : backslashStr(v));
    const structs = rows.map((r) => `STRUCT(${r.map((v, i) => `${lit(v)} AS ${bq(columns[i]!)}`).join(', ')})`);
    return `UNNEST([\n    ${structs.join(',\n    ')}]) AS sg_values`;
  },
  clean: (e) => `TRIM(REGEXP_REPLACE(REGEXP_REPLACE(${e}, ${backslashStr(RE2_INVISIBLE)}, ''), ${backslashStr(RE2_SPACES)}, ' '))`,
};

const snowflake: Dialect = {
  name: 'snowflake',
  ident: dq,
  // Snowflake reads backslash escapes in single-quoted strings too.
  str: (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`,
  text: 'VARCHAR',
  int: 'INTEGER',
  decimal: (s) => `NUMBER(38, ${s})`,
  matches: (e, re, ci) => `REGEXP_LIKE(${e}, '${re.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${ci ? ", 'i'" : ''})`,
  isoDate: (d) => `TO_CHAR(${d}, 'YYYY-MM-DD')`,
  isoYear: (d) => `YEAROFWEEKISO(${d})`,
  isoWeek: (d) => `WEEKISO(${d})`,
  binary: (e) => `COLLATE(${e}, '')`,
  inlineTable(columns, rows) {
    return valuesTable(this, columns, rows);
  },
  // The string literal's own \uHHHH escapes put the characters in the pattern (no NUL).
  clean: (e) =>
    `TRIM(REGEXP_REPLACE(REGEXP_REPLACE(${e}, '${charClass('invisible', (n) => `\\u${hex(n)}`, (n) => n === 0)}', ''), '${charClass('space', (n) => `\\u${hex(n)}`)}+', ' '))`,
};

export const dialects: Record<DialectName, Dialect> = { duckdb, spark, postgres, bigquery, snowflake };
