// salesgrade calibrate in-process through main(): the suggested thresholds, written with --write and
// evaluated again by the engine, give the counts calibrate reported; --write changes only min_score
// lines; a rubric whose tiers live in its base is refused and left as it was.
// The built CLI's main(argv, io) in the e2e CLI worker (evaluate-helpers `run()`), as the other e2e files
// run it, not src/cli's module graph through vitest's module runner (calibrate and evaluate read no `io.now()`).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot, run } from './evaluate-helpers.js';

async function sg(cwd: string, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const r = run(cwd, args);
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const samples = join(repoRoot, 'samples');
const data = join(samples, 'east-china-2026.xlsx');

// The preset with its own tiers and comments, targets that do not depend on the tier held (so a new
// threshold cannot move a score through the tier history), and the sample roster.
function rubricText(): string {
  const preset = readFileSync(join(repoRoot, 'rules', 'zh-CN-field-sales.yaml'), 'utf8');
  const text = preset
    .replace(', by_tier: { senior: 6000000, junior: 3600000 }', '')
    .replace('\nkpis:', `\nroster:\n  file: ${JSON.stringify(join(samples, 'roster.xlsx'))}\nkpis:`);
  expect(text).not.toContain('by_tier');
  return text;
}

interface Calib {
  total: number;
  exact: boolean;
  tiers: { tier: string; suggested: number; current: number; count: number; wanted: number; members: string[] }[];
}

describe('calibrate', () => {
  test('--write, then evaluate: the counts are the ones reported, and only min_score lines changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-cal-'));
    dirs.push(dir);
    const text = rubricText();
    writeFileSync(join(dir, 'x.yaml'), text);
    const out = await sg(dir, ['calibrate', 'x.yaml', data, '--distribution', 'senior=25,intermediate=50,junior=25', '--write', '-f', 'json']);
    expect(out.status).toBe(0);
    expect(out.stderr).toMatch(/wrote x\.yaml \(\d min_score values? changed\)/);
    const c = JSON.parse(out.stdout) as Calib;
    expect(c.tiers.map((t) => t.tier)).toEqual(['senior', 'intermediate', 'junior']);
    expect(c.tiers.reduce((a, t) => a + t.count, 0)).toBe(c.total);
    const [s, i, j] = c.tiers.map((t) => t.suggested) as [number, number, number];
    expect(s).toBeGreaterThan(i);
    expect(i).toBeGreaterThan(j);
    expect(j).toBe(0);

    // the file: only the min_score values of the tiers changed
    const written = readFileSync(join(dir, 'x.yaml'), 'utf8');
    const a = text.split('\n');
    const b = written.split('\n');
    expect(b.length).toBe(a.length);
    const changed = a.flatMap((l, n): [string, string][] => (l === b[n] ? [] : [[l, b[n]!]]));
    expect(changed.length).toBeGreaterThan(0);
    for (const [before, after] of changed) {
      expect(before.replace(/min_score: [\d.]+/, 'min_score: N')).toBe(after.replace(/min_score: [\d.]+/, 'min_score: N'));
    }
    expect(written).toContain(`min_score: ${s},`);

    // evaluated again with the written thresholds: the qualified tiers give exactly the reported counts
    const ev = await sg(dir, ['evaluate', data, '-r', 'x.yaml', '-f', 'json', '--no-workbook', '-q']);
    expect(ev.status).toBe(0);
    const reps = (JSON.parse(ev.stdout) as { reps: { rep: string; decision: { qualified: string } }[] }).reps;
    for (const t of c.tiers) {
      expect(reps.filter((r) => r.decision.qualified === t.tier).map((r) => r.rep).sort(), t.tier).toEqual([...t.members].sort());
    }
    // the sample's 16 reps: 25/50/25 is 4/8/4
    expect(c.tiers.map((t) => t.wanted)).toEqual([4, 8, 4]);
  });

  test('pooled periods read once: one score per rep and period', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-cal-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'x.yaml'), rubricText());
    const out = await sg(dir, ['calibrate', 'x.yaml', data, '--distribution', '高级=20,中级=60,初级=20', '--periods', '2026-Q2..2026-Q3', '-f', 'json', '-q']);
    expect(out.status).toBe(0);
    const c = JSON.parse(out.stdout) as Calib & { periods: string[] };
    expect(c.periods).toEqual(['2026-Q2', '2026-Q3']);
    const q2 = c.tiers.flatMap((t) => t.members).filter((m) => m.endsWith(' @ 2026-Q2')).length;
    const q3 = c.tiers.flatMap((t) => t.members).filter((m) => m.endsWith(' @ 2026-Q3')).length;
    expect(q2 + q3).toBe(c.total);
    expect(q2).toBeGreaterThan(0);
    expect(q3).toBeGreaterThan(0);
    // nothing written without --write
    expect(readFileSync(join(dir, 'x.yaml'), 'utf8')).toBe(rubricText());
  });

  test('--write refuses a rubric whose tiers live in the base, names the base, changes nothing', async () => {
    const before = readFileSync(join(samples, 'salesgrade.yaml'), 'utf8');
    const out = await sg(repoRoot, ['calibrate', 'samples/salesgrade.yaml', data, '--distribution', 'senior=20,intermediate=60,junior=20', '--write']);
    expect(out.status).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      'salesgrade: --write: the tiers of samples/salesgrade.yaml are defined in rules/zh-CN-field-sales.yaml (through extends), not in samples/salesgrade.yaml (edit rules/zh-CN-field-sales.yaml, or copy the tiers list into samples/salesgrade.yaml first)\n',
    );
    expect(readFileSync(join(samples, 'salesgrade.yaml'), 'utf8')).toBe(before);
  });

  test.each([
    ['senior=20,intermediate=60', /the shares add up to 80%, not 100%/],
    ['senior=20,boss=60,junior=20', /"boss" is not a tier of the rubric \(tiers: senior, intermediate, junior\)/],
    ['senior:twenty', /expected tier=percent, got "senior:twenty"/],
  ])('--distribution %s is a usage error', async (spec, message) => {
    // the sample rubric is zh-CN, which words the error in Chinese (test/e2e/errors-locale.test.ts): English here
    const out = await sg(repoRoot, ['--locale', 'en', 'calibrate', 'samples/salesgrade.yaml', data, '--distribution', spec]);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(message);
  });
});
