/**
 * A calendar file (`quota.calendar.file`): the days a company or a year adds to the base calendar.
 *
 * - CSV / XLSX: a header row with a `date` column, a `kind` column (`off` | `work`; also `holiday` /
 *   `workday`, `假` / `休` / `班` / `上班`) and an optional `name` column (`Spring Festival`), found and
 *   normalised like an export's header; dates are coerced like export dates (`2027-02-06`,
 *   `2027/2/6`, `2027年2月6日`, an Excel date).
 * - YAML: `holidays: [2027-02-06, …]` and `workdays: [2027-02-07, …]`.
 *
 * Every bad row is a located finding (`file:line:col` or `Sheet!A4`); nothing is skipped silently.
 * A date listed as `off` and as `work` is an error at the second row.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { CalendarExtra } from '../quota/calendar.js';
import type { Diagnostic } from '../shared/diagnostic.js';
import { quotedList, templatedError } from '../shared/errors.js';
import type { BuiltinField } from './aliases.js';
import type { RawRow } from './csv.js';
import { readHead } from './detect.js';
import { readAs } from './display-name.js';
import { FindingList } from './findings.js';
import { detectHeader, fieldRules, HEADER_SCAN_ROWS } from './header.js';
import { hiddenColumnFindings, sheetTailFindings } from './merged-ranges.js';
import { normalizeHeader } from '../shared/text.js';
import { clipValue, flatData, foundEn, mergedKindEn, type ValueProblem } from '../shared/value-problem.js';
import { sha256File } from './read-export.js';
import { cellAt, openRawTable, tableNotes } from './table.js';
import { cellText, coerce, isBlankCell } from './values.js';

const CALENDAR_FIELDS: Record<string, BuiltinField> = {
  date: { type: 'date', headers: ['date', '日期'] },
  kind: { type: 'text', headers: ['kind', 'type', 'off/work', 'day type', '类型', '类别', '安排', '休/班'] },
  name: { type: 'text', headers: ['name', 'holiday', 'description', 'note', '名称', '节日', '节假日', '说明', '备注'] },
};

const OFF = ['off', 'holiday', 'dayoff', 'rest', '假', '休', '休息', '放假', '假日', '节假日', '休假'];
const WORK = ['work', 'workday', 'working', 'workingday', 'makeup', '班', '上班', '工作日', '补班', '调休上班'];

export interface CalendarFileResult extends CalendarExtra {
  /** Bad dates, unknown kinds, a date listed both ways: errors, located. */
  findings: Diagnostic[];
  /** Non-blank data rows (CSV/XLSX) or list entries (YAML). */
  rows: number;
  sha256: string;
}

/** A bad date's facts without the hint (`source.date_format` does not apply to a calendar file). */
function problemData(p: ValueProblem): ReturnType<typeof flatData> {
  return flatData({ ...p, hint: undefined });
}

function kindOf(text: string): 'off' | 'work' | undefined {
  const k = normalizeHeader(text);
  if (OFF.includes(k)) return 'off';
  if (WORK.includes(k)) return 'work';
  return undefined;
}

async function readYamlCalendar(path: string, shown: string): Promise<CalendarFileResult> {
  await readHead(path, 1); // missing, a directory, unreadable: the same one-line errors as every table
  const [{ parse }, text] = await Promise.all([import('yaml'), readFile(path, 'utf8')]);
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw templatedError('calendar-invalid', 'calendar-yaml', { reason: (e as Error).message.split('\n')[0]! }, { location: { file: shown } });
  }
  const o = (doc ?? {}) as { holidays?: unknown; workdays?: unknown };
  const findings = new FindingList(shown);
  const out: CalendarFileResult = { holidays: [], workdays: [], findings: [], rows: 0, sha256: await sha256File(path) };
  const seen = new Map<string, string>();
  for (const key of ['holidays', 'workdays'] as const) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v)) {
      findings.add('calendar-bad-date', 'error', `${key}: expected a list of dates YYYY-MM-DD`, {}, { key });
      continue;
    }
    for (const [i, x] of v.entries()) {
      out.rows++;
      const raw = x instanceof Date ? x.toISOString().slice(0, 10) : String(x);
      const res = coerce({ t: 's', v: raw }, 'date', { dateFormat: 'YYYY-MM-DD' });
      if (!res.ok || typeof res.value !== 'string') {
        findings.add('calendar-bad-date', 'error', `${key}[${i}]: expected a date YYYY-MM-DD, found ${JSON.stringify(raw)}`, {}, { key, index: i, text: clipValue(raw) });
        continue;
      }
      const d = res.value;
      const first = seen.get(d);
      if (first !== undefined && first !== key) {
        findings.add('calendar-conflict', 'error', `${key}[${i}]: ${d} is also listed in ${first}`, {}, { key, index: i, date: d, firstKey: first });
        continue;
      }
      seen.set(d, key);
      out[key].push(d);
    }
  }
  findings.finish();
  out.findings = findings.items;
  return out;
}

/**
 * Read a calendar file (`shown`: its name in findings and errors, default `path`). Throws
 * `calendar-invalid` when the file has no `date` or `kind` column (or
 * is not YAML), `input-not-found` when it does not exist; bad rows are returned as findings.
 */
export async function readCalendarFile(path: string, options: { sheet?: string; shown?: string } = {}): Promise<CalendarFileResult> {
  const shown = options.shown ?? path;
  return readAs(path, shown, () => readCalendarAs(path, shown, options));
}

/** `readCalendarFile`, naming the file `shown` in findings and errors. */
async function readCalendarAs(path: string, shown: string, options: { sheet?: string }): Promise<CalendarFileResult> {
  const ext = extname(path).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return readYamlCalendar(path, shown);
  const rules = fieldRules({ fields: {} }, CALENDAR_FIELDS);
  const table = await openRawTable(path, { sheet: options.sheet, header: { rules, good: (m) => m.mapping.has('date') && m.mapping.has('kind') } });
  const head: RawRow[] = [];
  while (head.length <= HEADER_SCAN_ROWS) {
    const next = await table.rows.next();
    if (next.done) break;
    head.push(next.value);
  }
  const match = detectHeader(head, rules, undefined, table.hiddenColumn);
  if (!match || !match.mapping.has('date') || !match.mapping.has('kind')) {
    await table.rows.return(undefined);
    const location = table.sheet !== undefined ? { file: shown, sheet: table.sheet } : { file: shown };
    throw match
      ? templatedError('calendar-invalid', 'calendar-columns', { found: quotedList(match.columns.map((c) => c.header)) }, { location })
      : templatedError('calendar-invalid', 'calendar-no-header', {}, { location });
  }
  const dc = match.mapping.get('date')!;
  const kc = match.mapping.get('kind')!;
  const findings = new FindingList(shown);
  tableNotes(findings, table);
  hiddenColumnFindings(findings, table, match, (f) => (f === 'date' || f === 'kind' ? f : undefined));
  const out: CalendarFileResult = { holidays: [], workdays: [], findings: [], rows: 0, sha256: '' };
  const seen = new Map<string, { kind: 'off' | 'work'; row: number }>();
  const where = table.format === 'xlsx' ? 'row' : 'line';
  const handle = (r: RawRow): void => {
    if (r.cells.every((c) => isBlankCell(c))) return;
    out.rows++;
    const res = coerce(r.cells[dc], 'date');
    if (!res.ok || typeof res.value !== 'string') {
      const found = res.ok ? 'an empty cell' : foundEn(res.problem);
      findings.add('calendar-bad-date', 'error', `date: expected a date like 2027-02-06, found ${found}`, cellAt(table, r, dc), res.ok ? { empty: true } : problemData(res.problem));
      return;
    }
    const date = res.value.slice(0, 10);
    const kindText = cellText(r.cells[kc]);
    const kind = kindOf(kindText);
    if (!kind) {
      findings.add('calendar-bad-kind', 'error', `kind: expected off or work, found ${kindText.trim() ? JSON.stringify(kindText.trim()) : 'an empty cell'}`, cellAt(table, r, kc), { found: kindText.trim() });
      return;
    }
    const first = seen.get(date);
    if (first) {
      if (first.kind !== kind) findings.add('calendar-conflict', 'error', `${date} is listed as ${kind} here and as ${first.kind} on ${where} ${first.row}`, cellAt(table, r, kc), { date, kind, firstKind: first.kind, firstRow: first.row });
      return;
    }
    seen.set(date, { kind, row: r.row });
    (kind === 'off' ? out.holidays : out.workdays).push(date);
  };
  for (const r of head.slice(match.dataIndex)) handle(r);
  for await (const r of table.rows) handle(r);
  // an XLSX file's hidden rows (read like every row) and a kind merged down over its dates, said as in exports
  sheetTailFindings(findings, table, { headerEnd: match.headerRow + match.headerRows - 1, dataRows: new Set(), names: { cols: [kc], code: 'calendar-bad-kind', message: mergedKindEn }, fields: [] });
  findings.finish();
  out.findings = findings.items;
  out.sha256 = await sha256File(path);
  return out;
}
