import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { allRuleMeta, rules } from '../../../src/rubric/lint/index.js';
import { builtinCodes } from '../../../src/rubric/lint/builtin.js';

// ESLint's checkRuleFiles: the id, the file name, the doc and the test are one-to-one.
describe('rules and docs are one-to-one', () => {
  const ids = allRuleMeta().map((m) => m.id);
  const docs = readdirSync('docs/rules').filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();

  test('every code has exactly one doc, every doc a code', () => {
    expect(docs).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.each(allRuleMeta().map((m) => [m.id, m] as const))('%s: doc title and severity match the meta', (id, meta) => {
    const text = readFileSync(`docs/rules/${id}.md`, 'utf8');
    expect(text.split('\n')[0]).toBe(`# ${id}`);
    expect(text).toContain(`Default severity: **${meta.defaultSeverity}**.`);
    expect(text).toContain('## Rule details');
  });

  test.each(rules.map((r) => [r.meta.id] as const))('%s: module and table-driven test exist under the id', (id) => {
    expect(existsSync(`src/rubric/lint/rules/${id}.ts`)).toBe(true);
    expect(existsSync(`test/unit/rubric/rules/${id}.test.ts`)).toBe(true);
    expect(readFileSync(`src/rubric/lint/rules/${id}.ts`, 'utf8')).toContain(`id: '${id}'`);
  });

  test('every rule module is registered', () => {
    const files = readdirSync('src/rubric/lint/rules').filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3)).sort();
    expect(files).toEqual(rules.map((r) => r.meta.id).sort());
    expect(builtinCodes.every((b) => !files.includes(b.id))).toBe(true);
  });
});
