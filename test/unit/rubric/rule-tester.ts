/**
 * Table-driven rule tests in the manner of ESLint's RuleTester: each valid case lints clean for the
 * rule (and passes the schema, so the case tests what it claims); each invalid case reports exactly
 * the listed findings at exact 1-based line:column.
 */
import { describe, expect, test } from 'vitest';
import { lintRubricText } from '../../../src/rubric/load.js';
import type { Rule } from '../../../src/rubric/lint/types.js';

export interface ExpectedFinding {
  line: number;
  column: number;
  message?: string | RegExp;
  severity?: 'error' | 'warning' | 'info';
}

export interface RuleCases {
  valid: { name: string; code: string }[];
  invalid: { name: string; code: string; errors: ExpectedFinding[] }[];
}

/** Strip the common indentation of a template literal, so cases can be indented in the test file. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export function runRuleTests(rule: Rule, cases: RuleCases): void {
  const id = rule.meta.id;
  describe(id, () => {
    for (const c of cases.valid) {
      test(`valid: ${c.name}`, () => {
        const { diagnostics } = lintRubricText(c.code, 'case.yaml');
        const blocking = diagnostics.filter((d) => d.code === id || d.code === 'schema' || d.code === 'unknown-key' || d.code.startsWith('yaml'));
        expect(blocking.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      test(`invalid: ${c.name}`, () => {
        const { diagnostics } = lintRubricText(c.code, 'case.yaml');
        const schema = diagnostics.filter((d) => d.code === 'schema' || d.code === 'unknown-key');
        expect(schema.map((d) => d.message)).toEqual([]);
        const mine = diagnostics.filter((d) => d.code === id);
        expect(mine.map((d) => ({ line: d.range!.start.line + 1, column: d.range!.start.character + 1 }))).toEqual(
          c.errors.map((e) => ({ line: e.line, column: e.column })),
        );
        c.errors.forEach((e, i) => {
          const d = mine[i]!;
          expect(d.severity).toBe(e.severity ?? rule.meta.defaultSeverity);
          if (typeof e.message === 'string') expect(d.message).toBe(e.message);
          else if (e.message) expect(d.message).toMatch(e.message);
        });
      });
    }
  });
}
