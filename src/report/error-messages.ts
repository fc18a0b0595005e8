/**
 * The one-line errors of the readers (a missing or empty file, a format salesgrade does not read, an
 * encoding, a header row, sheet or column not found, an open CSV quote) in the run's language. io/
 * throws a `SalesgradeError` with its English message and hint and, for these, `facts` (a message id
 * and its names, numbers, codes); here each id is worded in English and in zh-CN from those facts.
 * English output is the error's own line (`toLine()`); the English renderings below are what a test
 * compares with the messages io/ wrote, so the two catalogs stay one-to-one with the throw sites.
 * An error without facts keeps its English line: never a half-translated one.
 */
import { ERROR_TEMPLATES_EN, type ErrorTemplate, type TemplatedErrorId } from '../shared/error-templates.js';
import { formatErrorLocation, type ErrorFacts, type ReaderErrorId, type SalesgradeError } from '../shared/errors.js';
import { ENGLISH_LISTS, fillTemplate, type MessageParams } from '../shared/message-template.js';
import type { ReportLocale } from './labels.js';
import { lintMessage } from './lint-messages.js';

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
  'table-sheet-hidden': (p) => ({
    message: `no visible sheet has the table's header (${list(p, 'visible').join(', ')} read); the hidden sheet "${text(p, 'hidden')}" has it`,
    hint: 'name it in the file\'s sheet setting to read it, or unhide it',
  }),
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
  'table-sheet-hidden': (p) => ({
    message: `没有可见的工作表带有该表的表头（已读取 ${list(p, 'visible').join('、')}）；隐藏的工作表 "${text(p, 'hidden')}" 有`,
    hint: '请在该文件的 sheet 设置中指定它，或取消隐藏',
  }),
  'html-no-rows': () => ({ message: 'HTML 文件中没有表格行' }),
  'table-no-header': () => ({ message: '表格没有表头行' }),
};

const ZIP_HINT_ZH = '文件在打开前即被拒绝；如果它是正常文件，请在 Excel 或 WPS 中重新保存';
const SHEET_XML_HINT_ZH = '工作表的 XML 已损坏或是手工生成的；请在 Excel 或 WPS 中重新保存该文件';
const DUCKDB_HINT_ZH = '默认引擎（不加 --engine duckdb）能读取不规整的导出；--engine duckdb 只读取规整、有类型的列：日期为 YYYY-MM-DD，数字不带格式';
const OUTPUT_WHAT_ZH = { workbook: '工作簿', output: '输出', statement: '个人报表', rubric: '规则文件', schema: 'schema 文件' };
const OUTPUT_WHY_ZH = {
  ENOENT: '文件夹不存在',
  ENOTDIR: '路径中有一部分不是文件夹',
  EISDIR: '该路径是文件夹',
  EACCES: '没有写入权限',
  EPERM: '没有写入权限，或文件正在被其他程序打开',
  EBUSY: '文件正在被其他程序打开（请在 Excel/WPS 中关闭后重试）',
  EROFS: '文件系统为只读',
  ENOSPC: '磁盘已满',
  EDQUOT: '超出磁盘配额',
};
const DECODE_DETAIL_ZH = { 'no-gb18030': '这串字节不对应任何 GB18030 字符', 'ends-inside': '文件在一个字符中间结束', 'invalid-sequence': '无效的字节序列' };
const CHANGED_HINT_ZH = '请等导出文件完全写完，或先复制一份再读取副本';
const WHERE_ZH = { after: '在 </sheetData> 之后', before: '在 <sheetData> 之前' };
const PERIOD_KIND_ZH = { week: '周', month: '月份', quarter: '季度', half: '半年', year: '年度' };
const LEVEL_ZH = { rep: '销售代表', team: '团队', region: '区域' };

/**
 * zh-CN templates of the templated errors, with the same ids and placeholders as the English ones in
 * shared/error-templates.ts (test/unit/report/error-messages.test.ts keeps them one-to-one). Codes,
 * flags, paths and names stay as they are; a reason quoted from a library or the system too.
 */
export const ERROR_TEMPLATES_ZH: Record<TemplatedErrorId, ErrorTemplate> = {
  'rubric-not-file': { message: '{file} 不是文件' },
  'rubric-missing': { message: '无法读取规则文件 {file}：文件不存在' },
  'rubric-unreadable': { message: '无法读取规则文件 {file}：{reason}' },
  'rubric-invalid': { message: '{message} [{code}]', hint: '请运行：salesgrade check {file}' },
  'rubric-invalid-more': { message: '{message} [{code}]', hint: '另有 {more} 个问题；请运行：salesgrade check {file}' },
  'rubric-many': { message: '没有 ./salesgrade.yaml，而 ./rules/ 下有 {count} 个规则文件（{names}）', hint: '请用 -r rules/<file>.yaml 指定一个' },
  'rubric-none': { message: '没有规则文件：./salesgrade.yaml 不存在，./rules/ 下也没有 *.yaml', hint: '请用 -r <rubric.yaml> 指定，或用 salesgrade init 创建一个' },
  'check-path-missing': { message: '无法读取 {file}：文件或文件夹不存在' },
  'check-no-rubrics': { message: '{file} 下没有规则文件', hint: '规则文件是顶层写有 "salesgrade: 1" 的 *.yaml/*.yml 文件' },
  'not-a-regular-file': {
    message: '无法从{what}读取：salesgrade 只从文件读取导出',
    hint: '请先保存为文件；通过管道传入的导出用 - 读取：… | salesgrade evaluate -',
    words: { what: { pipe: '管道（标准输入或命名管道）', device: '设备', socket: '套接字', other: '非普通文件' } },
  },
  'encoding-invalid': {
    message: '第 {line} 行第 {column} 列不是有效的 {encoding} 文本（{detail}）',
    hint: '请检查 --encoding，或将文件另存为 UTF-8 CSV',
    words: { detail: DECODE_DETAIL_ZH },
  },
  'encoding-invalid-byte': {
    message: '第 {line} 行第 {column} 列不是有效的 {encoding} 文本（偏移 {offset} 处的字节 0x{byte}，{detail}）',
    hint: '请检查 --encoding，或将文件另存为 UTF-8 CSV',
    words: { detail: DECODE_DETAIL_ZH },
  },
  'csv-unreadable': { message: '无法解析 CSV：{reason}（引号 {quote}）' },
  'cell-too-long': { message: '单元格内容超过 {max} 个字符' },
  'shared-string-too-long': { message: '共享字符串 {index}（{part}）超过 {max} 个字符' },
  'xml-too-long': { message: 'XML 标签、注释或 CDATA 段超过 {max} 个字符' },
  'html-too-large': { message: '无法读取超过 64 MB 的 HTML 表格', hint: '请在 Excel 或 WPS 中打开并另存为 .xlsx 或 .csv' },
  'sheet-xml-cut-in-row': { message: '工作表的 XML 在第 {row} 行中间结束：工作表其余部分缺失', hint: SHEET_XML_HINT_ZH },
  'sheet-xml-cut-in-tag': { message: '工作表的 XML 在一个标签中间结束：工作表其余部分缺失', hint: SHEET_XML_HINT_ZH },
  'sheet-xml-outside-data': { message: '行 "{value}" 写{where}：工作表的行只能写在 <sheetData> 之内', hint: SHEET_XML_HINT_ZH, words: { where: WHERE_ZH } },
  'sheet-xml-outside-data-unnumbered': { message: '一个没有行号的行写{where}：工作表的行只能写在 <sheetData> 之内', hint: SHEET_XML_HINT_ZH, words: { where: WHERE_ZH } },
  'sheet-xml-row-number': { message: '行号 "{value}" 不是 1 到 {max} 之间的行号', hint: SHEET_XML_HINT_ZH },
  'sheet-xml-too-many-rows': { message: '超过 {max} 行', hint: SHEET_XML_HINT_ZH },
  'sheet-xml-row-order': { message: '第 {row} 行出现在第 {prev} 行之后：行必须按升序排列，且每行只出现一次', hint: SHEET_XML_HINT_ZH },
  'sheet-xml-cell-ref': { message: '单元格引用 "{value}" 不是 A1 到 XFD{max} 之间的单元格', hint: SHEET_XML_HINT_ZH },
  'sheet-xml-cell-row': { message: '单元格 {cell} 写在第 {row} 行中', hint: SHEET_XML_HINT_ZH },
  'sheet-xml-cell-twice': { message: '单元格 {cell} 写了两次', hint: SHEET_XML_HINT_ZH },
  'sheet-xml-cell-order': { message: '单元格 {cell} 出现在 {prev} 之后：单元格必须按列的顺序排列，且每个只出现一次', hint: SHEET_XML_HINT_ZH },
  'sheet-xml-too-many-cells': { message: '第 {row} 行超过 {max} 个单元格（最后一列是 XFD）', hint: SHEET_XML_HINT_ZH },
  'workbook-no-sheet-listed': { message: '工作簿没有列出任何工作表：其部件 {part} 已损坏或不完整', hint: '请在 Excel 或 WPS 中打开后重新保存，或重新导出' },
  'sheet-name-twice': { message: '有两个工作表都叫 "{name}"，无法判断指的是哪一个', hint: '请在 Excel 或 WPS 中将其中一个改名' },
  'sheet-not-found': { message: '没有名为 "{name}" 的工作表' },
  'zip-too-many-entries': { message: '压缩包有 {count} 个条目；最多接受 {max} 个', hint: ZIP_HINT_ZH },
  'zip-entry-too-large': { message: '条目 {entry} 声明解压后为 {bytes} 字节；最多接受 {max} 字节', hint: ZIP_HINT_ZH },
  'zip-total-too-large': { message: '压缩包声明解压后超过 {max} 字节', hint: ZIP_HINT_ZH },
  'zip-ratio': { message: '条目 {entry} 解压后膨胀 {ratio} 倍（{compressed} → {bytes} 字节），超过 {max} 倍的上限', hint: ZIP_HINT_ZH },
  'zip-entry-unreadable': { message: '条目 {entry}：{reason}', hint: ZIP_HINT_ZH },
  'zip-inflates-beyond': { message: '条目 {entry} 解压后超过其声明的 {bytes} 字节', hint: ZIP_HINT_ZH },
  'zip-inflates-short': { message: '条目 {entry} 解压后的大小与声明不符（数据流字节不足：应为 {bytes}，实际只有 {got}）', hint: ZIP_HINT_ZH },
  'zip-inflates-wrong': { message: '条目 {entry} 解压后的大小与声明不符（{reason}）', hint: ZIP_HINT_ZH },
  'zip-encrypted': { message: '工作簿已加密' },
  'zip-entry-twice': { message: '压缩包中有两个名为 {entry} 的条目，无法判断哪一个是工作表', hint: '该 zip 是手工拼装的或已损坏；请在 Excel 或 WPS 中重新保存该文件' },
  'zip-unreadable': { message: '不是可读取的 .xlsx：{reason}' },
  'zip-entry-damaged': { message: '不是可读取的 .xlsx：条目 {entry}：{reason}' },
  'input-changed': {
    message: '读取过程中文件发生了变化（{why}）；其中的数据均未评分',
    hint: CHANGED_HINT_ZH,
    words: { why: { removed: '文件被删除或替换', replaced: '文件被另一个文件替换', modified: '文件被修改' } },
  },
  'input-changed-size': { message: '读取过程中文件发生了变化（大小从 {before} 字节变为 {after} 字节）；其中的数据均未评分', hint: CHANGED_HINT_ZH },
  'input-changed-read': { message: '读取过程中文件发生了变化（共 {size} 字节，只读到 {read} 字节）；其中的数据均未评分', hint: CHANGED_HINT_ZH },
  'roster-no-rep': { message: '名单文件没有销售代表列：应为 {expected} 之一；实际为 {found}', hint: '请在 roster.fields.rep 中写明该列' },
  'roster-no-header': { message: '名单文件没有销售代表列：应为 {expected} 之一；没有找到带列名的表头行（这是名单导出吗？）', hint: '请在 roster.fields.rep 中写明该列' },
  'targets-no-key': { message: '目标文件没有销售代表、团队或区域列', hint: '请将一列命名为 {expected}、"Team" 或 "Region"' },
  'targets-no-key-found': { message: '目标文件没有销售代表、团队或区域列', hint: '请将一列命名为 {expected}、"Team" 或 "Region"；实际为 {found}' },
  'targets-no-column': { message: '目标文件没有 {label} 列（尝试过：{tried}）', hint: '第 {row} 行表头为 {found}；请在 target.column 中写明该列' },
  'calendar-yaml': { message: '日历文件不是有效的 YAML：{reason}' },
  'calendar-columns': { message: '日历文件需要日期列和类型列（off | work）；实际为 {found}' },
  'calendar-no-header': { message: '日历文件需要日期列和类型列（off | work）；没有找到表头' },
  'annual-no-level-column': { message: '年度目标文件没有{level}列：应为 {expected} 之一', words: { level: LEVEL_ZH } },
  'annual-no-level-column-found': { message: '年度目标文件没有{level}列：应为 {expected} 之一', hint: '第 {row} 行表头为 {found}', words: { level: LEVEL_ZH } },
  'annual-no-metric-column': { message: '年度目标文件没有以指标命名的列（{metrics}）' },
  'history-no-column': { message: '历史导出没有 {metrics} 列', hint: '请以指标名命名一列（只有一个指标时也可用 "amount"）' },
  'duckdb-missing': {
    message: '--engine duckdb 需要可选依赖 @duckdb/node-api，但它没有安装',
    hint: '请运行 npm install @duckdb/node-api（或去掉 --engine duckdb：默认引擎逐行读取文件）',
  },
  'duckdb-unreadable': { message: 'DuckDB 无法按 {format} 读取该文件：{reason}', hint: DUCKDB_HINT_ZH },
  'duckdb-query': { message: 'DuckDB 无法在 {files} 上执行查询：{reason}', hint: DUCKDB_HINT_ZH },
  'git-not-repository': { message: '{file}：不在 git 仓库中', hint: 'rev:path 形式的规则文件用 git show 读取；仓库之外请直接给出文件路径' },
  'git-error': { message: '{file}：git 出错：{reason}', hint: 'rev:path 形式的规则文件用 git show 读取；仓库之外请直接给出文件路径' },
  'git-spawn': { message: '{file}：没有安装 git（或它不在 PATH 中）' },
  'git-unknown-revision': { message: '{file}：未知的版本 "{rev}"', hint: '例如 HEAD~1:rules/x.yaml 或 main:rules/x.yaml' },
  'git-outside': { message: '{file}：该路径在仓库（{root}）之外' },
  'output-is-input': { message: '拒绝在此写入{what}：这是一个输入文件', hint: '请用 {flag} 另选路径；salesgrade 从不修改输入文件', words: { what: OUTPUT_WHAT_ZH } },
  'output-is-other-input': { message: '拒绝在此写入{what}：这是输入文件 {input}', hint: '请用 {flag} 另选路径；salesgrade 从不修改输入文件', words: { what: OUTPUT_WHAT_ZH } },
  'output-unwritable': { message: '无法写入{what}：{why}', hint: '请用 {flag} 另选路径', words: { what: OUTPUT_WHAT_ZH, why: OUTPUT_WHY_ZH } },
  'file-unwritable': { message: '无法写入 {file}：{reason}' },
  'period-invalid': { message: '"{label}" 不是有效的{kind}', hint: '请写成 {example} 这样', words: { kind: PERIOD_KIND_ZH } },
  'period-invalid-week': { message: '"{label}" 不是有效的{kind}（{year} 年没有第 {week} 周）', hint: '请写成 {example} 这样', words: { kind: PERIOD_KIND_ZH } },
  'period-invalid-month': { message: '"{label}" 不是有效的{kind}（月份必须是 01–12）', hint: '请写成 {example} 这样', words: { kind: PERIOD_KIND_ZH } },
  'period-invalid-fiscal': { message: '"{label}" 不是有效的{kind}（财年从 {month} 月开始）', hint: '请写成 {example} 这样', words: { kind: PERIOD_KIND_ZH } },
  'period-invalid-calendar': { message: '"{label}" 不是有效的{kind}（财年就是自然年）', hint: '请写成 {example} 这样', words: { kind: PERIOD_KIND_ZH } },
  'no-rows-for-period': { message: '周期 {period}（{start} … {end}）内没有数据行', hint: '数据覆盖 {covers}' },
  'input-finding': { message: '{message}' },
  'input-finding-more': { message: '{message}', hint: '另有 {more} 个类似问题' },
  'calendar-finding': { message: '{message}', hint: '请运行：salesgrade check' },
  'calendar-finding-more': { message: '{message}', hint: '另有 {more} 个问题；请运行：salesgrade check' },
  'targets-file-unreadable': { message: '目标文件：{message}', hint: '{rubric} 中的 {path}；请运行：salesgrade check {rubric}' },
  'no-rows-in-period': { message: '周期 {period} 内没有数据行', hint: '数据覆盖 {covers}' },
  'no-dated-rows-in-period': { message: '周期 {period} 内没有数据行', hint: '数据中没有带日期的行' },
  'all-rows-excluded': { message: '{read} 行数据都无法评分：每一行都被排除了（{why}）', hint: '运行 salesgrade inspect {file} 可查看每一行被排除的原因' },
  'header-but-no-rows': { message: '导出有表头行，但没有数据行', hint: '请重新导出，带上数据行' },
  'stdin-empty': { message: '标准输入（-）没有收到任何内容：管道是空的', hint: '请检查 | 前面的命令' },
  'stdin-twice': { message: '-（标准输入）给出了不止一次；其中的行会被重复计算', hint: '标准输入只能给一次' },
  'stdin-terminal': { message: '- 从标准输入读取导出，但标准输入是终端', hint: '请用管道传入：curl -s https://…/export.csv | salesgrade evaluate -' },
  'field-missing-rep': { message: '没有字段 "{field}" 的列（尝试过：{tried}），每一行都需要它', hint: '第 {row} 行表头为：{found}' },
  'field-missing-rep-more': { message: '没有字段 "{field}" 的列（尝试过：{tried}），每一行都需要它；另外还缺少：{others}', hint: '第 {row} 行表头为：{found}' },
  'field-missing-metric': { message: '没有字段 "{field}" 的列（尝试过：{tried}），指标 {metrics} 需要它', hint: '第 {row} 行表头为：{found}' },
  'field-missing-metric-more': { message: '没有字段 "{field}" 的列（尝试过：{tried}），指标 {metrics} 需要它；另外还缺少：{others}', hint: '第 {row} 行表头为：{found}' },
  'distribution-format': { message: '--distribution：应为 等级=百分比，实际为 "{value}"', hint: '例如 {example}' },
  'distribution-tier': { message: '--distribution："{name}" 不是规则文件中的等级', hint: '等级：{tiers}' },
  'distribution-twice': { message: '--distribution：等级 {tier} 给出了两次' },
  'distribution-sum': { message: '--distribution：各等级占比合计为 {sum}%，不是 100%', hint: '等级：{tiers}' },
  'explain-no-rep': { message: '{period} 中没有销售代表 "{rep}"', hint: '销售代表：{reps}' },
  'explain-no-rep-suggest': { message: '{period} 中没有销售代表 "{rep}"', hint: '是否应为：{suggestions}' },
  'diff-period-kinds': {
    message: '{before} 按{kindBefore}考核，{after} 按{kindAfter}考核：diff 比较的是两个规则文件下的同一考核期',
    hint: '请让考核周期一致，或分别运行 evaluate',
    words: { kindBefore: PERIOD_KIND_ZH, kindAfter: PERIOD_KIND_ZH },
  },
  'diff-latest-period': { message: '数据中最新的考核期在 {before} 下是 {periodBefore}，在 {after} 下是 {periodAfter}', hint: '请用 --period 选择一个' },
  'no-data-given': { message: '没有数据：请给出 CRM 导出，或 --metrics FILE（`salesgrade sql` 生成的 MetricTable）' },
  'as-of-invalid': { message: '--as-of：应为 YYYY-MM-DD 格式的日期，实际为 "{value}"' },
  'quota-no-section': { message: '规则文件中没有 quota 部分', hint: '请添加 quota: { annual: { revenue: 48000000 }, … }（见 README 的 "Quota" 一节）' },
  'quota-no-roster': { message: '配额需要名单才能分配目标', hint: '请给出 --roster roster.xlsx，或在规则文件中设置 roster.file' },
  'quota-no-metric': { message: 'quota.annual 中没有任何指标' },
};

const ZH_LISTS = { separator: '、', none: '（无）' } as const;

function isReaderId(id: ErrorFacts['id']): id is ReaderErrorId {
  return id in en;
}

/** The message and hint of facts in a language (the catalogs, for tests and for `errorLine`). */
export function wordError(facts: ErrorFacts, locale: ReportLocale): Worded {
  if (isReaderId(facts.id)) return (locale === 'zh-CN' ? zh : en)[facts.id](facts.params ?? {});
  const t: ErrorTemplate = (locale === 'zh-CN' ? ERROR_TEMPLATES_ZH : ERROR_TEMPLATES_EN)[facts.id];
  const lang = { ...(locale === 'zh-CN' ? ZH_LISTS : ENGLISH_LISTS), words: t.words };
  let params = facts.params ?? {};
  // an invalid rubric's first finding, in the language of the lint catalogs
  if (facts.finding && locale !== 'en') params = { ...params, message: lintMessage({ ...facts.finding, severity: 'error', source: '' }, locale) };
  // a reader's error quoted inside this one, worded from its own facts
  if (facts.cause && locale !== 'en') params = { ...params, message: wordError(facts.cause, locale).message };
  const message = fillTemplate(t.message, params, lang);
  return t.hint !== undefined ? { message, hint: fillTemplate(t.hint, params, lang) } : { message };
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
