/**
 * The `calibrate` pipeline: load the rubric, read the data once and grade every period asked for (one
 * evaluator per period), pool the rounded scores and metric values, find the thresholds, and with
 * --write put them into the rubric file (only the min_score values change; written atomically).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Decimal } from 'decimal.js';
import type { CalibrationSample } from '../../engine/calibrate.js';
import type { CalibrationReport } from '../../report/calibrate-report.js';
import { templatedError, UsageError } from '../../shared/errors.js';
import { runEvaluations, type EvaluateRequest } from './evaluate.js';
import { displayPath } from './paths.js';

export interface CalibrateRequest extends Omit<EvaluateRequest, 'rubric' | 'keepRows' | 'sampleRows' | 'period'> {
  rubric: string;
  /** `senior=20,intermediate=60,junior=20` (ids or labels, percent). */
  distribution: string;
  periods: string[];
  /** `2026-Q1..2026-Q3` */
  range?: string;
  write: boolean;
}

function tierLabel(t: { id: string; label?: string | undefined; labels?: Record<string, string> | undefined }, locale: string): string {
  return t.labels?.[locale] ?? t.label ?? t.id;
}

/** `senior=20,intermediate=60,junior=20` → tier id → percent; tiers not named get 0. */
export function parseDistribution(
  spec: string,
  tiers: { id: string; label?: string | undefined; labels?: Record<string, string> | undefined }[],
): Record<string, number> {
  const out: Record<string, number> = {};
  const known = tiers.map((t) => t.id);
  for (const part of spec.split(/[,，]/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^(.+?)\s*[=:：]\s*([0-9]+(?:\.[0-9]+)?)\s*%?$/.exec(part);
    if (!m) throw templatedError('usage', 'distribution-format', { value: part, example: tiers.map((t, i) => `${t.id}=${i === 0 ? 20 : i === tiers.length - 1 ? 20 : 60}`).join(',') });
    const name = m[1]!;
    const tier = tiers.find((t) => t.id === name || t.label === name || Object.values(t.labels ?? {}).includes(name));
    if (!tier) throw templatedError('usage', 'distribution-tier', { name, tiers: known });
    if (tier.id in out) throw templatedError('usage', 'distribution-twice', { tier: tier.id });
    out[tier.id] = Number(m[2]);
  }
  const sum = Object.values(out).reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 100) > 1e-6) throw templatedError('usage', 'distribution-sum', { sum, tiers: known });
  for (const t of tiers) out[t.id] ??= 0;
  return out;
}

/** `2026-Q1..2026-Q3` → every period label from the first to the last. */
export async function expandPeriods(range: string, kind: 'week' | 'month' | 'quarter' | 'half' | 'year', fys: number): Promise<string[]> {
  const { parsePeriod, periodOf, dayNumber, isoOfDay } = await import('../../engine/periods.js');
  const m = /^(.+?)\.\.(.+)$/.exec(range);
  if (!m) throw new UsageError(`--periods expects FIRST..LAST, e.g. 2026-Q1..2026-Q3, got "${range}"`);
  let p = parsePeriod(m[1]!.trim(), kind, fys);
  const last = parsePeriod(m[2]!.trim(), kind, fys);
  if (last.start < p.start) throw new UsageError(`--periods: ${last.label} comes before ${p.label}`);
  const out = [p.label];
  while (p.label !== last.label) {
    p = periodOf(isoOfDay(dayNumber(p.end) + 1), kind, fys);
    out.push(p.label);
    if (out.length > 400) throw new UsageError(`--periods: ${range} spans more than 400 periods`);
  }
  return out;
}

function median(values: Decimal[]): Decimal | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a.comparedTo(b));
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : s[mid - 1]!.plus(s[mid]!).div(2);
}

export async function runCalibrate(req: CalibrateRequest): Promise<CalibrationReport> {
  const cwd = req.io.cwd;
  const [{ loadRubric }, { calibrate }, { Locator }] = await Promise.all([
    import('../../rubric/load.js'),
    import('../../engine/calibrate.js'),
    import('../../rubric/locate.js'),
  ]);
  const loaded = await loadRubric(req.rubric, { cwd });
  const rubric = loaded.rubric;
  // the run's language is the rubric's from here on (an error in --distribution or --periods too)
  req.rubricLocale?.(rubric.locale);
  const wanted = parseDistribution(req.distribution, rubric.tiers);
  if (req.range && req.periods.length) throw new UsageError('give --period or --periods, not both');
  const periods = req.range ? await expandPeriods(req.range, rubric.period, rubric.fiscal_year_start) : req.periods;
  if (new Set(periods).size !== periods.length) throw new UsageError('--period: a period is given twice');
  // Tier thresholds are decided at the rubric's own period kind: a view (another kind) would pool
  // grades of another scale (a year against quarterly thresholds).
  const { viewOf } = await import('../../engine/view.js');
  for (const p of periods) {
    const view = viewOf(rubric, p);
    if (view) {
      throw new UsageError(
        `--period ${p} is a ${view.kind}, the rubric grades by ${view.of}: calibrate sets the tier thresholds of ${view.of} grades, so it pools only ${view.of} periods`,
        `give ${view.of} periods (--periods FIRST..LAST); evaluate ${p} shows a ${view.kind} view`,
      );
    }
  }

  // --write checks before the data is read: the tiers must be written in this file
  let own: string | undefined;
  if (req.write) {
    own = await readFile(resolve(cwd, req.rubric), 'utf8');
    const { setTierThresholds } = await import('../../rubric/edit.js');
    if (!setTierThresholds(own, {}, req.rubric)) {
      const base = new Locator(loaded.layers ?? []).locate(['tiers'])?.source ?? 'the file it extends';
      throw new UsageError(
        `--write: the tiers of ${req.rubric} are defined in ${base} (through extends), not in ${req.rubric}`,
        `edit ${base}, or copy the tiers list into ${req.rubric} first`,
      );
    }
  }

  const outcomes = await runEvaluations(req, periods.length ? periods.map((period) => ({ loaded, period })) : [{ loaded }]);
  const pooled = outcomes.length > 1;
  const samples: CalibrationSample[] = [];
  const byId = new Map<string, (typeof outcomes)[number]['evaluation']['reps'][number]>();
  for (const o of outcomes) {
    for (const r of o.evaluation.reps) {
      const id = pooled ? `${r.rep} @ ${o.evaluation.period.label}` : r.rep;
      samples.push({ id, score: r.score, metric: (m) => r.metrics[m]?.value ?? null });
      byId.set(id, r);
    }
  }
  const calibration = calibrate(rubric.tiers, samples, wanted, rubric.precision);
  const locale = req.locale ?? rubric.locale;
  const kpis = outcomes[0]!.evaluation.kpis.map((k) => ({ kpi: k.kpi, label: k.label }));
  const medians: CalibrationReport['medians'] = {};
  for (const t of calibration.tiers) {
    medians[t.id] = {};
    for (const k of kpis) {
      const values = t.members.map((id) => byId.get(id)!.kpis.find((x) => x.kpi === k.kpi)?.attainment ?? null).filter((v): v is Decimal => v !== null);
      medians[t.id]![k.kpi] = median(values);
    }
  }
  const report: CalibrationReport = {
    locale,
    rubric: { path: displayPath(cwd, req.rubric), name: rubric.name },
    periods: outcomes.map((o) => o.evaluation.period.label),
    calibration,
    tierLabels: Object.fromEntries(rubric.tiers.map((t) => [t.id, tierLabel(t, locale)])),
    kpis,
    medians,
    tierTargets: rubric.kpis
      .filter((k) => typeof k.target === 'object' && k.target.by_tier && Object.keys(k.target.by_tier).length)
      .map((k) => k.id ?? k.metric),
  };
  if (req.write && own !== undefined) {
    const [{ setTierThresholds }, { replaceFileAtomic }] = await Promise.all([import('../../rubric/edit.js'), import('../../io/atomic-write.js')]);
    const values = Object.fromEntries(calibration.tiers.map((t) => [t.id, t.suggested]));
    const edit = setTierThresholds(own, values, req.rubric)!;
    if (edit.changed.length) await replaceFileAtomic(resolve(cwd, req.rubric), edit.text, displayPath(cwd, req.rubric));
    report.wrote = { file: displayPath(cwd, req.rubric), changed: edit.changed.length };
  }
  return report;
}
