/**
 * The rubric format, version 1: every section of the product brief. The zod schema is the single
 * source of truth: the TypeScript types are inferred from it and `salesgrade schema` prints the JSON
 * Schema generated from it. Every object is strict (an unknown key is an error).
 *
 * Defaults are applied here, so code after `parseRubric` never guesses them.
 */
import { z } from 'zod';

/**
 * An enum whose every value is explained: the JSON Schema carries `enumDescriptions` (one per value,
 * in order), which editors (yaml-language-server, VS Code) show beside each completion.
 */
function oneOf<const V extends Record<string, string>>(values: V, description: string) {
  const keys = Object.keys(values) as [Extract<keyof V, string>, ...Extract<keyof V, string>[]];
  return z.enum(keys).meta({ description, enumDescriptions: Object.values(values) });
}

export const Locale = oneOf({ 'zh-CN': 'Simplified Chinese reports (初级/中级/高级, ¥, 2026年7月1日)', en: 'English reports' }, 'Report language');
export type Locale = z.infer<typeof Locale>;
export const PeriodKind = oneOf(
  {
    week: 'an ISO week (2026-W27)',
    month: 'a calendar month (2026-07)',
    quarter: 'a quarter (2026-Q3), from fiscal_year_start',
    half: 'a half year (2026-H2), from fiscal_year_start',
    year: 'a (fiscal) year (2026)',
  },
  'A period length',
);
export type PeriodKind = z.infer<typeof PeriodKind>;
export const FieldType = oneOf(
  {
    text: 'text as written (trimmed)',
    date: 'a date: Excel dates, 2026-07-01, 2026/7/1, 2026年7月1日; ambiguous ones by date_format',
    money: 'an amount: ¥1,234, 1234.5, (1,234) negative, another currency only with its rate in fx',
    number: 'a number (1,234.5 or 1.234,5 by decimal_separator)',
    integer: 'a whole number',
    percent: 'a percentage: 45%, 0.45 or 45',
  },
  'How the column\'s cells are read (default text)',
);
export type FieldType = z.infer<typeof FieldType>;
/** Every field type, in order (the schema's enum is the one list). */
export const FIELD_TYPES = FieldType.options;

const id = z
  .string()
  .regex(/^[\p{L}_][\p{L}\p{N}_-]*$/u, 'an identifier (letters, digits, _ and -, not starting with a digit)')
  .describe('An identifier: letters, digits, _ and -, not starting with a digit');

/** A canonical field name (`rep`, `amount`, `close_date`, …). */
const fieldName = id.describe('A field name from source.fields (rep, date, amount, stage, close_date, …)');

/** A header alias list, or the full form with a type. `[a, b]` is `{ headers: [a, b], type: text }`. */
const headers = z
  .array(z.string().min(1))
  .min(1)
  .describe('Column headers that hold this field, tried in order (exact, then ignoring case, spaces and width)')
  .meta({ examples: [['销售代表', '负责人', 'Owner', 'Rep']] });
export const FieldSpec = z
  .union([
    headers,
    z.strictObject({
      headers,
      type: FieldType.default('text'),
      /** Declared format for ambiguous dates in this column: `MM/DD/YYYY`, `DD/MM/YYYY`, `YYYY-MM-DD`… */
      date_format: z.string().optional().describe('Format of ambiguous dates in this column: MM/DD/YYYY, DD/MM/YYYY, YYYY-MM-DD …'),
      required: z.boolean().optional().describe('A row with this cell empty is a finding (default: only for fields a metric needs)'),
      description: z.string().optional().describe('What the column holds, for people reading the rubric'),
      /** The column's name in a warehouse table (`salesgrade sql`); default: the first of `headers`. */
      column: z.string().min(1).optional().describe('The column name in a warehouse table read by `salesgrade sql`; default: the first of headers'),
    }),
  ])
  .describe('A field: a list of header names (read as text), or { headers, type, date_format }')
  .meta({ examples: [['金额', 'Amount'], { headers: ['金额', 'Amount'], type: 'money' }] });
export type FieldSpec = z.infer<typeof FieldSpec>;

export const Source = z
  .strictObject({
    /** Sheet name; default: the first visible sheet whose header matches the fields. */
    sheet: z.string().optional().describe('Sheet to read (XLSX); default: the first visible sheet whose header matches the fields'),
    /** 1-based header row; default: detected below title rows. */
    header_row: z.number().int().min(1).optional().describe('1-based row of the header; default: detected below title and 导出时间 rows'),
    /** Default for date columns whose values are ambiguous (`07/01/2026`). */
    date_format: oneOf(
      {
        'YYYY-MM-DD': 'year-month-day (2026-07-01)',
        'MM/DD/YYYY': 'US month first (07/01/2026 is July 1)',
        'DD/MM/YYYY': 'day first (07/01/2026 is 7 January)',
        'YYYY/MM/DD': 'year first with slashes (2026/7/1)',
        'DD.MM.YYYY': 'German-style day first (01.07.2026)',
      },
      'How to read ambiguous dates (07/01/2026) in every date column without its own date_format',
    ).optional(),
    /** Decimal separator of numbers written as text; default: decided per column from its values (then currency/locale). */
    decimal_separator: oneOf(
      { '.': '1,234.56 (point decimal)', ',': '1.234,56 (comma decimal)' },
      'Decimal separator of numbers written as text; default: decided per column from its values (then currency and locale)',
    ).optional(),
    /** CSV field delimiter; default: the delimiter whose header row matches `fields` best. */
    delimiter: z
      .enum([',', ';', '\t', '|', 'tab'])
      .meta({ enumDescriptions: ['comma', 'semicolon (European Excel)', 'tab character', 'pipe', 'tab, written as a word'] })
      .optional()
      .describe('CSV field delimiter: "," ";" "|" or tab ("\\t" or "tab"). Default: of , ; tab |, the one whose header row matches source.fields best'),
    /** CSV quote character; `'` is read by csv-parse, the fallback for dialects the fast tokenizer declines. */
    quote: z
      .enum(['"', "'"])
      .meta({ enumDescriptions: ['double quote (default)', 'single quote'] })
      .optional()
      .describe('CSV quote character: \'"\' (default) or "\'"'),
    /** Force a CSV encoding instead of detecting it. */
    encoding: oneOf(
      { 'utf-8': 'UTF-8 (with or without BOM)', 'utf-16le': 'UTF-16 little-endian (Excel "Unicode text")', 'utf-16be': 'UTF-16 big-endian', gb18030: 'GB18030 / GBK (WPS and older Excel in China)' },
      'CSV text encoding; default: detected (BOM, then UTF-8, then GB18030)',
    ).optional(),
    /** A field whose repeated value marks a duplicate row (e.g. a deal id). */
    unique_key: fieldName.optional().describe('A field whose repeated value marks a duplicate row (a deal id); a repeat with other values is an error'),
    fields: z
      .record(fieldName, FieldSpec)
      .default({})
      .describe('Canonical field name → the column headers it is read from (built-in zh/en aliases apply to rep, date, amount, …)'),
  })
  .describe('How to read the CRM export: sheet, header row, dates, numbers and the column for each field');
export type Source = z.infer<typeof Source>;

export const Roster = z
  .strictObject({
    /** Path relative to the rubric file. */
    file: z.string().min(1).describe('Roster file (.xlsx or .csv), relative to this rubric').meta({ examples: ['roster.xlsx'] }),
    sheet: z.string().optional().describe('Sheet of an XLSX roster; default: the first visible sheet whose header has the rep column'),
    /** rep, team, region, manager, start_date, tier: built-in zh/en aliases apply when absent. */
    fields: z
      .record(fieldName, FieldSpec)
      .default({})
      .describe('rep, team, region, manager, start_date, tier → column headers; built-in zh/en aliases apply when absent'),
  })
  .describe('The roster: every rep with team, region, manager, start date and current tier');
export type Roster = z.infer<typeof Roster>;

const scalar = z.union([z.string(), z.number(), z.boolean()]).describe('A cell value');
const bound = z.union([z.number(), z.string()]);
/** A `where` condition: a value, a list (one of), or an operator object. */
export const Condition = z
  .union([
    scalar,
    z.array(scalar).min(1).describe('The cell is one of these values'),
    z.strictObject({
      eq: scalar.optional().describe('The cell equals this value'),
      ne: scalar.optional().describe('The cell does not equal this value'),
      in: z.array(scalar).min(1).optional().describe('The cell is one of these values'),
      not_in: z.array(scalar).min(1).optional().describe('The cell is none of these values'),
      gt: bound.optional().describe('The cell is greater than this number or date'),
      gte: bound.optional().describe('The cell is at least this number or date'),
      lt: bound.optional().describe('The cell is less than this number or date'),
      lte: bound.optional().describe('The cell is at most this number or date'),
      empty: z.boolean().optional().describe('true: the cell is empty; false: it is not'),
    }),
  ])
  .describe('A condition on one field: a value, a list (one of), or an operator object { in, not_in, gt, gte, lt, lte, eq, ne, empty }')
  .meta({ examples: [['赢单', 'Won'], { gte: 1000 }] });
export type Condition = z.infer<typeof Condition>;

const label = z.string().optional().describe('Name shown in reports (default: the id)');
const labels = z
  .record(z.string(), z.string())
  .optional()
  .describe('Name per report locale, e.g. { zh-CN: 赢单金额, en: Revenue }; wins over label')
  .meta({ examples: [{ 'zh-CN': '赢单金额', en: 'Revenue' }] });
const metricCommon = {
  label,
  labels,
  description: z.string().optional().describe('What the metric measures, for people reading the rubric'),
  /** Display unit; default from the aggregated field's type. */
  unit: oneOf(
    { money: 'an amount in the rubric currency', count: 'a whole count', percent: 'a percentage', number: 'a plain number', score: 'a score (two decimals)' },
    "How values are shown; default: from the aggregated field's type",
  ).optional(),
  where: z
    .record(fieldName, Condition)
    .optional()
    .describe('Only rows where every listed field meets its condition count')
    .meta({ examples: [{ stage: ['赢单', 'Won'] }] }),
  /** The date field that places a row in a period; default `date`. */
  date: fieldName.optional().describe('The date field that places a row in a period (default: date), e.g. close_date'),
};

export const Metric = z
  .union([
    z.strictObject({ sum: fieldName.describe('Sum of this field over the rows'), ...metricCommon }),
    z.strictObject({ count: z.literal('rows').describe('Number of rows (write: count: rows)'), ...metricCommon }),
    z.strictObject({ distinct: fieldName.describe('Number of distinct values of this field (e.g. customers)'), ...metricCommon }),
    z.strictObject({ avg: fieldName.describe('Mean of this field over the rows that have a value'), ...metricCommon }),
    z.strictObject({ min: fieldName.describe('Smallest value of this field'), ...metricCommon }),
    z.strictObject({ max: fieldName.describe('Largest value of this field'), ...metricCommon }),
    z.strictObject({
      ratio: z.tuple([id, id]).describe('[numerator, denominator]: two metric ids, e.g. [deals_won, deals_closed]'),
      label: metricCommon.label,
      labels: metricCommon.labels,
      description: metricCommon.description,
      unit: metricCommon.unit,
    }),
  ])
  .describe('How a metric is computed per rep and period: one of sum, count: rows, distinct, avg, min, max (of a field) or ratio (of two metrics)')
  .meta({ examples: [{ sum: 'amount', where: { stage: ['赢单', 'Won'] }, date: 'close_date' }, { count: 'rows' }, { ratio: ['deals_won', 'deals_closed'] }] });
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

const positive = z.number().positive().describe('A number above 0');

/** A target: a number (per the rubric's `period`), or the full form. */
export const TargetSpec = z
  .strictObject({
    default: positive.optional().describe('The target for reps no other entry names'),
    /** The period the numbers are for; prorated to the evaluated period. Default: the rubric's period. */
    per: PeriodKind.optional().describe("The period these numbers are for; prorated to the evaluated period (default: the rubric's period)"),
    by_tier: z.record(z.string(), positive).optional().describe('Target per tier id'),
    by_team: z.record(z.string(), positive).optional().describe('Target per team (roster team name)'),
    by_region: z.record(z.string(), positive).optional().describe('Target per region (roster region name)'),
    by_rep: z.record(z.string(), positive).optional().describe('Target per rep name'),
    /**
     * A CSV/XLSX of targets, relative to the rubric (io/targets.ts): rep / team / region columns and one
     * column per KPI. Precedence: by_rep, file rep, by_team, file team, by_region, file region, by_tier, default.
     */
    file: z
      .string()
      .min(1)
      .optional()
      .describe('A CSV/XLSX of targets, relative to the rubric: rep / team / region columns and one column per KPI. Precedence: by_rep, file rep, by_team, file team, by_region, file region, by_tier, default'),
    /** The sheet of an XLSX `file`; default the first visible sheet whose header has what the file needs. */
    sheet: z.string().optional().describe('Sheet of an XLSX file; default: the first visible sheet whose header has the columns the file needs'),
    /** The header of this KPI's column in `file`; default the KPI id, the metric id, the metric's label(s). */
    column: z.string().optional().describe("Header of this KPI's column in file; default: the KPI id, the metric id, then the metric's labels"),
  })
  .describe('A target per tier, team, region or rep, or from a file');
export type TargetSpec = z.infer<typeof TargetSpec>;
export const Target = z
  .union([positive, TargetSpec])
  .describe("The KPI's target: a number per the rubric's period, or { default, per, by_tier, by_team, by_region, by_rep, file }")
  .meta({ examples: [1200000, { default: 60, by_tier: { senior: 80 } }] });
export type Target = z.infer<typeof Target>;

/** Stepped or linear pay curve: attainment `at` → `factor` of the weight. Replaces floor/cap clamping. */
export const Bands = z
  .strictObject({
    mode: oneOf(
      { stepped: 'the factor of the highest point reached', linear: 'interpolated between the points' },
      'How attainment between points is paid (default stepped)',
    ).default('stepped'),
    points: z
      .array(
        z
          .strictObject({
            at: z.number().min(0).describe('Attainment as a fraction (1 = 100 %)'),
            factor: z.number().min(0).describe('Fraction of the weight earned from this attainment on'),
          })
          .describe('One point of the pay curve'),
      )
      .min(1)
      .describe('Points in ascending attainment'),
  })
  .describe('A stepped or linear pay curve: attainment → fraction of the weight; replaces floor/cap clamping')
  .meta({ examples: [{ mode: 'stepped', points: [{ at: 0.5, factor: 0.3 }, { at: 1, factor: 1 }, { at: 1.2, factor: 1.3 }] }] });
export type Bands = z.infer<typeof Bands>;

const kpiCommon = {
  id: id.optional().describe('The KPI id (default: its metric); needed when two KPIs use one metric'),
  metric: id.describe('The metric (an id under metrics) this KPI scores'),
  label: z.string().optional().describe("Name shown in reports (default: the metric's label)"),
  weight: z.number().positive().max(100).describe('Points at 100 % attainment; the weights of all KPIs sum to 100'),
  direction: oneOf(
    { higher: 'more is better: attainment = actual ÷ target', lower: 'less is better (costs, cycle time): attainment = target ÷ actual' },
    'Whether more or less is better (default higher)',
  ).default('higher'),
  floor: z.number().min(0).optional().describe('Attainment below this counts as this (a fraction: 0.5 = 50 %)'),
  cap: z.number().positive().optional().describe('Attainment above this counts as this (a fraction: 1.5 = 150 %)'),
  /** Attainment below this scores 0 points. */
  threshold: z.number().min(0).optional().describe('Attainment below this (a fraction) scores 0 points'),
  bands: Bands.optional(),
  /** A KPI with no value: `zero` points (default) or `exclude` it and rescale the weights. */
  missing: oneOf(
    { zero: 'the KPI scores 0 points (default)', exclude: 'the KPI is left out and the other weights are rescaled to 100' },
    'What a rep with no value for this KPI gets',
  ).default('zero'),
};

export const Kpi = z
  .strictObject({ ...kpiCommon, target: Target })
  .describe('A KPI: a metric scored against a target, with a weight')
  .meta({ examples: [{ metric: 'revenue', weight: 50, target: 1200000, cap: 1.5 }] });
export type Kpi = z.infer<typeof Kpi>;

/** Level (team/region) KPIs may target `members`: the sum of the members' targets. */
export const LevelKpi = z
  .strictObject({
    ...kpiCommon,
    target: z
      .union([Target, z.literal('members').describe("members: the sum of the members' targets")])
      .describe("The target: a number, the full form, or members (the sum of the members' targets)"),
  })
  .describe('A team or region KPI on the roll-up of its members');
export type LevelKpi = z.infer<typeof LevelKpi>;

export const Gate = z
  .strictObject({
    metric: id.describe('The metric the gate tests'),
    min: z.number().optional().describe('The metric must be at least this'),
    max: z.number().optional().describe('The metric must be at most this'),
  })
  .describe('A condition a rep must meet to qualify for the tier, whatever the score')
  .meta({ examples: [{ metric: 'csat', min: 4.2 }] });
export type Gate = z.infer<typeof Gate>;

export const Tier = z
  .strictObject({
    id: id.describe('The tier id (roster tier column, history, by_tier)'),
    label: z.string().optional().describe('Name shown in reports (default: the id)'),
    labels,
    min_score: z.number().min(0).describe('The lowest score that qualifies (the lowest tier: 0)'),
    gates: z.array(Gate).default([]).describe('Conditions besides the score, all of which must pass'),
    /** Fill colour in reports, `#RRGGBB`. */
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #2E7D32').optional().describe('Fill colour in reports, #RRGGBB'),
  })
  .describe('A tier: the minimum score and gates that qualify for it')
  .meta({ examples: [{ id: 'senior', label: '高级', min_score: 95, gates: [{ metric: 'csat', min: 4.2 }] }] });
export type Tier = z.infer<typeof Tier>;

export const Movement = z.strictObject({
  promote_after: z.number().int().default(1).describe('Consecutive periods qualifying for a higher tier before a promotion (default 1)'),
  demote_after: z.number().int().default(1).describe('Consecutive periods below the current tier before a demotion (default 1)'),
  grace_periods: z.number().int().min(0).default(0).describe('Periods after a rep starts (roster start_date) in which they are not demoted'),
  count_partial_periods: z
    .boolean()
    .default(false)
    .describe(
      'Count a period the data covers only in part (it starts after the period starts, or ends before it ends, with working days in between) toward promotion and demotion runs. Default false: such a period is graded but leaves the tier and the runs as they were.',
    ),
});
export type Movement = z.infer<typeof Movement>;

export const Level = z
  .strictObject({
    kpis: z.array(LevelKpi).min(1).describe('KPIs of the roll-up'),
    tiers: z.array(Tier).min(1).describe('Tiers for the managers of this level'),
    movement: Movement.optional().describe("How the level's managers move between its tiers over the periods in the data; default: the rubric's movement"),
  })
  .describe('KPIs and tiers for a team or region as a whole');
export type Level = z.infer<typeof Level>;

export const Action = z
  .strictObject({
    bonus_multiplier: z.number().min(0).optional().describe('Bonus factor for reps in this tier'),
    training: z.string().optional().describe('Training for reps in this tier'),
    note: z.string().optional().describe('Any other action, shown in the reports'),
  })
  .describe('What follows from a tier');
export type Action = z.infer<typeof Action>;

export const QuotaAnnualFile = z.strictObject({
  /** A CSV/XLSX of annual targets: an entity column (region, team or rep) and one column per metric. */
  file: z.string().min(1).describe('A CSV/XLSX of annual targets, relative to the rubric: an entity column (region, team or rep) and one column per metric'),
  sheet: z.string().optional().describe('Sheet of an XLSX file; default: the first visible sheet whose header has the columns the file needs'),
  level: oneOf(
    { company: 'one row for the whole company', region: 'a row per region', team: 'a row per team', rep: 'a row per rep (default)' },
    'The level the file gives targets for',
  ).default('rep'),
});
export const QuotaAnnual = z
  .union([QuotaAnnualFile, z.record(id, z.number().min(0).describe('The annual amount for this metric')).describe('Metric id → the company\'s annual target')])
  .describe("The annual target: metric id → the company's amount, or a file of targets per entity")
  .meta({ examples: [{ revenue: 48000000 }] });
export type QuotaAnnual = z.infer<typeof QuotaAnnual>;

export const QuotaSplit = z
  .strictObject({
    by: oneOf(
      {
        roster: 'by the roster, weighted per tier (weights)',
        headcount: 'equally per head',
        shares: 'by explicit shares per region / team / rep',
        history: "in proportion to last year's actuals (quota --history)",
      },
      'How the annual target is split down the hierarchy (default roster)',
    ).default('roster'),
    /** With `by: roster`: a weight per tier id. */
    weights: z.record(z.string(), z.number().min(0)).optional().describe('With by: roster, a weight per tier id').meta({ examples: [{ senior: 1.3, intermediate: 1, junior: 0.7 }] }),
    /** With `by: shares`: an explicit share per region / team / rep name. */
    shares: z.record(z.string(), z.number().min(0)).optional().describe('With by: shares, a share per region / team / rep name'),
  })
  .describe('How the annual target is split down the hierarchy');
export type QuotaSplit = z.infer<typeof QuotaSplit>;

export const Seasonality = z
  .union([
    z.strictObject({ months: z.array(z.number()).describe('12 relative weights, January (or the fiscal year\'s first month) first') }),
    z.strictObject({ quarters: z.array(z.number()).describe('4 relative weights, Q1 first') }),
    z.strictObject({ from: z.literal('history').describe("history: from last year's actuals (quota --history)") }),
  ])
  .describe('How the year is spread across time before working days: months, quarters, or from history')
  .meta({ examples: [{ quarters: [20, 25, 25, 30] }] });
export type Seasonality = z.infer<typeof Seasonality>;

const calendarBase = { cn: "China's official holidays and make-up workdays (调休)", weekdays: 'Monday–Friday' };
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').describe('A date YYYY-MM-DD');
export const CalendarSpec = z
  .union([
    oneOf(calendarBase, 'The working-day calendar'),
    z.strictObject({
      base: oneOf(calendarBase, 'The calendar the additions apply to (default weekdays)').default('weekdays'),
      /** Days added to the base, relative to the rubric: CSV/XLSX (date, kind off | work, name) or YAML (holidays, workdays); also supplies a year the cn data lacks. */
      file: z
        .string()
        .optional()
        .describe('Days added to the base, relative to the rubric: CSV/XLSX (date, kind off | work, name) or YAML (holidays, workdays); also supplies a year the cn data lacks'),
      holidays: z.array(isoDate).optional().describe('Extra days off'),
      workdays: z.array(isoDate).optional().describe('Extra working days (a weekend worked)'),
    }),
  ])
  .describe('Working days that spread quotas and prorate targets: cn, weekdays, or a base with additions');
export type CalendarSpec = z.infer<typeof CalendarSpec>;

export const Ramp = z
  .strictObject({
    /** Factor per month of tenure, starting with the month of `start_date`. */
    months: z.array(z.number()).describe('Quota factor per month of tenure, starting with the month of start_date').meta({ examples: [[0.25, 0.5, 0.75]] }),
    relief: oneOf(
      { absorb: "the team's total shrinks by what the new hire is relieved of (default)", redistribute: 'what the new hire is relieved of goes to the rest of the team' },
      'What happens to the quota a ramping rep does not carry',
    ).default('absorb'),
  })
  .describe("A new hire's quota ramp");
export type Ramp = z.infer<typeof Ramp>;

export const Quota = z
  .strictObject({
    annual: QuotaAnnual,
    split: QuotaSplit.default({ by: 'roster' }),
    seasonality: Seasonality.optional(),
    calendar: CalendarSpec.default('weekdays'),
    ramp: Ramp.optional(),
    /** Currency (or count) unit every amount is rounded to; parts sum exactly to the whole. */
    rounding: z.number().positive().default(1).describe('Unit every amount is rounded to (1, 100, 1000); parts still sum exactly to the whole'),
  })
  .describe('How salesgrade quota splits the annual target down the hierarchy and across time');
export type Quota = z.infer<typeof Quota>;

/**
 * With `--as-of` inside the period: the open pipeline (a metric summing the deals not yet won or lost)
 * as coverage of a KPI's remaining target, pipeline ÷ (target − actual), per rep and group. Its own key:
 * a metric named `pipeline` may mean something else (pipeline created, in the shipped preset).
 */
export const Pacing = z
  .strictObject({
    pipeline: id.describe('The metric holding the open pipeline: a sum over rows whose stage is not won or lost, e.g. open_pipeline'),
    covers: id.describe('The KPI (its id) whose remaining target the open pipeline is compared with, e.g. revenue: coverage = pipeline ÷ (target − actual)'),
  })
  .describe('With --as-of inside the period: open pipeline as coverage of a KPI\'s remaining target (pipeline ÷ (target − actual)), per rep and group')
  .meta({ examples: [{ pipeline: 'open_pipeline', covers: 'revenue' }] });
export type Pacing = z.infer<typeof Pacing>;

export const Rubric = z.strictObject({
  $schema: z.string().optional().describe('The JSON Schema this file follows (for editors)'),
  salesgrade: z.literal(1).describe('The rubric format version: 1'),
  name: z.string().min(1).describe('The rubric name, shown on every report').meta({ examples: ['华东大区直销 2026'] }),
  description: z.string().optional().describe('What the rubric is for, for people reading it'),
  locale: Locale.default('en'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code like CNY').default('CNY').describe('ISO 4217 code of the amounts (default CNY)').meta({ examples: ['CNY', 'USD'] }),
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
  extends: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('Rubric file(s) this one builds on, relative to it: their keys are merged, mappings key by key, lists replaced; then no section is required here')
    .meta({ examples: ['../rules/zh-CN-field-sales.yaml'] }),
  period: PeriodKind.default('quarter').describe('The evaluation period (default quarter)'),
  fiscal_year_start: z.number().int().min(1).max(12).default(1).describe('First month of the fiscal year, 1–12 (default 1: January)'),
  /** Decimal places the score is rounded to (once, half-up). */
  precision: z.number().int().min(0).max(6).default(2).describe('Decimal places the score is rounded to, once, half-up (default 2)'),
  source: Source.default({ fields: {} }),
  roster: Roster.optional(),
  metrics: z
    .record(id, Metric)
    .describe('Metric id → how it is computed from the rows'),
  kpis: z.array(Kpi).min(1).describe('The KPIs that make the score, weights summing to 100'),
  tiers: z.array(Tier).min(1).describe('Tiers by ascending or descending min_score; the lowest has min_score 0'),
  movement: Movement.default({ promote_after: 1, demote_after: 1, grace_periods: 0, count_partial_periods: false }).describe('Promotion and demotion rules across periods'),
  levels: z
    .strictObject({
      team: Level.optional(),
      region: Level.optional(),
    })
    .optional()
    .describe('KPIs and tiers for teams and regions as a whole (managers)'),
  actions: z.record(z.string(), Action).optional().describe('Tier id → what follows from it (bonus, training, note)'),
  quota: Quota.optional(),
  pacing: Pacing.optional(),
});
/** A rubric after parsing: defaults applied, `extends` already merged. */
export type Rubric = z.infer<typeof Rubric>;
/** What a rubric file may contain before defaults. */
export type RubricInput = z.input<typeof Rubric>;

/** The id a KPI is known by: its `id`, else its metric. */
export function kpiId(k: { id?: string | undefined; metric: string }): string {
  return k.id ?? k.metric;
}

/** The label of a tier in a locale: `labels[locale]`, then `label`, then `id`. */
export function tierLabel(t: Pick<Tier, 'id' | 'label' | 'labels'>, locale: Locale): string {
  return t.labels?.[locale] ?? t.label ?? t.id;
}
