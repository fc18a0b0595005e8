// extends-period: a rubric that changes `period` from its base, with targets of sums or counts that
// have no `per:` — those targets are silently re-read for the new period (issue 15's workaround).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintRubricFile } from '../../../../src/rubric/load.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-extends-period-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = `salesgrade: 1
name: base
period: quarter
source:
  fields:
    rep: [Rep]
    date: { headers: [Date], type: date }
    amount: { headers: [Amount], type: money }
metrics:
  revenue: { sum: amount }
  deals: { count: rows }
  avg_deal: { avg: amount }
kpis:
  - { metric: revenue, weight: 50, target: 1200000 }
  - { metric: deals, weight: 30, target: { default: 10, per: quarter } }
  - { metric: avg_deal, weight: 20, target: 50000 }
tiers:
  - { id: a, min_score: 80 }
  - { id: b, min_score: 0 }
`;

function lint(name: string, text: string) {
  writeFileSync(join(dir, 'base.yaml'), BASE);
  writeFileSync(join(dir, name), text);
  return lintRubricFile(name, { cwd: dir }).then((r) => r.diagnostics.filter((d) => d.code === 'extends-period'));
}

describe('extends-period', () => {
  it('period changed from the base: the sum target without per: is reported (not the one with per:, not the rate)', async () => {
    const ds = await lint('year.yaml', 'salesgrade: 1\nextends: base.yaml\nname: yearly\nperiod: year\n');
    expect(ds.map((d) => [d.severity, d.path, d.source])).toEqual([['warning', ['kpis', 0, 'target'], 'base.yaml']]);
    expect(ds[0]!.message).toBe(
      'kpis[0].target: period is year here but quarter in the file it extends, and this target has no `per:`: revenue is now read as a year target; ' +
        "write `per: quarter` to keep the base's meaning (converted by the quota rules), or `per: year` if the number is for a year (or keep period: quarter and ask for --period of a year: a view)",
    );
  });
  it('the same period as the base, or every additive target with per:: nothing', async () => {
    expect(await lint('same.yaml', 'salesgrade: 1\nextends: base.yaml\nname: same\nperiod: quarter\n')).toEqual([]);
    expect(await lint('none.yaml', 'salesgrade: 1\nextends: base.yaml\nname: none\n')).toEqual([]);
    const fixed =
      'salesgrade: 1\nextends: base.yaml\nname: fixed\nperiod: year\nkpis:\n' +
      '  - { metric: revenue, weight: 50, target: { default: 1200000, per: quarter } }\n' +
      '  - { metric: deals, weight: 30, target: { default: 10, per: quarter } }\n' +
      '  - { metric: avg_deal, weight: 20, target: 50000 }\n';
    expect(await lint('fixed.yaml', fixed)).toEqual([]);
  });
});
