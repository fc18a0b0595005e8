/**
 * `evaluate --engine duckdb` opens DuckDB in a worker thread as the run starts (src/io/duckdb-session.ts),
 * before the rubric is loaded. What the run refuses is still refused first, with the line and exit code
 * it had, and the process ends (the worker is closed, never left running): a bad or missing rubric,
 * a data file that is missing or is a folder, a payload name that does not fit the format, a view the
 * table cannot give — each with nothing on stdout. The `--engine duckdb` runs are made in a real node
 * process that must end by itself when they are done (spawnRuns: one node start-up and one load of
 * dist/ and of DuckDB for all eight, where eight spawns cost ~1.1 CPU-s each): a run that left its DuckDB
 * worker open keeps that process alive, as it would keep `node bin/salesgrade.js` alive. The first case
 * is refused while its fresh worker is still loading DuckDB; the later ones reuse the thread a closed
 * session keeps (io/duckdb-session.ts), as a process running `main` more than once does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { run, spawnRuns, type Run } from './evaluate-helpers.js';
import { rubricFor, writeWorkdir, genRow } from '../unit/engine/sql/generated-export.js';
import fc from 'fast-check';

const BAD_RUBRIC = 'salesgrade: 1\nname: bad\nperiod: quarter\nsource:\n  fields:\n    rep: [Owner]\nmetrics:\n  x: { sum: nope }\nkpis: []\ntiers: []\n';

function oneLine(r: Run): string {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

test('--engine duckdb refuses what it refused before DuckDB was opened early: same line, exit 2, nothing on stdout, the process ends', () => {
  const w = writeWorkdir(fc.sample(genRow(12), { numRuns: 40, seed: 31 }), rubricFor('quarter', 1));
  writeFileSync(join(w.dir, 'bad.yaml'), BAD_RUBRIC);
  mkdirSync(join(w.dir, 'folder.csv'));
  const duckArgs = (...args: string[]) => ['evaluate', ...args, '--engine', 'duckdb', '-f', 'json', '-q'];
  // the default engine's line to compare with: in-process (its exit is not what is tested here; smoke.test
  // checks that in-process and spawned runs give the same status and bytes)
  const js = (...args: string[]) => oneLine(run(w.dir, ['evaluate', ...args, '-f', 'json', '-q']));
  const cases: [string[], RegExp][] = [
    // the rubric is checked first, as the default engine checks it: a missing data file is not reported before it
    [[w.csv, '-r', 'bad.yaml'], /^salesgrade: bad\.yaml:9:7: kpis: expected at least 1 item/],
    [['missing.csv', '-r', 'bad.yaml'], /^salesgrade: bad\.yaml:9:7: kpis: expected at least 1 item/],
    [[w.csv, '-r', 'nofile.yaml'], /^salesgrade: cannot read rubric nofile\.yaml: no such file$/],
    [[w.csv, '-r', w.rubric, '-o', 'out.yaml'], /^salesgrade: -o out\.yaml: a \.yaml name, but -f json writes JSON/],
  ];
  // The data files: refused before DuckDB reads anything, naming the file, in the default engine's words
  // (io/detect.ts unreadableFile; was "cannot read: ENOENT" / "cannot read: EISDIR").
  const files: [string, string][] = [
    ['missing.csv', 'salesgrade: missing.csv: file not found'],
    ['folder.csv', 'salesgrade: folder.csv: is a directory, not a file'],
  ];
  const period = [w.csv, '-r', w.rubric, '--period', '2026-03'];
  // And a good run still grades (the early DuckDB is the one the run uses).
  const good = ['evaluate', w.csv, '-r', w.rubric, '--engine', 'duckdb', '-f', 'json'];
  // All in one process, which ends by itself (spawnRuns throws if it does not).
  const runs = spawnRuns(w.dir, [...cases.map(([args]) => duckArgs(...args)), ...files.map(([file]) => duckArgs(file, '-r', w.rubric)), duckArgs(...period), good]);
  expect(runs).toHaveLength(cases.length + files.length + 2);
  cases.forEach(([args, want], i) => {
    const line = oneLine(runs[i]!);
    expect(line, args.join(' ')).toMatch(want);
    expect(line, `the default engine's line for ${args.join(' ')}`).toBe(js(...args));
  });
  files.forEach(([file, words], i) => {
    const line = oneLine(runs[cases.length + i]!);
    expect(line).toBe(js(file, '-r', w.rubric));
    expect(line).toBe(words);
  });
  expect(oneLine(runs[cases.length + files.length]!)).toMatch(/^salesgrade: --period 2026-03 is a month, the rubric grades by quarter: --engine duckdb aggregates by quarter/);
  const ok = runs[cases.length + files.length + 1]!;
  expect(ok.status, ok.stderr).toBe(0);
  expect((JSON.parse(ok.stdout) as { manifest: { files: { role: string }[] } }).manifest.files.some((f) => f.role === 'query')).toBe(true);
}, 120_000);
