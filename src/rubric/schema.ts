/**
 * The rubric format, version 1: every section of the product brief. The zod schema is the single
 * source of truth: the TypeScript types are inferred from it and `salesgrade schema` prints the JSON
 * Schema generated from it. Every object is strict (an unknown key is an error).
 *
 * Defaults are applied here, so code after `parseRubric` never guesses them.
 */
import { z } from 'zod';

export const LOCALES = ['zh-CN', 'en'] as const;
export const PERIOD_KINDS = ['week', 'month', 'quarter', 'half', 'year'] as const;
export const FIELD_TYPES = ['text', 'date', 'money', 'number', 'integer', 'percent'] as const;

export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;
export const PeriodKind = z.enum(PERIOD_KINDS);
export type PeriodKind = z.infer<typeof PeriodKind>;
export const FieldType = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldType>;

const id = z
  .string()
  .regex(/^[\p{L}_][\p{L}\p{N}_-]*$/u, 'an identifier (letters, digits, _ and -, not starting with a digit)');

/** A canonical field name (`rep`, `amount`, `close_date`, …). */
const fieldName = id;

/** A header alias list, or the full form with a type. `[a, b]` is `{ headers: [a, b], type: text }`. */
export const FieldSpec = z.union([
  z.array(z.string().min(1)).min(1),
  z.strictObject({
    headers: z.array(z.string().min(1)).min(1),
    type: FieldType.default('text'),
    /** Declared format for ambiguous dates in this column: `MM/DD/YYYY`, `DD/MM/YYYY`, `YYYY-MM-DD`… */
    date_format: z.string().optional(),
    required: z.boolean().optional(),
    description: z.string().optional(),
    /** The column's name in a warehouse table (`salesgrade sql`); default: the first of `headers`. */
    column: z.string().min(1).optional().describe('the column name in a warehouse table read by `salesgrade sql`; default: the first of headers'),
  }),
]);
export type FieldSpec = z.infer<typeof FieldSpec>;

export const Source = z.strictObject({
  /** Sheet name; default: the first visible sheet whose header matches the fields. */
  sheet: z.string().optional(),
  /** 1-based header row; default: detected below title rows. */
  header_row: z.number().int().min(1).optional(),
  /** Default for date columns whose values are ambiguous (`07/01/2026`). */
  date_format: z.enum(['YYYY-MM-DD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'YYYY/MM/DD', 'DD.MM.YYYY']).optional(),
  /** Decimal separator of numbers written as text; default: decided per column from its values (then currency/locale). */
  decimal_separator: z.enum(['.', ',']).optional(),
  /** CSV field delimiter; default: the delimiter whose header row matches `fields` best. */
  delimiter: z
    .enum([',', ';', '\t', '|', 'tab'])
    .optional()
    .describe('CSV field delimiter: "," ";" "|" or tab ("\\t" or "tab"). Default: of , ; tab |, the one whose header row matches source.fields best'),
  /** CSV quote character; `'` is read by csv-parse, the fallback for dialects the fast tokenizer declines. */
  quote: z.enum(['"', "'"]).optional().describe('CSV quote character: \'"\' (default) or "\'"'),
  /** Force a CSV encoding instead of detecting it. */
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'gb18030']).optional(),
  /** A field whose repeated value marks a duplicate row (e.g. a deal id). */
  unique_key: fieldName.optional(),
  fields: z.record(fieldName, FieldSpec).default({}),
});
export type Source = z.infer<typeof Source>;

export const Roster = z.strictObject({
  /** Path relative to the rubric file. */
  file: z.string().min(1),
  sheet: z.string().optional(),
  /** rep, team, region, manager, start_date, tier: built-in zh/en aliases apply when absent. */
  fields: z.record(fieldName, FieldSpec).default({}),
});
export type Roster = z.infer<typeof Roster>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);
/** A `where` condition: a value, a list (one of), or an operator object. */
export const Condition = z.union([
  scalar,
  z.array(scalar).min(1),
  z.strictObject({
    eq: scalar.optional(),
    ne: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    not_in: z.array(scalar).min(1).optional(),
    gt: z.union([z.number(), z.string()]).optional(),
    gte: z.union([z.number(), z.string()]).optional(),
    lt: z.union([z.number(), z.string()]).optional(),
    lte: z.union([z.number(), z.string()]).optional(),
    empty: z.boolean().optional(),
  }),
]);
export type Condition = z.infer<typeof Condition>;

const metricCommon = {
  label: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  description: z.string().optional(),
  /** Display unit; default from the aggregated field's type. */
  unit: z.enum(['money', 'count', 'percent', 'number', 'score']).optional(),
  where: z.record(fieldName, Condition).optional(),
  /** The date field that places a row in a period; default `date`. */
  date: fieldName.optional(),
};

export const Metric = z.union([
  z.strictObject({ sum: fieldName, ...metricCommon }),
  z.strictObject({ count: z.literal('rows'), ...metricCommon }),
  z.strictObject({ distinct: fieldName, ...metricCommon }),
  z.strictObject({ avg: fieldName, ...metricCommon }),
  z.strictObject({ min: fieldName, ...metricCommon }),
  z.strictObject({ max: fieldName, ...metricCommon }),
  z.strictObject({
    ratio: z.tuple([id, id]),
    label: metricCommon.label,
    labels: metricCommon.labels,
    description: metricCommon.description,
    unit: metricCommon.unit,
  }),
]);
export type Metric = z.infer<typeof Metric>;
export type MetricAggregate = 'sum' | 'count' | 'distinct' | 'avg' | 'min' | 'max' | 'ratio';

export function metricAggregate(m: Metric): MetricAggregate {
  if ('sum' in m) return 'sum';
  if ('count' in m) return 'count';
  if ('distinct' in m) return 'distinct';
  if ('avg' in m) return 'avg';
  if ('min' in m) return 'min';
  if ('max' in m) return 'max';
  return 'ratio';
}

/** The field a non-ratio metric aggregates (`rows` for count). */
export function metricField(m: Metric): string | undefined {
  if ('sum' in m) return m.sum;
  if ('distinct' in m) return m.distinct;
  if ('avg' in m) return m.avg;
  if ('min' in m) return m.min;
  if ('max' in m) return m.max;
  return undefined;
}

const positive = z.number().positive();

/** A target: a number (per the rubric's `period`), or the full form. */
export const TargetSpec = z.strictObject({
  default: positive.optional(),
  /** The period the numbers are for; prorated to the evaluated period. Default: the rubric's period. */
  per: PeriodKind.optional(),
  by_tier: z.record(z.string(), positive).optional(),
  by_team: z.record(z.string(), positive).optional(),
  by_region: z.record(z.string(), positive).optional(),
  by_rep: z.record(z.string(), positive).optional(),
  /**
   * A CSV/XLSX of targets, relative to the rubric (io/targets.ts): rep / team / region columns and one
   * column per KPI. Precedence: by_rep, file rep, by_team, file team, by_region, file region, by_tier, default.
   */
  file: z.string().min(1).optional(),
  /** The sheet of an XLSX `file`; default the first visible one. */
  sheet: z.string().optional(),
  /** The header of this KPI's column in `file`; default the KPI id, the metric id, the metric's label(s). */
  column: z.string().optional(),
});
export type TargetSpec = z.infer<typeof TargetSpec>;
export const Target = z.union([positive, TargetSpec]);
export type Target = z.infer<typeof Target>;

/** Stepped or linear pay curve: attainment `at` → `factor` of the weight. Replaces floor/cap clamping. */
export const Bands = z.strictObject({
  mode: z.enum(['stepped', 'linear']).default('stepped'),
  points: z
    .array(z.strictObject({ at: z.number().min(0), factor: z.number().min(0) }))
    .min(1),
});
export type Bands = z.infer<typeof Bands>;

const kpiCommon = {
  id: id.optional(),
  metric: id,
  label: z.string().optional(),
  weight: z.number().positive().max(100),
  direction: z.enum(['higher', 'lower']).default('higher'),
  floor: z.number().min(0).optional(),
  cap: z.number().positive().optional(),
  /** Attainment below this scores 0 points. */
  threshold: z.number().min(0).optional(),
  bands: Bands.optional(),
  /** A KPI with no value: `zero` points (default) or `exclude` it and rescale the weights. */
  missing: z.enum(['zero', 'exclude']).default('zero'),
};

export const Kpi = z.strictObject({ ...kpiCommon, target: Target });
export type Kpi = z.infer<typeof Kpi>;

/** Level (team/region) KPIs may target `members`: the sum of the members' targets. */
export const LevelKpi = z.strictObject({ ...kpiCommon, target: z.union([Target, z.literal('members')]) });
export type LevelKpi = z.infer<typeof LevelKpi>;

export const Gate = z.strictObject({
  metric: id,
  min: z.number().optional(),
  max: z.number().optional(),
});
export type Gate = z.infer<typeof Gate>;

export const Tier = z.strictObject({
  id,
  label: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  min_score: z.number().min(0),
  gates: z.array(Gate).default([]),
  /** Fill colour in reports, `#RRGGBB`. */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #2E7D32').optional(),
});
export type Tier = z.infer<typeof Tier>;

export const Movement = z.strictObject({
  promote_after: z.number().int().default(1),
  demote_after: z.number().int().default(1),
  grace_periods: z.number().int().min(0).default(0),
  count_partial_periods: z
    .boolean()
    .default(false)
    .describe(
      'Count a period the data covers only in part (it starts after the period starts, or ends before it ends, with working days in between) toward promotion and demotion runs. Default false: such a period is graded but leaves the tier and the runs as they were.',
    ),
});
export type Movement = z.infer<typeof Movement>;

export const Level = z.strictObject({
  kpis: z.array(LevelKpi).min(1),
  tiers: z.array(Tier).min(1),
  movement: Movement.optional().describe(
    "How the level's managers move between its tiers over the periods in the data; default: the rubric's movement.",
  ),
});
export type Level = z.infer<typeof Level>;

export const Action = z.strictObject({
  bonus_multiplier: z.number().min(0).optional(),
  training: z.string().optional(),
  note: z.string().optional(),
});
export type Action = z.infer<typeof Action>;

export const QuotaAnnualFile = z.strictObject({
  /** A CSV/XLSX of annual targets: an entity column (region, team or rep) and one column per metric. */
  file: z.string().min(1),
  sheet: z.string().optional(),
  level: z.enum(['company', 'region', 'team', 'rep']).default('rep'),
});
export const QuotaAnnual = z.union([QuotaAnnualFile, z.record(id, z.number().min(0))]);
export type QuotaAnnual = z.infer<typeof QuotaAnnual>;

export const QuotaSplit = z.strictObject({
  by: z.enum(['roster', 'headcount', 'shares', 'history']).default('roster'),
  /** With `by: roster`: a weight per tier id. */
  weights: z.record(z.string(), z.number().min(0)).optional(),
  /** With `by: shares`: an explicit share per region / team / rep name. */
  shares: z.record(z.string(), z.number().min(0)).optional(),
});
export type QuotaSplit = z.infer<typeof QuotaSplit>;

export const Seasonality = z.union([
  z.strictObject({ months: z.array(z.number()) }),
  z.strictObject({ quarters: z.array(z.number()) }),
  z.strictObject({ from: z.literal('history') }),
]);
export type Seasonality = z.infer<typeof Seasonality>;

export const CalendarSpec = z.union([
  z.enum(['cn', 'weekdays']),
  z.strictObject({
    base: z.enum(['cn', 'weekdays']).default('weekdays'),
    /** Days added to the base, relative to the rubric: CSV/XLSX (date, kind off | work, name) or YAML (holidays, workdays); also supplies a year the cn data lacks. */
    file: z.string().optional(),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')).optional(),
    workdays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')).optional(),
  }),
]);
export type CalendarSpec = z.infer<typeof CalendarSpec>;

export const Ramp = z.strictObject({
  /** Factor per month of tenure, starting with the month of `start_date`. */
  months: z.array(z.number()),
  relief: z.enum(['absorb', 'redistribute']).default('absorb'),
});
export type Ramp = z.infer<typeof Ramp>;

export const Quota = z.strictObject({
  annual: QuotaAnnual,
  split: QuotaSplit.default({ by: 'roster' }),
  seasonality: Seasonality.optional(),
  calendar: CalendarSpec.default('weekdays'),
  ramp: Ramp.optional(),
  /** Currency (or count) unit every amount is rounded to; parts sum exactly to the whole. */
  rounding: z.number().positive().default(1),
});
export type Quota = z.infer<typeof Quota>;

export const Rubric = z.strictObject({
  $schema: z.string().optional(),
  salesgrade: z.literal(1),
  name: z.string().min(1),
  description: z.string().optional(),
  locale: Locale.default('en'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code like CNY').default('CNY'),
  /**
   * Exchange rates into `currency`: units of the rubric currency per 1 unit of each foreign one
   * (`fx: { EUR: 7.8, USD: 7.2 }`). An amount written with another currency's sign or code is an error
   * at its cell unless its rate is here; then it is converted exactly and the finding says how.
   */
  fx: z
    .record(
      z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code like USD'),
      z.union([z.number().positive().finite(), z.string().regex(/^\d+(?:\.\d+)?$/, 'a decimal number like "7.2345"')]),
    )
    .optional()
    .describe(
      'Exchange rates into the rubric currency: units of `currency` per 1 unit of each foreign currency, e.g. { EUR: 7.8, USD: 7.2 }. An amount written with another currency sign or code ($, €, £, USD…) is an error at its cell unless its rate is given here; then it is converted exactly and the rates are recorded in the run manifest. Write a rate as a string ("7.23456789") to keep every digit.',
    ),
  extends: z.union([z.string(), z.array(z.string())]).optional(),
  period: PeriodKind.default('quarter'),
  fiscal_year_start: z.number().int().min(1).max(12).default(1),
  /** Decimal places the score is rounded to (once, half-up). */
  precision: z.number().int().min(0).max(6).default(2),
  source: Source.default({ fields: {} }),
  roster: Roster.optional(),
  metrics: z.record(id, Metric),
  kpis: z.array(Kpi).min(1),
  tiers: z.array(Tier).min(1),
  movement: Movement.default({ promote_after: 1, demote_after: 1, grace_periods: 0, count_partial_periods: false }),
  levels: z
    .strictObject({
      team: Level.optional(),
      region: Level.optional(),
    })
    .optional(),
  actions: z.record(z.string(), Action).optional(),
  quota: Quota.optional(),
});
/** A rubric after parsing: defaults applied, `extends` already merged. */
export type Rubric = z.infer<typeof Rubric>;
/** What a rubric file may contain before defaults. */
export type RubricInput = z.input<typeof Rubric>;

/** Normalise a field spec: `[a, b]` → `{ headers: [a, b], type: 'text' }`. */
export function normalizeFieldSpec(spec: FieldSpec): {
  headers: string[];
  type: FieldType;
  date_format?: string | undefined;
  required?: boolean | undefined;
} {
  if (Array.isArray(spec)) return { headers: spec, type: 'text' };
  return spec;
}

/** The id a KPI is known by: its `id`, else its metric. */
export function kpiId(k: { id?: string | undefined; metric: string }): string {
  return k.id ?? k.metric;
}

/** The label of a tier in a locale: `labels[locale]`, then `label`, then `id`. */
export function tierLabel(t: Pick<Tier, 'id' | 'label' | 'labels'>, locale: Locale): string {
  return t.labels?.[locale] ?? t.label ?? t.id;
}
