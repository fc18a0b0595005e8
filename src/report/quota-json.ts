/**
 * The quota plan as JSON, a stable documented shape (`format: salesgrade-quota`, `version: 1`):
 * amounts are JSON numbers (exact: they are whole multiples of the rounding unit), periods carry
 * start, end and working days, and every entity lists its year, its periods (by `--by`) and its months.
 *
 * Rendered text — the only fields that depend on `--locale`: `locale`, `metrics[].label`, `notes`,
 * `warnings` and each entity's `rampNote`. Their facts are locale-free beside them: `noteFacts`,
 * `warningFacts` (codes and data, see src/quota/facts.ts) and each entity's `ramp`.
 */
import type { QuotaEntity, QuotaPlan } from '../quota/decompose.js';
import type { ReportLocale } from './labels.js';
import { quotaTexts, rampNoteOf } from './quota-text.js';

export const QUOTA_FORMAT = 'salesgrade-quota';
export const QUOTA_FORMAT_VERSION = 1;

export interface QuotaJsonMeta {
  salesgradeVersion: string;
  rubric: { name: string; path: string; sha256: string };
  roster?: { path: string; sha256: string };
  currency: string;
  locale: string;
}

function entity(e: QuotaEntity, locale: ReportLocale): Record<string, unknown> {
  const out: Record<string, unknown> = { level: e.level, name: e.name };
  if (e.region !== undefined) out.region = e.region;
  if (e.team !== undefined) out.team = e.team;
  if (e.tier !== undefined) out.tier = e.tier;
  if (e.startDate !== undefined) out.startDate = e.startDate;
  out.headcount = e.headcount;
  out.ramped = e.ramped;
  if (e.ramp !== undefined) {
    out.ramp = e.ramp;
    out.rampNote = rampNoteOf(e, locale);
  }
  const amounts: Record<string, unknown> = {};
  for (const [m, a] of Object.entries(e.amounts)) {
    amounts[m] = { target: Number(a.target), year: Number(a.year), periods: a.periods.map(Number), months: a.months.map(Number) };
  }
  out.amounts = amounts;
  return out;
}

export function quotaToJson(plan: QuotaPlan, meta: QuotaJsonMeta): Record<string, unknown> {
  const locale: ReportLocale = meta.locale === 'zh-CN' ? 'zh-CN' : 'en';
  const text = quotaTexts(plan, locale);
  return {
    format: QUOTA_FORMAT,
    version: QUOTA_FORMAT_VERSION,
    salesgradeVersion: meta.salesgradeVersion,
    rubric: meta.rubric,
    ...(meta.roster ? { roster: meta.roster } : {}),
    currency: meta.currency,
    locale: meta.locale,
    year: plan.label,
    fiscalYearStart: plan.fiscalYearStart,
    start: plan.start,
    end: plan.end,
    by: plan.by,
    calendar: plan.calendar,
    seasonality: { source: plan.seasonality, monthShares: plan.monthShares.map(Number) },
    metrics: plan.metrics.map((m) => ({ id: m.id, label: m.label, unit: m.unit, rounding: Number(m.rounding), target: Number(m.target), planned: Number(m.planned), relief: Number(m.relief) })),
    periods: plan.periods,
    months: plan.months,
    company: entity(plan.company, locale),
    regions: plan.regions.map((e) => entity(e, locale)),
    teams: plan.teams.map((e) => entity(e, locale)),
    reps: plan.reps.map((e) => entity(e, locale)),
    notes: text.notes,
    warnings: text.warnings,
    noteFacts: plan.notes,
    warningFacts: plan.warnings,
  };
}

export function renderQuotaJson(plan: QuotaPlan, meta: QuotaJsonMeta): string {
  return `${JSON.stringify(quotaToJson(plan, meta), null, 2)}\n`;
}
