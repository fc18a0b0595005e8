// The command line as a linter's users expect it (issue 16, item 3): no arguments is a usage error
// (help on stderr, exit 2, as git does); -v / -V / --version print the version; `check -r` works as the
// rubric-not-found hint says; every error line starts `salesgrade: ` (commander's own too); every
// warning line is `salesgrade: warning: <where>: <message> [<code>]`; --fail-on / --strict /
// --max-warnings mean the same on evaluate and check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerDateAmountRubric, repoRoot, run, workdir } from './evaluate-helpers.js';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const RUBRIC = ownerDateAmountRubric('CLI');
// a metric no KPI uses: a rubric warning (unused-metric)
const WARNED_RUBRIC = RUBRIC.replace('  calls: { count: rows }\n', '  calls: { count: rows }\n  spare: { count: rows }\n');
// rep1 has an amount that is not a number (bad-number: an error); the rest is clean
const WITH_ERROR = 'Owner,Date,Amount\nrep0,2026-07-01,100\nrep0,2026-07-02,200\nrep1,2026-07-03,abc\nrep1,2026-07-04,300\n';
// one exact duplicate row: warnings only (duplicate-row), no error
const WITH_WARNING = 'Owner,Date,Amount\nrep0,2026-07-01,100\nrep0,2026-07-01,100\nrep1,2026-07-03,300\nrep1,2026-07-04,300\n';

let w: { dir: string; cleanup: () => void };
beforeAll(() => {
  w = workdir({ 'salesgrade.yaml': RUBRIC, 'warned.yaml': WARNED_RUBRIC, 'err.csv': WITH_ERROR, 'warn.csv': WITH_WARNING });
});
afterAll(() => w.cleanup());

describe('salesgrade with no command, and the version', () => {
  it('no arguments: the help on stderr and exit 2 (a script that forgot the command fails)', () => {
    const r = run(w.dir, []);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: salesgrade \[options\] \[command\]\n/);
  });

  it('--help and `help` ask for it: stdout, exit 0', () => {
    for (const args of [['--help'], ['help']]) {
      const r = run(w.dir, args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: salesgrade/);
    }
  });

  it.each([['-v'], ['-V'], ['--version']])('%s prints the version, exit 0', (flag) => {
    expect(run(w.dir, [flag])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('every error line starts salesgrade:', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option', ['evaluate', 'warn.csv', '--bogus'], /^salesgrade: unknown option '--bogus'\n/],
    ['a missing argument', ['evaluate'], /^salesgrade: no data: give the CRM exports, or --metrics FILE/],
    ['a bad choice', ['check', '-f', 'xml'], /^salesgrade: option '-f, --format <format>' argument 'xml' is invalid/],
    ['an unknown command, and its suggestion line', ['evalute', 'warn.csv'], /^salesgrade: unknown command 'evalute'\nsalesgrade: \(Did you mean evaluate\?\)\n/],
    ['a missing mandatory option', ['explain', 'warn.csv'], /^salesgrade: explain needs --rep NAME, --team NAME or --region NAME\n/],
    ['our own usage error', ['evaluate', 'warn.csv', '--data-rows', 'x'], /^salesgrade: --data-rows expects a whole number/],
  ];
  it.each(cases)('%s', (_name, args, first) => {
    const r = run(w.dir, args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(first);
    for (const line of r.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^salesgrade: /);
  });
});

describe('one warning line format', () => {
  it('a rubric warning on evaluate, inspect and check -f json: salesgrade: warning: <file>: <message> [<code>]', () => {
    const line = 'salesgrade: warning: warned.yaml: metrics.spare: defined but not used by any KPI, gate, ratio or quota [unused-metric]';
    const ev = run(w.dir, ['evaluate', 'warn.csv', '-r', 'warned.yaml', '-f', 'json']);
    expect(ev.status).toBe(0);
    expect(ev.stderr.split('\n')).toContain(line);
    const ins = run(w.dir, ['inspect', 'warn.csv', '-r', 'warned.yaml']);
    expect(ins.stderr.split('\n')).toContain(line);
  });

  it('the rubric warning in the report language: --locale zh-CN (or a zh-CN rubric) words it in Chinese, the same line otherwise', () => {
    const zhLine = 'salesgrade: warning: warned.yaml: metrics.spare：已定义，但没有任何 KPI、门槛、比率或配额使用它 [unused-metric]';
    const ev = run(w.dir, ['--locale', 'zh-CN', 'evaluate', 'warn.csv', '-r', 'warned.yaml', '-f', 'json']);
    expect(ev.status).toBe(0);
    expect(ev.stderr.split('\n')).toContain(zhLine);
    expect(run(w.dir, ['--locale', 'zh-CN', 'inspect', 'warn.csv', '-r', 'warned.yaml']).stderr.split('\n')).toContain(zhLine);
  });

  it('quota: salesgrade: warning: … (no calendar data for a year)', () => {
    const r = run(repoRoot, ['quota', '-r', 'samples/salesgrade.yaml', '--year', '2027', '--weekday-fallback', '-f', 'json', '--locale', 'en']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('salesgrade: warning: no official cn calendar for 2027: Monday–Friday used (--weekday-fallback)\n');
    // the sample rubric is zh-CN: the same one line, in its language
    const zh = run(repoRoot, ['quota', '-r', 'samples/salesgrade.yaml', '--year', '2027', '--weekday-fallback', '-f', 'json']);
    expect(zh.status).toBe(0);
    expect(zh.stderr).toMatch(/^salesgrade: warning: cn 日历没有 2027 年的法定节假日和调休工作日：[^\n]*（--weekday-fallback）[^\n]*\n$/);
  });
});

describe('check -r', () => {
  it('-r names the rubric, as the rubric-not-found hint says', () => {
    const e = workdir();
    try {
      const none = run(e.dir, ['check']);
      expect(none.status).toBe(2);
      expect(none.stderr).toContain('pass -r <rubric.yaml>');
    } finally {
      e.cleanup();
    }
    const r = run(w.dir, ['check', '-r', 'warned.yaml', '-f', 'json']);
    expect(r.status).toBe(0);
    const byPath = run(w.dir, ['check', 'warned.yaml', '-f', 'json']);
    expect(r.stdout).toBe(byPath.stdout);
    expect(JSON.parse(r.stdout)).toMatchObject({ warningCount: 1, files: [{ file: 'warned.yaml' }] });
  });
});

describe('--fail-on, --strict and --max-warnings: one meaning on evaluate and check', () => {
  // [flags, evaluate on data with an error, evaluate on data with only warnings, check on a rubric with a warning]
  const table: [string[], number, number, number][] = [
    [[], 0, 0, 0],
    [['--strict'], 1, 0, 0],
    [['--fail-on', 'error'], 1, 0, 0],
    [['--fail-on', 'warning'], 1, 1, 1],
    [['--max-warnings', '0'], 1, 1, 1],
    [['--max-warnings', '99'], 1, 0, 0],
  ];
  it.each(table)('%j → evaluate errors %i, evaluate warnings %i, check warnings %i', (flags, onError, onWarning, check) => {
    const a = run(w.dir, ['evaluate', 'err.csv', '-f', 'json', ...flags]);
    expect(a.status, a.stderr).toBe(onError);
    if (onError) expect(a.stderr).toMatch(new RegExp(`^salesgrade: ${flags.join(' ').replace(/ \d+$/, '')}: \\d+ data errors? found`, 'm'));
    const b = run(w.dir, ['evaluate', 'warn.csv', '-f', 'json', ...flags]);
    expect(b.status, b.stderr).toBe(onWarning);
    if (onWarning) expect(b.stderr).toMatch(/^salesgrade: too many warnings \(\d+\); --(fail-on warning|max-warnings) allows 0$/m);
    const c = run(w.dir, ['check', 'warned.yaml', ...flags]);
    expect(c.status, c.stderr).toBe(check);
  });

  it('check fails on errors by default; --fail-on warning with --max-warnings 2 contradict (exit 2)', () => {
    const broken = run(w.dir, ['check', 'err.csv']);
    expect(broken.status).not.toBe(0);
    const r = run(w.dir, ['check', 'warned.yaml', '--fail-on', 'warning', '--max-warnings', '2']);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'salesgrade: --fail-on warning and --max-warnings 2 contradict each other (--fail-on warning is --max-warnings 0)\n' });
  });
});
