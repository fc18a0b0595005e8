/**
 * The data sheets' rows from their second read: each row's values as read again, its annotation from
 * the code the first read kept for it (evaluate.ts `RowCodes`), checked at the end against what the
 * first read found. One implementation for the main thread (evaluate.ts) and the worker thread that
 * writes a long export's data sheet (raw-rows-worker.ts).
 */
import { SalesgradeError } from '../../shared/errors.js';
import type { RowAnnotation } from '../../engine/types.js';
import type { ReadRow } from '../../io/read-types.js';
import type { DataRowInput } from '../../report/workbook.js';

/** A row's code when the first read kept none for it (a row past the end of what it read). */
export const SKIP_ROW = 0xffffffff;

/** What the first read found of one file, for its data sheet. */
export interface CodedSheet {
  /** The file as messages name it. */
  shown: string;
  /** Rows read, and their file's sha256. */
  rows: number;
  sha256: string;
  /** Rows the data sheet shows, and those past a sheet's last row. */
  count: number;
  pastEnd: number;
}

/** The data sheet's second read did not find the file the first read graded. */
export function changedWhileWritten(k: { shown: string }): SalesgradeError {
  return new SalesgradeError('input-changed', 'the file changed while the workbook was written from it (read twice: once to grade, once for its data sheet); the workbook is not written', {
    location: { file: k.shown },
    hint: 'run again once the file is no longer being written',
  });
}

/**
 * The rows of `batches` (the second read of `k`, `rawOnly`) annotated by their codes (`codeAt(i)` of
 * the i-th row read; `annotation(code)` an even code's class or an odd code's exclusion), a batch at
 * a time; then `sha256()` and the counts checked against the first read's (`input-changed`).
 */
export async function* codedDataRows(
  k: CodedSheet,
  batches: AsyncIterable<readonly ReadRow[]>,
  codeAt: (i: number) => number,
  annotation: (code: number) => RowAnnotation,
  sha256: () => string,
): AsyncGenerator<DataRowInput[]> {
  let i = 0;
  let count = 0;
  for await (const batch of batches) {
    const out: DataRowInput[] = [];
    for (let b = 0; b < batch.length; b++) {
      const row = batch[b]!;
      const code = codeAt(i++);
      if (code === SKIP_ROW || !row.raw) continue;
      count++;
      const source = row.source.file === k.shown ? row.source : { ...row.source, file: k.shown };
      out.push({ source, raw: row.raw, annotation: annotation(code) });
    }
    if (out.length > 0) yield out;
  }
  if (sha256() !== k.sha256 || i !== k.rows || count !== k.count + k.pastEnd) throw changedWhileWritten(k);
}
