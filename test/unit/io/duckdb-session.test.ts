/**
 * `--engine duckdb`'s DuckDB session (src/io/duckdb-session.ts): opened ahead of the run in a worker
 * thread (the built dist/io/duckdb-worker.js; `npm run build` first, as for the e2e tests), or in the
 * calling thread under the TypeScript sources. Both must hand back the very text `getRowsJson()` gave
 * for every column type the MetricTable query returns, refuse what DuckDB refuses with DuckDB's message,
 * and end: a worker that were left running would keep the process alive, or abort it at exit.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { startDuckDb as startSame, type DuckDbSession } from '../../../src/io/duckdb-session.js';
import { repoRoot } from '../../e2e/evaluate-helpers.js';

const built = join(repoRoot, 'dist', 'io', 'duckdb-session.js');

async function startWorker(): Promise<DuckDbSession> {
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
  const mod = (await import(pathToFileURL(built).href)) as typeof import('../../../src/io/duckdb-session.js');
  return mod.startDuckDb();
}

/** A result with each type the compiled query returns (text, HUGEINT sums of counts, BIGINT, DECIMAL(38, 4), NULL), negative and large values too. */
const TYPED = `SELECT * FROM (VALUES
  ('rep', 'Rep 1', CAST(249447 AS HUGEINT), CAST(7 AS BIGINT), CAST(2250141684.5 AS DECIMAL(38, 4)), CAST(-0.25 AS DECIMAL(38, 4)), NULL::VARCHAR, 3::INTEGER),
  ('team', NULL, CAST('170141183460469231731687303715884105727' AS HUGEINT), CAST(-9223372036854775808 AS BIGINT), CAST(0 AS DECIMAL(38, 4)), CAST('99999999999999999999999999999999.9999' AS DECIMAL(38, 4)), '2026-01-01', NULL::INTEGER)
) AS t(level, rep, n, b, s, neg, d, i)`;

async function rowsJson(sql: string): Promise<(string | null)[][]> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    return ((await c.runAndReadAll(sql)).getRowsJson() as unknown[][]).map((r) => r.map((v) => (v === null ? null : String(v))));
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

test('the worker thread and the calling thread read the same text, the text getRowsJson() gave, for every type the query returns', async () => {
  const want = await rowsJson(TYPED);
  const worker = await startWorker();
  const same = startSame({ thread: 'same' });
  try {
    expect(worker.thread).toBe('worker');
    expect(same.thread).toBe('same');
    const a = await worker.read(TYPED);
    const b = await same.read(TYPED);
    expect(a.columns).toEqual(['level', 'rep', 'n', 'b', 's', 'neg', 'd', 'i']);
    expect(a.rows).toEqual(want);
    expect(b).toEqual(a);
    // Each value CAST to VARCHAR by DuckDB (what the run reads the MetricTable as) is that text too.
    const cast = `SELECT CAST(COLUMNS(*) AS VARCHAR) FROM (${TYPED})`;
    expect((await worker.read(cast)).rows).toEqual(want);
  } finally {
    await Promise.all([worker.close(), same.close()]);
  }
});

test("a statement DuckDB refuses rejects with DuckDB's message in either thread; the session goes on, and closes once however often asked", async () => {
  for (const s of [await startWorker(), startSame({ thread: 'same' })]) {
    await expect(s.read("SELECT CAST('x1' AS DECIMAL(18, 4))")).rejects.toThrow(/Conversion Error.*x1/);
    await s.run('CREATE TEMP VIEW v AS SELECT 42 AS x');
    expect((await s.read('SELECT x FROM v')).rows).toEqual([['42']]);
    expect(s.claim()).toBe(true);
    expect(s.claim()).toBe(false);
    await Promise.all([s.close(), s.close()]);
    await s.close();
    // Closed: nothing runs any more (the worker has ended; the calling thread's database is closed).
    await expect(s.read('SELECT 1')).rejects.toThrow();
  }
});

test('a session closed before it is used (the run refused its rubric meanwhile) ends cleanly, worker and all', async () => {
  // close() resolves once the worker has ended by itself (after DuckDB loaded and closed): a hang fails the test's timeout.
  const worker = await startWorker();
  await worker.close();
  await expect(worker.read('SELECT 1')).rejects.toThrow();
  await startSame({ thread: 'same' }).close();
});
