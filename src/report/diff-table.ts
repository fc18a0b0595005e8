/**
 * `salesgrade diff` on the terminal: the rubric changes, the reps whose tier changes, the score movers,
 * the distributions before and after, and the same for team/region levels. Plain text, fits 100 columns.
 */
import { formatScore, padEnd, padStart, displayWidth, truncate } from './terminal.js';
import { diffLabels } from './diff-labels.js';
import { maxOf, pushAll } from '../shared/iter.js';
import { groupName } from './labels.js';
import {
  changeSentence,
  changeWhere,
  historyLine,
  kpiMove,
  levelName,
  readLine,
  scoreMove,
  signed,
  spreadLine,
  tierName,
  type DiffReport,
} from './diff-report.js';

/** Columns padded to their widest cell; `r` columns right-aligned. */
export function textTable(header: string[], rows: string[][], align: ('l' | 'r')[], indent = '  '): string[] {
  const widths = header.map((h, i) => maxOf(rows, (r) => displayWidth(r[i] ?? ''), displayWidth(h)));
  const line = (cells: string[]) =>
    indent + cells.map((c, i) => (align[i] === 'r' ? padStart(c, widths[i]!) : i === cells.length - 1 ? c : padEnd(c, widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].map((l) => l.trimEnd());
}

export function renderDiffTable(r: DiffReport, options: { width?: number } = {}): string {
  const width = options.width ?? 100;
  const t = diffLabels(r.locale);
  const d = r.diff;
  const out: string[] = [];
  out.push(t('diff.title', { period: r.period }));
  out.push(t('diff.sides', { before: `${r.before.path} (${r.before.name})`, after: `${r.after.path} (${r.after.name})` }));
  out.push(readLine(r), historyLine(r), '');

  out.push(r.changes.length ? t('diff.changes', { n: r.changes.length }) : t('diff.noChanges'));
  for (const c of r.changes) {
    const mark = c.kind === 'added' ? '+' : c.kind === 'removed' ? '-' : '~';
    out.push(truncate(`  ${mark} ${changeSentence(c, r.locale)}`, width));
    const where = changeWhere(c);
    if (where) out.push(`      ${where}`);
  }
  out.push('');

  out.push(d.tierChanges.length ? t('diff.tierChanges', { n: d.tierChanges.length, total: d.reps }) : t('diff.noTierChanges', { total: d.reps }));
  if (d.tierChanges.length) {
    pushAll(out, [
      ...textTable(
        [t('rep'), t('team'), t('tier'), t('score'), t('diff.mostMoved')],
        d.tierChanges.map((x) => [
          x.rep,
          groupName(r.locale, x.team),
          `${tierName(r, x.before?.tier)} → ${tierName(r, x.after?.tier)}`,
          scoreMove(x),
          kpiMove(x.topKpi),
        ]),
        ['l', 'l', 'l', 'r', 'l'],
      ),
    ]);
  }
  out.push('');
  out.push(`${t('diff.scoreMoved', { n: d.scoreMoved.length })}${d.scoreMoved.length > r.top ? `${r.locale === 'en' ? ' (' : '（'}${t('diff.top', { n: r.top })}${r.locale === 'en' ? ')' : '）'}` : ''}`);
  if (d.scoreMoved.length) {
    pushAll(out, [
      ...textTable(
        [t('rep'), t('team'), t('tier'), t('score'), t('diff.delta'), t('diff.mostMoved')],
        d.scoreMoved.slice(0, r.top).map((x) => [x.rep, groupName(r.locale, x.team), tierName(r, x.after?.tier), scoreMove(x), signed(x.delta), kpiMove(x.topKpi)]),
        ['l', 'l', 'l', 'r', 'r', 'l'],
      ),
    ]);
  }
  out.push(t('diff.unchanged', { n: d.unchanged }));
  if (d.qualifiedOnly.length) out.push(t('diff.qualifiedOnly', { names: d.qualifiedOnly.map((x) => `${x.rep} (${tierName(r, x.before?.qualified)} → ${tierName(r, x.after?.qualified)})`).join(', ') }));
  if (d.onlyBefore.length) out.push(t('diff.onlyBefore', { names: d.onlyBefore.join(', ') }));
  if (d.onlyAfter.length) out.push(t('diff.onlyAfter', { names: d.onlyAfter.join(', ') }));
  out.push('');

  out.push(t('diff.distribution'));
  pushAll(out, [
    ...textTable(
      [t('tier'), t('diff.before'), t('diff.after'), t('diff.delta')],
      d.distribution.map((x) => [x.label, String(x.before), String(x.after), x.after === x.before ? '0' : x.after > x.before ? `+${x.after - x.before}` : `−${x.before - x.after}`]),
      ['l', 'r', 'r', 'r'],
    ),
  ]);
  if (d.scoreChange) out.push(spreadLine(d.scoreChange, r.locale));

  for (const lv of d.levels) {
    out.push('', `${levelName(r, lv.level)}`);
    out.push(`  ${t('diff.levelTierChanges', { n: lv.tierChanges.length, total: lv.distribution.reduce((s, x) => s + x.after, 0) })}`);
    const rows = [...lv.tierChanges, ...lv.scoreMoved.slice(0, r.top)];
    if (rows.length) {
      pushAll(out, [
        ...textTable(
          [t(lv.level), t('tier'), t('score'), t('diff.delta')],
          rows.map((g) => [
            groupName(r.locale, g.name),
            g.tierChanged ? `${tierName(r, g.before?.tier, lv.level)} → ${tierName(r, g.after?.tier, lv.level)}` : tierName(r, g.after?.tier, lv.level),
            g.before?.score && g.after?.score ? `${formatScore(g.before.score)} → ${formatScore(g.after.score)}` : '—',
            signed(g.delta),
          ]),
          ['l', 'l', 'r', 'r'],
          '    ',
        ),
      ]);
    }
    out.push(`  ${t('diff.levelScoreMoved', { n: lv.scoreMoved.length })}`);
    pushAll(out, [
      ...textTable(
        [t('tier'), t('diff.before'), t('diff.after')],
        lv.distribution.map((x) => [x.label, String(x.before), String(x.after)]),
        ['l', 'r', 'r'],
        '    ',
      ),
    ]);
    if (lv.scoreChange) out.push(`  ${spreadLine(lv.scoreChange, r.locale)}`);
  }
  return `${out.join('\n')}\n`;
}
