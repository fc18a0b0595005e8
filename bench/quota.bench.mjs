// Quota decomposition: 10,000 reps × 53 ISO weeks (2026, cn calendar, monthly seasonality, tier
// weights, ramp for every 10th rep). Bar: < 2 s. Uses the built dist/ (npm run bench builds first).
import { makeCalendar } from '../dist/quota/calendar.js';
import { decompose } from '../dist/quota/decompose.js';

const REPS = 10_000;
const tiers = ['senior', 'intermediate', 'junior'];
const roster = [];
for (let i = 0; i < REPS; i++) {
  const e = { rep: `rep${String(i).padStart(5, '0')}`, team: `team${i % 400}`, region: `region${i % 8}`, tier: tiers[i % 3] };
  if (i % 10 === 0) e.startDate = `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`;
  roster.push(e);
}
const input = {
  fiscalYear: 2026,
  fiscalYearStart: 1,
  calendar: makeCalendar('cn'),
  seasonality: { months: [6, 6, 8, 8, 8, 9, 8, 8, 9, 9, 10, 11] },
  metrics: [{ id: 'revenue', label: 'Revenue', unit: 'money', rounding: 100 }],
  roster,
  annual: { level: 'company', totals: { revenue: 4_800_000_000 } },
  split: { by: 'roster', weights: { senior: 1.5, intermediate: 1, junior: 0.7 } },
  ramp: { months: [0.25, 0.5, 0.75], relief: 'redistribute' },
  by: 'week',
};
decompose({ ...input, roster: roster.slice(0, 100) }); // warm up
const t0 = performance.now();
const plan = decompose(input);
const ms = performance.now() - t0;
const weeks = plan.periods.length;
const sum = plan.company.amounts.revenue.periods.reduce((a, b) => a + BigInt(b), 0n);
if (sum.toString() !== plan.company.amounts.revenue.year) throw new Error('weeks do not sum to the year');
console.log(`quota decompose ${REPS} reps × ${weeks} weeks: ${(ms / 1000).toFixed(2)} s (bar: < 2 s)`);
process.exitCode = ms < 2000 ? 0 : 1;
