/**
 * The worker thread of cli/pipeline/raw-rows.ts: one export's data sheet, written on the other core
 * while the main thread deflates it — the export read again (`openExport` with `rawOnly`), each row
 * annotated from its code (cli/pipeline/data-rows.ts), the sheet's rows built (report/workbook.ts
 * `dataSheetModel`) and encoded (io/xlsx-write.ts `sheetXmlPieces`).
 *
 * workerData: `RawRowsJob` with its `spec`. Messages out: `{ t: 'piece', p: SheetXmlPiece, read }`
 * (at most RAW_ROWS_AHEAD unanswered: the main thread answers each with `'next'`; `read`: source rows
 * read since the last piece), `{ t: 'progress', done, total }`, then `{ t: 'end' }` or
 * `{ t: 'error', error }` last.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RowAnnotation } from '../../engine/types.js';
import { openExport } from '../../io/read-export.js';
import type { ReadRow } from '../../io/read-types.js';
import { fxRates } from '../../io/values.js';
import { pieceBuffers, sheetXmlPieces } from '../../io/xlsx-write.js';
import { dataSheetModel } from '../../report/workbook.js';
import { SKIP_ROW, codedDataRows } from './data-rows.js';
import { RAW_ROWS_AHEAD, errorFacts, type RawRowsJob } from './raw-rows.js';
import { collectGarbage } from './heap.js';

/**
 * A full collection of the worker's heap every this many rows read. Measured when the worker only read
 * the rows (branch wb1m): left to itself, V8 grew the worker's heap to ~140 MB on the 1M-row XLSX (its
 * live data: the shared strings, ~35 MB) — the run's peak RSS 316 MB against 234 MB with the read on the
 * main thread; collected every 50,000 rows it stayed at ~48 MB (peak 255 MB), for ~20 collections of a
 * small heap on the worker's core. Kept as it was now that the worker also builds and encodes the rows
 * (their garbage is young: each batch's rows are encoded and dropped before the next).
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
  const spec = job.spec;
  if (!spec) throw new Error('raw-rows worker: no data sheet to write');
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
  const { codes, exclusions } = job;
  const classes = new Map(job.classes);
  const annotation = (code: number): RowAnnotation => (code & 1 ? exclusions[code >>> 1]! : classes.get(code >>> 1)!);
  const codeAt = (i: number): number => (i < codes.length ? codes[i]! : SKIP_ROW);
  let read = 0;
  let since = 0;
  async function* counted(): AsyncGenerator<ReadRow[]> {
    for await (const batch of reader.batches()) {
      read += batch.length;
      since += batch.length;
      yield batch;
      if (since >= WORKER_GC_ROWS) {
        since = 0;
        collectGarbage();
      }
    }
  }
  const rows = codedDataRows(job.sheet, counted(), codeAt, annotation, () => reader.sha256());
  for await (const p of sheetXmlPieces(dataSheetModel(spec, rows), spec.sheetNo, spec.styles)) {
    if (credit <= 0) await new Promise<void>((res) => (wake = res));
    credit--;
    port.postMessage({ t: 'piece', p, read }, pieceBuffers(p));
    read = 0;
  }
  port.postMessage({ t: 'end' });
}

// Done (or failed): nothing more to listen for, so the thread ends once its messages are sent.
run().then(
  () => port.off('message', onNext),
  (e: unknown) => {
    port.postMessage({ t: 'error', error: errorFacts(e) });
    port.off('message', onNext);
  },
);
