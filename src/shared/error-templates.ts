/**
 * The English templates of the fatal errors written from a message id and facts (beside the readers'
 * frequent ones, worded by report/error-messages.ts): the rubric that cannot be read or is invalid, the
 * rarer refusals of io/ (a damaged or hostile zip, a sheet's XML, a roster, targets, calendar or history
 * file without the columns it needs, an output that cannot be written) and a few of cli/'s. A throw site
 * calls `templatedError` (shared/errors.ts), which fills the English template here, so the English line
 * is exactly what the template says; report/error-messages.ts holds the zh-CN template of every id with
 * the same placeholders (a test keeps the two one-to-one). `{name}` is a fact (a name, number, code or
 * list); `words` turn a code into a phrase per language. A reason quoted from a library or the system
 * (`reason`, `detail`) stays as it came.
 */
export interface ErrorTemplate {
  message: string;
  hint?: string;
  /** Words for codes, by parameter name (`what: { pipe: 'a pipe …' }`). */
  words?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const ZIP_HINT = 'the file is refused before it is opened; re-save it from Excel or WPS if it is genuine';
const SHEET_XML_HINT = 'the sheet XML is damaged or hand-made; save the file again from Excel or WPS';
const DUCKDB_HINT = 'the default engine (without --engine duckdb) reads messy exports; --engine duckdb reads clean, typed columns: dates YYYY-MM-DD, plain numbers';
const OUTPUT_WHAT = { workbook: 'the workbook', output: 'the output', statement: 'a statement', rubric: 'the rubric', schema: 'the schema' };
/** The system codes an output error is worded by (io/output-file.ts `unwritable`), in English. */
export const OUTPUT_REASONS = {
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'the path is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied, or the file is open in another program',
  EBUSY: 'the file is open in another program (close it in Excel/WPS and retry)',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
};
const DECODE_DETAIL = { 'no-gb18030': 'a byte sequence with no GB18030 character', 'ends-inside': 'the file ends inside a character', 'invalid-sequence': 'an invalid byte sequence' };
const PERIOD_KINDS = { week: 'week', month: 'month', quarter: 'quarter', half: 'half', year: 'year' };
const CHANGED_WHY = { removed: 'it was removed or replaced', replaced: 'it was replaced by another file', modified: 'it was modified' };

export const ERROR_TEMPLATES_EN = {
  // rubric files (rubric/load.ts)
  'rubric-not-file': { message: '{file} is not a file' },
  'rubric-missing': { message: 'cannot read rubric {file}: no such file' },
  'rubric-unreadable': { message: 'cannot read rubric {file}: {reason}' },
  'rubric-invalid': { message: '{message} [{code}]', hint: 'run: salesgrade check {file}' },
  'rubric-invalid-more': { message: '{message} [{code}]', hint: '{more} more; run: salesgrade check {file}' },
  'rubric-many': { message: 'no ./salesgrade.yaml and {count} rubrics under ./rules/ ({names})', hint: 'pick one with -r rules/<file>.yaml' },
  'rubric-none': { message: 'no rubric: ./salesgrade.yaml does not exist and ./rules/ has no *.yaml', hint: 'pass -r <rubric.yaml>, or create one with: salesgrade init' },
  'check-path-missing': { message: 'cannot read {file}: no such file or folder' },
  'check-no-rubrics': { message: 'no rubric files under {file}', hint: 'a rubric is a *.yaml/*.yml file with a top-level "salesgrade: 1"' },
  // exports and other input files (io/)
  'not-a-regular-file': {
    message: 'cannot read from {what}: salesgrade reads exports from files',
    hint: 'save it to a file first; an export piped in is read as -: … | salesgrade evaluate -',
    words: { what: { pipe: 'a pipe (standard input or a named pipe)', device: 'a device', socket: 'a socket', other: 'not a regular file' } },
  },
  'encoding-invalid': {
    message: 'not valid {encoding} text on line {line}, column {column} ({detail})',
    hint: 'check --encoding, or save the file as UTF-8 CSV',
    words: { detail: DECODE_DETAIL },
  },
  'encoding-invalid-byte': {
    message: 'not valid {encoding} text on line {line}, column {column} (byte 0x{byte} at offset {offset}, {detail})',
    hint: 'check --encoding, or save the file as UTF-8 CSV',
    words: { detail: DECODE_DETAIL },
  },
  'csv-unreadable': { message: '{reason} (quote {quote})' },
  'cell-too-long': { message: 'a cell value over {max} characters' },
  'shared-string-too-long': { message: 'shared string {index} ({part}) is over {max} characters' },
  'xml-too-long': { message: 'an XML tag, comment or CDATA section is over {max} characters' },
  'html-too-large': { message: 'an HTML table over 64 MB cannot be read', hint: 'open it in Excel or WPS and save it as .xlsx or .csv' },
  'sheet-xml-cut-in-row': { message: "the sheet's XML ends inside row {row}: the rest of the sheet is missing", hint: SHEET_XML_HINT },
  'sheet-xml-cut-in-tag': { message: "the sheet's XML ends inside a tag: the rest of the sheet is missing", hint: SHEET_XML_HINT },
  'sheet-xml-outside-data': {
    message: 'row "{value}" is written {where}: a worksheet holds its rows only inside <sheetData>',
    hint: SHEET_XML_HINT,
    words: { where: { after: 'after </sheetData>', before: 'before <sheetData>' } },
  },
  'sheet-xml-outside-data-unnumbered': {
    message: 'a row without a number is written {where}: a worksheet holds its rows only inside <sheetData>',
    hint: SHEET_XML_HINT,
    words: { where: { after: 'after </sheetData>', before: 'before <sheetData>' } },
  },
  'sheet-xml-row-number': { message: 'a row numbered "{value}": not a row number from 1 to {max}', hint: SHEET_XML_HINT },
  'sheet-xml-too-many-rows': { message: 'more than {max} rows', hint: SHEET_XML_HINT },
  'sheet-xml-row-order': { message: 'row {row} comes after row {prev}: rows must be in ascending order, each once', hint: SHEET_XML_HINT },
  'sheet-xml-cell-ref': { message: 'a cell reference "{value}" that is not a cell from A1 to XFD{max}', hint: SHEET_XML_HINT },
  'sheet-xml-cell-row': { message: 'cell {cell} is written inside row {row}', hint: SHEET_XML_HINT },
  'sheet-xml-cell-twice': { message: 'cell {cell} is written twice', hint: SHEET_XML_HINT },
  'sheet-xml-cell-order': { message: 'cell {cell} comes after {prev}: cells must be in column order, each once', hint: SHEET_XML_HINT },
  'sheet-xml-too-many-cells': { message: 'row {row} has more than {max} cells (the last column is XFD)', hint: SHEET_XML_HINT },
  'workbook-no-sheet-listed': { message: 'the workbook lists no sheet: its part {part} is damaged or cut short', hint: 'open and save it again in Excel or WPS, or export it again' },
  'sheet-name-twice': { message: 'two sheets are named "{name}"; which one is meant cannot be told', hint: 'rename one of them in Excel or WPS' },
  'sheet-not-found': { message: 'no sheet named "{name}"' },
  'zip-too-many-entries': { message: 'the archive has {count} entries; at most {max} are accepted', hint: ZIP_HINT },
  'zip-entry-too-large': { message: 'entry {entry} declares {bytes} bytes inflated; at most {max} are accepted', hint: ZIP_HINT },
  'zip-total-too-large': { message: 'the archive declares over {max} bytes inflated', hint: ZIP_HINT },
  'zip-ratio': { message: 'entry {entry} inflates {ratio}× ({compressed} → {bytes} bytes), over the {max}× limit', hint: ZIP_HINT },
  'zip-entry-unreadable': { message: 'entry {entry}: {reason}', hint: ZIP_HINT },
  'zip-inflates-beyond': { message: 'entry {entry} inflates beyond the {bytes} bytes it declares', hint: ZIP_HINT },
  'zip-inflates-short': {
    message: 'entry {entry} does not inflate to the size it declares (too few bytes in the stream: expected {bytes}, got only {got})',
    hint: ZIP_HINT,
  },
  'zip-inflates-wrong': { message: 'entry {entry} does not inflate to the size it declares ({reason})', hint: ZIP_HINT },
  'zip-encrypted': { message: 'the workbook is encrypted' },
  'zip-entry-twice': { message: 'the archive has two entries named {entry}; which one is the sheet cannot be told', hint: 'the zip was assembled by hand or damaged; save the file again from Excel or WPS' },
  'zip-unreadable': { message: 'not a readable .xlsx: {reason}' },
  'zip-entry-damaged': { message: 'not a readable .xlsx: entry {entry}: {reason}' },
  'input-changed': {
    message: 'the file changed while it was read ({why}); nothing from it is graded',
    hint: 'wait until the export is written completely, or copy it and read the copy',
    words: { why: CHANGED_WHY },
  },
  'input-changed-size': {
    message: 'the file changed while it was read (its size went from {before} to {after} bytes); nothing from it is graded',
    hint: 'wait until the export is written completely, or copy it and read the copy',
  },
  'input-changed-read': {
    message: 'the file changed while it was read ({read} bytes were read of {size}); nothing from it is graded',
    hint: 'wait until the export is written completely, or copy it and read the copy',
  },
  'roster-no-rep': { message: 'the roster has no rep column: expected one of {expected}; found {found}', hint: 'name the column in roster.fields.rep' },
  'roster-no-header': {
    message: 'the roster has no rep column: expected one of {expected}; found no header row with column names (is this a roster export?)',
    hint: 'name the column in roster.fields.rep',
  },
  'targets-no-key': { message: 'the targets file has no rep, team or region column', hint: 'name a column {expected}, "Team" or "Region"' },
  'targets-no-key-found': { message: 'the targets file has no rep, team or region column', hint: 'name a column {expected}, "Team" or "Region"; found {found}' },
  'targets-no-column': { message: 'the targets file has no column for {label} (tried: {tried})', hint: 'header row {row} has {found}; name the column in target.column' },
  'calendar-yaml': { message: 'the calendar file is not valid YAML: {reason}' },
  'calendar-columns': { message: 'the calendar file needs a date column and a kind column (off | work); found {found}' },
  'calendar-no-header': { message: 'the calendar file needs a date column and a kind column (off | work); found no header' },
  'annual-no-level-column': { message: 'the annual targets file has no {level} column: expected one of {expected}', words: { level: { rep: 'rep', team: 'team', region: 'region' } } },
  'annual-no-level-column-found': {
    message: 'the annual targets file has no {level} column: expected one of {expected}',
    hint: 'header row {row} has {found}',
    words: { level: { rep: 'rep', team: 'team', region: 'region' } },
  },
  'annual-no-metric-column': { message: 'the annual targets file has no column named after a metric ({metrics})' },
  'history-no-column': { message: 'the history export has no column for {metrics}', hint: 'name a column after the metric (or "amount" for a single metric)' },
  'duckdb-missing': {
    message: '--engine duckdb needs the optional dependency @duckdb/node-api, which is not installed',
    hint: 'npm install @duckdb/node-api (or drop --engine duckdb: the default engine reads the files row by row)',
  },
  'duckdb-unreadable': { message: 'DuckDB cannot read it as {format}: {reason}', hint: DUCKDB_HINT },
  'duckdb-query': { message: 'DuckDB could not run the query over {files}: {reason}', hint: DUCKDB_HINT },
  'git-not-repository': { message: '{file}: not inside a git repository', hint: 'a rubric as rev:path is read with git show; give a file path outside a repository' },
  'git-error': { message: '{file}: {reason}', hint: 'a rubric as rev:path is read with git show; give a file path outside a repository' },
  'git-spawn': { message: '{file}: git is not installed (or not on PATH)' },
  'git-unknown-revision': { message: '{file}: unknown revision "{rev}"', hint: 'e.g. HEAD~1:rules/x.yaml or main:rules/x.yaml' },
  'git-outside': { message: '{file}: the path is outside the repository ({root})' },
  // outputs
  'output-is-input': {
    message: 'refusing to write {what} here: it is an input file',
    hint: 'choose another path with {flag}; salesgrade never modifies its inputs',
    words: { what: OUTPUT_WHAT },
  },
  'output-is-other-input': {
    message: 'refusing to write {what} here: it is the input {input}',
    hint: 'choose another path with {flag}; salesgrade never modifies its inputs',
    words: { what: OUTPUT_WHAT },
  },
  'output-unwritable': { message: 'cannot write {what}: {why}', hint: 'choose another path with {flag}', words: { what: OUTPUT_WHAT, why: OUTPUT_REASONS } },
  // {reason}: the system's code (EACCES) as it came, or its message
  'file-unwritable': { message: 'cannot write {file}: {reason}' },
  // engine/: a period label (--period) and a period without rows
  'period-invalid': { message: '"{label}" is not a {kind} period', hint: 'write it like {example}', words: { kind: PERIOD_KINDS } },
  'period-invalid-week': { message: '"{label}" is not a {kind} period ({year} has no week {week})', hint: 'write it like {example}', words: { kind: PERIOD_KINDS } },
  'period-invalid-month': { message: '"{label}" is not a {kind} period (month must be 01–12)', hint: 'write it like {example}', words: { kind: PERIOD_KINDS } },
  'period-invalid-fiscal': { message: '"{label}" is not a {kind} period (the fiscal year starts in month {month})', hint: 'write it like {example}', words: { kind: PERIOD_KINDS } },
  'period-invalid-calendar': { message: '"{label}" is not a {kind} period (the fiscal year is the calendar year)', hint: 'write it like {example}', words: { kind: PERIOD_KINDS } },
  'no-rows-for-period': { message: 'no rows fall in period {period} ({start} … {end})', hint: 'the data covers {covers}' },
  // cli/: {message} is a data finding's message, already in the run's language (report/finding-messages.ts)
  'input-finding': { message: '{message}' },
  'input-finding-more': { message: '{message}', hint: '{more} more like it' },
  'calendar-finding': { message: '{message}', hint: 'run: salesgrade check' },
  'calendar-finding-more': { message: '{message}', hint: '{more} more; run: salesgrade check' },
  // {message}: the reader's error, worded from its own facts (`cause`) when it has them
  'targets-file-unreadable': { message: 'targets file: {message}', hint: '{path} in {rubric}; run: salesgrade check {rubric}' },
  'no-rows-in-period': { message: 'no rows in period {period}', hint: 'the data covers {covers}' },
  'no-dated-rows-in-period': { message: 'no rows in period {period}', hint: 'the data has no dated rows' },
  'all-rows-excluded': { message: 'none of the {read} rows can be graded: every row was excluded ({why})', hint: 'salesgrade inspect {file} lists each excluded row and why' },
  'header-but-no-rows': { message: 'the export has a header row but no data rows', hint: 'export the data again with its rows' },
  'stdin-empty': { message: 'nothing came in on standard input (-): the pipe was empty', hint: 'check the command before the |' },
  'stdin-twice': { message: '- (stdin) is given more than once; its rows would be counted twice', hint: 'give stdin once' },
  'stdin-terminal': { message: '- reads the export from stdin, but stdin is a terminal', hint: 'pipe it in: curl -s https://…/export.csv | salesgrade evaluate -' },
  'field-missing-rep': { message: 'no column for field "{field}" (tried: {tried}), needed by every row', hint: 'header row {row} has: {found}' },
  'field-missing-rep-more': { message: 'no column for field "{field}" (tried: {tried}), needed by every row; also missing: {others}', hint: 'header row {row} has: {found}' },
  'field-missing-metric': { message: 'no column for field "{field}" (tried: {tried}), needed by metric {metrics}', hint: 'header row {row} has: {found}' },
  'field-missing-metric-more': {
    message: 'no column for field "{field}" (tried: {tried}), needed by metric {metrics}; also missing: {others}',
    hint: 'header row {row} has: {found}',
  },
  'distribution-format': { message: '--distribution: expected tier=percent, got "{value}"', hint: 'e.g. {example}' },
  'distribution-tier': { message: '--distribution: "{name}" is not a tier of the rubric', hint: 'tiers: {tiers}' },
  'distribution-twice': { message: '--distribution: tier {tier} is given twice' },
  'distribution-sum': { message: '--distribution: the shares add up to {sum}%, not 100%', hint: 'tiers: {tiers}' },
  'explain-no-rep': { message: 'no rep "{rep}" in {period}', hint: 'reps: {reps}' },
  'explain-no-rep-suggest': { message: 'no rep "{rep}" in {period}', hint: 'did you mean: {suggestions}' },
  'diff-period-kinds': {
    message: '{before} grades by {kindBefore} and {after} by {kindAfter}: diff compares the same period under both rubrics',
    hint: 'make the period the same, or evaluate each on its own',
    words: { kindBefore: PERIOD_KINDS, kindAfter: PERIOD_KINDS },
  },
  'diff-latest-period': { message: 'the latest period in the data is {periodBefore} under {before} and {periodAfter} under {after}', hint: 'choose one with --period' },
  'no-data-given': { message: 'no data: give the CRM exports, or --metrics FILE (a MetricTable from `salesgrade sql`)' },
  'as-of-invalid': { message: '--as-of: expected a date YYYY-MM-DD, found "{value}"' },
  'quota-no-section': { message: 'the rubric has no quota section', hint: 'add quota: { annual: { revenue: 48000000 }, … } (see README, "Quota")' },
  'quota-no-roster': { message: 'quota needs a roster to split the target over', hint: 'give --roster roster.xlsx or roster.file in the rubric' },
  'quota-no-metric': { message: 'quota.annual names no metric' },
} satisfies Record<string, ErrorTemplate>;

export type TemplatedErrorId = keyof typeof ERROR_TEMPLATES_EN;
export const TEMPLATED_ERROR_IDS = Object.keys(ERROR_TEMPLATES_EN) as TemplatedErrorId[];
