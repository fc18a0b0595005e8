/**
 * The targets files a rubric names (`target: { file }` on rep KPIs and on `levels.team` / `levels.region`
 * KPIs): each file read once through io/ for every KPI that names it, relative to the rubric, and
 * turned into the engine's `fileTargets`. A file that is missing, unreadable, or lacks a name or KPI
 * column stops the run (exit 2, naming the rubric key); bad rows are findings.
 */
import { resolve } from 'node:path';
import type { FileTargets } from '../../engine/targets.js';
import type { Evaluation, RosterEntry } from '../../engine/types.js';
import type { TargetColumnSpec, TargetFileOptions, TargetFileResult, TargetLevel } from '../../io/targets.js';
import type { FileRef } from '../../rubric/lint/file-refs.js';
import { formatPath } from '../../rubric/locate.js';
import type { Rubric } from '../../rubric/schema.js';
import type { Diagnostic } from '../../shared/diagnostic.js';
import { SalesgradeError, templatedError } from '../../shared/errors.js';
import { displayPath } from './paths.js';

export interface RubricTargetFiles {
  fileTargets: Record<string, FileTargets>;
  findings: Diagnostic[];
  /** Absolute paths read. */
  paths: string[];
  results: TargetFileResult[];
}

/** Read every targets file of the rubric, each named in messages as seen from `cwd`. */
export async function readRubricTargetFiles(rubric: Rubric, rubricDir: string, cwd: string, rubricShown: string): Promise<RubricTargetFiles> {
  const { fileReferences } = await import('../../rubric/lint/file-refs.js');
  const groups = groupTargetRefs(fileReferences(rubric), rubricDir);
  const out: RubricTargetFiles = { fileTargets: {}, findings: [], paths: [], results: [] };
  if (groups.size === 0) return out;
  const [{ readTargetFile }, { fxRates }, { readAs }] = await Promise.all([import('../../io/targets.js'), import('../../io/values.js'), import('../../io/display-name.js')]);
  for (const g of groups.values()) {
    const shown = displayPath(cwd, g.abs);
    let result: TargetFileResult;
    try {
      result = await readAs(g.abs, shown, () => readTargetFile(g.abs, { ...targetReadOptions(rubric, fxRates(rubric.fx)), sheet: g.sheet, columns: g.columns, shown }));
    } catch (e) {
      if (e instanceof SalesgradeError && (e.code === 'input-not-found' || e.code === 'input-unreadable' || e.code === 'sheet-not-found')) {
        throw templatedError(
          'targets-invalid',
          'targets-file-unreadable',
          { message: e.message, path: formatPath(g.refs[0]!.path), rubric: rubricShown },
          { location: { ...e.location, file: shown }, ...(e.facts ? { quotes: e.facts } : {}) },
        );
      }
      throw e;
    }
    out.paths.push(g.abs);
    out.results.push(result);
    for (const f of result.findings) out.findings.push(f);
    Object.assign(out.fileTargets, result.targets);
  }
  return out;
}

/** The targets-file refs of a rubric grouped by file and sheet (each file is read once for all its KPIs). */
export function groupTargetRefs(refs: FileRef[], rubricDir: string): Map<string, { abs: string; sheet: string | undefined; refs: FileRef[]; columns: TargetColumnSpec[] }> {
  const groups = new Map<string, { abs: string; sheet: string | undefined; refs: FileRef[]; columns: TargetColumnSpec[] }>();
  for (const ref of refs) {
    if (ref.kind !== 'targets') continue;
    const abs = resolve(rubricDir, ref.file);
    const g = `${abs}\u0000${ref.sheet ?? ''}`;
    let group = groups.get(g);
    if (!group) groups.set(g, (group = { abs, sheet: ref.sheet, refs: [], columns: [] }));
    group.refs.push(ref);
    group.columns.push({ key: ref.level ? `levels.${ref.level}:${ref.kpi!}` : ref.kpi!, label: ref.label!, column: ref.column, headers: ref.headers ?? [] });
  }
  return groups;
}

/** What a targets file is read with besides its columns: the rubric's currency, fx and number conventions. */
export function targetReadOptions(rubric: Rubric, fx: TargetFileOptions['fx']): Omit<TargetFileOptions, 'columns'> {
  return { currency: rubric.currency, fx, decimalSeparator: rubric.source.decimal_separator, locale: rubric.locale };
}

/** Findings for names a targets file gives a target to that nobody evaluated or on the roster answers to. */
export async function unknownTargetNames(files: RubricTargetFiles, evaluation: Evaluation, roster: readonly RosterEntry[] | undefined): Promise<Diagnostic[]> {
  if (files.results.length === 0) return [];
  const { unknownNames } = await import('../../io/targets.js');
  const known: Record<TargetLevel, Set<string>> = { rep: new Set(), team: new Set(), region: new Set() };
  for (const r of evaluation.reps) known.rep.add(r.rep);
  for (const g of evaluation.teams) known.team.add(g.name);
  for (const g of evaluation.regions) known.region.add(g.name);
  for (const e of roster ?? []) {
    known.rep.add(e.rep);
    if (e.team !== undefined) known.team.add(e.team);
    if (e.region !== undefined) known.region.add(e.region);
  }
  return files.results.flatMap((r) => unknownNames(r, known, evaluation.period.label));
}
