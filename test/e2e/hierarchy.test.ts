// Teams from the export's own 团队 column, without a roster (issue 15, "Managers"): the team table lists
// the real teams, graded, and nobody is "(unassigned)". A rep with no team is listed under
// (unassigned) and never graded as a team: "—" in the terminal, null in JSON, "—" in the workbook.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, run, workdir } from './evaluate-helpers.js';

const rubric = `salesgrade: 1
name: Teams from the data
locale: en
currency: CNY
period: quarter
source:
  fields:
    rep: [销售]
    date: { headers: [日期], type: date }
    amount: { headers: [金额], type: money }
    team: [团队]
metrics:
  revenue: { sum: amount, label: Revenue }
kpis:
  - { metric: revenue, label: Revenue, weight: 100, target: 100 }
tiers:
  - { id: top, label: Top, min_score: 100 }
  - { id: base, label: Base, min_score: 0 }
levels:
  team:
    kpis: [{ metric: revenue, label: Revenue, weight: 100, target: members }]
    tiers: [{ id: a, label: Strong, min_score: 100 }, { id: b, label: Weak, min_score: 0 }]
`;

function data(withNoTeam: boolean): string {
  const rows = ['销售,日期,金额,团队', '张伟,2026-07-01,120,华东一组', '李娜,2026-07-02,80,华东一组', '王芳,2026-07-03,40,华南组', '王芳,2026-07-04,10,华南组'];
  if (withNoTeam) rows.push('赵敏,2026-07-05,500,');
  return `${rows.join('\n')}\n`;
}

let w: { dir: string; cleanup: () => void } | undefined;
afterEach(() => w?.cleanup());
beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) throw new Error('run npm run build first');
});

describe('teams from the data, without a roster', () => {
  it('terminal and JSON list and grade the real teams; nobody is (unassigned)', () => {
    w = workdir({ 'salesgrade.yaml': rubric, 'q3.csv': data(false) });
    const json = run(w.dir, ['evaluate', 'q3.csv', '-f', 'json', '--no-workbook']);
    expect(json.status).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.teams.map((g: { name: string; members: string[]; score: string | null; tier: string | null }) => [g.name, g.members, g.score, g.tier])).toEqual([
      ['华东一组', ['张伟', '李娜'], '100', 'a'],
      ['华南组', ['王芳'], '50', 'b'],
    ]);
    expect(doc.reps.map((r: { rep: string; team: string }) => [r.rep, r.team]).sort()).toEqual([
      ['张伟', '华东一组'],
      ['李娜', '华东一组'],
      ['王芳', '华南组'],
    ]);
    const term = run(w.dir, ['evaluate', 'q3.csv', '--no-workbook'], { COLUMNS: '120' });
    expect(term.status).toBe(0);
    expect(term.stdout).toContain('华东一组');
    expect(term.stdout).toContain('华南组');
    expect(term.stdout).not.toContain('(unassigned)');
  });

  it('a rep without a team is listed under (unassigned), with no team grade in terminal, JSON, Markdown and workbook', async () => {
    w = workdir({ 'salesgrade.yaml': rubric, 'q3.csv': data(true) });
    const json = run(w.dir, ['evaluate', 'q3.csv', '-f', 'json', '--no-workbook']);
    expect(json.status).toBe(0);
    const un = JSON.parse(json.stdout).teams.find((g: { name: string }) => g.name === '(unassigned)');
    // 500 against a target of 100 would be "Strong" if it were graded as a team
    expect([un.members, un.score, un.tier, un.kpis]).toEqual([['赵敏'], null, null, null]);

    const term = run(w.dir, ['evaluate', 'q3.csv', '-w', 'out.xlsx'], { COLUMNS: '120' });
    expect(term.status).toBe(0);
    const line = term.stdout.split('\n').find((l) => l.includes('(unassigned)') && !l.includes('赵敏'));
    expect(line).toBeDefined();
    expect(line).toMatch(/—\s+—/);
    expect(line).not.toMatch(/Strong|Weak/);

    const md = run(w.dir, ['evaluate', 'q3.csv', '-f', 'md', '--no-workbook']);
    expect(md.status).toBe(0);
    expect(md.stdout.split('\n').filter((l) => l.startsWith('| (unassigned)')).join('\n')).not.toMatch(/Strong|Weak/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(w.dir, 'out.xlsx'));
    const teams = wb.worksheets.find((s) => s.name === 'Teams');
    expect(teams).toBeDefined();
    const rows: unknown[][] = [];
    teams!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const head = rows[1]!;
    const [score, tier] = [head.indexOf('Score'), head.indexOf('Tier')];
    const unRow = rows.find((r) => r[0] === '(unassigned)')!;
    expect([unRow[score], unRow[tier]]).toEqual(['—', '—']);
    const graded = rows.find((r) => r[0] === '华东一组')!;
    expect([graded[score], graded[tier]]).toEqual([100, 'Strong']); // the level's tier label, not its id
    // the Summary sheet's team roll-up: name, members, score, tier, then the tier counts
    const summary: unknown[][] = [];
    wb.getWorksheet('Summary')!.eachRow((r) => summary.push((r.values as unknown[]).slice(1)));
    expect(summary.filter((r) => r[0] === '(unassigned)' || r[0] === '华东一组').slice(0, 2)).toEqual([
      ['华东一组', 2, 100, 'Strong', 1, 1],
      ['(unassigned)', 1, '—', '—', 1, 0],
    ]);
  });
});
