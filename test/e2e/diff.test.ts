// salesgrade diff in-process through main(): two rubrics over the sample export, the expected tier
// changes worked out from evaluations of the same data; the git-revision form in a temporary repository.
// The built CLI's main(argv, io) in the e2e CLI worker (evaluate-helpers `run()`), as the other e2e files
// run it: src/cli's whole module graph through vitest's module runner cost this file ~3 CPU-s more.
// (No run here depends on the clock: evaluate and diff read no `io.now()`.)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot, run } from './evaluate-helpers.js';

async function sg(cwd: string, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const r = run(cwd, args);
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface RepJson {
  rep: string;
  score: string;
  decision: { tier: string; qualified: string };
  metrics: Record<string, { value: string | null }>;
}

const dirs: string[] = [];
function tmp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const samples = join(repoRoot, 'samples');
const data = join(samples, 'east-china-2026.xlsx');
// Movement after one period and no grace, and targets that do not depend on the tier (the preset's
// revenue target is higher for a senior): the tier a rep gets is the tier the score and gates qualify
// for, so the expected outcome follows from the score and the csat gate alone.
const OLD = `salesgrade: 1
name: 华东 old
extends: ${JSON.stringify(join(samples, 'salesgrade.yaml'))}
movement: { promote_after: 1, demote_after: 1, grace_periods: 0 }
kpis:
  - { metric: revenue, weight: 50, target: { default: 4800000, per: year }, cap: 1.5 }
  - { metric: win_rate, weight: 20, target: 0.30, cap: 1.2 }
  - { metric: new_customers, weight: 15, target: 6, cap: 1.5 }
  - { metric: visits, weight: 15, target: 60, cap: 1.0 }
`;
const TIERS = { senior: 125, intermediate: 85 };
const THRESHOLDS_ONLY = `salesgrade: 1
name: 华东 new
extends: ./old.yaml
tiers:
  - { id: senior,       label: 高级, labels: { en: Senior },       min_score: ${TIERS.senior}, gates: [{ metric: csat, min: 4.2 }] }
  - { id: intermediate, label: 中级, labels: { en: Intermediate }, min_score: ${TIERS.intermediate} }
  - { id: junior,       label: 初级, labels: { en: Junior },       min_score: 0 }
`;

describe('diff over the sample export', () => {
  const dir = tmp('sg-diff-');
  // old.yaml's evaluation of the sample, which three cases compare with: made once
  let old: ReturnType<typeof sg> | undefined;
  const oldEvaluation = () => (old ??= sg(dir, ['evaluate', data, '-r', 'old.yaml', '-f', 'json', '--no-workbook', '-q']));
  writeFileSync(join(dir, 'old.yaml'), OLD);
  writeFileSync(join(dir, 'new.yaml'), THRESHOLDS_ONLY);
  writeFileSync(join(dir, 'weights.yaml'), THRESHOLDS_ONLY.replace('name: 华东 new', 'name: 华东 weights') + `kpis:
  - { metric: revenue, weight: 40, target: { default: 4800000, per: year }, cap: 1.5 }
  - { metric: win_rate, weight: 30, target: 0.30, cap: 1.2 }
  - { metric: new_customers, weight: 15, target: 6, cap: 1.5 }
  - { metric: visits, weight: 15, target: 60, cap: 1.0 }
`);

  test('threshold change: the tier changes are those the old scores and gates give under the new thresholds', async () => {
    const ev = await oldEvaluation();
    expect(ev.status).toBe(0);
    const reps = (JSON.parse(ev.stdout) as { reps: RepJson[] }).reps;
    // worked out by hand from the old evaluation: the first tier (highest first) whose min_score the
    // rounded score reaches and whose gate (csat ≥ 4.2, senior only) passes
    const expectedTier = (r: RepJson): string => {
      const score = Number(r.score);
      const csat = r.metrics.csat?.value;
      if (score >= TIERS.senior && csat !== null && csat !== undefined && Number(csat) >= 4.2) return 'senior';
      if (score >= TIERS.intermediate) return 'intermediate';
      return 'junior';
    };
    const expected = reps
      .filter((r) => expectedTier(r) !== r.decision.tier)
      .map((r) => ({ rep: r.rep, from: r.decision.tier, to: expectedTier(r), score: r.score }))
      .sort((a, b) => (a.rep < b.rep ? -1 : 1));
    expect(expected.length).toBeGreaterThan(1); // the case must move people, or it proves nothing

    const out = await sg(dir, ['diff', 'old.yaml', 'new.yaml', data, '-f', 'json', '-q']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(j.readOnce).toBe(true);
    expect(j.history.periods).toEqual(['2026-Q2']);
    const got = (j.reps.tierChanges as { rep: string; before: { tier: string; score: string }; after: { tier: string; score: string } }[])
      .map((x) => ({ rep: x.rep, from: x.before.tier, to: x.after.tier, score: x.after.score }))
      .sort((a, b) => (a.rep < b.rep ? -1 : 1));
    expect(got).toEqual(expected);
    // thresholds only: no score moves
    expect(j.reps.scoreMoved.count).toBe(0);
    expect(j.scoreChange).toEqual({ min: '0', median: '0', max: '0' });
    const after = (tier: string) => reps.filter((r) => expectedTier(r) === tier).length;
    expect(j.distribution.map((d: { tier: string; after: number }) => [d.tier, d.after])).toEqual([
      ['senior', after('senior')],
      ['intermediate', after('intermediate')],
      ['junior', after('junior')],
    ]);
    type Change = { kind: string; name: string; before: unknown; after: unknown; old: { file: string; line: number } | null; new: { file: string; line: number } | null };
    const changes = new Map((j.rubricChanges as Change[]).map((c) => [c.name, c]));
    expect(changes.get('tiers.senior.min_score')).toMatchObject({ kind: 'changed', before: 95, after: TIERS.senior, new: { file: 'new.yaml', line: 5 } });
    expect(changes.get('tiers.senior.min_score')!.old!.file).toMatch(/rules\/zh-CN-field-sales\.yaml$/);
    expect(changes.get('tiers.intermediate.min_score')).toMatchObject({ before: 75, after: TIERS.intermediate, new: { file: 'new.yaml', line: 6 } });
    // the new tiers list does not repeat the colours: a real change, reported as removals
    expect(changes.get('tiers.senior.color')).toMatchObject({ kind: 'removed', before: '#2E7D32', after: null, new: null });
  });

  test('weight change: reading once gives what two separate evaluations give', async () => {
    const [a, b] = await Promise.all([
      oldEvaluation(),
      sg(dir, ['evaluate', data, '-r', 'weights.yaml', '-f', 'json', '--no-workbook', '-q']),
    ]);
    const ra = new Map((JSON.parse(a.stdout) as { reps: RepJson[] }).reps.map((r) => [r.rep, r]));
    const rb = (JSON.parse(b.stdout) as { reps: RepJson[] }).reps;
    const tierChanges = rb.filter((r) => ra.get(r.rep)!.decision.tier !== r.decision.tier).map((r) => r.rep).sort();
    const moved = rb.filter((r) => ra.get(r.rep)!.decision.tier === r.decision.tier && r.score !== ra.get(r.rep)!.score).map((r) => r.rep).sort();
    const deltas = rb.map((r) => Number(r.score) - Number(ra.get(r.rep)!.score)).sort((x, y) => x - y);

    const out = await sg(dir, ['diff', 'old.yaml', 'weights.yaml', data, '-f', 'json', '--top', '100', '-q']);
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(j.reps.tierChanges.map((x: { rep: string }) => x.rep).sort()).toEqual(tierChanges);
    expect(j.reps.scoreMoved.top.map((x: { rep: string }) => x.rep).sort()).toEqual(moved);
    expect(moved.length).toBeGreaterThan(0);
    expect(Number(j.scoreChange.min)).toBeCloseTo(deltas[0]!, 9);
    expect(Number(j.scoreChange.max)).toBeCloseTo(deltas[deltas.length - 1]!, 9);
    // the KPI that moved most for each mover is win_rate or revenue (the two weights changed)
    for (const x of j.reps.scoreMoved.top as { topKpi: { kpi: string } }[]) expect(['revenue', 'win_rate']).toContain(x.topKpi.kpi);
  });

  test('changed metrics (a where, a date field): the moves are those of two separate evaluations (one read, the unchanged metrics shared)', async () => {
    // new customers count lost deals' customers too; deals closed are placed by the activity date
    writeFileSync(join(dir, 'metrics.yaml'), `salesgrade: 1
name: 华东 metrics
extends: ./old.yaml
metrics:
  deals_closed: { label: 结单数, labels: { en: Deals closed }, count: rows, where: { stage: [赢单, 输单, Won, Lost, Closed Won, Closed Lost] }, date: date }
  new_customers: { label: 新客户数, labels: { en: New customers }, distinct: customer, where: { stage: [赢单, 输单, Won, Closed Won] }, date: close_date }
`);
    const [a, b] = await Promise.all([
      oldEvaluation(),
      sg(dir, ['evaluate', data, '-r', 'metrics.yaml', '-f', 'json', '--no-workbook', '-q']),
    ]);
    const ra = new Map((JSON.parse(a.stdout) as { reps: RepJson[] }).reps.map((r) => [r.rep, r]));
    const rb = (JSON.parse(b.stdout) as { reps: RepJson[] }).reps;
    const moves = rb
      .filter((r) => r.score !== ra.get(r.rep)!.score)
      .map((r) => ({ rep: r.rep, before: ra.get(r.rep)!.score, after: r.score, tierChanged: r.decision.tier !== ra.get(r.rep)!.decision.tier }))
      .sort((x, y) => (x.rep < y.rep ? -1 : 1));
    expect(moves.length).toBeGreaterThan(0);

    const out = await sg(dir, ['diff', 'old.yaml', 'metrics.yaml', data, '-f', 'json', '--top', '100', '-q']);
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(j.readOnce).toBe(true);
    type Move = { rep: string; before: { score: string }; after: { score: string } };
    const got = [...(j.reps.tierChanges as Move[]).map((x) => ({ ...x, tierChanged: true })), ...(j.reps.scoreMoved.top as Move[]).map((x) => ({ ...x, tierChanged: false }))]
      .map((x) => ({ rep: x.rep, before: x.before.score, after: x.after.score, tierChanged: x.tierChanged }))
      .sort((x, y) => (x.rep < y.rep ? -1 : 1));
    expect(got).toEqual(moves);
    expect(j.rubricChanges.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['metrics.new_customers.where.stage', 'metrics.deals_closed.date']));
  });

  test('--fail-on-tier-change exits 1 when a tier changes, 0 when none does; md and github formats', async () => {
    const changed = await sg(dir, ['diff', 'old.yaml', 'new.yaml', data, '--fail-on-tier-change', '-f', 'md', '--locale', 'en']);
    expect(changed.status).toBe(1);
    expect(changed.stderr).toMatch(/--fail-on-tier-change: \d+ reps? changes? tier/);
    expect(changed.stdout).toMatch(/^### Rubric diff · 2026-Q3\n/);
    expect(changed.stdout).toContain(`| \`tiers.senior.min_score 95 → ${TIERS.senior}\` |`);
    const same = await sg(dir, ['diff', 'old.yaml', 'old.yaml', data, '--fail-on-tier-change', '-f', 'github', '-q']);
    expect(same.status).toBe(0);
    expect(same.stdout.trim().split('\n')).toHaveLength(1);
    expect(same.stdout).toMatch(/^::notice title=考核方案对比 2026-Q3::方案改动 0 处 · 16 人中 0 人等级变化/);
  });
});

describe('diff when the rubrics read or grade differently', () => {
  const dir = tmp('sg-diff2-');
  writeFileSync(join(dir, 'old.yaml'), OLD);
  // another header alias for the customer: the exports are read another way, so once per rubric
  writeFileSync(join(dir, 'source.yaml'), `salesgrade: 1\nname: 华东 source\nextends: ./old.yaml\nsource:\n  fields:\n    customer: { headers: [客户名称, 客户, 客户全称], type: text }\n`);
  writeFileSync(join(dir, 'monthly.yaml'), 'salesgrade: 1\nname: 华东 monthly\nextends: ./old.yaml\nperiod: month\n');

  test('a changed source section: the data is read once per rubric, and the report says so', async () => {
    const out = await sg(dir, ['diff', 'old.yaml', 'source.yaml', data, '-f', 'json']);
    expect(out.status).toBe(0);
    expect(out.stderr).toContain('the rubrics read the exports differently (their source sections differ): the data is read once for each');
    const j = JSON.parse(out.stdout);
    expect(j.readOnce).toBe(false);
    expect(j.rubricChanges.map((c: { name: string }) => c.name)).toContain('source.fields.customer.headers');
    expect(j.reps.tierChanges).toEqual([]);
    const md = await sg(dir, ['diff', 'old.yaml', 'source.yaml', data, '-f', 'md', '--locale', 'en', '-q']);
    expect(md.stdout).toContain('Data read twice');
  });

  test('rubrics grading different periods: a usage error, exit 2', async () => {
    const out = await sg(dir, ['--locale', 'en', 'diff', 'old.yaml', 'monthly.yaml', data]);
    expect(out.status).toBe(2);
    expect(out.stderr).toBe('salesgrade: old.yaml grades by quarter and monthly.yaml by month: diff compares the same period under both rubrics (make the period the same, or evaluate each on its own)\n');
    // without --locale: the new rubric's language (zh-CN), as diff's report
    const zh = await sg(dir, ['diff', 'old.yaml', 'monthly.yaml', data]);
    expect(zh.status).toBe(2);
    expect(zh.stderr).toBe('salesgrade: old.yaml 按季度考核，monthly.yaml 按月份考核：diff 比较的是两个规则文件下的同一考核期（请让考核周期一致，或分别运行 evaluate）\n');
  });
});

describe('diff with a git revision', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });

  test('HEAD~1:rules/x.yaml resolves extends at that revision, where the base changed in the same commit', async () => {
    const dir = tmp('sg-git-');
    cpSync(join(repoRoot, 'rules', 'zh-CN-field-sales.yaml'), join(dir, 'rules', 'base.yaml'));
    cpSync(join(samples, 'roster.xlsx'), join(dir, 'roster.xlsx'));
    cpSync(data, join(dir, 'q3.xlsx'));
    const x = readFileSync(join(samples, 'salesgrade.yaml'), 'utf8').replace('extends: ../rules/zh-CN-field-sales.yaml', 'extends: ./base.yaml').replace('file: roster.xlsx', 'file: ../roster.xlsx');
    writeFileSync(join(dir, 'rules', 'x.yaml'), x);
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'one');
    // one commit changes the base's senior threshold and the file's own name
    const base = readFileSync(join(dir, 'rules', 'base.yaml'), 'utf8');
    writeFileSync(join(dir, 'rules', 'base.yaml'), base.replace('min_score: 95,', 'min_score: 120,'));
    writeFileSync(join(dir, 'rules', 'x.yaml'), x.replace('name: 华东大区直销 2026', 'name: 华东大区直销 2026 v2'));
    git(dir, 'commit', '-q', '-am', 'two');

    const out = await sg(dir, ['diff', 'HEAD~1:rules/x.yaml', 'rules/x.yaml', 'q3.xlsx', '-f', 'json', '-q']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(j.before.path).toBe('HEAD~1:rules/x.yaml');
    const nameLine = x.split('\n').findIndex((l) => l.startsWith('name:')) + 1;
    const baseLine = base.split('\n').findIndex((l) => l.includes('id: senior')) + 1;
    expect(j.rubricChanges.map((c: { name: string; before: unknown; after: unknown; old: { file: string; line: number }; new: { file: string; line: number } }) => [c.name, c.before, c.after, `${c.old.file}:${c.old.line}`, `${c.new.file}:${c.new.line}`])).toEqual([
      ['name', '华东大区直销 2026', '华东大区直销 2026 v2', `HEAD~1:rules/x.yaml:${nameLine}`, `rules/x.yaml:${nameLine}`],
      ['tiers.senior.min_score', 95, 120, `HEAD~1:rules/base.yaml:${baseLine}`, `rules/base.yaml:${baseLine}`],
    ]);
    // the working tree's base is already changed: had extends been read from it, nothing would differ
    expect(j.reps.tierChanges.length + j.reps.qualifiedOnly.length).toBeGreaterThan(0);

    // main:rules/x.yaml is the same commit as HEAD here: no change at all
    const same = await sg(dir, ['diff', 'main:rules/x.yaml', 'rules/x.yaml', 'q3.xlsx', '-f', 'json', '-q']);
    expect(JSON.parse(same.stdout).rubricChanges).toEqual([]);

    const unknown = await sg(dir, ['diff', 'nope~3:rules/x.yaml', 'rules/x.yaml', 'q3.xlsx']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('salesgrade: nope~3:rules/x.yaml: unknown revision "nope~3" (e.g. HEAD~1:rules/x.yaml or main:rules/x.yaml)\n');
    const missing = await sg(dir, ['diff', 'HEAD~1:rules/y.yaml', 'rules/x.yaml', 'q3.xlsx']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('salesgrade: cannot read rubric HEAD~1:rules/y.yaml: no such file\n');
  });

  test('outside a repository: one clear line, exit 2', async () => {
    const dir = tmp('sg-nogit-');
    writeFileSync(join(dir, 'x.yaml'), OLD);
    const out = await sg(dir, ['diff', 'HEAD~1:x.yaml', 'x.yaml', data]);
    expect(out.status).toBe(2);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/^salesgrade: HEAD~1:x\.yaml: not inside a git repository/);
  });
});
