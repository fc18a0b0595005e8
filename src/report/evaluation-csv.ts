/**
 * `salesgrade evaluate -f csv`: one row per rep, for payroll and BI. Headers in the report locale;
 * numbers as plain decimal strings (no grouping, no currency sign, attainment as a fraction, at most
 * 6 decimal places; the score exactly as rounded by the rubric's precision); every
 * text cell through `csvSafe`, so a rep called `=HYPERLINK(…)` stays inert text. RFC 4180 quoting,
 * CRLF line ends, and a UTF-8 BOM so that Excel opens Chinese text correctly.
 */
import type { Decimal } from 'decimal.js';
import type { Evaluation, RepEvaluation } from '../engine/types.js';
import { labels, UNASSIGNED_GROUP, type ReportLocale } from './labels.js';
import { csvSafe } from './safe-text.js';

export interface CsvOptions {
  locale?: ReportLocale;
  /** Default true: Excel needs it to read UTF-8. */
  bom?: boolean;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

const text = (s: string | undefined | null): string => quote(csvSafe(s ?? ''));
// Numbers are produced by us, never user text: a leading '-' is a sign, not a formula. Rounded
// half-up to 6 places (a ratio like 2/3 would otherwise carry 40 digits); JSON keeps them in full.
const num = (d: Decimal | null | undefined): string =>
  d === null || d === undefined ? '' : d.toDecimalPlaces(6, 4 /* ROUND_HALF_UP */).toFixed();

export function renderEvaluationCsv(ev: Evaluation, options: CsvOptions = {}): string {
  const t = labels(options.locale ?? ev.locale);
  const tierLabel = (id: string | undefined) => (id === undefined ? '' : (ev.tiers.find((x) => x.id === id)?.label ?? id));
  const header = [
    t('rank'),
    t('rep'),
    t('team'),
    t('region'),
    t('manager'),
    t('score'),
    t('tier'),
    t('previousTier'),
    t('qualifiedTier'),
    t('movement'),
    ...ev.kpis.flatMap((k) => [
      `${k.label} ${t('actual')}`,
      `${k.label} ${t('target')}`,
      `${k.label} ${t('attainment')}`,
      `${k.label} ${t('points')}`,
    ]),
    `${t('distanceToNext')} (${t('points')})`,
    t('bonusMultiplier'),
    t('training'),
  ];
  const lines = [header.map((h) => text(h)).join(',')];
  const reps = ev.reps.slice().sort((a, b) => a.rank - b.rank || (a.rep < b.rep ? -1 : a.rep > b.rep ? 1 : 0));
  for (const r of reps) lines.push(row(ev, r, t, tierLabel).join(','));
  return `${options.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}

function row(
  ev: Evaluation,
  r: RepEvaluation,
  t: ReturnType<typeof labels>,
  tierLabel: (id: string | undefined) => string,
): string[] {
  const cells = [
    String(r.rank),
    text(r.rep),
    text(r.team === UNASSIGNED_GROUP ? t('unassigned') : r.team),
    text(r.region === UNASSIGNED_GROUP ? t('unassigned') : r.region),
    text(r.manager),
    r.score.toFixed(Math.max(2, r.score.decimalPlaces())),
    text(tierLabel(r.decision.tier)),
    text(tierLabel(r.decision.current)),
    text(tierLabel(r.decision.qualified)),
    text(t(`movement.${r.decision.movement}`)),
  ];
  for (const k of ev.kpis) {
    const x = r.kpis.find((y) => y.kpi === k.kpi);
    cells.push(num(x?.actual), num(x?.target), num(x?.attainment), num(x?.points));
  }
  cells.push(num(r.distanceToNext?.points));
  cells.push(r.action?.bonus_multiplier !== undefined ? String(r.action.bonus_multiplier) : '');
  cells.push(text(r.action?.training));
  return cells;
}
