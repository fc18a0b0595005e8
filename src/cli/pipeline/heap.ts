/**
 * One full garbage collection at a phase boundary of a big run (issue 12, peak RSS). When the default
 * command starts the workbook's second read of a long export, most of its heap is garbage — the first
 * read's chunks and records, the duplicate index, an XLSX's first shared-string table — that V8 has
 * not collected yet, and the second read's own garbage then grows the heap on top of it: the 1M-row
 * XLSX peaked at 300–390 MB, the CSV at 210–260 MB. Collecting once there (~50 ms on those heaps)
 * starts the write from the live data alone, and V8 sizes the heap's next limit from that. Not for
 * small runs (`FULL_GC_ROWS`): there it would cost more than it saves.
 *
 * V8 offers no collection to a program without `--expose-gc`: the flag is set at run time and `gc`
 * taken from a fresh context, the one documented way (node:v8 `setFlagsFromString`).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A data sheet of at least this many rows is written after a full collection. */
export const FULL_GC_ROWS = 250_000;

let gc: ((options?: { type: 'minor' | 'major' }) => void) | undefined;

/**
 * A run whose read has seen this many reps runs with the heap's growth bounded (`boundHeapGrowth`):
 * FULL_GC_REPS, from which the workbook is written after a full collection too.
 */
export const BOUNDED_GROWTH_REPS = 20_000;
/** How far V8 may grow the heap past what a full collection left, in percent (V8's own factor: 1.1–4×). */
export const HEAP_GROWTH_PERCENT = 50;
let bounded = false;

/**
 * Bounds the heap's growth for a run of many reps (issue 10 item 16). After each full collection V8
 * sets the next one's trigger at up to 4× what it found alive when collections are cheap beside the
 * work — and the live heap of 61,000 reps is ~130 MB after the read, ~180 MB once graded, so the
 * garbage of the read, the scoring and the outputs grew the heap to 560–850 MB before V8 collected it.
 * At 1.5× the same runs peak under 400 MB. Set at run time the way `gc` is exposed
 * (`--heap-growing-percent`, read by V8 each time it sizes the heap); kept for the process. Called as
 * the reps are read (`reps` seen so far), not from the input's size: a long export of few reps (the
 * 1M-row CSV, 500 reps) paid ~4–5 % more CPU for it when every input of 2 MB or more was bounded.
 */
export function boundHeapGrowth(reps: number): boolean {
  if (reps < BOUNDED_GROWTH_REPS) return false;
  if (!bounded) {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWTH_PERCENT}`);
    bounded = true;
  }
  return true;
}

/** Runs a full collection now (the first call exposes V8's `gc`). */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as typeof gc;
  }
  gc!();
}

/** Runs a young-generation collection (a scavenge) now; a few ms when little in it is alive. */
export function collectYoung(): void {
  if (!gc) collectGarbage();
  else gc({ type: 'minor' });
}

/**
 * An evaluation of at least this many reps is collected once before its workbook is built (issue 10
 * item 16): what the scoring and the report left is garbage by then, and V8 sizes the heap's next
 * limit from what one collection finds alive — the Evaluation alone (~3 KB a rep), instead of letting
 * the Scorecard's rows pile onto the report's.
 */
export const FULL_GC_REPS = 20_000;

/**
 * The heap's growth while the workbook of a big evaluation is written, in percent: everything the writer
 * makes is garbage around a live heap that no longer changes (the Evaluation), so the bound is tighter
 * than the read's — 61,000 reps: ~440 MB peak at 50%, ~400 MB at 20%, for ~3 CPU-seconds more collection.
 */
export const WORKBOOK_GROWTH_PERCENT = 20;

/**
 * Collects before the workbook of an evaluation of `reps` reps is written, when that is a big one, and
 * bounds the heap's growth to WORKBOOK_GROWTH_PERCENT from there (kept for the process: the workbook is
 * the run's last step); true when it did.
 */
export function collectBeforeWorkbook(reps: number): boolean {
  if (reps < FULL_GC_REPS) return false;
  setFlagsFromString(`--heap-growing-percent=${WORKBOOK_GROWTH_PERCENT}`);
  collectGarbage();
  return true;
}

/** Collects before a data sheet of `rows` rows is read again, when that is a big one; true when it did. */
export function collectBeforeDataSheet(rows: number): boolean {
  if (rows < FULL_GC_ROWS) return false;
  collectGarbage();
  return true;
}
