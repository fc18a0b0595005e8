// `salesgrade evaluate` end to end on big exports (issue 4's bars: a 1,000,000-row CSV of ~70 MB and
// a 100,000-row xlsx, each in a few seconds on 2 cores). Generates its data under bench/.data/ once
// (kept between runs; delete the folder to regenerate), then runs the built CLI in a child process
// and prints wall time, rows/s and the child's peak RSS.
//   npm run bench -- evaluate
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { prng } from './lib/data.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const data = join(here, '.data');
mkdirSync(data, { recursive: true });

const CSV_ROWS = 1_000_000;
const XLSX_ROWS = 100_000;
const REPS = 400;


const RUBRIC = `salesgrade: 1
name: bench
locale: en
currency: USD
period: quarter
source:
  fields:
    deal_id: [Deal ID]
    rep: [Owner]
    team: [Team]
    date: { headers: [Date], type: date }
    close_date: { headers: [Close Date], type: date }
    amount: { headers: [Amount], type: money }
    stage: [Stage]
    customer: [Account]
    kind: [Activity Type]
    csat: { headers: [CSAT], type: number }
metrics:
  revenue: { sum: amount, where: { stage: Won }, date: close_date }
  deals_won: { count: rows, where: { stage: Won }, date: close_date }
  deals_closed: { count: rows, where: { stage: [Won, Lost] }, date: close_date }
  win_rate: { ratio: [deals_won, deals_closed] }
  new_customers: { distinct: customer, where: { stage: Won }, date: close_date }
  visits: { count: rows, where: { kind: Visit } }
  csat: { avg: csat }
kpis:
  - { metric: revenue, weight: 50, target: { default: 4000000, per: year }, cap: 1.5 }
  - { metric: win_rate, weight: 20, target: 0.3, cap: 1.2 }
  - { metric: new_customers, weight: 15, target: 40 }
  - { metric: visits, weight: 15, target: 400, cap: 1 }
tiers:
  - { id: senior, min_score: 95, gates: [{ metric: csat, min: 4.2 }] }
  - { id: intermediate, min_score: 75 }
  - { id: junior, min_score: 0 }
movement: { promote_after: 2, demote_after: 2, grace_periods: 1 }
`;

const HEADER = ['Deal ID', 'Owner', 'Team', 'Date', 'Close Date', 'Amount', 'Stage', 'Account', 'Activity Type', 'CSAT'];

function* rows(n, seed) {
  const rand = prng(seed);
  for (let i = 0; i < n; i++) {
    const rep = Math.floor(rand() * REPS);
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const date = `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const account = `Account ${Math.floor(rand() * 5000)} Holdings Ltd`;
    if (rand() < 0.7) {
      const kind = rand() < 0.6 ? 'Visit' : 'Call';
      yield ['', `Rep ${rep}`, `Team ${rep % 20}`, date, '', '', '', account, kind, rand() < 0.5 ? (3 + rand() * 2).toFixed(1) : ''];
    } else {
      const won = rand() < 0.3;
      const amount = 1000 + Math.floor(rand() * 200000) + (rand() < 0.5 ? 0.5 : 0);
      yield [`D${i}`, `Rep ${rep}`, `Team ${rep % 20}`, date, date, amount.toFixed(2), won ? 'Won' : 'Lost', account, '', ''];
    }
  }
}

async function makeCsv(path) {
  if (existsSync(path)) return;
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  await write(`${HEADER.join(',')}\n`);
  let buf = '';
  for (const r of rows(CSV_ROWS, 1)) {
    buf += `${r.join(',')}\n`;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise((r) => out.end(r));
}

async function makeXlsx(path) {
  if (existsSync(path)) return;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('Deals');
  ws.addRow(HEADER).commit();
  for (const r of rows(XLSX_ROWS, 2)) {
    ws.addRow(r.map((v, i) => (v === '' ? null : i === 5 || i === 9 ? Number(v) : v))).commit();
  }
  ws.commit();
  await wb.commit();
}

// Run the CLI in a child that reports its own peak RSS on exit.
function evaluate(label, args, rowsIn) {
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
    return;
  }
  const rssMb = Number(m[1]) / 1024;
  const cpu = Number(m[3]) / 1e6;
  // CPU time is reported too: on a shared 2-core machine the wall time depends on everyone else.
  console.log(
    `${label}: ${secs.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU, ${Math.round(rowsIn / secs).toLocaleString('en-US')} rows/s, ` +
      `peak RSS ${rssMb.toFixed(0)} MB (bar: a few seconds)`,
  );
}

writeFileSync(join(data, 'bench-rubric.yaml'), RUBRIC);
const csv = join(data, 'evaluate-1m.csv');
const xlsx = join(data, 'evaluate-100k.xlsx');
let t = Date.now();
await makeCsv(csv);
await makeXlsx(xlsx);
if (Date.now() - t > 1000) console.log(`generated bench data in ${((Date.now() - t) / 1000).toFixed(1)} s`);
console.log(`evaluate-1m.csv: ${(statSync(csv).size / 1e6).toFixed(1)} MB, ${CSV_ROWS.toLocaleString('en-US')} rows, ${REPS} reps`);
console.log(`evaluate-100k.xlsx: ${(statSync(xlsx).size / 1e6).toFixed(1)} MB, ${XLSX_ROWS.toLocaleString('en-US')} rows`);

evaluate('evaluate 1M-row CSV (json, no workbook)', ['evaluate', 'evaluate-1m.csv', '-r', 'bench-rubric.yaml', '-f', 'json', '--no-workbook', '-q'], CSV_ROWS);
evaluate('evaluate 1M-row CSV (table + workbook)', ['evaluate', 'evaluate-1m.csv', '-r', 'bench-rubric.yaml', '-o', 'out-1m.xlsx', '-q'], CSV_ROWS);
evaluate('evaluate 100k-row xlsx (json, no workbook)', ['evaluate', 'evaluate-100k.xlsx', '-r', 'bench-rubric.yaml', '-f', 'json', '--no-workbook', '-q'], XLSX_ROWS);
evaluate('evaluate 100k-row xlsx (table + workbook with data sheet)', ['evaluate', 'evaluate-100k.xlsx', '-r', 'bench-rubric.yaml', '-o', 'out-100k.xlsx', '-q'], XLSX_ROWS);
