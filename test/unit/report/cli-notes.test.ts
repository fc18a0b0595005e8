// The CLI's stderr notes in both languages: the same keys, every note worded (no English left in the
// zh-CN catalog's words apart from flags and file names), plurals in English.
import { describe, expect, it } from 'vitest';
import { CLI_NOTES, cliNotes } from '../../../src/report/cli-notes.js';

describe('cli notes', () => {
  it('both catalogs have the same keys', () => {
    expect(Object.keys(CLI_NOTES['zh-CN']).sort()).toEqual(Object.keys(CLI_NOTES.en).sort());
  });

  it.each([
    ['periodLatest', { period: '2026-Q3' }, 'period 2026-Q3: the latest in the data (choose another with --period)', '考核期 2026-Q3：数据中最新的一期（用 --period 选择其他考核期）'],
    ['yearCurrent', { year: '2027' }, 'year 2027: the current one (choose another with --year)', '年度 2027：当前年度（用 --year 选择其他年度）'],
    ['wrote', { file: 'a.xlsx' }, 'wrote a.xlsx', '已写入 a.xlsx'],
    ['wroteStatements', { count: 1, dir: 'out' }, 'wrote 1 statement and manifest.json in out', '已在 out 写入 1 份个人报告及 manifest.json'],
    ['wroteStatements', { count: 3, dir: 'out' }, 'wrote 3 statements and manifest.json in out', '已在 out 写入 3 份个人报告及 manifest.json'],
    ['wroteThresholds', { file: 'r.yaml', changed: 2 }, 'wrote r.yaml (2 min_score values changed)', '已写入 r.yaml（修改了 2 个 min_score）'],
  ] as const)('%s %j', (key, params, en, zh) => {
    const f = (l: 'en' | 'zh-CN') => (cliNotes(l)[key] as (p: typeof params) => string)(params);
    expect(f('en')).toBe(en);
    expect(f('zh-CN')).toBe(zh);
  });

  it('English when no language is known yet', () => {
    expect(cliNotes(undefined).wrote({ file: 'x' })).toBe('wrote x');
  });
});
