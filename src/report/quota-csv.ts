/**
 * The quota plan as CSV in long format, one row per entity × metric × period:
 * `entity,level,period,start,end,working_days,quota,metric,region,team`. The header is fixed English
 * (stable for BI tools); names pass through `csvSafe`. Company, regions, teams, then reps; no totals
 * rows (they would double-count in a pivot: every level already sums to its parent).
 */
import type { QuotaEntity, QuotaPlan } from '../quota/decompose.js';
import type { ReportLocale } from './labels.js';
import { entityName } from './quota-format.js';
import { csvSafe } from './safe-text.js';

export const QUOTA_CSV_HEADER = ['entity', 'level', 'period', 'start', 'end', 'working_days', 'quota', 'metric', 'region', 'team'] as const;

function field(s: string): string {
  const safe = csvSafe(s);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderQuotaCsv(plan: QuotaPlan, options: { locale: ReportLocale }): string {
  const lines: string[] = [QUOTA_CSV_HEADER.join(',')];
  const emit = (e: QuotaEntity): void => {
    const name = field(entityName(e, options.locale));
    for (const m of plan.metrics) {
      const a = e.amounts[m.id]!;
      plan.periods.forEach((p, i) => {
        lines.push([name, e.level, p.label, p.start, p.end, String(p.workingDays), a.periods[i]!, field(m.id), field(e.region ?? ''), field(e.team ?? '')].join(','));
      });
    }
  };
  emit(plan.company);
  plan.regions.forEach(emit);
  plan.teams.forEach(emit);
  plan.reps.forEach(emit);
  return `${lines.join('\r\n')}\r\n`;
}
