// Issue 10 item 16's inputs, seeded, under bench/.data/ (never committed): many reps with one or two rows
// each and a 10-KPI rubric, and a rubric of any number of KPIs (one metric each) for 7 rows.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR, prng } from './data.mjs';

/** A rubric with `kpis` KPIs on as many metrics (sums, counts with `where`, distinct counts, counts). */
export function manyKpisRubric(kpis) {
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

/** The rubric file for `kpis` KPIs. */
export function manyKpisRubricPath(kpis) {
  mkdirSync(DATA_DIR, { recursive: true });
  const path = join(DATA_DIR, kpis === 10 ? 'many-reps-10-kpis.yaml' : `many-kpis-${kpis}.yaml`);
  writeFileSync(path, manyKpisRubric(kpis));
  return path;
}

/** `reps` reps with one or two rows each, all in March 2026 (~28 bytes a row; 61,000 reps: 3.3 MB, 91,630 rows). */
export function manyRepsCsv(reps) {
  mkdirSync(DATA_DIR, { recursive: true });
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

/** Seven rows, one rep each. */
export function sevenRowsCsv() {
  mkdirSync(DATA_DIR, { recursive: true });
  const path = join(DATA_DIR, 'seven-rows-v1.csv');
  writeFileSync(path, 'Owner,Team,Date,Amount,Stage,Account\n' + ['Ann', 'Bo', 'Cy', 'Di', 'Ed', 'Fay', 'Gus'].map((r, i) => `${r},T1,2026-03-0${i + 1},${1000 * (i + 1)},Won,A${i}`).join('\n') + '\n');
  return path;
}
