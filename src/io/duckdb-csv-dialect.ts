/**
 * A CSV's format as DuckDB's sniffer finds it (`sniff_csv`), passed back to `read_csv` explicitly, so
 * that the query's own binding does not sniff the file a second time (~50–70 CPU-ms on the 1M-row bench
 * CSV, on the path to the query: README Performance, duck16). The sniff itself is what the run read
 * ahead anyway (it replaces each CSV's early `DESCRIBE`, which sniffed it too).
 *
 * `sniff_csv`'s own `Prompt` is not used: it does not escape a quote in a header name. The read is
 * built here from the sniff's fields, every text a SQL literal of its own (`lit`). Where the format
 * cannot be expressed safely — a sniff that failed, no header found, a NUL in a name, a line ending
 * other than the three DuckDB names, a column not read as text — the run reads the file as before
 * (`read_csv(…, header = true, all_varchar = true)`, sniffing, and its `DESCRIBE`). The explicit read
 * gives the same names and values as the sniffing one (test/unit/io/duckdb-csv-dialect.test.ts: quotes,
 * apostrophes, commas, newlines, Chinese and a BOM in the header; quoted fields with newlines; ragged,
 * blank and commented lines; other delimiters and line endings), and a query that fails with it is run
 * again with the sniffing read (duckdb-engine.ts), so a failure reads as it did.
 */

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** How DuckDB reads a CSV when it sniffs it: a header, every column text. */
export function sniffingCsvSource(abs: string): string {
  return `read_csv(${lit(abs)}, header = true, all_varchar = true)`;
}

/** The statement read ahead for a CSV: the sniffer's dialect, one row per column (its name and type). */
export function sniffSql(abs: string): string {
  return `SELECT Delimiter, Quote, Escape, NewLineDelimiter, Comment, SkipRows, HasHeader, UNNEST(Columns, recursive := true) FROM sniff_csv(${lit(abs)}, header = true, all_varchar = true)`;
}

/** The sniff's result as `read` gives it (every value text). */
export interface SniffRows {
  columns: string[];
  rows: (string | null)[][];
}

/** A CSV read with its format given: the columns as DESCRIBE names them, and the `read_csv` that does not sniff. */
export interface ExplicitCsv {
  described: { name: string; type: string }[];
  source: string;
}

// sniff_csv's text for an option it left unset
const EMPTY = '(empty)';
// the line endings as sniff_csv writes them (backslash escapes, as `new_line` takes them)
const NEW_LINES = new Set(['\\n', '\\r', '\\r\\n']);

/** `read_csv` with the sniffed format given (no sniff at binding), or undefined where it cannot be expressed safely. */
export function explicitCsv(abs: string, sniff: SniffRows): ExplicitCsv | undefined {
  const at = (name: string): number => sniff.columns.indexOf(name);
  const [delim, quote, escape, newLine, comment, skip, header, name, type] = ['Delimiter', 'Quote', 'Escape', 'NewLineDelimiter', 'Comment', 'SkipRows', 'HasHeader', 'name', 'type'].map(at);
  if ([delim, quote, escape, newLine, comment, skip, header, name, type].some((i) => i === undefined || i < 0) || sniff.rows.length === 0) return undefined;
  const first = sniff.rows[0]!;
  const opt = (i: number): string | undefined => {
    const v = first[i!];
    return v === null || v === undefined ? undefined : v === EMPTY ? '' : v;
  };
  const d = opt(delim!);
  const q = opt(quote!);
  const e = opt(escape!);
  const nl = first[newLine!];
  const c = opt(comment!);
  const s = first[skip!];
  if (d === undefined || d === '' || q === undefined || e === undefined || c === undefined) return undefined;
  if (nl === null || nl === undefined || !NEW_LINES.has(nl)) return undefined;
  if (s === null || s === undefined || !/^\d+$/.test(s)) return undefined;
  const described: { name: string; type: string }[] = [];
  for (const r of sniff.rows) {
    // one dialect for the file: every row of the sniff repeats it
    if ([delim, quote, escape, newLine, comment, skip, header].some((i) => r[i!] !== first[i!])) return undefined;
    if (r[header!] !== 'true' || r[type!] !== 'VARCHAR') return undefined;
    const n = r[name!];
    if (n === null || n === undefined) return undefined;
    described.push({ name: n, type: 'VARCHAR' });
  }
  if ([d, q, e, c, ...described.map((x) => x.name)].some((t) => t.includes('\0'))) return undefined;
  const columns = described.map((x) => `${lit(x.name)}: 'VARCHAR'`).join(', ');
  const source = `read_csv(${lit(abs)}, auto_detect = false, header = true, all_varchar = true, delim = ${lit(d)}, quote = ${lit(q)}, escape = ${lit(e)}, new_line = ${lit(nl)}, skip = ${s}, comment = ${lit(c)}, columns = {${columns}})`;
  return { described, source };
}
