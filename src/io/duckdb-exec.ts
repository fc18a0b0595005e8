/**
 * One embedded DuckDB database and its connection, as `--engine duckdb` uses it (io/duckdb-session.ts):
 * run a statement, or read a statement's rows as text. Used in the thread that asks, or inside the
 * worker thread of io/duckdb-worker.ts (the same code either way). `@duckdb/node-api` is imported only
 * here, and only when a database is opened.
 */
import { createRequire } from 'node:module';

/** How DuckDB is opened: its buffers (MiB) and the folder it spills into. */
export interface DuckDbOpenOptions {
  memoryLimitMb: number;
  spill: string;
}

/** A result read as text: the column names and each row's values (null for SQL NULL). */
export interface DuckDbTextRows {
  columns: string[];
  rows: (string | null)[][];
}

export interface DuckDbExec {
  run(sql: string): Promise<void>;
  /** The rows of `sql`; every value is returned as its text (`String(value)`), NULL as null. */
  read(sql: string): Promise<DuckDbTextRows>;
  close(): void;
}

/** `@duckdb/node-api` is not installed (the optional dependency was left out). */
export class DuckDbMissing extends Error {}

/**
 * `@duckdb/node-api`, loaded with `require`, not `import()`: the package is CommonJS whose index
 * re-exports ~40 files; an ESM import has Node's cjs-module-lexer parse each of them for its export names
 * (~0.3 CPU-s of the ~0.55 s the load took in the worker, on the path to the query). Loaded as CommonJS:
 * ~0.22 CPU-s (README Performance). Throws DuckDbMissing when the optional dependency is not installed.
 */
export function loadDuckDb(): typeof import('@duckdb/node-api') {
  try {
    return createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');
  } catch (e) {
    throw new DuckDbMissing(String((e as Error).message ?? e));
  }
}

export async function openDuckDbExec(o: DuckDbOpenOptions): Promise<DuckDbExec> {
  const duck = loadDuckDb();
  // memory_limit: DuckDB's buffers (it spills past them); temp_directory: a folder of our own (DuckDB's
  // default would be a .tmp folder in the working directory).
  const instance = await duck.DuckDBInstance.create(':memory:', { temp_directory: o.spill, preserve_insertion_order: 'false', memory_limit: `${o.memoryLimitMb}MB` });
  let c: Awaited<ReturnType<typeof instance.connect>>;
  try {
    c = await instance.connect();
  } catch (e) {
    instance.closeSync();
    throw e;
  }
  return {
    run: async (sql) => {
      await c.run(sql);
    },
    read: async (sql) => {
      const reader = await c.runAndReadAll(sql);
      // `getRows()` (not `getRowsJson()`): the values as DuckDB's value objects, each made text once here.
      const rows = (reader.getRows() as unknown[][]).map((r) => r.map((v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : String(v))));
      return { columns: reader.columnNames(), rows };
    },
    close: () => {
      c.closeSync();
      instance.closeSync();
    },
  };
}
