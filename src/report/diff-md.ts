/**
 * `salesgrade diff -f md`: the report as GitHub-flavoured Markdown, written to be posted as a
 * pull-request comment (a summary line first, details in tables, long lists folded).
 */
import { formatScore } from './terminal.js';
import { diffLabels } from './diff-labels.js';
import { pushAll } from '../shared/iter.js';
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

function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string[] {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

export function renderDiffMarkdown(r: DiffReport): string {
  const t = diffLabels(r.locale);
  const d = r.diff;
  const out: string[] = [];
  out.push(`### ${cell(t('diff.title', { period: r.period }))}`, '');
  out.push(
    `**${t('diff.summary', { changes: r.changes.length, tier: d.tierChanges.length, total: d.reps, moved: d.scoreMoved.length })}**`,
    '',
  );
  out.push(`${code(r.before.path)} → ${code(r.after.path)} · ${cell(r.after.name)}`, '');
  out.push(`- ${cell(readLine(r))}`, `- ${cell(historyLine(r))}`, '');

  out.push(`#### ${r.changes.length ? t('diff.changes', { n: r.changes.length }) : t('diff.noChanges')}`, '');
  if (r.changes.length) {
    pushAll(out, [
      ...table(
        [t('diff.change'), t('diff.where')],
        r.changes.map((c) => [code(changeSentence(c, r.locale)), changeWhere(c)]),
        ['l', 'l'],
      ),
      '',
    ]);
  }

  out.push(`#### ${d.tierChanges.length ? t('diff.tierChanges', { n: d.tierChanges.length, total: d.reps }) : t('diff.noTierChanges', { total: d.reps })}`, '');
  if (d.tierChanges.length) {
    pushAll(out, [
      ...table(
        [t('rep'), t('team'), t('tier'), t('score'), t('diff.mostMoved')],
        d.tierChanges.map((x) => [
          x.rep,
          groupName(r.locale, x.team),
          `${tierName(r, x.before?.tier)} → **${tierName(r, x.after?.tier)}**`,
          scoreMove(x),
          kpiMove(x.topKpi),
        ]),
        ['l', 'l', 'l', 'r', 'l'],
      ),
      '',
    ]);
  }

  const moved = t('diff.scoreMoved', { n: d.scoreMoved.length }) + (d.scoreMoved.length > r.top ? `${r.locale === 'en' ? ' (' : '（'}${t('diff.top', { n: r.top })}${r.locale === 'en' ? ')' : '）'}` : '');
  if (d.scoreMoved.length) {
    out.push('<details>', `<summary>${cell(moved)}</summary>`, '');
    pushAll(out, [
      ...table(
        [t('rep'), t('team'), t('tier'), t('score'), t('diff.delta'), t('diff.mostMoved')],
        d.scoreMoved.slice(0, r.top).map((x) => [x.rep, groupName(r.locale, x.team), tierName(r, x.after?.tier), scoreMove(x), signed(x.delta), kpiMove(x.topKpi)]),
        ['l', 'l', 'l', 'r', 'r', 'l'],
      ),
      '',
      '</details>',
      '',
    ]);
  } else out.push(moved, '');
  const notes = [t('diff.unchanged', { n: d.unchanged })];
  if (d.qualifiedOnly.length) notes.push(t('diff.qualifiedOnly', { names: d.qualifiedOnly.map((x) => `${x.rep} (${tierName(r, x.before?.qualified)} → ${tierName(r, x.after?.qualified)})`).join(', ') }));
  if (d.onlyBefore.length) notes.push(t('diff.onlyBefore', { names: d.onlyBefore.join(', ') }));
  if (d.onlyAfter.length) notes.push(t('diff.onlyAfter', { names: d.onlyAfter.join(', ') }));
  pushAll(out, [...notes.map((n) => `- ${cell(n)}`), '']);

  out.push(`#### ${t('diff.distribution')}`, '');
  pushAll(out, [
    ...table(
      [t('tier'), t('diff.before'), t('diff.after'), t('diff.delta')],
      d.distribution.map((x) => [x.label, String(x.before), String(x.after), x.after === x.before ? '0' : x.after > x.before ? `+${x.after - x.before}` : `−${x.before - x.after}`]),
      ['l', 'r', 'r', 'r'],
    ),
    '',
  ]);
  if (d.scoreChange) out.push(cell(spreadLine(d.scoreChange, r.locale)), '');

  for (const lv of d.levels) {
    out.push(`#### ${levelName(r, lv.level)}`, '');
    out.push(`- ${t('diff.levelTierChanges', { n: lv.tierChanges.length, total: lv.distribution.reduce((s, x) => s + x.after, 0) })}`);
    out.push(`- ${t('diff.levelScoreMoved', { n: lv.scoreMoved.length })}`);
    if (lv.scoreChange) out.push(`- ${cell(spreadLine(lv.scoreChange, r.locale))}`);
    out.push('');
    const rows = [...lv.tierChanges, ...lv.scoreMoved.slice(0, r.top)];
    if (rows.length) {
      pushAll(out, [
        ...table(
          [t(lv.level), t('tier'), t('score'), t('diff.delta')],
          rows.map((g) => [
            groupName(r.locale, g.name),
            g.tierChanged ? `${tierName(r, g.before?.tier, lv.level)} → **${tierName(r, g.after?.tier, lv.level)}**` : tierName(r, g.after?.tier, lv.level),
            g.before?.score && g.after?.score ? `${formatScore(g.before.score)} → ${formatScore(g.after.score)}` : '—',
            signed(g.delta),
          ]),
          ['l', 'l', 'r', 'r'],
        ),
        '',
      ]);
    }
    pushAll(out, [
      ...table(
        [t('tier'), t('diff.before'), t('diff.after')],
        lv.distribution.map((x) => [x.label, String(x.before), String(x.after)]),
        ['l', 'r', 'r'],
      ),
      '',
    ]);
  }
  return `${out.join('\n').trimEnd()}\n`;
}
