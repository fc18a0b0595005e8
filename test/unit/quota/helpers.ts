import { makeCalendar } from '../../../src/quota/calendar.js';
import { decompose, type DecomposeInput, type QuotaEntity, type QuotaPlan } from '../../../src/quota/decompose.js';

export const weekdays = makeCalendar('weekdays');
export const cn = makeCalendar('cn');

export function plan(over: Partial<DecomposeInput>): QuotaPlan {
  return decompose({
    fiscalYear: 2026,
    fiscalYearStart: 1,
    calendar: weekdays,
    metrics: [{ id: 'revenue', label: 'Revenue', unit: 'money', rounding: 1 }],
    roster: [{ rep: 'A', team: 'T1', region: 'R1' }],
    annual: { level: 'company', totals: { revenue: 120000 } },
    split: { by: 'headcount' },
    by: 'month',
    ...over,
  });
}

/** Exact decimal sum of decimal strings (no floats): scaled bigint. */
export function dsum(xs: readonly string[]): string {
  const scale = Math.max(0, ...xs.map((x) => (x.split('.')[1] ?? '').length));
  let t = 0n;
  for (const x of xs) {
    const [i = '0', f = ''] = x.split('.');
    t += BigInt(i + f.padEnd(scale, '0'));
  }
  if (scale === 0) return t.toString();
  const s = t.toString().padStart(scale + 1, '0');
  const fr = s.slice(-scale).replace(/0+$/, '');
  return `${s.slice(0, -scale)}${fr ? `.${fr}` : ''}`;
}

/** Every invariant of a plan: rows and columns reconcile at every level. Returns the first problem. */
export function reconcile(p: QuotaPlan): string | undefined {
  const all = [p.company, ...p.regions, ...p.teams, ...p.reps];
  for (const e of all) {
    for (const [m, a] of Object.entries(e.amounts)) {
      if (dsum(a.periods) !== a.year) return `${e.level} ${e.name} ${m}: periods sum ${dsum(a.periods)} ≠ year ${a.year}`;
      if (dsum(a.months) !== a.year) return `${e.level} ${e.name} ${m}: months sum ${dsum(a.months)} ≠ year ${a.year}`;
      if ([...a.periods, ...a.months, a.year].some((x) => x.startsWith('-'))) return `${e.level} ${e.name}: negative amount`;
    }
  }
  const check = (parent: QuotaEntity, children: QuotaEntity[]): string | undefined => {
    for (const [m, a] of Object.entries(parent.amounts)) {
      const kids = children.map((c) => c.amounts[m]!);
      if (dsum(kids.map((k) => k.year)) !== a.year) return `${parent.level} ${parent.name} ${m}: children's years ≠ ${a.year}`;
      if (dsum(kids.map((k) => k.target)) !== a.target) return `${parent.level} ${parent.name} ${m}: children's targets ≠ ${a.target}`;
      for (let i = 0; i < a.periods.length; i++) {
        if (dsum(kids.map((k) => k.periods[i]!)) !== a.periods[i]) return `${parent.level} ${parent.name} ${m}: period ${i} column does not sum`;
      }
      for (let i = 0; i < 12; i++) {
        if (dsum(kids.map((k) => k.months[i]!)) !== a.months[i]) return `${parent.level} ${parent.name} ${m}: month ${i} column does not sum`;
      }
    }
    return undefined;
  };
  const r0 = check(p.company, p.regions);
  if (r0) return r0;
  for (const g of p.regions) {
    const r = check(g, p.teams.filter((t) => t.region === g.name));
    if (r) return r;
  }
  for (const t of p.teams) {
    const r = check(t, p.reps.filter((x) => x.team === t.name && x.region === t.region));
    if (r) return r;
  }
  return undefined;
}
