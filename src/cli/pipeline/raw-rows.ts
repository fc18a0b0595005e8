/**
 * A long export's data sheet written in a worker thread (cli/pipeline/raw-rows-worker.ts): the worker
 * reads the export again (`ReadOptions.rawOnly`: inflating and scanning an XLSX's sheet, or tokenizing
 * a CSV), annotates each row from the code the first read kept for it (cli/pipeline/data-rows.ts),
 * builds the sheet's rows (report/workbook.ts `dataSheetModel`) and encodes their XML
 * (io/xlsx-write.ts `sheetXmlPieces`), on the other core, while the main thread deflates what it was
 * sent. The sheet's styles are numbered on from the main thread's style table as the sheet starts,
 * and the table comes back with the last piece; the notes of the findings on the sheet come back with
 * the piece they are in. The bytes, the notes, the file's checks and its errors are those of the
 * sheet written on the main thread, which stays the reference (taken when no worker script is built,
 * as under vitest on the sources): test/unit/cli/data-sheet-one-read.test.ts (the built worker) and
 * test/unit/report/workbook-data-sheet-elsewhere.test.ts (the same steps on one thread) hold the two to
 * the same workbook bytes.
 */
import { Worker } from 'node:worker_threads';
import { SalesgradeError, type ErrorCode, type ErrorFacts, type ErrorLocation } from '../../shared/errors.js';
import type { RowAnnotation } from '../../engine/types.js';
import type { ReadOptions } from '../../io/read-types.js';
import type { DataSheetSpec } from '../../report/workbook.js';
import type { SheetXmlPiece } from '../../shared/sheet-model.js';
import type { CodedSheet } from './data-rows.js';

/**
 * An XLSX export of at least this many rows has its data sheet written in the worker (a CSV's only when
 * a script is given: `EvaluateRequest.dataSheetWorker`). At 100k rows the worker's start and heap
 * cost more than it saves (measured when it read the rows only: README, Performance).
 */
export const WORKER_READ_ROWS = 250_000;

/** Pieces of XML (~1 MB each) the worker may send before the main thread has taken the first of them. */
export const RAW_ROWS_AHEAD = 4;

/** What the worker is given: the read's options that cross a thread (no callbacks, no `Decimal`s, no duplicate index), the first read's codes and the sheet. */
export interface RawRowsJob {
  path: string;
  options: Omit<ReadOptions, 'onProgress' | 'fx' | 'seen' | 'keepRaw' | 'rawOnly'>;
  /** The rubric's `fx` as written (the worker makes its `Decimal`s). */
  fx: Readonly<Record<string, number | string>> | undefined;
  /** What the first read found of the file. */
  sheet: CodedSheet;
  /** Each row's code, in read order (evaluate.ts `RowCodes`). */
  codes: Uint32Array;
  /** An odd code's annotation by `code >>> 1`, and an even code's (the classes the codes use). */
  exclusions: RowAnnotation[];
  classes: [number, RowAnnotation][];
  /** The data sheet, set as the writer reaches it. */
  spec?: DataSheetSpec;
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

type Message = { t: 'piece'; p: SheetXmlPiece; read: number } | { t: 'progress'; done: number; total: number } | { t: 'end' } | { t: 'error'; error: ErrorData };

/**
 * The data sheet of `job` (its `spec` set), written in a worker: the pieces of its XML, as
 * `sheetXmlPieces(dataSheetModel(spec, rows))` gives them on this thread. `onRows` is told the source
 * rows read. Stopping early (or an error) ends the worker.
 */
export async function* dataSheetInWorker(
  script: URL,
  job: RawRowsJob,
  onProgress?: (done: number, total: number) => void,
  onRows?: (n: number) => void,
): AsyncGenerator<SheetXmlPiece> {
  const worker = new Worker(script, { workerData: job, transferList: [job.codes.buffer as ArrayBuffer] });
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
  worker.on('exit', (code) => push({ t: 'failed', error: new SalesgradeError('internal', `the data sheet's writing thread ended (exit code ${code}) before the end of ${job.sheet.shown}`) }));
  let ended = false;
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((res) => (waiting = res));
      const m = queue.shift()!;
      if (m.t === 'piece') {
        // the worker writes the next piece while this one is deflated
        worker.postMessage('next');
        if (m.read > 0) onRows?.(m.read);
        yield m.p;
      } else if (m.t === 'progress') onProgress?.(m.done, m.total);
      else if (m.t === 'end') {
        ended = true;
        return;
      } else if (m.t === 'error') throw rebuilt(m.error);
      else throw m.error;
    }
  } finally {
    if (!ended) await worker.terminate();
  }
}
