/**
 * The part of the rubric the engine reads, as a structural type. engine/ may import only shared/
 * (scripts/check-imports.mjs), so it cannot name `Rubric` from rubric/schema.ts; a parsed `Rubric`
 * is assignable to `RubricShape` (checked by test/unit/engine/rubric-shape.test.ts).
 */
export type PeriodKind = 'week' | 'month' | 'quarter' | 'half' | 'year';
export type Scalar = string | number | boolean;

export type ConditionShape =
  | Scalar
  | Scalar[]
  | {
      eq?: Scalar | undefined;
      ne?: Scalar | undefined;
      in?: Scalar[] | undefined;
      not_in?: Scalar[] | undefined;
      gt?: number | string | undefined;
      gte?: number | string | undefined;
      lt?: number | string | undefined;
      lte?: number | string | undefined;
      empty?: boolean | undefined;
    };

export interface MetricShape {
  sum?: string | undefined;
  count?: 'rows' | undefined;
  distinct?: string | undefined;
  avg?: string | undefined;
  min?: string | undefined;
  max?: string | undefined;
  ratio?: readonly [string, string] | undefined;
  label?: string | undefined;
  labels?: Record<string, string> | undefined;
  unit?: 'money' | 'count' | 'percent' | 'number' | 'score' | undefined;
  where?: Record<string, ConditionShape> | undefined;
  date?: string | undefined;
}

export interface TargetSpecShape {
  default?: number | undefined;
  per?: PeriodKind | undefined;
  by_tier?: Record<string, number> | undefined;
  by_team?: Record<string, number> | undefined;
  by_region?: Record<string, number> | undefined;
  by_rep?: Record<string, number> | undefined;
  file?: string | undefined;
  sheet?: string | undefined;
  column?: string | undefined;
}

export interface BandsShape {
  mode: 'stepped' | 'linear';
  points: { at: number; factor: number }[];
}

export interface KpiShape {
  id?: string | undefined;
  metric: string;
  label?: string | undefined;
  weight: number;
  direction: 'higher' | 'lower';
  floor?: number | undefined;
  cap?: number | undefined;
  threshold?: number | undefined;
  bands?: BandsShape | undefined;
  missing: 'zero' | 'exclude';
  target: number | TargetSpecShape | 'members';
}

export interface GateShape {
  metric: string;
  min?: number | undefined;
  max?: number | undefined;
}

export interface TierShape {
  id: string;
  label?: string | undefined;
  labels?: Record<string, string> | undefined;
  min_score: number;
  gates: GateShape[];
  color?: string | undefined;
}

export interface FieldSpecShape {
  headers: string[];
  type: 'text' | 'date' | 'money' | 'number' | 'integer' | 'percent';
  /** The column's name in a warehouse table (`salesgrade sql`); default: the first of `headers`. */
  column?: string | undefined;
}

export interface LevelShape {
  kpis: KpiShape[];
  tiers: TierShape[];
  movement?: RubricShape['movement'] | undefined;
}

export interface RubricShape {
  name: string;
  locale: 'zh-CN' | 'en';
  currency: string;
  period: PeriodKind;
  fiscal_year_start: number;
  precision: number;
  source: { fields: Record<string, string[] | FieldSpecShape> };
  metrics: Record<string, MetricShape>;
  kpis: KpiShape[];
  tiers: TierShape[];
  movement: { promote_after: number; demote_after: number; grace_periods: number; count_partial_periods?: boolean };
  levels?: { team?: LevelShape | undefined; region?: LevelShape | undefined } | undefined;
  actions?: Record<string, { bonus_multiplier?: number | undefined; training?: string | undefined; note?: string | undefined }> | undefined;
  /** With `asOf` inside the period: the open-pipeline metric and the KPI whose remaining target it covers. */
  pacing?: { pipeline: string; covers: string } | undefined;
}

export type Aggregate = 'sum' | 'count' | 'distinct' | 'avg' | 'min' | 'max' | 'ratio';

export function aggregateOf(m: MetricShape): Aggregate {
  if (m.sum !== undefined) return 'sum';
  if (m.count !== undefined) return 'count';
  if (m.distinct !== undefined) return 'distinct';
  if (m.avg !== undefined) return 'avg';
  if (m.min !== undefined) return 'min';
  if (m.max !== undefined) return 'max';
  return 'ratio';
}

export function fieldOf(m: MetricShape): string | undefined {
  return m.sum ?? m.distinct ?? m.avg ?? m.min ?? m.max;
}

export function kpiIdOf(k: { id?: string | undefined; metric: string }): string {
  return k.id ?? k.metric;
}

export function tierLabelOf(t: Pick<TierShape, 'id' | 'label' | 'labels'>, locale: string): string {
  return t.labels?.[locale] ?? t.label ?? t.id;
}

export function metricLabelOf(id: string, m: MetricShape | undefined, locale: string): string {
  return m?.labels?.[locale] ?? m?.label ?? id;
}
