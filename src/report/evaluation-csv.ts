/**
 * `salesgrade evaluate -f csv`: one row per rep, for payroll and BI. Headers in the report locale;
 * numbers as plain decimal strings (no grouping, no currency sign, attainment as a fraction, at most
 * 6 decimal places; the score exactly as rounded by the rubric's precision); every
 * text cell through `csvSafe`, so a rep called `=HYPERLINK(…)` stays inert text. RFC 4180 quoting,
 * CRLF line ends, and a UTF-8 BOM so that Excel opens Chinese text correctly.
 */
import type { Decimal } from 'decimal.js';
import type { Evaluation, GroupEvaluation, PipelineCoverage, RepEvaluation } from '../engine/types.js';
import { groupAttainment, groupTierLabel } from './terminal.js';
import { labels, UNASSIGNED_GROUP, type ReportLocale } from './labels.js';
import { csvSafe } from './safe-text.js';
import { pushAll } from '../shared/iter.js';

export interface CsvOptions {
  locale?: ReportLocale;
  /** Default true: Excel needs it to read UTF-8. */
  bom?: boolean;
  /** About how many characters a chunk of `renderEvaluationCsvChunks` holds; default CSV_CHUNK_CHARS (tests lower it). */
  chunkChars?: number;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

const text = (s: string | undefined | null): string => quote(csvSafe(s ?? ''));
// Numbers are produced by us, never user text: a leading '-' is a sign, not a formula. Rounded
// half-up to 6 places (a ratio like 2/3 would otherwise carry 40 digits); JSON keeps them in full.
const num = (d: Decimal | null | undefined): string =>
  d === null || d === undefined ? '' : d.toDecimalPlaces(6, 4 /* ROUND_HALF_UP */).toFixed();

/** The KPI columns: the reps' KPIs, then the `levels` KPIs the reps do not have (by id). */
function kpiColumns(ev: Evaluation): Evaluation['kpis'] {
  const out = ev.kpis.slice();
  for (const lvl of [ev.levels?.team, ev.levels?.region]) for (const k of lvl?.kpis ?? []) if (!out.some((x) => x.kpi === k.kpi)) out.push(k);
  return out;
}

export function renderEvaluationCsv(ev: Evaluation, options: CsvOptions = {}): string {
  let text = '';
  for (const chunk of renderEvaluationCsvChunks(ev, options)) text += chunk;
  return text;
}

/** About how many characters a chunk of the CSV holds (it ends at a row's end). */
export const CSV_CHUNK_CHARS = 1 << 15;

/**
 * The CSV in chunks of whole rows, each made as it is taken (61,000 reps are never one string nor an
 * array of row texts); joined, `renderEvaluationCsv`'s text.
 */
export function* renderEvaluationCsvChunks(ev: Evaluation, options: CsvOptions = {}): Generator<string> {
  const chunkChars = options.chunkChars ?? CSV_CHUNK_CHARS;
  let chunk = options.bom === false ? '' : '\uFEFF';
  for (const line of csvLines(ev, options)) {
    chunk += `${line}\r\n`;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

function* csvLines(ev: Evaluation, options: CsvOptions): Generator<string> {
  const t = labels(options.locale ?? ev.locale);
  const tierLabel = (id: string | undefined) => (id === undefined ? '' : (ev.tiers.find((x) => x.id === id)?.label ?? id));
  const kpis = kpiColumns(ev);
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
    ...kpis.flatMap((k) => [
      `${k.label} ${t('actual')}`,
      `${k.label} ${t('target')}`,
      `${k.label} ${t('attainment')}`,
      `${k.label} ${t('points')}`,
    ]),
    `${t('distanceToNext')} (${t('points')})`,
    t('bonusMultiplier'),
    t('training'),
    t('level'),
    // With --as-of inside the period: per KPI the period-to-date target, the projection and its attainment.
    ...(ev.pacing ? ev.kpis.flatMap((k) => [`${k.label} ${t('statement.ptdTarget')}`, `${k.label} ${t('statement.projected')}`, `${k.label} ${t('statement.projectedAttainment')}`]) : []),
    // And with the rubric's pacing: the open pipeline, what the covered KPI still needs, and the coverage.
    ...(ev.pacing?.pipeline ? pipelineHeaders(ev.pacing.pipeline, t) : []),
  ];
  yield header.map((h) => text(h)).join(',');
  const reps = ev.reps.slice().sort((a, b) => a.rank - b.rank || (a.rep < b.rep ? -1 : a.rep > b.rep ? 1 : 0));
  for (const r of reps) yield row(ev, kpis, r, t, tierLabel).join(',');
  // Then one row per team and region (`level` team / region): the manager's grade on the roll-up.
  const regionOf = new Map(ev.reps.map((r) => [r.rep, r.region]));
  for (const g of [...ev.teams, ...ev.regions]) yield groupRow(ev, kpis, g, t, regionOf).join(',');
}

function row(
  ev: Evaluation,
  kpis: Evaluation['kpis'],
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
  for (const k of kpis) {
    const x = r.kpis.find((y) => y.kpi === k.kpi);
    cells.push(num(x?.actual), num(x?.target), num(x?.attainment), num(x?.points));
  }
  cells.push(num(r.distanceToNext?.points));
  cells.push(r.action?.bonus_multiplier !== undefined ? String(r.action.bonus_multiplier) : '');
  cells.push(text(r.action?.training));
  cells.push('rep');
  if (ev.pacing) {
    for (const k of ev.kpis) {
      const p = r.kpis.find((y) => y.kpi === k.kpi)?.pacing;
      cells.push(num(p?.target), num(p?.projected), num(p?.projectedAttainment));
    }
  }
  if (ev.pacing?.pipeline) pushAll(cells, pipelineCells(r.pipeline));
  return cells;
}

function pipelineHeaders(p: NonNullable<NonNullable<Evaluation['pacing']>['pipeline']>, t: ReturnType<typeof labels>): string[] {
  return [p.metricLabel, `${p.kpiLabel} ${t('remaining')}`, `${p.metricLabel} ${t('coverageMultiple')}`];
}

function pipelineCells(p: PipelineCoverage | undefined): string[] {
  return [num(p?.open), num(p?.remaining), num(p?.coverage)];
}

/**
 * A team or region row: no rank or rep; its name under team or region (a team's region when all its
 * members share one), the manager, the level's score, tier label and movement when graded, and per KPI
 * the level KPI's numbers, or the roll-up's actual, target and attainment (no points) for the others.
 */
function groupRow(ev: Evaluation, kpis: Evaluation['kpis'], g: GroupEvaluation, t: ReturnType<typeof labels>, regionOf: Map<string, string>): string[] {
  const name = g.name === UNASSIGNED_GROUP ? t('unassigned') : g.name;
  const regions = g.level === 'team' ? [...new Set(g.members.map((m) => regionOf.get(m)))] : [];
  const region = g.level === 'region' ? name : regions.length === 1 && regions[0] !== undefined ? (regions[0] === UNASSIGNED_GROUP ? t('unassigned') : regions[0]) : '';
  const label = (id: string | undefined) => groupTierLabel(ev, g, id);
  const cells = [
    '',
    '',
    text(g.level === 'team' ? name : ''),
    text(region),
    text(g.manager),
    g.score ? g.score.toFixed(Math.max(2, g.score.decimalPlaces())) : '',
    text(label(g.tier)),
    text(label(g.decision?.current)),
    text(g.decision ? label(g.decision.qualified) : ''),
    g.decision ? text(t(`movement.${g.decision.movement}`)) : '',
  ];
  for (const k of kpis) {
    const x = g.kpis?.find((y) => y.kpi === k.kpi);
    if (x) cells.push(num(x.actual), num(x.target), num(x.attainment), num(x.points));
    else if (ev.kpis.some((y) => y.kpi === k.kpi)) {
      cells.push(num(g.metrics[k.metric] ?? null), num(g.targets[k.kpi] ?? null), num(groupAttainment(ev, g, k)), '');
    } else cells.push('', '', '', '');
  }
  cells.push('', '', '', g.level);
  if (ev.pacing) for (const _ of ev.kpis) cells.push('', '', '');
  if (ev.pacing?.pipeline) pushAll(cells, pipelineCells(g.pipeline));
  return cells;
}
