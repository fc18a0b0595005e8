// Seeded bench data: generated CRM activity exports (about 500 reps, a year of deals and activities),
// written under bench/.data/ (ignored by git) and reused while the generator's version is the same.
// Every case that reads an export takes it from here, so the baselines read the very same file.
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '.data');
/** Raise when the generated rows change, so stale files are not reused. */
const VERSION = 1;
export const REPS = 500;

/** mulberry32: a small seeded PRNG, so every run generates the same rows. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const RUBRIC = `salesgrade: 1
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

export const HEADER = ['Deal ID', 'Owner', 'Team', 'Date', 'Close Date', 'Amount', 'Stage', 'Account', 'Activity Type', 'CSAT'];

/** The rows as text cells ('' = empty): 70 % activities (visits, calls), 30 % closed deals. */
export function* rows(n, seed) {
  const rand = prng(seed);
  for (let i = 0; i < n; i++) {
    const rep = Math.floor(rand() * REPS);
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const date = `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const account = `Account ${Math.floor(rand() * 5000)} Holdings Ltd`;
    if (rand() < 0.7) {
      const kind = rand() < 0.6 ? 'Visit' : 'Call';
      yield ['', `Rep ${rep}`, `Team ${rep % 25}`, date, '', '', '', account, kind, rand() < 0.5 ? (3 + rand() * 2).toFixed(1) : ''];
    } else {
      const won = rand() < 0.3;
      const amount = 1000 + Math.floor(rand() * 200000) + (rand() < 0.5 ? 0.5 : 0);
      yield [`D${i}`, `Rep ${rep}`, `Team ${rep % 25}`, date, date, amount.toFixed(2), won ? 'Won' : 'Lost', account, '', ''];
    }
  }
}

function label(n) {
  return n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

/** Write to `path` through a temporary file, so an interrupted generation is not reused. */
async function generate(path, write) {
  if (existsSync(path)) return path;
  mkdirSync(DATA_DIR, { recursive: true });
  const tmp = `${path}.tmp`;
  rmSync(tmp, { force: true });
  const t0 = performance.now();
  await write(tmp);
  renameSync(tmp, path);
  process.stderr.write(`generated ${path} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return path;
}

export function rubricPath() {
  mkdirSync(DATA_DIR, { recursive: true });
  const p = join(DATA_DIR, 'bench-rubric.yaml');
  writeFileSync(p, RUBRIC);
  return p;
}

/** A CSV export of `n` rows (seed 1). */
export function csv(n) {
  return generate(join(DATA_DIR, `export-${label(n)}-v${VERSION}.csv`), async (tmp) => {
    const out = createWriteStream(tmp);
    const put = (s) => (out.write(s) ? undefined : new Promise((r) => out.once('drain', r)));
    await put(`${HEADER.join(',')}\n`);
    let buf = '';
    for (const r of rows(n, 1)) {
      buf += `${r.join(',')}\n`;
      if (buf.length > 1 << 20) {
        await put(buf);
        buf = '';
      }
    }
    await put(buf);
    await new Promise((r) => out.end(r));
  });
}

/** The same rows as an XLSX (seed 1): shared strings, dates as date cells, numbers as numbers. */
export function xlsx(n) {
  return generate(join(DATA_DIR, `export-${label(n)}-v${VERSION}.xlsx`), async (tmp) => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: true, useStyles: true });
    const ws = wb.addWorksheet('Deals');
    ws.addRow(HEADER).commit();
    const toDate = (s) => (s === '' ? null : new Date(Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)))));
    for (const r of rows(n, 1)) {
      ws.addRow([r[0] || null, r[1], r[2], toDate(r[3]), toDate(r[4]), r[5] === '' ? null : Number(r[5]), r[6] || null, r[7], r[8] || null, r[9] === '' ? null : Number(r[9])]).commit();
    }
    ws.commit();
    await wb.commit();
  });
}
