import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FINDING_CODES, isFindingCode } from '../../../src/shared/finding-codes.js';
import { allRuleMeta } from '../../../src/rubric/lint/index.js';

// Like the lint rules (test/unit/rubric/docs.test.ts): each finding code has one doc, each doc a code.
describe('finding codes and docs/findings are one-to-one', () => {
  const docs = readdirSync('docs/findings').filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();

  test('every code has exactly one doc, every doc a code', () => {
    expect(docs).toEqual([...FINDING_CODES].sort());
    expect(new Set(FINDING_CODES).size).toBe(FINDING_CODES.length);
  });

  test.each(FINDING_CODES.map((c) => [c] as const))('%s: doc has title, severity, meaning, a located example and a fix', (code) => {
    const text = readFileSync(`docs/findings/${code}.md`, 'utf8');
    expect(text.split('\n')[0]).toBe(`# ${code}`);
    expect(text).toMatch(/^Severity: \*\*(error|warning|info)\*\*/m);
    for (const h of ['## Meaning', '## Example', '## How to fix']) expect(text).toContain(h);
    // the example is a printed finding line: location, severity, message, code
    expect(text).toMatch(new RegExp(`\\n\\S+(?: \\S+)*  (error|warning|info)  .+  ${code}\\n`));
  });

  test('no finding code is also a lint rule id (users filter on either)', () => {
    const ruleIds = allRuleMeta().map((m) => m.id);
    expect(FINDING_CODES.filter((c) => ruleIds.includes(c))).toEqual([]);
    expect(isFindingCode('duplicate-unique-key')).toBe(true);
    expect(isFindingCode('duplicate-key')).toBe(false);
  });

  test('every Diagnostic built by hand in src/ (outside the rubric linter) uses a finding code', () => {
    // FindingList.add, Report, Coerced and finding() take a FindingCode, so the compiler checks them;
    // a literal object `{ code: '…', severity: … }` typed as a plain Diagnostic would slip through.
    const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.startsWith('rubric'));
    const found: string[] = [];
    for (const f of files) {
      const text = readFileSync(`src/${f}`, 'utf8');
      for (const m of text.matchAll(/code: '([a-z0-9-]+)'(?: satisfies FindingCode)?,\s*severity:/g)) found.push(m[1]!);
    }
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((c) => !isFindingCode(c))).toEqual([]);
  });

  test('the README links every finding doc', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const c of FINDING_CODES) expect(readme, c).toContain(`(docs/findings/${c}.md)`);
  });
});
