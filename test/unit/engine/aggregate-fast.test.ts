/**
 * The aggregator's fast path (the default: period ids and arrays instead of string-keyed Maps per row,
 * data-team cursors, remembered `where` verdicts) against its reference twin (`reference: true`, the
 * straightforward per-row path it replaced): on random rows — text values in other cases and with
 * spaces, teams and regions changing between a rep's rows, one or two date fields, bad and future
 * dates, rows out of source order across files and sheets, rows the reader excluded — both give the
 * same table, compared in every Map's and Set's own insertion order (not only as `tableToJson` sorts it),
 * the same `tableToJson`, and the same row annotations; also with columns borrowed from a lender (`diff`).
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import type { ActivityRecord, ExcludedRow, FieldValue } from '../../../src/engine/types.js';
import { createAggregator, type AggregateOptions, type MetricTable } from '../../../src/engine/aggregate.js';
import { DataGroups } from '../../../src/engine/data-groups.js';
import { createWhereAudit } from '../../../src/engine/where.js';
import type { ConditionShape } from '../../../src/engine/rubric-shape.js';
import { tableToJson } from '../../../src/engine/metric-table.js';
import { rubric } from './helpers.js';

const source = { fields: { amount: { headers: ['Amount'], type: 'money' as const }, csat: { headers: ['CSAT'], type: 'number' as const } } };

function makeRubric(period: 'month' | 'quarter', variant: boolean, extraMetrics = 0) {
  const extra = Object.fromEntries(Array.from({ length: extraMetrics }, (_, i) => [`extra_${i}`, i % 2 ? { count: 'rows' as const, where: { kind: 'Visit' } } : { sum: 'amount', date: 'close_date' }]));
  return rubric({
    period,
    source,
    metrics: {
      ...extra,
      revenue: { sum: 'amount', where: { stage: 'Won' }, date: 'close_date' },
      won: { count: 'rows', where: { stage: variant ? ['Won', 'Signed'] : 'Won' }, date: 'close_date' },
      closed: { count: 'rows', where: { stage: ['Won', 'Lost'] }, date: 'close_date' },
      win_rate: { ratio: ['won', 'closed'] },
      customers: { distinct: 'customer', where: { stage: 'Won' }, date: 'close_date' },
      visits: { count: 'rows', where: { kind: 'Visit' } },
      big_visits: { count: 'rows', where: { kind: 'Visit', amount: { gt: variant ? 50 : 100 } } },
      csat: { avg: 'csat' },
      biggest: { max: 'amount', date: 'close_date' },
      smallest: { min: 'amount', where: { amount: { gte: 0 } }, date: 'close_date' },
      // values no row holds, one edit from ones that do: findings carrying the columns' top row counts
      typo: { count: 'rows', where: { stage: 'Wonn' }, date: 'close_date' },
      typo_kind: { count: 'rows', where: { kind: variant ? 'Vist' : 'Visitt' } },
    },
    kpis: [
      { metric: 'revenue', weight: 50, target: 1000 },
      { metric: 'win_rate', weight: 30, target: 0.3 },
      { metric: 'visits', weight: 20, target: 3 },
    ],
    tiers: [{ id: 'a', min_score: 50, gates: [{ metric: 'csat', min: 3 }] }, { id: 'b', min_score: 0 }],
  });
}

const REPS = ['Ann', 'Bob', 'Cai', '张三', 'Ann Longer-Name Than Twelve'];
const STAGES = ['Won', 'won ', ' WON', 'Lost', 'Open', '', 'Signed', 'İ'];
const KINDS = ['Visit', 'visit', 'Call', ''];
const TEAMS = ['East', 'West', 'east', '', null];
/** Not dates, or dates the fast path's digit key does not take (a year before 1900, after 2155). */
const BAD_DATES = ['2026-13-40', '2026-02-30', '2026-1-05', '1899-12-31', '2156-01-01', '2026/03/01', '２０２６-03-01', '2026-03-0a', '2026-03-01 ', ''];
const day = (d: number): string => new Date(Date.UTC(2026, 0, 1) + d * 864e5).toISOString().slice(0, 10);

const rowArb = fc.record({
  rep: fc.constantFrom(...REPS),
  shape: fc.constantFrom('deal', 'deal', 'visit', 'both', 'undated', 'bad-date', 'no-rep', 'bad-value'),
  date: fc.integer({ min: 0, max: 300 }),
  date2: fc.integer({ min: 0, max: 300 }),
  cents: fc.integer({ min: -20_000, max: 9_000_000 }),
  numericText: fc.boolean(),
  stage: fc.constantFrom(...STAGES),
  kind: fc.constantFrom(...KINDS),
  customer: fc.constantFrom('c1', 'c2', ' c1', ''),
  csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  team: fc.constantFrom(...TEAMS),
  region: fc.constantFrom('N', 'S', null),
  file: fc.constantFrom('a.csv', 'b.xlsx'),
  row: fc.integer({ min: 2, max: 400 }),
});
type Row = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;
type Item = { record: ActivityRecord } | { excluded: ExcludedRow };

function toItem(r: Row): Item {
  const src = { file: r.file, ...(r.file === 'b.xlsx' ? { sheet: 'S' } : {}), row: r.row };
  const amount: FieldValue = r.numericText ? (r.cents / 100).toFixed(2) : new Decimal(r.cents).div(100);
  const deal: Record<string, FieldValue> = { close_date: day(r.date), amount, stage: r.stage, customer: r.customer };
  const visit: Record<string, FieldValue> = { date: day(r.shape === 'both' ? r.date2 : r.date), kind: r.kind, csat: r.csat === null ? null : new Decimal(r.csat) };
  const groups: Record<string, FieldValue> = { ...(r.team === null ? {} : { team: r.team }), ...(r.region === null ? {} : { region: r.region }) };
  switch (r.shape) {
    case 'deal':
      return { record: { rep: r.rep, fields: { ...deal, ...groups }, source: src } };
    case 'visit':
      return { record: { rep: r.rep, fields: { ...visit, ...groups }, source: src } };
    case 'both':
      return { record: { rep: r.rep, fields: { ...deal, ...visit, ...groups }, source: src } };
    case 'undated':
      return { record: { rep: r.rep, fields: { amount, stage: r.stage, ...groups }, source: src } };
    case 'bad-date':
      return { record: { rep: r.rep, fields: { ...deal, close_date: BAD_DATES[r.row % BAD_DATES.length]!, date: r.row % 2 ? 'soon' : day(r.date2), ...groups }, source: src } };
    case 'no-rep':
      return { excluded: { source: src, reason: 'no-rep', fields: deal } };
    default:
      return { excluded: { source: src, reason: 'bad-value', fields: { ...deal, amount: null }, badFields: ['amount'] } };
  }
}

/** Everything a table holds, in the order its Maps and Sets hold it (Decimals as text). */
function dump(t: MetricTable): string {
  return JSON.stringify(
    {
      reps: [...t.reps].map(([rep, rd]) => [rep, rd.first, [...rd.periods].map(([label, accs]) => [label, accs])]),
      periods: [...t.periods],
      fedPeriods: [...t.fedPeriods],
      ledger: { ...t.ledger, fedIn: [...t.ledger.fedIn], filteredIn: [...t.ledger.filteredIn], losses: t.ledger.losses.map((l) => ({ ...l, money: [...l.money] })) },
      dates: t.dates,
      seenReps: [...t.seenReps],
      groups: t.groups.entries(),
      whereUnmatched: t.whereUnmatched,
      dateFields: t.dateFields,
    },
    (_k, v: unknown) => (v instanceof Set ? [...(v as Set<unknown>)] : v instanceof Decimal ? `D${v.toString()}` : v === undefined ? '∅' : v),
  );
}

function run(items: Item[], period: 'month' | 'quarter', options: AggregateOptions, withLender: boolean) {
  const lender = withLender ? createAggregator(makeRubric(period, false), { reference: options.reference ?? false, ...(options.asOf ? { asOf: options.asOf } : {}), sampleRows: options.sampleRows ?? 5 }) : undefined;
  const agg = createAggregator(makeRubric(period, withLender), { ...options, ...(lender ? { lender } : {}) });
  for (const it of items) {
    if ('record' in it) {
      lender?.add(it.record);
      agg.add(it.record);
    } else {
      lender?.exclude(it.excluded);
      agg.exclude(it.excluded);
    }
  }
  const t = agg.table();
  const records = items.flatMap((it) => ('record' in it ? [it.record] : []));
  const labels = [...t.periods.keys()].slice(0, 3);
  return {
    dump: dump(t),
    json: JSON.stringify(tableToJson(t)),
    annotations: JSON.stringify(records.map((r) => labels.map((l) => agg.classify(r, l)))),
    lender: lender ? dump(lender.table()) : '',
  };
}

describe('aggregate fast path', () => {
  test('gives the table of its reference twin on random rows (insertion orders, JSON, annotations, a lender)', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 80 }),
        fc.constantFrom('month' as const, 'quarter' as const),
        fc.option(fc.constantFrom('2026-06-30', '2026-09-15'), { nil: undefined }),
        fc.constantFrom(0, 2, 5),
        fc.boolean(),
        (rows, period, asOf, sampleRows, withLender) => {
          const items = rows.map(toItem);
          const options: AggregateOptions = { sampleRows, ...(asOf ? { asOf } : {}) };
          const fast = run(items, period, options, withLender);
          const ref = run(items, period, { ...options, reference: true }, withLender);
          expect(fast).toEqual(ref);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('row codes taken while the rows are fed annotate every row as classify does afterwards, for every period (the data sheets\' one read)', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 80 }),
        fc.constantFrom('month' as const, 'quarter' as const),
        fc.option(fc.constantFrom('2026-06-30', '2026-09-15'), { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(0, 0, 40),
        (rows, period, asOf, reference, withLender, extraMetrics) => {
          // (40 more base metrics: a class's key no longer fits a number and is a text)
          const items = rows.map(toItem);
          const lender = withLender ? createAggregator(makeRubric(period, false, extraMetrics), { reference, ...(asOf ? { asOf } : {}) }) : undefined;
          const agg = createAggregator(makeRubric(period, withLender, extraMetrics), { reference, ...(asOf ? { asOf } : {}), ...(lender ? { lender } : {}) });
          const codes: number[] = [];
          for (const it of items) {
            if ('record' in it) {
              lender?.add(it.record);
              agg.add(it.record);
              codes.push(agg.rowCode(it.record));
            } else agg.exclude(it.excluded);
          }
          const records = items.flatMap((it) => ('record' in it ? [it.record] : []));
          // every period of the data, and one it does not have
          const labels = [...agg.table().periods.keys(), '2031-01'];
          for (const l of labels) expect(codes.map((c) => agg.annotate(c, l))).toEqual(records.map((r) => agg.classify(r, l)));
        },
      ),
      { numRuns: 150 },
    );
  });

  test('row codes past 12 bits of period id: a row whose second date field has period id 4,100 is not taken for one whose first has the next id', () => {
    // Week periods over 80 years: more than 4,094 period ids. A numeric key packs 12 bits a date field;
    // (0, 4,100) and (1, 4) would pack alike if an id that does not fit were not keyed as text.
    const r = rubric({
      period: 'week',
      source,
      metrics: { revenue: { sum: 'amount', where: { stage: 'Won' }, date: 'close_date' }, visits: { count: 'rows', date: 'date' } },
      kpis: [{ metric: 'revenue', weight: 100, target: 1 }],
      tiers: [{ id: 'a', min_score: 0 }],
    });
    const week = (w: number): string => new Date(Date.UTC(1950, 0, 2) + w * 7 * 864e5).toISOString().slice(0, 10);
    const agg = createAggregator(r, {});
    const records: ActivityRecord[] = [];
    const codes: number[] = [];
    const feed = (fields: Record<string, FieldValue>) => {
      const record: ActivityRecord = { rep: 'Ann', fields: { amount: new Decimal(1), stage: 'Won', ...fields }, source: { file: 'a.csv', row: records.length + 2 } };
      agg.add(record);
      codes.push(agg.rowCode(record));
      records.push(record);
    };
    // period id i = week i (first seen in this order)
    for (let w = 0; w < 4200; w++) feed({ close_date: week(w) });
    feed({ close_date: week(0), date: week(4100) });
    feed({ close_date: week(1), date: week(4) });
    const labels = [...agg.table().periods.keys()];
    expect(labels.length).toBe(4200);
    for (const l of [labels[0]!, labels[1]!, labels[4]!, labels[4100]!]) {
      expect(codes.map((c) => agg.annotate(c, l))).toEqual(records.map((x) => agg.classify(x, l)));
    }
  });

  test('remembers `where` verdicts per value, not per row: a value first seen later still gets its own verdict', () => {
    // 'Won' is remembered as passing; ' won' (a different value that passes too) and 'Lost' must not reuse it wrongly.
    const items: Item[] = ['Won', 'Lost', ' won', 'Open', 'Won', 'WON', 'x', 'y', 'z', 'w', 'v', 'u', 'Won', 't', 'won'].map((stage, i) => ({
      record: { rep: 'Ann', fields: { close_date: '2026-03-01', amount: '1', stage, customer: 'c' }, source: { file: 'a.csv', row: i + 2 } },
    }));
    const a = createAggregator(makeRubric('month', false));
    for (const it of items) if ('record' in it) a.add(it.record);
    const revenue = a.table().metrics.find((m) => m.id === 'revenue')!;
    const acc = a.table().reps.get('Ann')!.periods.get('2026-03')![revenue.index]!;
    expect(acc.rows).toBe(6); // Won, ' won', Won, WON, Won (remembered), won (past the memo's size)
  });
});

describe('DataGroups.observeAt', () => {
  test('tallies as observe does, entries in the same order, across changing teams and regions', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ rep: fc.constantFrom('a', 'b'), label: fc.constantFrom('p1', 'p2'), team: fc.constantFrom('E', 'W', '', null), region: fc.constantFrom('N', 'S', null), date: fc.constantFrom('2026-01-01', '2026-01-02'), row: fc.integer({ min: 1, max: 50 }) }),
          { maxLength: 60 },
        ),
        (obs) => {
          const ref = new DataGroups();
          const fast = new DataGroups();
          const cursors = new Map<string, ReturnType<DataGroups['cursor']>>();
          for (const o of obs) {
            const fields: Record<string, FieldValue> = { ...(o.team === null ? {} : { team: o.team }), ...(o.region === null ? {} : { region: o.region }) };
            const src = { file: 'f.csv', row: o.row };
            ref.observe(o.rep, o.label, o.date, fields, src);
            const key = `${o.rep}|${o.label}`;
            let c = cursors.get(key);
            if (!c) cursors.set(key, (c = fast.cursor(o.rep, o.label)));
            fast.observeAt(c, o.date, fields, src);
          }
          expect(JSON.stringify(fast.entries())).toBe(JSON.stringify(ref.entries()));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('createWhereAudit', () => {
  test('the fast count (recent values without a lookup) gives the findings of the reference count, read twice, past its memory', () => {
    const metrics: { id: string; def: { where: Record<string, ConditionShape> } }[] = [
      { id: 'won', def: { where: { stage: ['Won', 'Lost'] } } },
      { id: 'visit', def: { where: { kind: 'Vissit', stage: { ne: 'Opne' } } } },
    ];
    const values = fc.constantFrom('Won', 'won', ' Won', 'Lost', 'Open', 'Visit', 'visit', '', ' ', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i');
    fc.assert(
      fc.property(fc.array(fc.record({ stage: fc.option(values, { nil: undefined }), kind: fc.option(values, { nil: null }), n: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }) }), { maxLength: 120 }), fc.integer({ min: 0, max: 120 }), (rows, readAt) => {
        const fast = createWhereAudit(metrics);
        const ref = createWhereAudit(metrics, { reference: true });
        const found: string[][] = [[], []];
        rows.forEach((r, i) => {
          const rec: Record<string, FieldValue> = { kind: r.kind, ...(r.stage === undefined ? {} : { stage: r.stage }), ...(r.n === undefined ? {} : { stage: new Decimal(r.n) }) };
          fast.observe(rec);
          ref.observe(rec);
          if (i === readAt) {
            found[0]!.push(JSON.stringify(fast.unmatched()));
            found[1]!.push(JSON.stringify(ref.unmatched()));
          }
        });
        found[0]!.push(JSON.stringify(fast.unmatched()));
        found[1]!.push(JSON.stringify(ref.unmatched()));
        expect(found[0]).toEqual(found[1]);
      }),
      { numRuns: 200 },
    );
  });
});
