/**
 * `diff` of a rubric that changes some metrics (issue 13): the new rubric's aggregator borrows the old
 * one's columns whose definition is the same (engine/aggregate.ts `columnKey`) and aggregates only the
 * changed or added ones, in the same pass over the rows. Differential: over random rubric pairs (metrics
 * kept, changed in `where`, date field, field, unit or source mapping, renamed, added, their `where`
 * rewritten in another key order) and random exports, the combined aggregation gives each rubric the
 * MetricTable (tableToJson), Evaluation, row annotations and diff that aggregating it alone gives; and
 * the accumulator objects show that only the changed metrics were aggregated twice.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import type { ActivityRecord, Evaluation, ExcludedRow, FieldValue } from '../../../src/engine/types.js';
import { createEvaluator, type Evaluator, type EvaluatorOptions } from '../../../src/engine/evaluate.js';
import { columnKey, createAggregator, type MetricTable } from '../../../src/engine/aggregate.js';
import { compareEvaluations } from '../../../src/engine/compare.js';
import { tableToJson } from '../../../src/engine/metric-table.js';
import type { CellStore } from '../../../src/engine/cell-store.js';
import type { Rubric, RubricInput } from '../../../src/rubric/schema.js';
import { manifest, rubric } from './helpers.js';

type Metrics = RubricInput['metrics'];
type Change = 'same' | 'where' | 'date' | 'field' | 'unit' | 'rename' | 'reorder';
const CHANGES: Change[] = ['same', 'same', 'same', 'where', 'date', 'field', 'unit', 'rename', 'reorder'];

const BASE: Metrics = {
  revenue: { sum: 'amount', where: { stage: 'Won', kind: { empty: true } }, date: 'close_date' },
  won: { count: 'rows', where: { stage: 'Won' }, date: 'close_date' },
  closed: { count: 'rows', where: { stage: ['Won', 'Lost'] }, date: 'close_date' },
  win_rate: { ratio: ['won', 'closed'] },
  customers: { distinct: 'customer', where: { stage: 'Won' }, date: 'close_date' },
  visits: { count: 'rows', where: { kind: 'Visit' } },
  csat: { avg: 'csat' },
  biggest: { max: 'amount', date: 'close_date' },
};

/** One metric under a change: a new definition (or the same one under another id, or key order). */
function changed(id: string, def: Metrics[string], change: Change): Metrics[string] {
  const d = { ...def } as Record<string, unknown>;
  if ('ratio' in def) return def;
  switch (change) {
    case 'where':
      d.where = id === 'visits' ? { kind: ['Visit', 'Call'] } : { stage: ['Won', 'won '] };
      break;
    case 'date':
      d.date = (def as { date?: string }).date === 'close_date' ? 'date' : 'close_date';
      break;
    case 'field':
      if ('sum' in d) d.sum = 'csat';
      else if ('avg' in d) d.avg = 'amount';
      else if ('distinct' in d) d.distinct = 'rep_note';
      else if ('max' in d) d.max = 'csat';
      else d.where = { ...(d.where as object), customer: { empty: false } };
      break;
    case 'unit':
      d.unit = 'number';
      break;
    case 'reorder': {
      const w = (def as { where?: Record<string, unknown> }).where;
      if (w) d.where = Object.fromEntries(Object.entries(w).reverse());
      break;
    }
    default:
      break;
  }
  return d as Metrics[string];
}

interface Pair {
  changes: Record<string, Change>;
  /** The new rubric adds a metric used by a gate (aggregated for it alone). */
  added: boolean;
  /** The new rubric maps `amount` as a plain number (its default unit changes: not the same column). */
  source: boolean;
  threshold: number;
}

const pairArb: fc.Arbitrary<Pair> = fc.record({
  changes: fc.record(Object.fromEntries(Object.keys(BASE).map((id) => [id, fc.constantFrom(...CHANGES)])) as Record<string, fc.Arbitrary<Change>>),
  added: fc.boolean(),
  source: fc.boolean(),
  threshold: fc.integer({ min: 50, max: 120 }),
});

function rubricOf(metrics: Metrics, ids: (id: string) => string, opts: { added?: boolean; source?: boolean; threshold?: number } = {}) {
  return rubric({
    locale: 'en',
    source: { fields: { amount: { headers: ['Amount'], type: opts.source ? 'number' : 'money' } } },
    metrics: opts.added ? { ...metrics, calls: { count: 'rows', where: { kind: 'Call' } } } : metrics,
    kpis: [
      { metric: ids('revenue'), weight: 40, target: { default: 150000, per: 'year' }, cap: 1.5 },
      { metric: ids('win_rate'), weight: 20, target: 0.4, cap: 1.2 },
      { metric: ids('customers'), weight: 20, target: 2 },
      { metric: ids('visits'), weight: 20, target: 5 },
    ],
    tiers: [
      { id: 'top', min_score: opts.threshold ?? 90, gates: [{ metric: ids('csat'), min: 3 }] },
      { id: 'mid', min_score: 60, gates: opts.added ? [{ metric: 'calls', max: 1000 }, { metric: ids('biggest'), min: 0 }] : [{ metric: ids('biggest'), min: 0 }] },
      { id: 'low', min_score: 0 },
    ],
    period: 'month',
    movement: { promote_after: 2, demote_after: 2, grace_periods: 1 },
    levels: {
      team: { kpis: [{ metric: ids('revenue'), weight: 70, target: 'members' }, { metric: ids('customers'), weight: 30, target: 'members' }], tiers: [{ id: 'A', min_score: 100 }, { id: 'B', min_score: 0 }] },
    },
  });
}

function pairOf(p: Pair) {
  const before = rubricOf(BASE, (id) => id);
  const rename = (id: string) => (p.changes[id] === 'rename' ? `${id}_v2` : id);
  const metrics: Metrics = {};
  for (const [id, def] of Object.entries(BASE)) {
    const d = changed(id, def, p.changes[id]!);
    metrics[rename(id)] = 'ratio' in d ? { ...d, ratio: [rename(d.ratio[0]), rename(d.ratio[1])] } : d;
  }
  return { before, after: rubricOf(metrics, rename, p) };
}

// ---- exports --------------------------------------------------------------------------------------

const REPS = ['Ann', 'Bob', 'Cai', '张三'];
const day = (d: number): string => new Date(Date.UTC(2026, 4, 1) + d * 864e5).toISOString().slice(0, 10);

interface Row {
  rep: string;
  kind: 'deal' | 'visit' | 'call' | 'both' | 'no-rep' | 'bad-value' | 'undated';
  date: number;
  date2: number;
  cents: number;
  stage: string;
  customer: string;
  csat: number | null;
  team: string | null;
}

const rowArb: fc.Arbitrary<Row> = fc.record({
  rep: fc.constantFrom(...REPS),
  kind: fc.constantFrom('deal', 'deal', 'visit', 'call', 'both', 'no-rep', 'bad-value', 'undated'),
  date: fc.integer({ min: 0, max: 120 }),
  date2: fc.integer({ min: 0, max: 120 }),
  cents: fc.integer({ min: 0, max: 9_000_000 }),
  stage: fc.constantFrom('Won', 'Won', 'Lost', 'Open', 'won '),
  customer: fc.constantFrom('c1', 'c2', ''),
  csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  team: fc.option(fc.constantFrom('East', 'West'), { nil: null }),
});

type Item = { record: ActivityRecord } | { excluded: ExcludedRow };

function toItems(rows: Row[]): Item[] {
  const anchor: Row = { rep: 'Ann', kind: 'deal', date: 100, date2: 0, cents: 100, stage: 'Won', customer: 'c1', csat: 4, team: 'East' };
  return [anchor, ...rows].map((r, i): Item => {
    const source = { file: 'a.csv', row: i + 2 };
    const deal = { close_date: day(r.date), amount: new Decimal(r.cents).div(100), stage: r.stage, customer: r.customer, rep_note: r.customer };
    const act = { date: day(r.kind === 'both' ? r.date2 : r.date), kind: r.kind === 'call' ? 'Call' : 'Visit', csat: r.csat === null ? null : new Decimal(r.csat) };
    const team: Record<string, FieldValue> = r.team === null ? {} : { team: r.team };
    switch (r.kind) {
      case 'deal':
        return { record: { rep: r.rep, fields: { ...deal, ...team }, source } };
      case 'visit':
      case 'call':
        return { record: { rep: r.rep, fields: { ...act, ...team }, source } };
      case 'both':
        return { record: { rep: r.rep, fields: { ...deal, ...act, ...team }, source } };
      case 'undated':
        return { record: { rep: r.rep, fields: { amount: new Decimal(r.cents), stage: r.stage }, source } };
      case 'no-rep':
        return { excluded: { source, reason: 'no-rep', fields: deal } };
      case 'bad-value':
        return { excluded: { source, reason: 'bad-value', fields: { ...deal, amount: null }, badFields: ['amount'] } };
    }
  });
}

type Feed = { add(r: ActivityRecord): void; exclude(r: ExcludedRow): void };

function feedAll(ev: Feed, items: Item[]): void {
  for (const it of items) {
    if ('record' in it) ev.add(it.record);
    else ev.exclude(it.excluded);
  }
}

/**
 * Feed several aggregators: row by row, each row to every one in turn (as the pipeline does: a borrower
 * then reuses its lender's outcome for that row), or each one all the rows (it filters every row itself).
 */
function feedEach(feeds: Feed[], items: Item[], interleaved: boolean): void {
  if (!interleaved) for (const f of feeds) feedAll(f, items);
  else for (const it of items) for (const f of feeds) feedAll(f, [it]);
}

type Finished = { evaluation: Evaluation; annotations: string[] } | { error: string };

/** What a finished evaluator gives: its Evaluation and row annotations, or its error. */
function finish(ev: Evaluator, items: Item[]): Finished {
  try {
    const evaluation = ev.finish();
    return { evaluation, annotations: items.flatMap((it) => ('record' in it ? [JSON.stringify(ev.classify(it.record))] : [])) };
  } catch (e) {
    return { error: String(e) };
  }
}

/** Ids of the column stores seen (an accumulator's identity is its store, cell and metric). */
const storeIds = new WeakMap<CellStore, number>();
let storesSeen = 0;
const storeId = (s: CellStore): number => {
  let id = storeIds.get(s);
  if (id === undefined) storeIds.set(s, (id = ++storesSeen));
  return id;
};

/**
 * Every accumulator of a table, by metric id, as where it is kept (`CellStore.origin`: store, cell,
 * metric index — a borrowed column resolves to the lender's): two tables share an accumulator exactly
 * when these are equal.
 */
function accsByMetric(table: MetricTable): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>(table.metrics.filter((m) => !m.ratio).map((m) => [m.id, new Set()]));
  for (const rd of table.reps.values()) {
    for (const [, cell] of rd.periods.cells()) {
      for (const m of table.metrics) {
        const o = rd.periods.store.origin(cell, m.index);
        if (o) out.get(m.id)!.add(`${storeId(o.store)}:${o.cell}:${o.index}`);
      }
    }
  }
  return out;
}

const count = (m: Map<string, Set<string>>): number => [...m.values()].reduce((n, s) => n + s.size, 0);

/** Accumulators each aggregation creates, by metric id (`onNewAcc`). */
function created(): { counts: Map<string, number>; onNewAcc: (id: string) => void } {
  const counts = new Map<string, number>();
  return { counts, onNewAcc: (id) => counts.set(id, (counts.get(id) ?? 0) + 1) };
}

/**
 * Aggregate the old rubric, and the new one borrowing from it, counting the accumulators each creates;
 * and the new one alone. Returns the new rubric's counts, combined and alone.
 */
function creations(before: Rubric, after: Rubric, items: Item[], opts: { sampleRows?: number; asOf?: string } = {}, interleaved = true) {
  const old = created();
  const now = created();
  const alone = created();
  const a = createAggregator(before, { ...opts, onNewAcc: old.onNewAcc });
  const b = createAggregator(after, { ...opts, lender: a, onNewAcc: now.onNewAcc });
  feedEach([a, b], items, interleaved);
  feedAll(createAggregator(after, { ...opts, onNewAcc: alone.onNewAcc }), items);
  return { old: old.counts, combined: now.counts, alone: alone.counts, table: b.table() };
}

describe('diff: only the changed metrics are aggregated for the new rubric', () => {
  test('the combined aggregation gives each rubric the table, Evaluation, annotations and diff of aggregating it alone', () => {
    let borrowedSome = 0;
    let aggregatedSome = 0;
    fc.assert(
      fc.property(pairArb, fc.array(rowArb, { maxLength: 60 }), fc.option(fc.constantFrom('2026-07', '2026-06'), { nil: undefined }), fc.boolean(), (p, rows, period, interleaved) => {
        const { before, after } = pairOf(p);
        const items = toItems(rows);
        const opts: EvaluatorOptions = { manifest, sampleRows: 2, ...(period ? { period } : {}) };
        // alone: one aggregation each
        const aloneA = createEvaluator(before, opts);
        const aloneB = createEvaluator(after, opts);
        feedAll(aloneA, items);
        feedAll(aloneB, items);
        // combined: the new rubric's evaluator is created after the old one's, as `diff` does
        const a = createEvaluator(before, opts);
        const b = createEvaluator(after, opts, [a]);
        feedEach([...new Set([a.feed, b.feed])], items, interleaved);

        expect(JSON.stringify(tableToJson(a.table()))).toBe(JSON.stringify(tableToJson(aloneA.table())));
        expect(JSON.stringify(tableToJson(b.table()))).toBe(JSON.stringify(tableToJson(aloneB.table())));

        // The accumulators: a metric of the new rubric defined as one of the old is the old one's cells
        // (the same objects), every other metric has its own.
        const oldKeys = new Map(a.table().metrics.map((m) => [columnKey(m, before), m.id]));
        const accA = accsByMetric(a.table());
        const accB = accsByMetric(b.table());
        const fresh = accsByMetric(aloneB.table());
        let ownB = 0;
        for (const m of b.table().metrics) {
          if (m.ratio) continue;
          const same = oldKeys.get(columnKey(m, after));
          if (b.feed === a.feed || same !== undefined) {
            const theirs = accA.get(same ?? m.id)!;
            for (const acc of accB.get(m.id)!) expect(theirs.has(acc)).toBe(true);
            if (b.feed !== a.feed) borrowedSome++;
          } else {
            for (const acc of accB.get(m.id)!) expect([...accA.values()].some((s) => s.has(acc))).toBe(false);
            ownB += fresh.get(m.id)!.size;
            aggregatedSome++;
          }
        }
        const all = new Set([...accA.values(), ...accB.values()].flatMap((s) => [...s]));
        expect(all.size).toBe(count(accsByMetric(aloneA.table())) + ownB);
        // and the accumulators created: none for a borrowed metric, as many as alone for the others
        const made = creations(before, after, items, { sampleRows: 2 }, interleaved);
        for (const m of made.table.metrics) {
          if (m.ratio) continue;
          const mine = made.combined.get(m.id) ?? 0;
          expect(mine, m.id).toBe(oldKeys.has(columnKey(m, after)) ? 0 : (made.alone.get(m.id) ?? 0));
        }

        const gotA = finish(a, items);
        const gotB = finish(b, items);
        const wantA = finish(aloneA, items);
        const wantB = finish(aloneB, items);
        const json = (x: Finished) => ('error' in x ? x : { evaluation: JSON.stringify(x.evaluation), annotations: x.annotations });
        expect(json(gotA)).toEqual(json(wantA));
        expect(json(gotB)).toEqual(json(wantB));
        if ('evaluation' in gotA && 'evaluation' in gotB && 'evaluation' in wantA && 'evaluation' in wantB && gotA.evaluation.period.label === gotB.evaluation.period.label) {
          expect(JSON.stringify(compareEvaluations(gotA.evaluation, gotB.evaluation))).toBe(JSON.stringify(compareEvaluations(wantA.evaluation, wantB.evaluation)));
        }
      }),
      { numRuns: 60 },
    );
    // the generator reached both sides of the decision
    expect(borrowedSome).toBeGreaterThan(0);
    expect(aggregatedSome).toBeGreaterThan(0);
  });

  test('one changed metric: it alone is aggregated twice, the others once (counted by accumulator objects)', () => {
    const before = rubricOf(BASE, (id) => id);
    // visits counts calls too; biggest is renamed (the same definition: borrowed by its definition, not its id)
    const { biggest, ...rest } = BASE;
    const after = rubricOf({ ...rest, top_deal: biggest!, visits: { count: 'rows', where: { kind: ['Visit', 'Call'] } } }, (id) => (id === 'biggest' ? 'top_deal' : id));
    const items = toItems([
      { rep: 'Bob', kind: 'deal', date: 70, date2: 0, cents: 500_00, stage: 'Won', customer: 'c2', csat: null, team: 'West' },
      { rep: 'Bob', kind: 'visit', date: 71, date2: 0, cents: 0, stage: '', customer: '', csat: 5, team: 'West' },
      { rep: 'Ann', kind: 'call', date: 72, date2: 0, cents: 0, stage: '', customer: '', csat: null, team: 'East' },
      { rep: 'Cai', kind: 'both', date: 40, date2: 75, cents: 120_00, stage: 'Lost', customer: 'c1', csat: 3, team: null },
    ]);
    const opts: EvaluatorOptions = { manifest, period: '2026-07' };
    const a = createEvaluator(before, opts);
    const b = createEvaluator(after, opts, [a]);
    expect(b.feed).not.toBe(a.feed);
    feedEach([a.feed, b.feed], items, true);
    const accA = accsByMetric(a.table());
    const accB = accsByMetric(b.table());
    for (const id of ['revenue', 'won', 'closed', 'customers', 'csat']) {
      expect(accB.get(id)!.size, id).toBeGreaterThan(0);
      expect(accB.get(id), id).toEqual(accA.get(id));
      for (const acc of accB.get(id)!) expect(accA.get(id)!.has(acc), id).toBe(true);
    }
    expect([...accB.get('top_deal')!].every((acc) => accA.get('biggest')!.has(acc))).toBe(true);
    // visits: its own accumulators, with the calls counted
    expect([...accB.get('visits')!].some((acc) => accA.get('visits')!.has(acc))).toBe(false);
    const distinct = new Set([...accA.values(), ...accB.values()].flatMap((s) => [...s]));
    expect(distinct.size).toBe(count(accA) + accB.get('visits')!.size);
    // Counted as they are created: the new rubric's aggregation creates the visits cells alone.
    const made = creations(before, after, items);
    expect([...made.combined.keys()]).toEqual(['visits']);
    expect(made.combined.get('visits')).toBe(made.alone.get('visits'));
    expect(made.alone.get('revenue')).toBe(made.old.get('revenue'));
    expect(made.alone.get('top_deal')).toBe(made.old.get('biggest'));
    // Ann's July: a visit count of 1 (the call) under the new rubric, none under the old
    const annJuly = (ev: Evaluator) => ev.table().reps.get('Ann')!.periods.get('2026-07')!;
    const visitsOf = (ev: Evaluator) => ev.table().metrics.find((m) => m.id === 'visits')!.index;
    expect(annJuly(b)[visitsOf(b)]!.rows).toBe(1);
    expect(annJuly(a)[visitsOf(a)]).toBeUndefined();
  });

  test('a lender with another asOf or sample size is refused (its cells would differ)', () => {
    const r = rubricOf(BASE, (id) => id);
    const lender = createAggregator(r, { asOf: '2026-07-31' });
    expect(() => createAggregator(r, { lender })).toThrow('another calendar, asOf or sample size');
    expect(() => createAggregator(r, { asOf: '2026-07-31', sampleRows: 1, lender })).toThrow('another calendar, asOf or sample size');
    expect(() => createAggregator(r, { asOf: '2026-07-31', lender })).not.toThrow();
  });
});
