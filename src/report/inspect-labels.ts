/**
 * The words of the `inspect` report (labels, units, plurals) in both report languages: one catalog per
 * language with the same keys (test/unit/report/inspect-labels.test.ts keeps them one-to-one).
 */
import type { ReportLocale } from './labels.js';

export interface InspectWords {
  file: string;
  roster: string;
  mapping: string;
  mappingRubric: (rubric: string) => string;
  mappingRosterRubric: (rubric: string) => string;
  mappingBuiltin: string;
  mappingRosterBuiltin: string;
  sheets: string;
  sheet: (name: string, hidden: boolean, rows: number | undefined) => string;
  readMark: string;
  header: string;
  /** `line 3` / `第 3 行`; `rows 2–3 (two-row header, merged cells)`; of the sheet; lines skipped above. */
  headerAt: (unit: 'row' | 'table row' | 'line', row: number, rows: number, sheet: string | undefined) => string;
  skippedAbove: (unit: 'row' | 'table row' | 'line', n: number) => string;
  headerNone: string;
  columns: string;
  columnHeads: readonly [string, string, string, string, string, string];
  blank: string;
  /** After a hidden column's header (XLSX `<col hidden>`). */
  hiddenMark: string;
  unmapped: string;
  missing: string;
  none: string;
  noColumnMatched: string;
  dates: string;
  noDates: string;
  /** Each with its own leading space (English) or none (Chinese, full-width brackets). */
  dateRows: (rows: number, empty: number) => string;
  paren: (text: string) => string;
  /** `(a 1, b 2)` / `（a 1，b 2）`, and a list of counts. */
  parts: (parts: string[]) => string;
  join: string;
  /** A list of names (unmapped columns, missing fields): `A Id, J Note` / `A 编号、J 备注`. */
  list: string;
  rows: string;
  read: string;
  counted: string;
  excluded: string;
  blankSkipped: (n: number) => string;
  rosterRows: (g: { read: number; entries: number; skipped: number; teams: number; regions: number; managers: number }) => string;
  findings: string;
  errors: (n: number) => string;
  warnings: (n: number) => string;
  infos: (n: number) => string;
  /** Severity tags, each padded to one width. */
  severity: { error: string; warning: string; info: string };
  more: (n: number) => string;
  csv: (encoding: string, delimiter: string) => string;
  html: (encoding: string) => string;
  xlsx: (date1904: boolean) => string;
  delimiters: Record<string, string>;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const en: InspectWords = {
  file: 'File',
  roster: 'Roster',
  mapping: 'Mapping',
  mappingRubric: (r) => `rubric ${r} (its headers, then the built-in aliases)`,
  mappingRosterRubric: (r) => `rubric ${r} (its roster.fields, then the built-in aliases)`,
  mappingBuiltin: 'built-in header aliases (no rubric given)',
  mappingRosterBuiltin: 'built-in roster aliases (no rubric given)',
  sheets: 'Sheets',
  sheet: (name, hidden, rows) => `${name} (${hidden ? 'hidden' : 'visible'}${rows === undefined ? '' : `, ${plural(rows, 'row', 'rows')}`})`,
  readMark: ' ← read',
  header: 'Header',
  headerAt: (unit, row, rows, sheet) => `${rows === 2 ? `${unit}s ${row}–${row + 1} (two-row header, merged cells)` : `${unit} ${row}`}${sheet !== undefined ? ` of ${sheet}` : ''}`,
  skippedAbove: (unit, n) => `; ${n} ${n === 1 ? unit : `${unit}s`} above it skipped`,
  headerNone: 'none found (no row with column names)',
  columns: 'Columns',
  columnHeads: ['col', 'header', 'field', 'matched alias', 'type', 'sample'],
  blank: '(blank)',
  hiddenMark: ' (hidden)',
  unmapped: 'Unmapped',
  missing: 'Missing',
  none: 'none',
  noColumnMatched: ' (no column matched)',
  dates: 'Dates',
  noDates: 'no dates',
  dateRows: (rows, empty) => ` (${rows} counted rows${empty ? `, ${empty} empty` : ''})`,
  paren: (text) => ` (${text})`,
  parts: (parts) => ` (${parts.join(', ')})`,
  join: ', ',
  list: ', ',
  rows: 'Rows',
  read: 'read',
  counted: 'counted',
  excluded: 'excluded',
  blankSkipped: (n) => `${n} blank skipped`,
  rosterRows: (g) => `read ${g.read} · reps ${g.entries} · skipped ${g.skipped} · teams ${g.teams} · regions ${g.regions} · managers ${g.managers}`,
  findings: 'Findings',
  errors: (n) => plural(n, 'error', 'errors'),
  warnings: (n) => plural(n, 'warning', 'warnings'),
  infos: (n) => `${n} info`,
  severity: { error: 'error  ', warning: 'warning', info: 'info   ' },
  more: (n) => `… ${n} more (use -f json for all)`,
  csv: (enc, delim) => `CSV, ${enc}, ${delim}-delimited`,
  html: (enc) => `HTML table saved as a spreadsheet, ${enc}`,
  xlsx: (d1904) => `XLSX${d1904 ? ', 1904 date system' : ''}`,
  delimiters: { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' },
};

const zh: InspectWords = {
  file: '文件',
  roster: '花名册',
  mapping: '列对应',
  mappingRubric: (r) => `规则 ${r}（先用其表头，再用内置别名）`,
  mappingRosterRubric: (r) => `规则 ${r}（先用其 roster.fields，再用内置别名）`,
  mappingBuiltin: '内置表头别名（未给规则）',
  mappingRosterBuiltin: '内置花名册别名（未给规则）',
  sheets: '工作表',
  sheet: (name, hidden, rows) => `${name}（${hidden ? '隐藏' : '可见'}${rows === undefined ? '' : `，${rows} 行`}）`,
  readMark: ' ← 读取此表',
  header: '表头',
  headerAt: (unit, row, rows, sheet) => `${sheet !== undefined ? `${sheet} ` : ''}${unit === 'table row' ? '表格' : ''}${rows === 2 ? `第 ${row}–${row + 1} 行（两行表头，合并单元格）` : `第 ${row} 行`}`,
  skippedAbove: (_unit, n) => `；其上 ${n} 行已跳过`,
  headerNone: '未找到（没有含列名的行）',
  columns: '列',
  columnHeads: ['列', '表头', '字段', '匹配的别名', '类型', '样例'],
  blank: '（空）',
  hiddenMark: '（隐藏）',
  unmapped: '未对应',
  missing: '缺少',
  none: '无',
  noColumnMatched: '（没有匹配的列）',
  dates: '日期',
  noDates: '无日期',
  dateRows: (rows, empty) => `（计入 ${rows} 行${empty ? `，${empty} 行为空` : ''}）`,
  paren: (text) => `（${text}）`,
  parts: (parts) => `（${parts.join('，')}）`,
  join: '，',
  list: '、',
  rows: '行数',
  read: '读取行数',
  counted: '计入行数',
  excluded: '排除行数',
  blankSkipped: (n) => `跳过空行 ${n}`,
  rosterRows: (g) => `读取 ${g.read} · 销售代表 ${g.entries} · 跳过 ${g.skipped} · 团队 ${g.teams} · 区域 ${g.regions} · 经理 ${g.managers}`,
  findings: '数据问题',
  errors: (n) => `错误 ${n}`,
  warnings: (n) => `警告 ${n}`,
  infos: (n) => `提示 ${n}`,
  severity: { error: '错误', warning: '警告', info: '提示' },
  more: (n) => `… 另有 ${n} 条（用 -f json 查看全部）`,
  csv: (enc, delim) => `CSV，${enc}，${delim}分隔`,
  html: (enc) => `另存为电子表格的 HTML 表格，${enc}`,
  xlsx: (d1904) => `XLSX${d1904 ? '，1904 日期系统' : ''}`,
  delimiters: { ',': '逗号', ';': '分号', '\t': '制表符', '|': '竖线' },
};

export const inspectCatalogs: Record<ReportLocale, InspectWords> = { en, 'zh-CN': zh };
