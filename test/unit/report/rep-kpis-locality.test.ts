/**
 * Issue 10 item 16: a packed rep's KPI results are built when read and kept for the last few reps
 * (engine/packed-rep.ts). A renderer that reads them column by column over every rep builds them once
 * per column per rep (the terminal leaderboard's widths: 13 times at 10 KPIs; the Scorecard's number
 * formats: once per KPI) — ~8 M result objects of garbage at 61,000 reps. Here `kpis` counts a build
 * whenever another rep's were read last (a cache of one rep): reading rep by rep builds each rep's once
 * per pass.
 */
import { describe, expect, it } from 'vitest';
import type { Evaluation, RepEvaluation } from '../../../src/engine/types.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { buildEvaluationWorkbook } from '../../../src/report/workbook.js';
import { enEvaluation, zhEvaluation } from '../../fixtures/workbook/evaluations.js';

/** `ev` with its reps copied to `n` (renamed), each counting builds of its `kpis`. */
function counting(ev: Evaluation, n = 120): { ev: Evaluation; builds: () => number } {
  let builds = 0;
  let last: RepEvaluation | undefined;
  const many = Array.from({ length: n }, (_, i) => ({ ...ev.reps[i % ev.reps.length]!, rep: `${ev.reps[i % ev.reps.length]!.rep} ${i}` }));
  const reps = many.map((r) => {
    const { kpis, ...rest } = r;
    const rep = rest as RepEvaluation;
    Object.defineProperty(rep, 'kpis', {
      enumerable: true,
      get() {
        if (last !== rep) {
          builds++;
          last = rep;
        }
        return kpis;
      },
    });
    return rep;
  });
  return { ev: { ...ev, reps }, builds: () => builds };
}

describe("reps' KPI results are read rep by rep", () => {
  for (const [name, make, locale] of [['en', enEvaluation, 'en'], ['zh-CN', zhEvaluation, 'zh-CN']] as const) {
    it(`terminal report (${name}): one build per rep and pass (4 passes: the leaderboard's two and the sections around it), not one per column`, () => {
      const { ev, builds } = counting(make());
      const text = renderTerminal(ev, { color: false, locale, width: 200 });
      expect(text).toContain(ev.reps[0]!.rep);
      expect(ev.kpis.length).toBeGreaterThanOrEqual(3);
      expect(builds()).toBeLessThanOrEqual(4 * ev.reps.length + 20);
    });

    it(`Scorecard (${name}): one build per rep and pass (4 passes), not one per KPI`, () => {
      const { ev, builds } = counting(make());
      const model = buildEvaluationWorkbook(ev, { locale });
      expect(model.sheets[1]!.name).toBeTruthy();
      expect(builds()).toBeLessThanOrEqual(4 * ev.reps.length + 20);
    });
  }
});
