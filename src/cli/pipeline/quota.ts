/**
 * The quota pipeline: find and load the rubric → read the roster, the calendar file, an annual-targets
 * file and the `--history` export → decompose (pure, src/quota/) → the plan. Heavy modules are
 * imported here, never by the command file.
 */
import { resolve } from 'node:path';
import type { QuotaColumnSpec, QuotaReadOptions } from '../../io/quota-inputs.js';
import type { AnnualTargets, QuotaGranularity, QuotaMetricSpec, QuotaPlan, RosterEntryShape } from '../../quota/decompose.js';
import type { LoadedRubric } from '../../rubric/load.js';
import type { Rubric } from '../../rubric/schema.js';
import type { Diagnostic } from '../../shared/diagnostic.js';
import { formatErrorLocation, SalesgradeError, templatedError, type ErrorCode } from '../../shared/errors.js';
import type { CliIo } from '../io.js';
import { loadQuotaCalendar, thinCalendarYearFindings } from './calendar.js';
import { displayPath, readingAs } from './paths.js';
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
  /** Told the rubric's language once it is loaded (a later fatal error is worded in it). */
  rubricLocale?: (locale: 'zh-CN' | 'en') => void;
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

/** A metric's column in a quota input file: its id, its label, its labels. */
function columnSpec(id: string, rubric: Rubric): QuotaColumnSpec {
  const m = rubric.metrics[id];
  const count = m !== undefined && ('count' in m || 'distinct' in m || m.unit === 'count');
  const headers = [id, m?.label, ...Object.values(m?.labels ?? {})].filter((x): x is string => Boolean(x));
  return { id, headers, unit: count ? 'count' : 'money' };
}

/**
 * A quota input's findings: an error stops the run at its place (the plan would be wrong without the
 * row), warnings and notes go to stderr, located.
 */
async function settle(findings: Diagnostic[], code: ErrorCode, note: (m: string) => void, locale: 'zh-CN' | 'en'): Promise<void> {
  const [{ findingLocation }, { findingMessage }] = await Promise.all([import('../../io/findings.js'), import('../../report/finding-messages.js')]);
  const errors = findings.filter((f) => f.severity === 'error');
  const bad = errors[0];
  // each message in the report's language, from the finding's code and facts
  if (bad) {
    const message = findingMessage(bad, locale);
    const location = findingLocation(bad);
    throw errors.length > 1 ? templatedError(code, 'input-finding-more', { message, more: errors.length - 1 }, { location }) : templatedError(code, 'input-finding', { message }, { location });
  }
  for (const f of findings) {
    const where = formatErrorLocation(findingLocation(f));
    const message = findingMessage(f, locale);
    // warnings in the one warning-line shape (cli/messages.ts); a note (a totals row skipped) alike
    note(f.severity === 'info' ? `salesgrade: note: ${where}: ${message} [${f.code}]` : warningLine(message, where, f.code));
  }
}

function metricSpec(id: string, rubric: Rubric, locale: 'zh-CN' | 'en'): QuotaMetricSpec {
  const m = rubric.metrics[id];
  const count = m !== undefined && ('count' in m || 'distinct' in m || m.unit === 'count');
  const label = m?.labels?.[locale] ?? m?.label ?? id;
  return { id, label, unit: count ? 'count' : 'money', rounding: count ? 1 : (rubric.quota?.rounding ?? 1) };
}

export async function runQuota(req: QuotaRequest): Promise<QuotaOutcome> {
  const { io } = req;
  const cwd = io.cwd;
  const [{ loadRubric, discoverRubric }, { readRoster }, { readAnnualTargets, readQuotaHistory }, { fxRates }, { decompose }, { fiscalYearOf }] = await Promise.all([
    import('../../rubric/load.js'),
    import('../../io/roster.js'),
    import('../../io/quota-inputs.js'),
    import('../../io/values.js'),
    import('../../quota/decompose.js'),
    import('../../shared/calendar.js'),
  ]);
  const rubricPath = req.rubric ?? displayPath(cwd, await discoverRubric(cwd));
  const loaded = await loadRubric(resolve(cwd, rubricPath));
  req.rubricLocale?.(loaded.rubric.locale);
  const rubric = loaded.rubric;
  const inputs: string[] = [resolve(cwd, rubricPath), ...(loaded.sources ?? []).slice(1).map((s) => resolve(cwd, s.path))];
  const quota = rubric.quota;
  if (!quota) {
    throw templatedError('quota-invalid', 'quota-no-section', {}, { location: { file: rubricPath } });
  }
  const locale = req.locale ?? rubric.locale;
  const fys = rubric.fiscal_year_start;

  // roster
  const rosterAbs = req.roster ? resolve(cwd, req.roster) : rubric.roster ? resolve(loaded.dir, rubric.roster.file) : undefined;
  if (!rosterAbs) {
    throw templatedError('roster-invalid', 'quota-no-roster');
  }
  const roster = await readRoster(rosterAbs, rubric.roster, rubric.tiers);
  inputs.push(rosterAbs);
  const { findingMessage } = await import('../../report/finding-messages.js');
  for (const f of roster.findings) req.note(warningLine(findingMessage(f, locale), `${displayPath(cwd, rosterAbs)}${f.row !== undefined ? `:${f.row}` : ''}`));
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

  const calendar = await loadQuotaCalendar(rubric, loaded.dir, cwd, { ...(req.weekdayFallback ? { weekdayFallback: true } : {}), note: req.note, inputs, locale });

  // annual targets and history: read through io/ with the export rules (header, values, totals rows)
  const readOptions = (shown: string, sheet?: string): QuotaReadOptions => ({
    shown,
    sheet,
    currency: rubric.currency,
    fx: fxRates(rubric.fx),
    decimalSeparator: rubric.source.decimal_separator,
    locale: rubric.locale,
  });
  let annual: AnnualTargets;
  let metricIds: string[];
  if ('file' in quota.annual && typeof quota.annual.file === 'string') {
    const spec = quota.annual as { file: string; sheet?: string; level: 'company' | 'region' | 'team' | 'rep' };
    const abs = resolve(loaded.dir, spec.file);
    const shown = displayPath(cwd, abs);
    const read = await readingAs(abs, shown, () => readAnnualTargets(abs, spec.level, Object.keys(rubric.metrics).map((id) => columnSpec(id, rubric)), readOptions(shown, spec.sheet)));
    inputs.push(abs);
    await settle(read.findings, 'quota-invalid', req.note, locale);
    metricIds = read.metricIds;
    annual = spec.level === 'company' ? { level: 'company', totals: read.byEntity[''] ?? {} } : { level: spec.level, byEntity: read.byEntity, source: shown };
  } else {
    const totals = quota.annual as Record<string, number>;
    metricIds = Object.keys(totals);
    annual = { level: 'company', totals };
  }
  if (metricIds.length === 0) throw templatedError('quota-invalid', 'quota-no-metric', {}, { location: { file: rubricPath } });
  const metrics = metricIds.map((id) => metricSpec(id, rubric, locale));

  // history
  const needsHistory = quota.split.by === 'history' || (quota.seasonality !== undefined && 'from' in quota.seasonality);
  let historyByRep: Record<string, Record<string, string>> | undefined;
  let historyMonths: Record<string, string[]> | undefined;
  if (req.history) {
    const abs = resolve(cwd, req.history);
    const shown = displayPath(cwd, abs);
    const read = await readingAs(abs, shown, () => readQuotaHistory(abs, metricIds.map((id) => columnSpec(id, rubric)), fys, readOptions(shown)));
    inputs.push(abs);
    await settle(read.findings, 'history-invalid', req.note, locale);
    historyByRep = read.byRep;
    historyMonths = read.months;
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
  });
  const { quotaTexts } = await import('../../report/quota-text.js');
  for (const w of quotaTexts(plan, locale).warnings) req.note(warningLine(w));
  await settle(await thinCalendarYearFindings(calendar, displayPath(cwd, rubricPath), loaded.layers), 'quota-invalid', req.note, locale);
  return { plan, rubric: loaded, inputs, rosterFile: { path: displayPath(cwd, rosterAbs), sha256: roster.file.sha256 }, rubricPath: displayPath(cwd, rubricPath), yearDefaulted };
}
