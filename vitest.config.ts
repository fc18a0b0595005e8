import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Projects, because they want different pools (measured on the 2-core machine, CPU time of the
// whole unit run: forks with isolation 112 s, threads without isolation 64 s):
// - unit: worker threads, modules shared between files (no test changes the process: no chdir, no
//   mocks, no env writes); the machine's time zone.
// - e2e: child processes in TZ=Pacific/Kiritimati (UTC+14, so a date read or printed in local time
//   instead of UTC shows). The CLI runs in-process there (test/e2e/evaluate-helpers.ts `run()`), in a
//   worker thread of that process, and the time zone is per process: a case that asks for another
//   zone is spawned. Not isolated either: one CLI worker serves every e2e file of a process, so state
//   left behind by one run would show in the next.
//   With them, unit tests that need a process (`ownProcess`), not one to themselves: TZ set in
//   process.env (a worker thread's env is its own copy: setting TZ there changes no time zone) and
//   node's own stack. They had the 'process' project with scale.test; in the e2e processes they load
//   src/ and start no process of their own (~1 s of CPU).
// - process: scale.test alone: CPU time measured with process.cpuUsage() (it counts the whole process,
//   so in a worker thread the other unit thread too) and the heap.
const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  setupFiles: ['test/setup-fast-check.ts'],
  isolate: false,
};

// Tests sized by the stack (their inputs are a multiple of the longest argument spread the stack
// takes, so a spread over data shows as a crash): a process with a small stack keeps them small.
// A worker thread's stack is 4 MB, 4× a process's, which would make them 4× bigger.
const stackSized = ['test/unit/report/large-outputs.test.ts'];
const ownProcess = ['test/unit/io/xlsx-write.test.ts', 'test/unit/cli/big-export.test.ts'];
// A process to itself: scale.test measures the heap and compares Decimal instances, which another
// file's leftovers in a shared process change (in an e2e process: 9.15 KB a rep against its 9 KB bar).
const alone = ['test/unit/engine/scale.test.ts'];

export default defineConfig({
  test: {
    // Two workers on the 2-core machine (vitest's default is cores - 1: one worker, the whole suite in
    // one file after another, 108 s idle). An e2e worker's test thread waits while its CLI worker
    // runs, so two workers keep the two cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      // Not isolated: a file's module graph is kept for the next file of the same thread (isolating each
      // file cost ~25 s of CPU in re-imports). It was isolated after a full run died with "JavaScript
      // heap out of memory" at ~3.9 GB; today the heap of a unit thread stays under ~0.5 GB through the
      // whole run (--logHeapUsage, in run order and shuffled), see the README's Tests section.
      { test: { ...shared, name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: [...stackSized, ...ownProcess, ...alone], pool: 'threads' } },
      { test: { ...shared, name: 'process', include: alone, pool: 'forks' } },
      { test: { ...shared, name: 'stack', include: stackSized, pool: 'forks', execArgv: ['--stack-size=100'] } },
      { test: { ...shared, name: 'e2e', include: ['test/e2e/**/*.test.ts', ...ownProcess], pool: 'forks', env: { TZ: 'Pacific/Kiritimati' } } },
    ],
  },
});
