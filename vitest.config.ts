import { defineConfig } from 'vitest/config';

// One time zone for every test process (inherited by the pool's workers): far from UTC, so a date
// read or printed in local time instead of UTC shows. The e2e helper runs the CLI in-process under it
// (test/e2e/evaluate-helpers.ts) and spawns a process only for a case that asks for another zone.
process.env.TZ = 'Pacific/Kiritimati';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup-fast-check.ts'],
  },
});
