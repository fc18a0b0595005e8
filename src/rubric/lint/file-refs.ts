/**
 * The files a rubric names: `roster.file`, `target.file` of rep and level KPIs, `quota.annual.file` and
 * `quota.calendar.file`. Pure: `check` looks them up on disk (cli/) and hands the facts to the rules
 * as `RuleContext.files`, keyed by `fileRefKey(path)`. Paths are as merged: relative to the checked
 * rubric's folder (`extends` rebases a base's paths).
 */
import type { FindingData, Severity } from '../../shared/diagnostic.js';
import type { JsonPath } from '../locate.js';
import type { Rubric } from '../schema.js';

export type FileRefKind = 'roster' | 'targets' | 'calendar' | 'quota-annual';

export interface FileRef {
  kind: FileRefKind;
  /** Where the path is written: `['kpis', 0, 'target', 'file']`. */
  path: JsonPath;
  /** The path as written (after `extends` rebasing). */
  file: string;
  sheet?: string | undefined;
  /** Targets: the KPI's `target.column`, and the headers tried without it (KPI id, metric id, labels). */
  column?: string | undefined;
  headers?: string[];
  /** Targets: `kpis[0] revenue`, as `evaluate` names the KPI. */
  label?: string;
  /** Targets: the KPI id, and the level of a `levels` KPI. */
  kpi?: string;
  level?: 'team' | 'region';
}

/** A problem inside a referenced file: where in the file (`h.csv:3:12`), and what (English, with its finding's facts when it has them). */
export interface FileProblem {
  at: string;
  message: string;
  severity: Severity;
  /** The reader's finding code and data (report/ words the problem in other languages from them). */
  code?: string;
  data?: FindingData;
}

/** What `check` found when it looked at a referenced file. */
export interface FileFacts {
  /** `missing`: no such file; `unreadable`: a folder, no permission, or not a table salesgrade reads. */
  status: 'ok' | 'missing' | 'unreadable';
  /** The file as the user should see it (relative to the working directory). */
  shown: string;
  /** Why unreadable, a code: `directory`, `not-file`, `permission`, else the system's error code (`EIO`). */
  reason?: string;
  /** Problems inside the file, each already located (`holidays.csv:3:12: kind: expected off or work…`). */
  problems?: FileProblem[];
  /** A calendar file: the years it lists a day of (it supplies those years to a `cn` base). */
  years?: number[];
  /** A calendar file: the days off it lists. */
  holidays?: string[];
}

/**
 * A problem as a rule's facts: `at`, `problem` (the reader's English message) and, when the reader gave
 * facts, `finding` (its code and data as JSON) from which report/ words the problem in another language.
 */
export function problemFacts(p: FileProblem): { at: string; problem: string; finding?: string } {
  return { at: p.at, problem: p.message, ...(p.code !== undefined && p.data !== undefined ? { finding: JSON.stringify({ code: p.code, data: p.data }) } : {}) };
}

export function fileRefKey(path: JsonPath): string {
  return JSON.stringify(path);
}

export function fileReferences(rubric: Rubric): FileRef[] {
  const out: FileRef[] = [];
  if (rubric.roster) out.push({ kind: 'roster', path: ['roster', 'file'], file: rubric.roster.file, sheet: rubric.roster.sheet });
  const kpiFiles = (kpis: readonly { id?: string | undefined; metric: string; target: unknown }[], prefix: JsonPath, level?: 'team' | 'region'): void => {
    for (const [i, k] of kpis.entries()) {
      const t = k.target;
      if (typeof t === 'object' && t !== null && typeof (t as { file?: unknown }).file === 'string') {
        const spec = t as { file: string; sheet?: string; column?: string };
        const id = k.id ?? k.metric;
        const m = rubric.metrics[k.metric];
        const headers = [...new Set([id, k.metric, ...(m?.label ? [m.label] : []), ...Object.values(m?.labels ?? {})])];
        const label = `${[...prefix].map((x, j) => (j === 0 ? x : `.${x}`)).join('')}[${i}] ${id}`;
        const ref: FileRef = { kind: 'targets', path: [...prefix, i, 'target', 'file'], file: spec.file, sheet: spec.sheet, column: spec.column, headers, label, kpi: id };
        if (level) ref.level = level;
        out.push(ref);
      }
    }
  };
  kpiFiles(rubric.kpis, ['kpis']);
  for (const level of ['team', 'region'] as const) {
    const l = rubric.levels?.[level];
    if (l) kpiFiles(l.kpis, ['levels', level, 'kpis'], level);
  }
  const q = rubric.quota;
  if (q && 'file' in q.annual && typeof q.annual.file === 'string') {
    out.push({ kind: 'quota-annual', path: ['quota', 'annual', 'file'], file: q.annual.file, sheet: (q.annual as { sheet?: string }).sheet });
  }
  if (q && typeof q.calendar === 'object' && q.calendar.file !== undefined) out.push({ kind: 'calendar', path: ['quota', 'calendar', 'file'], file: q.calendar.file });
  return out;
}
