/**
 * The semantic diff of two rubrics: what changed in meaning, not in text. Lists of things that have an
 * identity are matched by it (KPIs by id or metric, tiers by id, gates by metric), so reordering the
 * KPIs is no change and `kpis[1].weight` reads `kpis.win_rate.weight`. Both sides are the parsed,
 * merged rubrics (after `extends` and schema defaults), so a value moved into a base file is no change
 * either; each change carries where it is written on each side (file and 0-based range).
 */
import type { Range } from '../shared/diagnostic.js';
import { formatPath, Locator, type JsonPath, type Located, type YamlLayer } from './locate.js';
import type { Rubric } from './schema.js';

export type RubricChangeKind = 'added' | 'removed' | 'changed';

export interface RubricChange {
  kind: RubricChangeKind;
  /** Semantic path: list items by identity (`['tiers', 'senior', 'min_score']`). */
  path: (string | number)[];
  /** `tiers.senior.min_score`. */
  name: string;
  /** What the change is about, for grouping and sorting in reports. */
  area: 'tiers' | 'kpis' | 'metrics' | 'levels' | 'source' | 'movement' | 'other';
  /** The value before (absent when added) and after (absent when removed). */
  before?: unknown;
  after?: unknown;
  /** Where each side writes it (the closest enclosing node when the side does not write it itself). */
  old?: Located;
  new?: Located;
}

export interface RubricSide {
  rubric: Rubric;
  /** The parsed files (LoadedRubric.layers); without them changes carry no location. */
  layers?: YamlLayer[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** The identity of the items of a list at `path` (by the parent key), or undefined for a plain list. */
function identityOf(path: readonly (string | number)[]): ((item: unknown) => string | undefined) | undefined {
  const last = path[path.length - 1];
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  // a KPI is known by its id, else its metric (as engine/rubric-shape.ts kpiIdOf)
  if (last === 'kpis') return (k) => (isPlainObject(k) ? (str(k.id) ?? str(k.metric)) : undefined);
  if (last === 'tiers') return (t) => (isPlainObject(t) ? str(t.id) : undefined);
  if (last === 'gates') return (g) => (isPlainObject(g) ? str(g.metric) : undefined);
  return undefined;
}

/** Items keyed by identity, or undefined when an item has none or two share one (then: by position). */
function keyed(list: unknown[], id: (item: unknown) => string | undefined): Map<string, number> | undefined {
  const out = new Map<string, number>();
  for (const [i, item] of list.entries()) {
    const k = id(item);
    if (k === undefined || out.has(k)) return undefined;
    out.set(k, i);
  }
  return out;
}

function areaOf(path: readonly (string | number)[]): RubricChange['area'] {
  const top = path[0];
  return top === 'tiers' || top === 'kpis' || top === 'metrics' || top === 'levels' || top === 'source' || top === 'movement' ? top : 'other';
}

interface Walk {
  sem: (string | number)[];
  a: JsonPath;
  b: JsonPath;
}

/** Every semantic change from `before` to `after`, in the order of the new file (removals where they were). */
export function diffRubrics(before: RubricSide, after: RubricSide): RubricChange[] {
  const out: RubricChange[] = [];
  const oldLoc = before.layers?.length ? new Locator(before.layers) : undefined;
  const newLoc = after.layers?.length ? new Locator(after.layers) : undefined;
  const push = (kind: RubricChangeKind, w: Walk, a: unknown, b: unknown): void => {
    const c: RubricChange = { kind, path: w.sem, name: formatPath(w.sem), area: areaOf(w.sem) };
    if (kind !== 'added') c.before = a;
    if (kind !== 'removed') c.after = b;
    const o = oldLoc?.locate(w.a);
    const n = newLoc?.locate(w.b);
    if (o) c.old = o;
    if (n) c.new = n;
    out.push(c);
  };
  const visit = (a: unknown, b: unknown, w: Walk): void => {
    if (deepEqual(a, b)) return;
    if (a === undefined) return push('added', w, a, b);
    if (b === undefined) return push('removed', w, a, b);
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))];
      for (const k of keys) visit(a[k], b[k], { sem: [...w.sem, k], a: [...w.a, k], b: [...w.b, k] });
      return;
    }
    const id = identityOf(w.sem);
    if (Array.isArray(a) && Array.isArray(b) && id) {
      const ka = keyed(a, id);
      const kb = keyed(b, id);
      if (ka && kb) {
        for (const [k, j] of kb) {
          const i = ka.get(k);
          visit(i === undefined ? undefined : a[i], b[j], { sem: [...w.sem, k], a: i === undefined ? w.a : [...w.a, i], b: [...w.b, j] });
        }
        for (const [k, i] of ka) if (!kb.has(k)) visit(a[i], undefined, { sem: [...w.sem, k], a: [...w.a, i], b: w.b });
        return;
      }
    }
    push('changed', w, a, b);
  };
  visit(before.rubric, after.rubric, { sem: [], a: [], b: [] });
  return out;
}

/** `rules/x.yaml:12` for a located change side (1-based line). */
export function lineOf(at: Located | undefined): string | undefined {
  return at ? `${at.source}:${at.range.start.line + 1}` : undefined;
}

export type { Located };
