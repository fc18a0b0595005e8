/**
 * The worker thread of cli/pipeline/raw-rows.ts: the data sheets' second read of one export (`openExport` with
 * `rawOnly`), on the other core while the main thread annotates and writes the rows it was sent.
 *
 * workerData: `RawRowsJob`. Messages out: `{ t: 'rows', p: PackedRows }` per batch (at most
 * RAW_ROWS_AHEAD unanswered: the main thread answers each with `'next'`), `{ t: 'progress', done,
 * total }`, then `{ t: 'end', sha256 }` or `{ t: 'error', error }` last.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openExport } from '../../io/read-export.js';
import { RowPacker, transferList } from '../../io/raw-rows-pack.js';
import { RAW_ROWS_AHEAD, errorFacts, type RawRowsJob } from './raw-rows.js';
import { fxRates } from '../../io/values.js';
import { collectGarbage } from './heap.js';

/**
 * A full collection of the worker's heap every this many rows. Left to itself, V8 grew the worker's
 * heap to ~140 MB on the 1M-row XLSX (its live data: the shared strings, ~35 MB) — the run's peak RSS
 * 316 MB against 234 MB with the read on the main thread; collected every 50,000 rows it stays at
 * ~48 MB (peak 255 MB), for ~20 collections of a small heap on the worker's core.
 */
const WORKER_GC_ROWS = 50_000;

const port = parentPort!;
const job = workerData as RawRowsJob;

let credit = RAW_ROWS_AHEAD;
let wake: (() => void) | undefined;
const onNext = (): void => {
  credit++;
  const w = wake;
  wake = undefined;
  w?.();
};
port.on('message', onNext);

async function run(): Promise<void> {
  const fx = fxRates(job.fx);
  let lastProgress = 0;
  const reader = await openExport(job.path, {
    ...job.options,
    ...(fx ? { fx } : {}),
    keepRaw: true,
    rawOnly: true,
    onProgress: (done, total) => {
      // a progress line is redrawn a few times a second at most: a message per 1 % is plenty
      if (done === total || done - lastProgress >= total / 100) {
        lastProgress = done;
        port.postMessage({ t: 'progress', done, total });
      }
    },
  });
  const packer = new RowPacker();
  let since = 0;
  for await (const batch of reader.batches()) {
    if (credit <= 0) await new Promise<void>((res) => (wake = res));
    credit--;
    const p = packer.pack(batch);
    port.postMessage({ t: 'rows', p }, transferList(p));
    since += batch.length;
    if (since >= WORKER_GC_ROWS) {
      since = 0;
      collectGarbage();
    }
  }
  port.postMessage({ t: 'end', sha256: reader.sha256() });
}

// Done (or failed): nothing more to listen for, so the thread ends once its messages are sent.
run().then(
  () => port.off('message', onNext),
  (e: unknown) => {
    port.postMessage({ t: 'error', error: errorFacts(e) });
    port.off('message', onNext);
  },
);
