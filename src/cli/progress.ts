/**
 * A progress bar on stderr for long reads: shown only when stderr is a terminal and the read has
 * taken more than a second, redrawn at most ten times a second, erased when done. Never on stdout,
 * never in a pipe or a CI log.
 */
import type { CliIo } from './io.js';

export interface Progress {
  /** `done` and `total` in the same unit (bytes for the readers). */
  update(done: number, total: number): void;
  /** Erase the bar (if it was shown). */
  finish(): void;
}

const NONE: Progress = { update: () => undefined, finish: () => undefined };

export function createProgress(io: CliIo, label: string, options: { quiet?: boolean; delayMs?: number; now?: () => number } = {}): Progress {
  if (options.quiet || !io.stderr.isTTY) return NONE;
  const now = options.now ?? (() => io.now().getTime());
  const delay = options.delayMs ?? 1000;
  const start = now();
  let lastDraw = 0;
  let shown = false;
  const width = Math.max(20, Math.min(io.stderr.columns ?? 80, 100) - 1);
  return {
    update(done, total) {
      const t = now();
      if (t - start < delay || t - lastDraw < 100) return;
      lastDraw = t;
      shown = true;
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
      const name = label.length > 30 ? `…${label.slice(-29)}` : label;
      const barW = Math.max(10, width - name.length - pct.length - 4);
      const filled = Math.round(fraction * barW);
      io.stderr.write(`\r${name} [${'█'.repeat(filled)}${'░'.repeat(barW - filled)}] ${pct}`);
    },
    finish() {
      if (shown) io.stderr.write(`\r${' '.repeat(width)}\r`);
      shown = false;
    },
  };
}
