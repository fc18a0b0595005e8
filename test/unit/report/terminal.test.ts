import { describe, expect, it } from 'vitest';
import { attainmentBand, displayWidth, renderTerminal, truncate } from '../../../src/report/terminal.js';
import { Decimal } from 'decimal.js';
import { fixtureEvaluation } from './evaluation-fixture.js';

describe('display width', () => {
  it('counts CJK and full-width characters as two columns, ANSI codes as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('销售代表')).toBe(8);
    expect(displayWidth('（未分配）')).toBe(10);
    expect(displayWidth('\u001b[31m张三\u001b[39m')).toBe(4);
    expect(displayWidth('█░↑↓=')).toBe(5);
  });

  it('measures emoji by grapheme: 🚀 and 👍🏽 are two columns each, a ZWJ family two (string-width)', () => {
    expect(['🚀', '👍🏽', '👨‍👩‍👧', 'é', 'e\u0301', 'Ａ'].map(displayWidth)).toEqual([2, 2, 2, 1, 1, 2]);
    expect(truncate('👍🏽👍🏽👍🏽', 5)).toBe('👍🏽👍🏽…'); // never half an emoji or a lone skin tone
  });

  it('truncates by columns, never splitting a wide character', () => {
    expect(truncate('上海一组销售', 7)).toBe('上海一…');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });
});

describe('attainment colours', () => {
  it('red below 80 %, amber below 100 %, green from 100 %', () => {
    expect(['0.7999', '0.8', '0.9999', '1', null].map((v) => attainmentBand(v === null ? null : new Decimal(v)))).toEqual([
      'red',
      'amber',
      'amber',
      'green',
      'none',
    ]);
  });
});

describe('terminal report', () => {
  it('renders header, distribution bars, leaderboard, teams and findings (zh-CN, plain)', () => {
    const text = renderTerminal(fixtureEvaluation(), { color: false });
    expect(text.split('\n')).toEqual([
      '华东直销 FY2026 · 考核期 2026-Q3 (2026-07-01 – 2026-09-30)',
      '输入文件：east-china-2026.xlsx',
      '读取行数 120 · 计入行数 60 · 排除行数 60（重复行 1，不符合筛选条件 3，不在考核期 55，合计行 1）',
      '',
      '等级分布',
      '  高级  ████████████████████░░░░░░░░░░░░░░░░░░░░    1   25.0%',
      '  中级  ████████████████████░░░░░░░░░░░░░░░░░░░░    1   25.0%',
      '  初级  ████████████████████████████████████████    2   50.0%',
      '',
      '排行榜',
      '  排名  销售代表  团队         回款 实际  回款  赢单率  新客户  拜访    总分  等级  升降  奖金',
      '     1  张伟      上海一组    ¥1,800,000  150%    133%    150%  110%  136.50  高级  =     ×1.5',
      '     2  王芳      上海一组    ¥1,020,000   85%     83%     83%   80%   83.67  中级  =        —',
      '     3  林涛      （未分配）    ¥300,000   25%       —     17%   20%   18.00  初级  新评     —',
      '     4  吴婷      上海二组            ¥0    0%       —      0%    0%    0.00  初级  =     ×0.5',
      '  达成率：绿 ≥ 100%，黄 ≥ 80%，红 < 80%；* = 不计入（missing: exclude）；升降 ↑ ↓ =，=↑n',
      '    连续达标期数',
      '  各等级措施：高级 奖金系数 1.5 领导力培训；初级 奖金系数 0.5 基础培训',
      '',
      '团队',
      '  团队        成员  回款  赢单率  新客户  拜访  高级/中级/初级',
      '  上海一组       2  118%       —    117%   95%           1/1/0',
      '  上海二组       1    0%       —      0%    0%           0/0/1',
      '  （未分配）     1   25%       —     17%   20%           0/0/1',
      '',
      '区域',
      '  区域    成员  回款  赢单率  新客户  拜访  高级/中级/初级',
      '  上海区     3   78%       —     78%   63%           1/1/1',
      '',
      '数据问题  错误 0 · 警告 2 · 提示 1',
      '  duplicate             ×1  east-china-2026.xlsx 商机明细 第 41 行  exact duplicate of row 40',
      '  rep-not-in-roster     ×1  east-china-2026.xlsx 商机明细!C57  林涛 is not in the roster',
      '  totals-row            ×1  east-china-2026.xlsx 商机明细 第 124 行  totals row excluded',
      '  查看明细: salesgrade inspect east-china-2026.xlsx',
      '',
    ]);
  });

  it('fits the width it is given, measuring CJK as two columns', () => {
    for (const width of [100, 80, 60]) {
      const ev = fixtureEvaluation();
      ev.reps[0]!.rep = '欧阳慕容长名字销售代表';
      ev.reps[0]!.team = '华东大区上海第一销售组';
      for (const line of renderTerminal(ev, { color: false, width }).split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(width);
    }
  });

  it('colours attainment red/amber/green and movement, only when asked', () => {
    const ev = fixtureEvaluation();
    ev.reps[1]!.decision.movement = 'promoted';
    const coloured = renderTerminal(ev, { color: true });
    const lines = coloured.split('\n');
    expect(lines[11]).toBe(
      '     1  张伟      上海一组    ¥1,800,000  \u001b[32m150%\u001b[39m    \u001b[32m133%\u001b[39m    \u001b[32m150%\u001b[39m  \u001b[32m110%\u001b[39m  \u001b[1m136.50\u001b[22m  高级  =     ×1.5',
    ); // green: at or above target
    expect(lines[12]).toContain(' \u001b[33m85%\u001b[39m'); // amber
    expect(lines[12]).toContain('\u001b[32m↑\u001b[39m'); // promoted
    expect(lines[13]).toContain('\u001b[31m25%\u001b[39m       \u001b[2m—\u001b[22m'); // red; no value dim
    expect(renderTerminal(ev, { color: false })).not.toMatch(/\u001b\[/);
  });

  it('uses the --locale labels, shows pacing and the held-run marks', () => {
    const ev = fixtureEvaluation();
    ev.manifest.asOf = '2026-08-14';
    ev.pacing = { elapsedWorkdays: 32, totalWorkdays: 64, fraction: new Decimal('0.5') };
    ev.reps[1]!.decision.promoteRun = 1;
    ev.reps[2]!.decision = { ...ev.reps[2]!.decision, movement: 'demoted' };
    const lines = renderTerminal(ev, { color: false, locale: 'en' }).split('\n');
    expect(lines.slice(2, 5)).toEqual([
      // (never wrapped between a reason and its count: 'out of period' / '55' was)
      'Rows read 120 · Rows counted 60 · Rows excluded 60 (duplicate 1, filtered by where 3,',
      '  out of period 55, totals row 1)',
      'As of 2026-08-14 · Pacing 32/64 workdays (50.0%)',
    ]);
    expect(lines).toContain('  Rank  Rep   Team          回款 Actual  回款  赢单率  新客户  拜访   Score  Tier  Movement  Bonus');
    expect(lines).toContain('     2  王芳  上海一组       ¥1,020,000   85%     83%     83%   80%   83.67  中级  =↑1           —');
    expect(lines).toContain('     3  林涛  (unassigned)     ¥300,000   25%       —     17%   20%   18.00  初级  ↓             —');
    expect(lines).toContain('  Actions: 高级 Bonus × 1.5 领导力培训; 初级 Bonus × 0.5 基础培训');
    expect(lines.at(-2)).toBe('  details: salesgrade inspect east-china-2026.xlsx');
  });

  it('says so when there are no findings', () => {
    const ev = fixtureEvaluation();
    ev.findings = [];
    const text = renderTerminal(ev, { color: false, locale: 'en' });
    expect(text.endsWith('Findings  error 0 · warning 0 · info 0\n')).toBe(true);
  });

  it('never cuts a rep name that fits: headers go on two lines and columns drop first', () => {
    const ev = fixtureEvaluation();
    ev.reps[0]!.rep = 'Farid Haddad-Okonkwo';
    for (const k of ev.kpis) k.label = `${k.label} long label`;
    const lines = renderTerminal(ev, { color: false, locale: 'en', width: 100 }).split('\n');
    expect(lines.some((l) => l.includes('Farid Haddad-Okonkwo'))).toBe(true);
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(100);
    // at 60 columns nothing else is left to cut: the name is cut too, and the table still fits
    const narrow = renderTerminal(ev, { color: false, locale: 'en', width: 60 }).split('\n');
    expect(Math.max(...narrow.map(displayWidth))).toBeLessThanOrEqual(60);
  });

  it('marks a rep held below the tier their score reaches by a gate with ^, naming the gate in the legend', () => {
    const ev = fixtureEvaluation();
    // 王芳 scores like 张伟 but fails the 高级 gate: same score, different tier
    const wang = ev.reps[1]!;
    wang.score = ev.reps[0]!.score;
    wang.decision.gates = [{ tier: 'senior', results: [{ metric: 'win_rate', min: 0.3, actual: new Decimal('0.25'), passed: false }] }];
    const lines = renderTerminal(ev, { color: false }).split('\n');
    expect(lines.find((l) => l.includes('王芳'))).toMatch(/136\.50 {2}中级\^ /);
    expect(lines.find((l) => l.includes('张伟'))).toMatch(/136\.50 {2}高级 {3}/);
    expect(lines).toContain('  ^ = 总分已达更高等级，但该等级门槛未通过：高级 win_rate ≥ 30.0%');
    // a passed gate, or a failed gate of a tier the score does not reach, marks nobody
    wang.score = new Decimal('83.67');
    expect(renderTerminal(ev, { color: false })).not.toContain('^');
  });
});
