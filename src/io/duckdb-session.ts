/**
 * Embedded DuckDB for `--engine duckdb`, started before it is needed: `startDuckDb()` returns at once
 * and opens the database in a worker thread (io/duckdb-worker.ts) — loading `@duckdb/node-api` takes
 * ~0.2 CPU-seconds — while the main thread goes on loading and checking the rubric, roster and
 * calendar on the other core. Nothing is read from the data until the run asks (io/duckdb-engine.ts):
 * every refusal of the rubric or the inputs comes first, as it did; a failure to load DuckDB (the
 * optional dependency left out) is reported when the run first needs DuckDB, in the same place as
 * before. Where no worker script is at hand (the TypeScript sources under the tests), or with
 * `thread: 'same'`, the database is opened in the calling thread: the same statements, the same text.
 * A closed session's worker is kept for the next session of the process (one idle at most, unref'd):
 * each session has a database of its own, opened fresh in it.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Stats } from 'node:fs';
import { templatedError, type SalesgradeError } from '../shared/errors.js';
import { unreadableFile } from './detect.js';
import { sha256File, statOf } from './file-identity.js';
import type { DuckDbExec, DuckDbOpenOptions, DuckDbTextRows } from './duckdb-exec.js';
import { sniffingCsvSource, sniffSql } from './duckdb-csv-dialect.js';

/**
 * DuckDB's buffer memory for --engine duckdb, in MiB: 1.5 GiB, or half the machine's memory when that
 * is less (DuckDB spills past it into its temp folder). The 20M-row bench Parquet bars 2 GB peak for the
 * whole process: DuckDB's default (80 % of the machine) took 7.5 GiB there; 1 GiB made it spill ~0.6 GB
 * of the pre-aggregation and cost 52.8 CPU-s, 1.5 GiB 34.3 CPU-s with a 1.70 GB peak (README Performance).
 */
export function duckDbMemoryLimitMb(machineBytes: number): number {
  return Math.max(64, Math.min(1536, Math.floor(machineBytes / 2 / 2 ** 20)));
}

export interface DuckDbSession {
  /** Resolves once DuckDB is open; rejects with the reason it cannot be (never before it is awaited: no unhandled rejection). */
  ready(): Promise<void>;
  run(sql: string): Promise<void>;
  /**
   * The rows of `sql`, every value as text (`String(value)`), NULL as null. `oneThread`: run with
   * DuckDB's `threads` at 1 (then reset): `sniff_csv` on two threads sniffed the file twice about
   * every other run (~70 → ~140 CPU-ms on the 1M-row bench CSV), never on one.
   */
  read(sql: string, options?: { oneThread?: boolean }): Promise<DuckDbTextRows>;
  /**
   * The file's sha256 (hex), read in DuckDB's thread after what was asked before it (the query): there
   * it overlaps the main thread's work on the result instead of taking a core from DuckDB's query.
   * Rejects with the read's error and its errno `code`.
   */
  hash(abs: string): Promise<string>;
  /** Closes DuckDB (in its thread, which is kept, unref'd, for the process's next session, or ends) and removes its spill folder; once, however often called. */
  close(): Promise<void>;
  /**
   * Start reading `sql` now, in DuckDB's thread; the first `read(sql)` of the same text takes that
   * result (or failure) instead of running it again. For what the run reads whatever the rubric says:
   * each file's DESCRIBE (`describeSql`) or a CSV's sniff (`sniffSql`), while the main thread loads the rubric.
   */
  prefetch(sql: string, options?: { oneThread?: boolean }): void;
  /**
   * The file's stat taken before anything of it was read ahead (`prefetchDescribes`), if it was: the
   * run compares the file with it at the end (`input-changed`), so a change after the early DESCRIBE
   * is caught as one during the query is.
   */
  statBefore(abs: string): Promise<Stats | undefined> | undefined;
  /** Remember the stat a read-ahead of `abs` was preceded by (the first one given wins). */
  noteStat(abs: string, stat: Promise<Stats | undefined>): void;
  /** True for the first caller only: the session is then theirs to run (a run closes it). */
  claim(): boolean;
  /** Where it runs: 'worker' or 'same' (tests). */
  readonly thread: 'worker' | 'same';
}

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * How DuckDB reads a file: Parquet by its footer, anything else as CSV with a header, every column text
 * (sniffed: the query reads a CSV with its sniffed format given when it can, duckdb-csv-dialect.ts).
 */
export function duckDbSource(abs: string, parquet: boolean): string {
  return parquet ? `read_parquet(${lit(abs)})` : sniffingCsvSource(abs);
}

/** The statement that lists a file's columns and their types as DuckDB reads it. */
export function describeSql(abs: string, parquet: boolean): string {
  return `DESCRIBE SELECT * FROM ${duckDbSource(abs, parquet)}`;
}

/** Whether the file starts as a Parquet file does (`PAR1`); `input-format` naming `shown` when it cannot be read. */
export async function isParquet(abs: string, shown: string): Promise<boolean> {
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(abs, 'r');
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    return bytesRead === 4 && buf.toString('latin1') === 'PAR1';
  } catch (e) {
    throw unreadableFile(e, shown);
  } finally {
    await fh?.close();
  }
}

/** What the run reads first of each file: a Parquet file's DESCRIBE, a CSV's sniff (on one thread). */
export function inspectSql(abs: string, parquet: boolean): { sql: string; oneThread: boolean } {
  return parquet ? { sql: describeSql(abs, true), oneThread: false } : { sql: sniffSql(abs), oneThread: true };
}

/**
 * Each file's DESCRIBE or sniff (`inspectSql`) started ahead (`prefetch`): nothing is reported here — a
 * file that cannot be read is refused by the run, in its place, after the rubric's own refusals.
 */
export function prefetchDescribes(session: DuckDbSession, files: readonly string[]): void {
  for (const abs of files) {
    const stat = statOf(abs);
    session.noteStat(abs, stat);
    stat.then(() => isParquet(abs, abs)).then(
      (parquet) => {
        const { sql, oneThread } = inspectSql(abs, parquet);
        session.prefetch(sql, { oneThread });
      },
      () => undefined,
    );
  }
}

function missing(): SalesgradeError {
  return templatedError('usage', 'duckdb-missing');
}

/** The worker's script beside this module, when this module is the built JavaScript (not the TypeScript under vitest). */
function workerScript(): URL | undefined {
  return import.meta.url.endsWith('.js') ? new URL('./duckdb-worker.js', import.meta.url) : undefined;
}

/** Open DuckDB now, in a worker thread when one can be started (see the file's comment). */
export function startDuckDb(options: { thread?: 'worker' | 'same' } = {}): DuckDbSession {
  const script = options.thread === 'same' ? undefined : workerScript();
  const spill = mkdtemp(join(tmpdir(), 'salesgrade-duckdb-'));
  const open = spill.then((dir): DuckDbOpenOptions => ({ memoryLimitMb: duckDbMemoryLimitMb(totalmem()), spill: dir }));
  const inner = script ? workerSession(script, open) : sameThreadSession(open);
  let claimed = false;
  let closing: Promise<void> | undefined;
  const early = new Map<string, Promise<DuckDbTextRows>>();
  const asked = new Set<string>();
  const stats = new Map<string, Promise<Stats | undefined>>();
  // (the worker runs its requests in order: nothing else runs between the SET and the RESET)
  const readIn = (sql: string, oneThread: boolean | undefined): Promise<DuckDbTextRows> => {
    if (!oneThread) return inner.read(sql);
    inner.run('SET threads = 1').catch(() => undefined);
    const p = inner.read(sql);
    inner.run('RESET threads').catch(() => undefined);
    return p;
  };
  return {
    ...inner,
    read: (sql, o) => {
      asked.add(sql);
      const got = early.get(sql);
      if (got === undefined) return readIn(sql, o?.oneThread);
      early.delete(sql);
      return got;
    },
    prefetch: (sql, o) => {
      // (once: never again after the run has read it itself, nor once closing)
      if (early.has(sql) || asked.has(sql) || closing) return;
      const p = readIn(sql, o?.oneThread);
      p.catch(() => undefined);
      early.set(sql, p);
    },
    statBefore: (abs) => stats.get(abs),
    noteStat: (abs, stat) => {
      if (!stats.has(abs)) stats.set(abs, stat);
    },
    thread: script ? 'worker' : 'same',
    claim: () => !claimed && (claimed = true),
    close: () =>
      (closing ??= (async () => {
        try {
          await inner.close();
        } finally {
          const dir = await spill.catch(() => undefined);
          if (dir !== undefined) await rm(dir, { recursive: true, force: true });
        }
      })()),
  };
}

type Inner = Pick<DuckDbSession, 'ready' | 'run' | 'read' | 'hash' | 'close'>;

function sameThreadSession(open: Promise<DuckDbOpenOptions>): Inner {
  const exec: Promise<DuckDbExec> = open.then(async (o) => {
    const { DuckDbMissing, openDuckDbExec } = await import('./duckdb-exec.js');
    return openDuckDbExec(o).catch((e: unknown) => {
      throw e instanceof DuckDbMissing ? missing() : e;
    });
  });
  exec.catch(() => undefined);
  // One statement at a time, in the order asked (as the worker runs them: a SET before a read holds for it).
  let queue: Promise<unknown> = exec.catch(() => undefined);
  const inOrder = <T>(f: (e: DuckDbExec) => Promise<T>): Promise<T> => {
    const p = queue.then(() => exec).then(f);
    queue = p.catch(() => undefined);
    return p;
  };
  return {
    ready: async () => {
      await exec;
    },
    run: (sql) => inOrder((e) => e.run(sql)),
    read: (sql) => inOrder((e) => e.read(sql)),
    hash: (abs) => sha256File(abs),
    close: async () => {
      const e = await exec.catch(() => undefined);
      e?.close();
    },
  };
}

interface Reply {
  id?: number;
  ready?: true;
  failed?: string;
  missing?: boolean;
  ok?: true;
  rows?: DuckDbTextRows;
  hash?: string;
  error?: string;
  errno?: string;
  closed?: true;
}

/** A DuckDB worker thread: its messages go to the session using it (`use`). */
interface DuckWorker {
  w: Worker;
  exited: Promise<void>;
  gone?: Error;
  use?: { message: (m: Reply) => void; fail: (e: Error) => void };
}

/**
 * The worker a closed session left, DuckDB loaded and its database closed: the next session of the
 * process opens its own database there (~0.2 CPU-s less than loading `@duckdb/node-api` in a new
 * thread; what a caller running `main` once per case, as the tests do, pays per run). Unref'd while
 * idle, so a CLI process ends when its run has: the thread goes with it, holding no open database.
 * One at most; a session's worker that found one here is ended instead.
 */
let idle: DuckWorker | undefined;

/** How many DuckDB worker threads this module has started (the tests' check that one is reused). */
let started = 0;
export const duckDbWorkersStarted = (): number => started;

function newWorker(script: URL, o: DuckDbOpenOptions): DuckWorker {
  const w = new Worker(script, { workerData: o });
  started++;
  const dw: DuckWorker = { w, exited: Promise.resolve() };
  w.on('message', (m: Reply) => dw.use?.message(m));
  const fail = (e: Error) => {
    dw.gone ??= e;
    if (idle === dw) idle = undefined;
    dw.use?.fail(e);
  };
  w.on('error', fail);
  dw.exited = new Promise<void>((resolve) =>
    w.once('exit', () => {
      fail(new Error('the DuckDB worker thread ended'));
      resolve();
    }),
  );
  return dw;
}

/** The idle worker, told to open a fresh database, or a new one opening it. */
function takeWorker(script: URL, o: DuckDbOpenOptions): DuckWorker {
  const dw = idle;
  idle = undefined;
  if (dw === undefined || dw.gone) return newWorker(script, o);
  dw.w.ref();
  dw.w.postMessage({ op: 'open', options: o });
  return dw;
}

function workerSession(script: URL, open: Promise<DuckDbOpenOptions>): Inner {
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let next = 0;
  let gone: Error | undefined;
  let opened = false;
  let settleReady!: { resolve: () => void; reject: (e: Error) => void };
  const readyP = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }));
  readyP.catch(() => undefined);
  let settleClosed!: () => void;
  const closedP = new Promise<void>((resolve) => (settleClosed = resolve));
  const fail = (e: Error) => {
    gone ??= e;
    settleReady.reject(e);
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    settleClosed();
  };
  const worker = open.then((o) => {
    // The handler is in place before the worker can answer: `open` is sent (or the thread started) after.
    const use = {
      message: (m: Reply) => {
        if (m.ready) {
          opened = true;
          settleReady.resolve();
        } else if (m.failed !== undefined) settleReady.reject(m.missing ? missing() : new Error(m.failed));
        else if (m.closed) settleClosed();
        else if (m.id !== undefined) {
          const p = pending.get(m.id);
          pending.delete(m.id);
          if (m.error !== undefined) p?.reject(Object.assign(new Error(m.error), m.errno !== undefined ? { code: m.errno } : {}));
          else p?.resolve(m);
        }
      },
      fail,
    };
    const dw = takeWorker(script, o);
    dw.use = use;
    return dw;
  });
  worker.catch((e: Error) => settleReady.reject(e));
  const ask = async (op: 'run' | 'read' | 'hash', text: string): Promise<Reply> => {
    await readyP;
    const dw = await worker;
    if (gone) throw gone;
    const id = next++;
    return new Promise<Reply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      dw.w.postMessage(op === 'hash' ? { id, op, path: text } : { id, op, sql: text });
    });
  };
  return {
    ready: () => readyP,
    run: async (sql) => {
      await ask('run', sql);
    },
    read: async (sql) => (await ask('read', sql)).rows!,
    hash: async (abs) => (await ask('hash', abs)).hash!,
    close: async () => {
      const dw = await worker.catch(() => undefined);
      if (!dw) return;
      // The worker closes DuckDB after whatever it was doing, then says so; nothing more runs in this session.
      if (!gone) dw.w.postMessage({ op: 'close' });
      await closedP;
      const failedOpen = !opened;
      gone ??= new Error('the DuckDB session is closed');
      dw.use = undefined;
      if (!dw.gone && !failedOpen && idle === undefined) {
        // Kept for the next session of this process, not keeping the process alive.
        idle = dw;
        dw.w.unref();
        return;
      }
      if (!dw.gone) dw.w.postMessage({ op: 'end' });
      await dw.exited;
    },
  };
}
