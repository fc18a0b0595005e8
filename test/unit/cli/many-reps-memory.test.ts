// Issue 10 item 16: what a run keeps once every rep is graded (the outcome the outputs are written from,
// with the data sheets still to annotate): the Evaluation, packed (engine/packed-rep.ts) — and not the
// MetricTable, which dies as it is scored (a rep's cells once the rep is graded, the rest at release).
// Measured as the live heap (forced GCs) around one run of 3,000 reps with one or two rows each and a
// 10-KPI rubric, after a warm-up run loads the modules: 9.7 KB per rep before (the table alive beside a
// 6.3 KB Evaluation), ~3.3 KB after.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { runEvaluation } from '../../../src/cli/pipeline/evaluate.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const KPIS = 10;
function rubricText(): string {
  const lines = ['salesgrade: 1', 'name: many', 'locale: en', 'currency: USD', 'period: month', 'source:', '  fields:', '    rep: [Owner]', '    team: [Team]', '    date: { headers: [Date], type: date }', '    amount: { headers: [Amount], type: money }', '    stage: [Stage]', '    customer: [Account]', 'metrics:'];
  for (let i = 0; i < KPIS; i++) {
    const kind = i % 4;
    lines.push(kind === 0 ? `  m${i}: { sum: amount, where: { stage: Won } }` : kind === 1 ? `  m${i}: { count: rows, where: { stage: [Won, Lost] } }` : kind === 2 ? `  m${i}: { distinct: customer }` : `  m${i}: { count: rows }`);
  }
  lines.push('kpis:');
  for (let i = 0; i < KPIS; i++) lines.push(`  - { metric: m${i}, weight: 10, target: ${i % 4 === 0 ? 5000 : 2}, cap: 1.5 }`);
  lines.push('tiers:', '  - { id: senior, min_score: 90 }', '  - { id: mid, min_score: 60 }', '  - { id: junior, min_score: 0 }', '');
  return lines.join('\n');
}

/** `reps` reps with one or two rows each (a fixed pattern, no randomness needed). */
function csv(reps: number): string {
  let out = 'Owner,Team,Date,Amount,Stage,Account\n';
  for (let r = 0; r < reps; r++) {
    for (let k = 0; k < 1 + (r % 2); k++) out += `R${r},T${r % 30},2026-03-${String(1 + ((r + k) % 28)).padStart(2, '0')},${1000 + ((r * 7919 + k) % 9000)},${(r + k) % 2 ? 'Won' : 'Lost'},A${(r * 31 + k) % 50}\n`;
  }
  return out;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-many-reps-'));
  writeFileSync(join(dir, 'salesgrade.yaml'), rubricText());
  writeFileSync(join(dir, 'small.csv'), csv(50));
  writeFileSync(join(dir, 'many.csv'), csv(3000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(file: string) {
  const sink = { write: () => undefined, isTTY: false };
  const io: CliIo = { stdout: sink, stderr: sink, env: {}, cwd: dir, now: () => new Date('2026-12-31T00:00:00Z') };
  // keepRows: the default command's workbook path, whose data sheets are annotated after the grading
  return runEvaluation({ io, data: [file], keepRows: 1_048_575, quiet: true, note: () => undefined });
}

describe('a run of many reps keeps the Evaluation, not the table', () => {
  test('under 4 KB per rep with 10 KPIs once graded, the data sheets still to write (9.7 KB before: the table alive beside a 6.3 KB Evaluation)', async () => {
    await run('small.csv');
    gc();
    const before = process.memoryUsage().heapUsed;
    const outcome = await run('many.csv');
    gc();
    const perRep = (process.memoryUsage().heapUsed - before) / 3000;
    expect(outcome.evaluation.reps).toHaveLength(3000);
    expect(outcome.dataSheets).toHaveLength(1);
    expect(perRep).toBeLessThan(4_000);
  });
});
