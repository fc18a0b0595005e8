import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { deepMerge, discoverRubric, lintRubricFile, loadRubric } from '../../../src/rubric/load.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
import { parseYamlSafe } from '../../../src/rubric/yaml-safe.js';

const BROKEN = 'test/fixtures/rubrics/broken';
const VALID = 'test/fixtures/rubrics/valid/full.yaml';

const MINI = `salesgrade: 1
name: mini
source:
  fields:
    date: [Date]
    amount: { headers: [Amount], type: money }
metrics:
  revenue: { sum: amount }
kpis:
  - { metric: revenue, weight: 100, target: 1000 }
tiers:
  - { id: senior, min_score: 90 }
  - { id: junior, min_score: 0 }
`;

function tmp(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-load-'));
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return dir;
}

function at(d: { range?: { start: { line: number; character: number } } }): string {
  return `${d.range!.start.line + 1}:${d.range!.start.character + 1}`;
}

async function loadError(path: string, cwd?: string): Promise<SalesgradeError> {
  try {
    await loadRubric(path, cwd === undefined ? {} : { cwd });
  } catch (e) {
    if (e instanceof SalesgradeError) return e;
    throw e;
  }
  throw new Error(`expected ${path} to fail`);
}

describe('loadRubric', () => {
  test('loads the brief\'s example with defaults applied, sha256 of the bytes', async () => {
    const r = await loadRubric(VALID);
    expect(r.rubric.name).toBe('华东直销 FY2026');
    expect(r.rubric.precision).toBe(2);
    expect(r.rubric.kpis[1]!.direction).toBe('higher');
    expect(r.rubric.tiers[2]!.gates).toEqual([]);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.path).toBe(VALID);
    expect(r.dir.endsWith('test/fixtures/rubrics/valid')).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  test('an invalid rubric throws rubric-invalid with file:line:col of the first error', async () => {
    const e = await loadError(`${BROKEN}/typos.yaml`);
    expect(e.code).toBe('rubric-invalid');
    expect(e.toLine()).toBe(
      `${BROKEN}/typos.yaml:3:9: locale: expected one of "zh-CN", "en", got "zh-cn"; did you mean "zh-CN"? [schema] (4 more; run: salesgrade check ${BROKEN}/typos.yaml)`,
    );
  });

  test('a missing file is rubric-not-found', async () => {
    const e = await loadError('no/such/rubric.yaml');
    expect(e.code).toBe('rubric-not-found');
    expect(e.toLine()).toBe('cannot read rubric no/such/rubric.yaml: no such file');
  });

  test('a UTF-8 BOM is fine; GB18030 is refused with what it reads as', async () => {
    const dir = tmp({ 'bom.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MINI)]) });
    expect((await loadRubric('bom.yaml', { cwd: dir })).rubric.name).toBe('mini');
    const e = await loadError(`${BROKEN}/gb18030.yaml`);
    expect(e.code).toBe('rubric-encoding');
    expect(e.toLine()).toContain(`${BROKEN}/gb18030.yaml:2:7: expected UTF-8, found GB18030/GBK bytes (this line reads "华东直销" as GB18030)`);
  });

  test('UTF-16 is refused', async () => {
    const dir = tmp({ 'u16.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MINI, 'utf16le')]) });
    const { diagnostics } = await lintRubricFile('u16.yaml', { cwd: dir });
    expect(diagnostics.map((d) => `${at(d)} ${d.code} ${d.message}`)).toEqual([
      '1:1 encoding expected UTF-8, found a UTF-16 byte order mark; save the file as UTF-8',
    ]);
  });
});

describe('hostile YAML ends in one finding with a location, fast', () => {
  const cases: [string, string, string][] = [
    ['billion-laughs.yaml', '4:8', 'yaml-unsafe'],
    ['deep.yaml', '3:73', 'yaml-unsafe'],
    ['duplicate-keys.yaml', '5:3', 'duplicate-key'],
    ['tabs.yaml', '5:1', 'yaml-syntax'],
    ['proto.yaml', '4:3', 'yaml-unsafe'],
    ['gb18030.yaml', '2:7', 'encoding'],
  ];
  for (const [file, pos, code] of cases) {
    test(file, async () => {
      const t0 = performance.now();
      const { diagnostics } = await lintRubricFile(`${BROKEN}/${file}`);
      expect(performance.now() - t0).toBeLessThan(30_000); // linear: ~0.3 s idle (9.7 s seen at load 16); the quadratic path took minutes (a bound, not a benchmark)
      expect(diagnostics.map((d) => `${at(d)} ${d.code}`)).toEqual([`${pos} ${code}`]);
    });
  }

  test('unknown tags are errors, one per tag', async () => {
    const { diagnostics } = await lintRubricFile(`${BROKEN}/tags.yaml`);
    expect(diagnostics.map((d) => `${at(d)} ${d.message}`)).toEqual([
      '2:7 unknown tag !!js/function; rubric files allow plain YAML only (no custom tags)',
      '3:10 unknown tag !include; rubric files allow plain YAML only (no custom tags)',
    ]);
  });

  test('10,000 levels of block nesting (dashes and indentation) are refused before parsing', async () => {
    const dashes = `salesgrade: 1\nname: x\nmetrics:\n  ${'- '.repeat(10_000)}x\n`;
    let indented = 'salesgrade: 1\nname: x\nmetrics:\n';
    for (let i = 1; i <= 200; i++) indented += `${' '.repeat(i * 2)}k${i}:\n`;
    const dir = tmp({ 'dashes.yaml': dashes, 'indented.yaml': indented });
    for (const [file, pos] of [['dashes.yaml', '4:127'], ['indented.yaml', '67:129']] as const) {
      const t0 = performance.now();
      const { diagnostics } = await lintRubricFile(file, { cwd: dir });
      expect(performance.now() - t0).toBeLessThan(30_000); // linear: ~0.3 s idle (9.7 s seen at load 16); the quadratic path took minutes (a bound, not a benchmark)
      expect(diagnostics.map((d) => `${at(d)} ${d.message}`)).toEqual([`${pos} nesting deeper than 64 levels; a rubric never needs that (refused before parsing)`]);
    }
  });

  test('a file over 1 MiB is refused without being read', async () => {
    const dir = tmp({ 'big.yaml': `salesgrade: 1\nname: big\ndescription: "${'x'.repeat(1024 * 1024)}"\n` });
    const { diagnostics } = await lintRubricFile('big.yaml', { cwd: dir });
    expect(diagnostics.map((d) => `${at(d)} ${d.code} ${d.message}`)).toEqual([
      '1:1 yaml-unsafe the file is 1048616 bytes; a rubric may be at most 1048576 bytes (1 MiB)',
    ]);
  });

  test('thousands of duplicate keys: linear time, the first 100 reported and a count of the rest', async () => {
    const dir = tmp({ 'dups.yaml': `salesgrade: 1\nname: x\nmetrics:\n${'  k: 1\n'.repeat(20_001)}` });
    const t0 = performance.now();
    const { diagnostics } = await lintRubricFile('dups.yaml', { cwd: dir });
    expect(performance.now() - t0).toBeLessThan(30_000); // linear: ~0.3 s idle (9.7 s seen at load 16); the quadratic path took minutes (a bound, not a benchmark)
    expect(diagnostics).toHaveLength(101);
    expect(`${at(diagnostics[0]!)} ${diagnostics[0]!.code} ${diagnostics[0]!.message}`).toBe('5:3 duplicate-key duplicate key "k"; each key may appear once in a mapping');
    expect(`${at(diagnostics[100]!)} ${diagnostics[100]!.message}`).toBe('104:3 19900 more problems of this kind not shown');
  });

  test('a finding on each of 10,000 keys is located in linear time', async () => {
    const actions = Array.from({ length: 10_000 }, (_, i) => `  t${i}: {}\n`).join('');
    const dir = tmp({ 'many.yaml': `${MINI}actions:\n${actions}` });
    const t0 = performance.now();
    const { diagnostics } = await lintRubricFile('many.yaml', { cwd: dir });
    expect(performance.now() - t0).toBeLessThan(8000); // linear: well under a second idle; quadratic took minutes (a bound, not a benchmark: 3 s failed on a machine at load 26)
    expect(diagnostics).toHaveLength(10_000);
    expect(`${at(diagnostics[9_999]!)} ${diagnostics[9_999]!.code}`).toBe('10014:3 known-tier');
  });

  test('constructor and prototype keys are rejected too; non-string keys are syntax errors', async () => {
    const dir = tmp({ 'keys.yaml': 'salesgrade: 1\nname: x\nactions:\n  constructor: {}\n  prototype: {}\n? [a, b]\n: 1\n' });
    const { diagnostics } = await lintRubricFile('keys.yaml', { cwd: dir });
    expect(diagnostics.map((d) => `${at(d)} ${d.code} ${d.message}`)).toEqual([
      '4:3 yaml-unsafe the key "constructor" is not allowed (prototype pollution)',
      '5:3 yaml-unsafe the key "prototype" is not allowed (prototype pollution)',
      '6:3 yaml-syntax a key must be a plain string, not a collection or alias',
    ]);
  });
});

describe('extends', () => {
  test('deep merge: this file wins, lists are replaced, paths are relative to the file that names them', async () => {
    const base = MINI.replace('name: mini', 'name: base\nroster: { file: ./roster.xlsx }\nmovement: { promote_after: 2, demote_after: 3 }');
    const dir = tmp({
      'shared/base.yaml': base,
      'team/child.yaml': 'salesgrade: 1\nname: child\nextends: ../shared/base.yaml\nmovement: { demote_after: 1 }\ntiers:\n  - { id: all, min_score: 0 }\n',
    });
    const r = await loadRubric('team/child.yaml', { cwd: dir });
    expect(r.rubric.name).toBe('child');
    expect(r.rubric.movement).toEqual({ promote_after: 2, demote_after: 1, grace_periods: 0, count_partial_periods: false });
    expect(r.rubric.tiers.map((t) => t.id)).toEqual(['all']);
    expect(r.rubric.kpis).toHaveLength(1);
    // roster.file was relative to shared/; it now reads relative to team/.
    expect(r.rubric.roster?.file).toBe('../shared/roster.xlsx');
    expect(r.sources?.map((s) => s.path)).toEqual(['team/child.yaml', 'shared/base.yaml']);
  });

  test('findings point into the file that defines the value', async () => {
    const dir = tmp({
      'base.yaml': MINI.replace('weight: 100', 'weight: 90'),
      'child.yaml': 'salesgrade: 1\nname: child\nextends: base.yaml\nlocale: fr\n',
    });
    const { diagnostics } = await lintRubricFile('child.yaml', { cwd: dir });
    expect(diagnostics.map((d) => `${d.source}:${at(d)} ${d.code}`)).toEqual(['child.yaml:4:9 schema']);
    const fixed = tmp({ 'base.yaml': MINI.replace('weight: 100', 'weight: 90'), 'child.yaml': 'salesgrade: 1\nname: child\nextends: base.yaml\n' });
    const r2 = await lintRubricFile('child.yaml', { cwd: fixed });
    expect(r2.diagnostics.map((d) => `${d.source}:${at(d)} ${d.code}`)).toEqual(['base.yaml:10:3 weights-sum-to-100']);
  });

  test('a cycle is an error at the extends value; a missing base too', async () => {
    const { diagnostics } = await lintRubricFile(`${BROKEN}/cycle-a.yaml`);
    expect(diagnostics.map((d) => `${d.source}:${at(d)} ${d.message}`)).toEqual([
      `${BROKEN}/cycle-b.yaml:3:10 extends: cycle cycle-a.yaml → cycle-b.yaml → cycle-a.yaml; a rubric cannot extend itself`,
    ]);
    const dir = tmp({ 'a.yaml': 'salesgrade: 1\nname: a\nextends: [./nope.yaml]\n' });
    const r = await lintRubricFile('a.yaml', { cwd: dir });
    expect(r.diagnostics.map((d) => `${at(d)} ${d.message}`)).toEqual(['3:11 extends: cannot read "./nope.yaml" (nope.yaml): no such file']);
  });

  test('deepMerge', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, e: 2 })).toEqual({ a: { b: 1, c: [3] }, d: 1, e: 2 });
    expect(deepMerge({ a: { b: 1 } }, { a: 'x' })).toEqual({ a: 'x' });
  });
});

describe('discoverRubric', () => {
  test('./salesgrade.yaml first, then the single rules/*.yaml, else a clear error', async () => {
    const both = tmp({ 'salesgrade.yaml': MINI, 'rules/a.yaml': MINI });
    expect(await discoverRubric(both)).toBe(join(both, 'salesgrade.yaml'));
    const one = tmp({ 'rules/a.yaml': MINI });
    expect(await discoverRubric(one)).toBe(join(one, 'rules', 'a.yaml'));
    const two = tmp({ 'rules/a.yaml': MINI, 'rules/b.yml': MINI });
    await expect(discoverRubric(two)).rejects.toThrow('no ./salesgrade.yaml and 2 rubrics under ./rules/ (a.yaml, b.yml)');
    const none = tmp({ 'x.txt': '' });
    await expect(discoverRubric(none)).rejects.toMatchObject({ code: 'rubric-not-found' });
  });
});

describe('a rubric parsed again (the memo in yaml-safe.ts)', () => {
  test('gives the same value and findings as the first parse, in copies a caller may change; a changed file is parsed anew', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-memo-'));
    const path = join(dir, 'r.yaml');
    writeFileSync(path, MINI);
    const a = await loadRubric(path);
    const b = await loadRubric(path);
    expect(b.rubric).toEqual(a.rubric);
    // the parsed value is handed out fresh each time: changing one run's does not reach the next
    const first = parseYamlSafe(MINI, 'm.yaml');
    (first.value as { name: string }).name = 'changed';
    (first.value as { kpis: unknown[] }).kpis.length = 0;
    const second = parseYamlSafe(MINI, 'm.yaml');
    expect(second.value).toMatchObject({ name: 'mini', kpis: [{ metric: 'revenue' }] });
    // the parse itself is kept (the same yaml Document) for the same source and text, not for another source
    expect(second.layer).toBe(first.layer);
    expect(parseYamlSafe(MINI, 'other.yaml').layer).not.toBe(first.layer);
    // findings likewise: equal, fresh, named by their own source
    const bad = 'salesgrade: 1\nname: a\nname: b\n';
    const d1 = parseYamlSafe(bad, 'd.yaml').diagnostics;
    expect(d1.map((d) => d.code)).toEqual(['duplicate-key']);
    d1.length = 0;
    expect(parseYamlSafe(bad, 'd.yaml').diagnostics.map((d) => `${d.source} ${d.code}`)).toEqual(['d.yaml duplicate-key']);
    expect(parseYamlSafe(bad, 'e.yaml').diagnostics.map((d) => d.source)).toEqual(['e.yaml']);
    // the file edited between two loads in one process: the new text is what counts
    writeFileSync(path, MINI.replace('name: mini', 'name: edited'));
    expect((await loadRubric(path)).rubric.name).toBe('edited');
  });
});
