/**
 * The loud lines at the top of every report (terminal, Markdown): what makes grades less than certain.
 * Rows that would feed a KPI but were excluded for a data problem (no rep, a bad value, no date) —
 * with the count and the money they carried — and an evaluated period the data covers only in part.
 * Rows left out because they are out of period, filtered by `where`, after `--as-of`, duplicates or
 * totals are not alerts: that is the rubric working.
 */
import type { Evaluation, ExclusionReason } from '../engine/types.js';
import { formatMoney, formatNumber } from '../shared/format.js';
import { labels, type ReportLocale } from './labels.js';
import { viewText } from './evaluation-text.js';

export function headerAlerts(ev: Evaluation, locale: ReportLocale): string[] {
  const t = labels(locale);
  const zh = locale === 'zh-CN';
  const out: string[] = [];
  // A view period (another kind than the rubric's): said first, it changes how every grade reads.
  if (ev.view) out.push(viewText(ev.period.label, ev.view, locale));
  const loss = ev.dataLoss;
  if (loss && loss.rows > 0) {
    const reasons = (Object.entries(loss.byReason) as [ExclusionReason, number][])
      .map(([r, n]) => `${t(`excluded.${r}` as Parameters<typeof t>[0])} ${formatNumber(n)}`)
      .join(zh ? '，' : ', ');
    const money = loss.money.filter((m) => !m.amount.isZero()).map((m) => `${m.field} ${formatMoney(m.amount.toFixed(), ev.currency)}`);
    const unknown = loss.unknownAmounts > 0 ? (zh ? `另 ${formatNumber(loss.unknownAmounts)} 行金额无法读取` : `${formatNumber(loss.unknownAmounts)} with an unreadable amount`) : '';
    const what = [...money, ...(unknown ? [unknown] : [])].join(zh ? '，' : ', ');
    out.push(
      zh
        ? `⚠ ${formatNumber(loss.rows)} 行本应计入 ${ev.period.label} KPI 的数据因数据问题未计入（${reasons}）${what ? `：${what}` : ''}——成绩可能不准；见数据问题 kpi-rows-lost`
        : `⚠ ${formatNumber(loss.rows)} row(s) that would feed a KPI in ${ev.period.label} were NOT counted because of data problems (${reasons})${what ? `: ${what}` : ''} — grades may be wrong; see finding kpi-rows-lost`,
    );
  }
  const cov = ev.coverage;
  if (cov) {
    const parts: string[] = [];
    if (cov.from !== undefined) parts.push(zh ? `从 ${cov.from} 开始` : `from ${cov.from}`);
    if (cov.until !== undefined) parts.push(zh ? `到 ${cov.until} 为止` : `until ${cov.until}`);
    // With movement.count_partial_periods the period did count: no decision carries `partial` then.
    const held = ev.reps.some((r) => r.decision.partial !== undefined);
    const tail = zh ? `：按部分数据评分${held ? '，不计入晋升/降级连续期' : ''}` : `: graded on partial data${held ? ', not counted toward promotion or demotion' : ''}`;
    if (cov.inProgress !== undefined) {
      out.push(zh ? `⚠ ${ev.period.label} 进行中，截至 ${cov.inProgress}${tail}` : `⚠ ${ev.period.label} is in progress until ${cov.inProgress}${tail}`);
    } else {
      out.push(
        zh
          ? `⚠ 数据仅覆盖 ${ev.period.label} 的一部分（${parts.join('，')}）${tail}`
          : `⚠ the data covers ${ev.period.label} only ${parts.join(' and ')}${tail}`,
      );
    }
  }
  return out;
}
