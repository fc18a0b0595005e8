/**
 * The SQL MetricTable's shape (docs/sql.md), shared by the reader of a MetricTable file (io/) and its
 * conversion to the scoring table (engine/sql/to-table.ts): the levels, the columns' names, a row as text.
 */
export type SqlLevel = 'rep' | 'team' | 'region' | 'company' | 'no-rep' | 'no-date';
export const SQL_LEVELS: readonly SqlLevel[] = ['rep', 'team', 'region', 'company', 'no-rep', 'no-date'];

export type MetricPart = 'rows' | 'sum' | 'min' | 'max' | 'distinct';

/** The column of one part of a metric: `revenue__sum`. */
export function partColumn(metric: string, part: MetricPart): string {
  return `${metric}__${part}`;
}

/** A metric part's column name split, or null for another column. */
export function parsePartColumn(name: string): { metric: string; part: MetricPart } | null {
  const m = /^(.+)__(rows|sum|min|max|distinct)$/.exec(name);
  return m ? { metric: m[1]!, part: m[2] as MetricPart } : null;
}

/**
 * The level of the extra rows `--engine duckdb`'s query adds to count the source rows (compile.ts
 * `sourceRows`): not a MetricTable level, the engine takes them out before the table is read.
 */
export const SOURCE_ROWS_LEVEL = 'sg_source_rows';

/** Where a cell or column is: the file and its line (a CSV line, a Parquet row), the 1-based column. */
export interface SqlTableAt {
  file: string;
  line: number;
  column?: number;
}

/** One row as read: level checked; every number column checked to be a plain number (text kept exact). */
export interface SqlTableRow {
  at: SqlTableAt;
  level: SqlLevel;
  /** column name → trimmed text, null when empty. */
  cells: ReadonlyMap<string, string | null>;
}

export interface SqlTableFile {
  /** Column name → its place in the header. */
  columns: ReadonlyMap<string, SqlTableAt>;
  rows: SqlTableRow[];
}
