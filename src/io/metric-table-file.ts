/**
 * `evaluate --metrics FILE`: the SQL MetricTable (docs/sql.md) as an engine exported it — CSV (read by
 * the project's table reader: any encoding, delimiter or quoting it reads; an XLSX's sheet or an HTML
 * file's table chosen by the columns every MetricTable has, level and rows) or Parquet (read through the
 * optional `@duckdb/node-api`, loaded only for a .parquet file). Checked here, with the cell's place:
 * the level is one of the query's, every count and amount is a number, `rounded` is 0 (else the sums are
 * not exact). Which columns the rubric needs, and what the rows mean, is the engine's
 * (engine/sql/to-table.ts), which points at the same places.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../shared/diagnostic.js';
import type { ChoiceNote } from './html-choice.js';
import { SalesgradeError, type ErrorLocation } from '../shared/errors.js';
import { unreadableFile } from './detect.js';
import { parsePartColumn, SQL_LEVELS, type SqlLevel, type SqlTableAt, type SqlTableFile, type SqlTableRow } from '../shared/sql-metric-table.js';

export interface MetricTableFile extends SqlTableFile {
  sha256: string;
  format: 'csv' | 'parquet';
  /** A count or amount written with a short exponent (`1.2E+05`): read as written, an `exponent-number` warning each. */
  findings: Diagnostic[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function fail(message: string, location: ErrorLocation, hint?: string): never {
  throw new SalesgradeError('input-format', `metric table: ${message}`, { location, ...(hint ? { hint } : {}) });
}

/** Read and check a MetricTable file; `shown` names it in messages. */
export async function readMetricTableFile(path: string, shown: string): Promise<MetricTableFile> {
  const buf = await readFile(path).catch((e: unknown) => {
    throw unreadableFile(e, shown);
  });
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const parquet = buf.subarray(0, 4).toString('latin1') === 'PAR1';
  const raw = parquet ? await readParquet(path, shown) : await readCsv(path, shown);
  const checked = checkRows(raw, shown, parquet);
  return { ...checked.table, sha256, format: parquet ? 'parquet' : 'csv', findings: [...(await choiceFindings(raw.notes, shown)), ...(await exponentFindings(checked.exponents, shown))] };
}

/** The findings about the table or sheet read (another whose header matches too: `sheet-ambiguous`, its rows not used). */
async function choiceFindings(notes: ChoiceNote[] | undefined, shown: string): Promise<Diagnostic[]> {
  if (!notes?.length) return [];
  const [{ FindingList }, { tableNotes }] = await Promise.all([import('./findings.js'), import('./table.js')]);
  const list = new FindingList(shown);
  tableNotes(list, { notes });
  list.finish();
  return list.items;
}

/**
 * The export rule for numbers written with an exponent (a table saved through a spreadsheet): a mantissa
 * of 6 or more digits is what Excel writes for a number it shortened — refused, the table cannot be
 * graded exactly; a shorter one is read as written, with a located `exponent-number` warning.
 */
async function exponentFindings(exponents: { name: string; value: string; at: ErrorLocation }[], shown: string): Promise<Diagnostic[]> {
  if (exponents.length === 0) return [];
  const [{ coerce }, { FindingList }, { exponentEn }] = await Promise.all([import('./values.js'), import('./findings.js'), import('../shared/value-problem.js')]);
  const list = new FindingList(shown);
  for (const e of exponents) {
    const res = coerce({ t: 's', v: e.value }, 'number', { decimalSeparator: '.' });
    if (!res.ok) fail(`${e.name}: "${e.value}" is written with an exponent and 6 or more digits, as Excel writes a long number it shortened: its other digits are lost`, e.at, 'export the table again from the engine, without opening it in a spreadsheet');
    const read = String(res.value);
    list.add('exponent-number', 'warning', exponentEn(e.name, e.value, read), { line: e.at.line, column: e.at.column ?? 1, row: e.at.line }, { field: e.name, value: e.value, read, outcome: 'none' });
  }
  list.finish();
  return list.items;
}

export type MetricTableRows = SqlTableFile;

/** A MetricTable an engine returned in memory (`--engine duckdb`), checked as a file's rows are; `byRow`: places are rows, not cells. */
export function metricTableFromRows(t: RawTable, shown: string, byRow: boolean): MetricTableRows {
  return checkRows(t, shown, byRow).table;
}

export interface RawTable {
  headers: string[];
  headerLine: number;
  rows: { row: number; values: (string | null)[] }[];
  /** An HTML file's or XLSX's: findings about the table or sheet chosen (another whose header matches too: `sheet-ambiguous`). */
  notes?: ChoiceNote[];
}

async function readCsv(path: string, shown: string): Promise<RawTable> {
  // The table reader (and the export readers under it) only here: --engine duckdb checks its rows
  // with `metricTableFromRows` without loading them.
  const { readTable } = await import('./table.js');
  let t: Awaited<ReturnType<typeof readTable>>;
  try {
    // an HTML file's table, an XLSX's sheet: the first whose header has the columns every MetricTable has
    const rules = [
      { field: 'level', headers: ['level'], type: 'text' as const, required: true, ownHeaders: 1 },
      { field: 'rows', headers: ['rows'], type: 'number' as const, required: true, ownHeaders: 1 },
    ];
    t = await readTable(path, { header: { rules, good: (m) => m.mapping.has('level') && m.mapping.has('rows') } });
  } catch (e) {
    if (e instanceof SalesgradeError) throw new SalesgradeError(e.code, `metric table: ${e.message}`, { location: { ...e.location, file: shown }, cause: e });
    throw e;
  }
  return { headers: t.headers, headerLine: (t.rows[0]?.row ?? 2) - 1, rows: t.rows, ...(t.notes ? { notes: t.notes } : {}) };
}

async function readParquet(path: string, shown: string): Promise<RawTable> {
  let duck: typeof import('@duckdb/node-api');
  try {
    // as --engine duckdb loads it (io/duckdb-exec.ts: `require`, not `import()`); the module, only for Parquet
    duck = (await import('./duckdb-exec.js')).loadDuckDb();
  } catch {
    return fail('reading Parquet needs the optional dependency @duckdb/node-api, which is not installed', { file: shown }, 'npm install @duckdb/node-api, or export the table as CSV');
  }
  const instance = await duck.DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    let reader: Awaited<ReturnType<typeof c.runAndReadAll>>;
    try {
      reader = await c.runAndReadAll(`SELECT * FROM read_parquet('${path.replace(/'/g, "''")}')`);
    } catch (e) {
      return fail(`not a readable Parquet file: ${(e as Error).message.split('\n')[0]}`, { file: shown });
    }
    const headers = reader.columnNames();
    // Row n of the file is "line" n + 1 (line 1 is the header, as in the CSV export of the same table).
    const rows = (reader.getRowsJson() as unknown[][]).map((r, i) => ({ row: i + 2, values: r.map((v) => (v === null || v === undefined ? null : String(v))) }));
    return { headers, headerLine: 1, rows };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

function checkRows(t: RawTable, shown: string, parquet: boolean): { table: SqlTableFile; exponents: { name: string; value: string; at: ErrorLocation }[] } {
  const exponents: { name: string; value: string; at: ErrorLocation }[] = [];
  const at = (line: number, col: number | undefined): SqlTableAt => (col === undefined ? { file: shown, line } : { file: shown, line, column: col + 1 });
  const columns = new Map<string, SqlTableAt>();
  const index = new Map<string, number>();
  t.headers.forEach((h, i) => {
    const name = h.trim();
    if (name === '') return;
    if (index.has(name)) fail(`column "${name}" is given twice`, at(t.headerLine, i));
    index.set(name, i);
    columns.set(name, at(t.headerLine, parquet ? undefined : i));
  });
  for (const name of ['level', 'rows']) if (!index.has(name)) fail(`no column "${name}": not the result of a \`salesgrade sql\` query`, { file: shown, line: t.headerLine }, 'run the query `salesgrade sql` prints, and export every column');
  const numeric = [...index.keys()].filter((n) => n === 'rows' || n === 'rounded' || n === 'fed_rows' || parsePartColumn(n) !== null);
  const rows: SqlTableRow[] = [];
  for (const r of t.rows) {
    const cells = new Map<string, string | null>();
    for (const [name, i] of index) {
      const v = r.values[i];
      cells.set(name, v === null || v === undefined || v.trim() === '' ? null : v.trim());
    }
    const place = (name: string): ErrorLocation => at(r.row, parquet ? undefined : index.get(name));
    const level = cells.get('level');
    if (level === null || level === undefined || !(SQL_LEVELS as readonly string[]).includes(level)) fail(`level "${level ?? ''}" is not one of ${SQL_LEVELS.join(', ')}`, place('level'));
    for (const name of numeric) {
      const v = cells.get(name);
      if (v !== null && v !== undefined && !NUMBER.test(v)) fail(`${name}: "${v}" is not a number`, place(name));
      if (v !== null && v !== undefined && /[eE]/.test(v)) exponents.push({ name, value: v, at: place(name) });
    }
    const rounded = cells.get('rounded');
    if (rounded !== null && rounded !== undefined && Number(rounded) !== 0) {
      fail(`${rounded} row(s) had more decimals than the query's DECIMAL scale keeps and were rounded: the sums are not exact`, place('rounded'), 'run `salesgrade sql` again with a larger --scale');
    }
    rows.push({ at: at(r.row, undefined), level: level as SqlLevel, cells });
  }
  return { table: { columns, rows }, exponents };
}
