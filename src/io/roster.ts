/**
 * The roster: who is evaluated and the hierarchy above them. CSV or XLSX; columns found by the
 * rubric's `roster.fields` and the built-in zh/en aliases (rep, team, region, manager, start_date,
 * tier); a tier given by its label is mapped to its id.
 */
import { mergedRosterNoRepEn, valueMessageEn } from '../shared/value-problem.js';
import type { InputFile, RosterEntry } from '../engine/types.js';
import type { Rubric } from '../rubric/schema.js';
import { tierLabel } from '../rubric/schema.js';
import { normalizeFieldSpec } from '../rubric/field-spec.js';
import { compareDiagnostics, type Diagnostic } from '../shared/diagnostic.js';
import type { RosterSummary } from '../shared/roster-summary.js';
import { quotedList, templatedError } from '../shared/errors.js';
import { BUILTIN_ROSTER_FIELDS } from './aliases.js';
import type { RawRow } from './csv.js';
import { assertUnchanged, statOf } from './file-identity.js';
import { readAs } from './display-name.js';
import { FindingList } from './findings.js';
import { detectHeader, fieldRules, HEADER_SCAN_ROWS, type ColumnInfo, type HeaderMatch } from './header.js';
import { cleanIdentifier, normalizeHeader } from '../shared/text.js';
import { sha256File } from './read-export.js';
import { belowMergedTop, hiddenColumnFindings, sheetTailFindings } from './merged-ranges.js';
import { cellAt, openRawTable, tableNotes } from './table.js';
import { distinctHeaders, repNotMapped } from './unmapped.js';
import { cellText, coerce, coercedData, isBlankCell } from './values.js';

/**
 * Team and region names the reports use for reps missing from the roster: `(unassigned)`, and its
 * zh-CN label `（未分配）` (report/labels.ts), compared as headers are (NFKC, case, spaces).
 */
export const RESERVED_GROUP_NAMES = ['(unassigned)', '（未分配）'] as const;
const RESERVED_GROUPS = new Set(RESERVED_GROUP_NAMES.map((n) => normalizeHeader(n)));

/** Reads the roster at `path`, named `shown` (default: `path`) in findings, sources and errors. */
export async function readRoster(
  path: string,
  spec: Rubric['roster'] | undefined,
  tiers: Rubric['tiers'],
  shown: string = path,
): Promise<{ entries: RosterEntry[]; findings: Diagnostic[]; file: InputFile }> {
  const { entries, findings, file } = await readAs(path, shown, () => readRosterAs(path, shown, spec, tiers, false));
  return { entries, findings, file };
}


/**
 * The roster as `inspect` shows it: like `readRoster`, but a roster whose rep column is not found is
 * shown (its columns, one `rep-not-mapped` finding) instead of refused. `tiers` undefined (no rubric):
 * the tier column is shown, its values not checked.
 */
export async function inspectRoster(
  path: string,
  spec: Rubric['roster'] | undefined,
  tiers: Rubric['tiers'] | undefined,
  shown: string = path,
): Promise<RosterSummary> {
  const r = await readAs(path, shown, () => readRosterAs(path, shown, spec, tiers, true));
  const distinct = (f: 'team' | 'region' | 'manager') => new Set(r.entries.map((e) => e[f]).filter((v) => v !== undefined)).size;
  return {
    layout: r.layout,
    sha256: r.file.sha256,
    rows: { read: r.file.rows, entries: r.entries.length, skipped: r.file.rows - r.entries.length },
    groups: { teams: distinct('team'), regions: distinct('region'), managers: distinct('manager') },
    findings: [...r.findings].sort(compareDiagnostics),
  };
}

async function readRosterAs(
  path: string,
  shown: string,
  spec: Rubric['roster'] | undefined,
  tiers: Rubric['tiers'] | undefined,
  inspect: boolean,
): Promise<{ entries: RosterEntry[]; findings: Diagnostic[]; file: InputFile; layout: RosterSummary['layout'] }> {
  const before = await statOf(path);
  const rules = fieldRules({ fields: spec?.fields ?? {} }, BUILTIN_ROSTER_FIELDS, true);
  const table = await openRawTable(path, { sheet: spec?.sheet, header: { rules, good: (m) => m.mapping.has('rep') } });
  const head: RawRow[] = [];
  while (head.length <= HEADER_SCAN_ROWS) {
    const next = await table.rows.next();
    if (next.done) break;
    head.push(next.value);
  }
  const detected = detectHeader(head, rules, undefined, table.hiddenColumn);
  // Echo what was found only when it looks like a header row (two columns or more, short names):
  // a wrong file (say /etc/passwd) must not have its content printed.
  const firstText = head.find((r) => r.cells.some((c) => c && c.t === 's'));
  const headers = firstText ? firstText.cells.map((c) => cellText(c)).filter(Boolean) : [];
  const tableLike = headers.length >= 2 && headers.every((h) => h.length <= 40);
  const layoutOf = (m: HeaderMatch | undefined): RosterSummary['layout'] => {
    const data = m ? head.slice(m.dataIndex) : [];
    const columns = (m?.columns ?? []).map((c) => {
      const first = data.map((r) => r.cells[c.index]).find((x) => !isBlankCell(x));
      return first ? { ...c, sample: cellText(first) } : { ...c };
    });
    const out: RosterSummary['layout'] = {
      file: shown,
      format: table.format,
      headerRow: m?.headerRow ?? 0,
      headerRows: m?.headerRows ?? 0,
      columns,
      missingFields: m?.missingFields ?? rules.map((r) => r.field),
    };
    if (table.encoding !== undefined) out.encoding = table.encoding;
    if (table.delimiter !== undefined) out.delimiter = table.delimiter;
    if (table.sheets !== undefined) out.sheets = table.sheets;
    if (table.sheet !== undefined) out.sheet = table.sheet;
    return out;
  };
  const rep = rules.find((r) => r.field === 'rep')!;
  if (!detected || !detected.mapping.has('rep')) {
    if (inspect) {
      // the header row as the reader would take it: the detected one, else the first row with text
      const headerRaw = detected ? head.find((r) => r.row === detected.headerRow) : tableLike ? firstText : undefined;
      const m = detected ?? (headerRaw ? detectHeader(head, rules, headerRaw.row) : undefined);
      let rows = 0;
      const below = (r: RawRow) => m !== undefined && r.row > m.headerRow + m.headerRows - 1 && !r.cells.every((c) => isBlankCell(c));
      for (const r of head) if (below(r)) rows++;
      for await (const r of table.rows) if (below(r)) rows++;
      const finding = repNotMapped({
        source: shown,
        table: 'roster',
        found: m ? m.columns.map((c) => c.header) : undefined,
        aliases: rep.headers,
        at: !m ? {} : table.format === 'csv' ? { line: m.headerRow } : table.sheet !== undefined ? { sheet: table.sheet, row: m.headerRow } : { row: m.headerRow },
      });
      const sha256 = await sha256File(path);
      await assertUnchanged(path, shown, before);
      return { entries: [], findings: [finding], file: { path: shown, sha256, rows }, layout: layoutOf(m) };
    }
    await table.rows.return(undefined);
    const expected = quotedList(distinctHeaders(rep.headers).slice(0, 6));
    const found = quotedList(headers.slice(0, 8));
    throw templatedError('roster-invalid', tableLike ? 'roster-no-rep' : 'roster-no-header', tableLike ? { expected, found } : { expected }, {
      location: table.sheet !== undefined ? { file: shown, sheet: table.sheet } : { file: shown },
    });
  }
  const match = detected;
  // One column may serve as both team and manager (teams named after their manager): the rubric says so
  // by naming that column under both fields; a column is otherwise claimed by one field only.
  for (const [missing, has] of [['team', 'manager'], ['manager', 'team']] as const) {
    const c = match.mapping.get(has);
    const own = spec?.fields?.[missing];
    if (match.mapping.has(missing) || c === undefined || !own) continue;
    const header = normalizeHeader(match.columns.find((x) => x.index === c)?.header ?? '');
    if (header && normalizeFieldSpec(own).headers.some((h) => normalizeHeader(h) === header)) match.mapping.set(missing, c);
  }
  const findings = new FindingList(shown);
  tableNotes(findings, table);
  hiddenColumnFindings(findings, table, match, (f) => f);
  const tierIds = new Map<string, string>();
  for (const t of tiers ?? []) {
    tierIds.set(normalizeHeader(t.id), t.id);
    for (const l of [t.label, ...Object.values(t.labels ?? {}), tierLabel(t, 'en'), tierLabel(t, 'zh-CN')]) if (l) tierIds.set(normalizeHeader(l), t.id);
  }
  const entries: RosterEntry[] = [];
  const seen = new Map<string, RawRow>();
  const flaggedFirst = new Set<RawRow>();
  let rows = 0;
  const col = (f: string): number | undefined => match.mapping.get(f);
  const at = (r: RawRow, c?: number) => cellAt(table, r, c);
  const dataRows = new Set<number>();
  /** Rows whose team or region cell is empty: a finding when other reps have one (checked at the end). */
  const noGroup: { field: 'team' | 'region'; rep: string; r: RawRow; c: number }[] = [];
  const handle = (r: RawRow): void => {
    if (r.cells.every((c) => isBlankCell(c))) return;
    rows++;
    dataRows.add(r.row);
    const repCol = col('rep')!;
    const rep = cleanIdentifier(cellText(r.cells[repCol]));
    if (!rep) {
      findings.add('roster-no-rep', 'warning', 'rep: expected a name, found an empty cell; the roster line is skipped', at(r, repCol), { field: 'rep' });
      return;
    }
    const first = seen.get(rep);
    if (first !== undefined) {
      // Two people, or one listed twice with different teams: either way a guess. An error at both rows.
      const unit = table.format === 'xlsx' ? 'row' : 'line';
      if (!flaggedFirst.has(first)) {
        flaggedFirst.add(first);
        findings.add('roster-duplicate', 'error', `rep "${rep}" is listed again on ${unit} ${r.row}; this first entry is used`, at(first, repCol), { rep, againRow: r.row });
      }
      findings.add('roster-duplicate', 'error', `rep "${rep}" is listed again (first on ${unit} ${first.row}); the first entry is used`, at(r, repCol), { rep, firstRow: first.row });
      return;
    }
    seen.set(rep, r);
    const e: RosterEntry = { rep, source: table.sheet !== undefined ? { file: shown, sheet: table.sheet, row: r.row } : { file: shown, row: r.row } };
    for (const f of ['team', 'region', 'manager', 'region_manager'] as const) {
      const c = col(f);
      if (c === undefined) continue;
      let v = cleanIdentifier(cellText(r.cells[c]));
      if (!v && (f === 'team' || f === 'region')) noGroup.push({ field: f, rep, r, c });
      if (v && f !== 'manager' && f !== 'region_manager' && RESERVED_GROUPS.has(normalizeHeader(v))) {
        // The name reports give reps missing from the roster: kept apart from them under a marked name.
        const kept = `${v} [roster]`;
        findings.add(
          'roster-reserved-group',
          'warning',
          `${f}: "${v}" is the name salesgrade gives reps missing from the roster; this roster ${f} is reported as "${kept}" to keep the two apart (rename it in the roster)`,
          at(r, c),
          { field: f, name: v, kept },
        );
        v = kept;
      }
      if (v) e[f === 'region_manager' ? 'regionManager' : f] = v;
    }
    const sd = col('start_date');
    if (sd !== undefined) {
      const res = coerce(r.cells[sd], 'date', { dateFormat: undefined });
      if (res.ok && typeof res.value === 'string') e.startDate = res.value;
      else if (!res.ok) findings.add(res.code, 'warning', valueMessageEn('start_date', res.problem, 'none'), at(r, sd), coercedData('start_date', res, 'none'));
    }
    const tc = col('tier');
    if (tc !== undefined && tiers !== undefined) {
      const v = cleanIdentifier(cellText(r.cells[tc]));
      if (v) {
        const id = tierIds.get(normalizeHeader(v));
        if (id) e.tier = id;
        else findings.add('unknown-tier', 'warning', `tier: expected one of ${tiers.map((t) => t.label ? `${t.id} (${t.label})` : t.id).join(', ')}, found "${v}"`, at(r, tc), { found: v, tiers: tiers.map((t) => t.label ? `${t.id} (${t.label})` : t.id).join(', ') });
      }
    }
    entries.push(e);
  };
  for (const r of head.slice(match.dataIndex)) handle(r);
  for await (const r of table.rows) handle(r);
  // an XLSX roster's hidden rows and merged cells, as an export's (known once the sheet is read)
  const repCol = col('rep')!;
  sheetTailFindings(findings, table, {
    headerEnd: match.headerRow + match.headerRows - 1,
    dataRows,
    names: { cols: [repCol], code: 'roster-no-rep', message: mergedRosterNoRepEn },
    fields: (['team', 'region', 'manager', 'region_manager', 'start_date', 'tier'] as const).flatMap((f) => {
      const c = col(f);
      return c === undefined || c === repCol ? [] : [{ col: c, field: f, effect: 'roster-field' as const }];
    }),
  });
  // A team or region cell left empty while other reps have one: the rep is in no team (its roll-ups and
  // a team grade leave it out). Not for a cell below a merged range's top (merged-cells names those).
  const merged = table.finished?.()?.merged;
  for (const f of ['team', 'region'] as const) {
    const have = entries.filter((e) => e[f] !== undefined).length;
    if (have === 0) continue;
    for (const x of noGroup) {
      if (x.field !== f || belowMergedTop(merged, match.headerRow + match.headerRows - 1, x.r.row, x.c)) continue;
      findings.add('roster-no-group', 'warning', `${f}: empty for rep "${x.rep}", while ${have} other roster rep${have === 1 ? ' has' : 's have'} one; the rep is in no ${f} (reported under (unassigned))`, at(x.r, x.c), { field: f, rep: x.rep, have });
    }
  }
  findings.finish();
  // hashed by a second read: the file must be the one that was read (size, mtime, inode unchanged)
  const sha256 = await sha256File(path);
  await assertUnchanged(path, shown, before);
  return { entries, findings: findings.items, file: { path: shown, sha256, rows }, layout: layoutOf(match) };
}
