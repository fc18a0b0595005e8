/**
 * The rubric's metric layer compiled to one SQL query that returns the MetricTable: per period, one
 * row per rep, team, region and the company (GROUPING SETS, so a distinct count is computed over the
 * union of each group's rows, never summed), plus the rows the metrics could not place (`no-rep`,
 * `no-date`) so the row accounting survives. Scoring stays in salesgrade.
 *
 * The semantics are the engine's (metrics.ts, where.ts, periods.ts, data-groups.ts), restated in SQL:
 *
 * - a row counts for a metric in the period of the metric's `date` field, when it passes `where` and
 *   has the value the metric aggregates (a number for sum/avg/min/max, a non-empty value for distinct);
 * - period labels are computed in SQL exactly as `periodOf` does (ISO weeks, fiscal quarters, halves
 *   and years named after the calendar year they end in);
 * - a rep's team and region: the roster's when it names one, else the one the rep's rows of the period
 *   name most (a tie: the latest date, then the name — a warehouse has no file order), else
 *   `(unassigned)`;
 * - text is cleaned as the reader cleans it (every kind of space → one space, invisible characters
 *   dropped, trimmed) and compares case-insensitively; numbers numerically; money as DECIMAL(38, scale).
 *
 * Shape: the source rows are first grouped by rep, the data's team and region (as read), an integer key
 * of each date field's period, each date field's fed flag and each distinct metric's counted value
 * (`sg_pre`); labels, text cleaning of those keys, the per-date-field slots, the team pick and the
 * roll-ups then run per group, re-aggregating counts, sums, minima and maxima (docs/sql.md).
 *
 * The table's columns are named like the export's headers: each field's `column`, else its first `headers` entry.
 * Pure: rubric in, text out. A rubric the dialect cannot express is refused with the reason.
 */
import { partColumn, SOURCE_ROWS_LEVEL } from '../../shared/sql-metric-table.js';
import { SalesgradeError } from '../../shared/errors.js';
import { UNASSIGNED } from '../rollup.js';
import { compileMetrics, type CompiledMetric } from '../metrics.js';
import { parsePeriod, periodsOverlapping } from '../periods.js';
import type { ConditionShape, FieldSpecShape, RubricShape, Scalar } from '../rubric-shape.js';
import { dialects, type Dialect, type DialectName } from './dialects.js';

export type { DialectName } from './dialects.js';

/** Version of the MetricTable's columns; written in the query's header comment. */
export const METRIC_TABLE_VERSION = 2;

export interface SqlRoster {
  /** A table or view with the roster; its columns are named like `roster.fields` (first header) or rep/team/region. */
  table?: string;
  columns?: { rep: string; team?: string; region?: string };
  /** Roster entries inlined as VALUES (the roster file, read by salesgrade). */
  entries?: { rep: string; team?: string; region?: string }[];
}

export interface CompileSqlOptions {
  dialect: DialectName;
  /** The table or view the export's rows live in, written into the query as given. */
  from: string;
  roster?: SqlRoster;
  /** Only this period (a label of the rubric's period kind). */
  period?: string;
  /** Only the periods from `periods[0]` to `periods[1]`, inclusive. */
  periods?: [string, string];
  /** Decimals kept for money and numbers: DECIMAL(38, scale). Default 4. */
  scale?: number;
  /**
   * `--engine duckdb` only (never what `salesgrade sql` prints): the query also returns the number of
   * source rows it read, as extra rows of level `SOURCE_ROWS_LEVEL` (`rows` = the count; `period` = the
   * value of `fileColumn`, one row per file, or NULL for one row in all), so the run needs no counting
   * pass of its own over the files. Every source row is in exactly one pre-aggregated group, so the sum
   * of the groups' counts is exact. With `blankColumn` (a boolean column of the source: the row is blank),
   * the `rounded` column of those rows counts the blank rows among them (the default engine's `blank`
   * reason, not `no-rep`).
   */
  sourceRows?: { fileColumn?: string; blankColumn?: string };
}

export { SOURCE_ROWS_LEVEL };

/** One column of the MetricTable. */
export interface MetricTableColumn {
  name: string;
  /** The metric it belongs to (absent for level, period, rep, team, region, rows). */
  metric?: string;
  part: 'level' | 'period' | 'rep' | 'team' | 'region' | 'rows' | 'rounded' | 'fed_rows' | 'first_date' | 'last_date' | 'sum' | 'min' | 'max' | 'distinct';
  type: 'text' | 'integer' | 'decimal' | 'date';
}

export interface CompiledSql {
  sql: string;
  columns: MetricTableColumn[];
  /** Each metric's SQL expression (the filter and the aggregated value), for `explain`. */
  expressions: Record<string, string>;
}

/** `revenue__sum`: the MetricTable column of a metric's part. */
/** The column of one part of a metric (shared with the reader of a MetricTable file). */
export { partColumn };

/** The parts a metric's value is computed from. */
export function metricParts(m: Pick<CompiledMetric, 'agg'>): ('rows' | 'sum' | 'min' | 'max' | 'distinct')[] {
  switch (m.agg) {
    case 'count':
      return ['rows'];
    case 'sum':
    case 'avg':
      return ['rows', 'sum'];
    case 'min':
      return ['rows', 'min'];
    case 'max':
      return ['rows', 'max'];
    case 'distinct':
      return ['rows', 'distinct'];
    default:
      return [];
  }
}

const NUMERIC_TEXT_RE = '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$';
/** What `numeric()` in metrics.ts accepts from text (no exponent). */
const SUMMABLE_TEXT_RE = '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$';
const NUMERIC_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

type FieldKind = 'text' | 'date' | 'number';

interface Field {
  name: string;
  column: string;
  kind: FieldKind;
}

function refuse(message: string, hint?: string): never {
  throw new SalesgradeError('sql-unsupported', message, hint ? { hint } : {});
}

function fieldSpec(spec: string[] | FieldSpecShape): FieldSpecShape {
  return Array.isArray(spec) ? { headers: spec, type: 'text' } : spec;
}

/** A plain decimal literal of a number the rubric wrote (no exponent, no float noise beyond JS's shortest form). */
function decimalText(n: number | string): string {
  const s = String(n).trim();
  if (!/e/i.test(s)) return s.replace(/^\+/, '');
  // 1e21 and the like: expand the exponent exactly.
  const m = /^([+-]?)(\d+)(?:\.(\d*))?e([+-]?\d+)$/i.exec(s);
  if (!m) return s;
  const digits = (m[2]! + (m[3] ?? '')).replace(/^0+(?=\d)/, '');
  const point = m[2]!.length + Number(m[4]);
  const sign = m[1] === '-' ? '-' : '';
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

class Compiler {
  readonly d: Dialect;
  readonly scale: number;
  readonly dec: string;
  private readonly fields = new Map<string, Field>();

  constructor(
    readonly rubric: RubricShape,
    readonly options: CompileSqlOptions,
  ) {
    this.d = dialects[options.dialect];
    this.scale = options.scale ?? 4;
    if (!Number.isInteger(this.scale) || this.scale < 0 || this.scale > 18) refuse(`--scale must be a whole number 0–18, got ${this.scale}`);
    this.dec = this.d.decimal(this.scale);
    for (const [name, spec] of Object.entries(rubric.source.fields)) {
      const s = fieldSpec(spec);
      const kind: FieldKind = s.type === 'text' ? 'text' : s.type === 'date' ? 'date' : 'number';
      this.fields.set(name, { name, column: s.column ?? s.headers[0]!, kind });
    }
  }

  field(name: string): Field | undefined {
    return this.fields.get(name);
  }

  col(f: Field): string {
    return `sg_src.${this.d.ident(f.column)}`;
  }

  /** Text of a text field cleaned as the reader cleans it (spaces, invisible characters), '' → NULL. */
  text(f: Field): string {
    return `NULLIF(${this.d.clean(`CAST(${this.col(f)} AS ${this.d.text})`)}, '')`;
  }

  /** A date field as a DATE. */
  date(f: Field): string {
    return `CAST(${this.col(f)} AS DATE)`;
  }

  /** A field's value as the engine sees it in `where`: text (trimmed, NULL when empty), ISO date text, or a number. */
  whereValue(f: Field): string {
    if (f.kind === 'text') return this.text(f);
    if (f.kind === 'date') return this.d.isoDate(this.date(f));
    return this.col(f);
  }

  // ---- where ------------------------------------------------------------------------------------

  private equals(f: Field, v: string, w: Scalar): string {
    const text = String(w).trim().toLowerCase();
    const num = typeof w === 'number' ? decimalText(w) : typeof w === 'string' && NUMERIC_RE.test(w.trim()) ? decimalText(w.trim()) : null;
    if (f.kind === 'number') return num === null ? 'FALSE' : `(${v} = CAST(${this.d.str(num)} AS ${this.dec38()}))`;
    const lowered = `LOWER(${v}) = ${this.d.str(text)}`;
    if (num === null || f.kind === 'date') return `(${lowered})`;
    return `(CASE WHEN ${this.d.matches(v, NUMERIC_TEXT_RE)} THEN CAST(${v} AS ${this.dec38()}) = CAST(${this.d.str(num)} AS ${this.dec38()}) ELSE ${lowered} END)`;
  }

  /** A wide decimal for comparisons of values the rubric or a text column writes. */
  private dec38(): string {
    return this.d.decimal(18);
  }

  private compare(f: Field, v: string, bound: number | string, op: '>' | '>=' | '<' | '<='): string {
    const numeric = typeof bound === 'number' || NUMERIC_RE.test(bound.trim());
    if (numeric) {
      const lit = `CAST(${this.d.str(decimalText(typeof bound === 'number' ? bound : bound.trim()))} AS ${this.dec38()})`;
      if (f.kind === 'number') return `(${v} ${op} ${lit})`;
      if (f.kind === 'date') return 'FALSE'; // an ISO date never reads as a number
      return `(CASE WHEN ${this.d.matches(v, NUMERIC_TEXT_RE)} THEN CAST(${v} AS ${this.dec38()}) ${op} ${lit} ELSE FALSE END)`;
    }
    if (f.kind === 'number') {
      refuse(`where ${f.name}: comparing the number field ${f.name} with the text "${bound}" compares the number's digits as text`, 'write the bound as a number');
    }
    return `(${this.d.binary(v)} ${op} ${this.d.binary(this.d.str(String(bound).trim()))})`;
  }

  /** A predicate that is never NULL. */
  condition(fieldName: string, c: ConditionShape): string {
    const f = this.field(fieldName);
    if (!f) {
      // A field the export does not declare is empty in every row (the engine reads it as missing).
      return this.onEmpty(c);
    }
    const v = this.whereValue(f);
    const present = `${v} IS NOT NULL`;
    if (typeof c !== 'object') return `(${present} AND ${this.equals(f, v, c)})`;
    if (Array.isArray(c)) {
      if (c.length === 0) return 'FALSE';
      return `(${present} AND (${c.map((w) => this.equals(f, v, w)).join(' OR ')}))`;
    }
    const parts: string[] = [];
    if (c.eq !== undefined) parts.push(this.condition(fieldName, c.eq));
    if (c.in !== undefined) parts.push(this.condition(fieldName, c.in));
    if (c.ne !== undefined) parts.push(`NOT ${this.condition(fieldName, c.ne)}`);
    if (c.not_in !== undefined) parts.push(`NOT ${this.condition(fieldName, c.not_in)}`);
    const cmp = (b: number | string | undefined, op: '>' | '>=' | '<' | '<='): void => {
      if (b !== undefined) parts.push(`(${present} AND ${this.compare(f, v, b, op)})`);
    };
    cmp(c.gt, '>');
    cmp(c.gte, '>=');
    cmp(c.lt, '<');
    cmp(c.lte, '<=');
    if (c.empty !== undefined) parts.push(c.empty ? `(${v} IS NULL)` : `(${present})`);
    if (parts.length === 0) return 'TRUE';
    return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
  }

  /** A condition on a field that is empty in every row: constant. */
  private onEmpty(c: ConditionShape): string {
    if (typeof c !== 'object' || Array.isArray(c)) return 'FALSE';
    const ok =
      c.eq === undefined &&
      c.in === undefined &&
      c.gt === undefined &&
      c.gte === undefined &&
      c.lt === undefined &&
      c.lte === undefined &&
      c.empty !== false;
    return ok ? 'TRUE' : 'FALSE';
  }

  where(where: Record<string, ConditionShape> | undefined): string {
    if (!where) return 'TRUE';
    const keys = Object.keys(where).sort();
    if (keys.length === 0) return 'TRUE';
    return keys.map((k) => `COALESCE(${this.condition(k, where[k]!)}, FALSE)`).join(' AND ');
  }

  // ---- values -----------------------------------------------------------------------------------

  /** The value a sum/avg/min/max metric aggregates, NULL when the row has none. */
  numericValue(m: CompiledMetric): string {
    const f = this.field(m.field!);
    if (!f) return `CAST(NULL AS ${this.dec})`;
    if (f.kind === 'number') return `CAST(${this.col(f)} AS ${this.dec})`;
    if (f.kind === 'date') return `CAST(NULL AS ${this.dec})`; // a date never reads as a number
    const t = this.text(f);
    return `CASE WHEN ${this.d.matches(t, SUMMABLE_TEXT_RE)} THEN CAST(${t} AS ${this.dec}) END`;
  }

  /** The key a distinct metric counts, NULL when empty. */
  distinctValue(m: CompiledMetric): string {
    const f = this.field(m.field!);
    if (!f) return `CAST(NULL AS ${this.d.text})`;
    if (f.kind === 'text') return this.text(f);
    if (f.kind === 'date') return this.date(f);
    return this.col(f);
  }

  // ---- periods ----------------------------------------------------------------------------------

  private int(e: string): string {
    return `CAST(${e} AS ${this.d.int})`;
  }

  private pad(e: string, n: number): string {
    return `LPAD(CAST(${e} AS ${this.d.text}), ${n}, '0')`;
  }

  /** The period label of a DATE expression, as `periodOf` writes it. */
  periodLabel(dt: string): string {
    const fys = this.rubric.fiscal_year_start;
    const y = this.int(`EXTRACT(YEAR FROM ${dt})`);
    const m = this.int(`EXTRACT(MONTH FROM ${dt})`);
    switch (this.rubric.period) {
      case 'week':
        return `${this.pad(this.d.isoYear(dt), 4)} || '-W' || ${this.pad(this.d.isoWeek(dt), 2)}`;
      case 'month':
        return `${this.pad(y, 4)} || '-' || ${this.pad(m, 2)}`;
      default: {
        const kind = this.rubric.period;
        const fy = fys === 1 ? y : `(${y} + CASE WHEN ${m} >= ${fys} THEN 1 ELSE 0 END)`;
        const prefix = fys === 1 ? '' : `'FY' || `;
        if (kind === 'year') return `${prefix}${this.pad(fy, 4)}`;
        const len = kind === 'quarter' ? 3 : 6;
        const letter = kind === 'quarter' ? 'Q' : 'H';
        // The part of the fiscal year a calendar month falls in, as a literal map (no modulo or division).
        const whens = Array.from({ length: 12 }, (_, i) => {
          const month = i + 1;
          const n = Math.floor(((month - fys + 12) % 12) / len) + 1;
          return `WHEN ${month} THEN '${letter}${n}'`;
        });
        return `${prefix}${this.pad(fy, 4)} || '-' || CASE ${m} ${whens.join(' ')} END`;
      }
    }
  }

  /**
   * An integer key of a DATE expression with exactly one value per period (so the pre-aggregation
   * groups no finer than the periods): ISO year × 100 + week, year × 100 + month, fiscal year × 10 +
   * quarter or half, the fiscal year. The rows are grouped by it; the label text is then built once per
   * group, from the group's first date (building it per source row was ~15 % of the query).
   */
  periodKey(dt: string): string {
    const fys = this.rubric.fiscal_year_start;
    const y = this.int(`EXTRACT(YEAR FROM ${dt})`);
    const m = this.int(`EXTRACT(MONTH FROM ${dt})`);
    switch (this.rubric.period) {
      case 'week':
        return `(${this.d.isoYear(dt)} * 100 + ${this.d.isoWeek(dt)})`;
      case 'month':
        return `(${y} * 100 + ${m})`;
      default: {
        const kind = this.rubric.period;
        const fy = fys === 1 ? y : `(${y} + CASE WHEN ${m} >= ${fys} THEN 1 ELSE 0 END)`;
        if (kind === 'year') return fy;
        const len = kind === 'quarter' ? 3 : 6;
        const whens = Array.from({ length: 12 }, (_, i) => `WHEN ${i + 1} THEN ${Math.floor(((i + 1 - fys + 12) % 12) / len) + 1}`);
        return `(${fy} * 10 + CASE ${m} ${whens.join(' ')} END)`;
      }
    }
  }

  /** The labels `--period` / `--periods` keep, or undefined for every period. */
  periodFilter(): string[] | undefined {
    const { period, periods } = this.options;
    const kind = this.rubric.period;
    const fys = this.rubric.fiscal_year_start;
    if (period !== undefined) return [parsePeriod(period, kind, fys).label];
    if (periods !== undefined) {
      const a = parsePeriod(periods[0], kind, fys);
      const b = parsePeriod(periods[1], kind, fys);
      if (b.start < a.start) throw new SalesgradeError('period-invalid', `--periods ${a.label}..${b.label}: the last period is before the first`);
      const list = periodsOverlapping(a.start, b.end, kind, fys).map((p) => p.label);
      if (list.length > 5000) refuse(`--periods ${a.label}..${b.label} spans ${list.length} periods`, 'choose a shorter range');
      return list;
    }
    return undefined;
  }
}

/** Compile the rubric's metrics to one query returning the MetricTable. */
export function compileSql(rubric: RubricShape, options: CompileSqlOptions): CompiledSql {
  const c = new Compiler(rubric, options);
  const d = c.d;
  const metrics = compileMetrics(rubric);
  const base = metrics.filter((m) => !m.ratio);
  const repField = c.field('rep');
  if (!repField) refuse('source.fields has no rep field: the query groups rows by rep');
  if (repField.kind !== 'text') refuse(`source.fields.rep is a ${repField.kind} field; a rep is a name (type text)`);

  // Date fields, one slot each.
  const dateFields: Field[] = [];
  for (const m of base) {
    const f = c.field(m.dateField);
    if (!f) refuse(`metrics.${m.id}: places rows by the field ${m.dateField}, which source.fields does not declare`, `declare ${m.dateField} in source.fields with type: date, or set the metric's date:`);
    if (f.kind !== 'date') refuse(`metrics.${m.id}: places rows by ${m.dateField}, a ${f.kind} field`, `declare ${m.dateField} with type: date`);
    if (!dateFields.includes(f)) dateFields.push(f);
  }
  if (base.length === 0) refuse('the rubric has no metric that aggregates rows (only ratios)');
  const slotOf = (m: CompiledMetric): number => dateFields.indexOf(c.field(m.dateField)!);

  // Distinct `where` filters, one flag each (as the engine evaluates them once per row).
  const whereKeys: string[] = [];
  const whereSql: string[] = [];
  const whereOf = base.map((m) => {
    if (!m.def.where || Object.keys(m.def.where).length === 0) return -1;
    const key = JSON.stringify(m.def.where);
    let i = whereKeys.indexOf(key);
    if (i < 0) {
      i = whereKeys.push(key) - 1;
      whereSql.push(c.where(m.def.where));
    }
    return i;
  });

  const teamField = c.field('team');
  const regionField = c.field('region');
  const groupFields = ([['team', teamField], ['region', regionField]] as const).filter(
    (x): x is readonly ['team' | 'region', Field] => x[1] !== undefined && x[1].kind === 'text',
  );

  const I = (s: string): string => d.ident(s);
  const lines: string[] = [];
  const expressions: Record<string, string> = {};

  // src: one row per export row, with everything the metrics read, computed once.
  // The rep, team and region as read: they are cleaned once per group, after the pre-aggregation
  // (cleaning is a function of the text, so it commutes with grouping by it; per source row it was ~10 %
  // of the query).
  const srcCols: string[] = [`CAST(${c.col(repField)} AS ${d.text}) AS sg_rep_raw`];
  const fileColumn = options.sourceRows?.fileColumn;
  if (fileColumn !== undefined) srcCols.push(`sg_src.${I(fileColumn)} AS sg_file`);
  const blankColumn = options.sourceRows?.blankColumn;
  if (blankColumn !== undefined) srcCols.push(`COALESCE(sg_src.${I(blankColumn)}, FALSE) AS sg_blank`);
  for (const [name, f] of groupFields) srcCols.push(`CAST(${c.col(f)} AS ${d.text}) AS sg_${name}_raw`);
  dateFields.forEach((f, i) => srcCols.push(`${c.date(f)} AS sg_d${i}`));
  whereSql.forEach((w, i) => srcCols.push(`${w} AS sg_w${i}`));
  // A number with more decimals than DECIMAL(38, scale) keeps would be rounded: the row is flagged, and
  // the table's `rounded` column counts such rows (a non-zero count: raise --scale).
  const numberFields = [
    ...new Set(base.filter((m) => ['sum', 'avg', 'min', 'max'].includes(m.agg)).map((m) => c.field(m.field!)).filter((f): f is Field => f !== undefined && f.kind === 'number')),
  ];
  srcCols.push(
    numberFields.length === 0
      ? `0 AS sg_rounded`
      : `CASE WHEN ${numberFields.map((f) => `COALESCE(CAST(${c.col(f)} AS ${c.dec}) <> ${c.col(f)}, FALSE)`).join(' OR ')} THEN 1 ELSE 0 END AS sg_rounded`,
  );
  base.forEach((m, j) => {
    if (m.agg === 'sum' || m.agg === 'avg' || m.agg === 'min' || m.agg === 'max') srcCols.push(`${c.numericValue(m)} AS sg_v${j}`);
    else if (m.agg === 'distinct') srcCols.push(`${c.distinctValue(m)} AS sg_v${j}`);
  });

  const keyCols = dateFields.map((_, i) => `${c.periodKey(`sg_d${i}`)} AS sg_k${i}`);
  const labelCols = dateFields.map((_, i) => `CASE WHEN sg_mind${i} IS NOT NULL THEN ${c.periodLabel(`sg_mind${i}`)} END AS sg_p${i}`);
  // The row's latest date (of its date fields), for the data-team tie rule.
  const rowDate =
    dateFields.length === 1 ? 'sg_d0' : `GREATEST(${dateFields.map((_, i) => `COALESCE(${[i, ...dateFields.map((__, j) => j).filter((j) => j !== i)].map((j) => `sg_d${j}`).join(', ')})`).join(', ')})`;
  const slotCase = (prefix: string): string =>
    dateFields.length === 1 ? `${prefix}0` : `CASE sg_slot ${dateFields.map((_, i) => `WHEN ${i} THEN ${prefix}${i}`).join(' ')} END`;
  // A slot is the first of its row with its period (a row counts once per period it falls in).
  const firstOfLabel = dateFields.map((_, k) =>
    k === 0 ? '(sg_p0 IS NOT NULL)' : `(sg_p${k} IS NOT NULL${Array.from({ length: k }, (__, j) => ` AND NOT COALESCE(sg_p${j} = sg_p${k}, FALSE)`).join('')})`,
  );
  const noDateAtAll = dateFields.map((_, i) => `sg_p${i} IS NULL`).join(' AND ');

  const periodList = c.periodFilter();
  const keepPeriod = periodList ? `sg_period IN (${periodList.map((l) => d.str(l)).join(', ')})` : 'TRUE';

  lines.push(`WITH sg_src_rows AS (`);
  lines.push(`  SELECT`);
  lines.push(srcCols.map((s) => `    ${s}`).join(',\n'));
  lines.push(`  FROM ${options.from} AS sg_src`);
  lines.push(`),`);
  // Whether the row fed some metric placed by date field k (its where passed and it has the value):
  // per period, the rows that fed something there are the engine's "fed" rows (the default period,
  // period-sparse and rows.counted are decided on them).
  const fedCols = dateFields.map((_, k) => {
    const conds = base
      .map((m, j) => ({ m, j }))
      .filter(({ m }) => slotOf(m) === k)
      .map(({ m, j }) => {
        const w = whereOf[j]!;
        const parts = [...(w >= 0 ? [`sg_w${w}`] : []), ...(m.agg === 'count' ? [] : [`sg_v${j} IS NOT NULL`])];
        return parts.length === 0 ? 'TRUE' : parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
      });
    return `${conds.includes('TRUE') ? 'TRUE' : conds.join(' OR ')} AS sg_fed${k}`;
  });
  const metricCond = (m: CompiledMetric, j: number): string => {
    const w = whereOf[j]!;
    const parts = [...(w >= 0 ? [`sg_w${w}`] : []), ...(m.agg === 'count' ? [] : [`sg_v${j} IS NOT NULL`])];
    return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
  };
  // Each distinct metric's value where the row counts for it (else NULL), a key of the pre-aggregation.
  const distinctCols = base.flatMap((m, j) => (m.agg === 'distinct' ? [`CASE WHEN ${metricCond(m, j)} THEN sg_v${j} END AS sg_dv${j}`] : []));
  lines.push(`sg_labeled AS (`);
  lines.push(`  SELECT sg_src_rows.*, ${[...keyCols, `${rowDate} AS sg_row_date`, ...fedCols, ...distinctCols].join(', ')}`);
  lines.push(`  FROM sg_src_rows`);
  lines.push(`),`);
  // The rows pre-aggregated by everything the rest of the query places them by (rep, the data's team
  // and region, the period of each date field, each distinct metric's value): the slots, the team pick
  // and the roll-ups then read one row per group instead of one per source row (a 20M-row export of
  // 10,000 reps is ~80,000 groups plus one per won deal's distinct account). Counts become sums of
  // counts, sums sums of sums, minima minima of minima: the same numbers.
  const distinctKeys = base.flatMap((m, j) => (m.agg === 'distinct' ? [`sg_dv${j}`] : []));
  const preKeys = ['sg_rep_raw', ...(fileColumn !== undefined ? ['sg_file'] : []), ...(blankColumn !== undefined ? ['sg_blank'] : []), ...groupFields.map(([name]) => `sg_${name}_raw`), ...dateFields.map((_, i) => `sg_k${i}`), ...dateFields.map((_, i) => `sg_fed${i}`)];
  // The row fed some metric in the period of date field k (by k or another date field with the same period).
  const fedInPeriod = dateFields.map((_, k) => [`sg_fed${k}`, ...dateFields.map((__, j) => j).filter((j) => j !== k).map((j) => `COALESCE(sg_p${j} = sg_p${k} AND sg_fed${j}, FALSE)`)].join(' OR '));
  const preCols: string[] = [
    ...preKeys,
    ...distinctKeys,
    'COUNT(*) AS sg_n',
    'SUM(sg_rounded) AS sg_rounded_n',
    ...dateFields.flatMap((_, k) => [`MIN(sg_d${k}) AS sg_mind${k}`, `MAX(sg_d${k}) AS sg_maxd${k}`]),
    'MAX(sg_row_date) AS sg_last',
  ];
  base.forEach((m, j) => {
    const cond = metricCond(m, j);
    preCols.push(`SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END) AS sg_n${j}`);
    if (m.agg === 'sum' || m.agg === 'avg') preCols.push(`SUM(CASE WHEN ${cond} THEN sg_v${j} END) AS sg_s${j}`);
    else if (m.agg === 'min' || m.agg === 'max') preCols.push(`${m.agg.toUpperCase()}(CASE WHEN ${cond} THEN sg_v${j} END) AS sg_s${j}`);
  });
  lines.push(`sg_pre AS (`);
  lines.push(`  SELECT ${preCols.join(', ')}`);
  lines.push(`  FROM sg_labeled`);
  lines.push(`  GROUP BY ${[...preKeys, ...distinctKeys].join(', ')}`);
  lines.push(`),`);
  // Each group's rep, team and region cleaned, and its period of each date field: the label of its first
  // date (every date of the group has the key, so the period).
  lines.push(`sg_periods AS (`);
  const cleanCols = [`NULLIF(${d.clean('sg_rep_raw')}, '') AS sg_rep`, ...groupFields.map(([name]) => `NULLIF(${d.clean(`sg_${name}_raw`)}, '') AS sg_${name}_data`)];
  lines.push(`  SELECT sg_pre.*, ${[...cleanCols, ...labelCols].join(', ')}`);
  lines.push(`  FROM sg_pre`);
  lines.push(`),`);
  lines.push(`sg_slots AS (`);
  lines.push(`  SELECT sg_periods.*, sg_slot, ${slotCase('sg_p')} AS sg_period,`);
  lines.push(`    ${dateFields.length === 1 ? firstOfLabel[0] : `CASE sg_slot ${firstOfLabel.map((e, i) => `WHEN ${i} THEN ${e}`).join(' ')} END`} AS sg_first,`);
  lines.push(`    CASE WHEN ${dateFields.length === 1 ? fedInPeriod[0] : `CASE sg_slot ${fedInPeriod.map((e, i) => `WHEN ${i} THEN ${e}`).join(' ')} END`} THEN sg_n ELSE 0 END AS sg_fed_n, ${slotCase('sg_mind')} AS sg_min_date, ${slotCase('sg_maxd')} AS sg_max_date,`);
  // Where the slot goes: a rep and a period, or the rows without one. Every later step filters on it,
  // not on sg_rep (DuckDB pushes the consumers' filters on sg_rep down to the source rows, where they
  // would clean the rep's text a second time per row).
  lines.push(`    CASE WHEN sg_rep IS NULL THEN 'no-rep' WHEN ${slotCase('sg_p')} IS NULL THEN 'no-date' ELSE 'rep' END AS sg_level`);
  lines.push(`  FROM sg_periods CROSS JOIN (${dateFields.map((_, i) => `SELECT ${i} AS sg_slot`).join(' UNION ALL ')}) AS sg_slot_list`);
  lines.push(`),`);
  for (const [name] of groupFields) {
    // The team (region) the rep's rows of the period name most; a tie: the latest row's date, then the name.
    lines.push(`sg_${name}_pick AS (`);
    lines.push(`  SELECT sg_rep, sg_period, sg_name FROM (`);
    lines.push(`    SELECT sg_rep, sg_period, sg_name, ROW_NUMBER() OVER (PARTITION BY sg_rep, sg_period ORDER BY sg_n DESC, sg_last DESC, sg_name ASC) AS sg_rank`);
    lines.push(`    FROM (`);
    lines.push(`      SELECT sg_rep, sg_period, sg_${name}_data AS sg_name, SUM(sg_n) AS sg_n, MAX(sg_last) AS sg_last`);
    lines.push(`      FROM sg_slots`);
    lines.push(`      WHERE sg_first AND sg_level = 'rep' AND sg_${name}_data IS NOT NULL`);
    lines.push(`      GROUP BY sg_rep, sg_period, sg_${name}_data`);
    lines.push(`    ) AS sg_tally`);
    lines.push(`  ) AS sg_ranked WHERE sg_rank = 1`);
    lines.push(`),`);
  }
  const roster = options.roster;
  let rosterJoin = '';
  const rosterHas = { team: false, region: false };
  if (roster?.table !== undefined || roster?.entries !== undefined) {
    let from: string;
    let cols: { rep: string; team?: string; region?: string };
    if (roster.entries !== undefined) {
      // First entry per rep wins, as the engine reads a roster.
      const seen = new Set<string>();
      const rows: (string | null)[][] = [];
      for (const e of roster.entries) {
        if (seen.has(e.rep)) continue;
        seen.add(e.rep);
        rows.push([e.rep, e.team ?? null, e.region ?? null]);
      }
      from = d.inlineTable(['rep', 'team', 'region'], rows);
      cols = { rep: 'rep', team: 'team', region: 'region' };
      rosterHas.team = rosterHas.region = true;
      lines.push(`sg_roster AS (`);
      lines.push(`  SELECT ${I('rep')} AS sg_rep, ${I('team')} AS sg_team, ${I('region')} AS sg_region FROM ${from}`);
      lines.push(`),`);
    } else {
      from = roster.table!;
      cols = roster.columns ?? { rep: 'rep', team: 'team', region: 'region' };
      rosterHas.team = cols.team !== undefined;
      rosterHas.region = cols.region !== undefined;
      const t = (col: string): string => `NULLIF(${d.clean(`CAST(sg_r.${I(col)} AS ${d.text})`)}, '')`;
      // A rep listed twice: the first by team, then region (a table has no row order).
      lines.push(`sg_roster AS (`);
      lines.push(`  SELECT sg_rep, sg_team, sg_region FROM (`);
      lines.push(
        `    SELECT sg_rep, sg_team, sg_region, ROW_NUMBER() OVER (PARTITION BY sg_rep ORDER BY sg_team, sg_region) AS sg_rank FROM (` +
          `SELECT ${t(cols.rep)} AS sg_rep, ${cols.team !== undefined ? t(cols.team) : `CAST(NULL AS ${d.text})`} AS sg_team, ${cols.region !== undefined ? t(cols.region) : `CAST(NULL AS ${d.text})`} AS sg_region FROM ${from} AS sg_r) AS sg_r1`,
      );
      lines.push(`  ) AS sg_r2 WHERE sg_rank = 1 AND sg_rep IS NOT NULL`);
      lines.push(`),`);
    }
    rosterJoin = `LEFT JOIN sg_roster ON sg_roster.sg_rep = sg_slots.sg_rep`;
  }
  /** A data team or region named like the unassigned bucket is kept apart from it (dataGroupName). */
  const dataName = (e: string): string =>
    `CASE WHEN LOWER(TRIM(${e})) IN (${d.str(UNASSIGNED)}, ${d.str('（未分配）')}) THEN ${e} || ' [data]' ELSE ${e} END`;
  const groupExpr = (name: 'team' | 'region'): string => {
    const parts: string[] = [];
    if (rosterJoin && rosterHas[name]) parts.push(`sg_roster.sg_${name}`);
    if (groupFields.some(([n]) => n === name)) parts.push(dataName(`sg_${name}_pick.sg_name`));
    parts.push(d.str(UNASSIGNED));
    return parts.length === 1 ? parts[0]! : `COALESCE(${parts.join(', ')})`;
  };
  lines.push(`sg_placed AS (`);
  lines.push(`  SELECT sg_slots.*, ${groupExpr('team')} AS sg_team, ${groupExpr('region')} AS sg_region`);
  lines.push(`  FROM sg_slots`);
  if (rosterJoin) lines.push(`  ${rosterJoin}`);
  for (const [name] of groupFields) {
    lines.push(`  LEFT JOIN sg_${name}_pick ON sg_${name}_pick.sg_rep = sg_slots.sg_rep AND sg_${name}_pick.sg_period = sg_slots.sg_period`);
  }
  lines.push(`  WHERE sg_slots.sg_level = 'rep'${periodList ? ` AND ${keepPeriod.replace('sg_period', 'sg_slots.sg_period')}` : ''}`);
  lines.push(`),`);
  lines.push(`sg_unplaced AS (`);
  lines.push(`  SELECT sg_slots.*`);
  lines.push(`  FROM sg_slots`);
  lines.push(`  WHERE ${periodList ? `(sg_level = 'no-rep' AND (sg_period IS NULL OR ${keepPeriod}))` : `sg_level = 'no-rep'`} OR sg_level = 'no-date'`);
  lines.push(`)`);

  // Aggregates: the same expressions for placed and unplaced rows.
  const columns: MetricTableColumn[] = [
    { name: 'level', part: 'level', type: 'text' },
    { name: 'period', part: 'period', type: 'text' },
    { name: 'rep', part: 'rep', type: 'text' },
    { name: 'team', part: 'team', type: 'text' },
    { name: 'region', part: 'region', type: 'text' },
    { name: 'rows', part: 'rows', type: 'integer' },
    { name: 'rounded', part: 'rounded', type: 'integer' },
    { name: 'fed_rows', part: 'fed_rows', type: 'integer' },
    { name: 'first_date', part: 'first_date', type: 'date' },
    { name: 'last_date', part: 'last_date', type: 'date' },
  ];
  // Source rows in a rep/team/region/company group: once per period a row falls in. In the no-rep and
  // no-date groups: once, in the period of its first dated field (so they add up to the rows).
  const firstDated = dateFields.map((_, k) => `(sg_slot = ${k} AND sg_p${k} IS NOT NULL${Array.from({ length: k }, (__, j) => ` AND sg_p${j} IS NULL`).join('')})`);
  const onceUnplaced = `${firstDated.join(' OR ')} OR (sg_slot = 0 AND ${noDateAtAll})`;
  // The group's first and last date in the period (of any date field), as ISO text: what the data's
  // date range (coverage of a partly covered period) is computed from.
  const dateAggs = [`${d.isoDate('MIN(sg_min_date)')} AS ${I('first_date')}`, `${d.isoDate('MAX(sg_max_date)')} AS ${I('last_date')}`];
  const fedRows = `SUM(CASE WHEN sg_first THEN sg_fed_n ELSE 0 END) AS ${I('fed_rows')}`;
  const aggs: string[] = [`SUM(CASE WHEN sg_first THEN sg_n ELSE 0 END) AS ${I('rows')}`, `SUM(CASE WHEN sg_first THEN sg_rounded_n ELSE 0 END) AS ${I('rounded')}`, fedRows, ...dateAggs];
  const unplacedAggs: string[] = [
    `SUM(CASE WHEN ${onceUnplaced} THEN sg_n ELSE 0 END) AS ${I('rows')}`,
    `SUM(CASE WHEN ${onceUnplaced} THEN sg_rounded_n ELSE 0 END) AS ${I('rounded')}`,
    fedRows,
    ...dateAggs,
  ];
  base.forEach((m, j) => {
    const w = whereOf[j]!;
    const inSlot = `sg_slot = ${slotOf(m)}`;
    const valueSql = m.agg === 'count' ? '*' : srcColExpr(srcCols, `sg_v${j}`);
    const agg = m.agg === 'count' ? 'COUNT' : m.agg === 'distinct' ? 'COUNT(DISTINCT' : m.agg.toUpperCase();
    expressions[m.id] =
      `${agg}${m.agg === 'distinct' ? ' ' : '('}${valueSql})` + (w >= 0 ? ` WHERE ${whereSql[w]!}` : '') + ` BY PERIOD OF ${dateFields[slotOf(m)]!.column}`;
    for (const part of metricParts(m)) {
      const name = partColumn(m.id, part);
      if (part === 'rows') {
        aggs.push(`SUM(CASE WHEN ${inSlot} THEN sg_n${j} ELSE 0 END) AS ${I(name)}`);
        columns.push({ name, metric: m.id, part, type: 'integer' });
      } else if (part === 'sum') {
        aggs.push(`COALESCE(SUM(CASE WHEN ${inSlot} THEN sg_s${j} END), CAST(0 AS ${c.dec})) AS ${I(name)}`);
        columns.push({ name, metric: m.id, part, type: 'decimal' });
      } else if (part === 'min' || part === 'max') {
        aggs.push(`${part.toUpperCase()}(CASE WHEN ${inSlot} THEN sg_s${j} END) AS ${I(name)}`);
        columns.push({ name, metric: m.id, part, type: 'decimal' });
      } else {
        aggs.push(`COUNT(DISTINCT CASE WHEN ${inSlot} THEN sg_dv${j} END) AS ${I(name)}`);
        columns.push({ name, metric: m.id, part, type: 'integer' });
      }
      unplacedAggs.push(aggs[aggs.length - 1]!);
    }
  });

  const nullText = `CAST(NULL AS ${d.text})`;
  lines.push(`SELECT`);
  lines.push(
    `  CASE WHEN GROUPING(sg_rep) = 0 THEN 'rep' WHEN GROUPING(sg_team) = 0 THEN 'team' WHEN GROUPING(sg_region) = 0 THEN 'region' ELSE 'company' END AS ${I('level')},`,
  );
  lines.push(`  sg_period AS ${I('period')},`);
  lines.push(`  CASE WHEN GROUPING(sg_rep) = 0 THEN sg_rep END AS ${I('rep')},`);
  lines.push(`  CASE WHEN GROUPING(sg_team) = 0 THEN sg_team END AS ${I('team')},`);
  lines.push(`  CASE WHEN GROUPING(sg_region) = 0 THEN sg_region END AS ${I('region')},`);
  lines.push(aggs.map((a) => `  ${a}`).join(',\n'));
  lines.push(`FROM sg_placed`);
  lines.push(`GROUP BY GROUPING SETS ((sg_period, sg_rep, sg_team, sg_region), (sg_period, sg_team), (sg_period, sg_region), (sg_period))`);
  lines.push(`UNION ALL`);
  lines.push(`SELECT sg_level, sg_period, ${nullText}, ${nullText}, ${nullText},`);
  lines.push(unplacedAggs.map((a) => `  ${a}`).join(',\n'));
  lines.push(`FROM sg_unplaced`);
  lines.push(`GROUP BY sg_level, sg_period`);
  if (options.sourceRows) {
    // Each pre-aggregated group once (slot 0): the sum of their counts is every source row, per file.
    lines.push(`UNION ALL`);
    const rest = columns.slice(6).map(() => 'NULL');
    if (blankColumn !== undefined) rest[0] = 'COALESCE(SUM(CASE WHEN sg_blank THEN sg_n ELSE 0 END), 0)';
    lines.push(
      `SELECT ${d.str(SOURCE_ROWS_LEVEL)}, ${fileColumn !== undefined ? `CAST(sg_file AS ${d.text})` : nullText}, ${nullText}, ${nullText}, ${nullText}, COALESCE(SUM(sg_n), 0), ${rest.join(', ')}`,
    );
    lines.push(`FROM sg_slots WHERE sg_slot = 0${fileColumn !== undefined ? ' GROUP BY sg_file' : ''}`);
  }
  lines.push(`ORDER BY 1, 2, 3, 4, 5`);

  const header = [
    `-- salesgrade MetricTable v${METRIC_TABLE_VERSION} for rubric "${rubric.name.replace(/[\r\n]/g, ' ')}" (${options.dialect})`,
    `-- period: ${rubric.period}${rubric.fiscal_year_start !== 1 ? `, fiscal year from month ${rubric.fiscal_year_start}` : ''}; ` +
      `money and numbers as ${c.dec}; from ${options.from.replace(/[\r\n]/g, ' ')}`,
    `-- metrics: ${metrics.map((m) => m.id).join(', ')}`,
  ];
  return { sql: `${header.join('\n')}\n${lines.join('\n')}\n`, columns, expressions };
}

/** The SQL a `sg_vN` column was computed from, for the explain text. */
function srcColExpr(srcCols: string[], alias: string): string {
  const hit = srcCols.find((s) => s.endsWith(` AS ${alias}`));
  return hit ? hit.slice(0, -` AS ${alias}`.length) : alias;
}

function bareCompiler(rubric: Pick<RubricShape, 'period' | 'fiscal_year_start'>, dialect: DialectName): Compiler {
  const shape = { ...rubric, name: '', locale: 'en', currency: '', precision: 2, source: { fields: {} }, metrics: {}, kpis: [], tiers: [], movement: { promote_after: 1, demote_after: 1, grace_periods: 0 } } as RubricShape;
  return new Compiler(shape, { dialect, from: '' });
}

/** The SQL expression of the period label of a DATE expression, as `periodOf` computes it (for tests and explain). */
export function periodLabelSql(rubric: Pick<RubricShape, 'period' | 'fiscal_year_start'>, dialect: DialectName, date: string): string {
  return bareCompiler(rubric, dialect).periodLabel(date);
}

/** The SQL expression of the integer period key of a DATE expression the query pre-aggregates by (for tests). */
export function periodKeySql(rubric: Pick<RubricShape, 'period' | 'fiscal_year_start'>, dialect: DialectName, date: string): string {
  return bareCompiler(rubric, dialect).periodKey(date);
}
