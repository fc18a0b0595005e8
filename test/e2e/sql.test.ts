/**
 * `salesgrade sql` through the binary: the query on stdout (nothing else), the sample's roster inlined
 * by default, --no-roster / --roster-table, refusals exit 2 with one line naming the reason, usage
 * errors exit 2; `--version` does not load DuckDB.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot, run, workdir } from './evaluate-helpers.js';

const bin = join(repoRoot, 'bin', 'salesgrade.js');

test('sql prints one query for the sample rubric with its roster inlined, nothing on stderr', () => {
  const r = run(repoRoot, ['sql', '-r', 'samples/inside-sales.yaml', '--dialect', 'duckdb', '--from', 'crm.activities']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^-- salesgrade MetricTable v2 for rubric "Inside sales NA West 2026" \(duckdb\)\n/);
  expect(r.stdout).toContain('FROM crm.activities AS sg_src');
  expect(r.stdout).toContain("('Alice Chen', 'Inbound', 'NA West')");
  expect(r.stdout).toContain('GROUP BY GROUPING SETS');
  expect(r.stdout).toContain('"bookings__sum"');
});

test('--no-roster leaves the roster out; --roster-table names the table', () => {
  const none = run(repoRoot, ['sql', '-r', 'samples/inside-sales.yaml', '--dialect', 'spark', '--from', 't', '--no-roster']);
  expect(none.status).toBe(0);
  expect(none.stdout).not.toContain('sg_roster');
  const table = run(repoRoot, ['sql', '-r', 'samples/inside-sales.yaml', '--dialect', 'bigquery', '--from', 'ds.acts', '--roster-table', 'ds.roster']);
  expect(table.status).toBe(0);
  expect(table.stdout).toContain('FROM ds.roster AS sg_r');
  expect(table.stdout).not.toContain('Alice Chen');
});

test('a rubric the SQL cannot express: exit 2, one line with the reason, nothing on stdout', () => {
  const w = workdir({
    'r.yaml': [
      'salesgrade: 1',
      'name: t',
      'source:',
      '  fields:',
      '    rep: [Owner]',
      '    date: { headers: [Date], type: date }',
      '    amount: { headers: [Amount], type: money }',
      'metrics:',
      '  n: { count: rows, where: { amount: { gt: abc } } }',
      'kpis: [{ metric: n, weight: 100, target: 1 }]',
      'tiers: [{ id: a, min_score: 0 }]',
      '',
    ].join('\n'),
  });
  try {
    const r = run(w.dir, ['sql', '-r', 'r.yaml', '--dialect', 'postgres', '--from', 't']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('comparing the number field amount with the text "abc"');
  } finally {
    w.cleanup();
  }
});

test('usage errors exit 2: unknown dialect, --period with --periods, a bad --periods', () => {
  expect(run(repoRoot, ['sql', '-r', 'samples/inside-sales.yaml', '--dialect', 'oracle', '--from', 't']).status).toBe(2);
  const both = run(repoRoot, ['sql', '-r', 'samples/inside-sales.yaml', '--dialect', 'duckdb', '--from', 't', '--period', '2026-07', '--periods', '2026-07..2026-08']);
  expect(both.status).toBe(2);
  expect(both.stderr).toContain('give --period or --periods, not both');
  const bad = run(repoRoot, ['sql', '-r', 'samples/inside-sales.yaml', '--dialect', 'duckdb', '--from', 't', '--periods', '2026-07']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('--periods: expected FIRST..LAST');
});

test('--version does not load @duckdb/node-api', () => {
  // A module-resolution hook that names every DuckDB import on stderr.
  const hook = 'data:text/javascript,' + encodeURIComponent(`export async function resolve(s, c, n) { if (s.includes('duckdb')) process.stderr.write('DUCKDB ' + s + '\\n'); return n(s, c); }`);
  const trace = (args: string[]) => spawnSync(process.execPath, ['--no-warnings', '--experimental-loader', hook, ...args], { encoding: 'utf8', cwd: repoRoot });
  // the hook does see an import of the package (so its silence below means something)
  expect(trace(['--input-type=module', '-e', "await import('@duckdb/node-api')"]).stderr).toContain('DUCKDB @duckdb/node-api');
  const r = trace([bin, '--version']);
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toMatch(/\d+\.\d+\.\d+/);
  expect(r.stderr).not.toContain('DUCKDB');
});
