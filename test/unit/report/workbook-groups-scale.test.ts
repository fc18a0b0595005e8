// Issue 10 item 16: the workbook's cost is linear in reps × KPIs. The Teams / Regions sheet asked, for
// each group × KPI, whether any rep's KPI is lower-is-better by scanning every rep's KPIs: groups × KPIs
// × reps × KPIs (300 teams of 61,000 reps: 12 minutes of the default command). Counted here as reads
// of the reps array while the workbook is built and written, which must not grow with the groups.
import { describe, expect, it } from 'vitest';
import type { Evaluation, GroupEvaluation } from '../../../src/engine/types.js';
import { workbookBytes } from '../../../src/io/xlsx-write.js';
import { buildEvaluationWorkbook } from '../../../src/report/workbook.js';
import { enEvaluation } from '../../fixtures/workbook/evaluations.js';

const DATE = new Date('2026-07-20T00:00:00Z');

/** The fixture with `reps` reps in `groups` teams; reads of `ev.reps[i]` are counted. */
function counted(reps: number, groups: number): { ev: Evaluation; reads: () => number } {
  const ev = enEvaluation();
  const base = ev.reps;
  const list = Array.from({ length: reps }, (_, i) => ({ ...base[i % base.length]!, rep: `R${i}`, team: `T${i % groups}`, rank: i + 1 }));
  const team = ev.teams[0]!;
  ev.teams = Array.from({ length: groups }, (_, g): GroupEvaluation => ({ ...team, name: `T${g}`, members: list.filter((_, i) => i % groups === g).map((r) => r.rep) }));
  let n = 0;
  ev.reps = new Proxy(list, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) n++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { ev, reads: () => n };
}

async function readsFor(reps: number, groups: number): Promise<number> {
  const { ev, reads } = counted(reps, groups);
  await workbookBytes(buildEvaluationWorkbook(ev, { locale: 'en' }), DATE);
  return reads();
}

describe('the workbook on many groups', () => {
  it('reads the reps a fixed number of times whatever the number of teams (10 vs 200 teams of 600 reps; before: once more per team × KPI)', async () => {
    const few = await readsFor(600, 10);
    const many = await readsFor(600, 200);
    expect(many).toBeLessThan(few * 1.5);
  });
});
