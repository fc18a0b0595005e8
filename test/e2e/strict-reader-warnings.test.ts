// Reader warnings that are errors under --strict (shared/finding-codes.ts STRICT_ERROR_READER_CODES): a
// value the reader counted, but whose grade may not be what the export meant. An amount written with an
// exponent (`1.735E+04`: Excel writes a General number that way in a narrow column, and may have dropped
// digits) is counted with a warning, and fails the run under --strict — before, --strict exited 0.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { copyInto, run, workdir } from './evaluate-helpers.js';

let w: { dir: string; cleanup: () => void } | undefined;
afterEach(() => w?.cleanup());

it('an amount written with an exponent is a warning, and an error that fails the run under --strict', () => {
  w = workdir();
  copyInto(w.dir, 'samples/inside-sales.yaml', 'rubric.yaml');
  copyInto(w.dir, 'samples/inside-sales-2026.csv', 'clean.csv');
  copyInto(w.dir, 'samples/inside-sales-roster.csv', 'inside-sales-roster.csv');
  const text = readFileSync(join(w.dir, 'clean.csv'), 'utf8');
  expect(text).toContain(',Closed Won,17350,');
  writeFileSync(join(w.dir, 'exp.csv'), text.replace(',Closed Won,17350,', ',Closed Won,1.735E+04,'));
  type Out = { findings: { code: string; severity: string; row?: number }[]; reps: { rep: string; score: string }[] };
  const json = (file: string, ...more: string[]) => {
    const r = run(w!.dir, ['evaluate', file, '-r', 'rubric.yaml', '-f', 'json', '--no-workbook', '-q', ...more]);
    return { status: r.status, out: JSON.parse(r.stdout) as Out, stderr: r.stderr };
  };
  const clean = json('clean.csv');
  const plain = json('exp.csv');
  expect(plain.status).toBe(0);
  // read as written (17,350): the same grades as the clean file
  expect(plain.out.reps.map((r) => [r.rep, r.score])).toEqual(clean.out.reps.map((r) => [r.rep, r.score]));
  expect(plain.out.findings.filter((f) => f.code === 'exponent-number').map((f) => f.severity)).toEqual(['warning']);
  const strict = json('exp.csv', '--strict');
  expect(strict.status, strict.stderr).toBe(1);
  expect(strict.out.findings.filter((f) => f.code === 'exponent-number').map((f) => f.severity)).toEqual(['error']);
  expect(strict.stderr).toMatch(/--strict: 1 data error/);
  // the clean file still passes --strict
  expect(json('clean.csv', '--strict').status).toBe(0);
});

// A targets file (`target: { file }`) is read with the export rule: `1.2E+04` was read as 12,000 without
// a word, and --strict passed. Now a located warning, an error that fails the run under --strict.
it('a target written with an exponent is a warning at its cell, and an error that fails the run under --strict', () => {
  w = workdir();
  writeFileSync(
    join(w.dir, 'r.yaml'),
    `salesgrade: 1
name: T
locale: en
currency: CNY
period: month
source:
  fields:
    rep: [Rep]
    date: { headers: [Date], type: date }
    amount: { headers: [Amount], type: money }
metrics:
  revenue: { sum: amount }
kpis:
  - { metric: revenue, weight: 100, target: { default: 10000, file: targets.csv } }
tiers:
  - { id: a, min_score: 100 }
  - { id: b, min_score: 0 }
`,
  );
  writeFileSync(join(w.dir, 'd.csv'), 'Rep,Date,Amount\nAnn,2026-07-01,6000\nAnn,2026-07-31,6000\n');
  type Out = { findings: { code: string; severity: string; source: string; line?: number; column?: number }[]; reps: { rep: string; score: string }[] };
  const json = (...more: string[]) => {
    const r = run(w!.dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '-f', 'json', '--no-workbook', '-q', ...more]);
    return { status: r.status, out: JSON.parse(r.stdout) as Out, stderr: r.stderr };
  };
  writeFileSync(join(w.dir, 'targets.csv'), 'Rep,revenue\nAnn,1.2E+04\n');
  const plain = json();
  expect(plain.status).toBe(0);
  expect(plain.out.reps.map((r) => [r.rep, r.score])).toEqual([['Ann', '100']]); // 12,000 of 12,000
  expect(plain.out.findings.filter((f) => f.code === 'exponent-number').map((f) => [f.source, f.severity, f.line, f.column])).toEqual([['targets.csv', 'warning', 2, 5]]);
  const strict = json('--strict');
  expect(strict.status, strict.stderr).toBe(1);
  expect(strict.out.findings.filter((f) => f.code === 'exponent-number').map((f) => f.severity)).toEqual(['error']);
  expect(strict.stderr).toMatch(/--strict: 1 data error/);
  writeFileSync(join(w.dir, 'targets.csv'), 'Rep,revenue\nAnn,12000\n');
  expect(json('--strict').status).toBe(0);
});
