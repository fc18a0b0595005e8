/**
 * The worker thread of `--engine duckdb` (io/duckdb-session.ts): loads `@duckdb/node-api` and opens
 * the database while the main thread loads and checks the rubric, then runs the statements it is sent,
 * one at a time, in order. It ends by itself once told to close (never terminated: DuckDB's native
 * objects are closed first, then the port).
 *
 * Messages in: `{ id, op: 'run' | 'read', sql }`, `{ op: 'close' }`. Out: `{ ready: true }` or
 * `{ failed: message, missing }` once, then `{ id, ok }` / `{ id, rows }` / `{ id, error }` per
 * statement, and `{ closed: true }` last.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DuckDbMissing, openDuckDbExec, type DuckDbExec, type DuckDbOpenOptions } from './duckdb-exec.js';

const port = parentPort!;
const message = (e: unknown): string => String((e as Error)?.message ?? e);

let chain: Promise<DuckDbExec | undefined> = openDuckDbExec(workerData as DuckDbOpenOptions).then(
  (exec) => {
    port.postMessage({ ready: true });
    return exec;
  },
  (e: unknown) => {
    port.postMessage({ failed: message(e), missing: e instanceof DuckDbMissing });
    return undefined;
  },
);

port.on('message', (m: { id?: number; op: 'run' | 'read' | 'close'; sql?: string }) => {
  chain = chain.then(async (exec) => {
    if (m.op === 'close') {
      try {
        exec?.close();
      } finally {
        port.postMessage({ closed: true });
        port.close();
      }
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
