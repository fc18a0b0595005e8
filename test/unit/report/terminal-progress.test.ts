// The stderr progress bar (src/cli/progress.ts) that accompanies long reads in the terminal report's
// commands: only on a TTY, only after a second, erased at the end.
import { describe, expect, it } from 'vitest';
import { memoryWriter, type CliIo } from '../../../src/cli/io.js';
import { createProgress } from '../../../src/cli/progress.js';

function io(tty: boolean): CliIo & { err: ReturnType<typeof memoryWriter> } {
  const err = memoryWriter(tty);
  err.columns = 60;
  return { stdout: memoryWriter(false), stderr: err, err, env: {}, cwd: '/', now: () => new Date(0) };
}

describe('progress bar', () => {
  it('draws nothing before a second has passed, then a bar, and erases it when done', () => {
    const x = io(true);
    let clock = 0;
    const p = createProgress(x, 'q3.csv', { now: () => clock });
    clock = 500;
    p.update(10, 100);
    expect(x.err.text()).toBe('');
    clock = 1200;
    p.update(50, 100);
    const drawn = x.err.text();
    expect(drawn.startsWith('\rq3.csv [')).toBe(true);
    expect(drawn.endsWith('  50%')).toBe(true);
    expect(drawn.length).toBe(60); // '\r' + 59 columns
    clock = 1250;
    p.update(60, 100); // throttled: at most every 100 ms
    expect(x.err.text()).toBe(drawn);
    p.finish();
    expect(x.err.text()).toBe(`${drawn}\r${' '.repeat(59)}\r`);
  });

  it('stays silent when stderr is not a terminal, or with --quiet', () => {
    for (const [tty, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const x = io(tty);
      let clock = 0;
      const p = createProgress(x, 'big.xlsx', { quiet, now: () => clock });
      clock = 5000;
      p.update(1, 2);
      p.finish();
      expect(x.err.text()).toBe('');
    }
  });
});
