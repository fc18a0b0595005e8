/**
 * What an Evaluation keeps per rep × KPI and per rep × metric, packed (issue 10 item 16): one array of
 * slots per rep instead of a `KpiResult` object, its facts and a `MetricTrace` object per rep × KPI and
 * metric (~190 + 72 + 64 bytes each: 4.4 KB of a rep's 6.3 KB with 10 KPIs). A packed rep reads as
 * before: `rep.kpis` and `rep.metrics` are enumerable accessors that build the plain objects when read
 * (`{ ...rep }`, `toEqual`, JSON see the same values), the last few reps' kept so a renderer reading one
 * rep's KPIs column by column builds them once. Built objects are copies: writing to one changes nothing
 * kept (assigning `rep.kpis` or `rep.metrics` replaces them). Values are the same objects as before —
 * the Decimals, facts, samples and targets are shared, not copied.
 *
 * Per rep × KPI, 6 slots: the KPI's head (what every rep with the same target shares: id, metric, label,
 * weight, direction, target, its source, origin and proration), actual, attainment, points, flags, and
 * the facts — or nothing when they are the usual `kpi-points` facts of an unclamped curve, which are
 * rebuilt from the attainment (the factor paid is the attainment itself). Per rep × metric, 4: value,
 * rows, sample and formula facts. Samples equal to another metric's of the same rep are one array.
 */
import type { KpiFact, KpiResult, MetricTrace, RepEvaluation } from './types.js';

/** What reps scored by one `score` share: the KPI and metric ids, and the usual facts' constant parts. */
interface Layout {
  kpis: number;
  metricIds: string[];
  /** Per KPI: the unit, bands flag and (empty) curve of its unclamped `kpi-points` facts, once seen. */
  usual: ({ unit: KpiFact['unit']; bands: boolean; curve: unknown[] } | undefined)[];
}

/** A KPI result's part shared by reps (interned per KPI: the last one made is reused when equal). */
interface Head {
  kpi: string;
  metric: string;
  label: string;
  weight: number;
  direction: KpiResult['direction'];
  target: KpiResult['target'];
  targetSource: string;
  targetOrigin: KpiResult['targetOrigin'];
  targetProration: KpiResult['targetProration'];
}

/** What a rare KPI result carries besides (pacing, exact values): kept as given. */
interface Extra {
  facts: KpiFact | undefined;
  pacing: KpiResult['pacing'];
  exact: KpiResult['exact'];
}

const EXCLUDED = 1;
const CAPPED = 2;
const FLOORED = 4;
const BELOW = 8;
/** The result has `explanationFacts`. */
const HAS_FACTS = 16;
/** …which are the usual ones (rebuilt, not kept). */
const USUAL = 32;
const PERFECT = 64;
/** The facts slot holds an `Extra`. */
const EXTRA = 128;
const ORIGIN = 256;
const PRORATION = 512;

const KPI_SLOTS = 6;
const TRACE_SLOTS = 4;
/** slots[0]: the layout; [1]: the built kpis, [2]: the built metrics (while cached). */
const HEAD = 3;

const PACKED = Symbol('salesgrade.packed');
type Slots = unknown[];
type Packed = RepEvaluation & { [PACKED]?: Slots };

/** The keys a packable KPI result may have (any other: the rep stays as it is). */
const KPI_KEYS = new Set(['kpi', 'metric', 'label', 'weight', 'direction', 'actual', 'target', 'targetSource', 'targetOrigin', 'targetProration', 'attainment', 'points', 'excluded', 'capped', 'floored', 'belowThreshold', 'explanationFacts', 'exact', 'pacing']);

/** Reps whose objects are built, oldest first (a ring): past `CACHED`, the oldest's are let go. */
const CACHED = 256;
const ring: (Slots | undefined)[] = new Array<Slots | undefined>(CACHED);
let ringAt = 0;

function remember(s: Slots): void {
  const old = ring[ringAt];
  if (old !== undefined && old !== s) {
    old[1] = undefined;
    old[2] = undefined;
  }
  ring[ringAt] = s;
  ringAt = (ringAt + 1) % CACHED;
}

function kpisOf(this: Packed): KpiResult[] {
  const s = this[PACKED]!;
  let out = s[1] as KpiResult[] | undefined;
  if (out === undefined) {
    out = buildKpis(s);
    s[1] = out;
    if (s[2] === undefined) remember(s);
  }
  return out;
}

function metricsOf(this: Packed): Record<string, MetricTrace> {
  const s = this[PACKED]!;
  let out = s[2] as Record<string, MetricTrace> | undefined;
  if (out === undefined) {
    out = buildTraces(s);
    s[2] = out;
    if (s[1] === undefined) remember(s);
  }
  return out;
}

function setKpis(this: Packed, v: KpiResult[]): void {
  Object.defineProperty(this, 'kpis', { value: v, writable: true, enumerable: true, configurable: true });
}

function setMetrics(this: Packed, v: Record<string, MetricTrace>): void {
  Object.defineProperty(this, 'metrics', { value: v, writable: true, enumerable: true, configurable: true });
}

const KPIS: PropertyDescriptor = { get: kpisOf, set: setKpis, enumerable: true, configurable: true };
const METRICS: PropertyDescriptor = { get: metricsOf, set: setMetrics, enumerable: true, configurable: true };

function buildKpis(s: Slots): KpiResult[] {
  const layout = s[0] as Layout;
  const out: KpiResult[] = new Array<KpiResult>(layout.kpis);
  for (let j = 0, o = HEAD; j < layout.kpis; j++, o += KPI_SLOTS) {
    const h = s[o] as Head;
    const flags = s[o + 4] as number;
    const attainment = s[o + 2] as KpiResult['attainment'];
    const r: KpiResult = {
      kpi: h.kpi,
      metric: h.metric,
      label: h.label,
      weight: h.weight,
      direction: h.direction,
      actual: s[o + 1] as KpiResult['actual'],
      target: h.target,
      targetSource: h.targetSource,
      attainment,
      points: s[o + 3] as KpiResult['points'],
      excluded: (flags & EXCLUDED) !== 0,
      capped: (flags & CAPPED) !== 0,
      floored: (flags & FLOORED) !== 0,
      belowThreshold: (flags & BELOW) !== 0,
    };
    const slot = s[o + 5];
    // in `scoreKpi`'s key order
    if (flags & EXTRA && (slot as Extra).exact !== undefined) r.exact = (slot as Extra).exact;
    if (flags & ORIGIN) r.targetOrigin = h.targetOrigin!;
    if (flags & PRORATION) r.targetProration = h.targetProration!;
    if (flags & EXTRA) {
      const x = slot as Extra;
      if (flags & HAS_FACTS) r.explanationFacts = x.facts!;
      if (x.pacing !== undefined) r.pacing = x.pacing;
    } else if (flags & USUAL) {
      const u = layout.usual[j]!;
      r.explanationFacts = { code: 'kpi-points', unit: u.unit, perfect: (flags & PERFECT) !== 0, curve: u.curve as never, factor: attainment!, bands: u.bands };
    } else if (flags & HAS_FACTS) r.explanationFacts = slot as KpiFact;
    out[j] = r;
  }
  return out;
}

function buildTraces(s: Slots): Record<string, MetricTrace> {
  const layout = s[0] as Layout;
  const out: Record<string, MetricTrace> = {};
  const at = HEAD + layout.kpis * KPI_SLOTS;
  for (let i = 0, o = at; i < layout.metricIds.length; i++, o += TRACE_SLOTS) {
    const metric = layout.metricIds[i]!;
    out[metric] = { metric, value: s[o] as MetricTrace['value'], rows: s[o + 1] as number, sample: s[o + 2] as MetricTrace['sample'], formulaFacts: s[o + 3] as MetricTrace['formulaFacts'] };
  }
  return out;
}

function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Packs the reps one `score` makes. `pack(rep)` once the rep's KPIs and traces are final (nothing
 * writes to them after): the rep then reads them through its accessors. A rep whose results do not fit
 * the layout (another KPI order or keys) is left as it is.
 */
export class RepPacker {
  private layout: Layout | undefined;
  private heads: (Head | undefined)[] = [];
  /** Per KPI: the last facts kept (capped, floored, bands: equal for many reps), reused when equal. */
  private lastFacts: (KpiFact | undefined)[] = [];

  pack(rep: RepEvaluation): RepEvaluation {
    const kpis = rep.kpis;
    const metrics = rep.metrics;
    if (Object.getOwnPropertyDescriptor(rep, 'kpis')?.get !== undefined) return rep;
    const ids = Object.keys(metrics);
    this.layout ??= { kpis: kpis.length, metricIds: ids, usual: [] };
    const layout = this.layout;
    if (kpis.length !== layout.kpis || !sameArray(ids, layout.metricIds)) return rep;
    for (const k of kpis) for (const key in k) if (!KPI_KEYS.has(key)) return rep;
    for (let i = 0; i < ids.length; i++) {
      const t = metrics[ids[i]!]!;
      if (t.metric !== ids[i] || Object.keys(t).length !== 5) return rep;
    }
    const s: Slots = new Array<unknown>(HEAD + kpis.length * KPI_SLOTS + ids.length * TRACE_SLOTS);
    s[0] = layout;
    for (let j = 0, o = HEAD; j < kpis.length; j++, o += KPI_SLOTS) {
      const k = kpis[j]!;
      s[o] = this.head(j, k);
      s[o + 1] = k.actual;
      s[o + 2] = k.attainment;
      s[o + 3] = k.points;
      let flags = (k.excluded ? EXCLUDED : 0) | (k.capped ? CAPPED : 0) | (k.floored ? FLOORED : 0) | (k.belowThreshold ? BELOW : 0);
      if ('targetOrigin' in k) flags |= ORIGIN;
      if ('targetProration' in k) flags |= PRORATION;
      const f = k.explanationFacts;
      if ('explanationFacts' in k) flags |= HAS_FACTS;
      if (k.pacing !== undefined || k.exact !== undefined) {
        flags |= EXTRA;
        s[o + 5] = { facts: f, pacing: k.pacing, exact: k.exact } satisfies Extra;
      } else if (f !== undefined && f.code === 'kpi-points' && f.factor === k.attainment && f.curve.length === 0 && Object.keys(f).length === 6) {
        const u = (layout.usual[j] ??= { unit: f.unit, bands: f.bands, curve: f.curve });
        if (u.unit === f.unit && u.bands === f.bands && u.curve === f.curve) flags |= USUAL | (f.perfect ? PERFECT : 0);
        else s[o + 5] = this.facts(j, f);
      } else if (f !== undefined) s[o + 5] = this.facts(j, f);
      s[o + 4] = flags;
    }
    const at = HEAD + kpis.length * KPI_SLOTS;
    for (let i = 0, o = at; i < ids.length; i++, o += TRACE_SLOTS) {
      const t = metrics[ids[i]!]!;
      s[o] = t.value;
      s[o + 1] = t.rows;
      // the same rows sampled for another metric of this rep (a count and a sum over one filter): one array
      let sample = t.sample;
      for (let p = at + 2, n = 0; p < o && n < 8; p += TRACE_SLOTS, n++) {
        const other = s[p] as MetricTrace['sample'];
        if (other !== sample && sameArray(other, sample)) {
          sample = other;
          break;
        }
      }
      s[o + 2] = sample;
      s[o + 3] = t.formulaFacts;
    }
    // A new object with the rep's keys in their order (turning a data property into an accessor would
    // make the rep a dictionary-mode object, larger than what packing saves).
    const out = {} as Packed;
    for (const key of Object.keys(rep) as (keyof RepEvaluation)[]) {
      if (key === 'kpis') Object.defineProperty(out, 'kpis', KPIS);
      else if (key === 'metrics') Object.defineProperty(out, 'metrics', METRICS);
      else (out as unknown as Record<string, unknown>)[key] = rep[key];
    }
    Object.defineProperty(out, PACKED, { value: s });
    return out;
  }

  private head(j: number, k: KpiResult): Head {
    const h = this.heads[j];
    if (
      h !== undefined &&
      h.kpi === k.kpi &&
      h.metric === k.metric &&
      h.label === k.label &&
      h.weight === k.weight &&
      h.direction === k.direction &&
      h.target === k.target &&
      h.targetSource === k.targetSource &&
      h.targetOrigin === k.targetOrigin &&
      h.targetProration === k.targetProration
    ) {
      return h;
    }
    const out: Head = { kpi: k.kpi, metric: k.metric, label: k.label, weight: k.weight, direction: k.direction, target: k.target, targetSource: k.targetSource, targetOrigin: k.targetOrigin, targetProration: k.targetProration };
    this.heads[j] = out;
    return out;
  }

  /** Facts equal to the last kept for this KPI are that object (facts are never changed once made). */
  private facts(j: number, f: KpiFact): KpiFact {
    const last = this.lastFacts[j];
    if (last !== undefined && sameFacts(last, f)) return last;
    this.lastFacts[j] = f;
    return f;
  }
}

function sameFacts(a: KpiFact, b: KpiFact): boolean {
  if (a === b) return true;
  if (a.code !== b.code || a.unit !== b.unit) return false;
  if (a.code === 'kpi-points' && b.code === 'kpi-points') {
    if (a.perfect !== b.perfect || a.factor !== b.factor || a.bands !== b.bands || a.curve.length !== b.curve.length) return false;
    for (let i = 0; i < a.curve.length; i++) {
      const x = a.curve[i]! as Record<string, unknown>;
      const y = b.curve[i]! as Record<string, unknown>;
      if (x.code !== y.code || x.at !== y.at || x.factor !== y.factor) return false;
    }
    return Object.keys(a).length === 6 && Object.keys(b).length === 6;
  }
  if (a.code === 'kpi-points' || b.code === 'kpi-points') return false;
  // (a `kpi-no-value` with its ratio's facts is its own)
  return a.excluded === b.excluded && Object.keys(a).length === 3 && Object.keys(b).length === 3;
}
