// The data sheets are streamed: the evaluation reads each export once to grade, and the workbook
// reads it again as it writes that export's sheet (no row is held between the two). A file that
// changes between the two reads must not give a data sheet that disagrees with the grades: the
// workbook is refused (`input-changed`) and nothing is left behind.
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { runEvaluation } from '../../../src/cli/pipeline/evaluate.js';
import { writeEvaluationWorkbook } from '../../../src/cli/pipeline/evaluate-output.js';
import { openXlsx } from '../../../src/io/xlsx-read.js';
import { ownerDateAmountRubric } from '../../big-inputs.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function memoryIo(cwd: string): CliIo {
  const sink = { write: () => undefined, isTTY: false };
  return { stdout: sink, stderr: sink, env: {}, cwd, now: () => new Date('2026-08-01T00:00:00Z') };
}

function setup(rows: number): { io: CliIo; notes: string[] } {
  dir = mkdtempSync(join(tmpdir(), 'sg-wb-stream-'));
  writeFileSync(join(dir, 'salesgrade.yaml'), ownerDateAmountRubric('Stream'));
  const lines = ['Owner,Date,Amount'];
  for (let i = 0; i < rows; i++) lines.push(`rep${i % 7},2026-07-${String(1 + (i % 28)).padStart(2, '0')},${i % 5 === 0 ? 'abc' : i}`);
  writeFileSync(join(dir, 'd.csv'), `${lines.join('\n')}\n`);
  return { io: memoryIo(dir), notes: [] };
}

describe('streamed data sheets', () => {
  it('every row read again and annotated as graded, in place (header row 1, rows 2…)', async () => {
    const { io, notes } = setup(2_500);
    const outcome = await runEvaluation({ io, data: ['d.csv'], keepRows: 1_048_575, quiet: true, note: (m) => notes.push(m) });
    const [sheet] = outcome.dataSheets!;
    expect(sheet).toMatchObject({ name: 'd', count: 2_500, width: 3, source: { file: 'd.csv' } });
    await writeEvaluationWorkbook(outcome.evaluation, { cwd: dir, out: 'out.xlsx', locale: 'en', inputs: [join(dir, 'd.csv')], ...(outcome.dataSheets ? { dataSheets: outcome.dataSheets } : {}) });
    const book = await openXlsx(join(dir, 'out.xlsx'));
    try {
      const rows: { row: number; cells: unknown[] }[] = [];
      for await (const row of book.rows(book.sheets.at(-1)!.name)) rows.push({ row: row.row, cells: row.cells.map((c) => c?.v) });
      expect(rows).toHaveLength(2_501);
      // (our reader gives every cell's text; the source row is a number cell)
      expect(rows[1]).toEqual({ row: 2, cells: ['rep0', '2026-07-01', 'abc', undefined, 'bad value: amount at 2:17', '2'] });
      expect(rows[2]).toEqual({ row: 3, cells: ['rep1', '2026-07-02', '1', 'calls, revenue', undefined, '3'] });
      expect(rows.at(-1)!.row).toBe(2_501);
    } finally {
      await book.close();
    }
    expect(notes).toEqual([]);
  });

  it('a file that changed between the grading read and the workbook read: input-changed, no workbook, no temp file', async () => {
    const { io, notes } = setup(300);
    const outcome = await runEvaluation({ io, data: ['d.csv'], keepRows: 1_048_575, quiet: true, note: (m) => notes.push(m) });
    appendFileSync(join(dir, 'd.csv'), 'rep9,2026-07-03,5\n');
    const err = await writeEvaluationWorkbook(outcome.evaluation, {
      cwd: dir,
      out: 'out.xlsx',
      locale: 'en',
      inputs: [join(dir, 'd.csv')],
      dataSheets: outcome.dataSheets!,
    }).then(
      () => undefined,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(err?.code).toBe('input-changed');
    expect(err?.message).toMatch(/changed while the workbook was written/);
    expect(readdirSync(dir).sort()).toEqual(['d.csv', 'salesgrade.yaml']);
  });
});
