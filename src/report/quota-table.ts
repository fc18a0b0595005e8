/**
 * The quota plan for the terminal: a header with the targets, the company by period with working
 * days and shares, then one table per level (regions, teams, reps) with the year and its quarters,
 * ramped reps marked with `*` and explained below, and the notes. Pure; fits 100 columns for the
 * company and level tables (the period detail for every level is in the workbook / CSV / JSON).
 */
import { Chalk } from 'chalk';
import type { QuotaEntity, QuotaPlan } from '../quota/decompose.js';
import { formatPercent } from '../shared/format.js';
import { maxOf, pushAll } from '../shared/iter.js';
import type { ReportLocale } from './labels.js';
import { entityName, formatAmount, type QuotaMetric } from './quota-format.js';
import { quotaLabels } from './quota-labels.js';
import { quotaTexts, rampNoteOf } from './quota-text.js';
import { cleanStrings } from './safe-text.js';
import { displayWidth, padEnd, padStart, truncate } from './terminal.js';

export interface QuotaTableOptions {
  locale: ReportLocale;
  currency: string;
  color: boolean;
  /** Tier id → label in the report's language. */
  tierLabels?: Record<string, string>;
}

type Align = 'left' | 'right';

function table(headers: string[], rows: string[][], align: Align[], footer?: string[]): string[] {
  const all = footer ? [headers, ...rows, footer] : [headers, ...rows];
  const widths = headers.map((_, c) => maxOf(all, (r) => displayWidth(r[c] ?? '')));
  const line = (r: string[]): string =>
    r
      .map((cell, c) => (align[c] === 'right' ? padStart(cell, widths[c]!) : padEnd(cell, widths[c]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const out = [line(headers), rule, ...rows.map(line)];
  if (footer) out.push(rule, line(footer));
  return out;
}

/** Σ of decimal strings, exactly (scaled bigint). */
function sum(xs: readonly string[]): string {
  const scale = maxOf(xs, (x) => (x.split('.')[1] ?? '').length, 0);
  let t = 0n;
  for (const x of xs) {
    const [i = '0', f = ''] = x.split('.');
    t += BigInt(i + f.padEnd(scale, '0'));
  }
  if (scale === 0) return t.toString();
  const s = t.toString().padStart(scale + 1, '0');
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`;
}

function share(part: string, whole: string): string {
  if (Number(whole) === 0) return '—';
  // display only: one decimal place of a percentage
  return formatPercent(String(Number(part) / Number(whole)), 1);
}

function quarters(e: QuotaEntity, m: string): string[] {
  const months = e.amounts[m]!.months;
  return [0, 1, 2, 3].map((q) => sum(months.slice(q * 3, q * 3 + 3)));
}

export function renderQuotaTable(quotaPlan: QuotaPlan, options: QuotaTableOptions): string {
  // Names from the roster and labels from the rubric reach the terminal: no escape sequences.
  const plan = cleanStrings(quotaPlan);
  const { locale, currency } = options;
  const tierLabels = options.tierLabels ? cleanStrings(options.tierLabels) : undefined;
  const t = quotaLabels(locale);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const byWord = t(`quota.${plan.by}`);
  const out: string[] = [];
  out.push(c.bold(t('quota.title', { year: plan.label })) + `  ${plan.start} – ${plan.end} · ${t('quota.calendar', { name: plan.calendar.name })} · ${t('quota.by', { by: byWord })}`);
  for (const m of plan.metrics) {
    let line = t('quota.metricLine', { metric: m.label, target: formatAmount(m.target, m, currency), planned: formatAmount(m.planned, m, currency) });
    if (Number(m.relief) !== 0) {
      const how = plan.company.amounts[m.id]!.year === m.target ? t('quota.redistributed') : t('quota.absorbed');
      line += t('quota.relief', { relief: formatAmount(m.relief, m, currency), how });
    }
    out.push(`${line} · ${t('quota.rounding', { unit: m.rounding })}`);
  }

  const qLabels = [1, 2, 3, 4].map((q) => `Q${q}`);
  for (const m of plan.metrics) {
    const a = plan.company.amounts[m.id]!;
    out.push('', c.bold(t('quota.companyBy', { by: byWord, metric: m.label })));
    const rows = plan.periods.map((p, i) => [p.label, p.start, p.end, String(p.workingDays), formatAmount(a.periods[i]!, m, currency), share(a.periods[i]!, a.year)]);
    const totalDays = plan.periods.reduce((s, p) => s + p.workingDays, 0);
    pushAll(
      out,
      table(
        [t('quota.period'), t('quota.start'), t('quota.end'), t('quota.workingDays'), m.label, t('quota.share')],
        rows,
        ['left', 'left', 'left', 'right', 'right', 'right'],
        [t('quota.total'), plan.start, plan.end, String(totalDays), formatAmount(a.year, m, currency), share(a.year, a.year)],
      ),
    );
    if (plan.by !== 'month') {
      out.push('', `${t('quota.workingDays')}: ${plan.months.map((mm) => `${mm.label.slice(5)} ${mm.workingDays}`).join(' · ')}`);
    }

    const level = (title: string, entities: QuotaEntity[], extra: { head: string; get: (e: QuotaEntity) => string; numeric?: boolean }[], mark: boolean): void => {
      out.push('', c.bold(t('quota.levelTable', { level: title, metric: m.label })));
      const rows = entities.map((e) => [
        truncate(entityName(e, locale) + (mark && e.ramped ? ' *' : ''), 24),
        ...extra.map((x) => truncate(x.get(e), 14)),
        formatAmount(e.amounts[m.id]!.year, m, currency),
        ...quarters(e, m.id).map((v) => formatAmount(v, m, currency)),
      ]);
      const totalQ = quarters(plan.company, m.id);
      const headers = [title, ...extra.map((x) => x.head), t('quota.year'), ...qLabels];
      const footer = [t('quota.total'), ...extra.map((x) => (x.numeric ? String(plan.company.headcount) : '')), formatAmount(plan.company.amounts[m.id]!.year, m, currency), ...totalQ.map((v) => formatAmount(v, m, currency))];
      const align: Align[] = ['left', ...extra.map((x): Align => (x.numeric ? 'right' : 'left')), 'right', 'right', 'right', 'right', 'right'];
      pushAll(out, table(headers, rows, align, footer));
    };
    level(t('regions'), plan.regions, [{ head: t('quota.headcount'), get: (e) => String(e.headcount), numeric: true }], false);
    level(t('teams'), plan.teams, [{ head: t('region'), get: (e) => (e.region ? e.region : t('unassigned')) }, { head: t('quota.headcount'), get: (e) => String(e.headcount), numeric: true }], false);
    level(t('quota.sheet.reps'), plan.reps, [{ head: t('team'), get: (e) => (e.team ? e.team : t('unassigned')) }, { head: t('tier'), get: (e) => (e.tier !== undefined ? (tierLabels?.[e.tier] ?? e.tier) : '') }], true);
  }
  const ramped = plan.reps.filter((r) => r.ramp);
  if (ramped.length > 0) {
    out.push('', t('quota.rampMark', { notes: '' }).trimEnd());
    for (const r of ramped) out.push(`  ${r.name}: ${rampNoteOf(r, locale)}`);
  }
  out.push('', c.bold(t('quota.notes')));
  for (const n of quotaTexts(plan, locale).notes) out.push(`- ${n}`);
  out.push('', c.dim(t('quota.detail', { by: byWord })));
  return `${out.join('\n')}\n`;
}

