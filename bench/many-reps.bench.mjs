// Issue 10 item 16: memory on many reps, and many KPIs. Two generated inputs (seeded, under bench/.data/,
// never committed), each run as a whole process (`node bin/salesgrade.js evaluate …`, as a user runs
// it) with GNU time's peak RSS:
//   - 61,000 reps, one or two rows each (~1.7 MB CSV), a 10-KPI rubric: `--no-workbook -f json` and the
//     default command (workbook) — was 24.4 s / 2.17 GB and 80.6 s / 1.85 GB (~35 KB per rep);
//   - 7 rows, a 10,000-KPI rubric (one metric per KPI) — was 268 s.
//   npm run bench -- --micro many-reps
//   REPS=20000 KPIS=2000 node bench/many-reps.bench.mjs        (other sizes)
//   PROFILE=1 node bench/many-reps.bench.mjs                   (a .cpuprofile of each run in bench/.data/)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { DATA_DIR, prng } from './lib/data.mjs';

const root = join(DATA_DIR, '..', '..');
const REPS = Number(process.env.REPS ?? 61_000);
const KPIS = Number(process.env.KPIS ?? 10_000);
mkdirSync(DATA_DIR, { recursive: true });

function rubric(kpis) {
  const lines = ['salesgrade: 1', 'name: many', 'locale: en', 'currency: USD', 'period: month', 'source:', '  fields:', '    rep: [Owner]', '    team: [Team]', '    date: { headers: [Date], type: date }', '    amount: { headers: [Amount], type: money }', '    stage: [Stage]', '    customer: [Account]', 'metrics:'];
  for (let i = 0; i < kpis; i++) {
    const kind = i % 4;
    lines.push(kind === 0 ? `  m${i}: { sum: amount, where: { stage: Won } }` : kind === 1 ? `  m${i}: { count: rows, where: { stage: [Won, Lost] } }` : kind === 2 ? `  m${i}: { distinct: customer }` : `  m${i}: { count: rows }`);
  }
  lines.push('kpis:');
  for (let i = 0; i < kpis; i++) lines.push(`  - { metric: m${i}, weight: ${(100 / kpis).toFixed(6)}, target: ${i % 4 === 0 ? 5000 : 2}, cap: 1.5 }`);
  lines.push('tiers:', '  - { id: senior, min_score: 90 }', '  - { id: mid, min_score: 60 }', '  - { id: junior, min_score: 0 }', '');
  return lines.join('\n');
}

/** One or two rows per rep, all in one month: ~28 bytes a row. */
function manyRepsCsv(reps) {
  const path = join(DATA_DIR, `many-reps-${reps}-v1.csv`);
  if (existsSync(path)) return path;
  const rand = prng(16);
  let out = 'Owner,Team,Date,Amount,Stage,Account\n';
  for (let r = 0; r < reps; r++) {
    const n = rand() < 0.5 ? 1 : 2;
    for (let k = 0; k < n; k++) out += `R${r},T${r % 300},2026-03-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')},${1000 + Math.floor(rand() * 9000)},${rand() < 0.5 ? 'Won' : 'Lost'},A${Math.floor(rand() * 50)}\n`;
  }
  writeFileSync(path, out);
  return path;
}

function sevenRowsCsv() {
  const path = join(DATA_DIR, 'seven-rows-v1.csv');
  writeFileSync(path, 'Owner,Team,Date,Amount,Stage,Account\n' + ['Ann', 'Bo', 'Cy', 'Di', 'Ed', 'Fay', 'Gus'].map((r, i) => `${r},T1,2026-03-0${i + 1},${1000 * (i + 1)},Won,A${i}`).join('\n') + '\n');
  return path;
}

function run(label, args) {
  const out = join(DATA_DIR, 'many-reps-out.xlsx');
  rmSync(out, { force: true });
  const prof = process.env.PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${DATA_DIR}`] : [];
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '@@rss %M @@cpu %U %S', process.execPath, ...prof, join(root, 'bin', 'salesgrade.js'), ...args.map((a) => (a === '$OUT' ? out : a))], { encoding: 'utf8', maxBuffer: 1 << 30, cwd: root });
  const wall = (performance.now() - t0) / 1000;
  const rss = /@@rss (\d+) @@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  if (!rss || (r.status !== 0 && r.status !== 1)) {
    console.log(`${label}: exit ${r.status}\n${(r.stderr ?? '').slice(-1500)}`);
    return;
  }
  const cpu = Number(rss[2]) + Number(rss[3]);
  console.log(`${label}: ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU, peak RSS ${(Number(rss[1]) / 1024).toFixed(0)} MB (exit ${r.status})`);
}

console.log(`load average ${loadavg()[0].toFixed(2)}`);
const many = manyRepsCsv(REPS);
const r10 = join(DATA_DIR, 'many-reps-10-kpis.yaml');
writeFileSync(r10, rubric(10));
run(`${REPS.toLocaleString('en-US')} reps × 10 KPIs, evaluate --no-workbook -f json`, ['evaluate', many, '-r', r10, '--no-workbook', '-f', 'json', '-o', join(DATA_DIR, 'many-reps-out.json')]);
run(`${REPS.toLocaleString('en-US')} reps × 10 KPIs, evaluate (workbook)`, ['evaluate', many, '-r', r10, '-f', 'json', '-o', join(DATA_DIR, 'many-reps-out.json'), '--workbook', '$OUT']);
const rk = join(DATA_DIR, `many-kpis-${KPIS}.yaml`);
writeFileSync(rk, rubric(KPIS));
run(`7 rows × ${KPIS.toLocaleString('en-US')} KPIs, evaluate --no-workbook -f json`, ['evaluate', sevenRowsCsv(), '-r', rk, '--no-workbook', '-f', 'json', '-o', join(DATA_DIR, 'many-kpis-out.json')]);
console.log(`load average ${loadavg()[0].toFixed(2)}`);
