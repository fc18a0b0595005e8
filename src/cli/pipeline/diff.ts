/**
 * The `diff` pipeline: load both rubrics (a path, or `rev:path` read with git at that revision), read
 * the data once when both read the exports alike and grade it under each (metrics both define alike are
 * aggregated once: engine/aggregate.ts `columnKey`), then compare rubrics and outcomes. Both sides get the same history (the same --history files and earlier periods of the data).
 */
import type { EvaluateOutcome, EvaluateRequest } from './evaluate.js';
import type { LoadedRubric } from '../../rubric/load.js';
import type { DiffReport } from '../../report/diff-report.js';
import { templatedError } from '../../shared/errors.js';
import { readerKey, runEvaluations } from './evaluate.js';
import { displayPath } from './paths.js';

export interface DiffRequest extends Omit<EvaluateRequest, 'rubric' | 'keepRows' | 'sampleRows'> {
  before: string;
  after: string;
  /** Score movers listed. */
  top: number;
}

/** A rubric from a path or from `rev:path` (git show), with `extends` at the same place. */
export async function loadRubricArg(arg: string, cwd: string): Promise<LoadedRubric> {
  const [{ loadRubric }, { parseRevisionPath, gitRubricFiles }] = await Promise.all([import('../../rubric/load.js'), import('../../io/git-files.js')]);
  const rev = parseRevisionPath(arg, cwd);
  if (!rev) return loadRubric(arg, { cwd });
  const { files, abs } = await gitRubricFiles(rev, cwd);
  return loadRubric(abs, { files });
}

function labelOf(t: { id: string; label?: string | undefined; labels?: Record<string, string> | undefined }, locale: string): string {
  return t.labels?.[locale] ?? t.label ?? t.id;
}

export async function runDiff(req: DiffRequest): Promise<{ report: DiffReport; before: EvaluateOutcome; after: EvaluateOutcome }> {
  const cwd = req.io.cwd;
  const [a, b] = [await loadRubricArg(req.before, cwd), await loadRubricArg(req.after, cwd)];
  if (a.rubric.period !== b.rubric.period) {
    // (before any evaluation says the rubric's language: the new rubric's, as diff's report)
    throw templatedError('usage', 'diff-period-kinds', { before: req.before, kindBefore: a.rubric.period, after: req.after, kindAfter: b.rubric.period }, { locale: b.rubric.locale });
  }
  const locale = req.locale ?? b.rubric.locale;
  const base = { ...req, locale };
  const readOnce = readerKey(a.rubric) === readerKey(b.rubric);
  let outA: EvaluateOutcome;
  let outB: EvaluateOutcome;
  if (readOnce) {
    [outA, outB] = (await runEvaluations(base, [{ loaded: a }, { loaded: b }])) as [EvaluateOutcome, EvaluateOutcome];
  } else {
    req.note('note: the rubrics read the exports differently (their source sections differ): the data is read once for each');
    [outA] = (await runEvaluations(base, [{ loaded: a }])) as [EvaluateOutcome];
    [outB] = (await runEvaluations(base, [{ loaded: b }])) as [EvaluateOutcome];
  }
  const evA = outA.evaluation;
  const evB = outB.evaluation;
  if (evA.period.label !== evB.period.label) {
    throw templatedError('usage', 'diff-latest-period', { periodBefore: evA.period.label, before: req.before, periodAfter: evB.period.label, after: req.after });
  }
  const { diffRubrics } = await import('../../rubric/diff.js');
  const { compareEvaluations } = await import('../../engine/compare.js');
  const levelTiers: Parameters<typeof compareEvaluations>[2] = { levelTiers: {} };
  const levelTierLabels: DiffReport['levelTierLabels'] = {};
  for (const level of ['team', 'region'] as const) {
    const ta = a.rubric.levels?.[level]?.tiers ?? [];
    const tb = b.rubric.levels?.[level]?.tiers ?? [];
    if (!ta.length && !tb.length) continue;
    const side = (ts: typeof ta) => [...ts].sort((x, y) => y.min_score - x.min_score).map((t) => ({ id: t.id, label: labelOf(t, locale) }));
    levelTiers.levelTiers![level] = { before: side(ta), after: side(tb) };
    levelTierLabels[level] = Object.fromEntries([...side(ta), ...side(tb)].map((t) => [t.id, t.label]));
  }
  const diff = compareEvaluations(evA, evB, levelTiers);
  const periodStart = evB.period.start;
  const report: DiffReport = {
    locale,
    before: { path: a.path, name: a.rubric.name, sha256: a.sha256 },
    after: { path: b.path, name: b.rubric.name, sha256: b.sha256 },
    period: evB.period.label,
    changes: diffRubrics(a, b),
    diff,
    readOnce,
    inputs: evB.manifest.inputs.map((f) => f.path),
    history: {
      periods: evB.periods.filter((p) => p.end < periodStart).map((p) => p.label),
      files: (req.history ?? []).map((h) => displayPath(cwd, h)),
      roster: evB.reps.some((r) => r.decision.current !== undefined && !r.trail?.length),
    },
    ...(evB.view ? { view: evB.view } : {}),
    tierLabels: Object.fromEntries([...evA.tiers, ...evB.tiers].map((t) => [t.id, t.label])),
    levelTierLabels,
    top: req.top,
  };
  return { report, before: outA, after: outB };
}
