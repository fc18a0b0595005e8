/**
 * The quota pipeline: find and load the rubric → read the roster, the calendar file, an annual-targets
 * file and the `--history` export → decompose (pure, src/quota/) → the plan. Heavy modules are
 * imported here, never by the command file.
 */
import { readFile } from 'node:fs/promises';
import { Decimal } from 'decimal.js';
import { extname, resolve } from 'node:path';
import type { CalendarExtra, WorkCalendar } from '../../quota/calendar.js';
import type { AnnualTargets, QuotaGranularity, QuotaMetricSpec, QuotaPlan, RosterEntryShape } from '../../quota/decompose.js';
import type { LoadedRubric } from '../../rubric/load.js';
import type { Rubric } from '../../rubric/schema.js';
import { SalesgradeError, type ErrorLocation } from '../../shared/errors.js';
import type { CliIo } from '../io.js';
import { displayPath } from './evaluate.js';
import { warningLine } from '../messages.js';

export interface QuotaRequest {
  io: CliIo;
  rubric?: string;
  roster?: string;
  year?: number;
  by: QuotaGranularity;
  history?: string;
  weekdayFallback?: boolean;
  /** Report language (--locale); default the rubric's. */
  locale?: 'zh-CN' | 'en';
  note: (message: string) => void;
}

export interface QuotaOutcome {
  plan: QuotaPlan;
  rubric: LoadedRubric;
  /** Absolute paths of every file read. */
  inputs: string[];
  rosterFile?: { path: string; sha256: string };
  /** The rubric path as the user should see it. */
  rubricPath: string;
  yearDefaulted: boolean;
}

type Table = { headers: string[]; rows: { row: number; values: (string | null)[] }[]; sheet?: string };

const norm = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/[\s_\-.:*#'"`]/g, '');

function findColumn(headers: string[], names: readonly string[]): number {
  const wanted = new Set(names.map(norm));
  return headers.findIndex((h) => wanted.has(norm(h)));
}

function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function where(file: string, table: Table, row: number, col: number): ErrorLocation {
  return table.sheet !== undefined ? { file, sheet: table.sheet, cell: `${columnLetter(col)}${row}` } : { file, line: row, column: col + 1 };
}

/** `1,234.5`, `¥1,234`, ` 12 ` → `1234.5`; anything else is an error at the cell. */
function amountOf(raw: string, file: string, table: Table, row: number, col: number): string {
  const s = raw.replace(/[,\s¥$￥]/g, '');
  if (!/^\d+(\.\d+)?$/.test(s)) {
    throw new SalesgradeError('quota-invalid', `expected an amount ≥ 0, found "${raw}"`, { location: where(file, table, row, col) });
  }
  return s;
}

const LEVEL_HEADERS: Record<'region' | 'team' | 'rep', string[]> = {
  region: ['region', '区域', '大区', 'Region'],
  team: ['team', '团队', '小组', '部门', 'Team'],
  rep: ['rep', '销售代表', '销售', '负责人', 'Sales Rep', 'Owner', 'name', '姓名'],
};
const MONTH_HEADERS = ['month', '月份', 'period', '期间', 'date', '日期'];

/** A metric's column: its id, its label, its labels; a lone metric also takes target / amount columns. */
function metricColumns(headers: string[], rubric: Rubric, lone: boolean, skip: Set<number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, m] of Object.entries(rubric.metrics)) {
    const names = [id, m.label, ...Object.values(m.labels ?? {})].filter((x): x is string => Boolean(x));
    const c = findColumn(headers, names);
    if (c >= 0 && !skip.has(c)) out.set(id, c);
  }
  if (out.size === 0 && lone) {
    const c = findColumn(headers, ['target', '目标', 'amount', '金额', 'actual', '实绩', 'quota', 'value']);
    if (c >= 0) out.set('', c);
  }
  return out;
}

function metricSpec(id: string, rubric: Rubric, locale: 'zh-CN' | 'en'): QuotaMetricSpec {
  const m = rubric.metrics[id];
  const count = m !== undefined && ('count' in m || 'distinct' in m || m.unit === 'count');
  const label = m?.labels?.[locale] ?? m?.label ?? id;
  return { id, label, unit: count ? 'count' : 'money', rounding: count ? 1 : (rubric.quota?.rounding ?? 1) };
}

function monthOf(raw: string): number | undefined {
  const m = /^(\d{4})[-/.年](\d{1,2})/.exec(raw.trim());
  if (!m) return undefined;
  const mo = Number(m[2]);
  return mo >= 1 && mo <= 12 ? mo : undefined;
}

/**
 * The working-day calendar of the rubric, with its file read (relative to the rubric) through io/. A bad
 * row in the file is fatal (exit 2, located): a calendar with a wrong day would shift every target.
 * Without `weekdayFallback`, a `cn` year the data lacks (and the file does not supply) is refused when
 * it is first asked for (`calendar-unsupported`); with it, that year counts Monday–Friday and the
 * caller warns (see `WorkCalendar.fallbackYears`).
 */
export async function loadQuotaCalendar(
  rubric: Rubric,
  rubricDir: string,
  cwd: string,
  options: { weekdayFallback?: boolean; note: (m: string) => void; inputs?: string[] },
): Promise<WorkCalendar> {
  const [{ makeCalendar }, { readCalendarFile }, { findingLocation }] = await Promise.all([
    import('../../quota/calendar.js'),
    import('../../io/calendar-file.js'),
    import('../../io/findings.js'),
  ]);
  const spec = rubric.quota?.calendar ?? 'weekdays';
  let extra: CalendarExtra | undefined;
  if (typeof spec !== 'string' && spec.file) {
    const abs = resolve(rubricDir, spec.file);
    const shown = displayPath(cwd, abs);
    const read = await readCalendarFile(resolve(cwd) === process.cwd() ? shown : abs);
    const bad = read.findings.find((f) => f.severity === 'error');
    if (bad) {
      const more = read.findings.filter((f) => f.severity === 'error').length - 1;
      throw new SalesgradeError('calendar-invalid', bad.message, {
        location: { ...findingLocation(bad), file: shown },
        hint: `${more > 0 ? `${more} more; ` : ''}run: salesgrade check`,
      });
    }
    extra = { holidays: read.holidays, workdays: read.workdays };
    options.inputs?.push(abs);
  }
  return makeCalendar(spec, extra, {
    ...(options.weekdayFallback ? { fallback: 'weekdays' as const } : {}),
    onFallback: (y) => options.note(warningLine(`no official cn calendar for ${y}: Monday–Friday used (--weekday-fallback)`)),
  });
}

export async function runQuota(req: QuotaRequest): Promise<QuotaOutcome> {
  const { io } = req;
  const cwd = io.cwd;
  const [{ loadRubric, discoverRubric }, { readRoster }, { readTable }, { decompose }, { fiscalYearOf }] = await Promise.all([
    import('../../rubric/load.js'),
    import('../../io/roster.js'),
    import('../../io/table.js'),
    import('../../quota/decompose.js'),
    import('../../shared/calendar.js'),
  ]);
  const rubricPath = req.rubric ?? displayPath(cwd, await discoverRubric(cwd));
  const loaded = await loadRubric(resolve(cwd, rubricPath));
  const rubric = loaded.rubric;
  const inputs: string[] = [resolve(cwd, rubricPath), ...(loaded.sources ?? []).slice(1).map((s) => resolve(cwd, s.path))];
  const quota = rubric.quota;
  if (!quota) {
    throw new SalesgradeError('quota-invalid', 'the rubric has no quota section', { location: { file: rubricPath }, hint: 'add quota: { annual: { revenue: 48000000 }, … } (see README, "Quota")' });
  }
  const locale = req.locale ?? rubric.locale;
  const fys = rubric.fiscal_year_start;

  // roster
  const rosterAbs = req.roster ? resolve(cwd, req.roster) : rubric.roster ? resolve(loaded.dir, rubric.roster.file) : undefined;
  if (!rosterAbs) {
    throw new SalesgradeError('roster-invalid', 'quota needs a roster to split the target over', { hint: 'give --roster roster.xlsx or roster.file in the rubric' });
  }
  const roster = await readRoster(rosterAbs, rubric.roster, rubric.tiers);
  inputs.push(rosterAbs);
  for (const f of roster.findings) req.note(warningLine(f.message, `${displayPath(cwd, rosterAbs)}${f.row !== undefined ? `:${f.row}` : ''}`));
  const entries: RosterEntryShape[] = roster.entries.map((e) => {
    const out: RosterEntryShape = { rep: e.rep };
    if (e.team !== undefined) out.team = e.team;
    if (e.region !== undefined) out.region = e.region;
    if (e.startDate !== undefined) out.startDate = e.startDate;
    if (e.tier !== undefined) out.tier = e.tier;
    return out;
  });

  // year
  let year = req.year;
  const yearDefaulted = year === undefined;
  if (year === undefined) {
    const now = io.now();
    year = fiscalYearOf(now.getFullYear(), now.getMonth() + 1, fys);
  }

  const calendar = await loadQuotaCalendar(rubric, loaded.dir, cwd, { ...(req.weekdayFallback ? { weekdayFallback: true } : {}), note: req.note, inputs });

  // annual targets
  let annual: AnnualTargets;
  let metricIds: string[];
  if ('file' in quota.annual && typeof quota.annual.file === 'string') {
    const spec = quota.annual as { file: string; sheet?: string; level: 'company' | 'region' | 'team' | 'rep' };
    const abs = resolve(loaded.dir, spec.file);
    const shown = displayPath(cwd, abs);
    const t = (await readTable(abs, spec.sheet !== undefined ? { sheet: spec.sheet } : undefined)) as Table;
    inputs.push(abs);
    const level = spec.level;
    const ec = level === 'company' ? -1 : findColumn(t.headers, LEVEL_HEADERS[level]);
    if (level !== 'company' && ec < 0) {
      throw new SalesgradeError('quota-invalid', `the annual targets file has no ${level} column: expected one of ${LEVEL_HEADERS[level].map((h) => `"${h}"`).join(', ')}`, {
        location: { file: shown },
      });
    }
    const cols = metricColumns(t.headers, rubric, false, new Set([ec]));
    if (cols.size === 0) {
      throw new SalesgradeError('quota-invalid', `the annual targets file has no column named after a metric (${Object.keys(rubric.metrics).join(', ')})`, { location: { file: shown } });
    }
    metricIds = [...cols.keys()];
    const byEntity: Record<string, Record<string, string>> = {};
    for (const r of t.rows) {
      const name = level === 'company' ? '' : (r.values[ec] ?? '').trim();
      if (level !== 'company' && !name) continue;
      if (/^(合计|小计|总计|total|grand total|subtotal)$/i.test(name)) continue;
      const row = (byEntity[name] ??= {});
      for (const [id, c] of cols) {
        const v = r.values[c];
        if (v === null || v === undefined || v.trim() === '') continue;
        const a = amountOf(v, shown, t, r.row, c);
        row[id] = row[id] === undefined ? a : new Decimal(row[id]).plus(a).toFixed();
      }
    }
    annual = level === 'company' ? { level: 'company', totals: byEntity[''] ?? {} } : { level, byEntity, source: shown };
  } else {
    const totals = quota.annual as Record<string, number>;
    metricIds = Object.keys(totals);
    annual = { level: 'company', totals };
  }
  if (metricIds.length === 0) throw new SalesgradeError('quota-invalid', 'quota.annual names no metric', { location: { file: rubricPath } });
  const metrics = metricIds.map((id) => metricSpec(id, rubric, locale));

  // history
  const needsHistory = quota.split.by === 'history' || (quota.seasonality !== undefined && 'from' in quota.seasonality);
  let historyByRep: Record<string, Record<string, string>> | undefined;
  let historyMonths: Record<string, string[]> | undefined;
  if (req.history) {
    const abs = resolve(cwd, req.history);
    const shown = displayPath(cwd, abs);
    const t = (await readTable(abs)) as Table;
    inputs.push(abs);
    const rc = findColumn(t.headers, LEVEL_HEADERS.rep);
    const mc = findColumn(t.headers, MONTH_HEADERS);
    const cols = metricColumns(t.headers, rubric, metricIds.length === 1, new Set([rc, mc]));
    if (cols.has('')) {
      cols.set(metricIds[0]!, cols.get('')!);
      cols.delete('');
    }
    const wanted = metricIds.filter((id) => cols.has(id));
    if (wanted.length === 0) {
      throw new SalesgradeError('history-invalid', `the history export has no column for ${metricIds.join(', ')}`, { location: { file: shown }, hint: 'name a column after the metric (or "amount" for a single metric)' });
    }
    historyByRep = {};
    historyMonths = {};
    for (const id of wanted) {
      const byRep: Record<string, string> = {};
      const months = Array.from({ length: 12 }, () => new Decimal(0));
      const c = cols.get(id)!;
      for (const r of t.rows) {
        const v = r.values[c];
        if (v === null || v === undefined || v.trim() === '') continue;
        const rep = rc >= 0 ? (r.values[rc] ?? '').trim() : '';
        if (/^(合计|小计|总计|total|grand total|subtotal)$/i.test(rep)) continue;
        const a = amountOf(v, shown, t, r.row, c);
        if (rep) byRep[rep] = new Decimal(byRep[rep] ?? 0).plus(a).toFixed();
        const mo = mc >= 0 ? monthOf(r.values[mc] ?? '') : undefined;
        if (mo !== undefined) months[(mo - fys + 12) % 12] = months[(mo - fys + 12) % 12]!.plus(a);
      }
      historyByRep[id] = byRep;
      historyMonths[id] = months.map((x) => x.toFixed());
    }
  } else if (needsHistory) {
    throw new SalesgradeError('quota-invalid', `quota.${quota.split.by === 'history' ? 'split.by' : 'seasonality.from'} is history, but no --history export was given`, {
      location: { file: rubricPath },
      hint: 'salesgrade quota --history last-year.xlsx',
    });
  }

  const plan = decompose({
    fiscalYear: year,
    fiscalYearStart: fys,
    calendar,
    seasonality: quota.seasonality,
    ...(historyMonths ? { historyMonths } : {}),
    ...(historyByRep ? { historyByRep } : {}),
    metrics,
    roster: entries,
    annual,
    split: { by: quota.split.by, weights: quota.split.weights, shares: quota.split.shares },
    ramp: quota.ramp,
    by: req.by,
    locale,
  });
  for (const w of plan.warnings) req.note(warningLine(w));
  return { plan, rubric: loaded, inputs, rosterFile: { path: displayPath(cwd, rosterAbs), sha256: roster.file.sha256 }, rubricPath: displayPath(cwd, rubricPath), yearDefaulted };
}
