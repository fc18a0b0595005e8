/**
 * Embedded DuckDB for `--engine duckdb`, started before it is needed: `startDuckDb()` returns at once
 * and opens the database in a worker thread (io/duckdb-worker.ts) — loading `@duckdb/node-api` takes
 * ~0.2 CPU-seconds — while the main thread goes on loading and checking the rubric, roster and
 * calendar on the other core. Nothing is read from the data until the run asks (io/duckdb-engine.ts):
 * every refusal of the rubric or the inputs comes first, as it did; a failure to load DuckDB (the
 * optional dependency left out) is reported when the run first needs DuckDB, in the same place as
 * before. Where no worker script is at hand (the TypeScript sources under the tests), or with
 * `thread: 'same'`, the database is opened in the calling thread: the same statements, the same text.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SalesgradeError } from '../shared/errors.js';
import type { DuckDbExec, DuckDbOpenOptions, DuckDbTextRows } from './duckdb-exec.js';

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
  /** The rows of `sql`, every value as text (`String(value)`), NULL as null. */
  read(sql: string): Promise<DuckDbTextRows>;
  /** Closes DuckDB (in its thread, which then ends) and removes its spill folder; once, however often called. */
  close(): Promise<void>;
  /** True for the first caller only: the session is then theirs to run (a run closes it). */
  claim(): boolean;
  /** Where it runs: 'worker' or 'same' (tests). */
  readonly thread: 'worker' | 'same';
}

function missing(): SalesgradeError {
  return new SalesgradeError('usage', '--engine duckdb needs the optional dependency @duckdb/node-api, which is not installed', {
    hint: 'npm install @duckdb/node-api (or drop --engine duckdb: the default engine reads the files row by row)',
  });
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
  return {
    ...inner,
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

type Inner = Pick<DuckDbSession, 'ready' | 'run' | 'read' | 'close'>;

function sameThreadSession(open: Promise<DuckDbOpenOptions>): Inner {
  const exec: Promise<DuckDbExec> = open.then(async (o) => {
    const { DuckDbMissing, openDuckDbExec } = await import('./duckdb-exec.js');
    return openDuckDbExec(o).catch((e: unknown) => {
      throw e instanceof DuckDbMissing ? missing() : e;
    });
  });
  exec.catch(() => undefined);
  return {
    ready: async () => {
      await exec;
    },
    run: async (sql) => (await exec).run(sql),
    read: async (sql) => (await exec).read(sql),
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
  error?: string;
  closed?: true;
}

function workerSession(script: URL, open: Promise<DuckDbOpenOptions>): Inner {
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let next = 0;
  let gone: Error | undefined;
  let settleReady!: { resolve: () => void; reject: (e: Error) => void };
  const readyP = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }));
  readyP.catch(() => undefined);
  const worker = open.then((o) => {
    const w = new Worker(script, { workerData: o });
    w.on('message', (m: Reply) => {
      if (m.ready) settleReady.resolve();
      else if (m.failed !== undefined) settleReady.reject(m.missing ? missing() : new Error(m.failed));
      else if (m.id !== undefined) {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.error !== undefined) p?.reject(new Error(m.error));
        else p?.resolve(m);
      }
    });
    const fail = (e: Error) => {
      gone ??= e;
      settleReady.reject(e);
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    };
    w.on('error', fail);
    const exited = new Promise<void>((resolve) => w.once('exit', () => {
      fail(new Error('the DuckDB worker thread ended'));
      resolve();
    }));
    return { w, exited };
  });
  worker.catch((e: Error) => settleReady.reject(e));
  const ask = async (op: 'run' | 'read', sql: string): Promise<Reply> => {
    await readyP;
    const { w } = await worker;
    if (gone) throw gone;
    const id = next++;
    return new Promise<Reply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ id, op, sql });
    });
  };
  return {
    ready: () => readyP,
    run: async (sql) => {
      await ask('run', sql);
    },
    read: async (sql) => (await ask('read', sql)).rows!,
    close: async () => {
      const started = await worker.catch(() => undefined);
      if (!started) return;
      // The worker closes DuckDB after whatever it was doing, then its port: it ends by itself.
      if (!gone) started.w.postMessage({ op: 'close' });
      await started.exited;
    },
  };
}
