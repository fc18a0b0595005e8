/**
 * `--help` follows `--locale` or a zh `LANG` (issue 15): the Chinese catalog has exactly the keys of the
 * English help registered by the commands (so a new option cannot ship without its Chinese text), and
 * the CLI prints it.
 */
import { Command } from 'commander';
import { describe, expect, it, test } from 'vitest';
import { describeProgram } from '../../../src/cli/main.js';
import { helpLocale, helpTexts, wrapByWidth } from '../../../src/cli/commands/help.js';
import { mayPrintHelp } from '../../../src/cli/commands/help-locale.js';
import { ZH_HELP } from '../../../src/cli/commands/help-zh.js';
import { displayWidth } from '../../../src/report/terminal.js';
import type { CliContext } from '../../../src/cli/context.js';
import { repoRoot, run } from '../../e2e/evaluate-helpers.js';

function englishHelp(): Map<string, string> {
  const program = new Command();
  const ctx = { io: { env: {}, stdout: { write: () => true }, stderr: { write: () => true } }, globals: () => ({ color: false, quiet: false, verbose: false }), setExitCode: () => {}, note: () => {} } as unknown as CliContext;
  describeProgram(program, ctx);
  return helpTexts(program);
}

describe('help catalogs', () => {
  test('the zh-CN catalog has exactly the keys of the English help of every command, none empty', () => {
    const en = englishHelp();
    expect(Object.keys(ZH_HELP).sort()).toEqual([...en.keys()].sort());
    for (const [k, v] of Object.entries(ZH_HELP)) expect(v.trim(), k).not.toBe('');
    // every command has a description, and the examples block where English has one
    expect([...en.keys()].filter((k) => k.endsWith('.desc'))).toHaveLength(11);
  });

  test('the examples keep the English command lines (only the words after them are translated)', () => {
    const en = englishHelp();
    for (const [k, v] of en) {
      if (!k.endsWith('.after')) continue;
      // the command of each `$ salesgrade …` line, in order (the rest may be a translated comment)
      const cmds = (s: string) => s.split('\n').filter((l) => l.trimStart().startsWith('$ ')).map((l) => l.trim().split(/ +/).slice(0, 3).join(' '));
      expect(cmds(ZH_HELP[k]!), k).toEqual(cmds(v));
    }
  });

  test.each([
    [['evaluate', '--help', '--locale', 'zh-CN'], {}, 'zh-CN'],
    [['--locale=zh-CN', '--help'], {}, 'zh-CN'],
    [['--help'], { LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    [['--help'], { LC_ALL: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' }, 'zh-CN'],
    [['--help', '--locale', 'en'], { LANG: 'zh_CN.UTF-8' }, 'en'],
    [['--help'], { LANG: 'en_US.UTF-8' }, 'en'],
    [['--help'], {}, 'en'],
  ] as const)('helpLocale(%j, %j) = %s', (argv, env, want) => {
    expect(helpLocale(argv, env)).toBe(want);
  });

  test('wrapByWidth breaks Chinese by display width, never before closing punctuation', () => {
    const text = '导出表的汇总方式：js（默认：逐行读取，做全部脏数据检查）或 duckdb（在内置 DuckDB 中对干净的 CSV/Parquet 运行编译后的查询）';
    const lines = wrapByWidth(text, 20).split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) {
      expect(displayWidth(l)).toBeLessThanOrEqual(20);
      expect(l).not.toMatch(/^[：，；）。、]/);
    }
    expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
  });
});

describe('salesgrade --help in Chinese', () => {
  test('LANG=zh_CN.UTF-8 salesgrade --help', () => {
    const r = run(repoRoot, ['--help'], { LANG: 'zh_CN.UTF-8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('用法： salesgrade [选项] [命令]');
    expect(r.stdout).toContain('以电子表格驱动的销售管理');
    expect(r.stdout).toMatch(/\n {2}evaluate \[options\] \[data\.\.\.\] +按规则为每位销售代表评分/);
    expect(r.stdout).toContain('退出码：0 正常');
  });

  test('salesgrade evaluate --help --locale zh-CN; --locale en wins over a zh LANG', () => {
    const r = run(repoRoot, ['evaluate', '--help', '--locale', 'zh-CN']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('选项：');
    expect(r.stdout).toContain('用法： salesgrade evaluate [选项] [data...]');
    expect(r.stdout).toMatch(/--as-of <date> +评估进行中的考核期/);
    expect(r.stdout.replace(/\n +/g, '')).toContain('（可选值："table", "json", "csv", "md"；默认："table"）');
    expect(r.stdout).toContain('$ salesgrade evaluate q3.xlsx --as-of 2026-08-15 --no-workbook  进行中季度的时间进度');
    const en = run(repoRoot, ['evaluate', '--help', '--locale', 'en'], { LANG: 'zh_CN.UTF-8' });
    expect(en.stdout).toContain('Options:');
    expect(en.stdout).toContain('Usage: salesgrade evaluate [options] [data...]');
    expect(en.stdout).toContain('evaluate an open period up to this date');
    expect(en.stdout).not.toContain('评估进行中');
  });
});

describe('the Chinese catalog is loaded only when help could be printed (start-up stays lazy under a zh LANG)', () => {
  it.each([
    [['--help'], true],
    [['evaluate', '-h'], true],
    [['help', 'evaluate'], true],
    [[], true],
    [['--locale', 'zh-CN'], true],
    [['--version'], false],
    [['-v'], false],
    [['evaluate', 'q3.xlsx'], false],
    [['--locale', 'zh-CN', 'evaluate', 'help'], false],
    [['evaluate', '--', '--help'], false],
  ] as const)('%j → %s', (args, want) => {
    expect(mayPrintHelp(['node', 'salesgrade', ...args])).toBe(want);
  });
});
