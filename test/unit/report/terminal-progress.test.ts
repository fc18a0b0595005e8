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

describe('progress bar: rows per second, and erased however the read ends', () => {
  it('shows the rows so far and the rows per second beside the percentage', () => {
    const x = io(true);
    x.err.columns = 100;
    let clock = 0;
    const p = createProgress(x, 'q3.csv', { now: () => clock });
    p.rows(100_000);
    clock = 2000;
    p.update(40, 100);
    clock = 3000;
    p.rows(800_000); // 900,000 rows in 3 s
    const drawn = x.err.text().split('\r').filter(Boolean).pop()!;
    expect(drawn).toMatch(/^q3\.csv \[█+░+\]  40%  900,000 rows · 300,000 rows\/s *$/);
    expect(drawn.length).toBe(99);
  });

  it('without a known total shows the rows and the rate alone', () => {
    const x = io(true);
    let clock = 0;
    const p = createProgress(x, 'out.xlsx', { now: () => clock });
    clock = 1500;
    p.rows(30_000);
    expect(x.err.text().trimEnd()).toBe('\rout.xlsx  30,000 rows · 20,000 rows/s');
  });

  it('track() counts the batches\' rows and erases the bar when the loop stops on an error', async () => {
    const x = io(true);
    let clock = 0;
    const p = createProgress(x, 'big.csv', { now: () => clock });
    async function* batches() {
      clock = 1200;
      yield [1, 2, 3];
      clock = 1400;
      yield [4, 5];
      throw new Error('bad row');
    }
    let seen = 0;
    await expect(
      (async () => {
        for await (const b of p.track(batches())) seen += b.length;
      })(),
    ).rejects.toThrow('bad row');
    expect(seen).toBe(5);
    const text = x.err.text();
    expect(text).toContain('5 rows');
    expect(text.endsWith(`\r${' '.repeat(59)}\r`)).toBe(true);
  });
});
