/**
 * `--engine duckdb`'s DuckDB session (src/io/duckdb-session.ts): opened ahead of the run in a worker
 * thread (the built dist/io/duckdb-worker.js; `npm run build` first, as for the e2e tests), or in the
 * calling thread under the TypeScript sources. Both must hand back the very text `getRowsJson()` gave
 * for every column type the MetricTable query returns, refuse what DuckDB refuses with DuckDB's message,
 * and end: a worker that were left running would keep the process alive, or abort it at exit. A closed
 * session's worker is kept (unref'd) for the process's next session, which opens a fresh database in it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { duckDbWorkersStarted as startedUnderSources, prefetchDescribes, startDuckDb as startSame, type DuckDbSession } from '../../../src/io/duckdb-session.js';
import { runDuckDbMetricQuery } from '../../../src/io/duckdb-engine.js';
import { compileSql } from '../../../src/engine/sql/compile.js';
import { Rubric } from '../../../src/rubric/schema.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
import { rubricFor } from '../engine/sql/generated-export.js';
import { repoRoot } from '../../e2e/evaluate-helpers.js';

const built = join(repoRoot, 'dist', 'io', 'duckdb-session.js');

async function builtSession(): Promise<typeof import('../../../src/io/duckdb-session.js')> {
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
  return (await import(pathToFileURL(built).href)) as typeof import('../../../src/io/duckdb-session.js');
}

async function startWorker(): Promise<DuckDbSession> {
  return (await builtSession()).startDuckDb();
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
    // Closed: nothing runs any more (the worker's database is closed, the worker idle; the calling thread's database is closed).
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

test("a closed session's worker serves the next session with a database of its own: no table, view or setting of the last one", async () => {
  const mod = await builtSession();
  const s1 = mod.startDuckDb();
  const fresh = (await s1.read("SELECT current_setting('threads'), current_setting('preserve_insertion_order')")).rows;
  await s1.run('CREATE TABLE t AS SELECT 1 AS x');
  await s1.run('CREATE TEMP VIEW v AS SELECT 2 AS y');
  await s1.run('SET threads = 1');
  await s1.run('SET preserve_insertion_order = true');
  expect((await s1.read("SELECT current_setting('threads'), current_setting('preserve_insertion_order')")).rows).toEqual([['1', 'true']]);
  await s1.close();
  const before = mod.duckDbWorkersStarted();
  for (let i = 0; i < 2; i++) {
    const s = mod.startDuckDb();
    try {
      expect(s.thread).toBe('worker');
      expect((await s.read("SELECT current_setting('threads'), current_setting('preserve_insertion_order')")).rows).toEqual(fresh);
      await expect(s.read('SELECT x FROM t')).rejects.toThrow(/Table with name t does not exist/);
      await expect(s.read('SELECT y FROM v')).rejects.toThrow(/Table with name v does not exist/);
      await s.run('CREATE TABLE t AS SELECT 3 AS x');
    } finally {
      await s.close();
    }
  }
  // the idle worker was taken each time: no thread started (and DuckDB loaded) again
  expect(mod.duckDbWorkersStarted()).toBe(before);
  // two sessions at once: the second gets a worker of its own, and closing both leaves one idle
  const [a, b] = [mod.startDuckDb(), mod.startDuckDb()];
  expect((await Promise.all([a.read('SELECT 1'), b.read('SELECT 2')])).map((r) => r.rows)).toEqual([[['1']], [['2']]]);
  await Promise.all([a.close(), b.close()]);
  expect(mod.duckDbWorkersStarted()).toBe(before + 1);
  const c = mod.startDuckDb();
  await expect(c.read('SELECT x FROM t')).rejects.toThrow(/does not exist/);
  await c.close();
  expect(mod.duckDbWorkersStarted()).toBe(before + 1);
  // the TypeScript sources (no worker script beside them) open DuckDB in the calling thread: no worker
  expect(startedUnderSources()).toBe(0);
});

test('a process whose DuckDB session closed ends by itself: the idle worker does not keep it alive', () => {
  // A hang here (the worker left ref'd) is killed by the timeout and fails on the status.
  const script = `const m = await import(${JSON.stringify(pathToFileURL(built).href)});
for (let i = 0; i < 2; i++) { const s = m.startDuckDb(); await s.read('SELECT 1'); await s.close(); }
process.stdout.write(String(m.duckDbWorkersStarted()));`;
  const file = join(mkdtempSync(join(tmpdir(), 'sg-duck-exit-')), 'two-sessions.mjs');
  writeFileSync(file, script);
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 });
  expect({ status: r.status, signal: r.signal, stderr: r.stderr, stdout: r.stdout }).toEqual({ status: 0, signal: null, stderr: '', stdout: '1' });
});

test('a DESCRIBE read ahead is the one the run takes (once), and never read twice', async () => {
  const s = startSame({ thread: 'same' });
  try {
    const sql = 'SELECT 1 AS one';
    s.prefetch(sql);
    s.prefetch(sql);
    expect((await s.read(sql)).rows).toEqual([['1']]);
    // taken: the next read runs the statement again (a view created since shows it is run, not replayed)
    await s.run('CREATE TEMP VIEW w AS SELECT 2 AS two');
    s.prefetch('SELECT two FROM w');
    expect((await s.read('SELECT two FROM w')).rows).toEqual([['2']]);
    // read by the run first: a late read-ahead of it is not started (it would sit unused)
    expect((await s.read('SELECT 3')).rows).toEqual([['3']]);
    s.prefetch("SELECT error('read again')");
    await expect(s.read("SELECT error('read again')")).rejects.toThrow(/read again/);
  } finally {
    await s.close();
  }
});

test('a file changed after its early DESCRIBE (before the query) is refused as input-changed, naming it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-duck-early-'));
  const abs = join(dir, 'data.csv');
  const text = 'Owner,Team,Region,Date,Close Date,Stage,Kind,Amount,Account,CSAT,Units\nRep 1,A,N,2026-01-05,2026-01-09,Won,Visit,100,Acme,4,1\n';
  writeFileSync(abs, text);
  const rubric = Rubric.parse(rubricFor('quarter', 1));
  const sql = compileSql(rubric, { dialect: 'duckdb', from: 'sg_input', scale: 4, sourceRows: {} }).sql;
  const needed = new Set(['rep', 'date', 'close_date', 'stage', 'kind', 'amount', 'customer', 'csat']);
  // unchanged: the early DESCRIBE is used and the run grades
  const s1 = startSame({ thread: 'same' });
  prefetchDescribes(s1, [abs]);
  await s1.statBefore(abs);
  const ok = await runDuckDbMetricQuery([{ abs, shown: 'data.csv' }], rubric.source, needed, sql, 4, 'result', { session: s1 });
  expect(ok.fileRows).toEqual([1]);
  await s1.close();
  // changed between the read-ahead and the run (appended to): refused, as a change during the query is
  const s2 = startSame({ thread: 'same' });
  prefetchDescribes(s2, [abs]);
  await s2.statBefore(abs);
  await new Promise((r) => setTimeout(r, 50));
  writeFileSync(abs, `${text}Rep 2,A,N,2026-01-06,2026-01-09,Won,Visit,5,Beta,3,1\n`);
  const err = await runDuckDbMetricQuery([{ abs, shown: 'data.csv' }], rubric.source, needed, sql, 4, 'result', { session: s2 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  await s2.close();
  expect(err).toBeInstanceOf(SalesgradeError);
  expect((err as SalesgradeError).code).toBe('input-changed');
  expect((err as SalesgradeError).location?.file).toBe('data.csv');
}, 60_000);

test('a file is hashed in DuckDB\'s thread (worker or same) to its sha256, and a file that is not there rejects with its errno', async () => {
  const { createHash } = await import('node:crypto');
  const dir = mkdtempSync(join(tmpdir(), 'sg-duck-hash-'));
  const abs = join(dir, 'data.csv');
  // more than one of the hash's 1 MiB reads, and bytes that are not text
  const bytes = Buffer.alloc(3 * 2 ** 20 + 17, 0);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + (i >> 7)) & 255;
  writeFileSync(abs, bytes);
  const want = createHash('sha256').update(bytes).digest('hex');
  for (const s of [await startWorker(), startSame({ thread: 'same' })]) {
    try {
      expect(await s.hash(abs), s.thread).toBe(want);
      const err = await s.hash(join(dir, 'gone.csv')).then(
        () => undefined,
        (e: unknown) => e as NodeJS.ErrnoException,
      );
      expect(err?.code, s.thread).toBe('ENOENT');
      // the session still answers after a failed hash
      expect((await s.read('SELECT 42 AS n')).rows, s.thread).toEqual([['42']]);
    } finally {
      await s.close();
    }
  }
});
