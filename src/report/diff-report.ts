/**
 * The `salesgrade diff` report model and the pieces every diff renderer shares (value and delta
 * formatting, change sentences). Renderers are pure functions of a DiffReport.
 */
import { viewText } from './evaluation-text.js';
import type { Decimal } from 'decimal.js';
import type { EvaluationDiff, KpiMove, RepDelta, Spread } from '../engine/compare.js';
import { lineOf, type RubricChange } from '../rubric/diff.js';
import { diffLabels } from './diff-labels.js';
import type { ReportLocale } from './labels.js';
import { formatPoints, formatScore } from './terminal.js';

export interface DiffSide {
  /** As given: a path, or `rev:path`. */
  path: string;
  name: string;
  sha256: string;
}

export interface DiffReport {
  locale: ReportLocale;
  before: DiffSide;
  after: DiffSide;
  period: string;
  changes: RubricChange[];
  diff: EvaluationDiff;
  /** True when one read of the data fed both rubrics. */
  readOnce: boolean;
  inputs: string[];
  /** The history both sides walk. */
  history: { periods: string[]; files: string[]; roster: boolean };
  /** Set when the period is a view (another kind than the rubrics'): no movement is decided on either side. */
  view?: { code: 'period-view'; kind: 'week' | 'month' | 'quarter' | 'half' | 'year'; of: 'week' | 'month' | 'quarter' | 'half' | 'year' };
  /** Tier id → label, for reps and for each level (the new rubric's label wins). */
  tierLabels: Record<string, string>;
  levelTierLabels: Partial<Record<'team' | 'region', Record<string, string>>>;
  /** How many score movers to list. */
  top: number;
}

type DiffFormat = 'table' | 'json' | 'md' | 'github';

/** `+1.50`, `−2.00`, `0.00` (points: up to 4 decimals, `−6.2570`). */
export function signed(d: Decimal, points = false): string {
  const s = points ? formatPoints(d.abs()) : formatScore(d.abs());
  return d.isZero() ? s : d.isNegative() ? `−${s}` : `+${s}`;
}

/** A rubric value in one line: scalars as is, lists `[a, b]`, mappings `{ k: v }`. */
export function formatRubricValue(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(formatRubricValue).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{ ${entries.map(([k, x]) => `${k}: ${formatRubricValue(x)}`).join(', ')} }`;
  }
  return String(v);
}

/** `tiers.senior.min_score 95 → 100`, `kpis.csat added: {…}`. */
export function changeSentence(c: RubricChange, locale: ReportLocale): string {
  const t = diffLabels(locale);
  if (c.kind === 'added') return `${c.name} ${t('diff.added')}: ${formatRubricValue(c.after)}`;
  if (c.kind === 'removed') return `${c.name} ${t('diff.removed')} (${formatRubricValue(c.before)})`;
  return `${c.name} ${formatRubricValue(c.before)} → ${formatRubricValue(c.after)}`;
}

/** `old.yaml:12 → new.yaml:14`; one side alone when the other does not have it. */
export function changeWhere(c: RubricChange): string {
  const o = c.kind === 'added' ? undefined : lineOf(c.old);
  const n = c.kind === 'removed' ? undefined : lineOf(c.new);
  return o && n ? `${o} → ${n}` : (o ?? n ?? '');
}

export function tierName(r: DiffReport, id: string | undefined, level?: 'team' | 'region'): string {
  if (id === undefined) return '—';
  return (level ? r.levelTierLabels[level]?.[id] : r.tierLabels[id]) ?? id;
}

/** `win_rate −6.00` */
export function kpiMove(k: KpiMove | undefined): string {
  return k ? `${k.label} ${signed(k.delta, true)}` : '—';
}

export function scoreMove(d: RepDelta): string {
  return d.before && d.after ? `${formatScore(d.before.score)} → ${formatScore(d.after.score)}` : '—';
}

export function spreadLine(s: Spread, locale: ReportLocale): string {
  return diffLabels(locale)('diff.scoreChange', { min: signed(s.min), median: signed(s.median), max: signed(s.max) });
}

export function historyLine(r: DiffReport): string {
  const t = diffLabels(r.locale);
  // a view decides no movement: the tiers compared are the qualified ones
  if (r.view) return viewText(r.period, r.view, r.locale);
  const parts: string[] = [r.history.periods.length ? t('diff.historyData', { periods: r.history.periods.join(', ') }) : t('diff.historyNone')];
  if (r.history.files.length) parts.push(t('diff.historyFiles', { files: r.history.files.join(', ') }));
  if (r.history.roster) parts.push(t('diff.historyRoster'));
  return t('diff.movement', { history: parts.join(r.locale === 'en' ? '; ' : '；') });
}

export function readLine(r: DiffReport): string {
  return diffLabels(r.locale)(r.readOnce ? 'diff.readOnce' : 'diff.readTwice', { inputs: r.inputs.join(', ') });
}

export function levelName(r: DiffReport, level: 'team' | 'region'): string {
  const t = diffLabels(r.locale);
  return r.locale === 'en' ? t('diff.levelTitle', { level: t(level) }) : t(level === 'team' ? 'teams' : 'regions');
}
