// `salesgrade calibrate` and `salesgrade diff` on the 1,000,000-row CSV of evaluate.bench.mjs (issue 13:
// calibrating takes at most 1.5× one `evaluate` of it). Both read the data once; the figure to compare is
// each one's CPU time against the evaluate run measured here beside it.
//   npm run bench -- --micro calibrate   (issue 13's cases in the main table: npm run bench -- calibrate-1m diff-1m)
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const data = join(here, '.data');
const csv = join(data, 'evaluate-1m.csv');
const rubric = join(data, 'bench-rubric.yaml');
if (!existsSync(csv) || !existsSync(rubric)) {
  console.log('generating the 1M-row CSV through evaluate.bench.mjs first');
  spawnSync(process.execPath, ['--expose-gc', join(here, 'evaluate.bench.mjs')], { stdio: 'inherit' });
}
writeFileSync(join(data, 'bench-rubric-new.yaml'), readFileSync(rubric, 'utf8').replace('min_score: 95', 'min_score: 105').replace('weight: 50', 'weight: 45').replace('weight: 20', 'weight: 25'));

function run(label, args) {
  const script = `
    import { main } from ${JSON.stringify(join(root, 'dist', 'cli', 'main.js'))};
    const code = await main(['node', 'salesgrade', ...${JSON.stringify(args)}]);
    const cpu = process.cpuUsage();
    process.stderr.write('\\n@@rss ' + process.resourceUsage().maxRSS + ' ' + code + ' ' + (cpu.user + cpu.system) + '\\n');`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: data, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /@@rss (\d+) (\d+) (\d+)/.exec(r.stderr ?? '');
  if (!m || m[2] !== '0') {
    console.log(`${label}: FAILED\n${r.stderr}`);
    process.exitCode = 1;
    return undefined;
  }
  const cpu = Number(m[3]) / 1e6;
  return { secs, cpu, rss: Number(m[1]) / 1024 };
}

const base = run('evaluate', ['evaluate', 'evaluate-1m.csv', '-r', 'bench-rubric.yaml', '-f', 'json', '--no-workbook', '-q']);
const cases = [
  ['calibrate 1M-row CSV, one period', ['calibrate', 'bench-rubric.yaml', 'evaluate-1m.csv', '--distribution', 'senior=20,intermediate=60,junior=20', '-f', 'json', '-q']],
  ['calibrate 1M-row CSV, 4 periods pooled', ['calibrate', 'bench-rubric.yaml', 'evaluate-1m.csv', '--distribution', 'senior=20,intermediate=60,junior=20', '--periods', '2026-Q1..2026-Q4', '-f', 'json', '-q']],
  ['diff 1M-row CSV (two rubrics, one read)', ['diff', 'bench-rubric.yaml', 'bench-rubric-new.yaml', 'evaluate-1m.csv', '-f', 'json', '-q']],
];
if (base) console.log(`evaluate 1M-row CSV (json): ${base.secs.toFixed(2)} s wall, ${base.cpu.toFixed(2)} s CPU, peak RSS ${base.rss.toFixed(0)} MB`);
for (const [label, args] of cases) {
  const r = run(label, args);
  if (!r || !base) continue;
  console.log(
    `${label}: ${r.secs.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU = ${(r.cpu / base.cpu).toFixed(2)}× evaluate's CPU, peak RSS ${r.rss.toFixed(0)} MB (bar for calibrate: ≤ 1.5×)`,
  );
}
