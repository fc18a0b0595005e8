// A workbook that cannot be built is refused after the evaluation but before the report goes out:
// more reps than the Scorecard has rows, or more KPIs than it has columns (a sheet ends at XFD:
// 3 + 4 × KPIs + 9 columns). (Up to issue 12, 20,001 reps were refused: exceljs held the workbook.)
import { describe, expect, it } from 'vitest';
import { assertWorkbookSize } from '../../../src/cli/pipeline/evaluate-output.js';
import type { Evaluation } from '../../../src/engine/types.js';
import { fixtureEvaluation } from '../report/evaluation-fixture.js';

function withKpis(n: number): Evaluation {
  const ev = fixtureEvaluation();
  const k = ev.kpis[0]!;
  return { ...ev, kpis: Array.from({ length: n }, (_, i) => ({ ...k, kpi: `k${i}` })) };
}

describe('assertWorkbookSize', () => {
  it('4,093 KPIs fit the Scorecard (16,384 columns exactly), 4,094 do not', async () => {
    await expect(assertWorkbookSize('/w', 'out.xlsx', withKpis(4_093))).resolves.toBeUndefined();
    await expect(assertWorkbookSize('/w', 'out.xlsx', withKpis(4_094))).rejects.toThrow(
      'cannot write the workbook: 4,094 KPIs need 16,388 Scorecard columns, past the 16,384 a sheet holds',
    );
  });

  it('the Scorecard is streamed: any reps up to a sheet\'s rows (1,048,574 after the 2 header rows) are built; more are refused with the way out', async () => {
    const ev = fixtureEvaluation();
    const reps = (n: number) => ({ ...ev, reps: { length: n } as unknown as Evaluation['reps'] });
    await expect(assertWorkbookSize('/w', 'out.xlsx', reps(20_001))).resolves.toBeUndefined();
    await expect(assertWorkbookSize('/w', 'out.xlsx', reps(1_048_574))).resolves.toBeUndefined();
    await expect(assertWorkbookSize('/w', 'out.xlsx', reps(1_048_575))).rejects.toThrow(
      'cannot write the workbook: 1,048,575 reps need more Scorecard rows than the 1,048,576 a sheet holds',
    );
  });
});
