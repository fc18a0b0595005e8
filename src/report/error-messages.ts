/**
 * The one-line errors of the readers (a missing or empty file, a format salesgrade does not read, an
 * encoding, a header row, sheet or column not found, an open CSV quote) in the run's language. io/
 * throws a `SalesgradeError` with its English message and hint and, for these, `facts` (a message id
 * and its names, numbers, codes); here each id is worded in English and in zh-CN from those facts.
 * English output is the error's own line (`toLine()`); the English renderings below are what a test
 * compares with the messages io/ wrote, so the two catalogs stay one-to-one with the throw sites.
 * An error without facts keeps its English line: never a half-translated one.
 */
import { formatErrorLocation, type ErrorFacts, type ReaderErrorId, type SalesgradeError } from '../shared/errors.js';
import type { MessageParams } from '../shared/message-template.js';
import type { ReportLocale } from './labels.js';

interface Worded {
  message: string;
  hint?: string;
}
type Render = (p: MessageParams) => Worded;

const list = (p: MessageParams, k: string): readonly string[] => {
  const v = p[k];
  return Array.isArray(v) ? (v as readonly string[]) : [];
};
const text = (p: MessageParams, k: string): string => String(p[k] ?? '');

const en: Record<ReaderErrorId, Render> = {
  'file-not-found': () => ({ message: 'file not found' }),
  'is-directory': () => ({ message: 'is a directory, not a file' }),
  unreadable: (p) => ({ message: `cannot read the file (${text(p, 'reason')})` }),
  'cannot-open': (p) => ({ message: `cannot open the file (${text(p, 'reason')})` }),
  'empty-file': () => ({ message: 'the file is empty' }),
  parquet: () => ({
    message: 'a Parquet file: the default engine reads CSV and XLSX exports row by row',
    hint: 'grade it with --engine duckdb (needs the optional @duckdb/node-api), or export it as CSV',
  }),
  binary: () => ({ message: 'not a spreadsheet: the file holds binary data that is neither CSV nor XLSX', hint: 'export the data from the CRM as .xlsx or .csv' }),
  password: () => ({ message: 'the workbook is protected with a password', hint: 'open it in Excel or WPS, remove the password, and save it as .xlsx' }),
  'legacy-xls': () => ({ message: 'a legacy Excel 97–2003 workbook (.xls) cannot be read', hint: 'open it in Excel or WPS and save it as .xlsx' }),
  'zip-not-xlsx': () => ({ message: 'a zip file that is not an .xlsx workbook (no workbook part)', hint: 'export the data as .xlsx or .csv' }),
  'zip-damaged': (p) => ({ message: `not a readable .xlsx: the zip structure is damaged (${text(p, 'reason')})` }),
  'encoding-unknown': (p) => ({ message: `not valid UTF-8 or GB18030 text: bad byte 0x${text(p, 'byte')} on line ${text(p, 'line')}`, hint: 'save the file as UTF-8 CSV, or pass --encoding' }),
  'csv-quote': (p) => ({ message: `a quoted field opened on line ${text(p, 'line')} is never closed` }),
  'header-not-found': (p) => {
    const tried = p.tried === undefined ? undefined : list(p, 'tried');
    const found = list(p, 'found');
    return {
      message: `no header row in the first ${text(p, 'rows')} rows${tried ? ` (delimiter${tried.length > 1 ? 's' : ''} tried: ${tried.join(', ')})` : ''}: expected a column like ${list(p, 'expected').join(', ')}; found ${found.length ? found.join(', ') : 'no text at all'}`,
      hint:
        p.hidden !== undefined
          ? `the hidden sheet "${text(p, 'hidden')}" has a matching header: name it in source.sheet (inspect --sheet shows it)`
          : `name the columns in source.fields, or set source.header_row${tried ? ' or source.delimiter' : ''}`,
    };
  },
  'field-missing': (p) => ({
    message: `no column for ${text(p, 'field')}: expected one of ${list(p, 'expected').join(', ')}; found ${list(p, 'found').join(', ')}`,
    hint: `add the header to source.fields.${text(p, 'field')} in the rubric`,
  }),
  'sheet-missing': (p) => ({ message: `no sheet named "${text(p, 'name')}"; the sheets are ${list(p, 'sheets').join(', ')}` }),
  'sheets-hidden': () => ({ message: 'every sheet is hidden; name one in source.sheet' }),
  'no-visible-sheet': () => ({ message: 'the workbook has no visible sheet' }),
  'html-no-rows': () => ({ message: 'an HTML file with no table rows' }),
  'table-no-header': () => ({ message: 'the table has no header row' }),
};

/** `tab` (a delimiter io/ names by a word) in Chinese; a quoted character stays as it is. */
const delimiterZh = (d: string): string => (d === 'tab' ? '制表符' : d);

const zh: Record<ReaderErrorId, Render> = {
  'file-not-found': () => ({ message: '找不到文件' }),
  'is-directory': () => ({ message: '这是文件夹，不是文件' }),
  unreadable: (p) => ({ message: `无法读取该文件（${text(p, 'reason')}）` }),
  'cannot-open': (p) => ({ message: `无法打开该文件（${text(p, 'reason')}）` }),
  'empty-file': () => ({ message: '文件是空的' }),
  parquet: () => ({
    message: '这是 Parquet 文件：默认引擎逐行读取 CSV 和 XLSX 导出',
    hint: '请用 --engine duckdb 评分（需要可选依赖 @duckdb/node-api），或导出为 CSV',
  }),
  binary: () => ({ message: '不是电子表格：文件内容是二进制数据，既不是 CSV 也不是 XLSX', hint: '请从 CRM 重新导出为 .xlsx 或 .csv' }),
  password: () => ({ message: '工作簿设有密码保护', hint: '请在 Excel 或 WPS 中打开，取消密码后另存为 .xlsx' }),
  'legacy-xls': () => ({ message: '无法读取旧版 Excel 97–2003 工作簿（.xls）', hint: '请在 Excel 或 WPS 中打开并另存为 .xlsx' }),
  'zip-not-xlsx': () => ({ message: '这是 zip 文件，但不是 .xlsx 工作簿（没有工作簿部件）', hint: '请导出为 .xlsx 或 .csv' }),
  'zip-damaged': (p) => ({ message: `不是可读取的 .xlsx：zip 结构已损坏（${text(p, 'reason')}）` }),
  'encoding-unknown': (p) => ({ message: `不是有效的 UTF-8 或 GB18030 文本：第 ${text(p, 'line')} 行有无效字节 0x${text(p, 'byte')}`, hint: '请将文件另存为 UTF-8 CSV，或指定 --encoding' }),
  'csv-quote': (p) => ({ message: `第 ${text(p, 'line')} 行开始的带引号字段一直没有闭合` }),
  'header-not-found': (p) => {
    const tried = p.tried === undefined ? undefined : list(p, 'tried').map(delimiterZh);
    const found = list(p, 'found');
    return {
      message: `前 ${text(p, 'rows')} 行中没有表头行${tried ? `（尝试过的分隔符：${tried.join('、')}）` : ''}：应有类似 ${list(p, 'expected').join('、')} 的列；实际${found.length ? `为 ${found.join('、')}` : '没有任何文字'}`,
      hint: p.hidden !== undefined ? `隐藏的工作表 "${text(p, 'hidden')}" 有匹配的表头：请在 source.sheet 中指定它（inspect --sheet 可查看）` : `请在 source.fields 中写明列名，或设置 source.header_row${tried ? ' 或 source.delimiter' : ''}`,
    };
  },
  'field-missing': (p) => ({
    message: `没有 ${text(p, 'field')} 列：应为 ${list(p, 'expected').join('、')} 之一；实际为 ${list(p, 'found').join('、')}`,
    hint: `请在规则的 source.fields.${text(p, 'field')} 中加上该表头`,
  }),
  'sheet-missing': (p) => ({ message: `没有名为 "${text(p, 'name')}" 的工作表；现有工作表：${list(p, 'sheets').join('、')}` }),
  'sheets-hidden': () => ({ message: '所有工作表都已隐藏；请在 source.sheet 中指定一个' }),
  'no-visible-sheet': () => ({ message: '工作簿没有可见的工作表' }),
  'html-no-rows': () => ({ message: 'HTML 文件中没有表格行' }),
  'table-no-header': () => ({ message: '表格没有表头行' }),
};

/** The message and hint of facts in a language (the catalogs, for tests and for `errorLine`). */
export function wordError(facts: ErrorFacts, locale: ReportLocale): Worded {
  return (locale === 'zh-CN' ? zh : en)[facts.id](facts.params ?? {});
}

/**
 * The one line a fatal error prints (after `salesgrade: `): English as the error wrote it; zh-CN from
 * its facts, `where: 消息（提示）`, when it has them.
 */
export function errorLine(err: SalesgradeError, locale: ReportLocale): string {
  if (locale === 'en' || err.facts === undefined) return err.toLine();
  const w = wordError(err.facts, locale);
  const where = formatErrorLocation(err.location);
  return `${where ? `${where}: ` : ''}${w.message}${w.hint ? `（${w.hint}）` : ''}`;
}
