import { SaxesParser } from 'saxes';
import { describe, expect, test } from 'vitest';
import { formatters, LINT_FORMATS } from '../../../src/report/formatters/index.js';
import { allRuleMeta } from '../../../src/rubric/lint/index.js';
import type { Diagnostic } from '../../../src/shared/diagnostic.js';

const r = (line: number, character: number, endCharacter = character + 3) => ({ start: { line, character }, end: { line, character: endCharacter } });

// Sorted as check sorts them: file, line, column, rule.
const DIAGS: Diagnostic[] = ([
  { code: 'schema', severity: 'error', source: 'rules/a.yaml', message: 'kpis[0].weight: expected a number, got "high"', range: r(11, 25, 31), path: ['kpis', 0, 'weight'] },
  { code: 'unused-metric', severity: 'warning', source: 'rules/a.yaml', message: 'metrics.visits: defined but not used by any KPI, gate, ratio or quota', range: r(8, 2, 8) },
  { code: 'weights-sum-to-100', severity: 'error', source: 'rules/b c.yaml', message: 'kpis: weights <must> add up to 100, got 90 (60 + 30) & 50%\nsecond line', range: r(9, 2) },
] as Diagnostic[]).sort((a, b) => (a.source === b.source ? a.range!.start.line - b.range!.start.line : a.source < b.source ? -1 : 1));

const OPTS = { color: false, files: ['rules/a.yaml', 'rules/b c.yaml', 'rules/clean.yaml'], rules: allRuleMeta(), version: '9.9.9' };

describe('lint formatters', () => {
  test('the registry has exactly the five formats', () => {
    expect(Object.keys(formatters).sort()).toEqual([...LINT_FORMATS].sort());
  });

  test('stylish: plain text when color is off, aligned, with a summary', () => {
    expect(formatters.stylish(DIAGS, OPTS)).toBe(
      [
        'rules/a.yaml',
        '  9:3    warning  metrics.visits: defined but not used by any KPI, gate, ratio or quota  unused-metric',
        '  12:26  error    kpis[0].weight: expected a number, got "high"  schema',
        '',
        'rules/b c.yaml',
        '  10:3  error  kpis: weights <must> add up to 100, got 90 (60 + 30) & 50%\nsecond line  weights-sum-to-100',
        '',
        '✖ 3 problems (2 errors, 1 warning)',
        '',
      ].join('\n'),
    );
    expect(formatters.stylish([], OPTS)).toBe('');
  });

  test('stylish: ANSI colours only when asked', () => {
    const colored = formatters.stylish(DIAGS, { ...OPTS, color: true });
    expect(colored).toContain('\u001b[31merror');
    expect(colored).toContain('\u001b[33mwarning');
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(formatters.stylish(DIAGS, OPTS));
  });

  test('json: every file (clean ones too) with 1-based positions and totals', () => {
    const out = JSON.parse(formatters.json(DIAGS, OPTS));
    expect(out.errorCount).toBe(2);
    expect(out.warningCount).toBe(1);
    expect(out.version).toBe('9.9.9');
    expect(out.files.map((f: { file: string; errorCount: number; warningCount: number }) => [f.file, f.errorCount, f.warningCount])).toEqual([
      ['rules/a.yaml', 1, 1],
      ['rules/b c.yaml', 1, 0],
      ['rules/clean.yaml', 0, 0],
    ]);
    expect(out.files[0].messages[1]).toEqual({
      ruleId: 'schema', severity: 'error', message: 'kpis[0].weight: expected a number, got "high"',
      line: 12, column: 26, endLine: 12, endColumn: 32, path: ['kpis', 0, 'weight'],
    });
  });

  test('junit: well-formed XML, a failure per finding, a passing case per clean file', () => {
    const xml = formatters.junit(DIAGS, OPTS);
    const parser = new SaxesParser();
    const tags: string[] = [];
    const failures: string[] = [];
    let text = '';
    parser.on('opentag', (t) => {
      tags.push(t.name);
      if (t.name === 'failure') failures.push(String(t.attributes.message));
    });
    parser.on('text', (t) => (text += t));
    parser.on('error', (e) => {
      throw e;
    });
    parser.write(xml).close();
    expect(tags.filter((t) => t === 'testsuite')).toHaveLength(3);
    expect(tags.filter((t) => t === 'testcase')).toHaveLength(4);
    expect(failures).toContain('kpis: weights <must> add up to 100, got 90 (60 + 30) & 50%\nsecond line');
    expect(xml).toContain('<testsuites name="salesgrade check" tests="4" failures="3" errors="0">');
    expect(xml).toContain('<testcase classname="rules/clean.yaml" name="salesgrade check"/>');
    expect(text).toContain('error: kpis[0].weight: expected a number, got "high" (schema) at rules/a.yaml:12:26');
  });

  test('sarif: 2.1.0 with rule metadata, results with regions and rule indexes', () => {
    const log = JSON.parse(formatters.sarif(DIAGS, OPTS));
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('salesgrade');
    expect(run.tool.driver.version).toBe('9.9.9');
    const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ids).toEqual(allRuleMeta().map((m) => m.id));
    const unused = run.tool.driver.rules[ids.indexOf('unused-metric')];
    expect(unused.defaultConfiguration).toEqual({ level: 'warning' });
    expect(unused.shortDescription.text).toMatch(/^Every metric is used/);
    expect(run.results).toHaveLength(3);
    const res = run.results[2];
    expect(res.ruleId).toBe('weights-sum-to-100');
    expect(ids[res.ruleIndex]).toBe('weights-sum-to-100');
    expect(res.level).toBe('error');
    expect(res.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'rules/b%20c.yaml', index: 1 },
      region: { startLine: 10, startColumn: 3, endLine: 10, endColumn: 6 },
    });
    expect(run.artifacts.map((a: { location: { uri: string } }) => a.location.uri)).toEqual(['rules/a.yaml', 'rules/b%20c.yaml', 'rules/clean.yaml']);
  });

  test('sarif: absolute paths become file: URIs', () => {
    const d: Diagnostic = { ...DIAGS[0]!, source: '/srv/plans/a b.yaml' };
    const log = JSON.parse(formatters.sarif([d], { ...OPTS, files: ['/srv/plans/a b.yaml'] }));
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('file:///srv/plans/a%20b.yaml');
  });

  test('github: one workflow command per finding, escaped', () => {
    expect(formatters.github(DIAGS, OPTS)).toBe(
      [
        '::warning file=rules/a.yaml,line=9,col=3,endLine=9,endColumn=9,title=unused-metric::metrics.visits: defined but not used by any KPI, gate, ratio or quota',
        '::error file=rules/a.yaml,line=12,col=26,endLine=12,endColumn=32,title=schema::kpis[0].weight: expected a number, got "high"',
        '::error file=rules/b c.yaml,line=10,col=3,endLine=10,endColumn=6,title=weights-sum-to-100::kpis: weights <must> add up to 100, got 90 (60 + 30) & 50%25%0Asecond line',
        '',
      ].join('\n'),
    );
    expect(formatters.github([], OPTS)).toBe('');
  });
});
