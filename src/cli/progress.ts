/**
 * A progress bar on stderr for long reads and writes: shown only when stderr is a terminal and the
 * work has taken more than a second, redrawn at most ten times a second, erased when done. Never on
 * stdout, never in a pipe or a CI log. It shows how far through the file (bytes, when the total is
 * known), the rows so far and the rows per second:
 *
 *   q3.csv [██████████░░░░░░░░░░]  48%  480,000 rows · 312,000 rows/s
 *
 * Hand-written rather than cli-progress (the bar users know): that one needs a readline-capable
 * stream (ours is the injected `CliIo` writer, so tests and EPIPE handling see every byte) and runs
 * its own redraw timer, which every error path would have to stop; this is fifty lines, lazy and tested.
 */
import type { CliIo } from './io.js';

export interface Progress {
  /** `done` and `total` in the same unit (bytes for the readers); total 0 when unknown. */
  update(done: number, total: number): void;
  /** `n` more rows read or written (for rows/s). */
  rows(n: number): void;
  /**
   * The batches of `source`, counting their rows; the bar is erased when the loop over them ends,
   * however it ends (exhausted, `break`, or an error).
   */
  track<T extends { length: number }>(source: AsyncIterable<T>): AsyncGenerator<T>;
  /** Erase the bar (if it was shown). */
  finish(): void;
}

const NONE: Progress = {
  update: () => undefined,
  rows: () => undefined,
  track: async function* <T>(source: AsyncIterable<T>) {
    yield* source;
  },
  finish: () => undefined,
};

const group = (n: number): string => Math.round(n).toLocaleString('en-US');

export function createProgress(io: CliIo, label: string, options: { quiet?: boolean; delayMs?: number; now?: () => number } = {}): Progress {
  if (options.quiet || !io.stderr.isTTY) return NONE;
  const now = options.now ?? (() => io.now().getTime());
  const delay = options.delayMs ?? 1000;
  const start = now();
  let lastDraw = 0;
  let shown = false;
  let done = 0;
  let total = 0;
  let rows = 0;
  const width = Math.max(20, Math.min(io.stderr.columns ?? 80, 100) - 1);
  const draw = (): void => {
    const t = now();
    if (t - start < delay || t - lastDraw < 100) return;
    lastDraw = t;
    shown = true;
    const name = label.length > 30 ? `…${label.slice(-29)}` : label;
    const rate = rows > 0 ? `  ${group(rows)} rows · ${group((rows * 1000) / (t - start))} rows/s` : '';
    const pct = total > 0 ? `${Math.floor(Math.min(1, done / total) * 100)}%`.padStart(4) : '';
    // the bar takes what the name, percentage and rate leave (at least 10 columns; the rate goes first)
    let tail = `${pct}${rate}`;
    if (width - name.length - tail.length - 4 < 10) tail = pct;
    const barW = Math.max(10, width - name.length - tail.length - 4);
    if (total > 0) {
      const filled = Math.round(Math.min(1, done / total) * barW);
      io.stderr.write(`\r${name} [${'█'.repeat(filled)}${'░'.repeat(barW - filled)}] ${tail}`.padEnd(width + 1));
    } else io.stderr.write(`\r${name}${tail}`.padEnd(width + 1));
  };
  const progress: Progress = {
    update(d, t) {
      done = d;
      total = t;
      draw();
    },
    rows(n) {
      rows += n;
      draw();
    },
    async *track<T extends { length: number }>(source: AsyncIterable<T>): AsyncGenerator<T> {
      try {
        for await (const batch of source) {
          progress.rows(batch.length);
          yield batch;
        }
      } finally {
        progress.finish();
      }
    },
    finish() {
      if (shown) io.stderr.write(`\r${' '.repeat(width)}\r`);
      shown = false;
    },
  };
  return progress;
}
