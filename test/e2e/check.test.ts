// `salesgrade check` through the CLI (in-process; the CPU-time cases spawn the binary), in a temp folder holding copies of the fixtures, so the
// paths in the output are the relative paths a user would see.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { run } from './evaluate-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'salesgrade.js');
const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * The CLI run in-process with the CPU time (user + system) it took: on a shared 2-core machine wall
 * time measures the neighbours, CPU time measures us. This process does nothing else meanwhile (the
 * test thread waits for the CLI's worker), so its CPU time is the run's.
 */
function runCpu(cwd: string, args: string[]) {
  const before = process.cpuUsage();
  const r = run(cwd, args);
  const used = process.cpuUsage(before);
  return { ...r, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * The binary run with its own CPU time, start-up included, reported on exit, and how many of the
 * heavy packages' modules (exceljs, csv-parse, decimal.js) it had loaded by then.
 */
function spawnCpu(cwd: string, args: string[]) {
  const script = `import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    process.on('exit', () => {
      const u = process.cpuUsage();
      const heavy = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](exceljs|csv-parse|decimal\\.js)/.test(k)).length;
      process.stderr.write('\\ncpu-ms=' + Math.round((u.user + u.system) / 1000) + ' heavy=' + heavy);
    });
    process.argv = [process.argv[0], ${JSON.stringify(bin)}, ...process.argv.slice(1)];
    await import(${JSON.stringify(pathToFileURL(bin).href)});`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
  const m = /\ncpu-ms=(\d+) heavy=(\d+)$/.exec(r.stderr);
  return { status: r.status, stdout: r.stdout, stderr: m ? r.stderr.slice(0, m.index) : r.stderr, cpuMs: m ? Number(m[1]) : Infinity, heavyModules: m ? Number(m[2]) : Infinity };
}

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-check-'));
  cpSync(join(root, 'rules'), join(dir, 'rules'), { recursive: true });
  cpSync(join(root, 'test/fixtures/rubrics/broken'), join(dir, 'broken'), { recursive: true });
  return dir;
}

const dir = workdir();

// The presets use the cn calendar: `check` names the current year to calendar-years by default, so the
// clean runs name a year the shipped data covers (they must not start failing on 1 January).
const Y2026 = ['--year', '2026'];

describe('check: clean rubrics', () => {
  test('rules/ exits 0 with nothing on stdout', () => {
    const r = run(dir, ['check', 'rules/', ...Y2026]);
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: '✔ 3 rubric files checked, no problems\n' });
  });

  test('every format is empty-but-valid on a clean folder', () => {
    expect(run(dir, ['check', 'rules', ...Y2026, '-f', 'github']).stdout).toBe('');
    const json = JSON.parse(run(dir, ['check', 'rules', ...Y2026, '-f', 'json']).stdout);
    expect(json.files.map((f: { file: string }) => f.file)).toEqual(['rules/en-inside-sales.yaml', 'rules/managers.yaml', 'rules/zh-CN-field-sales.yaml']);
    expect(JSON.parse(run(dir, ['check', 'rules', ...Y2026, '-f', 'sarif']).stdout).runs[0].results).toEqual([]);
    expect(run(dir, ['check', 'rules', ...Y2026, '-f', 'junit']).stdout).toContain('tests="3" failures="0"');
  });

  test('no paths: the discovered rubric', () => {
    const d = mkdtempSync(join(tmpdir(), 'sg-check-'));
    cpSync(join(root, 'rules/managers.yaml'), join(d, 'salesgrade.yaml'));
    // managers.yaml is a zh-CN rubric: the note is in its language, unless --locale says otherwise
    expect(run(d, ['check'])).toMatchObject({ status: 0, stdout: '', stderr: '✔ 已检查 1 个规则文件，没有问题\n' });
    expect(run(d, ['--locale', 'en', 'check'])).toMatchObject({ status: 0, stdout: '', stderr: '✔ 1 rubric file checked, no problems\n' });
  });

  test('--year 2027: a cn calendar the data does not cover is a warning at quota.calendar (exit 0); a bad --year is exit 2', () => {
    const r = run(dir, ['check', 'rules/zh-CN-field-sales.yaml', '--year', '2026,2027', '-f', 'json', '--locale', 'en']);
    expect(r.status).toBe(0);
    const found = JSON.parse(r.stdout).files.flatMap((f: { messages: { ruleId: string; line: number; severity: string; message: string }[] }) => f.messages);
    expect(found.map((m: { ruleId: string; severity: string; message: string }) => [m.ruleId, m.severity, m.message.slice(0, 72)])).toEqual([
      ['calendar-years', 'warning', 'the cn calendar has official data for 2004–2026; 2027 is not covered, so'],
    ]);
    expect(run(dir, ['check', 'rules/', '--year', '27'])).toMatchObject({ status: 2, stdout: '', stderr: 'salesgrade: --year: expected years like 2027 or 2026,2027, got "27"\n' });
  });
});

describe('check: the broken folder', () => {
  const GOLDEN = join(root, 'test/fixtures/rubrics/golden');

  test.each(['stylish', 'json', 'junit', 'sarif', 'github'])('-f %s: exit 1, sorted output equal to the golden file', async (format) => {
    const r = run(dir, ['check', 'broken', '-f', format]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const out = r.stdout.split(`"version": "${version}"`).join('"version": "<version>"');
    const ext = { stylish: 'txt', json: 'json', junit: 'xml', sarif: 'sarif', github: 'txt' }[format];
    await expect(out).toMatchFileSnapshot(join(GOLDEN, `broken.${format}.${ext}`));
  });

  test('exact findings at exact positions (github format, one per line)', () => {
    const lines = run(dir, ['check', 'broken', '-f', 'github']).stdout.trim().split('\n');
    expect(lines).toHaveLength(28);
    expect(lines).toContain('::error file=broken/typos.yaml,line=9,col=27,endLine=9,endColumn=31,title=unknown-key::metrics.revenue.wher: unknown key "wher"; did you mean "where"?');
    expect(lines).toContain('::error file=broken/typos.yaml,line=11,col=24,endLine=11,endColumn=30,title=unknown-key::kpis[0].wieght: unknown key "wieght"; did you mean "weight"?');
    expect(lines).toContain('::error file=broken/weights.yaml,line=11,col=3,endLine=12,endColumn=1,title=weights-sum-to-100::kpis: KPI weights must add up to 100, got 60 (60)');
    expect(lines).toContain('::warning file=broken/weights.yaml,line=9,col=3,endLine=9,endColumn=9,title=unused-metric::metrics.visits: defined but not used by any KPI, gate, ratio or quota');
    expect(lines).toContain('::error file=broken/references.yaml,line=18,col=3,endLine=18,endColumn=10,title=known-tier::actions.seniour: "seniour" is not a tier id; did you mean "senior"?');
    expect(lines).toContain('::error file=broken/cycle-a.yaml,line=3,col=10,endLine=3,endColumn=24,title=extends::extends: cycle cycle-b.yaml → cycle-a.yaml → cycle-b.yaml; a rubric cannot extend itself');
    // Sorted by file, then line, then column.
    const keys = lines.map((l) => /file=([^,]+),line=(\d+),col=(\d+)/.exec(l)!.slice(1));
    const sorted = [...keys].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2])));
    expect(keys).toEqual(sorted);
  });

  test.each([
    ['billion-laughs.yaml', '4:8', 'yaml-unsafe'],
    ['deep.yaml', '3:73', 'yaml-unsafe'],
    ['tags.yaml', '2:7', 'yaml-unsafe'],
    ['proto.yaml', '4:3', 'yaml-unsafe'],
    ['duplicate-keys.yaml', '5:3', 'duplicate-key'],
    ['tabs.yaml', '5:1', 'yaml-syntax'],
    ['gb18030.yaml', '2:7', 'encoding'],
  ])('hostile %s: a located finding in under 2 s, no stack trace', (file, pos, code) => {
    const r = runCpu(dir, ['check', `broken/${file}`]);
    expect(r.cpuMs).toBeLessThan(2000);
    expect(r.status).toBe(1);
    const finding = r.stdout.split('\n')[1]!;
    expect(finding).toMatch(new RegExp(`^  ${pos} +error  `));
    expect(finding.trim().endsWith(code)).toBe(true);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  test('a 10,000-deep file with a 64-deep limit via evaluate-style loading: one clean line, exit 2', () => {
    // loadRubric (used by evaluate, quota) reports the first error as one line with file:line:col.
    const script = `import('${join(root, 'dist/rubric/load.js').replace(/\\/g, '/')}').then((m) => m.loadRubric('broken/deep.yaml')).catch((e) => { console.log(e.toLine()); })`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout).toBe('broken/deep.yaml:3:73: nesting deeper than 64 levels; a rubric never needs that (refused before parsing) [yaml-unsafe] (run: salesgrade check broken/deep.yaml)\n');
  });
});

describe('check: exit codes and options', () => {
  const warnOnly = mkdtempSync(join(tmpdir(), 'sg-check-'));
  writeFileSync(
    join(warnOnly, 'w.yaml'),
    readFileSync(join(root, 'rules/managers.yaml'), 'utf8').replace('metrics:\n', 'metrics:\n  spare: { count: rows }\n'),
  );

  test('warnings alone exit 0; over --max-warnings exit 1', () => {
    const r = run(warnOnly, ['check', 'w.yaml', '--locale', 'en']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('warning  metrics.spare: defined but not used');
    expect(run(warnOnly, ['check', 'w.yaml', '--max-warnings', '1']).status).toBe(0);
    const over = run(warnOnly, ['check', 'w.yaml', '--max-warnings', '0']);
    expect(over.status).toBe(1);
    expect(over.stderr).toBe('salesgrade: too many warnings (1); --max-warnings allows 0\n');
  });

  test('usage errors and unreadable paths exit 2 with one line', () => {
    const bad = run(dir, ['check', 'rules', '-f', 'xml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("salesgrade: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are stylish, json, junit, sarif, github.");
    const missing = run(dir, ['check', 'nope/']);
    expect(missing).toMatchObject({ status: 2, stdout: '', stderr: 'salesgrade: cannot read nope/: no such file or folder\n' });
    const mw = run(dir, ['check', 'rules', '--max-warnings', 'x']);
    expect(mw).toMatchObject({ status: 2, stderr: 'salesgrade: --max-warnings: expected a whole number ≥ 0, got "x"\n' });
    const empty = mkdtempSync(join(tmpdir(), 'sg-check-'));
    expect(run(empty, ['check'])).toMatchObject({ status: 2, stderr: 'salesgrade: no rubric: ./salesgrade.yaml does not exist and ./rules/ has no *.yaml (pass -r <rubric.yaml>, or create one with: salesgrade init)\n' });
  });

  test('a base checked both on its own and through extends reports its findings once', () => {
    const d = mkdtempSync(join(tmpdir(), 'sg-check-'));
    writeFileSync(join(d, 'base.yaml'), readFileSync(join(root, 'test/fixtures/rubrics/broken/weights.yaml'), 'utf8'));
    writeFileSync(join(d, 'child.yaml'), 'salesgrade: 1\nname: child\nextends: ./base.yaml\n');
    const r = run(d, ['check', '.', '-f', 'github']);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/,endLine.*::/, '::'))).toEqual([
      '::warning file=base.yaml,line=9,col=3::metrics.visits: defined but not used by any KPI, gate, ratio or quota',
      '::error file=base.yaml,line=11,col=3::kpis: KPI weights must add up to 100, got 60 (60)',
    ]);
  });

  test('stylish is coloured only when forced or on a TTY', () => {
    const d = mkdtempSync(join(tmpdir(), 'sg-check-'));
    cpSync(join(root, 'test/fixtures/rubrics/broken/weights.yaml'), join(d, 'weights.yaml'));
    expect(run(d, ['check', 'weights.yaml']).stdout).not.toContain('\u001b[');
    expect(run(d, ['check', 'weights.yaml'], { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).toContain('\u001b[31merror');
    expect(run(d, ['check', 'weights.yaml', '--no-color'], { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
  });
});

describe('check: fast and lean', () => {
  test('20 rubric files in well under a second of CPU, without loading exceljs', () => {
    const d = mkdtempSync(join(tmpdir(), 'sg-check-'));
    const presets = ['zh-CN-field-sales', 'en-inside-sales', 'managers'];
    for (let i = 0; i < 20; i++) cpSync(join(root, `rules/${presets[i % 3]}.yaml`), join(d, `r${String(i).padStart(2, '0')}.yaml`));
    const r = spawnCpu(d, ['check', '.']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('✔ 20 rubric files checked, no problems\n');
    // CPU time including Node's start-up (~150 ms). The bar (well under a second of wall time on an
    // idle machine) is measured by bench/check.bench.mjs; with the suite running on 2 cores, CPU time
    // is inflated too, so this bound only catches a real regression (e.g. exceljs on this path).
    expect(r.cpuMs).toBeLessThan(2000);
    // the same run loaded none of exceljs, csv-parse, decimal.js (counted as it exits; before, a second
    // process loaded dist/cli/main.js to count them)
    expect(r.heavyModules).toBe(0);
  });
});

describe('check: the report language (--locale, else the rubrics\')', () => {
  // a zh-CN rubric with three rule findings: a weight sum, an unknown tier (did you mean), an unused metric
  const d = mkdtempSync(join(tmpdir(), 'sg-check-zh-'));
  const zhRubric = readFileSync(join(root, 'rules/managers.yaml'), 'utf8')
    .replace('metrics:\n', 'metrics:\n  spare: { count: rows }\n')
    .replace(/weight: (\d+)/, (_, w: string) => `weight: ${Number(w) + 5}`);
  writeFileSync(join(d, 'zh.yaml'), zhRubric);

  test('a zh-CN rubric: its findings and summary in Chinese at the same line:col; --locale en gives the English text', () => {
    const zh = run(d, ['check', 'zh.yaml', ...Y2026]);
    const en = run(d, ['--locale', 'en', 'check', 'zh.yaml', ...Y2026]);
    expect(zh.status).toBe(1);
    expect(en.status).toBe(1);
    const rows = (out: string) => out.split('\n').filter((l) => /^ {2}\d+:\d+ /.test(l)).map((l) => /^ {2}(\d+:\d+) +(\w+) +(.*)  ([\w-]+)$/.exec(l)!.slice(1));
    const zhRows = rows(zh.stdout);
    const enRows = rows(en.stdout);
    expect(zhRows.map(([at, sev, , code]) => [at, sev, code])).toEqual(enRows.map(([at, sev, , code]) => [at, sev, code]));
    expect(zhRows.find((r) => r[3] === 'unused-metric')?.[2]).toBe('metrics.spare：已定义，但没有任何 KPI、门槛、比率或配额使用它');
    expect(enRows.find((r) => r[3] === 'unused-metric')?.[2]).toBe('metrics.spare: defined but not used by any KPI, gate, ratio or quota');
    expect(zhRows.find((r) => r[3] === 'weights-sum-to-100')?.[2]).toMatch(/^kpis：KPI 权重之和必须为 100，实际为 105（.+）$/);
    expect(zh.stdout).toMatch(/\n✖ 2 个问题（1 个错误，1 个警告）\n$/);
    expect(en.stdout).toMatch(/\n✖ 2 problems \(1 error, 1 warning\)\n$/);
  });

  test('json and sarif: only the message text differs between zh-CN and en (rule ids, severities, positions, paths the same)', () => {
    type Json = { files: { messages: { message: string }[] }[] };
    type Sarif = { runs: { results: { message: { text: string } }[] }[] };
    const texts = { json: (o: Json) => o.files.flatMap((f) => f.messages), sarif: (o: Sarif) => o.runs[0]!.results.map((r) => r.message) };
    for (const format of ['json', 'sarif'] as const) {
      const zh = JSON.parse(run(d, ['check', 'zh.yaml', ...Y2026, '-f', format]).stdout);
      const en = JSON.parse(run(d, ['--locale', 'en', 'check', 'zh.yaml', ...Y2026, '-f', format]).stdout);
      const key = format === 'json' ? 'message' : 'text';
      const pull = (o: Json & Sarif): string[] => (texts[format](o) as Record<string, string>[]).map((m) => {
        const text = m[key]!;
        m[key] = '<text>';
        return text;
      });
      const zhTexts = pull(zh);
      const enTexts = pull(en);
      expect(zh).toEqual(en);
      expect(zhTexts).toHaveLength(2);
      expect(zhTexts.every((m) => /[\u4e00-\u9fff]/.test(m))).toBe(true);
      expect(enTexts.some((m) => /[\u4e00-\u9fff]/.test(m))).toBe(false);
    }
  });

  test('a zh-CN rubric the schema refuses (a typo) still speaks Chinese: its locale is read from the file', () => {
    writeFileSync(join(d, 'typo.yaml'), zhRubric.replace(/weight: /, 'wieght: '));
    const r = run(d, ['check', 'typo.yaml']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\n {2}\d+:\d+ +error {2}kpis\[0\]\.wieght：未知的键 "wieght"；是否应为 "weight"？ {2}unknown-key\n/);
    expect(r.stdout).toMatch(/kpis\[0\]：缺少必填键 "weight" {2}schema\n/);
    expect(run(d, ['--locale', 'en', 'check', 'typo.yaml']).stdout).toContain('kpis[0].wieght: unknown key "wieght"; did you mean "weight"?  unknown-key');
  });

  test('a folder of rubrics in different languages is reported in English; --locale zh-CN asks for Chinese', () => {
    const mixed = mkdtempSync(join(tmpdir(), 'sg-check-mixed-'));
    writeFileSync(join(mixed, 'zh.yaml'), zhRubric);
    cpSync(join(root, 'rules/en-inside-sales.yaml'), join(mixed, 'en.yaml'));
    expect(run(mixed, ['check', '.', '--year', '2026']).stdout).toContain('metrics.spare: defined but not used');
    expect(run(mixed, ['--locale', 'zh-CN', 'check', '.', '--year', '2026']).stdout).toContain('metrics.spare：已定义');
  });
});
