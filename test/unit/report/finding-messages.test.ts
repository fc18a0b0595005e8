import { describe, expect, it } from 'vitest';
import type { Diagnostic, FindingData } from '../../../src/shared/diagnostic.js';
import { findingMessage, findingPlace, TRANSLATED_CODES } from '../../../src/report/finding-messages.js';

// Findings whose English is rendered from the facts as well (the team / region counts).
const COUNT_CODES = new Set(['rep-team-conflict', 'roster-team-mismatch']);
const VALUE_CODES = new Set(['bad-number', 'bad-date', 'ambiguous-number', 'ambiguous-date', 'formula-error', 'formula-no-value', 'foreign-currency', 'mangled-id', 'currency-converted', 'exponent-number']);

// code, data (as the call site passes it), the English message built there, the zh-CN rendering
const CASES: [string, FindingData, string, string][] = [
  ['no-rep', { field: 'rep' }, 'rep: expected a name, found an empty cell; the row is not counted', 'rep：应为姓名，却是空单元格；该行不计入'],
  [
    'rep-not-mapped',
    { table: 'export', found: '日期, 客户', more: 0, header: true, aliases: '销售代表, 负责人, Sales Rep, Owner', setting: 'source.fields.rep' },
    'the rep column is not mapped (found columns: 日期, 客户); add one of the headers 销售代表, 负责人, Sales Rep, Owner to the rep column, or map it in source.fields.rep; no row can be counted without it',
    '销售代表列（rep）未对应上（找到的列：日期, 客户）；请把销售代表列的表头改为以下之一：销售代表, 负责人, Sales Rep, Owner，或在评分规则的 source.fields.rep 中指定；否则没有任何一行能计入',
  ],
  [
    'rep-not-mapped',
    { table: 'roster', found: 'a, b', more: 3, header: true, aliases: '姓名, Name', setting: 'roster.fields.rep' },
    'the rep column is not mapped (found columns: a, b, … (3 more)); add one of the headers 姓名, Name to the rep column, or map it in roster.fields.rep; no roster line can be read without it',
    '销售代表列（rep）未对应上（找到的列：a, b，……（另有 3 列））；请把销售代表列的表头改为以下之一：姓名, Name，或在评分规则的 roster.fields.rep 中指定；否则花名册的任何一行都读不到',
  ],
  [
    'rep-not-mapped',
    { table: 'roster', found: '', more: 0, header: false, aliases: '姓名, Name', setting: 'roster.fields.rep' },
    'the rep column is not mapped (no header row with column names); add one of the headers 姓名, Name to the rep column, or map it in roster.fields.rep; no roster line can be read without it',
    '销售代表列（rep）未对应上（没有带列名的表头行）；请把销售代表列的表头改为以下之一：姓名, Name，或在评分规则的 roster.fields.rep 中指定；否则花名册的任何一行都读不到',
  ],
  ['duplicate-row', { firstRow: 1398 }, 'an exact duplicate of row 1398; the duplicate is not counted', '与第 1398 行完全相同；重复行不计入'],
  ['duplicate-row', { firstRow: 3, firstFile: 'a.csv' }, 'an exact duplicate of a.csv line 3; the duplicate is not counted', '与a.csv 第 3 行完全相同；重复行不计入'],
  ['duplicate-unique-key', { field: 'deal_id', value: 'SO-1', firstRow: 3 }, 'deal_id "SO-1" repeats line 3; the repeat is not counted', 'deal_id "SO-1" 与第 3 行重复；重复行不计入'],
  ['totals-row', { label: '合计' }, 'a totals row ("合计") is not counted', '合计行（"合计"）不计入'],
  ['totals-row', { field: 'amount', amount: '300', rowsAbove: 2 }, 'a row with no rep whose amount 300 equals the sum of the 2 rows above is read as a totals row and not counted', '没有销售代表、amount 300 等于上方 2 行之和的一行视为合计行，不计入'],
  ['totals-row', { rowsAbove: 4, target: true }, 'a row with no name whose values equal the sums of the 4 rows above is read as a totals row, not a target', '没有名称、各值等于上方 4 行之和的一行视为合计行，不作为目标读取'],
  ['ragged-row', { expected: 5, found: 6 }, 'expected 5 fields as in the header, found 6; the row is not counted (a stray delimiter or quote?)', '表头有 5 个字段，这一行有 6 个；该行不计入（多了分隔符或引号？）'],
  ['ragged-row', { expected: 5, found: 4 }, 'expected 5 fields as in the header, found 4; the missing fields are read as empty', '表头有 5 个字段，这一行只有 4 个；缺少的字段按空值读取'],
['bad-number', { field: 'amount', expected: 'amount', found: 'text', text: 'abc', outcome: 'row-not-counted' }, 'amount: expected an amount, found "abc"; the row is not counted', 'amount：应为金额，读到 "abc"；该行不计入'],
  ['bad-number', { field: 'amount', expected: 'amount', found: 'text', text: '50%', hint: 'percent-not', outcome: 'row-not-counted' }, 'amount: expected an amount, found "50%"; the row is not counted (a percentage is not an amount)', 'amount：应为金额，读到 "50%"；该行不计入（百分比不是金额）'],
  ['bad-date', { field: 'close_date', expected: 'date', found: 'number', text: '99999999', outcome: 'row-not-counted' }, 'close_date: expected a date, found the number 99999999; the row is not counted', 'close_date：应为日期，读到 数字 99999999；该行不计入'],
  ['bad-date', { field: 'start_date', expected: 'date', found: 'text', text: 'soon', outcome: 'none' }, 'start_date: expected a date, found "soon"', 'start_date：应为日期，读到 "soon"'],
  ['ambiguous-number', { field: 'amount', expected: 'number', found: 'either', text: '1.234', dot: '1.234', comma: '1234', hint: 'declare-decimal', outcome: 'row-not-counted' }, 'amount: expected a number, found "1.234", which may be 1.234 or 1234; the row is not counted (declare source.decimal_separator in the rubric)', 'amount：应为数字，读到 "1.234"，可能是 1.234，也可能是 1234；该行不计入（请在评分规则中声明 source.decimal_separator）'],
  ['ambiguous-date', { field: 'date', expected: 'date', found: 'day-month', text: '03/04/2026', hint: 'declare-date-format', outcome: 'row-not-counted' }, 'date: expected a date, found "03/04/2026", which may be month/day or day/month; the row is not counted (declare source.date_format (MM/DD/YYYY or DD/MM/YYYY) in the rubric)', 'date：应为日期，读到 "03/04/2026"，可能是月/日，也可能是日/月；该行不计入（请在评分规则中声明 source.date_format（MM/DD/YYYY 或 DD/MM/YYYY））'],
  ['formula-error', { field: 'amount', expected: 'amount', found: 'error', text: '#DIV/0!', outcome: 'row-not-counted' }, 'amount: expected an amount, found the error value #DIV/0!; the row is not counted', 'amount：应为金额，读到 错误值 #DIV/0!；该行不计入'],
  ['formula-no-value', { field: 'amount', expected: 'amount', found: 'formula', hint: 'recalculate', outcome: 'row-not-counted' }, 'amount: expected an amount, found a formula with no cached value; the row is not counted (open the file in Excel or WPS and save it again so the values are calculated)', 'amount：应为金额，读到 没有缓存值的公式；该行不计入（请用 Excel 或 WPS 打开文件并重新保存，让数值计算出来）'],
  ['foreign-currency', { field: 'amount', expected: 'amount', currency: 'CNY', found: 'text-currency', text: 'US$1,200', foreign: 'USD', hint: 'fx-rate', outcome: 'row-not-counted' }, 'amount: expected an amount in CNY, found "US$1,200" (USD); the row is not counted (convert the amounts, or give a rate in the rubric: fx: { USD: <CNY per 1 USD> })', 'amount：应为CNY 金额，读到 "US$1,200"（USD）；该行不计入（请换算金额，或在评分规则中给出汇率：fx: { USD: <每 1 USD 合多少 CNY> }）'],
  ['ambiguous-number', { column: 'all-ambiguous', field: 'amount', count: 3 }, 'amount: 3 values in all fit both readings of "." and ","; their rows are not counted (declare source.decimal_separator in the rubric)', 'amount：共有 3 个值既可按 "." 也可按 "," 理解；这些行不计入（请在评分规则中声明 source.decimal_separator）'],
  ['mangled-id', { field: 'deal_id', value: '1.23457E+11' }, 'deal_id: "1.23457E+11" looks like an id Excel stored as a number (shown as 1.23457E+11, or past 15 digits): its digits are lost, so different deal_id values may have become one (format the column as text before exporting)', 'deal_id："1.23457E+11" 看起来是被 Excel 存成数字的编号（显示为 1.23457E+11，或超过 15 位）：其数字已丢失，不同的 deal_id 值可能已变成同一个（导出前请把该列设为文本格式）'],
  ['exponent-number', { field: 'amount', expected: 'amount', found: 'text', text: '1.23457E+11', hint: 'exponent-digits', outcome: 'row-not-counted' }, 'amount: expected an amount, found "1.23457E+11"; the row is not counted (written with an exponent and 6 or more digits, as Excel writes a long number it shortened: its other digits are lost; format the column as a number without exponent and export again)', 'amount：应为金额，读到 "1.23457E+11"；该行不计入（以科学计数法写成且有 6 位或更多有效数字，这是 Excel 缩短长数字的写法：其余数字已丢失；请把该列设为不带指数的数字格式后重新导出）'],
  ['exponent-number', { field: 'amount', value: '2.5E+05', read: '250000', outcome: 'none' }, 'amount: "2.5E+05" is written with an exponent and read as 250000; a CSV saved by Excel writes a long number this way and may have lost digits (format the column as a number without exponent and export again)', 'amount："2.5E+05" 以科学计数法写成，按 250000 读取；Excel 保存的 CSV 会这样写长数字，可能已丢失数字（请把该列设为不带指数的数字格式后重新导出）'],
  ['hidden-rows', { count: 2, first: 3 }, '2 hidden rows of the HTML table (the first is row 3) were read as data like every other row: rows hidden by a filter or by Hide in Excel or WPS are still in the file (delete the rows that must not be counted, or unhide them to check them)', 'HTML 表格有 2 个隐藏行（第一个是第 3 行）像其他行一样被当作数据读取：被筛选或在 Excel/WPS 中隐藏的行仍在文件中（请删除不应计入的行，或取消隐藏逐一核对）'],
  ['hidden-rows', { sheet: 'Data', count: 2, first: 3 }, '2 hidden rows of sheet "Data" (the first is row 3) were read as data like every other row: rows hidden by a filter or by Hide in Excel or WPS are still in the file (delete the rows that must not be counted, or unhide them to check them)', '工作表 "Data" 有 2 个隐藏行（第一个是第 3 行）像其他行一样被当作数据读取：被筛选或在 Excel/WPS 中隐藏的行仍在文件中（请删除不应计入的行，或取消隐藏逐一核对）'],
  ['roster-no-rep', { field: 'rep', merged: 'A5:A6', top: 'A5' }, 'rep: expected a name, found an empty cell inside the merged range A5:A6 (a merged range keeps its value in A5 only); the roster line is skipped (unmerge the cells and fill the name down)', 'rep：应为姓名，却是合并单元格 A5:A6 中的空单元格（合并单元格的值只在 A5）；花名册的这一行被跳过（请取消合并并向下填充姓名）'],
  ['targets-no-name', { levels: 'rep', merged: 'A4:A5', top: 'A4' }, "expected a rep name, found an empty cell inside the merged range A4:A5 (a merged range keeps its value in A4 only); the row's targets are not used (unmerge the cells and fill the name down)", '应为销售代表名称，却是合并单元格 A4:A5 中的空单元格（合并单元格的值只在 A4）；该行的目标不使用（请取消合并并向下填充名称）'],
  ['merged-cells', { field: 'team', merged: 'B2:B4', top: 'B2', rows: '3–4', effect: 'roster-field' }, 'team: the cells B2:B4 are merged, so the value is in B2 only and rows 3–4 read an empty cell: no team from the roster (unmerge the cells and fill the value down)', '团队：单元格 B2:B4 已合并，值只在 B2，第 3–4 行读到的是空单元格：花名册不为其给出团队（请取消合并并向下填充该值）'],
  ['merged-cells', { field: 'kpis[0] revenue', merged: 'B2:B3', top: 'B2', rows: '3', effect: 'target' }, 'kpis[0] revenue: the cells B2:B3 are merged, so the value is in B2 only and row 3 reads an empty cell: no target from this file (the next rule — team, region, tier or default — applies) (unmerge the cells and fill the value down)', 'kpis[0] revenue：单元格 B2:B3 已合并，值只在 B2，第 3 行读到的是空单元格：本文件不为其给出目标（改用下一条规则：团队、区域、级别或默认值）（请取消合并并向下填充该值）'],
  ['exponent-number', { column: 'D', header: 'Total Value', value: '1.23457E+11', outcome: 'unmapped' }, 'column D "Total Value" (not mapped) holds numbers written with an exponent ("1.23457E+11"), as a CSV saved by Excel writes a long number: it is a number column, and its values may have lost digits (format the column as a number without exponent and export again)', '第 D 列 "Total Value"（未对应字段）是以科学计数法写成的数字（"1.23457E+11"），Excel 保存的 CSV 会这样写长数字：这是数字列，其值可能已丢失数字（请把该列设为不带指数的数字格式后重新导出）'],
  ['hidden-column', { field: 'amount', column: 'B', header: '金额' }, 'amount: column B "金额" is hidden in the HTML table; it is read like every column (a hidden column is still in the file: unhide it to check it, or map the column you meant in source.fields)', 'amount：B 列 "金额" 在 HTML 表格中是隐藏列；它像其他列一样被读取（隐藏列仍在文件中：请取消隐藏核对，或在 source.fields 中指定你要的列）'],
  ['hidden-column', { field: 'amount', column: 'B', header: '金额', sheet: 'Data' }, 'amount: column B "金额" is hidden in sheet "Data"; it is read like every column (a hidden column is still in the file: unhide it to check it, or map the column you meant in source.fields)', 'amount：B 列 "金额" 在工作表 "Data" 中是隐藏列；它像其他列一样被读取（隐藏列仍在文件中：请取消隐藏核对，或在 source.fields 中指定你要的列）'],
  ['duplicate-header', { field: 'amount', first: 'D', other: 'B', header: '金额', csv: false, hidden: 'B' }, 'amount: columns D and B are both headed "金额"; column B is hidden: the visible column D is read, B is only compared with it (delete the hidden column if it is old)', 'amount：D 列和 B 列的表头都是 "金额"；B 列是隐藏列：读取可见的 D 列，B 列只用于比对（如隐藏列是旧数据，请删除它）'],
  ['duplicate-header', { field: 'amount', first: 'D', other: 'B', header: '金额', csv: false, differ: 2, a: '1000', b: '100', hidden: 'B' }, 'amount: columns D and B, both headed "金额", differ on 2 rows (first here: "1000" vs "100"); column B is hidden: the visible column D was read (delete the hidden column if it is old)', 'amount：D 列和 B 列的表头都是 "金额"，有 2 行不同（此处："1000" 与 "100"）；B 列是隐藏列：读取可见的 D 列（如隐藏列是旧数据，请删除它）'],
  ['merged-cells', { field: 'rep', merged: 'A2:A3', top: 'A2', rows: '3', effect: 'target-name' }, 'rep: the cells A2:A3 are merged, so the value is in A2 only and row 3 reads an empty cell: their targets were read as those of the team or region the row names, not of the rep in A2 (unmerge the cells and fill the value down)', '销售代表：单元格 A2:A3 已合并，值只在 A2，第 3 行读到的是空单元格：这些行的目标被当作该行所写团队或区域的目标读取，而不是 A2 中的销售代表的（请取消合并并向下填充该值）'],
  ['calendar-bad-kind', { found: '', merged: 'B2:B4', top: 'B2' }, 'kind: expected off or work, found an empty cell inside the merged range B2:B4 (a merged range keeps its value in B2 only); the date is not used (unmerge the cells and fill the kind down)', 'kind：应为 off 或 work，却是合并单元格 B2:B4 中的空单元格（合并单元格的值只在 B2）；该日期不使用（请取消合并并向下填充）'],
  ['quota-no-name', { level: 'team', merged: 'A2:A3', top: 'A2' }, "expected a team name, found an empty cell inside the merged range A2:A3 (a merged range keeps its value in A2 only); the row's targets are not used (unmerge the cells and fill the name down)", '应为团队名称，却是合并单元格 A2:A3 中的空单元格（合并单元格的值只在 A2）；该行的目标不使用（请取消合并并向下填充名称）'],
  ['no-rep', { field: 'rep', merged: 'A2:A4', top: 'A2' }, 'rep: expected a name, found an empty cell inside the merged range A2:A4 (a merged range keeps its value in A2 only); the row is not counted (unmerge the cells and fill the name down)', 'rep：应为姓名，却是合并单元格 A2:A4 中的空单元格（合并单元格的值只在 A2）；该行不计入（请取消合并并向下填充姓名）'],
  ['totals-row', { field: 'amount', amount: '100', rowsAbove: 1, merged: 'A2:A3', top: 'A2' }, 'a row with an empty rep cell inside the merged range A2:A3 (a merged range keeps its value in A2 only) has amount 100, the sum of the rows above, and was read as a totals row, not counted; it is probably a deal of the rep in A2 (unmerge the cells and fill the name down)', '合并单元格 A2:A3 中销售代表为空的一行（合并单元格的值只在 A2），其 amount 100 等于上方各行之和，被当作合计行，不计入；它多半是 A2 中那位销售代表的一笔交易（请取消合并并向下填充姓名）'],
  ['currency-converted', { field: 'amount', value: '1200', from: 'USD', rate: '7.2', converted: '8640', to: 'CNY' }, 'amount: 1200 USD × 7.2 (fx) = 8640 CNY', 'amount：1200 USD × 7.2（fx 汇率）= 8640 CNY'],
  ['roster-no-rep', { field: 'rep' }, 'rep: expected a name, found an empty cell; the roster line is skipped', 'rep：应为姓名，却是空单元格；花名册的这一行被跳过'],
  ['roster-duplicate', { rep: '王芳', firstRow: 4 }, 'rep "王芳" is listed again (first on line 4); the first entry is used', '销售代表 "王芳" 重复出现（第一次在第 4 行）；使用第一条'],
  ['roster-duplicate', { rep: '王芳', againRow: 9 }, 'rep "王芳" is listed again on line 9; this first entry is used', '销售代表 "王芳" 在第 9 行再次出现；使用这里的第一条'],
  ['unknown-tier', { found: 'gold', tiers: 'senior (高级), junior (初级)' }, 'tier: expected one of senior (高级), junior (初级), found "gold"', 'tier：应为 senior (高级), junior (初级) 之一，读到 "gold"'],
  ['roster-unknown-tier', { tier: 'gold', rep: '王芳' }, 'roster: tier "gold" of 王芳 is not a tier of the rubric; ignored', '花名册：王芳 的级别 "gold" 不是评分规则中的级别；已忽略'],
  ['roster-rep-no-data', { rep: '吴婷' }, 'roster: rep "吴婷" has no row in the data (any period); graded on zeros', '花名册：销售代表 "吴婷" 在数据中没有任何一行（所有周期）；按零计分'],
  ['rep-not-in-roster', { rep: '林涛' }, 'rep "林涛" is in the data but not in the roster; counted under (unassigned)', '销售代表 "林涛" 在数据中，但不在花名册中；计入（未分配）'],
  ['rep-name-variants', { rep: '李四', near: '李 四' }, 'rep "李四" and rep "李 四" differ only in case, width or spaces; they are graded as two people, each with part of the rows (write one spelling in the export)', '销售代表 "李四" 与 "李 四" 只有大小写、全半角或空格不同；按两个人分别考评，各占一部分数据行（请在导出表中统一写法）'],
  ['rep-not-in-roster', { rep: 'Eve', team: '华南组' }, 'rep "Eve" is in the data but not in the roster; counted under team 华南组 from the data', '销售代表 "Eve" 在数据中，但不在花名册中；计入数据中的团队 华南组'],
  [
    'rep-team-conflict',
    { rep: '王芳', field: 'team', name: '华南组', groups: 2, group1: '华南组', rows1: 2, group2: '华东一组', rows2: 1, period: '2026-Q3' },
    'rep "王芳": the rows of 2026-Q3 name several teams (华南组 2 rows, 华东一组 1 row); counted under 华南组 (the most rows; a tie goes to the latest row)',
    '销售代表 "王芳"：2026-Q3 的数据行写了多个团队（华南组 2 行，华东一组 1 行）；计入 华南组（行数最多者；并列时取最晚的一行）',
  ],
  [
    'roster-team-mismatch',
    { rep: 'Ann', field: 'region', roster: 'North', groups: 1, group1: 'South', rows1: 1, period: '2026-Q3' },
    "rep \"Ann\": the roster puts them in region North, the data's region column names South 1 row in 2026-Q3; the roster is used",
    '销售代表 "Ann"：花名册中的区域为 North，2026-Q3 的数据中区域列为 South 1 行；以花名册为准',
  ],
  ['targets-duplicate', { level: 'rep', name: '王芳', firstRow: 3, same: false }, 'rep "王芳" is listed again (first on line 3) with different targets; the first row is used', '销售代表 "王芳" 重复出现（第一次在第 3 行），且目标不同；使用第一行'],
  ['targets-unknown-name', { level: 'team', name: '杭州 组', period: '2026-Q3', near: '杭州组' }, 'team "杭州 组" has a target but is not on the roster nor evaluated in 2026-Q3 (did you mean "杭州组"?); the target is not used', '团队 "杭州 组" 有目标，但既不在花名册中，也不在 2026-Q3 的评估中（是否想写 "杭州组"？）；该目标未使用'],
  ['targets-bad-value', { kpi: 'kpis[0] revenue', level: 'rep', name: 'Ann', value: '0' }, 'kpis[0] revenue: expected a target > 0, found 0; rep "Ann" is not given this target (the next rule — team, region, tier or default — applies)', 'kpis[0] revenue：目标应大于 0，读到 0；销售代表 "Ann" 不使用此目标（改用下一条规则：团队、区域、级别或默认值）'],
  ['targets-bad-value', { kpi: 'kpis[1] deals', level: 'team', name: 'East', expected: 'number', found: 'text', text: 'abc' }, 'kpis[1] deals: expected a target > 0, found "abc"; team "East" is not given this target (the next rule — team, region, tier or default — applies)', 'kpis[1] deals：目标应大于 0，读到 "abc"；团队 "East" 不使用此目标（改用下一条规则：团队、区域、级别或默认值）'],
  ['targets-no-name', { levels: 'rep,team' }, "expected a rep or team name, found empty cells; the row's targets are not used", '应为销售代表或团队名称，却是空单元格；该行的目标不使用'],
  ['quota-no-name', { level: 'region' }, "expected a region name, found an empty cell; the row's targets are not used", '应为区域名称，却是空单元格；该行的目标不使用'],
  ['quota-duplicate', { level: 'team', name: 'A', firstRow: 2 }, 'team "A" is listed again (first on line 2); its targets are added', '团队 "A" 重复出现（第一次在第 2 行）；其目标相加'],
  ['quota-bad-value', { metric: 'revenue', want: 'annual-target', value: '-3' }, 'revenue: expected an annual target ≥ 0, found -3', 'revenue：应为 ≥ 0 的年度目标，读到 -3'],
  ['quota-bad-value', { metric: 'revenue', want: 'amount', expected: 'amount', currency: 'CNY', found: 'text-currency', text: '$1', foreign: 'USD', hint: 'fx-rate' }, 'revenue: expected an amount ≥ 0, found "$1" (USD) (convert the amounts, or give a rate in the rubric: fx: { USD: <CNY per 1 USD> })', 'revenue：应为 ≥ 0 的金额，读到 "$1"（USD）（请换算金额，或在评分规则中给出汇率：fx: { USD: <每 1 USD 合多少 CNY> }）'],
  ['quota-bad-month', { text: 'Q1' }, 'month: expected a month like 2025-01, found "Q1"; the row is not counted', '月份：应为 2025-01 这样的月份，读到 "Q1"；该行不计入'],
  ['calendar-bad-date', { expected: 'date', found: 'text', text: '2027-13-45' }, 'date: expected a date like 2027-02-06, found "2027-13-45"', '日期：应为 2027-02-06 这样的日期，读到 "2027-13-45"'],
  ['calendar-bad-date', { empty: true }, 'date: expected a date like 2027-02-06, found an empty cell', '日期：应为 2027-02-06 这样的日期，读到 空单元格'],
  ['calendar-bad-date', { key: 'holidays', index: 1, text: 'soon' }, 'holidays[1]: expected a date YYYY-MM-DD, found "soon"', 'holidays[1]：应为 YYYY-MM-DD 格式的日期，读到 "soon"'],
  ['calendar-conflict', { key: 'workdays', index: 0, date: '2027-02-06', firstKey: 'holidays' }, 'workdays[0]: 2027-02-06 is also listed in holidays', 'workdays[0]：2027-02-06 也列在 holidays 中'],
  ['totals-row', { rowsAbove: 3 }, 'a row with no rep whose values equal the sums of the 3 rows above is read as a totals row, not counted', '没有销售代表、各值等于上方 3 行之和的一行视为合计行，不计入'],
  ['date-out-of-range', { field: 'date', date: '9999-12-31', q1: '2026-01-06', q3: '2026-03-20', rows: 1, at: 'd.csv:8', period: '9999-Q4' }, "date 9999-12-31 lies far outside the data's dates (middle half 2026-01-06 … 2026-03-20): 1 row(s) at d.csv:8; a typo? …", 'date 9999-12-31 远在数据的日期范围之外（中间一半为 2026-01-06 … 2026-03-20）：1 行，位于 d.csv:8；是否录入有误？其周期 9999-Q4 不会被默认选中，也不计入数据范围'],
  [
    'period-view',
    { period: '2026', kind: 'year', of: 'quarter', history: 1 },
    '2026 is a year view of a rubric graded by quarter: targets without per: are taken per quarter and converted by the quota rules (rates kept as written); tiers are shown as qualified, promotion and demotion are decided per quarter only; 1 history file(s) not used',
    '2026 是按季度考评的规则的年视图：未写 per: 的目标按季度给出，按配额规则换算（比率类目标不换算）；等级为本期达标等级，晋升/降级只按季度判定；1 个历史文件未使用',
  ],
  [
    'period-view',
    { period: '2026-07', kind: 'month', of: 'quarter', history: 0, gates: 'deals_won ≥ 3' },
    '2026-07 is a month view of a rubric graded by quarter: targets without per: are taken per quarter and converted by the quota rules (rates kept as written); tiers are shown as qualified, promotion and demotion are decided per quarter only; tier gates on sums and counts are compared as written, not converted (deals_won ≥ 3)',
    '2026-07 是按季度考评的规则的月视图：未写 per: 的目标按季度给出，按配额规则换算（比率类目标不换算）；等级为本期达标等级，晋升/降级只按季度判定；求和/计数类的等级门槛按原值比较，不换算（deals_won ≥ 3）',
  ],
  ['period-sparse', { period: '2026-Q4', rows: 1, busiest: '2026-Q1', busiestRows: 200, outside: false, chosen: '2026-Q1' }, 'period 2026-Q4 holds 1 row(s), under a tenth of the busiest period 2026-Q1 (200): the default period is 2026-Q1; evaluate it with --period 2026-Q4', '周期 2026-Q4 只有 1 行，不到最多的周期 2026-Q1（200 行）的十分之一：默认周期为 2026-Q1；要评估它，请用 --period 2026-Q4'],
  ['history-not-before', { file: 'q4.json', period: '2026-Q4', evaluated: '2026-Q4' }, 'history: q4.json is for 2026-Q4, not before the evaluated 2026-Q4; ignored', '历史：q4.json 是 2026-Q4 的结果，不在所评估的 2026-Q4 之前；已忽略'],
  ['history-unknown-tier', { tier: 'gold', rep: 'Ann', period: '2026-Q2' }, 'history: tier "gold" of Ann in 2026-Q2 is not a tier of the rubric; entry ignored', '历史：Ann 在 2026-Q2 的级别 "gold" 不是评分规则中的级别；该记录已忽略'],
  ['history-conflict', { rep: 'Ann', period: '2026-Q2', tier: 'a', qualified: 'a', file: 'x.json', laterTier: 'b', laterQualified: 'b', laterFile: 'y.json' }, 'history: Ann in 2026-Q2 is a (qualified a) in x.json but b (qualified b) in y.json; the later file is used', '历史：Ann 在 2026-Q2 的级别为 a（合格级别 a）（x.json），但又为 b（合格级别 b）（y.json）；使用较晚的文件'],
  ['history-gap', { periods: '2026-Q3', count: 1, period: '2026-Q4' }, 'history: no result and no data for 2026-Q3 before 2026-Q4: …', '历史：2026-Q4 之前的 2026-Q3 既没有结果文件也没有数据：晋升和降级的连续计数会当作其间什么也没发生；请用 --history 补上缺少的结果文件'],
  ['target-missing', { kpi: 'revenue', count: 2, reps: 'Ann, Bob' }, 'kpi revenue has no target for 2 rep(s): Ann, Bob; it scores 0 points (or is excluded with missing: exclude)', 'KPI revenue 有 2 名销售代表没有目标：Ann, Bob；该项得 0 分（或按 missing: exclude 排除）'],
  ['duplicate-header', { field: 'amount', first: '3', other: '5', header: 'Amount', csv: true }, 'amount: columns 3 and 5 are both headed "Amount"; …', 'amount：第 3 列和第 5 列的表头都是 "Amount"；读取第一列，另一列只用于比对（请重命名或删除其中一列）'],
  ['duplicate-header', { field: 'amount', first: 'C', other: 'E', header: 'Amount', csv: false, differ: 2, a: '5', b: '6' }, 'amount: columns C and E, both headed "Amount", differ on 2 rows (…)', 'amount：C 列和 E 列的表头都是 "Amount"，有 2 行不同（此处："5" 与 "6"）；已读取第一列——无法判断哪一列正确（请重命名或删除其中一列）'],
  ['header-unit', { field: 'amount', header: '金额（万元）', unit: '万元' }, 'amount: the header "金额（万元）" gives the unit 万元; …', 'amount：表头 "金额（万元）" 给出的单位是 万元；数值按原样读取，不会换算（请换算该列，或在单元格中写 12.5万）'],
  ['unclosed-quote', { from: 3, to: 9, count: 6, sample: 'Ann,2026-07-02,5' }, 'a quoted field opened on line 3 runs to line 9 and holds 6 lines that look like rows (…)', '第 3 行开始的带引号字段一直延续到第 9 行，其中 6 行看起来像数据行（"Ann,2026-07-02,5"）：很可能有引号没有闭合；该记录不计入，这些行也不计入'],
  ['roster-reserved-group', { field: 'team', name: '(unassigned)', kept: '(unassigned) [roster]' }, 'team: "(unassigned)" is the name salesgrade gives reps missing from the roster; …', '团队："(unassigned)" 是给不在花名册中的销售代表使用的名称；花名册中的这个团队按 "(unassigned) [roster]" 报告，以便区分（请在花名册中改名）'],
  ['sheet-ambiguous', { sheet: '7月', fields: 'date, amount', more: 2, others: '"8月"' }, 'read sheet "7月", …', '已读取工作表 "7月"：第一个表头含销售代表及另外 2 个字段（date, amount）的可见工作表；"8月" 的表头也匹配，但未读取，其中的行不参与评分（请在评分规则的 source.sheet 中指定要读取的工作表；要评估多个工作表，请把每个另存为单独的文件并全部给出）'],
  [
    'sheet-ambiguous',
    { table: 2, tableRows: 3, fields: 'team', more: 1, otherTables: '3:2', use: 'small-table' },
    'read HTML table 2 (3 rows), …; … so its rows are not used (keep one table in the file, or merge the tables into one)',
    '已读取 HTML 第 2 个表格（3 行）：第一个表头含销售代表及另外 1 个字段（team）的表格；第 3 个表格（2 行）的表头也匹配，但未读取，其中的行未被使用（请在文件中只保留一个表格，或把这些表格合并为一个）',
  ],
  [
    'sheet-ambiguous',
    { table: 1, tableRows: 2, fields: 'kind', more: 1, otherTables: '2:2', key: 'date', use: 'small-table' },
    'read HTML table 1 (2 rows), the first table whose header has date and 1 more field (kind); …',
    '已读取 HTML 第 1 个表格（2 行）：第一个表头含 date 及另外 1 个字段（kind）的表格；第 2 个表格（2 行）的表头也匹配，但未读取，其中的行未被使用（请在文件中只保留一个表格，或把这些表格合并为一个）',
  ],
  [
    'sheet-ambiguous',
    { sheet: '目标', fields: 'kpis[0] revenue', more: 1, others: '"目标 (2)"', key: 'team', use: 'small-table' },
    'read sheet "目标", the first visible sheet whose header has team and 1 more field (kpis[0] revenue); … so its rows are not used (…)',
    '已读取工作表 "目标"：第一个表头含 team 及另外 1 个字段（kpis[0] revenue）的可见工作表；"目标 (2)" 的表头也匹配，但未读取，其中的行未被使用（请在该文件的 sheet 设置中指定要读取的工作表，或在工作簿中只保留一个工作表，或把这些工作表合并为一个）',
  ],
  [
    'html-hidden-unknown',
    { selectors: '"table .h"', count: 1 },
    'the HTML file\'s <style> hides elements with a selector salesgrade does not interpret ("table .h"): …',
    'HTML 文件的 <style> 用 salesgrade 无法解读的选择器（"table .h"）隐藏了元素：被它们隐藏的行或列像其他行和列一样被读取，不会报告 hidden-rows 或 hidden-column（请在 Excel 中打开文件检查隐藏了什么，或另存为 .xlsx）',
  ],
  ['metric-table-limits', { via: 'metrics', first: '2026-07-01', last: '2026-09-30' }, 'graded from a MetricTable, not from the rows: …', '按 MetricTable 评分，而不是按原始行：数据范围取自表的 first_date … last_date（2026-07-01 … 2026-09-30），没有按日期的计数，因此无法识别远在范围之外的日期（录入错误）；读取、计入、排除的行数是查询按周期分组的计数（日期落在两个周期的行各计一次；被 where 排除的行算作计入）；因无日期而丢失的行数最多为本应计入 KPI 指标的无日期行；没有来源行（explain、样例）'],
  ['calendar-bad-kind', { found: 'holiday' }, 'kind: expected off or work, found "holiday"', 'kind：应为 off 或 work，读到 "holiday"'],
  ['calendar-bad-kind', { found: '' }, 'kind: expected off or work, found an empty cell', 'kind：应为 off 或 work，读到 空单元格'],
  ['calendar-conflict', { date: '2027-02-06', kind: 'work', firstKind: 'off', firstRow: 3 }, '2027-02-06 is listed as work here and as off on line 3', '2027-02-06 在这里列为 work，在第 3 行列为 off'],
  [
    'calendar-year-thin',
    { year: '2027', holidays: '1', workdays: '0' },
    'quota.calendar gives 2027 too few holidays …',
    'quota.calendar 给出的 2027 年假日太少，不像全年安排（工作日假日：1 天；法定 cn 年份至少 16 天）：2027 年其余工作日都按上班计算；涉及 2027 年的目标和进度可能有偏差',
  ],
  ['calendar-weekday-fallback', { years: '2028' }, 'the cn calendar has no official holidays or make-up workdays for 2028: …', 'cn 日历没有 2028 年的法定节假日和调休工作日：这些年份的工作日按周一至周五计算（--weekday-fallback）；涉及 2028 年的目标和进度可能有偏差'],
  ['period-partly-covered', { period: '2026-Q3', start: '2026-07-01', end: '2026-09-30', until: '2026-08-20', graded: true, countPartial: false }, 'period 2026-Q3 (2026-07-01 … 2026-09-30) is covered by the data only until 2026-08-20: it is graded on partial data; …', '周期 2026-Q3（2026-07-01 … 2026-09-30）的数据只覆盖到 2026-08-20 为止：按部分数据评分；不计入连续晋升或降级（设 movement.count_partial_periods: true 可计入）'],
  ['period-partly-covered', { period: '2026-Q2', start: '2026-04-01', end: '2026-06-30', from: '2026-05-10', graded: false, countPartial: true }, 'period 2026-Q2 (…) is covered by the data only from 2026-05-10; it counts toward promotion and demotion (movement.count_partial_periods)', '周期 2026-Q2（2026-04-01 … 2026-06-30）的数据只覆盖从 2026-05-10 起；计入晋升和降级（movement.count_partial_periods）'],
  ['kpi-rows-lost', { rows: 3, period: '2026-Q3', reasons: 'bad-value 2, no-rep 1', money: 'amount ¥5,000', unknownAmounts: 2, at: 'd.csv:4, d.csv:5' }, '3 row(s) that would feed a KPI in 2026-Q3 were not counted because of data problems (…)', '2026-Q3 中有 3 行本应计入 KPI 的数据因数据问题未计入（bad-value 2, no-rep 1）；未计入：amount ¥5,000；其中 2 行金额无法读取；首处：d.csv:4, d.csv:5'],
  ['where-value-near', { field: 'stage', value: 'Closed Wonn', rows: 1, like: 'Closed Won', likeRows: 34, metrics: 'bookings, deals_won' }, 'stage: "Closed Wonn" (1 row) is not "Closed Won" (…)', 'stage："Closed Wonn"（1 行）不是 bookings, deals_won 的筛选条件中的 "Closed Won"（34 行）：这些行不按 "Closed Won" 计入'],
  ['roster-no-group', { field: 'team', rep: 'Ben Ortiz', have: 5 }, 'team: empty for rep "Ben Ortiz", while 5 other roster reps have one (…)', 'team：花名册中销售代表 "Ben Ortiz" 的团队为空，而其他 5 名销售代表有团队；该代表不属于任何团队（列在（未分配）下）'],
  ['sum-value-missing', { metric: 'bookings', field: 'amount', rows: 2, period: '2026-07', at: 'd.csv:310, d.csv:311' }, 'bookings: 2 row(s) in 2026-07 pass its filter but have no amount (…)', 'bookings：2026-07 中有 2 行符合其筛选条件但 amount 为空（空单元格或 N/A 等标记），求和时按没有值计、不计入；首处：d.csv:310, d.csv:311'],
  ['where-value-unmatched', { metric: 'deals_closed', field: 'stage', value: 'Lsot', near: 'Lost', top: '"Won" ×120, "Lost" ×48', more: false }, 'metrics.deals_closed.where.stage: "Lsot" matches no row (did you mean "Lost"?); the column holds "Won" (120 rows), "Lost" (48 rows)', 'metrics.deals_closed.where.stage："Lsot" 没有匹配任何行（是否想写 "Lost"？）；该列的值有 "Won" ×120, "Lost" ×48'],
  ['where-value-unmatched', { metric: 'won', field: 'stage', value: 'Won', top: '', more: false }, 'metrics.won.where.stage: "Won" matches no row; no row has a stage value', 'metrics.won.where.stage："Won" 没有匹配任何行；没有任何行有 stage 值'],
];

describe('finding messages by code and data', () => {
  it.each(CASES)('%s %j: en prints the message as built, zh-CN renders from data', (code, data, en, zh) => {
    expect(findingMessage({ code, message: en, data }, 'en')).toBe(en);
    // English is rendered from the data too where it can be (cell values): a wrong message is not echoed
    expect(findingMessage({ code, message: 'x', data }, 'en')).toBe(VALUE_CODES.has(code) || COUNT_CODES.has(code) ? en : 'x');
    expect(findingMessage({ code, message: en, data }, 'zh-CN')).toBe(zh);
  });

  it('every code with a zh-CN template has a case above', () => {
    expect([...new Set(CASES.map((c) => c[0]))].sort()).toEqual([...TRANSLATED_CODES].sort());
  });

  it.each([
    ['no data', { code: 'no-rep', message: 'rep: expected a name…' }],
    ['a code without a template', { code: 'header-unit', message: 'amount: the header …', data: { field: 'amount' } }],
    ['data of an older shape (English phrases, not facts)', { code: 'bad-number', message: 'amount: expected an amount, found "x"', data: { field: 'amount', expected: 'an amount', found: '"x"', outcome: 'row-not-counted' } }],
    ['missing facts', { code: 'rep-not-in-roster', message: 'rep "x" is in the data…', data: {} }],
  ] as const)('zh-CN falls back to the English message: %s', (_, d) => {
    expect(findingMessage(d, 'zh-CN')).toBe(d.message);
  });

  it('the cap summary line is rendered in zh-CN', () => {
    expect(findingMessage({ code: 'bad-number', message: '5 more bad-number findings not listed (205 in all)', data: { moreNotListed: 5, moreTotal: 205 } }, 'zh-CN')).toBe('另有 5 条 bad-number 问题未列出（共 205 条）');
  });
});

// Issue 10's leftover: zh-CN reports printed `商机明细 row 1417`; a place is rendered in the report's
// language from its data (sheet, row, cell, range), not as English prose.
describe('findingPlace: where a finding is, in the report language', () => {
  const D = (extra: Partial<Diagnostic>): Diagnostic => ({ code: 'duplicate-row', severity: 'warning', message: 'x', source: 'a.xlsx', ...extra });
  it.each([
    [D({ sheet: '商机明细', row: 1417 }), 'a.xlsx 商机明细 row 1417', 'a.xlsx 商机明细 第 1417 行'],
    [D({ sheet: 'Q3 deals', row: 7 }), "a.xlsx 'Q3 deals' row 7", "a.xlsx 'Q3 deals' 第 7 行"],
    [D({ sheet: '商机明细', row: 12, cell: 'C12' }), 'a.xlsx 商机明细!C12', 'a.xlsx 商机明细!C12'],
    [D({ source: 'a.csv', range: { start: { line: 4, character: 2 }, end: { line: 4, character: 2 } } }), 'a.csv:5:3', 'a.csv:5:3'],
    [D({ source: 'a.csv', row: 9 }), 'a.csv:9', 'a.csv:9'],
  ])('%j', (d, en, zh) => {
    expect([findingPlace(d, 'en'), findingPlace(d, 'zh-CN')]).toEqual([en, zh]);
  });
});
