/**
 * The working-day calendar of a rubric (`quota.calendar`), with its file read through io/, for both
 * `quota` (the plan's working days) and `evaluate` (pacing and target proration): one loader, so the
 * two commands cannot disagree about a day.
 */
import { resolve } from 'node:path';
import { CN_FEWEST_WEEKDAY_HOLIDAYS, type WorkCalendar } from '../../quota/calendar.js';
import type { LoadedRubric } from '../../rubric/load.js';
import type { Rubric } from '../../rubric/schema.js';
import type { Diagnostic } from '../../shared/diagnostic.js';
import { SalesgradeError, templatedError } from '../../shared/errors.js';
import type { FindingCode } from '../../shared/finding-codes.js';
import { warningLine } from '../messages.js';
import { displayPath, readingAs } from './paths.js';

/**
 * The calendar, with its file read (relative to the rubric). A bad row in the file is fatal (exit 2,
 * located): a calendar with a wrong day would shift every target. Without `weekdayFallback`, a `cn`
 * year the data lacks (and the file does not supply) is refused when it is first asked for
 * (`calendar-unsupported`); with it, that year counts Monday–Friday and the caller warns (see
 * `WorkCalendar.fallbackYears`). `inputs` receives the absolute path of the file read.
 */
export async function loadQuotaCalendar(
  rubric: Rubric,
  rubricDir: string,
  cwd: string,
  options: { weekdayFallback?: boolean; note: (m: string) => void; inputs?: string[]; locale?: 'zh-CN' | 'en' },
): Promise<WorkCalendar> {
  // (the calendar file's reader — the export readers — only for a calendar file)
  const [{ makeCalendar }, { findingLocation }, { findingMessage }] = await Promise.all([
    import('../../quota/calendar.js'),
    import('../../io/findings.js'),
    import('../../report/finding-messages.js'),
  ]);
  const locale = options.locale ?? 'en';
  const spec = rubric.quota?.calendar ?? 'weekdays';
  let extra: { holidays: string[]; workdays: string[] } | undefined;
  if (typeof spec !== 'string' && spec.file) {
    const abs = resolve(rubricDir, spec.file);
    const shown = displayPath(cwd, abs);
    const { readCalendarFile } = await import('../../io/calendar-file.js');
    const read = await readingAs(abs, shown, () => readCalendarFile(abs, { shown }));
    const errors = read.findings.filter((f) => f.severity === 'error');
    const bad = errors[0];
    if (bad) {
      const message = findingMessage(bad, locale);
      const location = { ...findingLocation(bad), file: shown };
      throw errors.length > 1
        ? templatedError('calendar-invalid', 'calendar-finding-more', { message, more: errors.length - 1 }, { location })
        : templatedError('calendar-invalid', 'calendar-finding', { message }, { location });
    }
    extra = { holidays: read.holidays, workdays: read.workdays };
    options.inputs?.push(abs);
  }
  return makeCalendar(spec, extra, {
    ...(options.weekdayFallback ? { fallback: 'weekdays' as const } : {}),
    // worded like the run's calendar-weekday-fallback finding, in the report's language
    onFallback: (y) =>
      options.note(
        warningLine(findingMessage({ code: 'calendar-weekday-fallback', message: `no official cn calendar for ${y}: Monday–Friday used (--weekday-fallback)`, data: { years: String(y) } }, locale)),
      ),
  });
}

/**
 * One warning per year the calendar file alone supplies with too few holidays to be a whole year's
 * schedule (`WorkCalendar.thinFileYears`): asked for once the run has used the calendar. Located at
 * the rubric's `quota.calendar`, where the file is named.
 */
export async function thinCalendarYearFindings(calendar: WorkCalendar, rubricPath: string, layers: LoadedRubric['layers']): Promise<Diagnostic[]> {
  const thin = calendar.thinFileYears();
  if (thin.length === 0) return [];
  const { Locator } = await import('../../rubric/locate.js');
  const at = new Locator(layers ?? []).locate(['quota', 'calendar']);
  return thin.map((t) => ({
    code: 'calendar-year-thin' satisfies FindingCode,
    severity: 'warning' as const,
    message: `quota.calendar gives ${t.year} too few holidays to be its whole schedule (weekday holidays: ${t.holidays}; an official cn year has at least ${CN_FEWEST_WEEKDAY_HOLIDAYS}): every other weekday of ${t.year} counts as a working day; targets and pacing that touch ${t.year} may be off`,
    source: rubricPath,
    path: ['quota', 'calendar'],
    ...(at ? { range: at.range } : {}),
    data: { year: String(t.year), holidays: String(t.holidays), workdays: String(t.workdays) },
  }));
}
