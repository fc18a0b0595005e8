/**
 * The worker thread of `--engine duckdb` (io/duckdb-session.ts): loads `@duckdb/node-api` and opens
 * the database while the main thread loads and checks the rubric, then runs the statements it is sent,
 * one at a time, in order. Told to close, it closes that database and waits: the next session of the
 * process (a caller that runs `main` again, as the tests do) opens a fresh database in it with `open`,
 * without loading DuckDB again (io/duckdb-session.ts keeps one idle worker, unref'd). Told to end, it
 * closes its port and ends by itself (never terminated: DuckDB's native objects are closed first).
 *
 * Messages in: `{ id, op: 'run' | 'read', sql }`, `{ id, op: 'hash', path }`, `{ op: 'close' }`,
 * `{ op: 'open', options }`, `{ op: 'end' }`. Out, per database: `{ ready: true }` or
 * `{ failed: message, missing }` once, then `{ id, ok }` / `{ id, rows }` / `{ id, hash }` /
 * `{ id, error, errno? }` per request, and `{ closed: true }` last.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DuckDbMissing, openDuckDbExec, type DuckDbExec, type DuckDbOpenOptions } from './duckdb-exec.js';
import { sha256File } from './file-identity.js';

const port = parentPort!;
const message = (e: unknown): string => String((e as Error)?.message ?? e);

/** A fresh database (nothing of a previous session's tables, views or settings), or undefined with `failed` sent. */
const opened = (o: DuckDbOpenOptions): Promise<DuckDbExec | undefined> =>
  openDuckDbExec(o).then(
    (exec) => {
      port.postMessage({ ready: true });
      return exec;
    },
    (e: unknown) => {
      port.postMessage({ failed: message(e), missing: e instanceof DuckDbMissing });
      return undefined;
    },
  );

let chain: Promise<DuckDbExec | undefined> = opened(workerData as DuckDbOpenOptions);

port.on('message', (m: { id?: number; op: 'run' | 'read' | 'hash' | 'close' | 'open' | 'end'; sql?: string; path?: string; options?: DuckDbOpenOptions }) => {
  chain = chain.then(async (exec) => {
    if (m.op === 'hash') {
      // A data file's sha256, read here once the query has run, while the main thread checks and
      // converts the result (the file's errno kept: the run names an unreadable file by it).
      try {
        port.postMessage({ id: m.id, hash: await sha256File(m.path!) });
      } catch (e) {
        port.postMessage({ id: m.id, error: message(e), errno: (e as NodeJS.ErrnoException)?.code });
      }
      return exec;
    }
    if (m.op === 'close') {
      try {
        exec?.close();
      } finally {
        port.postMessage({ closed: true });
      }
      return undefined;
    }
    if (m.op === 'open') {
      exec?.close();
      return opened(m.options!);
    }
    if (m.op === 'end') {
      exec?.close();
      port.close();
      return undefined;
    }
    if (!exec) {
      port.postMessage({ id: m.id, error: 'DuckDB is not open' });
      return exec;
    }
    try {
      if (m.op === 'run') {
        await exec.run(m.sql!);
        port.postMessage({ id: m.id, ok: true });
      } else port.postMessage({ id: m.id, rows: await exec.read(m.sql!) });
    } catch (e) {
      port.postMessage({ id: m.id, error: message(e) });
    }
    return exec;
  });
});
