// The real binary, spawned, next to the in-process runs every other e2e case uses
// (evaluate-helpers.ts `run()`): the bin shim starts and maps main's result to the exit code, and an
// in-process run gives what a spawned run gives, byte for byte, on the same command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyInto, repoRoot, run, runInProcess, spawnRun, suiteTimeZone, workdir } from './evaluate-helpers.js';

let w: { dir: string; cleanup: () => void } | undefined;
afterEach(() => w?.cleanup());

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('the binary', () => {
  it('--version: the package version on stdout, exit 0', () => {
    w = workdir();
    expect(spawnRun(w.dir, ['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('an unknown option: exit 2, the usage error on stderr, nothing on stdout', () => {
    w = workdir();
    const r = spawnRun(w.dir, ['evaluate', '--no-such-option']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown option '--no-such-option'/);
  });
});

describe('in-process runs are the binary', () => {
  it('the suite runs in its time zone, so run() stays in-process', () => {
    expect(process.env.TZ).toBe(suiteTimeZone);
    // Kiritimati is UTC+14 all year
    expect(new Date('2026-07-01T00:00:00Z').getTimezoneOffset()).toBe(-14 * 60);
  });

  it.each([
    ['the sample, JSON', ['evaluate', 'inside-sales-2026.csv', '-r', 'inside-sales.yaml', '--no-workbook', '-f', 'json']],
    ['the sample, terminal report', ['evaluate', 'inside-sales-2026.csv', '-r', 'inside-sales.yaml', '--no-workbook']],
    ['a missing input', ['evaluate', 'missing.csv', '-r', 'inside-sales.yaml', '--no-workbook']],
    ['check', ['check', 'inside-sales.yaml']],
    ['--strict', ['evaluate', 'inside-sales-2026.csv', '-r', 'inside-sales.yaml', '--no-workbook', '-q', '--strict']],
  ])('%s: status, stdout and stderr as spawned', (_name, args) => {
    w = workdir();
    copyInto(w.dir, 'samples', '.');
    const a = spawnRun(w.dir, args);
    const b = run(w.dir, args);
    expect(b).toEqual(a);
    expect(a.stdout.length + a.stderr.length).toBeGreaterThan(0);
  });
});
