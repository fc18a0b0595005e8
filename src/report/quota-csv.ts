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
  // the period part of each row is the same for every entity: build it once
  const periodCells = plan.periods.map((p) => `${p.label},${p.start},${p.end},${p.workingDays}`);
  const metricCells = plan.metrics.map((m) => field(m.id));
  const emit = (e: QuotaEntity): void => {
    const head = `${field(entityName(e, options.locale))},${e.level},`;
    const tail = `,${field(e.region ?? '')},${field(e.team ?? '')}`;
    plan.metrics.forEach((m, k) => {
      const a = e.amounts[m.id]!;
      const mid = `,${metricCells[k]}${tail}`;
      for (let i = 0; i < periodCells.length; i++) lines.push(`${head}${periodCells[i]},${a.periods[i]}${mid}`);
    });
  };
  emit(plan.company);
  plan.regions.forEach(emit);
  plan.teams.forEach(emit);
  plan.reps.forEach(emit);
  return `${lines.join('\r\n')}\r\n`;
}
