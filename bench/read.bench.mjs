// Read throughput of the export reader (dist/io/read-export.js): a generated 1,000,000-row CSV
// (~70 MB) and a 100,000-row XLSX. Prints rows/s, MB/s and peak RSS; the CSV must stay under 250 MB.
// Data is generated under bench/.data/ (ignored by git) and reused when present.
// Each measurement runs in a fresh child process so that peak RSS is the reader's alone.
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, '.data');
const readerPath = join(here, '..', 'dist', 'io', 'read-export.js');
const reader = pathToFileURL(readerPath).href;
const CSV_ROWS = Number(process.env.BENCH_CSV_ROWS ?? 1_000_000);
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);

const reps = Array.from({ length: 200 }, (_, i) => `销售${String(i).padStart(3, '0')}`);
const stages = ['赢单', '输单', '谈判中', '初步接洽'];
const kinds = ['拜访', '电话', '会议', '邮件'];

// A deterministic PRNG (mulberry32), so the data is the same on every run.
function rng(seed) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function row(i, rand) {
  const m = 1 + Math.floor(rand() * 12);
  const d = 1 + Math.floor(rand() * 28);
  return [
    `D${String(i).padStart(7, '0')}`,
    reps[Math.floor(rand() * reps.length)],
    `2026-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    (Math.floor(rand() * 10_000_000) / 100).toFixed(2),
    stages[Math.floor(rand() * stages.length)],
    `客户${Math.floor(rand() * 5000)}`,
    kinds[Math.floor(rand() * kinds.length)],
  ];
}

const HEADER = ['商机编号', '销售代表', '日期', '金额', '阶段', '客户名称', '活动类型'];

async function makeCsv(path) {
  const out = createWriteStream(path);
  const rand = rng(42);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  await write(`${HEADER.join(',')}\n`);
  let buf = '';
  for (let i = 1; i <= CSV_ROWS; i++) {
    buf += `${row(i, rand).join(',')}\n`;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise((r) => out.end(r));
}

async function makeXlsx(path) {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const ws = wb.addWorksheet('商机明细');
  ws.addRow(HEADER).commit();
  const rand = rng(7);
  for (let i = 1; i <= XLSX_ROWS; i++) {
    const r = row(i, rand);
    const [y, m, d] = r[2].split('-').map(Number);
    ws.addRow([r[0], r[1], new Date(Date.UTC(y, m - 1, d)), Number(r[3]), r[4], r[5], r[6]]).commit();
  }
  ws.commit();
  await wb.commit();
}

if (process.argv[2] === 'child') {
  const path = process.argv[3];
  const { openExport } = await import(reader);
  const t0 = performance.now();
  const r = await openExport(path, { source: undefined });
  let counted = 0;
  let excluded = 0;
  // batches(), as evaluate and inspect read (rows() adds an async step per row)
  for await (const batch of r.batches()) {
    for (const row of batch) {
      if (row.record) counted++;
      else excluded++;
    }
  }
  const secs = (performance.now() - t0) / 1000;
  const rss = process.resourceUsage().maxRSS / 1024;
  const u = process.cpuUsage();
  process.stdout.write(JSON.stringify({ secs, cpu: (u.user + u.system) / 1e6, counted, excluded, rss, findings: r.findings.length }));
} else {
  if (!existsSync(readerPath)) {
    console.error('run `npm run build` first (npm run bench does)');
    process.exit(2);
  }
  mkdirSync(dataDir, { recursive: true });
  const csv = join(dataDir, `read-${CSV_ROWS}.csv`);
  const xlsx = join(dataDir, `read-${XLSX_ROWS}.xlsx`);
  if (!existsSync(csv)) await makeCsv(csv);
  if (!existsSync(xlsx)) await makeXlsx(xlsx);
  let failed = false;
  for (const [name, path, bar] of [
    ['csv', csv, { rss: 250 }],
    ['xlsx', xlsx, {}],
  ]) {
    const res = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'child', path], { encoding: 'utf8' });
    if (res.status !== 0) {
      console.error(res.stderr);
      failed = true;
      continue;
    }
    const m = JSON.parse(res.stdout);
    const mb = statSync(path).size / 1e6;
    const rows = m.counted + m.excluded;
    console.log(`read ${name} rows: ${rows} (${m.counted} counted, ${m.excluded} excluded), ${mb.toFixed(1)} MB`);
    console.log(`read ${name} time: ${m.secs.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s CPU (on a busy machine, CPU time is the fairer figure)`);
    console.log(`read ${name} throughput: ${Math.round(rows / m.secs)} rows/s, ${(mb / m.secs).toFixed(1)} MB/s`);
    console.log(`read ${name} peak RSS: ${m.rss.toFixed(0)} MB${bar.rss ? ` (bar: < ${bar.rss} MB)` : ''}`);
    if (bar.rss && m.rss >= bar.rss) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}
