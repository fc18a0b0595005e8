// Scoring cost alone (issue 10 item 1 and 16): records already in memory, time and heap of
// createEvaluator → add → finish for many reps and for many KPIs.
//   npm run bench -- scoring
import { Decimal } from 'decimal.js';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { prng } from './lib/data.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { createEvaluator } = await import(join(root, 'dist', 'engine', 'evaluate.js'));
const { Rubric } = await import(join(root, 'dist', 'rubric', 'schema.js'));


const manifest = { salesgradeVersion: 'bench', rubric: { name: 'bench', path: 'r.yaml', sha256: 'x' }, inputs: [] };

function rubricWith(nKpis) {
  const metrics = {};
  const kpis = [];
  for (let i = 0; i < nKpis; i++) {
    const id = `m${i}`;
    metrics[id] = i % 3 === 0 ? { sum: 'amount', where: { stage: ['Won'] } } : i % 3 === 1 ? { count: 'rows' } : { distinct: 'customer' };
    const w = nKpis <= 100 ? Math.floor(100 / nKpis) + (i < 100 % nKpis ? 1 : 0) : 100 / nKpis;
    kpis.push({ metric: id, weight: w, target: i % 3 === 0 ? 9000 : 7, cap: 1.5, ...(i % 4 === 1 ? { threshold: 0.3 } : {}) });
  }
  return Rubric.parse({
    salesgrade: 1, name: 'bench', period: 'month',
    source: { fields: { rep: ['Owner'], date: { headers: ['Date'], type: 'date' }, amount: { headers: ['Amount'], type: 'money' }, stage: ['Stage'], customer: ['Account'] } },
    metrics, kpis,
    tiers: [{ id: 'senior', min_score: 95 }, { id: 'mid', min_score: 75 }, { id: 'junior', min_score: 0 }],
  });
}

function run(label, nReps, months, nKpis, rowsPerRepMonth) {
  const rand = prng(7);
  const r = rubricWith(nKpis);
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const ev = createEvaluator(r, { manifest });
  let row = 2;
  for (let rep = 0; rep < nReps; rep++) {
    for (let m = 1; m <= months; m++) {
      for (let k = 0; k < rowsPerRepMonth; k++) {
        ev.add({
          rep: `Rep ${rep}`,
          fields: {
            date: `2026-${String(m).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
            amount: new Decimal((1000 + Math.floor(rand() * 9000)).toFixed(0) + '.25'),
            stage: rand() < 0.5 ? 'Won' : 'Lost',
            customer: `C${Math.floor(rand() * 50)}`,
          },
          source: { file: 'data.csv', row: row++ },
        });
      }
    }
  }
  const t1 = performance.now();
  const out = ev.finish();
  const t2 = performance.now();
  global.gc?.();
  const heap = (process.memoryUsage().heapUsed - heap0) / 1e6;
  void out;
  console.log(`${label}: add ${((t1 - t0) / 1000).toFixed(2)} s, finish (scoring) ${((t2 - t1) / 1000).toFixed(2)} s, heap retained ${heap.toFixed(0)} MB, ${out.reps.length} reps`);
}

const only = process.argv[2];
if (!only || only === 'reps') run('10,000 reps × 12 months × 10 KPIs', 10_000, 12, 10, 2);
if (!only || only === 'wide') run('61,000 reps × 1 month × 10 KPIs', 61_000, 1, 10, 1);
if (!only || only === 'kpis') run('7 reps × 1 month × 2,000 KPIs', 7, 1, 2000, 1);
if (only === 'small-kpis') run('7 reps × 1 month × 1,000 KPIs', 7, 1, 1000, 1);
if (only === 'wide-10k') run('10,000 reps × 1 month × 10 KPIs', 10_000, 1, 10, 1);
if (only === 'small-reps') run('2,000 reps × 12 months × 10 KPIs', 2000, 12, 10, 2);
