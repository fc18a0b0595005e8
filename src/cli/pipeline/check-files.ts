/**
 * What `check` finds on disk for the files a rubric names: exists / readable; a calendar file's bad
 * rows; a targets file's missing columns and bad rows — each read through io/ exactly as `evaluate`,
 * `explain` and `quota` read it. The lint rules (`file-exists`, `calendar-file-valid`,
 * `targets-file-valid`) turn these facts into findings at the key's line:col.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FileFacts, FileProblem, FileRef } from '../../rubric/lint/file-refs.js';
import { fileRefKey } from '../../rubric/lint/file-refs.js';
import type { Rubric } from '../../rubric/schema.js';
import type { Diagnostic } from '../../shared/diagnostic.js';
import { formatErrorLocation, SalesgradeError } from '../../shared/errors.js';
import { displayPath } from './paths.js';

async function look(abs: string, shown: string): Promise<FileFacts> {
  try {
    const st = await stat(abs);
    if (!st.isFile()) return { status: 'unreadable', shown, reason: st.isDirectory() ? 'directory' : 'not-file' };
    await access(abs, constants.R_OK);
    return { status: 'ok', shown };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing', shown };
    return { status: 'unreadable', shown, reason: code === 'EACCES' ? 'permission' : (code ?? String(e)) };
  }
}

/** A finding of a reader as a problem: at `h.csv:3:12` / `t.xlsx Sheet!C4`, its message and facts. */
function problemOf(shown: string, f: Diagnostic): FileProblem {
  const at = formatErrorLocation({
    file: shown,
    ...(f.sheet !== undefined ? { sheet: f.sheet } : {}),
    ...(f.cell !== undefined ? { cell: f.cell } : {}),
    ...(f.range ? { line: f.range.start.line + 1, column: f.range.start.character + 1 } : {}),
  });
  return { at, message: f.message, severity: f.severity, code: f.code, ...(f.data ? { data: f.data } : {}) };
}

function problemOfError(shown: string, e: SalesgradeError): FileProblem {
  return { at: `${shown}${e.location?.sheet !== undefined ? ` ${e.location.sheet}` : ''}`, message: e.message, severity: 'error' };
}

async function calendarFacts(abs: string, shown: string): Promise<{ problems: FileProblem[]; years: number[]; holidays?: string[] }> {
  const { readCalendarFile } = await import('../../io/calendar-file.js');
  try {
    const cal = await readCalendarFile(abs);
    const years = new Set<number>();
    for (const d of cal.holidays) years.add(Number(d.slice(0, 4)));
    for (const d of cal.workdays) years.add(Number(d.slice(0, 4)));
    return { problems: cal.findings.map((f) => problemOf(shown, f)), years: [...years].sort((a, b) => a - b), holidays: cal.holidays };
  } catch (e) {
    if (!(e instanceof SalesgradeError)) throw e;
    return { problems: [problemOfError(shown, e)], years: [] };
  }
}

/** The probe `lintRubricFile` calls: one look per referenced file; calendar and targets files read in full. */
export function makeFileProbe(cwd: string): (refs: FileRef[], dir: string, rubric: Rubric) => Promise<ReadonlyMap<string, FileFacts>> {
  return async (refs, dir, rubric) => {
    const out = new Map<string, FileFacts>();
    for (const ref of refs) {
      const abs = resolve(dir, ref.file);
      const facts = await look(abs, displayPath(cwd, abs));
      if (facts.status === 'ok' && ref.kind === 'calendar') {
        const { problems, years, holidays } = await calendarFacts(abs, facts.shown);
        if (problems.length) facts.problems = problems;
        facts.years = years;
        if (holidays) facts.holidays = holidays;
      }
      out.set(fileRefKey(ref.path), facts);
    }
    // targets files: each read once for all the KPIs that name it, as evaluate reads it
    const targets = refs.filter((r) => r.kind === 'targets' && out.get(fileRefKey(r.path))?.status === 'ok');
    if (targets.length) {
      const [{ groupTargetRefs, targetReadOptions }, { readTargetFile }, { fxRates }] = await Promise.all([
        import('./targets.js'),
        import('../../io/targets.js'),
        import('../../io/values.js'),
      ]);
      for (const g of groupTargetRefs(targets, dir).values()) {
        const first = out.get(fileRefKey(g.refs[0]!.path))!;
        const add = (ref: FileRef, p: FileProblem) => {
          const facts = out.get(fileRefKey(ref.path))!;
          (facts.problems ??= []).push(p);
        };
        try {
          const read = await readTargetFile(g.abs, { ...targetReadOptions(rubric, fxRates(rubric.fx)), sheet: g.sheet, columns: g.columns, shown: first.shown, listMissingColumns: true });
          for (const m of read.missingColumns ?? []) {
            const i = g.columns.findIndex((c) => c.key === m.key);
            add(g.refs[i]!, { at: first.shown, message: m.message, severity: 'error' });
          }
          // Row problems go to the first KPI naming the file (each message names the KPI it concerns).
          for (const f of read.findings) if (f.severity !== 'info') add(g.refs[0]!, problemOf(first.shown, f));
        } catch (e) {
          if (!(e instanceof SalesgradeError)) throw e;
          add(g.refs[0]!, problemOfError(first.shown, e));
        }
      }
    }
    return out;
  };
}
