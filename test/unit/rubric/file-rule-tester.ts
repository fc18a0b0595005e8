/**
 * Table-driven tests for the rules that look at referenced files (`file-exists`, `calendar-file-valid`):
 * like `runRuleTests`, but each case is a folder — the rubric `r.yaml` (and any bases and data files)
 * written to a temporary directory and checked through `lintRubricFile` with the CLI's file probe, so
 * the line:col are those `salesgrade check` prints.
 */
import { CN_FEWEST_WEEKDAY_HOLIDAYS, CN_YEARS } from '../../../src/quota/calendar.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeFileProbe } from '../../../src/cli/pipeline/check-files.js';
import { lintRubricFile } from '../../../src/rubric/load.js';
import type { Rule } from '../../../src/rubric/lint/types.js';
import type { ExpectedFinding } from './rule-tester.js';

export interface FileCase {
  name: string;
  /** Files of the case folder; `r.yaml` is the rubric checked. */
  files: Record<string, string | Buffer>;
  /** `check --year`: the years about to be graded or planned (the calendar-years rule). */
  years?: number[];
}

export function runFileRuleTests(rule: Rule, cases: { valid: FileCase[]; invalid: (FileCase & { errors: (ExpectedFinding & { source?: string })[] })[] }): void {
  const id = rule.meta.id;
  const root = mkdtempSync(join(tmpdir(), `sg-${id}-`));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  const check = async (c: FileCase) => {
    const dir = join(root, String(n++));
    for (const [name, text] of Object.entries(c.files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    // what `check` passes: the shipped cn data's years and its fewest weekday holidays
    const years = c.years ? { years: { check: c.years, cn: CN_YEARS, cnFewestWeekdayHolidays: CN_FEWEST_WEEKDAY_HOLIDAYS } } : {};
    const { diagnostics } = await lintRubricFile('r.yaml', { cwd: dir, probeFiles: makeFileProbe(dir), ...years });
    return diagnostics;
  };
  describe(id, () => {
    for (const c of cases.valid) {
      test(`valid: ${c.name}`, async () => {
        const diagnostics = await check(c);
        expect(diagnostics.filter((d) => d.code === id || d.code === 'schema' || d.code === 'unknown-key').map((d) => `${d.code}: ${d.message}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      test(`invalid: ${c.name}`, async () => {
        const diagnostics = await check(c);
        expect(diagnostics.filter((d) => d.code === 'schema' || d.code === 'unknown-key').map((d) => d.message)).toEqual([]);
        const mine = diagnostics.filter((d) => d.code === id);
        expect(mine.map((d) => ({ source: d.source, line: d.range!.start.line + 1, column: d.range!.start.character + 1, message: d.message, severity: d.severity }))).toEqual(
          c.errors.map((e) => ({
            source: e.source ?? 'r.yaml',
            line: e.line,
            column: e.column,
            message: typeof e.message === 'string' ? e.message : expect.stringMatching(e.message ?? /./),
            severity: e.severity ?? rule.meta.defaultSeverity,
          })),
        );
      });
    }
  });
}
