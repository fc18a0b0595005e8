// A workbook that cannot be built is refused after the evaluation but before the report goes out:
// more reps than exceljs can hold in memory, or more KPIs than the Scorecard has columns (a sheet ends
// at XFD: 3 + 4 × KPIs + 9 columns).
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

  it('20,000 reps are built, 20,001 are refused with the way out', async () => {
    const ev = fixtureEvaluation();
    const reps = (n: number) => ({ ...ev, reps: Array.from({ length: n }, () => ev.reps[0]!) });
    await expect(assertWorkbookSize('/w', 'out.xlsx', reps(20_000))).resolves.toBeUndefined();
    await expect(assertWorkbookSize('/w', 'out.xlsx', reps(20_001))).rejects.toThrow(/20,001 reps is over the 20,000/);
  });
});
