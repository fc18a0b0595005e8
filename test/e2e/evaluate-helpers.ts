// Shared by the evaluate / explain / samples e2e tests: a temp working directory, the binary run in
// it with colour off, and output normalised (versions, sha256) so goldens are stable.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(repoRoot, 'bin', 'salesgrade.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(cwd: string, args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', TZ: 'Pacific/Kiritimati', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function workdir(files: Record<string, string> = {}): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sg-eval-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function copyInto(dir: string, from: string, to: string): void {
  cpSync(join(repoRoot, from), join(dir, to), { recursive: true });
}

/** Replace sha256 digests and the package version so goldens survive unrelated changes. */
export function normalise(text: string): string {
  return text.replace(/\b[0-9a-f]{64}\b/g, '<sha256>').replace(/"salesgradeVersion": "[^"]+"/g, '"salesgradeVersion": "<version>"');
}

/** A small en rubric for exports with Owner, Date, Amount columns: revenue (60) and calls (40), monthly. */
export function ownerDateAmountRubric(name: string): string {
  return `salesgrade: 1
name: ${name}
locale: en
currency: USD
period: month
source:
  fields:
    rep: { headers: [Owner], type: text }
    date: { headers: [Date], type: date }
    amount: { headers: [Amount], type: money }
metrics:
  revenue: { sum: amount }
  calls: { count: rows }
kpis:
  - { metric: revenue, weight: 60, target: 1000 }
  - { metric: calls, weight: 40, target: 2 }
tiers:
  - { id: senior, label: Senior, min_score: 90 }
  - { id: junior, label: Junior, min_score: 0 }
`;
}
