/**
 * `salesgrade diff -f json`: a stable shape (`format: salesgrade-diff`, `version: 1`) for bots and
 * dashboards. Numbers are decimal strings as in the evaluation JSON; labels follow the locale, ids do not.
 */
import type { Decimal } from 'decimal.js';
import type { GroupDelta, RepDelta, Spread, TierCount } from '../engine/compare.js';
import type { Located } from '../rubric/locate.js';
import type { DiffReport } from './diff-report.js';

export const DIFF_FORMAT = 'salesgrade-diff';
export const DIFF_FORMAT_VERSION = 1;

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const dec = (d: Decimal | undefined): string | null => (d === undefined ? null : d.toFixed());

function loc(at: Located | undefined): Json {
  return at ? { file: at.source, line: at.range.start.line + 1, column: at.range.start.character + 1 } : null;
}

function value(v: unknown): Json {
  return v === undefined ? null : (JSON.parse(JSON.stringify(v)) as Json);
}

function rep(x: RepDelta): Json {
  const side = (o: RepDelta['before']): Json => (o ? { score: dec(o.score), tier: o.tier, qualified: o.qualified } : null);
  return {
    rep: x.rep,
    team: x.team,
    region: x.region,
    before: side(x.before),
    after: side(x.after),
    delta: dec(x.delta),
    topKpi: x.topKpi ? { kpi: x.topKpi.kpi, label: x.topKpi.label, before: dec(x.topKpi.before), after: dec(x.topKpi.after), delta: dec(x.topKpi.delta) } : null,
  };
}

function group(g: GroupDelta): Json {
  const side = (s: GroupDelta['before']): Json => (s ? { score: dec(s.score), tier: s.tier ?? null } : null);
  return { name: g.name, before: side(g.before), after: side(g.after), delta: dec(g.delta), tierChanged: g.tierChanged };
}

const spread = (s: Spread | undefined): Json => (s ? { min: dec(s.min), median: dec(s.median), max: dec(s.max) } : null);
const dist = (ts: TierCount[]): Json => ts.map((x) => ({ tier: x.tier, label: x.label, before: x.before, after: x.after }));

export function diffToJson(r: DiffReport): Json {
  const d = r.diff;
  return {
    format: DIFF_FORMAT,
    version: DIFF_FORMAT_VERSION,
    period: r.period,
    before: { ...r.before },
    after: { ...r.after },
    readOnce: r.readOnce,
    inputs: r.inputs,
    history: { periods: r.history.periods, files: r.history.files, roster: r.history.roster },
    view: r.view ? { code: r.view.code, kind: r.view.kind, of: r.view.of } : null,
    rubricChanges: r.changes.map((c) => ({
      kind: c.kind,
      name: c.name,
      path: c.path,
      area: c.area,
      before: c.kind === 'added' ? null : value(c.before),
      after: c.kind === 'removed' ? null : value(c.after),
      old: c.kind === 'added' ? null : loc(c.old),
      new: c.kind === 'removed' ? null : loc(c.new),
    })),
    reps: {
      total: d.reps,
      tierChanges: d.tierChanges.map(rep),
      scoreMoved: { count: d.scoreMoved.length, top: d.scoreMoved.slice(0, r.top).map(rep) },
      qualifiedOnly: d.qualifiedOnly.map(rep),
      unchanged: d.unchanged,
      onlyBefore: d.onlyBefore,
      onlyAfter: d.onlyAfter,
    },
    distribution: dist(d.distribution),
    scoreChange: spread(d.scoreChange),
    levels: d.levels.map((lv) => ({
      level: lv.level,
      tierChanges: lv.tierChanges.map(group),
      scoreMoved: { count: lv.scoreMoved.length, top: lv.scoreMoved.slice(0, r.top).map(group) },
      distribution: dist(lv.distribution),
      scoreChange: spread(lv.scoreChange),
    })),
  };
}

export function renderDiffJson(r: DiffReport): string {
  return `${JSON.stringify(diffToJson(r), null, 2)}\n`;
}
