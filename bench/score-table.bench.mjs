// Scoring at scale (issue 11 bar): 10,000 reps × 36 monthly periods scored from an in-memory MetricTable
// (aggregated beforehand, not timed): ≤ 5 s and ≤ 500 MB peak. `score()` grades the latest month and
// walks every rep's 35 earlier months for movement, with a roster (teams, regions, tiers), levels and
// the roll-ups. Prints the time of `score()`, the heap it retains, and the process's peak RSS (table
// included).
//   npm run bench -- --micro score-table
//   node --cpu-prof bench/score-table.bench.mjs      (profile; a .cpuprofile lands in the cwd)
import { Decimal } from 'decimal.js';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { createAggregator } = await import(join(root, 'dist', 'engine', 'aggregate.js'));
const { score } = await import(join(root, 'dist', 'engine', 'score.js'));
const { Rubric } = await import(join(root, 'dist', 'rubric', 'schema.js'));

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPS = Number(process.env.REPS ?? 10_000);
const MONTHS = Number(process.env.MONTHS ?? 36);
const manifest = { salesgradeVersion: 'bench', rubric: { name: 'bench', path: 'r.yaml', sha256: 'x' }, inputs: [] };
const rubric = Rubric.parse({
  salesgrade: 1,
  name: 'bench',
  locale: 'en',
  period: 'month',
  source: { fields: { rep: ['Owner'], date: { headers: ['Date'], type: 'date' }, close_date: { headers: ['Close'], type: 'date' }, amount: { headers: ['Amount'], type: 'money' }, stage: ['Stage'], customer: ['Account'], kind: ['Kind'], csat: { headers: ['CSAT'], type: 'number' } } },
  metrics: {
    revenue: { sum: 'amount', where: { stage: 'Won' }, date: 'close_date' },
    deals_won: { count: 'rows', where: { stage: 'Won' }, date: 'close_date' },
    deals_closed: { count: 'rows', where: { stage: ['Won', 'Lost'] }, date: 'close_date' },
    win_rate: { ratio: ['deals_won', 'deals_closed'] },
    new_customers: { distinct: 'customer', where: { stage: 'Won' }, date: 'close_date' },
    visits: { count: 'rows', where: { kind: 'Visit' } },
    csat: { avg: 'csat' },
  },
  kpis: [
    { metric: 'revenue', weight: 50, target: { default: 480000, per: 'year', by_tier: { senior: 600000 } }, cap: 1.5 },
    { metric: 'win_rate', weight: 20, target: 0.3, cap: 1.2 },
    { metric: 'new_customers', weight: 15, target: 2 },
    { metric: 'visits', weight: 15, target: 4, cap: 1 },
  ],
  tiers: [
    { id: 'senior', min_score: 95, gates: [{ metric: 'csat', min: 3.5 }] },
    { id: 'intermediate', min_score: 75 },
    { id: 'junior', min_score: 0 },
  ],
  movement: { promote_after: 2, demote_after: 2, grace_periods: 1 },
  levels: { team: { kpis: [{ metric: 'revenue', weight: 70, target: 'members' }, { metric: 'win_rate', weight: 30, target: 0.3 }], tiers: [{ id: 'a', min_score: 100 }, { id: 'b', min_score: 80 }, { id: 'c', min_score: 0 }] } },
});

// The table: per rep and month two won deals, a lost one and two visits.
const rand = prng(11);
// No source rows kept per cell: a table from a warehouse has none (and they are not what is measured).
const agg = createAggregator(rubric, { sampleRows: 0 });
const aggCpu0 = process.cpuUsage();
let row = 2;
const src = { file: 'data.csv', row: 0 };
for (let rep = 0; rep < REPS; rep++) {
  for (let m = 0; m < MONTHS; m++) {
    const y = 2024 + Math.floor(m / 12);
    const mm = String((m % 12) + 1).padStart(2, '0');
    const d = () => `${y}-${mm}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    for (const stage of ['Won', 'Won', 'Lost']) {
      agg.add({ rep: `Rep ${rep}`, fields: { close_date: d(), amount: new Decimal(10000 + Math.floor(rand() * 40000)), stage, customer: `C${Math.floor(rand() * 9)}` }, source: { ...src, row: row++ } });
    }
    for (let k = 0; k < 2; k++) agg.add({ rep: `Rep ${rep}`, fields: { date: d(), kind: 'Visit', csat: new Decimal(2 + Math.floor(rand() * 4)) }, source: { ...src, row: row++ } });
  }
}
const table = agg.table();
const aggCpu = process.cpuUsage(aggCpu0);
global.gc?.();
const tableHeap = process.memoryUsage().heapUsed / 1e6;
const rssBefore = process.memoryUsage().rss / 1e6;
const roster = Array.from({ length: REPS }, (_, i) => ({ rep: `Rep ${i}`, team: `T${i % 400}`, region: `R${i % 7}`, ...(i % 3 === 0 ? { tier: 'intermediate' } : {}) }));
const period = `${2024 + Math.floor((MONTHS - 1) / 12)}-${String(((MONTHS - 1) % 12) + 1).padStart(2, '0')}`;

global.gc?.();
const heap0 = process.memoryUsage().heapUsed;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const ev = score(rubric, table, { manifest, roster, period });
const t1 = performance.now();
const cpu = process.cpuUsage(cpu0);
global.gc?.();
const heap = (process.memoryUsage().heapUsed - heap0) / 1e6;
const rss = process.resourceUsage().maxRSS / 1024;
console.log(
  `score ${REPS.toLocaleString('en-US')} reps × ${MONTHS} months (period ${period}, ${ev.reps.length} reps graded): ` +
    `${((t1 - t0) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU, Evaluation retained ${heap.toFixed(0)} MB, ` +
    `peak RSS ${rss.toFixed(0)} MB (the table alone: heap ${tableHeap.toFixed(0)} MB, RSS ${rssBefore.toFixed(0)} MB before scoring; ` +
    `aggregating its ${(REPS * MONTHS * 5).toLocaleString('en-US')} rows ${((aggCpu.user + aggCpu.system) / 1e6).toFixed(2)} s CPU) (bar: ≤ 5 s, ≤ 500 MB)`,
);
