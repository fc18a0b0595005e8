import { defineConfig } from 'vitest/config';

// Two projects, because they want different pools (measured on the 2-core machine, CPU time of the
// whole unit run: forks with isolation 112 s, threads without isolation 64 s):
// - unit: worker threads, modules shared between files (no test changes the process: no chdir, no
//   mocks, no env writes); the machine's time zone, as before.
// - e2e: child processes in TZ=Pacific/Kiritimati (UTC+14, so a date read or printed in local time
//   instead of UTC shows). The CLI runs in-process there (test/e2e/evaluate-helpers.ts `run()`), in a
//   worker thread of that process, and the time zone is per process: a case that asks for another
//   zone is spawned. Not isolated either: one CLI worker serves every e2e file of a process, so state
//   left behind by one run would show in the next.
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

export default defineConfig({
  test: {
    projects: [
      // isolated: without it the unit files' module state piles up in one worker thread's heap until V8's
      // limit (a full run died with "JavaScript heap out of memory" at ~3.9 GB once the SQL and writer
      // tests joined); a fresh module graph per file lets each file's data be collected
      { test: { ...shared, name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: stackSized, pool: 'threads', isolate: true } },
      { test: { ...shared, name: 'stack', include: stackSized, pool: 'forks', execArgv: ['--stack-size=200'] } },
      { test: { ...shared, name: 'e2e', include: ['test/e2e/**/*.test.ts'], pool: 'forks', env: { TZ: 'Pacific/Kiritimati' } } },
    ],
  },
});
