/**
 * `salesgrade diff -f github`: GitHub Actions `::notice` workflow commands: one per rubric change (on
 * the new file's line when the change is in the working tree), one per rep whose tier changes, and a
 * summary. https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 */
import { diffLabels } from './diff-labels.js';
import { changeSentence, kpiMove, scoreMove, spreadLine, tierName, type DiffReport } from './diff-report.js';
import { escapeData, escapeProperty } from './formatters/github.js';

export function renderDiffGithub(r: DiffReport): string {
  const t = diffLabels(r.locale);
  const d = r.diff;
  const out: string[] = [];
  const summary = [t('diff.summary', { changes: r.changes.length, tier: d.tierChanges.length, total: d.reps, moved: d.scoreMoved.length })];
  if (d.scoreChange) summary.push(spreadLine(d.scoreChange, r.locale));
  out.push(`::notice title=${escapeProperty(`${t('diff.noticeSummary')} ${r.period}`)}::${escapeData(summary.join(' · '))}`);
  for (const c of r.changes) {
    // A location is given only for a working-tree file: a `rev:path` side is not a file of the checkout.
    const at = c.kind === 'removed' ? undefined : c.new;
    const file = at && !/^[^/\\]+:/.test(at.source) ? `file=${escapeProperty(at.source)},line=${at.range.start.line + 1},` : '';
    out.push(`::notice ${file}title=${escapeProperty(t('diff.noticeRubric'))}::${escapeData(changeSentence(c, r.locale))}`);
  }
  for (const x of d.tierChanges) {
    const text = `${x.rep}: ${tierName(r, x.before?.tier)} → ${tierName(r, x.after?.tier)} (${t('score')} ${scoreMove(x)}; ${kpiMove(x.topKpi)})`;
    out.push(`::notice title=${escapeProperty(t('diff.noticeTier'))}::${escapeData(text)}`);
  }
  return `${out.join('\n')}\n`;
}
