/**
 * `salesgrade calibrate` renderers: suggested thresholds beside the current ones, the resulting counts
 * and shares, per tier the score range and each KPI's median attainment, and why a result is inexact.
 * Pure functions of a CalibrationReport; `table` for the terminal, `json` with a stable shape.
 */
import type { Decimal } from 'decimal.js';
import type { Calibration } from '../engine/calibrate.js';
import { formatPercent } from '../shared/format.js';
import { diffLabels } from './diff-labels.js';
import { pushAll } from '../shared/iter.js';
import type { ReportLocale } from './labels.js';
import { textTable } from './diff-table.js';
import { formatScore } from './terminal.js';

export interface CalibrationReport {
  locale: ReportLocale;
  rubric: { path: string; name: string };
  periods: string[];
  calibration: Calibration;
  tierLabels: Record<string, string>;
  kpis: { kpi: string; label: string }[];
  /** Tier id → KPI id → median attainment of the tier's members (null: none has a value). */
  medians: Record<string, Record<string, Decimal | null>>;
  /** KPIs whose target depends on the tier held: their scores assume the tiers held stay as they are. */
  tierTargets: string[];
  wrote?: { file: string; changed: number };
}

const CALIBRATE_FORMAT = 'salesgrade-calibration';

function names(ids: string[], max = 6): string {
  return ids.length > max ? `${ids.slice(0, max).join(', ')}, … (${ids.length})` : ids.join(', ');
}

export function renderCalibrationTable(r: CalibrationReport): string {
  const t = diffLabels(r.locale);
  const c = r.calibration;
  const label = (id: string) => r.tierLabels[id] ?? id;
  const pct = (n: number) => (c.total ? formatPercent(n / c.total) : '—');
  const out: string[] = [];
  out.push(t('calibrate.title', { periods: r.periods.join(', '), reps: c.total }), `${t('rubric')}: ${r.rubric.path} (${r.rubric.name})`, '');
  pushAll(out, [
    ...textTable(
      [t('tier'), t('calibrate.wanted'), t('calibrate.current'), t('calibrate.suggested'), t('calibrate.result'), t('calibrate.range')],
      c.tiers.map((x) => [
        label(x.id),
        `${x.wantedPercent}% (${x.wanted})`,
        String(x.current),
        String(x.suggested),
        `${x.count} (${pct(x.count)})`,
        x.range ? `${formatScore(x.range.min)} – ${formatScore(x.range.max)}` : '—',
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
  ]);
  out.push(t('calibrate.medianAttainment'));
  pushAll(out, [
    ...textTable(
      [t('tier'), ...r.kpis.map((k) => k.label)],
      c.tiers.map((x) => [label(x.id), ...r.kpis.map((k) => {
        const m = r.medians[x.id]?.[k.kpi];
        return m === null || m === undefined ? '—' : formatPercent(m.toString());
      })]),
      ['l', ...r.kpis.map(() => 'r' as const)],
    ),
    '',
  ]);
  out.push(c.exact ? t('calibrate.exact') : t('calibrate.inexact'));
  for (const i of c.issues) {
    if (i.kind === 'tie') out.push(`  ${t('calibrate.tie', { n: i.reps.length, score: formatScore(i.score!), names: names(i.reps), tier: label(i.tier) })}`);
    else if (i.kind === 'gate') out.push(`  ${t('calibrate.gates', { n: i.reps.length, tier: label(i.tier), names: names(i.reps) })}`);
    else out.push(`  ${t('calibrate.precision', { tier: label(i.tier) })}`);
  }
  out.push(t('calibrate.qualified'));
  if (r.tierTargets.length) out.push(t('calibrate.tierTargets', { kpis: r.tierTargets.join(', ') }));
  out.push(r.wrote ? t('calibrate.wrote', { file: r.wrote.file, n: r.wrote.changed }) : t('calibrate.rerun'));
  return `${out.join('\n')}\n`;
}

export function renderCalibrationJson(r: CalibrationReport): string {
  const c = r.calibration;
  const dec = (d: Decimal | null | undefined) => (d === null || d === undefined ? null : d.toFixed());
  const json = {
    format: CALIBRATE_FORMAT,
    version: 1,
    rubric: r.rubric,
    periods: r.periods,
    total: c.total,
    exact: c.exact,
    tiers: c.tiers.map((x) => ({
      tier: x.id,
      label: r.tierLabels[x.id] ?? x.id,
      wantedPercent: x.wantedPercent,
      wanted: x.wanted,
      current: x.current,
      suggested: x.suggested,
      count: x.count,
      share: c.total ? x.count / c.total : null,
      range: x.range ? { min: dec(x.range.min), max: dec(x.range.max) } : null,
      medianAttainment: Object.fromEntries(r.kpis.map((k) => [k.kpi, dec(r.medians[x.id]?.[k.kpi])])),
      members: x.members,
    })),
    issues: c.issues.map((i) => ({ kind: i.kind, tier: i.tier, score: dec(i.score), reps: i.reps })),
    tierTargets: r.tierTargets,
    wrote: r.wrote ?? null,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
