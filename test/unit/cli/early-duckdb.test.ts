/**
 * `--engine duckdb` opens DuckDB as the command starts, in every command that takes the flag
 * (cli/commands/evaluation-input.ts `withEarlyDuckDb`): `explain`, `diff` and `calibrate` as `evaluate`
 * does — each data file's DESCRIBE read ahead, and the run's first query using that session (claimed),
 * not a DuckDB opened only once the rubric is loaded. Run in-process on the TypeScript sources (the
 * session then opens DuckDB in the calling thread: the same statements, the same text).
 */
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { rubricFor, writeWorkdir, genRow } from '../engine/sql/generated-export.js';

/** Every session a command started: what it read ahead, and whether a run claimed it. */
const sessions: { prefetched: string[]; claimed: boolean; closed: boolean }[] = [];

vi.mock('../../../src/io/duckdb-session.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/io/duckdb-session.js')>();
  return {
    ...real,
    startDuckDb: (options?: Parameters<typeof real.startDuckDb>[0]) => {
      const s = real.startDuckDb(options);
      const seen = { prefetched: [] as string[], claimed: false, closed: false };
      sessions.push(seen);
      return {
        ...s,
        thread: s.thread,
        prefetch: (sql: string) => {
          seen.prefetched.push(sql);
          s.prefetch(sql);
        },
        read: (sql: string) => s.read(sql),
        claim: () => {
          const mine = s.claim();
          if (mine) seen.claimed = true;
          return mine;
        },
        close: async () => {
          seen.closed = true;
          await s.close();
        },
      };
    },
  };
});

const { main } = await import('../../../src/cli/main.js');

async function sg(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    env: {},
    cwd,
    now: () => new Date(Date.UTC(2027, 0, 1)),
  };
  const code = await main(['node', 'salesgrade', ...args], io as unknown as Parameters<typeof main>[1]);
  return { code, stdout, stderr };
}

test('explain, diff and calibrate with --engine duckdb open DuckDB as the run starts (DESCRIBE read ahead) and grade with that session', async () => {
  const w = writeWorkdir(fc.sample(genRow(8), { numRuns: 60, seed: 14 }), rubricFor('quarter', 1));
  const rep = (await sg(w.dir, ['evaluate', w.csv, '-r', w.rubric, '-f', 'json', '-q'])).stdout;
  const firstRep = (JSON.parse(rep) as { reps: { rep: string }[] }).reps[0]!.rep;
  const cases: [string, string[]][] = [
    ['evaluate', ['evaluate', w.csv, '-r', w.rubric, '-f', 'json', '--engine', 'duckdb', '-q']],
    ['explain', ['explain', w.csv, '-r', w.rubric, '--rep', firstRep, '--engine', 'duckdb', '-q']],
    ['diff', ['diff', w.rubric, w.rubric, w.csv, '-f', 'json', '--engine', 'duckdb', '-q']],
    ['calibrate', ['calibrate', w.rubric, w.csv, '--distribution', 'a=50,b=50', '-f', 'json', '--engine', 'duckdb', '-q']],
  ];
  for (const [name, args] of cases) {
    sessions.length = 0;
    const r = await sg(w.dir, args);
    expect(r.code, `${name}: ${r.stderr}`).toBe(0);
    expect(r.stdout.length, name).toBeGreaterThan(0);
    // One DuckDB for the run, started before the rubric was read: the data file DESCRIBEd ahead, the
    // query run on it (claimed), closed at the end.
    expect(sessions, name).toHaveLength(1);
    expect(sessions[0]!.prefetched, name).toEqual([expect.stringContaining(join(w.dir, 'data.csv').replace(/'/g, "''"))]);
    expect(sessions[0]!.claimed, name).toBe(true);
    expect(sessions[0]!.closed, name).toBe(true);
  }
}, 120_000);
