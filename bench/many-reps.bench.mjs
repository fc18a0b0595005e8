// Issue 10 item 16: memory on many reps, and many KPIs. Two generated inputs (seeded, under bench/.data/,
// never committed), each run as a whole process (`node bin/salesgrade.js evaluate …`, as a user runs
// it) with GNU time's peak RSS:
//   - 61,000 reps, one or two rows each (3.3 MB CSV), a 10-KPI rubric: `--no-workbook -f json`, `-f json`
//     with the workbook, and the default command (terminal + workbook) — was 24.4 s / 2.17 GB and
//     80.6 s / 1.85 GB (~35 KB per rep); the README's Performance section has the figures since;
//   - 7 rows, a 10,000-KPI rubric (one metric per KPI) — was 268 s.
//   npm run bench -- --micro many-reps        (the bench table's cases: bench/cases/many-reps.mjs)
//   REPS=20000 KPIS=2000 node bench/many-reps.bench.mjs        (other sizes)
//   PROFILE=1 node bench/many-reps.bench.mjs                   (a .cpuprofile of each run in bench/.data/)
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { DATA_DIR } from './lib/data.mjs';
import { manyKpisRubricPath, manyRepsCsv, sevenRowsCsv } from './lib/many-reps-data.mjs';

const root = join(DATA_DIR, '..', '..');
const REPS = Number(process.env.REPS ?? 61_000);
const KPIS = Number(process.env.KPIS ?? 10_000);
mkdirSync(DATA_DIR, { recursive: true });

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
const r10 = manyKpisRubricPath(10);
run(`${REPS.toLocaleString('en-US')} reps × 10 KPIs, evaluate --no-workbook -f json`, ['evaluate', many, '-r', r10, '--no-workbook', '-f', 'json', '-o', join(DATA_DIR, 'many-reps-out.json')]);
run(`${REPS.toLocaleString('en-US')} reps × 10 KPIs, evaluate -f json with the workbook`, ['evaluate', many, '-r', r10, '-f', 'json', '-o', join(DATA_DIR, 'many-reps-out.json'), '--workbook', '$OUT']);
run(`${REPS.toLocaleString('en-US')} reps × 10 KPIs, the default command (terminal report + workbook)`, ['evaluate', many, '-r', r10, '-q', '--workbook', '$OUT']);
const rk = manyKpisRubricPath(KPIS);
run(`7 rows × ${KPIS.toLocaleString('en-US')} KPIs, evaluate --no-workbook -f json`, ['evaluate', sevenRowsCsv(), '-r', rk, '--no-workbook', '-f', 'json', '-o', join(DATA_DIR, 'many-kpis-out.json')]);
console.log(`load average ${loadavg()[0].toFixed(2)}`);
