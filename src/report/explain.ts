/**
 * `salesgrade explain --rep NAME`: every step behind one rep's numbers — metric values with the
 * source rows that fed them (file, sheet!row: the first few and the count), targets and where they
 * came from, attainment, points and weights, the score, gates, the tier decision and movement.
 * Pure: the caller picks the rep (see `findRep`) and passes colour.
 */
import { Chalk } from 'chalk';
import type { Evaluation, RepEvaluation, SourceRef } from '../engine/types.js';
import { formatPercent } from '../shared/format.js';
import { cleanStrings } from './safe-text.js';
import { formulaText, kpiExplanation, repReason, targetSourceText, viewText } from './evaluation-text.js';
import { cleanIdentifier } from '../shared/text.js';
import { groupName, labels, UNASSIGNED_GROUP, type LabelKey, type ReportLocale } from './labels.js';
import { displayWidth, formatApprox, formatBound, formatPoints, formatScore, formatValue, movementMark, tierLabelOf } from './terminal.js';
import { pushAll } from '../shared/iter.js';

export interface ExplainOptions {
  color: boolean;
  locale?: ReportLocale;
}

/** Normalise a name the way the readers do (shared/text.ts: every space, invisible characters), then fold case. */
function norm(s: string): string {
  return cleanIdentifier(s).toLowerCase();
}

/**
 * The rep called `name` (exact, then case- and space-insensitive), or the closest names to suggest.
 */
export function findRep(ev: Evaluation, name: string): { rep?: RepEvaluation; suggestions: string[] } {
  const exact = ev.reps.find((r) => r.rep === name);
  if (exact) return { rep: exact, suggestions: [] };
  const n = norm(name);
  const loose = ev.reps.filter((r) => norm(r.rep) === n);
  if (loose.length === 1) return { rep: loose[0]!, suggestions: [] };
  const partial = ev.reps.filter((r) => n.length > 0 && (norm(r.rep).includes(n) || n.includes(norm(r.rep))));
  if (partial.length > 0) return { suggestions: partial.map((r) => r.rep).sort().slice(0, 5) };
  return { suggestions: closestNames(ev.reps.map((r) => r.rep), name) };
}

/** Edit distance (insert, delete, substitute one character: a CJK character or an emoji counts one). */
function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/**
 * The names closest to a mistyped one (case and spaces ignored): at most a third of its characters
 * wrong (one at least), nearest first, then by name; at most `max`.
 */
export function closestNames(names: readonly string[], query: string, max = 3): string[] {
  const q = norm(query);
  const limit = Math.max(1, Math.floor([...q].length / 3));
  return names
    .map((name) => ({ name, d: editDistance(norm(name), q) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, max)
    .map((x) => x.name);
}

/**
 * The tier history in one sentence: `Junior since 2026-Q1; qualified for Intermediate in 2026-Q2, 2026-Q3 →
 * promoted` — the tier held before this period and since when, the periods of the open run (the tier
 * qualified for that differs from the one held), and this period's movement.
 */
export function trailSummary(ev: Evaluation, r: RepEvaluation, locale: ReportLocale): string {
  const t = labels(locale);
  const d = r.decision;
  const trail = r.trail ?? [];
  const parts: string[] = [];
  if (d.current === undefined || trail.length === 0) parts.push(fill(t('explain.trailNew'), { period: trail[0]?.period ?? ev.period.label }));
  else {
    // the earliest period of the unbroken stretch, ending with the last earlier period, that held the current tier
    let i = trail.length;
    while (i > 0 && trail[i - 1]!.tier === d.current) i--;
    const since = trail[Math.min(i, trail.length - 1)]!.period;
    parts.push(fill(t('explain.since'), { tier: tierLabelOf(ev, d.current), period: since }));
  }
  // the run still open: the earlier periods (since the last one qualifying for the held tier) and this one
  const steps = [...trail.map((x) => ({ period: x.period, qualified: x.qualified, tier: x.tier })), { period: ev.period.label, qualified: d.qualified, tier: d.current ?? d.tier }];
  let j = steps.length;
  while (j > 0 && steps[j - 1]!.qualified !== steps[j - 1]!.tier) j--;
  const run = steps.slice(j);
  if (run.length > 0) {
    const byTier = new Map<string, string[]>();
    for (const x of run) byTier.set(x.qualified, [...(byTier.get(x.qualified) ?? []), x.period]);
    const comma = locale === 'zh-CN' ? '、' : ', ';
    for (const [tier, periods] of byTier) parts.push(fill(t('explain.qualifiedIn'), { tier: tierLabelOf(ev, tier), periods: periods.join(comma) }));
  }
  const joined = parts.join(locale === 'zh-CN' ? '；' : '; ');
  return `${joined} → ${t(`movement.${d.movement}`)}${d.movement === 'promoted' || d.movement === 'demoted' ? ` ${tierLabelOf(ev, d.tier)}` : ''}`;
}

/** Wrap at spaces to `width` columns, every line indented by `indent`. */
function wrapText(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && displayWidth(indent + next) > width) {
      lines.push(indent + line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(indent + line);
  return lines;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}

/** `file: 商机明细!12, 商机明细!40` per file; CSV rows as `file:12`. */
export function formatSourceRows(sample: readonly SourceRef[]): string {
  const byFile = new Map<string, SourceRef[]>();
  for (const s of sample) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  return [...byFile.entries()]
    .map(([file, refs]) =>
      refs[0]!.sheet === undefined
        ? refs.map((r) => `${file}:${r.row}`).join(', ')
        : `${file}: ${refs.map((r) => `${sheetRef(r.sheet!)}!${r.row}`).join(', ')}`,
    )
    .join('; ');
}

function sheetRef(name: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export function renderExplain(evaluation: Evaluation, rep: RepEvaluation, options: ExplainOptions): string {
  // The rubric's words and the data's reach the terminal: no escape sequences.
  const ev = cleanStrings(evaluation);
  const r = cleanStrings(rep);
  const locale = options.locale ?? ev.locale;
  const t = labels(locale);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const sep = locale === 'zh-CN' ? '：' : ': ';
  const out: string[] = [];
  const unitOf = (metric: string) => ev.kpis.find((k) => k.metric === metric)?.unit ?? 'number';
  const h = (n: number, key: LabelKey) => out.push('', c.bold(`${n}. ${t(key)}`));

  const who = [r.rep, groupName(locale, r.team), r.region === UNASSIGNED_GROUP ? '' : r.region, r.manager ? `${t('manager')} ${r.manager}` : '']
    .filter(Boolean)
    .join(' · ');
  // Without a roster nobody is "not in the roster".
  out.push(c.bold(who) + (r.inRoster || !ev.manifest.roster ? '' : c.yellow(` (${t('notInRoster')})`)));
  out.push(`${t('period')} ${ev.period.label} (${ev.period.start} – ${ev.period.end}) · ${t('rubric')} ${ev.manifest.rubric.name}`);
  if (ev.view) {
    // wrapped as the terminal header wraps it: continuation lines indented
    const lines = wrapText(viewText(ev.period.label, ev.view, locale), 100, '  ');
    pushAll(out, lines.map((l, i) => (i === 0 ? l.slice(2) : l)));
  }
  out.push(`${t('rank')} ${r.rank}/${ev.reps.length} · ${t('score')} ${formatScore(r.score)} · ${t('tier')} ${tierLabelOf(ev, r.decision.tier)}`);

  // 1. metrics, KPI metrics first in rubric order, then the rest by name
  h(1, 'explain.metrics');
  const kpiMetrics = ev.kpis.map((k) => k.metric);
  const names = Object.keys(r.metrics).sort((a, b) => {
    const ia = kpiMetrics.indexOf(a);
    const ib = kpiMetrics.indexOf(b);
    if (ia !== ib) return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  for (const name of names) {
    const m = r.metrics[name]!;
    out.push(`  ${c.cyan(name)} = ${formatValue(m.value, unitOf(name), ev.currency, t('noValue'))}    ${c.dim(formulaText(m, ev.currency, locale))}`);
    if (m.rows === 0) out.push(`    ${c.dim(t('explain.noRows'))}`);
    else {
      const count = m.rows === 1 ? t('explain.row') : fill(t('explain.rows'), { count: m.rows });
      const comma = locale === 'zh-CN' ? '，' : ', ';
      const first = m.sample.length > 0 ? `${m.sample.length < m.rows ? `${comma}${fill(t('explain.firstRows'), { n: m.sample.length })}` : ''}${sep}${formatSourceRows(m.sample)}` : '';
      out.push(`    ${count}${first}`);
    }
  }
  if (names.length === 0) out.push(`  ${c.dim(t('explain.noRows'))}`);

  // 2. KPIs
  h(2, 'explain.kpis');
  for (const k of r.kpis) {
    const unit = ev.kpis.find((x) => x.kpi === k.kpi)?.unit ?? 'number';
    const flags = [
      k.capped ? t('capped') : '',
      k.floored ? t('floored') : '',
      k.belowThreshold ? t('belowThreshold') : '',
      k.excluded ? t('excludedKpi') : '',
      k.direction === 'lower' ? t('lowerIsBetter') : '',
    ].filter(Boolean);
    out.push(`  ${c.bold(k.label)} (${k.kpi}) · ${t('weight')} ${k.weight}${flags.length ? ` · ${flags.join(', ')}` : ''}`);
    out.push(
      `    ${t('actual')} ${formatValue(k.actual, unit, ev.currency, t('noValue'))} · ${t('target')} ${formatValue(k.target, unit, ev.currency, t('noValue'))}` +
        ` (${t('source')}${sep}${targetSourceText(k, locale)}) · ${t('attainment')} ${k.attainment === null ? t('noValue') : formatPercent(k.attainment.toString())}` +
        ` · ${t('points')} ${formatPoints(k.points)}`,
    );
    const why = kpiExplanation(k, ev.currency, locale);
    if (why) out.push(`    ${c.dim(why)}`);
  }

  // 3. score
  h(3, 'explain.score');
  const counted = r.kpis.filter((k) => !k.excluded);
  const sum = counted.map((k) => formatPoints(k.points)).join(' + ') || '0';
  const anyExcluded = r.kpis.some((k) => k.excluded);
  if (anyExcluded) {
    const w = counted.reduce((s, k) => s + k.weight, 0);
    out.push(`  (${sum}) × 100 ÷ ${w} = ${formatApprox(r.rawScore)} (${t('rawScore')})`);
  } else out.push(`  ${sum} = ${formatApprox(r.rawScore)} (${t('rawScore')})`);
  out.push(`  → ${c.bold(formatScore(r.score))}`);

  // 4. tier decision
  h(4, 'explain.tier');
  for (const g of r.decision.gates) {
    for (const x of g.results) {
      const bound = [x.min !== undefined ? `≥ ${formatBound(x.min, unitOf(x.metric), ev.currency)}` : '', x.max !== undefined ? `≤ ${formatBound(x.max, unitOf(x.metric), ev.currency)}` : ''].filter(Boolean).join(', ');
      const verdict = x.passed ? c.green(t('passed')) : c.red(t('failed'));
      out.push(
        `  ${t('gates')} ${tierLabelOf(ev, g.tier)}${sep}${x.metric} ${formatValue(x.actual, unitOf(x.metric), ev.currency, t('noValue'))} ${bound} → ${verdict}`,
      );
    }
  }
  const tierRows = ev.tiers.map((x) => `${x.label} ≥ ${x.minScore}`).join(' · ');
  out.push(`  ${c.dim(tierRows)}`);
  out.push(`  ${t('qualifiedTier')}${sep}${c.bold(tierLabelOf(ev, r.decision.qualified))}`);

  // 5. movement
  h(5, 'explain.movement');
  const d = r.decision;
  if (d.movement === 'view') {
    // a view period: no movement decided, no runs (the reason below says per which period kind)
    out.push(`  ${t('previousTier')} ${d.current === undefined ? '—' : tierLabelOf(ev, d.current)} · ${t('movement.view')}`);
  } else {
    out.push(
      `  ${t('previousTier')} ${d.current === undefined ? '—' : tierLabelOf(ev, d.current)} → ${t('newTier')} ${c.bold(tierLabelOf(ev, d.tier))}` +
        ` (${t(`movement.${d.movement}`)} ${movementMark(d, t)})`,
    );
    out.push(`  ${t('promoteRun')} ${d.promoteRun} · ${t('demoteRun')} ${d.demoteRun}${d.inGrace ? ` · ${t('inGrace')}` : ''}`);
  }
  out.push(`  ${repReason(ev, d.reasonFacts, locale)}`);
  if (r.trail?.length) {
    out.push(`  ${t('explain.trail')}${sep}${trailSummary(ev, r, locale)}`);
    const list = [...r.trail, { period: ev.period.label, score: r.score, qualified: d.qualified, tier: d.tier }].map(
      (x) => `${x.period} ${tierLabelOf(ev, x.tier)}${x.score ? ` ${formatScore(x.score)}` : ''}${x.qualified !== x.tier ? ` (${t('explain.trailQualified')} ${tierLabelOf(ev, x.qualified)})` : ''}`,
    );
    pushAll(out, wrapText(list.join(' · '), 100, '    '));
  }

  // 6. distance to next tier
  h(6, 'explain.next');
  if (r.distanceToNext) {
    const n = r.distanceToNext;
    // Zero points short: the score is there but a gate of that tier failed (see step 4).
    let line = n.points.gt(0)
      ? fill(t('explain.gap'), { points: formatScore(n.points), tier: tierLabelOf(ev, n.tier) })
      : fill(t('explain.gateBlocked'), { tier: tierLabelOf(ev, n.tier) });
    if (n.kpi && n.points.gt(0)) {
      const k = ev.kpis.find((x) => x.kpi === n.kpi!.kpi);
      line += locale === 'zh-CN' ? '，' : '; ';
      line += fill(t('explain.gapKpi'), { amount: formatValue(n.kpi.amount, k?.unit ?? 'number', ev.currency), kpi: k?.label ?? n.kpi.kpi });
    }
    out.push(`  ${line}`);
  } else if (ev.tiers[0] !== undefined && r.decision.tier !== ev.tiers[0].id) {
    // Qualified for the top tier but held below it by the movement rules: not "already in the top tier".
    out.push(`  ${fill(t('explain.heldBelowTop'), { qualified: tierLabelOf(ev, r.decision.qualified), tier: tierLabelOf(ev, r.decision.tier) })}`);
  } else out.push(`  ${t('explain.topTier')}`);

  // 7. action
  if (r.action) {
    h(7, 'explain.action');
    const bits = [
      r.action.bonus_multiplier !== undefined ? `${t('bonusMultiplier')} ${r.action.bonus_multiplier}` : '',
      r.action.training ? `${t('training')} ${r.action.training}` : '',
      r.action.note ?? '',
    ].filter(Boolean);
    out.push(`  ${bits.join(' · ')}`);
  }
  return `${out.flatMap((l) => wrapLine(l, EXPLAIN_WIDTH)).join('\n')}\n`;
}

/** explain's lines fit this many columns (a long formula or target source continues on the next line). */
export const EXPLAIN_WIDTH = 100;

/**
 * One line cut at spaces to `width` columns, continuation lines indented two more than the line; a word
 * longer than the width is cut by characters. Colour codes count zero and stay where they were.
 */
export function wrapLine(line: string, width: number): string[] {
  if (displayWidth(line) <= width) return [line];
  const indent = /^ */.exec(line)![0];
  const cont = `${indent}  `;
  const out: string[] = [];
  let cur = indent;
  const flush = () => {
    if (cur.trim()) out.push(cur.trimEnd());
    cur = cont;
  };
  for (const word of line.slice(indent.length).split(' ')) {
    const next = cur.trim() ? `${cur} ${word}` : `${cur}${word}`;
    if (displayWidth(next) <= width) {
      cur = next;
      continue;
    }
    if (cur.trim()) flush();
    // a word wider than a line: by characters
    let piece = cur;
    for (const ch of word) {
      if (displayWidth(piece + ch) > width && piece.trim()) {
        out.push(piece);
        piece = cont;
      }
      piece += ch;
    }
    cur = piece;
  }
  if (cur.trim()) out.push(cur.trimEnd());
  return out;
}
