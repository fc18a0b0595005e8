/**
 * Teams and regions from the data: without a roster (or for a rep the roster lacks), the export's own
 * `team` / `region` fields (declared in `source.fields`) place a rep in the hierarchy. A rep whose rows
 * of the evaluated period name several teams is placed in the team of the most rows; a tie goes to the
 * team of the latest row (by date, then by file, sheet and row), so the result never depends on the
 * order the rows were fed in.
 */
import type { FieldValue, SourceRef } from './types.js';
import { compareSource, detach } from './metrics.js';
import { UNASSIGNED } from './rollup.js';

export type GroupField = 'team' | 'region';

interface Tally {
  n: number;
  /** The first row naming it (source order), to point a finding at. */
  first: SourceRef;
  /** The latest row naming it: by date, then source order. */
  lastDate: string;
  last: SourceRef;
}

export interface DataGroupPick {
  name: string;
  /** Every name the rep's rows gave, most rows first (the picked one first), with its first row. */
  counts: { name: string; rows: number; first: SourceRef }[];
}

/** One tally: the rows of `rep` in `period` naming `name` in the `field` column. */
export interface DataGroupEntry {
  rep: string;
  period: string;
  field: GroupField;
  name: string;
  rows: number;
  first: SourceRef;
  lastDate: string;
  last: SourceRef;
}

/** Names the reports give reps without a group; a data value spelled so is kept apart from them. */
const RESERVED = new Set([UNASSIGNED, '（未分配）']);

/** A data team or region name as the reports show it (never the unassigned key itself). */
export function dataGroupName(v: string): string {
  return RESERVED.has(v.trim().toLowerCase()) ? `${v} [data]` : v;
}

/** rep → period label → field → name → tally */
export class DataGroups {
  private readonly byRep = new Map<string, Map<string, Map<GroupField, Map<string, Tally>>>>();

  /** Forgets a rep's tallies (`score` consuming the table, once the rep is graded). */
  forget(rep: string): void {
    this.byRep.delete(rep);
  }

  /** Forgets every rep's tallies (the aggregator's `release`). */
  clear(): void {
    this.byRep.clear();
  }

  /** A dated row of `rep` placed in `label`, with the row's date (the latest of its date fields). */
  observe(rep: string, label: string, date: string, fields: Record<string, FieldValue>, source: SourceRef): void {
    const team = fields.team;
    const region = fields.region;
    const hasTeam = typeof team === 'string' && team !== '';
    const hasRegion = typeof region === 'string' && region !== '';
    if (!hasTeam && !hasRegion) return;
    let periods = this.byRep.get(rep);
    if (!periods) this.byRep.set(detach(rep), (periods = new Map()));
    let byField = periods.get(label);
    if (!byField) periods.set(label, (byField = new Map()));
    if (hasTeam) tally(byField, 'team', team, date, source);
    if (hasRegion) tally(byField, 'region', region, date, source);
  }

  /**
   * `observe`'s fast twin for the aggregator: a cursor per rep × period (kept by the caller, which has
   * resolved both to small ids) remembers its tally maps and the last team and region it counted, so a
   * row naming the same team as the rep's previous row in that period costs no Map lookup, and another
   * one lookup. The tallies are the ones `observe` builds, in the same insertion order (tested against
   * it in test/unit/engine/aggregate-fast.test.ts).
   */
  cursor(rep: string, label: string): GroupCursor {
    return { rep, label, byField: undefined, teams: undefined, regions: undefined, team: '', teamTally: undefined, region: '', regionTally: undefined };
  }

  /** `observe(cursor.rep, cursor.label, date, fields, source)`, through the cursor. */
  observeAt(c: GroupCursor, date: string, fields: Record<string, FieldValue>, source: SourceRef): void {
    const team = fields.team;
    const region = fields.region;
    const hasTeam = typeof team === 'string' && team !== '';
    const hasRegion = typeof region === 'string' && region !== '';
    if (!hasTeam && !hasRegion) return;
    let byField = c.byField;
    if (byField === undefined) {
      let periods = this.byRep.get(c.rep);
      if (!periods) this.byRep.set(detach(c.rep), (periods = new Map()));
      byField = periods.get(c.label);
      if (!byField) periods.set(c.label, (byField = new Map()));
      c.byField = byField;
    }
    if (hasTeam) {
      if (team === c.team && c.teamTally !== undefined) bump(c.teamTally, date, source);
      else {
        let names = c.teams;
        if (names === undefined) {
          names = byField.get('team');
          if (!names) byField.set('team', (names = new Map()));
          c.teams = names;
        }
        c.team = detach(team); // kept past the row: not a slice of the chunk it was read from
        c.teamTally = tallyIn(names, team, date, source);
      }
    }
    if (hasRegion) {
      if (region === c.region && c.regionTally !== undefined) bump(c.regionTally, date, source);
      else {
        let names = c.regions;
        if (names === undefined) {
          names = byField.get('region');
          if (!names) byField.set('region', (names = new Map()));
          c.regions = names;
        }
        c.region = detach(region);
        c.regionTally = tallyIn(names, region, date, source);
      }
    }
  }

  /** Every tally, for the serialised MetricTable (docs/metric-table.md). */
  entries(): DataGroupEntry[] {
    const out: DataGroupEntry[] = [];
    for (const [rep, periods] of this.byRep) {
      for (const [period, byField] of periods) {
        for (const [field, names] of byField) for (const [name, t] of names) out.push({ rep, period, field, name, rows: t.n, first: t.first, lastDate: t.lastDate, last: t.last });
      }
    }
    return out;
  }

  /** The tallies back from `entries()`. */
  static fromEntries(entries: readonly DataGroupEntry[]): DataGroups {
    const g = new DataGroups();
    for (const e of entries) {
      let periods = g.byRep.get(e.rep);
      if (!periods) g.byRep.set(e.rep, (periods = new Map()));
      let byField = periods.get(e.period);
      if (!byField) periods.set(e.period, (byField = new Map()));
      let names = byField.get(e.field);
      if (!names) byField.set(e.field, (names = new Map()));
      names.set(e.name, { n: e.rows, first: e.first, lastDate: e.lastDate, last: e.last });
    }
    return g;
  }

  /** The rep's team or region in the period from its rows there; undefined when no row names one. */
  pick(rep: string, label: string, field: GroupField): DataGroupPick | undefined {
    const names = this.byRep.get(rep)?.get(label)?.get(field);
    if (!names || names.size === 0) return undefined;
    const ranked = [...names].sort(([na, a], [nb, b]) => {
      if (a.n !== b.n) return b.n - a.n;
      if (a.lastDate !== b.lastDate) return a.lastDate > b.lastDate ? -1 : 1;
      const c = compareSource(b.last, a.last);
      if (c !== 0) return c;
      return na < nb ? -1 : na > nb ? 1 : 0;
    });
    return {
      name: dataGroupName(ranked[0]![0]),
      counts: ranked.map(([name, t]) => ({ name: dataGroupName(name), rows: t.n, first: t.first })),
    };
  }
}

/** A rep × period's place in the tallies, for `DataGroups.observeAt`. */
export interface GroupCursor {
  readonly rep: string;
  readonly label: string;
  byField: Map<GroupField, Map<string, Tally>> | undefined;
  teams: Map<string, Tally> | undefined;
  regions: Map<string, Tally> | undefined;
  /** The last team counted here and its tally. */
  team: string;
  teamTally: Tally | undefined;
  region: string;
  regionTally: Tally | undefined;
}

/** One more row naming a tallied name. */
function bump(t: Tally, date: string, source: SourceRef): void {
  t.n++;
  if (compareSource(source, t.first) < 0) t.first = source;
  if (date > t.lastDate || (date === t.lastDate && compareSource(source, t.last) > 0)) {
    t.lastDate = date;
    t.last = source;
  }
}

/** Count a row naming `name` in `names` (one lookup); its tally. */
function tallyIn(names: Map<string, Tally>, name: string, date: string, source: SourceRef): Tally {
  const t = names.get(name);
  if (t !== undefined) {
    bump(t, date, source);
    return t;
  }
  const fresh: Tally = { n: 1, first: source, lastDate: date, last: source };
  names.set(detach(name), fresh);
  return fresh;
}

function tally(byField: Map<GroupField, Map<string, Tally>>, field: GroupField, name: string, date: string, source: SourceRef): void {
  let names = byField.get(field);
  if (!names) byField.set(field, (names = new Map()));
  const t = names.get(name);
  if (!t) {
    names.set(detach(name), { n: 1, first: source, lastDate: date, last: source });
    return;
  }
  t.n++;
  if (compareSource(source, t.first) < 0) t.first = source;
  if (date > t.lastDate || (date === t.lastDate && compareSource(source, t.last) > 0)) {
    t.lastDate = date;
    t.last = source;
  }
}

/** `East 5 rows, West 2 rows` */
export function describeCounts(counts: DataGroupPick['counts']): string {
  return counts.map((c) => `${c.name} ${c.rows} row${c.rows === 1 ? '' : 's'}`).join(', ');
}

/**
 * The counts as a finding's facts (plain values, numbered from 1): `{ groups: 2, group1: 'East', rows1: 5,
 * group2: 'West', rows2: 2 }`; report/finding-messages.ts words them in the report's language.
 */
export function countFacts(counts: DataGroupPick['counts']): Record<string, string | number> {
  const out: Record<string, string | number> = { groups: counts.length };
  counts.forEach((c, i) => {
    out[`group${i + 1}`] = c.name;
    out[`rows${i + 1}`] = c.rows;
  });
  return out;
}
