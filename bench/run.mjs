// `npm run bench`: issue 12's table. Every case in bench/cases/*.mjs runs as a whole process
// (`node bin/salesgrade.js …`), alternating with its in-run baseline, a few times; the table gives the
// medians, the ratio, the peak RSS (GNU time's maximum resident set size) and the bar.
//
//   npm run bench                     every case (3 runs each; startup cases 7)
//   npm run bench -- csv-1m version   only the cases whose id contains one of the words
//   npm run bench -- --runs 5         more runs
//   npm run bench -- --micro [name]   the older micro benches (bench/*.bench.mjs) instead
//
// A case file exports an array of cases (add a file to add cases; they run in file-name order):
//   { id, title, runs?, setup: async () => ({ salesgrade?: args, node?: args, baseline?: { label, node: args } }),
//     bar: { secs?, ratio?, rssMb? } }
// `derived(result)` may return a line printed under the table (e.g. a cost per 100k rows).
// `salesgrade` is the CLI's arguments; `node` a script and its arguments instead (a case timed inside
// a process prints `@@secs <seconds>` on stdout or stderr, which then replaces the wall time).
// Generated data lives in bench/.data/ (seeded, never committed; see bench/lib/data.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
process.chdir(root);
const args = process.argv.slice(2);

if (args[0] === '--micro') {
  const only = args.slice(1);
  let failed = 0;
  for (const f of readdirSync(here).filter((x) => x.endsWith('.bench.mjs') && (only.length === 0 || only.some((o) => x.includes(o)))).sort()) {
    console.log(`\n== ${f}`);
    if (spawnSync(process.execPath, ['--expose-gc', join(here, f)], { stdio: 'inherit' }).status !== 0) failed++;
  }
  process.exit(failed ? 1 : 0);
}

let runs = 3;
const only = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else only.push(args[i]);
}
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) {
  console.error('bench: needs GNU time at /usr/bin/time for peak RSS (apt-get install time)');
  process.exit(2);
}

const cases = [];
for (const f of readdirSync(join(here, 'cases')).filter((x) => x.endsWith('.mjs')).sort()) {
  const mod = await import(pathToFileURL(join(here, 'cases', f)).href);
  for (const c of mod.default) cases.push(c);
}
const chosen = cases.filter((c) => only.length === 0 || only.some((o) => c.id.includes(o)));
if (chosen.length === 0) {
  console.error(`bench: no case matches ${only.join(' ')}; the cases are ${cases.map((c) => c.id).join(', ')}`);
  process.exit(2);
}

/** One whole-process run: wall seconds (or the process's own `@@secs`), peak RSS in MB. */
function measure(nodeArgs) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', '@@rss %M', process.execPath, ...nodeArgs], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const rss = /@@rss (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0 || !rss) throw new Error(`exit ${r.status}: node ${nodeArgs.join(' ')}\n${(r.stderr ?? '').slice(-2000)}`);
  const own = /@@secs ([\d.]+)/.exec(`${r.stdout}\n${r.stderr}`);
  return { secs: own ? Number(own[1]) : wall, rssMb: Number(rss[1]) / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtSecs = (s) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);

const started = performance.now();
const load0 = loadavg()[0];
const results = [];
for (const c of chosen) {
  const setup = await c.setup();
  const main = setup.salesgrade ? [join('bin', 'salesgrade.js'), ...setup.salesgrade] : setup.node;
  const n = c.runs ?? runs;
  const sg = [];
  const base = [];
  process.stderr.write(`${c.id}: `);
  try {
    // alternate the order, so a neighbour's burst of load does not always land on the same side
    for (let i = 0; i < n; i++) {
      if (setup.baseline && i % 2 === 1) base.push(measure(setup.baseline.node));
      sg.push(measure(main));
      if (setup.baseline && i % 2 === 0) base.push(measure(setup.baseline.node));
      process.stderr.write('.');
    }
    process.stderr.write('\n');
  } catch (e) {
    process.stderr.write(`FAILED\n${e.message}\n`);
    results.push({ c, failed: true });
    continue;
  }
  const secs = median(sg.map((m) => m.secs));
  const rssMb = Math.max(...sg.map((m) => m.rssMb));
  const baseSecs = base.length ? median(base.map((m) => m.secs)) : undefined;
  const ratio = baseSecs !== undefined ? secs / baseSecs : undefined;
  const bar = c.bar ?? {};
  const parts = [];
  let met = true;
  if (bar.secs !== undefined) {
    parts.push(`≤ ${fmtSecs(bar.secs)}`);
    met &&= secs <= bar.secs;
  }
  if (bar.ratio !== undefined) {
    parts.push(`≤ ${bar.ratio} ×`);
    met &&= ratio !== undefined && ratio <= bar.ratio;
  }
  if (bar.rssMb !== undefined) {
    parts.push(`≤ ${bar.rssMb} MB`);
    met &&= rssMb <= bar.rssMb;
  }
  results.push({ c, n, secs, rssMb, baseLabel: setup.baseline?.label, baseSecs, baseRss: base.length ? Math.max(...base.map((m) => m.rssMb)) : undefined, ratio, bar: parts.join(', ') || '—', met: parts.length ? met : undefined });
}

const total = (performance.now() - started) / 1000;
const rows = [['case', 'salesgrade', 'peak RSS', 'baseline (same run)', 'baseline', 'ratio', 'bar', 'met']];
for (const r of results) {
  if (r.failed) {
    rows.push([r.c.title, 'FAILED', '', '', '', '', '', 'no']);
    continue;
  }
  rows.push([
    r.c.title,
    `${fmtSecs(r.secs)} (median of ${r.n})`,
    `${r.rssMb.toFixed(0)} MB`,
    r.baseLabel ?? '—',
    r.baseSecs !== undefined ? `${fmtSecs(r.baseSecs)}, ${r.baseRss.toFixed(0)} MB` : '—',
    r.ratio !== undefined ? `${r.ratio.toFixed(2)} ×` : '—',
    r.bar,
    r.met === undefined ? '—' : r.met ? 'yes' : '**no**',
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
console.log(`\nsalesgrade bench · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? '?'} · load average ${load0.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end · ${total.toFixed(0)} s`);
console.log(line(rows[0]));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows.slice(1)) console.log(line(r));
const derived = results.filter((r) => !r.failed && r.c.derived && r.baseSecs !== undefined).map((r) => r.c.derived(r));
if (derived.length) console.log(`\n${derived.join('\n')}`);
console.log('\nTimes are whole processes (Node start-up included), medians; a ratio compares medians taken in the same run, alternating with the baseline. On a shared machine compare the ratios, not the seconds.');
process.exitCode = results.some((r) => r.failed || r.met === false) ? 1 : 0;
