/**
 * `--engine duckdb`: the rubric's compiled query (engine/sql/compile.ts, dialect duckdb) run in
 * embedded DuckDB straight over the export files (CSV or Parquet), its result checked like a
 * MetricTable file (metric-table-file.ts). `@duckdb/node-api` is an optional dependency, imported only
 * here and only when asked for: without it the run stops with one line saying how to install it.
 *
 * The files are put behind one view, `sg_input` (the statement's own CTE), whose columns are named as
 * the query reads them (each field's `column:`, else its first header), found in each file by any of
 * the field's headers: text as VARCHAR, dates CAST to DATE, numbers written as text to DECIMAL(18,
 * scale) (a CSV is read as text first; typed Parquet columns are read as they are). A value that is not a clean date or number,
 * or has more decimals than the query's scale, stops the run with DuckDB's reason: this path reads clean,
 * typed exports; the messy-export findings are the default engine's.
 */
import { SalesgradeError, templatedError } from '../shared/errors.js';
import { normalizeHeader } from '../shared/text.js';
import type { Source } from '../rubric/schema.js';
import { normalizeFieldSpec } from '../rubric/field-spec.js';
import { SOURCE_ROWS_LEVEL } from '../shared/sql-metric-table.js';
import { unreadableFile } from './detect.js';
import { assertUnchanged, statOf } from './file-identity.js';
import { fieldRules } from './header.js';
import { metricTableFromRows, type MetricTableRows } from './metric-table-file.js';
import { describeSql, duckDbSource, inspectSql, isParquet, startDuckDb, type DuckDbSession } from './duckdb-session.js';
import { explicitCsv } from './duckdb-csv-dialect.js';

export interface DuckDbInputFile {
  abs: string;
  /** The file as messages name it. */
  shown: string;
}

/** One source field as the query reads it. */
interface DuckDbField {
  name: string;
  /** The column the query reads (the field's `column:`, else its first header). */
  column: string;
  /** Headers that name it in an export, in order (the rubric's, then the built-in aliases). */
  headers: string[];
  kind: 'text' | 'date' | 'number';
  /** Needed by a metric (or the rep): a file without it is refused. */
  required: boolean;
}

/** The rubric's source fields as the compiled query reads them (compile.ts: `column ?? headers[0]`). */
function queryFields(source: Source, needed: ReadonlySet<string>): DuckDbField[] {
  const rules = new Map(fieldRules(source).map((r) => [r.field, r]));
  return Object.entries(source.fields).map(([name, raw]) => {
    const spec = normalizeFieldSpec(raw);
    const column = Array.isArray(raw) ? undefined : raw.column;
    const kind = spec.type === 'text' ? 'text' : spec.type === 'date' ? 'date' : 'number';
    return { name, column: column ?? spec.headers[0]!, headers: rules.get(name)?.headers ?? spec.headers, kind, required: name === 'rep' || needed.has(name) };
  });
}

export interface DuckDbRun extends MetricTableRows {
  /** Rows of each input file, in order (counted by the query itself: its `sourceRows` rows). */
  fileRows: number[];
  /** The sha256 of each input file, in order (hashed in DuckDB's thread once the query has run). */
  sha256: string[];
  /** Blank rows (every cell empty; counted among the query's no-rep rows), over all files. */
  blankRows: number;
}

/**
 * The view's column with the index of the file a row comes from, when there are several files: the
 * query's `sourceRows: { fileColumn }` (engine/sql/compile.ts) counts the rows per file by it.
 */
export const DUCKDB_FILE_COLUMN = 'sg_input_file';

/**
 * The view's column telling a blank row (every cell of the file's row empty or spaces: Excel's `,,,,`),
 * which the default engine excludes as `blank`, not `no-rep`: the query's `sourceRows: { blankColumn }`
 * counts them. Only looked at when the rep cell is empty.
 */
export const DUCKDB_BLANK_COLUMN = 'sg_input_blank';

export { duckDbMemoryLimitMb } from './duckdb-session.js';

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/**
 * The query with every column of its result CAST to VARCHAR by DuckDB (and in the query's order: its
 * first five columns, level … region, are text, so sorting the text sorts alike). The MetricTable is
 * read as text (metric-table-file.ts); DuckDB writes each DECIMAL, HUGEINT and BIGINT as the text
 * `getRowsJson()` gave, ~10× cheaper than that conversion's value objects in JS (2,109 rows × 19
 * columns: ~65 → ~8 ms).
 *
 * `sg_input` (the files' SELECT) is the statement's own CTE, inlined where the query reads it as a view
 * would be (NOT MATERIALIZED), not a view created first: DuckDB binds a CSV source by sniffing the file,
 * and `CREATE VIEW` did that once more, in a statement of its own on the path to the query (~80–115
 * CPU-ms on the 1M-row bench CSV; the query's own binding sniffs it as before).
 */
function asText(sql: string, input: string): string {
  return `WITH sg_input AS NOT MATERIALIZED (\n${input}\n)\nSELECT CAST(COLUMNS(*) AS VARCHAR) FROM (\n${sql.replace(/;\s*$/, '')}\n)\nORDER BY 1, 2, 3, 4, 5`;
}

/** DuckDB's message, first line, without its "Conversion Error: " prefix noise kept short. */
function duckReason(e: unknown): string {
  return String((e as Error).message ?? e).split('\n')[0]!.slice(0, 300);
}

/** A run whose files are still being hashed: the checked MetricTable and row counts, and `verified`. */
export interface DuckDbEarlyRun extends MetricTableRows {
  fileRows: number[];
  blankRows: number;
  /**
   * The sha256 of each input file, in order, once each is hashed (in DuckDB's thread, after the query)
   * and found unchanged since before DuckDB read it; rejects with `input-changed` or the read's error.
   * Never rejects unhandled: a caller that stops before awaiting it loses nothing.
   */
  verified: Promise<string[]>;
}

/** What a caller of `startDuckDbMetricQuery` / `runDuckDbMetricQuery` may add to the query's run. */
export interface DuckDbQueryOptions {
  /** Tests: called once DuckDB has run the query, before the files are checked (a file changed during the run). */
  afterQuery?: () => Promise<void> | void;
  /**
   * DuckDB opened ahead of the run (`startDuckDb`, claimed by the caller): closed once the result is
   * read and the files hashed, in its own thread while the caller grades (the caller awaits `close()`
   * before it ends). Default: opened now, and closed before the call returns.
   */
  session?: DuckDbSession;
  /** Called once the query is sent: what the caller needs after it (its renderer's modules) is loaded while DuckDB works. */
  querySent?: () => void;
}

/**
 * `runDuckDbMetricQuery` returning as soon as the result is checked, with the files' hashes still to
 * come (`verified`): the caller converts the table while DuckDB's thread hashes them, then awaits
 * `verified` before anything is graded or reported. A session given is closed once they are hashed.
 */
export async function startDuckDbMetricQuery(
  files: DuckDbInputFile[],
  source: Source,
  needed: ReadonlySet<string>,
  sql: string,
  scale: number,
  shown: string,
  { afterQuery, session, querySent }: DuckDbQueryOptions = {},
): Promise<DuckDbEarlyRun> {
  const c = session ?? startDuckDb();
  let run: DuckDbEarlyRun;
  try {
    run = await runQuery(files, source, needed, sql, scale, shown, afterQuery, c, querySent);
  } catch (e) {
    const closed = c.close();
    if (session) closed.catch(() => undefined);
    else await closed;
    throw e;
  }
  // (closed after the hashes: the worker takes its requests in order, and the hashes are DuckDB's thread's)
  const closed = run.verified.then(
    () => c.close(),
    () => c.close(),
  );
  if (session) closed.catch(() => undefined);
  else await closed;
  return run;
}

/**
 * Run `sql` (which reads the view `sg_input`, and was compiled with `sourceRows`: with
 * `fileColumn: DUCKDB_FILE_COLUMN` when there are several files) over `files` and return its rows as a
 * checked MetricTable (`shown` names the result in messages), with each file's row count and sha256.
 * The files are hashed in DuckDB's thread once the query has run (while its rows are checked here), and
 * must be unchanged at the end.
 */
export async function runDuckDbMetricQuery(
  files: DuckDbInputFile[],
  source: Source,
  needed: ReadonlySet<string>,
  sql: string,
  scale: number,
  shown: string,
  options: DuckDbQueryOptions = {},
): Promise<DuckDbRun> {
  const { verified, ...run } = await startDuckDbMetricQuery(files, source, needed, sql, scale, shown, options);
  return { ...run, sha256: await verified };
}

async function runQuery(
  files: DuckDbInputFile[],
  source: Source,
  needed: ReadonlySet<string>,
  sql: string,
  scale: number,
  shown: string,
  afterQuery: (() => Promise<void> | void) | undefined,
  c: DuckDbSession,
  querySent?: () => void,
): Promise<DuckDbEarlyRun> {
  // (taken before an early DESCRIBE of the file, when there was one: see DuckDbSession.statBefore)
  const before = await Promise.all(files.map((f) => c.statBefore(f.abs) ?? statOf(f.abs)));
  await c.ready();
  const fields = queryFields(source, needed);
  // Each file's SELECT list; FROM the CSV's read with its sniffed format given, or as DuckDB sniffs it.
  const selects: string[] = [];
  const explicitSources: string[] = [];
  const sniffingSources: string[] = [];
  for (const [i, f] of files.entries()) {
    const parquet = await isParquet(f.abs, f.shown);
    const sniffing = duckDbSource(f.abs, parquet);
    // A CSV sniffed ahead (`inspectSql`): its format passed to the query's read_csv, when it can be.
    let explicit: ReturnType<typeof explicitCsv>;
    if (!parquet) {
      const { sql: inspect, oneThread } = inspectSql(f.abs, false);
      explicit = await c.read(inspect, { oneThread }).then(
        (r) => explicitCsv(f.abs, r),
        () => undefined,
      );
    }
    let described: { name: string; type: string }[];
    if (explicit) described = explicit.described;
    else
      try {
        const r = await c.read(describeSql(f.abs, parquet));
        const [name, type] = [r.columns.indexOf('column_name'), r.columns.indexOf('column_type')];
        described = r.rows.map((x) => ({ name: x[name]!, type: x[type]! }));
      } catch (e) {
        throw templatedError('input-format', 'duckdb-unreadable', { format: parquet ? 'Parquet' : 'CSV', reason: duckReason(e) }, { location: { file: f.shown } });
      }
    explicitSources.push(explicit?.source ?? sniffing);
    sniffingSources.push(sniffing);
    const byNorm = new Map<string, { name: string; type: string }>();
    for (const d of described) if (!byNorm.has(normalizeHeader(d.name))) byNorm.set(normalizeHeader(d.name), d);
    const cols: string[] = [];
    const missing: DuckDbField[] = [];
    let repCell = 'NULL';
    for (const field of fields) {
      const found = [field.column, ...field.headers].map((h) => described.find((d) => d.name === h) ?? byNorm.get(normalizeHeader(h))).find((d) => d !== undefined);
      const type = field.kind === 'text' ? 'VARCHAR' : field.kind === 'date' ? 'DATE' : `DECIMAL(18, ${scale})`;
      if (!found) {
        if (field.required) missing.push(field);
        cols.push(`CAST(NULL AS ${type}) AS ${ident(field.column)}`);
        continue;
      }
      const text = /^VARCHAR/i.test(found.type);
      const col = ident(found.name);
      if (field.name === 'rep') repCell = `CAST(${col} AS VARCHAR)`;
      if (field.kind === 'text') cols.push(`${text ? col : `CAST(${col} AS VARCHAR)`} AS ${ident(field.column)}`);
      else if (text && field.kind === 'number') {
        // Text → DECIMAL(18, scale) (DuckDB parses a wider DECIMAL ~10× slower): a value with more
        // decimals than the query keeps, or an exponent, stops the run instead of being rounded.
        const t = `TRIM(${col})`;
        const why = `${field.column}: a value with more than ${scale} decimals or an exponent (--engine duckdb sums money and numbers as DECIMAL(38, ${scale}); the default engine keeps every decimal): `;
        cols.push(`CASE WHEN length(rtrim(split_part(${t}, '.', 2), '0')) > ${scale} OR strpos(lower(${t}), 'e') > 0 THEN error(${lit(why)} || ${t}) ELSE CAST(NULLIF(${t}, '') AS ${type}) END AS ${ident(field.column)}`);
      } else if (text) cols.push(`CAST(NULLIF(TRIM(${col}), '') AS ${type}) AS ${ident(field.column)}`);
      // A typed number column is read as it is (a DOUBLE is CAST to the query's DECIMAL scale there).
      else if (field.kind === 'number') cols.push(`${col} AS ${ident(field.column)}`);
      else cols.push(`CAST(${col} AS DATE) AS ${ident(field.column)}`);
    }
    if (missing.length) {
      const first = missing[0]!;
      throw new SalesgradeError('field-missing', `no column for field "${first.name}" (tried: ${[...new Set([first.column, ...first.headers])].join(', ')})${missing.length > 1 ? `; also missing: ${missing.slice(1).map((m) => m.name).join(', ')}` : ''}`, {
        location: { file: f.shown },
        hint: `its columns: ${described.slice(0, 12).map((d) => d.name).join(', ')}${described.length > 12 ? ', …' : ''}`,
      });
    }
    if (files.length > 1) cols.push(`${i} AS ${ident(DUCKDB_FILE_COLUMN)}`);
    const anyCell = described.map((d) => `NULLIF(TRIM(CAST(${ident(d.name)} AS VARCHAR)), '')`);
    cols.push(`CASE WHEN NULLIF(TRIM(${repCell}), '') IS NULL THEN ${anyCell.length > 1 ? `COALESCE(${anyCell.join(', ')})` : (anyCell[0] ?? 'NULL')} IS NULL ELSE FALSE END AS ${ident(DUCKDB_BLANK_COLUMN)}`);
    selects.push(`SELECT ${cols.join(', ')} FROM `);
  }
  const query = (sources: string[]): string => asText(sql, selects.map((s, k) => s + sources[k]!).join('\nUNION ALL\n'));
  let result: Awaited<ReturnType<typeof c.read>>;
  try {
    const reading = c.read(query(explicitSources));
    querySent?.();
    result = await reading.catch((e: unknown) => {
      // A query failing with a CSV's format given is run again as DuckDB sniffs it: its failure (or
      // result) is the sniffing read's own, word for word.
      if (explicitSources.every((s, k) => s === sniffingSources[k])) throw e;
      return c.read(query(sniffingSources));
    });
  } catch (e) {
    throw templatedError('input-format', 'duckdb-query', { files: files.map((f) => f.shown), reason: duckReason(e) }, { location: { file: files[0]?.shown ?? shown } });
  }
  // Each file hashed now, in DuckDB's thread (`hash`): while the rows below are checked on this one,
  // not on a core DuckDB's query wanted (the run's stat before and after still bracket every read).
  const hashing = Promise.all(
    files.map((f) =>
      c.hash(f.abs).catch((e: unknown) => {
        throw unreadableFile(e, f.shown);
      }),
    ),
  );
  hashing.catch(() => undefined);
  await afterQuery?.();
  const headers = result.columns;
  // The query's own count of the rows it read (its SOURCE_ROWS_LEVEL rows), then the MetricTable.
  const fileRows = files.map(() => 0);
  let blankRows = 0;
  const rows: { row: number; values: (string | null)[] }[] = [];
  for (const values of result.rows) {
    if (values[0] === SOURCE_ROWS_LEVEL) {
      fileRows[values[1] === null ? 0 : Number(values[1])] = Number(values[5]);
      blankRows += Number(values[6] ?? 0);
    } else rows.push({ row: rows.length + 2, values });
  }
  const verified = hashing.then(async (sha256) => {
    for (const [i, f] of files.entries()) await assertUnchanged(f.abs, f.shown, before[i]);
    return sha256;
  });
  verified.catch(() => undefined);
  // Checked while the files are hashed; a file changed or unreadable is still what the run says first.
  let table: ReturnType<typeof metricTableFromRows>;
  try {
    table = metricTableFromRows({ headers, headerLine: 1, rows }, shown, true);
  } catch (e) {
    await verified;
    throw e;
  }
  return { ...table, fileRows, blankRows, verified };
}
