/**
 * The data sheets' second read (`ReadOptions.rawOnly`) in a worker thread (cli/pipeline/raw-rows-worker.ts):
 * the worker opens and reads the export — inflating and scanning an XLSX's sheet, or tokenizing a CSV,
 * and each row's values — on the other core, while the main thread annotates and writes the rows it
 * was sent; the rows cross packed (io/raw-rows-pack.ts), a few batches ahead at most. The rows, the
 * file's sha256, its progress and its errors are those of `openExport(path, { ...options, rawOnly })`
 * on the main thread, which stays the reference (taken when no worker script is built, as under
 * vitest on the sources): test/unit/cli/data-sheet-one-read.test.ts and test/e2e/data-sheet-worker.test.ts
 * hold the two to the same workbook bytes.
 */
import { Worker } from 'node:worker_threads';
import { SalesgradeError, type ErrorCode, type ErrorFacts, type ErrorLocation } from '../../shared/errors.js';
import { RowUnpacker, type PackedRows } from '../../io/raw-rows-pack.js';
import type { ReadOptions, ReadRow } from '../../io/read-types.js';

/**
 * An XLSX export of at least this many rows has its data sheet read in the worker. At 100k rows (load
 * ~10) the worker saved the main thread ~0.5 CPU-s of 6.3–6.8 but cost the process ~1–3 CPU-s more and
 * 60–90 MB of peak RSS; at 1M rows it saved 9–11 CPU-s of 34–39.
 */
export const WORKER_READ_ROWS = 250_000;

/** Batches the worker may send before the main thread has taken the first of them. */
export const RAW_ROWS_AHEAD = 4;

/** What the worker is given: the read's options that cross a thread (no callbacks, no `Decimal`s, no duplicate index). */
export interface RawRowsJob {
  path: string;
  options: Omit<ReadOptions, 'onProgress' | 'fx' | 'seen' | 'keepRaw' | 'rawOnly'>;
  /** The rubric's `fx` as written (the worker makes its `Decimal`s). */
  fx: Readonly<Record<string, number | string>> | undefined;
}

/** An error as it crosses the thread. */
interface ErrorData {
  salesgrade: boolean;
  name: string;
  message: string;
  code?: string;
  location?: ErrorLocation;
  hint?: string;
  facts?: ErrorFacts;
  stack?: string;
}

/** `e` as data to post. */
export function errorFacts(e: unknown): ErrorData {
  if (e instanceof SalesgradeError) {
    return {
      salesgrade: true,
      name: e.name,
      message: e.message,
      code: e.code,
      ...(e.location ? { location: e.location } : {}),
      ...(e.hint !== undefined ? { hint: e.hint } : {}),
      ...(e.facts ? { facts: e.facts } : {}),
      ...(e.stack !== undefined ? { stack: e.stack } : {}),
    };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as NodeJS.ErrnoException).code;
  return { salesgrade: false, name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}), ...(err.stack !== undefined ? { stack: err.stack } : {}) };
}

function rebuilt(d: ErrorData): Error {
  if (d.salesgrade) {
    const e = new SalesgradeError(d.code as ErrorCode, d.message, { ...(d.location ? { location: d.location } : {}), ...(d.hint !== undefined ? { hint: d.hint } : {}), ...(d.facts ? { facts: d.facts } : {}) });
    e.name = d.name;
    if (d.stack !== undefined) e.stack = d.stack;
    return e;
  }
  const e = Object.assign(new Error(d.message), d.code !== undefined ? { code: d.code } : {});
  e.name = d.name;
  if (d.stack !== undefined) e.stack = d.stack;
  return e;
}

/** The built worker script, or undefined when running from the TypeScript sources (the main thread reads). */
export function rawRowsWorkerScript(): URL | undefined {
  return import.meta.url.endsWith('.js') ? new URL('./raw-rows-worker.js', import.meta.url) : undefined;
}

let started = 0;
/** Workers started by this process (for tests: the worker path was taken). */
export const rawRowsWorkersStarted = (): number => started;

type Message = { t: 'rows'; p: PackedRows } | { t: 'progress'; done: number; total: number } | { t: 'end'; sha256: string } | { t: 'error'; error: ErrorData };

/**
 * The second read of `job.path` in a worker: `batches()` as `openExport(…).batches()` gives them with
 * `rawOnly` (source references under `file`), `sha256()` once they are all read. Stopping early (or an
 * error) ends the worker.
 */
export function rawRowsInWorker(script: URL, job: RawRowsJob, file: string, onProgress?: (done: number, total: number) => void): { batches(): AsyncGenerator<ReadRow[]>; sha256(): string } {
  let digest: string | undefined;
  async function* batches(): AsyncGenerator<ReadRow[]> {
    const worker = new Worker(script, { workerData: job });
    started++;
    const queue: (Message | { t: 'failed'; error: Error })[] = [];
    let waiting: (() => void) | undefined;
    const push = (m: Message | { t: 'failed'; error: Error }) => {
      queue.push(m);
      const w = waiting;
      waiting = undefined;
      w?.();
    };
    worker.on('message', (m: Message) => push(m));
    worker.on('error', (error: Error) => push({ t: 'failed', error }));
    worker.on('exit', (code) => push({ t: 'failed', error: new SalesgradeError('internal', `the data sheet's reading thread ended (exit code ${code}) before the end of ${file}`) }));
    const unpacker = new RowUnpacker(file);
    let ended = false;
    try {
      for (;;) {
        if (queue.length === 0) await new Promise<void>((res) => (waiting = res));
        const m = queue.shift()!;
        if (m.t === 'rows') {
          // the worker reads the next batch while this one is annotated and written
          worker.postMessage('next');
          yield unpacker.unpack(m.p);
        } else if (m.t === 'progress') onProgress?.(m.done, m.total);
        else if (m.t === 'end') {
          digest = m.sha256;
          ended = true;
          return;
        } else if (m.t === 'error') throw rebuilt(m.error);
        else throw m.error;
      }
    } finally {
      if (!ended) await worker.terminate();
    }
  }
  return {
    batches,
    sha256: () => {
      if (digest === undefined) throw new Error('sha256() is known once every batch is read');
      return digest;
    },
  };
}
