/**
 * Shared helpers for the quota renderers: amounts by metric unit, entity names.
 */
import type { QuotaEntity, QuotaPlan } from '../quota/decompose.js';
import { formatMoney, formatNumber } from '../shared/format.js';
import { labels, type ReportLocale } from './labels.js';

export type QuotaMetric = QuotaPlan['metrics'][number];

/** `¥1,284,300` for money, `1,284` for counts. */
export function formatAmount(value: string, metric: Pick<QuotaMetric, 'unit'>, currency: string): string {
  return metric.unit === 'money' ? formatMoney(value, currency) : formatNumber(value);
}

/** An entity's display name: the company label for the company, `(unassigned)` for an empty name. */
export function entityName(e: Pick<QuotaEntity, 'level' | 'name'>, locale: ReportLocale): string {
  const t = labels(locale);
  if (e.level === 'company') return t('company');
  return e.name === '' ? t('unassigned') : e.name;
}
