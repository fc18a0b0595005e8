/**
 * What differs between the SQL engines salesgrade compiles to: quoting, literals, types, the regular
 * expression test, date parts and ISO weeks. Everything else the compiler writes is common SQL
 * (CASE, COALESCE, GROUPING SETS, GROUPING(), ROW_NUMBER(), UNION ALL) that all five run.
 */

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
}

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
};

export const dialects: Record<DialectName, Dialect> = { duckdb, spark, postgres, bigquery, snowflake };
